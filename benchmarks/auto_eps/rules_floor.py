# Usage, from the repository root: python benchmarks/auto_eps/rules_floor.py [RECORDS.csv ...]
# The default auto-eps rule (Brier score, z = 1, stop at the first failure) with a floor on the allowance,
# gap <= max(z·SE, f·Brier of the original), applied to recorded candidates (rules_eval.py) and judged on the test split.
import sys, math
from pathlib import Path
import numpy as np, pandas as pd
import sys, pathlib; sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))   # benchmarks/, where bench.py is
from bench import not_worse
here = Path(__file__).parent
files = sys.argv[1:] or [here/'rules_greedy_cls.csv', here/'rules_cls.csv']

def pick(g, f, z=1.):
    last = None
    for _,r in g.sort_values('eps').iterrows():
        tag = 'small' if r.brier_val_small>r.brier_val_raw else 'raw'
        gap,se = r[f'brier_gap_{tag}'],r[f'brier_se_{tag}']
        b_orig = -r[f'brier_val_{tag}']-gap                      # the original's validation Brier score
        if gap > max(z*se, f*b_orig)+1e-12: break
        last = (r, tag)
    return last

def verdicts(df, f):
    rows = []
    for ds,g in df.groupby('dataset', sort=False):
        d,comp,rel = [],[],[]
        for s,gs in g.groupby('seed'):
            to = gs.test_orig.iloc[0]; p = pick(gs, f)
            test,c = (to, 0.) if p is None else (p[0][f'test_{p[1]}'], p[0].compression)
            d.append(test-to); comp.append(c); rel.append(100*(test-to))
        rows.append(dict(floor=f, dataset=ds, ok=not_worse(np.array(d)), compression=np.mean(comp), worst=min(rel), mean=np.mean(rel)))
    return pd.DataFrame(rows)

for fn in files:
    df = pd.read_csv(fn); df = df[df.task=='classification']
    r = pd.concat([verdicts(df, f) for f in (0, 0.01, 0.02, 0.05)])
    print(f'== {Path(fn).name}: {df.dataset.nunique()} datasets x {df.seed.nunique()} seeds')
    with pd.option_context('display.width', 200, 'display.precision', 3):
        print(r.pivot(index='dataset', columns='floor', values='compression').round(3).to_string())
        print(r.groupby('floor').agg(median_compression=('compression', 'median'), mean_compression=('compression', 'mean'),
              not_worse=('ok', 'sum'), datasets=('ok', 'size'), mean_test_change=('mean', 'mean'), worst_run=('worst', 'min')).to_string())
