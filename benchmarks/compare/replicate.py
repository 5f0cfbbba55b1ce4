"""How often is a net "not worse" than a replicate of itself? The noise floor of issue 21's count.

On every (dataset, seed) split of `compare.py`, two 3x256 originals are trained with the library's recipe
(`fit_converged`): one from `compare.py`'s own initialisation (seed s) and one from another (seed s+1000). Nothing
else differs. The issue's verdict ("not worse": within 0.5 point of accuracy or 1% of RMSE, on the mean over seeds)
is then applied to one replicate against the other, in both directions. A method that is exactly as good as the
original cannot be expected to pass more often than a replicate of the original does.

    python benchmarks/compare/replicate.py --data-dir ../shared/data --seeds 5 --max-train-rows 3000 --out benchmarks/compare/replicate
    python benchmarks/compare/replicate.py --summarize benchmarks/compare/replicate --against benchmarks/compare/grid
    python benchmarks/compare/replicate.py --data-dir ../shared/data --seeds 10 --first-seed 26 --max-train-rows 3000 --out benchmarks/compare/replicate_heldout --against benchmarks/compare/heldout
"""
import json, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import numpy as np, pandas as pd

here = Path(__file__).parent
sys.path[:0] = [str(here), str(here.parent/'lossless'), str(here.parent/'search')]
from lossless import datasets, bench_args, seeds_of, load_capped, not_worse as _not_worse
from compare import oriented, tol, md

def one(args):
    "The two replicate originals of one dataset on one seed's split, as rows"
    name, src, task, s, cap = args
    df,rows = load_capped(src, cap)
    from prunelearn.all import dense_dls, dense_learner, default_max_epochs, default_patience
    dls = dense_dls(df, 'target', task, seed=s, device='cpu')
    recs = []
    for rep,init in (('a', s), ('b', s+1000)):
        learn = dense_learner(dls, 256, 3, seed=init)
        with learn.no_bar(), learn.no_logging(): learn.train_fresh(default_max_epochs, learn.lr, default_patience, seed=init)   # as compare.py
        recs.append(dict(learn.evaluate(rep), init=init))
    print(f"{name} seed {s}: {recs[0]['test']:.4g} / {recs[1]['test']:.4g}", flush=True)
    return pd.DataFrame(recs).assign(dataset=name, seed=s, task=dls.task, widths=lambda d: d.widths.map(str))

def not_worse(a:pd.Series, b:pd.Series, metric:pd.Series)->int:
    "Datasets where the means `a` are not worse than `b` by the issue's tolerance (`lossless.not_worse`, counted)"
    return int(sum(_not_worse(x, y, m) for x,y,m in zip(a, b, metric)))

def summarize(out, against=None)->str:
    res = pd.read_csv(Path(out)/'results.csv')
    t = res.pivot_table(index='dataset', columns='variant', values='test').join(res.groupby('dataset').metric.first())
    n = len(t)
    lines = [f"{n} datasets, {res.seed.nunique()} seeds; two originals per split, trained alike from different initialisations.", '',
             f"- replicate b not worse than replicate a: {not_worse(t.b, t.a, t.metric)}/{n}",
             f"- replicate a not worse than replicate b: {not_worse(t.a, t.b, t.metric)}/{n}",
             f"- both ways (a tie within the tolerance): {sum(abs(oriented(x, y, m))<=tol(m) for x,y,m in zip(t.a, t.b, t.metric))}/{n}"]
    if against:
        g = pd.read_csv(Path(against)/'results.csv')
        m = g.pivot_table(index='dataset', columns='variant', values='test')[['original', 'refined']]
        t = t.join(m, how='inner')
        same = res[res.variant=='a'].merge(g[g.variant=='original'], on=['dataset', 'seed'], suffixes=('', '_g'))
        lines += [f"- replicate a reproduces {Path(against).name}'s original on {int(np.isclose(same.test, same.test_g).sum())} of {len(same)} splits",
                  f"- refined ({Path(against).name}) not worse than its original: {not_worse(t.refined, t.original, t.metric)}/{len(t)}; "
                  f"than replicate b: {not_worse(t.refined, t.b, t.metric)}/{len(t)}"]
    d = [oriented(x, y, mt) for x,y,mt in zip(t.b, t.a, t.metric)]
    tab = t.assign(b_vs_a=np.round(d, 2)).reset_index()
    return '\n'.join(lines+['', 'Per dataset (mean test metric over seeds; b_vs_a: accuracy points or % of RMSE, positive where b is better):', '', md(tab)])

if __name__=='__main__':
    ap = bench_args(__doc__)
    ap.add_argument('--out'); ap.add_argument('--summarize'); ap.add_argument('--against')
    a = ap.parse_args()
    if a.summarize: print(summarize(a.summarize, a.against)); sys.exit()
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    t0,commit = time.time(),os.popen('git rev-parse --short HEAD').read().strip()
    ds = datasets(a.data_dir, a.datasets.split(',') if a.datasets else None)
    size = lambda d: os.path.getsize(d[1]) if os.path.isfile(d[1]) else 0
    tasks = [(*d, s, a.max_train_rows) for d in sorted(ds, key=size, reverse=True) for s in seeds_of(a)]
    parts = []
    with ProcessPoolExecutor(a.workers) as ex:
        for p in ex.map(one, tasks):
            parts.append(p); pd.concat(parts, ignore_index=True).to_csv(out/'results.csv', index=False)
    (out/'run.json').write_text(json.dumps(dict(seconds=time.time()-t0, seeds=a.seeds, first_seed=a.first_seed, max_train_rows=a.max_train_rows,
                                               workers=a.workers, commit=commit), indent=1))
    text = summarize(out, a.against or here/'grid')
    (out/'summary.md').write_text(text+'\n'); print(text)
