"""Issue 21's benchmark: prunelearn's default recipe on every dataset of ../shared/data and the built-ins.

Each dataset: a 3x256 DenseNet trained to convergence (`fit_converged`, the library's defaults), then
`sweep_auto`: on every seed's own split, the original (converged), original+extra (early-stopped), ε chosen
by `auto_refine`, the refined model, and scratch controls trained with the original's recipe and with the
refined model's total epochs. One torch thread per dataset; `--workers` datasets at once.

    python benchmarks/lossless/lossless.py --data-dir ../shared/data --seeds 3 --out benchmarks/lossless/run
    python benchmarks/lossless/lossless.py --summarize benchmarks/lossless/run
"""
import argparse, functools, json, math, os, sys, time, warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import numpy as np, pandas as pd

def datasets(data_dir, names=None):
    "(name, source, task) of the built-ins and of every file DATA.md lists"
    from prunelearn.data import builtin_datasets
    files = {}
    if data_dir:
        task = None
        for line in (Path(data_dir)/'DATA.md').read_text().splitlines():
            if line.startswith('## '): task = line[3:].strip().lower()
            elif line.startswith('| ') and '.csv' in line.split('|')[1]: files[line.split('|')[1].strip()] = task
    allds = [(n, n, None) for n in builtin_datasets]+[(f, str(Path(data_dir)/f), t) for f,t in files.items()]
    return [d for d in allds if names is None or d[0] in names]

def bench_args(doc:str)->argparse.ArgumentParser:
    "The options of every script here: which datasets, how many seeds from which, the cap on training rows, worker processes"
    ap = argparse.ArgumentParser(description=doc)
    ap.add_argument('--data-dir'); ap.add_argument('--datasets'); ap.add_argument('--seeds', type=int, default=3)
    ap.add_argument('--first-seed', type=int, default=0, help='seeds --first-seed .. --first-seed+--seeds-1')
    ap.add_argument('--max-train-rows', type=int, default=5000); ap.add_argument('--workers', type=int, default=2)
    return ap

def seeds_of(a)->range:
    "The seeds `bench_args`' options name: --first-seed .. --first-seed+--seeds-1"
    return range(a.first_seed, a.first_seed+a.seeds)

def map_datasets(f, a)->list:
    "`f((name, source, task, seeds, cap))` for every dataset `a` names, `a.workers` at a time"
    ds = datasets(a.data_dir, a.datasets.split(',') if a.datasets else None)
    with ProcessPoolExecutor(a.workers) as ex: return list(ex.map(f, [(*d, a.seeds, a.max_train_rows) for d in ds]))

def load_capped(src, cap)->tuple:
    "A worker's table (one torch thread, quiet warnings) with at most `cap` training rows, sampled from the whole table; (table, rows before)"
    import torch; torch.set_num_threads(1)
    warnings.filterwarnings('ignore')
    from prunelearn.all import load_dataset
    df = load_dataset(src)
    n = math.ceil(cap/0.6) if cap else None
    return (df.sample(n=n, random_state=0).reset_index(drop=True) if n and len(df)>n else df),len(df)

def one(args, auto_kw=None):
    "Every variant and seed of one dataset; `auto_kw` goes to `sweep_auto` (`auto_refine`)"
    name, src, task, seeds, cap = args
    df,rows = load_capped(src, cap)
    from prunelearn.all import dense_dls, dense_learner
    t0 = time.perf_counter()
    dls = dense_dls(df, 'target', task, seed=0, device='cpu')
    learn = dense_learner(dls, 256, 3, seed=0)
    with learn.no_bar(), learn.no_logging():
        learn.fit_converged()
        res = learn.sweep_auto(seeds=seeds, progress=False, **(auto_kw or {}))
    tr = learn.sweep_trials.assign(dataset=name)
    res = res.assign(dataset=name, task=dls.task, rows=rows, rows_used=len(df), widths=res.widths.map(str))
    print(f"{name}: {time.perf_counter()-t0:.0f} s", flush=True)
    return res, tr.assign(widths=tr.widths.map(str))

def not_worse(ref, other, metric):
    "Refined not worse than `other` (means over seeds): accuracy within 0.5 point, RMSE within 1%"
    return ref>=other-0.005 if metric=='accuracy' else ref<=other*1.01

