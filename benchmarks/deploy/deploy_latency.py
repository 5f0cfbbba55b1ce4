"""Deployment latency side by side in one process, one thread: eager DenseNet, InferenceNet, ONNX Runtime
(the export_onnx graph, intra_op_num_threads=1) and what fast_net picks at each batch size, on a refined
net and on 3×256 originals. Run: OMP_NUM_THREADS=1 .venv/bin/python benchmarks/deploy/deploy_latency.py"""
import os, sys, time, math, platform, tempfile
import torch
torch.set_num_threads(1)
from prunelearn.all import *
from prunelearn.export import OrtNet, export_onnx
from prunelearn.infer import cpu_id
import datetime as dt   # after the star imports, which bring a `datetime` class

def best_us(fs, xc, xn, rounds=15, calls=1):
    "Each function's fastest round, µs per call; rounds alternate between them"
    best = [math.inf]*len(fs)
    with torch.no_grad():
        for f in fs: f(xc, xn)
        for _ in range(rounds):
            for i,f in enumerate(fs):
                t = time.perf_counter()
                for _ in range(calls): f(xc, xn)
                best[i] = min(best[i], (time.perf_counter()-t)/calls)
    return [1e6*b for b in best]

def nets(name, model, tmp):
    model = model.cpu().eval()
    ort = OrtNet(export_onnx(model, tmp/f'{name}.onnx'), threads=1)
    rows = []
    for bs in (1, 64, 4096):
        fn = fast_net(model, bs=bs)
        xc = torch.stack([torch.randint(0, e.num_embeddings, (bs,)) for e in model.embeds], 1) if model.embeds else torch.zeros(bs, 0, dtype=torch.long)
        xn = torch.randn(bs, model.n_cont)
        calls = max(1, 1024//bs)
        t = best_us([model, model.inference_net(), ort, fn], xc, xn, calls=calls)
        pick = type(fn).__name__ + ('16' if getattr(fn, 'rows', 8)==16 else '')
        rows.append(dict(net=name, widths=str(hidden_widths(model)), bs=bs, eager=t[0], InferenceNet=t[1], OnnxRuntime=t[2], fast_net=t[3], picked=pick,
                         fast_vs_ort=t[2]/t[3]))
        print(rows[-1], flush=True)
    return rows

tmp = Path(tempfile.mkdtemp())
data = Path(__file__).resolve().parents[2].parent/'shared'/'data'
df = load_dataset('breast_cancer')
dls = dense_dls(df, 'target', seed=0)
learn = dense_learner(dls, width=256, depth=3, seed=0)
with learn.no_bar(), learn.no_logging():
    learn.fit_converged(max_epochs=40) if hasattr(learn, 'fit_converged') else learn.fit_one_cycle(20, 1e-3)
    small = learn.refine(seed=0)
rows = nets('breast_cancer refined', small.model, tmp) + nets('breast_cancer 3×256 original', learn.model, tmp)
ldf = pd.read_csv(data/'letter.csv.gz') if (data/'letter.csv.gz').exists() else None
if ldf is not None:
    tgt = ldf.columns[0] if ldf[ldf.columns[0]].dtype==object else ldf.columns[-1]
    ldls = dense_dls(ldf, tgt, seed=0)
    lm = dense_learner(ldls, width=256, depth=3, seed=0)
    with lm.no_bar(), lm.no_logging(): lm.fit_one_cycle(2, 1e-3)
    rows += nets('letter 3×256 original', lm.model, tmp)
res = pd.DataFrame(rows)
print(f"\n{dt.date.today()}, {platform.node()}, {cpu_id()}, {os.cpu_count()} cores, torch {torch.__version__}, one thread; µs per call, fastest round")
print(res.to_markdown(index=False, floatfmt='.1f'))
res.to_csv(Path(__file__).parent/'deploy_latency.csv', index=False)
