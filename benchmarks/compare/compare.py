"""Issue 24's full benchmark: prunelearn's default run against every alternative a sceptic would name, on every dataset.

Each (dataset, seed) is one task, on that seed's own train / validation / test split:
- prunelearn's default recipe: a 3x256 original trained with `fit_converged` (`train_fresh`: started again from a
  fresh initialisation if it ends no better than the trivial predictor on validation), ε chosen by `auto_refine` on the
  validation rows, the refined model; then `sweep` at that ε for original+extra (early-stopped) and the two scratch
  controls trained with the original's recipe (its budget; the refined model's total epochs), started again like it;
- Torch-Pruning's magnitude choice and a random choice of neurons at exactly the refined widths, each retrained like
  the refined model (the original's recipe, at most `default_retrain_max` epochs, the transfer kept when no epoch beats it,
  distillation from the original where the library's default uses it);
- an Optuna TPE width search (`benchmarks/search/search.py`'s `search_nets`) whose trials' epochs are capped at what
  prunelearn trained for that seed (the original and every ε candidate); its best net (lowest validation loss) and
  the smallest net within 0.5 point of accuracy / 1% of RMSE of that best on validation. Its trials are not started
  again: a collapsed trial is one bad trial, and the search keeps its best.

`--summarize DIR` turns the rows into the tables, the Wilcoxon tests, the paper's claims table and the
average-rank figure (`ranks.png`).

    python benchmarks/compare/compare.py --data-dir ../shared/data --seeds 5 --max-train-rows 2000 --out benchmarks/compare/run
    python benchmarks/compare/compare.py --summarize benchmarks/compare/run
    python benchmarks/compare/compare.py --data-dir ../shared/data --seeds 10 --first-seed 26 --max-train-rows 3000 --out benchmarks/compare/heldout   # seeds no default was chosen on
"""
import json, math, os, resource, sys, time, warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import numpy as np, pandas as pd
here = Path(__file__).parent
sys.path[:0] = [str(here.parent/'lossless'), str(here.parent/'search')]
from lossless import datasets, bench_args, seeds_of, load_capped
from search import search_nets, best_and_smallest

alternatives = ('original', 'original+extra', 'scratch', 'scratch (full budget)', 'magnitude (torch-pruning)', 'random',
                'search (best)', 'search (smallest)')
ranked = ('refined', *alternatives)

def one(args):
    "Every variant of one dataset on one seed's split, as rows"
    name, src, task, s, cap = args
    df,rows = load_capped(src, cap)
    from prunelearn.all import dense_dls, dense_learner, keep_random, default_max_epochs, default_patience
    t0 = time.perf_counter()
    dls = dense_dls(df, 'target', task, seed=s, device='cpu')
    learn = dense_learner(dls, 256, 3, seed=s)
    recs = []
    with learn.no_bar(), learn.no_logging():
        learn.train_fresh(default_max_epochs, learn.lr, default_patience, seed=s)   # `fit_converged`, started again if it collapses (as the CLI)
        pair = {}
        small = learn.auto_refine(seed=s, keep=pair)
        t_pl = time.perf_counter()-t0   # prunelearn's whole run: the original and the ε search
        budget = learn.epochs_trained+int(small.auto_trials.epochs.sum())
        res = learn.sweep(eps=[small.plan.eps], seeds=1, progress=False, reuse=pair)
        recs += res.drop(columns=['eps', 'seed', 'rule']).to_dict('records')
        plan = small.plan
        for meth,make in (('magnitude (torch-pruning)', lambda: learn.refine_magnitude(plan, seed=s)),
                          ('random', lambda: learn.refine_with(keep_random(plan, seed=s), plan, None, seed=s))):
            t1 = time.perf_counter()
            b = make()   # retrained as `refine` retrains (`retrain_from`): the original's recipe, distillation by the task's default
            recs.append({**b.evaluate(meth), 'seconds':time.perf_counter()-t1})
        t1 = time.perf_counter()
        tr = search_nets(dls, learn, budget, s)
        t_search = time.perf_counter()-t1
    best,smallest = best_and_smallest(tr, recs[0]['metric'])
    for v,r in (('search (best)', best), ('search (smallest)', smallest)):
        recs.append(dict(variant=v, metric=recs[0]['metric'], test=r.test, valid=r.valid, params=int(r.params), widths=r.widths,
                         depth=len(r.widths), epochs=int(tr.epochs.sum()), compression=1-r.params/recs[0]['params'],
                         trivial=recs[0]['trivial'], seconds=t_search))
    out = pd.DataFrame(recs).assign(dataset=name, seed=s, task=dls.task, rows=rows, rows_used=len(df), eps=small.plan.eps,
        passed=small.auto_passed, budget_epochs=budget, search_trials=len(tr), prunelearn_s=t_pl, search_s=t_search,
        peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024)
    print(f"{name} seed {s}: ε {small.plan.eps:g}, {small.plan.params_after:,} params; search {len(tr)} trials; "
          f"{time.perf_counter()-t0:.0f} s", flush=True)
    return out.assign(widths=out.widths.map(str))

