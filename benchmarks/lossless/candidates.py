"""Every ε candidate's validation gaps and test metric, after a converged original, for judging ε rules offline.

For each dataset and seed: a 3x256 original trained with `fit_converged` (the library's rounds), then at every ε of
the default grid the refined model (retrained with the original's recipe, distilled as `refine` does by default).
Per candidate: its validation gap and SE against the original in Brier score (classification) or RMSE (regression),
as `auto_refine` scores them, and, for classification, in accuracy and as the share of validation rows whose
predicted class differs from the original's; its test metric; its compression. ε = 0 rows are the fallback
(constant neurons dropped, no retraining: the original's function).

    python benchmarks/lossless/candidates.py --data-dir ../shared/data --seeds 6 --max-train-rows 3000 --out benchmarks/lossless/candidates_rounds.csv
"""
import argparse, math, time, warnings
import pandas as pd
from lossless import bench_args, map_datasets, load_capped

def gaps(orig, small, base, tk):
    "Validation gaps of `small` against `orig`: Brier/RMSE gap and SE, accuracy gap and SE, disagreement"
    from prunelearn.all import row_scores, paired_gap
    g,se = paired_gap(base, row_scores(small)[0], tk)
    d = dict(gap=g, se=se)
    if tk=='classification':
        ga,sa = paired_gap(row_scores(orig, score='metric')[0], row_scores(small, score='metric')[0], tk)
        with orig.no_bar(), small.no_bar():
            po,_ = orig.get_preds(ds_idx=1); ps,_ = small.get_preds(ds_idx=1)
        d.update(gap_acc=ga, se_acc=sa, disagree=float((po.argmax(1)!=ps.argmax(1)).float().mean()))
    return d

def one(args):
    name, src, task, seeds, cap = args
    df,_ = load_capped(src, cap)
    from prunelearn.all import dense_dls, dense_learner, resplit, row_scores, base_loss, default_eps_grid, seed_shuffle
    from prunelearn.sweep import _fresh_original
    t0,recs = time.perf_counter(),[]
    dls = dense_dls(df, 'target', task, seed=0, device='cpu')
    learn = dense_learner(dls, 256, 3, seed=0)
    with learn.no_bar(), learn.no_logging():
        learn.fit_converged()
        for s in range(seeds):
            orig = learn if s==0 else _fresh_original(learn, resplit(learn.dls, s), s)
            base,tk = row_scores(orig)
            o = orig.evaluate('original')
            stats = orig.neuron_stats(cov=True)
            common = dict(dataset=name, seed=s, loss=base_loss(base, tk), metric=o['metric'], task=tk,
                          n_valid=len(base), n_test=len(orig.dls[2].dataset) if len(orig.dls.loaders)>2 else None)
            p0 = orig.prune_plan(0., stats=stats)
            recs.append(dict(common, eps=0., variant='original', test=o['test'], valid=o['valid'], compression=p0.compression,
                             gap=0., se=0., epochs=o['epochs']))
            for e in default_eps_grid:
                plan = orig.prune_plan(e, stats=stats)
                seed_shuffle(orig.dls, s)
                small = orig.refine(plan=plan, seed=s)
                r = small.evaluate('refined')
                recs.append(dict(common, eps=e, variant='refined', test=r['test'], valid=r['valid'], compression=plan.compression,
                                 epochs=r['epochs'], **gaps(orig, small, base, tk)))
    print(f"{name}: {time.perf_counter()-t0:.0f} s", flush=True)
    return pd.DataFrame(recs)

if __name__=='__main__':
    ap = bench_args(__doc__)
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    parts = map_datasets(one, a)
    pd.concat(parts, ignore_index=True).to_csv(a.out, index=False)
