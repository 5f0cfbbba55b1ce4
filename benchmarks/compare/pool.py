"""Pool runs of `compare.py` (or of `replicate.py`) made on different seeds into one, to judge over more seeds.

The runs must cover the same datasets and no (dataset, seed) split twice; the pooled rows are then summarized like
any run:

    python benchmarks/compare/pool.py benchmarks/compare/heldout_reinit_spliced benchmarks/compare/heldout2 --out benchmarks/compare/heldout20
    python benchmarks/compare/compare.py --summarize benchmarks/compare/heldout20
"""
import argparse, json
from pathlib import Path
import pandas as pd

def pool(runs:list)->pd.DataFrame:
    "The rows of every run in `runs`, refused unless they hold the same datasets and disjoint seeds"
    sets = [set(r.dataset) for r in runs]
    if any(s!=sets[0] for s in sets): raise ValueError("the runs cover different datasets")
    seen = set()
    for r in runs:
        splits = set(zip(r.dataset, r.seed))
        if splits & seen: raise ValueError(f"a split is in two runs: {sorted(splits & seen)[:3]}")
        seen |= splits
    return pd.concat(runs, ignore_index=True)

if __name__=='__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('runs', nargs='+'); ap.add_argument('--out', required=True)
    a = ap.parse_args()
    res = pool([pd.read_csv(Path(p)/'results.csv') for p in a.runs])
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    res.to_csv(out/'results.csv', index=False)
    (out/'run.json').write_text(json.dumps(dict(pooled=a.runs, seeds=sorted(int(s) for s in set(res.seed))), indent=1))
    print(f"{len(a.runs)} runs pooled: {res.dataset.nunique()} datasets, {res.seed.nunique()} seeds; {out/'results.csv'}")
