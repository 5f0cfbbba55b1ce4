# Summarise rules_cls.csv + rules_reg.csv (made by rules_eval.py): each auto-eps rule applied to the recorded candidates
# of every (dataset, seed), judged on the test split, which no rule sees.
# With arguments, `rules_summary.py OTHER.csv NAME` also applies the default rule to OTHER.csv (e.g. rules_lr01.csv, made by
# `rules_eval.py ... 256 0.1`: retraining at a tenth of the original's learning rate) and to the same datasets of the default run.
import sys, math
from pathlib import Path
import numpy as np, pandas as pd
import sys, pathlib; sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))   # benchmarks/, where bench.py is
from bench import not_worse
here = Path(__file__).parent

def pick(g, key, z, patience=1):
    "Largest eps passing `gap <= z*SE` on `key`, searched upwards, stopping after `patience` failures in a row; transferred or retrained by `key`"
    last,fails = None,0
    for _,r in g.sort_values('eps').iterrows():
        tag = 'small' if r[f'{key}_val_small']>r[f'{key}_val_raw'] else 'raw'
        if r[f'{key}_gap_{tag}'] > z*r[f'{key}_se_{tag}']+1e-12:
            fails += 1
            if fails>=patience: break
            continue
        last,fails = (r,tag),0
    return last

brier_z = lambda task: 1. if task=='classification' else 0.
rules = {'accuracy / squared error, z = 0 (the first rule)': lambda task: ('acc', 0.),
         'Brier / squared error, z = 1 for both': lambda task: ('brier', 1.),
         'Brier z = 1 / squared error z = 0, stop at the first failure (the default)': lambda task: ('brier', brier_z(task)),
         'the same, stop after 2 failures in a row': lambda task: ('brier', brier_z(task), 2),
         'the same, stop after 3 failures in a row': lambda task: ('brier', brier_z(task), 3),
         'the same, whole grid': lambda task: ('brier', brier_z(task), 99)}

def verdicts(df, name, rule):
    "One row per dataset: not worse than the original (paired over seeds), mean compression, worst and mean test change"
    rows = []
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
    return pd.DataFrame(rows)

def summary(r):
    return r.groupby('rule', sort=False).agg(median_compression=('compression', 'median'), mean_compression=('compression', 'mean'), not_worse=('ok', 'sum'),
                                             datasets=('ok', 'size'), mean_test_change=('mean', 'mean'), worst_run=('worst', 'min'))

df = pd.concat([pd.read_csv(here/'rules_cls.csv'), pd.read_csv(here/'rules_reg.csv')])
r = pd.concat([verdicts(df, n, f) for n,f in rules.items()])
with pd.option_context('display.width', 200, 'display.max_columns', 20, 'display.precision', 3):
    print(r.pivot(index='dataset', columns='rule', values='compression').round(3).to_string())
    print(summary(r).to_string())
    if len(sys.argv)>2:
        other = pd.read_csv(sys.argv[1])
        new = rules['Brier z = 1 / squared error z = 0, stop at the first failure (the default)']   # the rule rules_lr01.csv was compared with
        c = pd.concat([verdicts(df[df.dataset.isin(other.dataset.unique())], 'default retraining', new), verdicts(other, sys.argv[2], new)])
        print(c.pivot(index='dataset', columns='rule', values=['compression', 'ok']).to_string())
        print(summary(c).to_string())
