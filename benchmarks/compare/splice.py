"""Replace some datasets' rows of a `compare.py` run by those of a newer, smaller run of the same seeds, after checking that
the newer code reproduces the older run on datasets it should not change.

A change that acts only on some splits (a collapsed training started again: `train_fresh`) leaves every other split's
results as they were, since the code it adds draws no random numbers there. Re-running only the datasets where it acts
is then as good as re-running all of them, provided that is checked: `--same` names datasets of the newer run that must
equal the older run's rows exactly (variant, test and validation metric, parameters, epochs), and the splice is refused
otherwise.

    python benchmarks/compare/splice.py benchmarks/compare/heldout benchmarks/compare/heldout_reinit \\
        --same wine --out benchmarks/compare/heldout_spliced
    python benchmarks/compare/compare.py --summarize benchmarks/compare/heldout_spliced
"""
import argparse, json, shutil
from pathlib import Path
import numpy as np, pandas as pd

key = ['dataset', 'seed', 'variant']
checked = ['test', 'valid', 'params', 'epochs']

def differences(old:pd.DataFrame, new:pd.DataFrame, names:list)->pd.DataFrame:
    "Rows of `names` whose checked columns differ between `old` and `new` (both must hold the same rows)"
    o,n = (d[d.dataset.isin(names)].set_index(key).sort_index()[checked] for d in (old, new))
    if not o.index.equals(n.index): raise ValueError(f"the runs do not hold the same rows of {names}")
    bad = ~np.isclose(o.to_numpy(float), n.to_numpy(float), rtol=0, atol=1e-12).all(1)
    return o[bad].join(n[bad], rsuffix='_new')

def splice(old:pd.DataFrame, new:pd.DataFrame, same:list)->pd.DataFrame:
    "`old` with the rows of every dataset of `new` not in `same` replaced by `new`'s; refused unless `same` is reproduced exactly"
    d = differences(old, new, same)
    if len(d): raise ValueError(f"the newer run does not reproduce {same}:\n{d}")
    swap = sorted(set(new.dataset)-set(same))
    if set(new.seed)!=set(old.seed): raise ValueError("the runs cover different seeds")
    return pd.concat([old[~old.dataset.isin(swap)], new[new.dataset.isin(swap)]], ignore_index=True), swap

if __name__=='__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('old'); ap.add_argument('new'); ap.add_argument('--same', default='', help='datasets that must be reproduced')
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    old,new = (pd.read_csv(Path(p)/'results.csv') for p in (a.old, a.new))
    res,swap = splice(old, new, [s for s in a.same.split(',') if s])
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    res.to_csv(out/'results.csv', index=False)
    (out/'run.json').write_text(json.dumps(dict(spliced_from=a.old, replaced=swap, by=a.new, reproduced=a.same.split(',')), indent=1))
    print(f"{len(swap)} dataset(s) replaced ({', '.join(swap)}); {a.same or 'nothing'} reproduced exactly; {out/'results.csv'}")
