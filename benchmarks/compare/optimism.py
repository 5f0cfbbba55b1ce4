"""How optimistic is the validation split about the refined net? A `compare.py` run's refined-minus-original gap on
the validation rows (where ε and the retrained-or-transferred model were chosen) next to the same gap on the test rows.

A choice made on the validation rows is flattered by them: where the refined net looks better on validation but is
worse on test, the choice has fitted the validation rows' noise, and a stricter allowance cannot see it.

    python benchmarks/compare/optimism.py benchmarks/compare/heldout
"""
import sys
from pathlib import Path
import pandas as pd
sys.path[:0] = [str(Path(__file__).parent)]
from compare import oriented, md

def optimism(res:pd.DataFrame)->pd.DataFrame:
    "Per dataset: the mean refined-minus-original gap on validation and on test (accuracy points or % of RMSE, positive: refined better)"
    rows = []
    for ds,g in res.groupby('dataset', sort=False):
        p = g.pivot_table(index='seed', columns='variant', values=['valid', 'test'])
        m = g.metric.iloc[0]
        gap = lambda split: [oriented(r, o, m) for r,o in zip(p[split]['refined'], p[split]['original'])]
        v,t = pd.Series(gap('valid')),pd.Series(gap('test'))
        rows.append(dict(dataset=ds, metric=m, seeds=len(p), valid_gap=v.mean(), test_gap=t.mean(), optimism=v.mean()-t.mean(),
                         valid_not_lower=f"{int((v>=-1e-9).sum())}/{len(v)}", test_lower=f"{int((t<-1e-9).sum())}/{len(t)}"))
    return pd.DataFrame(rows).sort_values('optimism', ascending=False)

if __name__=='__main__':
    t = optimism(pd.read_csv(Path(sys.argv[1])/'results.csv'))
    print(md(t.round(2)))
