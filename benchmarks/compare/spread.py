"""Per dataset of a `compare.py` run: the refined net's compression over seeds (median and interquartile range), its
gaps to the original, scratch and the search's best (means over seeds), and on how many seeds it was below the original.

    python benchmarks/compare/spread.py benchmarks/compare/heldout4
"""
import sys
from pathlib import Path
import pandas as pd
sys.path[:0] = [str(Path(__file__).parent)]
from compare import oriented, per_dataset, md

def spread(res:pd.DataFrame)->pd.DataFrame:
    "One row per dataset: compression median (IQR) over seeds, gaps (accuracy points or % of RMSE, positive: refined better), seeds lower"
    t,ref = per_dataset(res),res[res.variant=='refined'].groupby('dataset').compression
    q = ref.quantile([.25, .5, .75]).unstack()
    test = res.pivot_table(index=['dataset', 'seed'], columns='variant', values='test')
    gap = lambda r,alt: round(oriented(r.refined, r[alt], r.metric), 2)
    lower = lambda ds,m: f"{int((oriented(test.loc[ds].refined, test.loc[ds].original, m)<-1e-9).sum())}/{len(test.loc[ds])}"
    return pd.DataFrame([dict(dataset=ds, metric=r.metric, compression=f"{q.loc[ds, .5]:.1%} ({q.loc[ds, .25]:.0%}–{q.loc[ds, .75]:.0%})",
                              vs_original=gap(r, 'original'), seeds_lower=lower(ds, r.metric), vs_scratch=gap(r, 'scratch'),
                              vs_search=gap(r, 'search (best)'), params=int(r.params), search_params=int(r.search_params))
                         for ds,r in t.sort_index().iterrows()])

if __name__=='__main__': print(md(spread(pd.read_csv(Path(sys.argv[1])/'results.csv'))))
