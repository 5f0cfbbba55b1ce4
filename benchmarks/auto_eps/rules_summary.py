# Summarise rules_cls.csv + rules_reg.csv (made by rules_eval.py): each auto-eps rule applied to the recorded candidates
# of every (dataset, seed), judged on the test split, which no rule sees.
import sys, math
from pathlib import Path
import numpy as np, pandas as pd
from prunelearn.bench import not_worse
here = Path(__file__).parent
df = pd.concat([pd.read_csv(here/'rules_cls.csv'), pd.read_csv(here/'rules_reg.csv')])

def pick(g, key, z):
    "Largest eps passing `gap <= z*SE` on `key`, searched upwards, stopping at the first failure; transferred or retrained by `key`"
    last = None
    for _,r in g.sort_values('eps').iterrows():
        tag = 'small' if r[f'{key}_val_small']>r[f'{key}_val_raw'] else 'raw'
        if r[f'{key}_gap_{tag}'] > z*r[f'{key}_se_{tag}']+1e-12: break
        last = r,tag
    return last

rules = {'accuracy / squared error, z = 0 (the rule until now)': lambda task: ('acc', 0.),
         'Brier / squared error, z = 1 for both': lambda task: ('brier', 1.),
         'Brier z = 1 / squared error z = 0 (the new default)': lambda task: ('brier', 1. if task=='classification' else 0.)}
rows = []
for name,rule in rules.items():
    for ds,g in df.groupby('dataset', sort=False):
        task = g.task.iloc[0]
        d,comp,rel = [],[],[]
        for s,gs in g.groupby('seed'):
            to = gs.test_orig.iloc[0]
            p = pick(gs, *rule(task))
            test,c = (to,0.) if p is None else (p[0][f'test_{p[1]}'], p[0].compression)  # nothing passed: the exact eps=0 model
            d.append(test-to); comp.append(c)
            # test change: points of accuracy, or % of RMSE (scores are -squared errors), positive is better
            rel.append(100*(test-to) if task=='classification' else 100*(math.sqrt(-to)-math.sqrt(-test))/math.sqrt(-to))
        rows.append(dict(rule=name, dataset=ds, ok=not_worse(np.array(d)), compression=np.mean(comp), worst=min(rel), mean=np.mean(rel)))
r = pd.DataFrame(rows)
s = r.groupby('rule', sort=False).agg(median_compression=('compression', 'median'), not_worse=('ok', 'sum'), datasets=('ok', 'size'),
                                     mean_test_change=('mean', 'mean'), worst_run=('worst', 'min'))
with pd.option_context('display.width', 200, 'display.max_columns', 20, 'display.precision', 3):
    print(r.pivot(index='dataset', columns='rule', values='compression').round(3).to_string())
    print(s.to_string())
