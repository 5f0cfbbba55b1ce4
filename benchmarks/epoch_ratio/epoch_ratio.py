"Epoch time of `dense_learner` (3x256, letter, one torch thread) against a plain PyTorch loop with the same fused AdamW, batch 64 and 512, the two timed alternately in one process (5 rounds after a warm-up). Run: OMP_NUM_THREADS=1 python benchmarks/epoch_ratio/epoch_ratio.py"
import sys, time, torch, numpy as np
torch.set_num_threads(1)
from copy import deepcopy
from prunelearn.all import *
import sys, pathlib; sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))   # benchmarks/, where bench.py is
from bench import plain_epoch, _tensors
df = load_dataset('/work/shared/data/letter.csv.gz', target='target')
reps = 5
for bs in (64, 512):
    dls = dense_dls(df, 'target', task='classification', seed=0, bs=bs)
    learn = dense_learner(dls, 256, 3, seed=0)
    model = deepcopy(learn.model)
    opt = torch.optim.AdamW(model.parameters(), lr=learn.lr, betas=(0.9, 0.99), eps=1e-5, weight_decay=0.01, fused=True)
    tr,va = _tensors(dls.train, 'cpu'),_tensors(dls.valid, 'cpu')
    lf = nn.CrossEntropyLoss()
    fns = dict(fit=lambda: learn.fit(1), plain=lambda: plain_epoch(model, opt, lf, tr, va, bs))
    t = {k:[] for k in fns}
    with learn.no_bar(), learn.no_logging():
        for f in fns.values(): f()   # warm-up
        for _ in range(reps):
            for k,f in fns.items():
                t0 = time.perf_counter(); f(); t[k].append(time.perf_counter()-t0)
    print(f"bs={bs} train_rows={len(tr[2])} fit={min(t['fit']):.3f}s plain={min(t['plain']):.3f}s "
          f"ratio(min)={min(t['fit'])/min(t['plain']):.3f} ratio(median)={np.median(t['fit'])/np.median(t['plain']):.3f} "
          f"opt={type(learn.opt).__name__}/{type(getattr(learn.opt,'opt',None)).__name__}", flush=True)
    print('  fit', [round(x,3) for x in t['fit']], 'plain', [round(x,3) for x in t['plain']], flush=True)
