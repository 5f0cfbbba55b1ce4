"""Issue 24, item 4: how prunelearn's default run and the width search at equal epochs grow with rows.

For each row count, in a fresh process (so that its peak memory is its own): a HIGGS-like synthetic table
(`benchmarks/scale/scale.py`'s `higgs_like`: 28 features, a binary target), split 60/20/20; prunelearn's default run
(a 3x256 original trained with `fit_converged`, then `auto_refine`), then the Optuna width search of
`benchmarks/search/search.py` capped at the epochs prunelearn trained. Reported: wall seconds and peak resident memory
(VmHWM) of each part, parameters and test accuracy of the refined net and of the search's best net.

    python benchmarks/compare/cost.py --rows 10000,100000 --out benchmarks/compare/cost
    python benchmarks/compare/cost.py --data ../shared/data/kddcup99_10pct.csv.gz --out benchmarks/compare/cost_kdd

With `--data`, one real table (its `target` column, the task inferred as the CLI does) instead of the synthetic ones.
"""
import argparse, json, os, sys, time, warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import pandas as pd
here = Path(__file__).parent
sys.path[:0] = [str(here.parent/'scale'), str(here.parent/'search')]

def peak_mb(): return [int(l.split()[1])/1024 for l in open('/proc/self/status') if l.startswith('VmHWM')][0]
def reset_peak(): Path('/proc/self/clear_refs').write_text('5')

def one(rows, task=None):
    "prunelearn's default run and the search at equal epochs on `rows` synthetic rows, or on the table at path `rows`: a record"
    import torch; torch.set_num_threads(1)
    warnings.filterwarnings('ignore')
    from scale import higgs_like
    from search import search_nets, best_and_smallest
    from prunelearn.all import dense_dls, dense_learner, load_dataset
    df = higgs_like(rows) if isinstance(rows, int) else load_dataset(rows)
    dls = dense_dls(df, 'target', 'classification' if isinstance(rows, int) else task, seed=0, device='cpu')
    rows,metric = len(df),('accuracy' if dls.task=='classification' else 'rmse')
    reset_peak(); t0 = time.perf_counter()
    learn = dense_learner(dls, 256, 3, seed=0)
    with learn.no_bar(), learn.no_logging():
        learn.fit_converged()
        small = learn.auto_refine(seed=0)
    rec = dict(rows=rows, metric=metric, train_rows=len(dls.train_ds), prunelearn_s=time.perf_counter()-t0, prunelearn_peak_mb=peak_mb(),
               original_epochs=learn.epochs_trained, budget_epochs=learn.epochs_trained+int(small.auto_trials.epochs.sum()))
    o,r = learn.evaluate('original'),small.evaluate('refined')
    rec.update(original_test=o['test'], refined_test=r['test'], refined_params=r['params'], original_params=o['params'], eps=small.plan.eps)
    reset_peak(); t0 = time.perf_counter()
    tr = search_nets(dls, learn, rec['budget_epochs'], 0)
    best,_ = best_and_smallest(tr, metric)
    rec.update(search_s=time.perf_counter()-t0, search_peak_mb=peak_mb(), search_trials=len(tr), search_epochs=int(tr.epochs.sum()),
               search_test=float(best.test), search_params=int(best.params))
    print(json.dumps(rec), flush=True)
    return rec

if __name__=='__main__':
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--rows', default='10000,100000'); ap.add_argument('--workers', type=int, default=2); ap.add_argument('--out', required=True)
    ap.add_argument('--data', help='a CSV table with a `target` column, instead of the synthetic tables')
    ap.add_argument('--task', help="with --data: 'classification' or 'regression' (default: inferred from the target)")
    a = ap.parse_args()
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    commit = os.popen('git rev-parse --short HEAD').read().strip()
    with ProcessPoolExecutor(a.workers, max_tasks_per_child=1) as ex: recs = list(ex.map(one, *([[a.data], [a.task]] if a.data else [[int(r) for r in a.rows.split(',')]])))
    t = pd.DataFrame(recs)
    t.to_csv(out/'cost.csv', index=False)
    (out/'run.json').write_text(json.dumps(dict(commit=commit, rows=a.rows, data=a.data, task=a.task, workers=a.workers), indent=1))
    print(t.to_string(index=False))
