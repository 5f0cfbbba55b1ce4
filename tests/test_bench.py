"""Tests of the benchmark, benchmarks/bench.py (no part of the package): its pure functions on made-up numbers, tiny runs
of every step, the report and its markers, and its worker processes."""
import os, sys, time, signal, subprocess, tempfile
from copy import deepcopy
from pathlib import Path
import pytest
from fastcore.test import test_eq as eq, test_close as close, test_fail as fails, test_is as is_   # not test_*: pytest would collect them

root = Path(__file__).parent.parent
sys.path.insert(0, str(root/'benchmarks'))   # as `python benchmarks/bench.py` has it; its worker processes import it as `bench`
from bench import (bench_config, data_files, subsample, bench_datasets, bench_dataset, not_worse, dataset_table, claims, baseline_table,
                   baseline_claims, synth_table, epoch_speed, plain_epoch, big_net, plan_transfer_speed, check_targets, plot_claims,
                   plot_alternatives, run_bench, write_report, replace_generated, report_begin, report_end, bench_targets, main,
                   _tensors, _change, _baseline_section, _peak_note)
from prunelearn.all import (pd, nn, torch, load_dataset, baseline_methods, hidden_widths, dense_dls, dense_learner, denormals_flushed,
                            count_params, sweep_variants)

def test_config():
    eq(bench_config('quick')['width'], 128)
    eq(bench_config('full', seeds=5)['seeds'], 5)
    fails(lambda: bench_config('medium'), contains='quick')
    fails(lambda: bench_config('quick', widht=3), contains='widht')

def test_data_files(tmp_path):
    d = tmp_path
    Path(d,'DATA.md').write_text("# Data\n## Classification\n| file | rows |\n|---|---|\n| a.csv | 3 |\n| b.csv.gz | 4 |\n"
                                 "## Regression\n| file | rows |\n|---|---|\n| c.csv | 5 |\n")
    eq(data_files(d), {'a.csv':'classification', 'b.csv.gz':'classification', 'c.csv':'regression'})
    fails(lambda: data_files(Path(d)/'nope'), contains='DATA.md')

def test_subsample_and_datasets():
    df = pd.DataFrame(dict(a=range(1000), target=range(1000)))
    eq(len(subsample(df, 120)), 200)
    is_(subsample(df, 10_000), df)
    is_(subsample(df, None), df)
    eq(bench_datasets(bench_config('quick', datasets=['iris'])), [('iris', 'iris', None)])
    fails(lambda: bench_datasets(bench_config('quick')), contains='--data-dir')

def test_bench_dataset():
    "The smallest run that goes through every step: iris, a 2x16 net, two seeds of one retraining epoch"
    tiny_cfg = bench_config('quick', datasets=['iris'], width=16, depth=2, epochs=2, retrain=1, seeds=2, eps_grid=[0.3, 0.6])
    r,bl,o,sm,r8,rec = bench_dataset('iris', load_dataset('iris'), tiny_cfg)
    eq(sorted(r.seed.unique()), [0, 1])
    eq(set(r.variant), {'original', 'original+extra', 'refined (no retraining)', 'refined (retrained)', 'refined',
                             'scratch', 'scratch (full budget)'})
    eq(len(rec['eps_seeds']), 2); eq(rec['eps'], sm.plan.eps)
    for s,g in r.groupby('seed'):
        eq(g.eps.nunique(), 1); eq(g.eps.iloc[0], rec['eps_seeds'][s])
        v = g.set_index('variant')
        chosen = 'refined (retrained)' if v.loc['refined','epochs']>0 else 'refined (no retraining)'
        eq(v.loc['refined','test'], v.loc[chosen,'test'])
        eq(v.loc['scratch','params'], v.loc['refined','params'])
        eq(set(bl[bl.seed==s].params), {v.loc['refined','params']})   # the alternatives keep the same widths
    eq(set(bl.variant), set(baseline_methods))
    eq(all(w%8==0 for w in hidden_widths(r8.model)), True)

def fake_sweep(ds='d', metric='accuracy', orig=(0.9, 0.92, 0.91), ref=(0.91, 0.92, 0.9), scr=(0.8, 0.82, 0.81), comp=0.75):
    "Sweep rows of a made-up dataset (3 seeds)"
    recs = []
    for s in range(len(orig)):
        for v,t in [('original',orig[s]), ('original+extra',orig[s]), ('refined (no retraining)',orig[s]-0.1),
                    ('refined',ref[s]), ('scratch',scr[s]), ('scratch (full budget)',ref[s])]:
            c = comp if 'refined' in v or 'scratch' in v else 0.
            recs.append(dict(eps=0.4, seed=s, variant=v, metric=metric, test=t, valid=t, params=1000*(1-c), compression=c,
                             dataset=ds))
    return pd.DataFrame(recs)

