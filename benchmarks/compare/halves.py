"""How much does issue 21's count move with the seeds it is taken on? A `compare.py` run's verdicts on each half of
its seeds and on all of them.

With 10 seeds, each half is a run of 5 seeds, the size of the earlier runs: the two halves are two independent
replications of the same benchmark, and their counts show how far a 5-seed count can move by chance alone.

    python benchmarks/compare/halves.py benchmarks/compare/heldout
"""
import sys
from pathlib import Path
import pandas as pd
sys.path[:0] = [str(Path(__file__).parent)]
from compare import per_dataset, versus, alternatives, md

def verdicts(res:pd.DataFrame)->dict:
    "Median compression and, for every alternative, on how many datasets refined is not worse (issue 21's tolerance)"
    t = per_dataset(res)
    vs = {a: versus(t, a) for a in alternatives}
    return dict(seeds=f"{res.seed.min()}-{res.seed.max()}", datasets=len(t), compression=f"{t.compression.median():.1%}",
                **{a: f"{v['not_worse']}/{len(t)}" for a,v in vs.items()})

def halves(out)->pd.DataFrame:
    res = pd.read_csv(Path(out)/'results.csv')
    seeds = sorted(res.seed.unique()); h = len(seeds)//2
    parts = [res[res.seed.isin(seeds[:h])], res[res.seed.isin(seeds[h:])], res]
    return pd.DataFrame([verdicts(p) for p in parts])

if __name__=='__main__':
    t = halves(sys.argv[1])
    print("Refined not worse than each alternative (datasets), on each half of the seeds and on all of them:\n")
    print(md(t))
