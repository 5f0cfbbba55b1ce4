"""Judge ε rules offline on candidates.py's table: each rule sees only validation figures; the test split judges it.

The rule walks the grid upwards as `auto_refine` does (stopping after `patience` failures in a row, no bisection) and
keeps the largest passing ε; when none passes, the ε = 0 row (the original's function, dead neurons dropped).
Seeds are split in two halves: rules are ranked on the first ("dev") and the second ("held out") says whether
the ranking holds on splits and initialisations the choice never saw.

    python benchmarks/lossless/rules.py benchmarks/lossless/candidates_rounds.csv
"""
import sys, itertools
import numpy as np, pandas as pd

def choose(g, ok, patience=2):
    "The row of `g` (one dataset and seed) the grid search keeps, given each candidate's pass/fail `ok`"
    o = g[g.variant=='original'].iloc[0]
    c = g[g.variant=='refined'].sort_values('eps')
    chosen,fails = None,0
    for i,(_,r) in enumerate(c.iterrows()):
        if ok(r): chosen,fails = r,0
        else:
            fails += 1
            if fails>=patience: break
    return o if chosen is None else chosen

def judge(df, rule):
    "Per dataset: whether the chosen rows' mean test metric is not worse than the original's, and their mean compression"
    rows = []
    for ds,g in df.groupby('dataset', sort=False):
        ch = pd.DataFrame([choose(gs, lambda r: rule(r, r.task)) for _,gs in g.groupby('seed')])
        o,m = g[g.variant=='original'].test.mean(),g.metric.iloc[0]
        r = ch.test.mean()
        rows.append(dict(dataset=ds, task=g.task.iloc[0], ok=(r>=o-0.005) if m=='accuracy' else (r<=o*1.01), comp=ch.compression.mean(),
                         delta=(r-o) if m=='accuracy' else r/o-1))
    return pd.DataFrame(rows)

def rules():
    "name -> rule(row, task): pass or fail; classification and regression parts combined"
    cls = {'brier .01 (default)': lambda r: r.gap<=max(0.01, 0.01*r.loss)}
    for f in (0.02, 0.05, 0.1, 0.2): cls[f'brier {f:.0%} of loss'] = lambda r,f=f: r.gap<=f*r.loss
    for k in (0.5, 1.0): cls[f'brier .01, gap+{k}se'] = lambda r,k=k: r.gap+k*r.se<=0.01
    for f in (0.05, 0.1): cls[f'brier {f:.0%} loss, gap+1se'] = lambda r,f=f: r.gap+r.se<=f*r.loss
    cls['brier .01 & acc gap<=0'] = lambda r: r.gap<=0.01 and r.gap_acc<=1e-9
    cls['brier .01 & acc gap<=.005'] = lambda r: r.gap<=0.01 and r.gap_acc<=0.005
    for d in (0.005, 0.01, 0.02): cls[f'disagree<={d}'] = lambda r,d=d: r.disagree<=d
    cls['brier .01 & disagree<=.01'] = lambda r: r.gap<=0.01 and r.disagree<=0.01
    for k in (1, 2, 3):   # the absolute floor capped by the validation noise: a large validation split allows less
        cls[f'brier max(1% loss, min(.01, {k}se))'] = lambda r,k=k: r.gap<=max(0.01*r.loss, min(0.01, k*r.se))
    reg = {f'z={z}': (lambda r,z=z: r.gap<=z*r.se) for z in (-1.0, -0.5, 0.0)}
    for f in (0.005, 0.01): reg[f'{f:.1%}'] = lambda r,f=f: r.gap<=f*r.loss
    reg['z=-0.5 or 0.5%'] = lambda r: r.gap<=max(-0.5*r.se, 0.005*r.loss)
    return cls,reg

if __name__=='__main__':
    df = pd.concat([pd.read_csv(f) for f in sys.argv[1:]])
    half = df.seed.max()//2+1
    parts = dict(dev=df[df.seed<half], held=df[df.seed>=half], all=df)
    cls,reg = rules()
    for task,rs in (('classification',cls),('regression',reg)):
        out = []
        if not (df.task==task).any(): continue
        for name,f in rs.items():
            rec = dict(rule=name)
            for p,d in parts.items():
                if not (d.task==task).any(): continue
                j = judge(d[d.task==task], lambda r,t,f=f: f(r))
                rec.update({f'{p} ok':f'{j.ok.sum()}/{len(j)}', f'{p} comp':round(j.comp.median(), 3)})
                if p=='all': rec['losses'] = ', '.join(f'{a.split(".")[0]} {b:+.3f}' for a,b,k in zip(j.dataset, j.delta, j.ok) if not k)
            out.append(rec)
        print(f'## {task}\n'+pd.DataFrame(out).to_string(index=False)+'\n')
