"""Which trainings from a fresh start of a `compare.py` run ended no better than the trivial predictor on the validation rows:
the splits where `train_fresh` would start them again, and so the only splits whose rows a re-run with it can change.

It rebuilds each split (the same seeds and row cap as the run), scores the training split's majority class (or mean) on
the validation rows, and compares the run's validation metric of the original and both scratch controls with it.

    python benchmarks/compare/collapsed.py benchmarks/compare/heldout --data-dir ../shared/data --max-train-rows 3000
"""
import argparse, sys
from pathlib import Path
import numpy as np, pandas as pd
here = Path(__file__).parent
sys.path[:0] = [str(here.parent/'lossless')]
from lossless import datasets, load_capped

fresh = ('original', 'scratch', 'scratch (full budget)')   # the variants `train_fresh` trains

def collapsed_rows(res:pd.DataFrame, data_dir, cap)->pd.DataFrame:
    "Rows of `res` (original and scratch controls) whose validation metric is no better than the trivial predictor's on the validation rows"
    from prunelearn.all import dense_dls, trivial_score
    from prunelearn.refine import _no_better
    triv = {}
    for name,src,task in datasets(data_dir, sorted(set(res.dataset))):
        df,_ = load_capped(src, cap)
        for s in sorted(set(res.seed)):
            dls = dense_dls(df, 'target', task, seed=int(s), device='cpu')
            triv[name, s] = trivial_score(dls, 'accuracy' if dls.task=='classification' else 'rmse', 'valid')
    r = res[res.variant.isin(fresh)].assign(trivial_valid=lambda d: [triv[k] for k in zip(d.dataset, d.seed)])
    return r[[_no_better(v, t, m) for v,t,m in zip(r.valid, r.trivial_valid, r.metric)]]

if __name__=='__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('run'); ap.add_argument('--data-dir'); ap.add_argument('--max-train-rows', type=int, default=3000)
    a = ap.parse_args()
    c = collapsed_rows(pd.read_csv(Path(a.run)/'results.csv'), a.data_dir, a.max_train_rows)
    print(c[['dataset', 'seed', 'variant', 'valid', 'trivial_valid', 'test', 'trivial']].to_string(index=False))
    print(f"datasets to re-run: {','.join(sorted(set(c.dataset)))}")
