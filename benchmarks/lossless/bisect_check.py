"""Does a change of `auto_refine`'s settings cost accuracy? A paired check on fresh seeds (first: the bisection).

For each dataset and each seed in `--first-seed` .. `--first-seed`+`--seeds`-1 (seeds no earlier run chose anything on):
a 3x256 original trained with `fit_converged` on that seed's split, then `auto_refine` once per variant on that same
original, everything else at the library's defaults. The variants are `--variants`, a JSON object of name -> keyword
arguments (default: the grid search alone, `bisect=0`, against `bisect=2`). Per run: the chosen ε, compression and test
metric, next to the original's.

    python benchmarks/lossless/bisect_check.py --data-dir ../shared/data --seeds 5 --first-seed 6 --max-train-rows 3000 --out benchmarks/lossless/bisect_check.csv
    python benchmarks/lossless/bisect_check.py --data-dir ../shared/data --datasets diabetes,friedman --seeds 5 --first-seed 11 --variants '{"z=-1": {"z": -1}, "z=-0.5": {"z": -0.5}}' --out z_check.csv
"""
import json, time
import numpy as np, pandas as pd
from lossless import bench_args, map_datasets, load_capped, not_worse

bisect_variants = {'bisect=0': dict(bisect=0), 'bisect=2': dict(bisect=2)}

def one(args):
    name, src, task, seeds, cap, first, variants = args
    df,_ = load_capped(src, cap)
    from prunelearn.all import dense_dls, dense_learner
    t0,recs = time.perf_counter(),[]
    for s in range(first, first+seeds):
        dls = dense_dls(df, 'target', task, seed=s, device='cpu')
        orig = dense_learner(dls, 256, 3, seed=s)
        with orig.no_bar(), orig.no_logging():
            orig.fit_converged()
            o = orig.evaluate('original')
            recs.append(dict(dataset=name, seed=s, rule='original', test=o['test'], metric=o['metric'], compression=0., eps=0., epochs=o['epochs']))
            for v,kw in variants.items():
                small = orig.auto_refine(seed=s, **kw)
                r = small.evaluate()
                recs.append(dict(dataset=name, seed=s, rule=v, test=r['test'], metric=r['metric'], compression=r['compression'],
                                 eps=small.plan.eps, epochs=int(small.auto_trials.epochs.sum()), candidates=len(small.auto_trials)))
    print(f"{name}: {time.perf_counter()-t0:.0f} s", flush=True)
    return pd.DataFrame(recs)

def summarize(df):
    "Per dataset: means over seeds, whether each variant is not worse than the original; then the counts, and each later variant paired with the first"
    from scipy.stats import wilcoxon
    vs = [r for r in df.rule.unique() if r!='original']
    rows = []
    for ds,g in df.groupby('dataset', sort=False):
        m,mean,comp = g.metric.iloc[0],g.groupby('rule').test.mean(),g.groupby('rule').compression.mean()
        rows.append(dict(dataset=ds, metric=m, original=mean['original'], **{v: mean[v] for v in vs}, **{f'comp {v}': comp[v] for v in vs},
                         **{f'ok {v}': not_worse(mean[v], mean['original'], m) for v in vs}))
    t = pd.DataFrame(rows)
    lines = [f"{v}: not worse than the original on {t[f'ok {v}'].sum()}/{len(t)}, median compression {t[f'comp {v}'].median():.1%}" for v in vs]
    w = df.pivot_table(index=['dataset', 'seed'], columns='rule', values='test').join(df.groupby(['dataset', 'seed']).metric.first())
    for v in vs[1:]:   # per run, how much better the first variant is than v: accuracy points, or % of RMSE
        d = np.where(w.metric=='accuracy', (w[vs[0]]-w[v])*100, (w[v]-w[vs[0]])/w[vs[0]]*100)
        p = wilcoxon(d, zero_method='zsplit').pvalue if np.any(d!=0) else float('nan')
        lines.append(f"{vs[0]} against {v}, paired over {len(d)} runs: mean {d.mean():+.3f} (accuracy points or % of RMSE; positive: {vs[0]} better), "
                     f"better on {(d>0).sum()}, worse on {(d<0).sum()}, Wilcoxon p = {p:.3g}")
    return t, '\n'.join(lines)

if __name__=='__main__':
    import sys
    from lossless import datasets
    from concurrent.futures import ProcessPoolExecutor
    ap = bench_args(__doc__)
    ap.add_argument('--out'); ap.set_defaults(first_seed=6); ap.add_argument('--summarize')
    ap.add_argument('--variants', type=json.loads, default=bisect_variants, help='JSON: variant name -> keyword arguments of auto_refine')
    a = ap.parse_args()
    if a.summarize:
        t,line = summarize(pd.read_csv(a.summarize)); print(t.to_string(index=False)); print(line); sys.exit()
    ds = datasets(a.data_dir, a.datasets.split(',') if a.datasets else None)
    with ProcessPoolExecutor(a.workers) as ex: parts = list(ex.map(one, [(*d, a.seeds, a.max_train_rows, a.first_seed, a.variants) for d in ds]))
    df = pd.concat(parts, ignore_index=True); df.to_csv(a.out, index=False)
    t,line = summarize(df); print(t.to_string(index=False)); print(line)