def summarize_run(out):
    "Per-dataset table and the issue's targets, as markdown"
    res = pd.read_csv(Path(out)/'results.csv')
    rows = []
    for ds,g in res.groupby('dataset', sort=False):
        m = g.metric.iloc[0]
        mean = g.groupby('variant').test.mean()
        ref = g[g.variant=='refined']
        comp = ref.compression
        bad = sorted({r.variant for r in g.itertuples() if (r.test<=r.trivial+1e-6 if m=='accuracy' else r.test>=r.trivial*(1-1e-6))})
        rows.append(dict(dataset=ds, metric=m, seeds=g.seed.nunique(), eps=' / '.join(f'{e:g}' for e in ref.eps),
            compression=comp.mean(), comp_iqr=comp.quantile(.75)-comp.quantile(.25), comp_seeds=' / '.join(f'{c:.0%}' for c in comp),
            original=mean['original'], extra=mean['original+extra'], refined=mean['refined'], scratch=mean['scratch'],
            scratch_full=mean['scratch (full budget)'], trivial=g.trivial.iloc[0],
            ok_original=not_worse(mean['refined'], mean['original'], m), ok_extra=not_worse(mean['refined'], mean['original+extra'], m),
            ok_scratch=not_worse(mean['refined'], mean['scratch'], m) and not_worse(mean['refined'], mean['scratch (full budget)'], m),
            failed=', '.join(bad), epochs_original=g[g.variant=='original'].epochs.mean(), epochs_refined=ref.epochs.mean()))
    t = pd.DataFrame(rows)
    n = len(t)
    lines = [f"{n} datasets, {int(t.seeds.min())}-{int(t.seeds.max())} seeds, ε chosen per seed.", '',
        f"- refined not worse than the converged original: {t.ok_original.sum()}/{n} ({t.ok_original.mean():.0%}; target ≥ 90%)",
        f"- not worse than original+extra: {t.ok_extra.sum()}/{n} ({t.ok_extra.mean():.0%}; target ≥ 2/3)",
        f"- median compression: {t.compression.median():.1%} (target ≥ 80%)",
        f"- not worse than both scratch controls: {t.ok_scratch.sum()}/{n} ({t.ok_scratch.mean():.0%}; target ≥ 2/3)",
        f"- datasets with a variant no better than the trivial predictor: {(t.failed!='').sum()} ({'; '.join(f'{d}: {f}' for d,f in zip(t.dataset, t.failed) if f) or 'none'})",
        f"- median IQR of compression across seeds: {t.comp_iqr.median():.1%}", '']
    fmt = t.assign(compression=t.compression.map('{:.1%}'.format), comp_iqr=t.comp_iqr.map('{:.1%}'.format),
                   **{c: t[c].map('{:.4g}'.format) for c in ('original','extra','refined','scratch','scratch_full','trivial','epochs_original','epochs_refined')})
    cols = list(fmt.columns)
    lines += ['| '+' | '.join(cols)+' |', '|'+'---|'*len(cols)] + ['| '+' | '.join(str(v) for v in r)+' |' for r in fmt.itertuples(index=False)]
    return '\n'.join(lines), t

if __name__=='__main__':
    ap = bench_args(__doc__)
    ap.add_argument('--out'); ap.add_argument('--summarize')
    ap.add_argument('--distill', type=float, default=None, help="`auto_refine`'s distill (default: the library's)")
    a = ap.parse_args()
    if a.summarize: print(summarize_run(a.summarize)[0]); sys.exit()
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    t0,commit = time.time(),os.popen('git rev-parse --short HEAD').read().strip()   # the code the run starts with
    parts = map_datasets(functools.partial(one, auto_kw=dict(distill=a.distill) if a.distill is not None else None), a)
    pd.concat([p[0] for p in parts], ignore_index=True).to_csv(out/'results.csv', index=False)
    pd.concat([p[1] for p in parts], ignore_index=True).to_csv(out/'trials.csv', index=False)
    (out/'run.json').write_text(json.dumps(dict(seconds=time.time()-t0, seeds=a.seeds, max_train_rows=a.max_train_rows,
        distill=a.distill, commit=commit), indent=1))
    md,_ = summarize_run(out)
    (out/'summary.md').write_text(md+'\n'); print(md)
