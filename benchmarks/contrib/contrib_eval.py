# Which neurons to keep at prunelearn's widths: by the standard deviation of their output (prunelearn, the paper's
# criterion), by that deviation times the norm of their outgoing weights (how much variation they pass on to the next
# layer), or by weight magnitude (Torch-Pruning). All transferred with least-squares compensation (magnitude: as
# Torch-Pruning removes them) and retrained with the same budget; test metric on the held-out split.
# Usage: python benchmarks/contrib/contrib_eval.py OUT.csv DATASET[,DATASET...] SEEDS EPS[,EPS...]  (one ε per seed)
import sys, time, torch
from pathlib import Path
import pandas as pd
from fastai.tabular.all import *
from prunelearn.all import *
import sys, pathlib; sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))   # benchmarks/, where bench.py is
from bench import subsample
from prunelearn.sweep import seed_shuffle

out, names, seeds = sys.argv[1], sys.argv[2].split(','), [int(s) for s in sys.argv[3].split(',')]
eps_of = {n:[float(e) for e in x.split('/')] for n,x in (a.split(':') for a in sys.argv[4].split(';'))}
data = Path(__file__).resolve().parents[3]/'shared'/'data'
torch.set_num_threads(1)

def greedy_keep(C, W, k):
    "k neurons chosen greedily so that a least-squares map from them best reconstructs W·a (the next layer's input)"
    R,M,keep = C.clone(),W@C,[]
    for _ in range(k):
        d = R.diagonal().clamp_min(1e-12)
        score = (M**2).sum(0)/d
        if keep: score[keep] = -1
        j = int(score.argmax()); keep.append(j)
        r = R[j].clone()/d[j]
        M -= torch.outer(M[:, j], r); R -= torch.outer(R[:, j], r)
    return torch.tensor(sorted(keep))
rows = []
for name in names:
    df = subsample(load_dataset(str(data/name) if (data/name).exists() else name), 10_000)
    for s in seeds:
        dls = dense_dls(df, 'target', seed=s, bs=64)
        learn = dense_learner(dls, 256, 3, lr=1e-3, seed=s)
        with learn.no_bar(), learn.no_logging():
            learn.fit_one_cycle(20, 1e-3)
            plan = learn.prune_plan(eps_of[name][s])
            lins = [m for m in learn.model.modules() if isinstance(m, nn.Linear)]
            keep_g = [greedy_keep(lp.cov.double().cpu(), lins[l+1].weight.detach().cpu().double(), lp.kept) for l,lp in enumerate(plan.layers)]
            keep_c = []
            for l,lp in enumerate(plan.layers):
                score = lp.std.cpu().double()*lins[l+1].weight.detach().cpu().double().norm(dim=0)
                keep_c.append(score.argsort(descending=True)[:lp.kept].sort().values)
            res = dict(original=learn.evaluate('original')['test'])
            seed_shuffle(learn.dls, s); res['std (prunelearn)'] = learn.refine(plan=plan, seed=s).evaluate('x')['test']
            seed_shuffle(learn.dls, s); res['std x outgoing norm'] = learn.refine_with(keep_c, plan=learn.prune_plan(0), compensate='lstsq', seed=s).evaluate('x')['test']
            seed_shuffle(learn.dls, s); res['greedy least squares'] = learn.refine_with(keep_g, plan=learn.prune_plan(0), compensate='lstsq', seed=s).evaluate('x')['test']
            seed_shuffle(learn.dls, s); res['magnitude (torch-pruning)'] = learn.refine_magnitude(plan, seed=s).evaluate('x')['test']
            overlap = sum(len(set(a.tolist()) & set(b.tolist())) for a,b in zip(keep_c, [lp.keep.cpu() for lp in plan.layers]))/sum(plan.widths_after)
        for k,v in res.items(): rows.append(dict(dataset=name, seed=s, eps=plan.eps, widths=plan.widths_after, method=k, test=v, overlap=overlap))
        print(name, s, plan.widths_after, {k:round(v, 4) for k,v in res.items()}, f'overlap {overlap:.2f}', flush=True)
        pd.DataFrame(rows).to_csv(out, index=False)
