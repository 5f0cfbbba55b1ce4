"""Tests of issue 24's benchmark, benchmarks/compare/compare.py: its summary on made-up rows, and one tiny task end to end."""
import math, sys
from pathlib import Path
import numpy as np, pandas as pd
from fastcore.test import test_eq as eq, test_close as close

root = Path(__file__).parent.parent
sys.path.insert(0, str(root/'benchmarks'/'compare'))
from compare import alternatives, ranked, oriented, per_dataset, versus, avg_ranks, plot_ranks, summarize_run, one, q05

def made_up(n_ds=6, seeds=2):
    "Rows of `n_ds` datasets: refined is 1 point (or 1% of RMSE) better than scratch, 1 worse than original+extra, equal to the rest"
    rows = []
    for d in range(n_ds):
        m = 'accuracy' if d%2 else 'rmse'
        base = 0.9 if m=='accuracy' else 10.
        for s in range(seeds):
            for v in ranked:
                t = base
                if v=='scratch': t = base-0.01 if m=='accuracy' else base*1.01*1.001
                if v=='original+extra': t = base+0.01 if m=='accuracy' else base/(1.01*1.001)
                rows.append(dict(dataset=f'd{d}', seed=s, variant=v, metric=m, test=t, trivial=0.5 if m=='accuracy' else 20.,
                                 params=100 if v=='refined' else 1000, compression=0.9 if v=='refined' else 0.,
                                 prunelearn_s=2., search_s=1., peak_mb=500., budget_epochs=100, search_trials=3))
    return pd.DataFrame(rows)

def test_oriented():
    close(oriented(0.91, 0.90, 'accuracy'), 1.0)      # points of accuracy, positive: the first is better
    close(oriented(9.9, 10., 'rmse'), 1.0)            # % of the second's RMSE
    close(oriented(10.1, 10., 'rmse'), -1.0)

def test_versus_and_ranks():
    t = per_dataset(made_up())
    eq(len(t), 6); eq(list(t.metric[:2]), ['rmse', 'accuracy'])
    v = {a: versus(t, a) for a in alternatives}
    eq((v['scratch']['wins'], v['scratch']['losses']), (6, 0))           # 1 point / 1.1% better: beyond the tolerance
    eq((v['original+extra']['wins'], v['original+extra']['losses']), (0, 6))
    eq((v['original']['ties'], v['original']['not_worse']), (6, 6))
    assert math.isnan(v['original']['p_wilcoxon'])                        # no difference to test
    assert v['scratch']['p_wilcoxon']<0.05                                # six wins of six
    r = avg_ranks(t)
    eq(r.index[0], 'original+extra'); eq(r.index[-1], 'scratch')          # best and worst on every dataset
    close(r['refined'], (2+len(ranked)-1)/2)                             # tied with the six equal ones: ranks 2..8 shared

def test_plot_and_summary(tmp_path):
    made_up().to_csv(tmp_path/'results.csv', index=False)
    cd = plot_ranks(avg_ranks(per_dataset(made_up())), 6, tmp_path/'x.png')
    close(cd, q05[len(ranked)]*math.sqrt(len(ranked)*(len(ranked)+1)/36))
    assert (tmp_path/'x.png').stat().st_size>1000
    md = summarize_run(tmp_path)
    assert "refined not worse than the search's best net: 6/6" in md and 'fewer parameters than it: 6/6' in md
    assert (tmp_path/'ranks.png').is_file() and '| original+extra | 0 | 0 | 6 |' in md

def test_one_tiny_task():
    "One dataset and seed through every variant: the rows a run writes"
    r = one(('iris', 'iris', None, 0, 60))
    eq(set(r.variant), {'original', 'original+extra', 'refined (no retraining)', *ranked})
    g = r.set_index('variant')
    eq(g.params['magnitude (torch-pruning)'], g.params['refined']); eq(g.params['random'], g.params['refined'])
    assert g.epochs['search (best)']>=r.budget_epochs.iloc[0]            # the search ran until it had used prunelearn's epochs
    assert (r.test.between(0, 1)).all() and r.dataset.eq('iris').all()