def fake_tab(): return dataset_table(pd.concat([fake_sweep('a'), fake_sweep('b', 'rmse', orig=(1.,1.1,1.2), ref=(1.5,1.6,1.7), comp=0.5)]))

def test_dataset_table():
    tab = fake_tab()
    eq(list(tab.dataset), ['a', 'b'])
    close(tab.compression.tolist(), [0.75, 0.5])
    close(tab['original_mean'][0], 0.91)
    eq(tab['vs original'][0], '1/1/1')    # +0.01, 0, -0.01
    eq(tab['ok vs original'].tolist(), [True, False])   # b: RMSE up by 0.5 on every seed
    eq(tab['ok vs scratch'].tolist(), [True, False])    # b: scratch's RMSE (about 0.8) beats refined's (1.6)
    eq(tab['vs scratch'][1], '0/0/3')
    eq(not_worse([-0.01, 0.01, -0.02]), True)    # within one standard error
    eq(not_worse([-0.01, -0.01, -0.01]), False)  # a consistent loss has no noise to hide in
    eq(not_worse([]), False)

def test_claims():
    c = claims(fake_tab())
    eq(c['datasets'], 2)
    close(c['median_compression'], 0.625)
    close(c['median_compression_no_loss'], 0.75)
    close(c['share_ok_vs_original'], 0.5)

def fake_baselines(ds='d', metric='accuracy', vals=None, transfer=None):
    "compare_baselines rows of a made-up dataset: `vals` (`transfer`) maps a method to its test metric per seed after (before) retraining"
    vals = vals or {m:(0.9, 0.92, 0.91) for m in baseline_methods}
    transfer = transfer or vals
    return pd.DataFrame([dict(eps=0.4, seed=s, variant=m, metric=metric, test=ts[s], valid=ts[s], test_transfer=transfer[m][s], params=100,
                              widths=[5, 4], dataset=ds) for s in range(3) for m,ts in vals.items()])

def test_baseline_table():
    same = {m:(0.9, 0.92, 0.91) for m in baseline_methods}
    worse_rand = {**same, 'random':(0.8, 0.82, 0.81)}
    beats = {**same, 'magnitude (torch-pruning)':(0.95, 0.97, 0.96)}          # magnitude better on every seed
    noisy = {**same, 'random':(0.91, 0.90, 0.93)}                            # +0.01, -0.02, +0.02: noise
    rm = {**same, 'random':(1.1, 1.2, 1.3)}                                  # rmse: random worse (higher)
    bt = baseline_table(pd.concat([fake_baselines('a', vals=same, transfer=beats), fake_baselines('b', vals=worse_rand), fake_baselines('c', vals=beats),
                                   fake_baselines('d', vals=noisy), fake_baselines('e', 'rmse', vals=rm)]))
    eq(bt['best or tied'].tolist(), [True, True, False, True, True])
    eq(bt['best or tied (no retraining)'].tolist(), [False, True, False, True, True])   # a: magnitude better before retraining
    eq(bt['vs random'].tolist(), ['0/3/0', '3/0/0', '0/3/0', '1/0/2', '3/0/0'])
    eq(bt['vs magnitude (torch-pruning)'][2], '0/0/3')
    close(bt['random_mean'][1], 0.81)
    eq(bt.widths[0], [5, 4])
    bc = baseline_claims(bt)
    eq((bc['datasets'], bc['best_or_tied'], bc['best_or_tied_no_retraining']), (5, 4, 3))
    close(bc['share_best_or_tied'], 0.8)
    close(bc['share_ok_vs_magnitude (torch-pruning)'], 0.8)

def test_epoch_speed_and_plain_epoch():
    dls = dense_dls(synth_table(600, 6), seed=0, bs=64)
    learn = dense_learner(dls, 16, 2)
    sp = epoch_speed(learn, reps=2)
    eq(sp['train_rows'], len(dls.train_ds))
    eq(sp['bs'], 64)
    assert all(sp[k]>0 for k in ('fit', 'plain', 'fit_flushed', 'stats', 'stats_cov'))
    for k,v in sp['times'].items(): eq(len(v), 2); eq(sp[k], min(v))   # the fastest of the repetitions
    eq(denormals_flushed(), False)   # the setting is back
    # the plain loop really trains, or the ratio would flatter nobody
    m = deepcopy(learn.model).cpu()
    tr = _tensors(dls.train, 'cpu'); tr = (tr[0], tr[1], tr[2].view(-1,1))
    loss = lambda: float(nn.MSELoss()(m(tr[0], tr[1]), tr[2]))
    l0 = loss()
    opt = torch.optim.AdamW(m.parameters(), lr=1e-2)
    for _ in range(3): plain_epoch(m, opt, nn.MSELoss(), tr, tr, 32)
    assert loss() < l0