def oriented(a, b, metric):
    "How much better `a` is than `b`: accuracy points, or % of `b`'s RMSE (positive: `a` better)"
    return (a-b)*100 if metric=='accuracy' else (b-a)/b*100

def tol(metric): return 0.5 if metric=='accuracy' else 1.0   # the "not worse": 0.5 point, or 1% of RMSE

def per_dataset(res):
    "Mean test metric over seeds of every variant (columns), one row per dataset, with its metric, compression and params"
    m = res.groupby(['dataset', 'variant'], sort=False).test.mean().unstack()
    info = res.groupby('dataset', sort=False).agg(metric=('metric', 'first'), seeds=('seed', 'nunique'))
    ref = res[res.variant=='refined'].groupby('dataset', sort=False)
    info['compression'] = ref.compression.mean(); info['params'] = ref.params.mean()
    info['search_params'] = res[res.variant=='search (best)'].groupby('dataset', sort=False).params.mean()
    return info.join(m[[v for v in ranked if v in m.columns]]).loc[res.dataset.unique()]

def versus(t, alt, failed=()):
    "Refined against `alt` over datasets: wins / ties / losses beyond the issue's tolerance, the Wilcoxon signed-rank p, and the wins that count (not over a failed `alt`)"
    from scipy.stats import wilcoxon
    d = np.array([oriented(r.refined, r[alt], r.metric) for _,r in t.iterrows()])
    tl = np.array([tol(m) for m in t.metric])
    bad = np.array([(ds, alt) in set(failed) for ds in t.index])   # `alt` no better than the trivial predictor on some seed there
    p = wilcoxon(d, zero_method='zsplit').pvalue if len(d)>=6 and np.any(d!=0) else float('nan')
    return dict(versus=alt, wins=int((d>tl).sum()), ties=int((np.abs(d)<=tl).sum()), losses=int((d<-tl).sum()),
                not_worse=int((d>=-tl).sum()), median_diff=float(np.median(d)), p_wilcoxon=float(p), failed=int(bad.sum()),
                not_worse_sound=f"{int(((d>=-tl)&~bad).sum())}/{int((~bad).sum())}")

def avg_ranks(t):
    "Average rank of every variant over datasets (1 = best test metric; ties share their average rank)"
    r = [row[list(ranked)].astype(float).rank(ascending=row.metric=='rmse') for _,row in t.iterrows()]
    return pd.DataFrame(r).mean().sort_values()

# Nemenyi's critical values q_0.05 for k = 2..10 (Demšar 2006, table 5a)
q05 = {2:1.960, 3:2.343, 4:2.569, 5:2.728, 6:2.850, 7:2.949, 8:3.031, 9:3.102, 10:3.164}

def plot_ranks(ranks, n, path):
    "A critical-difference style figure: average ranks on one axis, the Nemenyi critical difference as a bar"
    import matplotlib; matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    k = len(ranks); cd = q05[k]*math.sqrt(k*(k+1)/(6*n))
    fig,ax = plt.subplots(figsize=(8, 0.45*k+1.2))
    ax.hlines(range(k), 1, ranks.values, color='0.85', lw=1)
    ax.plot(ranks.values, range(k), 'o', color='C0')
    i = list(ranks.index).index('refined'); ax.plot(ranks.values[i], i, 'o', color='C3', ms=9)
    ax.set_yticks(range(k)); ax.set_yticklabels(ranks.index); ax.invert_yaxis()
    ax.set_xlim(1, k); ax.set_xlabel(f'average rank over {n} datasets (1 = best test metric)')
    ax.errorbar(ranks.values[i], i, xerr=[[min(cd, ranks.values[i]-1)], [cd]], color='C3', capsize=4, lw=1.5)
    ax.set_title(f'Average ranks; red: refined ± the critical difference {cd:.2f} (Nemenyi, α = 0.05)', fontsize=10)
    fig.tight_layout(); fig.savefig(path, dpi=100); plt.close(fig)
    return cd

def md(df):
    fmt = lambda v: f'{v:.4g}' if isinstance(v, float) else str(v)
    cols = list(df.columns)
    return '\n'.join(['| '+' | '.join(cols)+' |', '|'+'---|'*len(cols)]+['| '+' | '.join(fmt(v) for v in r)+' |' for r in df.itertuples(index=False)])