def test_halves_and_optimism():
    "halves.py counts each half of the seeds apart; optimism.py sets the validation gap beside the test gap"
    from halves import verdicts
    from optimism import optimism
    res = made_up(seeds=4)
    res.loc[(res.variant=='refined')&(res.seed>=2)&(res.metric=='accuracy'), 'test'] -= 0.02   # refined loses on the second half
    res['valid'] = res.test
    res.loc[(res.variant=='refined')&(res.metric=='accuracy'), 'valid'] = 0.91                    # and looks 1 point better on validation
    v = verdicts(res[res.seed<2]); eq((v['seeds'], v['original']), ('0-1', '6/6'))
    eq(verdicts(res[res.seed>=2])['original'], '3/6')   # the 3 accuracy sets lose 2 points there
    eq(list(halves_of(res)), ['6/6', '3/6', '3/6'])
    o = optimism(res).set_index('dataset')
    close(o.loc['d1', 'test_gap'], -1.0); close(o.loc['d1', 'valid_gap'], 1.0); close(o.loc['d1', 'optimism'], 2.0)   # accuracy points
    eq(o.loc['d1', 'valid_not_lower'], '4/4'); eq(o.loc['d1', 'test_lower'], '2/4')

def halves_of(res):
    "halves.py's verdicts against the original for a run of rows `res`, written where it reads them"
    import tempfile
    from halves import halves
    d = Path(tempfile.mkdtemp()); res.to_csv(d/'results.csv', index=False)
    return halves(d).original

def test_cv_walk():
    "cv_check.py's upward walk: the largest pass before two failures in a row"
    sys.path.insert(0, str(root/'benchmarks'/'lossless'))
    from cv_check import walk
    eq(walk([True, True, False, True, False, False, True]), 3)   # stops at the second failure in a row
    eq(walk([False, False, True]), None)
    eq(walk([True, False, True], patience=1), 0)

def test_splice():
    "Re-run datasets replace the old rows only when the datasets that should not change are reproduced exactly"
    from splice import splice, differences
    old = made_up(n_ds=3).assign(valid=0.8, epochs=10)
    new = old[old.dataset.isin(['d0', 'd1'])].copy()
    new.loc[new.dataset=='d0', 'test'] += 0.05                       # d0 changed: it is the one re-run for
    res,swap = splice(old, new, ['d1'])
    eq(swap, ['d0']); eq(len(res), len(old))
    close(res[res.dataset=='d0'].test.to_numpy(), old[old.dataset=='d0'].test.to_numpy()+0.05)
    eq(res[res.dataset!='d0'].sort_values(['dataset','seed','variant']).test.tolist(),
       old[old.dataset!='d0'].sort_values(['dataset','seed','variant']).test.tolist())
    eq(len(differences(old, new, ['d0'])), len(new[new.dataset=='d0']))
    bad = new.copy(); bad.loc[bad.dataset=='d1', 'epochs'] += 1   # d1 not reproduced: refused
    try: splice(old, bad, ['d1']); raise AssertionError('splice accepted rows that were not reproduced')
    except ValueError as e: assert 'does not reproduce' in str(e)

def test_versus_leaves_out_failed():
    "A dataset where the alternative failed is not counted for refined: a win over a failed control counts for nothing"
    t = per_dataset(made_up())
    v = versus(t, 'original', [('d0', 'original'), ('d3', 'scratch')])
    eq((v['failed'], v['not_worse'], v['not_worse_sound']), (1, 6, '5/5'))
    eq(versus(t, 'original')['not_worse_sound'], '6/6')

def test_pool():
    "Runs on disjoint seeds pool into one; the same split twice, or different datasets, is refused"
    from pool import pool
    a = made_up(n_ds=2, seeds=2); b = a.assign(seed=a.seed+2)
    p = pool([a, b])
    eq(len(p), 2*len(a)); eq(sorted(set(p.seed)), [0, 1, 2, 3])
    for runs,msg in (([a, a], 'two runs'), ([a, b[b.dataset=='d0']], 'different datasets')):
        try: pool(runs); raise AssertionError('pool accepted '+msg)
        except ValueError as e: assert msg in str(e)
