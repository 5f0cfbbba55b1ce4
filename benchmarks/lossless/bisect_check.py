"""Does `auto_refine`'s bisection cost accuracy? A paired check on fresh seeds.

For each dataset and each seed in `--first-seed` .. `--first-seed`+`--seeds`-1 (seeds no earlier run chose anything on):
a 3x256 original trained with `fit_converged` on that seed's split, then `auto_refine` twice on it, with the grid search
alone (`bisect=0`) and with the default bisection (`bisect=2`), everything else at the library's defaults. Per run:
the chosen ε, compression and test metric, next to the original's.

    python benchmarks/lossless/bisect_check.py --data-dir ../shared/data --seeds 5 --first-seed 6 --max-train-rows 3000 --out benchmarks/lossless/bisect_check.csv
"""
import time
import pandas as pd
from lossless import bench_args, map_datasets, load_capped, not_worse

def one(args):
    name, src, task, seeds, cap, first = args
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
            for b in (0, 2):
                small = orig.auto_refine(seed=s, bisect=b)
                r = small.evaluate()
                recs.append(dict(dataset=name, seed=s, rule=f'bisect={b}', test=r['test'], metric=r['metric'], compression=r['compression'],
                                 eps=small.plan.eps, epochs=int(small.auto_trials.epochs.sum()), candidates=len(small.auto_trials)))
    print(f"{name}: {time.perf_counter()-t0:.0f} s", flush=True)
    return pd.DataFrame(recs)

def summarize(df):
    "Per dataset: means over seeds, whether each rule is not worse than the original; then the counts"
    rows = []
    for ds,g in df.groupby('dataset', sort=False):
        m,mean = g.metric.iloc[0],g.groupby('rule').test.mean()
        comp = g.groupby('rule').compression.mean()
        rows.append(dict(dataset=ds, metric=m, original=mean['original'], grid=mean['bisect=0'], bisect=mean['bisect=2'],
                         comp_grid=comp['bisect=0'], comp_bisect=comp['bisect=2'],
                         ok_grid=not_worse(mean['bisect=0'], mean['original'], m), ok_bisect=not_worse(mean['bisect=2'], mean['original'], m)))
    t = pd.DataFrame(rows)
    return t, (f"grid only: not worse than the original on {t.ok_grid.sum()}/{len(t)}, median compression {t.comp_grid.median():.1%}; "
               f"with bisection: {t.ok_bisect.sum()}/{len(t)}, {t.comp_bisect.median():.1%}")

if __name__=='__main__':
    import sys
    from lossless import datasets
    from concurrent.futures import ProcessPoolExecutor
    ap = bench_args(__doc__)
    ap.add_argument('--out'); ap.add_argument('--first-seed', type=int, default=6); ap.add_argument('--summarize')
    a = ap.parse_args()
    if a.summarize:
        t,line = summarize(pd.read_csv(a.summarize)); print(t.to_string(index=False)); print(line); sys.exit()
    ds = datasets(a.data_dir, a.datasets.split(',') if a.datasets else None)
    with ProcessPoolExecutor(a.workers) as ex: parts = list(ex.map(one, [(*d, a.seeds, a.max_train_rows, a.first_seed) for d in ds]))
    df = pd.concat(parts, ignore_index=True); df.to_csv(a.out, index=False)
    t,line = summarize(df); print(t.to_string(index=False)); print(line)
