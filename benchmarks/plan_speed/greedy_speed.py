# Usage, from the repository root: python benchmarks/plan_speed/greedy_speed.py
# prune_plan + transfer of the bench's 1M-parameter net (100 -> 3x700, eps 0.4, 4096 random rows), with greedy_keep
# as shipped against its first version (full n×n residual and W·R rewritten at every step), on the same statistics,
# alternating, one thread. Checks that both keep the same neurons.
import time, platform, datetime, numpy as np, torch
import prunelearn.prune as P
import sys, pathlib; sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))   # benchmarks/, where bench.py is
from bench import big_net
from prunelearn.stats import neuron_stats
from prunelearn.transfer import transfer
torch.set_num_threads(1)

def greedy_keep_v1(cov, W, k):
    "The first version: R (n×n) and M = W·R (out×n) updated in full by a rank-1 step per kept neuron"
    C = cov.double()
    R,M = C.clone(),W.double().to(C.device)@C
    tiny = 1e-12*float(C.diagonal().max().clamp_min(1e-300))
    taken = torch.zeros(len(C), dtype=torch.bool, device=C.device)
    for _ in range(k):
        d = R.diagonal()
        score = torch.where(d>tiny, (M*M).sum(0)/d.clamp_min(tiny), torch.zeros_like(d))
        score[taken] = -1.
        j = int(score.argmax()); taken[j] = True
        if d[j]<=tiny: continue
        r = R[j]/d[j]
        M -= torch.outer(M[:, j], r); R -= torch.outer(R[:, j], r)
    return taken.nonzero().flatten()

model = big_net(100, [700]*3).eval()
x = torch.randn(4096, model.n_cont, generator=torch.Generator().manual_seed(0))
stats = neuron_stats(model, [(torch.zeros(4096, 0, dtype=torch.long), x)], n_inp=2, cov=True)
shipped = P.greedy_keep
def run(f):
    P.greedy_keep = f
    t = time.perf_counter(); plan = P.prune_plan(model, stats, 0.4); transfer(model, plan)
    return time.perf_counter()-t, plan
times = {'v1': [], 'shipped': []}
for _ in range(3):
    for nm,f in (('v1', greedy_keep_v1), ('shipped', shipped)):
        s,plan = run(f); times[nm].append(s); keeps = times.setdefault(nm+'_keep', [l.keep.tolist() for l in plan.layers])
P.greedy_keep = shipped
assert times['v1_keep']==times['shipped_keep'], 'the two versions kept different neurons'
print(f"{platform.platform()}, {platform.processor()}, torch {torch.__version__}, 1 thread, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC")
print(f"widths {plan.widths_before} -> {plan.widths_after}, {plan.params_before:,} parameters; same neurons kept: yes")
for nm in ('v1', 'shipped'): print(f"{nm}: prune_plan + transfer median {np.median(times[nm]):.3f} s (runs: {', '.join(f'{t:.3f}' for t in times[nm])})")
print(f"ratio v1 / shipped: {np.median(times['v1'])/np.median(times['shipped']):.2f}")