def test_plan_transfer_speed():
    net = big_net(100, [700]*3, act_cls=nn.Tanh)
    eq(count_params(net), 1_052_801)
    r = plan_transfer_speed(net, eps=0., rows=1024, reps=1, dead=50)
    eq(r['plan'].widths_after, [650]*3)
    eq(hidden_widths(r['new']), [650]*3)
    eq(count_params(r['new']), r['plan'].params_after)
    eq(r['plan'].params_after, 100*650+650 + 2*(650*650+650) + 651)
    x = torch.randn(64, 100)
    close(r['new'].eval()(torch.zeros(64,0,dtype=torch.long), x), net(torch.zeros(64,0,dtype=torch.long), x), eps=1e-3)

def test_check_targets():
    t = check_targets(dict(median_compression=0.8, epoch_ratio=1.5, stats_ratio=0.5, plan_transfer_s=float('nan')))
    eq(t.set_index('key').met.to_dict(), dict(median_compression='yes', share_ok_vs_original='not measured',
        share_ok_vs_scratch='not measured', epoch_ratio='NO', stats_ratio='yes', plan_transfer_s='not measured',
        latency_vs_ratio='not measured', latency_vs_ratio_x8='not measured', latency_vs_ratio_inference='not measured',
        latency_vs_ratio_inference_x8='not measured', latency_vs_ratio_fast='not measured', share_best_vs_alternatives='not measured'))

def test_plots():
    ax = plot_claims(fake_tab().to_dict('records'))
    eq(len(ax.collections), 4)                                             # two markers per dataset
    close(ax.collections[1].get_offsets()[0], [25, _change(0.91, 0.91, 'accuracy')])   # most compressed first
    close(_change(1.5, 1.0, 'rmse'), -50.); close(_change(0.95, 0.9, 'accuracy'), 5.)
    bt_ = baseline_table(pd.concat([fake_baselines('a'), fake_baselines('b', 'rmse')])).to_dict('records')
    ax = plot_alternatives(bt_)
    eq(len(ax.patches), 2*(len(baseline_methods)-1))

def test_replace_generated():
    "The report's generated part goes between the markers; what is around them is kept"
    new = replace_generated('', 'G1')
    eq(new, f'{report_begin}\nG1\n{report_end}\n')
    by_hand = f'# Benchmarks\n{report_begin}\nold\ngenerated\n{report_end}\n\n## Written by hand\n\nkept\n'
    eq(replace_generated(by_hand, 'G2'), f'# Benchmarks\n{report_begin}\nG2\n{report_end}\n\n## Written by hand\n\nkept\n')
    eq(replace_generated(replace_generated(by_hand, 'G2'), 'G3'), replace_generated(by_hand, 'G3'))
    for bad in ('no markers at all', f'{report_end}\n{report_begin}\n', f'{report_begin}\n{report_begin}\n{report_end}\n'):
        fails(lambda: replace_generated(bad, 'G'), contains='marker lines')

def test_committed_report_has_markers():
    "BENCHMARKS.md holds its generated part between the markers, and hand-written sections after them"
    L = (root/'BENCHMARKS.md').read_text().split('\n')
    b,e = [i for i,l in enumerate(L) if l==report_begin],[i for i,l in enumerate(L) if l==report_end]
    eq((len(b), len(e)), (1, 1))
    assert b[0]<e[0] and any(l.startswith('## ') for l in L[e[0]:]), "no hand-written section after the generated part"
    eq(replace_generated('\n'.join(L), 'G').split('\n'), L[:b[0]+1] + ['G'] + L[e[0]:])   # only the generated part changes

tiny = dict(datasets=['iris'], width=16, depth=2, epochs=2, retrain=1, seeds=1, eps_grid=[0.3, 0.6],
            speed_rows=1500, speed_feats=6, speed_width=16, speed_depth=2, speed_bs=[64], reps=1,
            big_inputs=20, big_widths=[64]*3, latency_bs=[1, 256], latency_time=0.01)

