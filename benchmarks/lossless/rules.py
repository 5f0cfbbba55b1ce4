"""Judge ε rules offline on candidates.py's tables: each rule sees only the validation gaps and SEs; the test split judges it.

    python benchmarks/lossless/rules.py benchmarks/lossless/candidates_small.csv benchmarks/lossless/candidates_large.csv
"""
import sys, itertools
import numpy as np, pandas as pd
def choose(g, z, floor, patience):
    o = g[g.variant=='original'].iloc[0]
    c = g[g.variant=='refined'].sort_values('eps').reset_index(drop=True)
    allow = z*c.se if z<0 else np.maximum(z*c.se, floor*c.loss)
    ok = (c.gap <= allow).to_numpy()
    chosen,fails = None,0
    for i in range(len(c)):
        if ok[i]: chosen,fails = i,0
        else:
            fails += 1
            if fails>=patience: break
    return o if chosen is None else c.iloc[chosen]
def judge(df, z, floor, patience):
    rows = []
    for ds,g in df.groupby('dataset', sort=False):
        ch = pd.DataFrame([choose(gs, z[gs.task.iloc[0]], floor[gs.task.iloc[0]], patience) for _,gs in g.groupby('seed')])
        orig = g[g.variant=='original']; m = g.metric.iloc[0]
        r,o = ch.test.mean(),orig.test.mean()
        rows.append(dict(dataset=ds, ok=(r>=o-0.005) if m=='accuracy' else (r<=o*1.01), comp=ch.compression.mean()))
    return pd.DataFrame(rows)
df = pd.concat([pd.read_csv(f) for f in sys.argv[1:]])
out = []
for p,zc,fc,zr,fr in itertools.product((1,2,3,9), (0,1), (0.01,0.05), (-1,-0.5,0), (0,0.005)):
    if zr<0 and fr>0: continue
    j = judge(df, dict(classification=zc, regression=zr), dict(classification=fc, regression=fr), p)
    out.append(dict(pat=p, z_clf=zc, floor_clf=fc, z_reg=zr, floor_reg=fr, ok=j.ok.sum(), n=len(j), comp_med=round(j.comp.median(), 3), fails=','.join(j.dataset[~j.ok])))
print(pd.DataFrame(out).sort_values(['ok','comp_med'], ascending=False).head(40).to_string())