def summarize_run(out):
    "The tables and figures of a run, as markdown; writes ranks.png next to the rows"
    out = Path(out)
    res = pd.read_csv(out/'results.csv')
    t = per_dataset(res); n = len(t)
    from prunelearn.refine import _no_better   # the library's own test of "no better than the trivial predictor"
    failed = sorted({(r.dataset, r.variant) for r in res.itertuples() if _no_better(r.test, r.trivial, r.metric)})
    vs = pd.DataFrame([versus(t, a, failed) for a in alternatives])
    ranks = avg_ranks(t)
    cd = plot_ranks(ranks, n, out/'ranks.png')
    sc = vs.set_index('versus')
    better_scratch = sum(all(oriented(r.refined, r[c], r.metric)>tol(r.metric) for c in ('scratch', 'scratch (full budget)')) for _,r in t.iterrows())
    claims = pd.DataFrame([
        dict(claim='fewer parameters (median compression)', measured=f"{t.compression.median():.1%}", test='-'),
        dict(claim='not worse than the converged original', measured=f"{sc.not_worse['original']}/{n}", test=f"Wilcoxon p = {sc.p_wilcoxon['original']:.3g}"),
        dict(claim='better than the converged original', measured=f"{sc.wins['original']}/{n}", test=f"W/T/L {sc.wins['original']}/{sc.ties['original']}/{sc.losses['original']}"),
        dict(claim='better than both scratch controls', measured=f"{better_scratch}/{n}",
             test=f"p = {sc.p_wilcoxon['scratch']:.3g} / {sc.p_wilcoxon['scratch (full budget)']:.3g}")])
    seconds = res.groupby('dataset', sort=False)[['prunelearn_s', 'search_s', 'peak_mb', 'budget_epochs', 'search_trials']].mean()
    fewer = int((t.params<t.search_params).sum())
    ok_best = int(sc.not_worse['search (best)'])
    others = [a for a in alternatives if a not in ('search (best)', 'search (smallest)')]
    lines = [f"{n} datasets, {int(t.seeds.min())}-{int(t.seeds.max())} seeds each, ε chosen per seed. Differences are accuracy points or % of RMSE, "
             "positive where refined is better; 'not worse' is within 0.5 point / 1% (the issue's definition), on the mean over seeds.", '',
             f"- refined not worse than the search's best net: {ok_best}/{n} (target ≥ 2/3); fewer parameters than it: {fewer}/{n} (target ≥ 2/3)",
             f"- not worse than every other alternative on ≥ 2/3: " + ', '.join(f"{a} {sc.not_worse[a]}/{n}" for a in others),
             f"- variants no better than the trivial predictor on some seed (failed controls): {len(failed)} "
             + ('('+'; '.join(f'{d}: {v}' for d,v in failed)+')' if failed else ''),
             "- not worse, counted only on the datasets where that alternative never failed (a win over a failed control counts "
             "for nothing): " + ', '.join(f"{r.versus} {r.not_worse_sound}" for r in vs.itertuples()),
             f"- search wall time / prunelearn's (ε search included, controls not): median {(seconds.search_s/seconds.prunelearn_s).median():.2f}", '',
             "Refined against each alternative over datasets (Wilcoxon signed-rank test of the per-dataset differences, two-sided, zsplit for zeros):", '',
             md(vs), '', "The paper's claims:", '', md(claims), '',
             f"Average ranks (Nemenyi critical difference at α = 0.05: {cd:.2f}):", '',
             md(ranks.round(2).rename('avg_rank').reset_index().rename(columns={'index':'variant'})), '', '![average ranks](ranks.png)', '',
             "Per dataset (mean test metric over seeds):", '',
             md(t.reset_index().assign(compression=t.compression.map('{:.1%}'.format).values)), '',
             "Cost per seed (means): prunelearn's run (original and ε search) and the search, seconds; peak resident memory of the worker, MB:", '',
             md(seconds.reset_index())]
    return '\n'.join(lines)

if __name__=='__main__':
    ap = bench_args(__doc__)
    ap.add_argument('--out'); ap.add_argument('--summarize')
    a = ap.parse_args()
    if a.summarize: print(summarize_run(a.summarize)); sys.exit()
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    t0,commit = time.time(),os.popen('git rev-parse --short HEAD').read().strip()
    ds = datasets(a.data_dir, a.datasets.split(',') if a.datasets else None)
    size = lambda d: os.path.getsize(d[1]) if os.path.isfile(d[1]) else 0
    tasks = [(*d, s, a.max_train_rows) for d in sorted(ds, key=size, reverse=True) for s in seeds_of(a)]   # the longest first
    parts = []
    with ProcessPoolExecutor(a.workers) as ex:   # rows are written as tasks end, so a run cut short keeps what it finished
        for p in ex.map(one, tasks):
            parts.append(p); pd.concat(parts, ignore_index=True).to_csv(out/'results.csv', index=False)
    (out/'run.json').write_text(json.dumps(dict(seconds=time.time()-t0, seeds=a.seeds, first_seed=a.first_seed, max_train_rows=a.max_train_rows,
                                               workers=a.workers, commit=commit), indent=1))
    text = summarize_run(out)
    (out/'summary.md').write_text(text+'\n'); print(text)