def test_run_and_report(tmp_path):
    "A tiny end-to-end run: one built-in dataset, a 2x16 net, one seed and a short budget, then the report"
    d = tmp_path
    s = run_bench('quick', None, Path(d)/'bench', note='test machine', echo=False, **tiny)
    eq(sorted(p.name for p in (Path(d)/'bench'/'quick').iterdir()),
            ['baselines.csv', 'datasets.csv', 'results.csv', 'speed.csv', 'summary.json'])
    bl = pd.read_csv(Path(d)/'bench'/'quick'/'baselines.csv')
    eq(bl.variant.tolist(), list(baseline_methods))
    eq(bl.widths.nunique(), 1)                                   # identical widths across methods
    eq(bl.eps[0], s['datasets'][0]['eps'])                       # at the ε auto_refine chose
    eq([r['dataset'] for r in s['baselines']], ['iris'])
    eq(s['baseline_claims']['datasets'], 1)
    res = pd.read_csv(Path(d)/'bench'/'quick'/'results.csv')
    eq(set(res.variant), {*sweep_variants, 'refined (retrained)'})
    eq(s['table'][0]['dataset'], 'iris')
    eq(len(s['targets']), len(bench_targets))
    eq(s['machine']['note'], 'test machine')
    assert s['peak_rss_mb']>0
    txt = write_report(Path(d)/'bench', Path(d)/'B.md')
    assert '**Not done yet**: no results for `--full`' in txt
    for f in ('claims.png', 'alternatives.png'):
        assert (Path(d)/'bench'/'quick'/f).stat().st_size>1000 and f'(bench/quick/{f})' in txt, f
    for k,desc,op,bound in bench_targets: assert desc in txt, desc
    assert '### Against the alternatives, at identical widths' in txt and 'prunelearn best or tied on' in txt
    eq(_baseline_section(dict(baselines=None))[-2], 'Not measured in this run.')   # e.g. an older summary.json
    eq(_peak_note(s), '')
    assert 'main process only' in _peak_note(dict(config=dict(workers=2), datasets=[dict(dataset='x')]))
    # written again into a report with hand-written sections: only the generated part changes
    rep = Path(d)/'B.md'
    rep.write_text(rep.read_text() + '\n## By hand (2026-12-06)\n\nkept as it is\n')
    txt2 = write_report(Path(d)/'bench', rep)
    eq(txt2, txt)
    eq(rep.read_text(), f'{report_begin}\n{txt}\n{report_end}\n\n## By hand (2026-12-06)\n\nkept as it is\n')
    eq(main(['--quick', '--data-dir', str(Path(d)/'missing'), '--out', str(Path(d)/'o')]), 2)

def test_workers_same_rows(tmp_path):
    "With workers=2 two datasets run at once, each in a fresh process; the rows are those of one process"
    d = tmp_path
    two = {**tiny, 'datasets':['iris', 'wine'], 'baselines':False}
    a = run_bench('quick', None, Path(d)/'one', echo=False, **two)
    b = run_bench('quick', None, Path(d)/'two', echo=False, workers=2, **two)
    ra,rb = [pd.read_csv(Path(d)/o/'quick'/'results.csv').drop(columns='seconds') for o in ('one', 'two')]
    eq(ra.dataset.unique().tolist(), ['iris', 'wine'])
    eq(rb, ra)
    eq([r['eps_seeds'] for r in b['datasets']], [r['eps_seeds'] for r in a['datasets']])

def test_killed_run_takes_its_workers():
    "A run that is killed (SIGKILL: a CI time limit) takes its workers with it"
    code = f"""import os, sys, time, multiprocessing
sys.path.insert(0, {str(root/'benchmarks')!r})
from concurrent.futures import ProcessPoolExecutor
import bench as b
ex = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context('spawn'), initializer=b._exit_with_parent, initargs=(os.getpid(),))
ex.submit(time.sleep, 120)
while not ex._processes: time.sleep(0.1)
print(*ex._processes, flush=True); time.sleep(120)"""
    p = subprocess.Popen([sys.executable, '-c', code], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    child = int(p.stdout.readline())
    os.kill(p.pid, signal.SIGKILL); p.wait()
    def alive(pid):
        try: os.kill(pid, 0)
        except ProcessLookupError: return False
        st = Path(f'/proc/{pid}/stat')
        return not (st.exists() and st.read_text().split()[2]=='Z')   # a zombie has exited
    t = time.time()
    while alive(child) and time.time()-t<30: time.sleep(0.2)
    assert not alive(child), 'the worker outlived its killed parent'

def test_command_line(tmp_path):
    "The script runs as the Makefile runs it (`make bench-quick`), from any folder"
    r = subprocess.run([sys.executable, str(root/'benchmarks'/'bench.py'), '--quick', '--data-dir', str(tmp_path/'missing'),
                        '--out', str(tmp_path/'o')], capture_output=True, text=True, cwd=tmp_path, env={**os.environ, 'OMP_NUM_THREADS':'1'})
    eq(r.returncode, 2)
    assert 'bench: error:' in r.stderr and 'DATA.md' in r.stderr, r.stderr
