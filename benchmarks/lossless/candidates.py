"""Every ε candidate's validation gap and test metric, after a converged original, for judging ε rules offline.

For each dataset and seed: a 3x256 original trained with `fit_converged`, then at every ε of the default grid the
refined model (retrained with the original's recipe): its validation gap and SE against the original (Brier score
for classification, RMSE for regression, as `auto_refine` scores), its test metric, its compression.

    python benchmarks/lossless/candidates.py --data-dir ../shared/data --seeds 3 --out benchmarks/lossless/candidates.csv
"""
import argparse, math, time, warnings
import pandas as pd
from lossless import bench_args, map_datasets

def one(args):
    name, src, task, seeds, cap = args
    import torch; torch.set_num_threads(1)
    warnings.filterwarnings('ignore')
    from prunelearn.all import (load_dataset, dense_dls, dense_learner, resplit, row_scores, paired_gap, base_loss,
                                default_eps_grid, seed_shuffle)
    from prunelearn.sweep import _fresh_original
    df = load_dataset(src)
    n = math.ceil(cap/0.6) if cap else None
    if n and len(df)>n: df = df.sample(n=n, random_state=0).reset_index(drop=True)
    t0,recs = time.perf_counter(),[]
    dls = dense_dls(df, 'target', task, seed=0, device='cpu')
    learn = dense_learner(dls, 256, 3, seed=0)
    with learn.no_bar(), learn.no_logging():
        learn.fit_converged()
        for s in range(seeds):
            orig = learn if s==0 else _fresh_original(learn, resplit(learn.dls, s), s)
            base,tk = row_scores(orig)
            o = orig.evaluate('original')
            stats = orig.neuron_stats(cov=True)
            recs.append(dict(dataset=name, seed=s, eps=0., variant='original', test=o['test'], valid=o['valid'], compression=0.,
                             gap=0., se=0., loss=base_loss(base, tk), metric=o['metric'], task=tk, epochs=o['epochs']))
            for e in default_eps_grid:
                plan = orig.prune_plan(e, stats=stats)
                seed_shuffle(orig.dls, s)
                small = orig.refine(plan=plan, seed=s)
                g,se = paired_gap(base, row_scores(small)[0], tk)
                r = small.evaluate('refined')
                recs.append(dict(dataset=name, seed=s, eps=e, variant='refined', test=r['test'], valid=r['valid'],
                                 compression=plan.compression, gap=g, se=se, loss=base_loss(base, tk), metric=r['metric'], task=tk,
                                 epochs=r['epochs']))
    print(f"{name}: {time.perf_counter()-t0:.0f} s", flush=True)
    return pd.DataFrame(recs)

if __name__=='__main__':
    ap = bench_args(__doc__)
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    parts = map_datasets(one, a)
    pd.concat(parts, ignore_index=True).to_csv(a.out, index=False)
