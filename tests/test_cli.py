"""The console script as users run it: in a fresh process, on files they bring."""
import json, subprocess, sys, os
from pathlib import Path
import numpy as np, pandas as pd
import pytest

exe = Path(sys.executable).parent/'prunelearn'
fast = ['--width', '16', '--depth', '2', '--epochs', '2', '--retrain-epochs', '1', '--quiet']

def no_nan(c): raise ValueError(f"{c} is not JSON")

def run(*args, cwd=None):
    return subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)

@pytest.fixture(scope='module')
def messy_csv(tmp_path_factory):
    "A CSV as users bring them: target in the middle, strings, missing values, integer labels"
    rng = np.random.default_rng(0)
    n = 300
    df = pd.DataFrame(dict(x1=rng.normal(size=n), colour=rng.choice(['red','green','blue'], n),
                           x2=rng.normal(size=n)))
    df['label'] = ((df.x1+df.x2+(df.colour=='red'))>0.5).astype(int)
    df['x3'] = rng.normal(size=n)
    df.loc[::9, 'x2'] = np.nan
    df.loc[::11, 'colour'] = None
    p = tmp_path_factory.mktemp('data')/'messy.csv'
    df.to_csv(p, index=False)
    return p

def test_run_on_a_users_csv(messy_csv, tmp_path):
    out = tmp_path/'out'
    r = run('run', '--data', messy_csv, '--target', 'label', '--out', out, *fast)
    assert r.returncode==0, r.stderr
    assert sorted(p.name for p in out.iterdir())==['.prunelearn-run', 'kept.png', 'model', 'pareto.png', 'report.md', 'results.csv', 'std.png', 'summary.json', 'trials.csv']
    s = json.loads((out/'summary.json').read_text(), parse_constant=no_nan)   # strict JSON: a missing value is null
    assert s['task']=='classification' and s['target']=='label'
    res = pd.read_csv(out/'results.csv')
    assert list(res.variant)==['original', 'original+extra', 'refined (no retraining)', 'refined', 'scratch', 'scratch (full budget)']
    assert res.params[3]==s['params_after']<=s['params_before']==res.params[0]
    assert 'refined' in r.stdout

def test_task_override(messy_csv, tmp_path):
    r = run('run', '--data', messy_csv, '--target', 'label', '--task', 'regression', '--out', tmp_path/'o', *fast)
    assert r.returncode==0, r.stderr
    assert json.loads((tmp_path/'o'/'summary.json').read_text())['metric']=='rmse'

def test_seeds_and_eps_list(messy_csv, tmp_path):
    "Several seeds give statistics over seeds; a list of thresholds is searched automatically"
    out = tmp_path/'out'
    r = run('run', '--data', messy_csv, '--target', 'label', '--out', out, '--seeds', '2', '--eps', '0.3,0.6', *fast)
    assert r.returncode==0, r.stderr
    res = pd.read_csv(out/'results.csv')
    assert sorted(res.seed.unique())==[0, 1] and len(res)==12
    s = json.loads((out/'summary.json').read_text())
    assert s['seeds']==2 and s['auto_trials']
    assert s['eps']==max([0]+[t['eps'] for t in s['auto_trials'] if t['passed']])   # the largest ε that passed, grid or bisection
    assert {t['stage'] for t in s['auto_trials']}<={'grid', 'bisect'} and s['eps_choice'].startswith('automatic, from [0.3, 0.6]')
    assert all(v['n']==2 for v in s['variants'])
    assert s['auto_rule']['floor']==0.01 and s['auto_rule']['z']==0 and s['auto_rule']['patience']==2 and s['auto_rule']['min_allow']==0.01   # classification defaults
    assert all(t['allowance']>0 for t in s['auto_trials'])   # the floor: 1% of the original's Brier score
    assert s['eps_seeds'][0]==s['eps'] and len(s['eps_seeds'])==2   # ε chosen on each seed's own split
    trials = pd.read_csv(out/'trials.csv')
    assert sorted(trials.seed.unique())==[0, 1]
    assert all(t['passed']==(t['gap']<=t['allowance']) for t in s['auto_trials'])

def test_floor(messy_csv, tmp_path):
    "--floor reaches the automatic rule: with a floor of 0.9 × the original's Brier score every candidate's allowance is that"
    out = tmp_path/'out'
    r = run('run', '--data', messy_csv, '--target', 'label', '--out', out, '--eps', '0.3,0.6', '--floor', '0.9', '--bisect', '0', *fast)
    assert r.returncode==0, r.stderr
    s = json.loads((out/'summary.json').read_text())
    assert s['auto_rule']['floor']==0.9
    allow = {round(t['allowance'], 9) for t in s['auto_trials']}
    assert len(allow)==1 and allow.pop()>0   # one floor, larger than every SE here

def test_tol(messy_csv, tmp_path):
    "--tol is an allowance in accuracy points on validation: every candidate's allowance is exactly 2 points"
    out = tmp_path/'out'
    r = run('run', '--data', messy_csv, '--target', 'label', '--out', out, '--eps', '0.3,0.6', '--tol', '2%', '--bisect', '0', *fast)
    assert r.returncode==0, r.stderr
    s = json.loads((out/'summary.json').read_text())
    assert s['auto_rule']['score']=='metric' and s['auto_rule']['min_allow']==0.02 and s['auto_rule']['z']==0
    assert [round(t['allowance'], 12) for t in s['auto_trials']]==[0.02]*len(s['auto_trials'])

def test_distill(messy_csv, tmp_path):
    "--distill reaches every seed's retraining: with the labels alone (0) and with the original's outputs alone (1) the refined rows differ on both seeds"
    res = {}
    for d in ('0', '1'):
        out = tmp_path/d
        r = run('run', '--data', messy_csv, '--target', 'label', '--task', 'regression', '--out', out, '--eps', '0.5', '--seeds', '2', '--distill', d, *fast)
        assert r.returncode==0, r.stderr
        assert json.loads((out/'summary.json').read_text())['distill']==float(d)
        res[d] = pd.read_csv(out/'results.csv').set_index(['seed', 'variant']).test
    assert res['0'][(0, 'original')]==res['1'][(0, 'original')]   # the same originals
    assert all(res['0'][(s, 'refined')]!=res['1'][(s, 'refined')] for s in (0, 1))

def test_select(messy_csv, tmp_path):
    "The greedy choice by default; --select std keeps the most variable neurons at the same widths, and the summary says which"
    outs = {sel: tmp_path/sel for sel in ('std', 'greedy')}
    for sel,out in outs.items():
        r = run('run', '--data', messy_csv, '--target', 'label', '--out', out, '--eps', '0.5', *(['--select', sel] if sel=='std' else []), *fast)
        assert r.returncode==0, r.stderr
    s = {sel: json.loads((out/'summary.json').read_text()) for sel,out in outs.items()}
    assert s['greedy']['select']=='greedy' and s['std']['select']=='std'
    assert s['greedy']['widths_after']==s['std']['widths_after']   # the same widths; which neurons fill them may differ

@pytest.mark.parametrize('args,msg', [
    (['--data', 'no_such_dataset'], 'Unknown dataset'),
    (['--data', 'iris', '--target', 'nope'], "'nope' not found"),
    (['--data', 'iris', '--eps', '-0.5'], 'eps must be'),
    (['--data', 'iris', '--eps', 'nan'], 'eps must be'),
    (['--data', 'iris', '--select', 'best'], '--select must be'),
    (['--data', 'iris', '--floor', '1.5'], 'floor must be'),
    (['--data', 'iris', '--tol', 'half'], 'tol must be'),
    (['--data', 'iris', '--distill', '2'], '--distill must be in'),
    (['--data', 'iris', '--tol', '1%', '--floor', '0.1'], '--tol or --floor'),
    (['--data', 'iris', '--eps', 'lots'], "'auto' or numbers"),
    (['--data', 'iris', '--seeds', '0'], 'seeds must be'),
    (['--data', 'iris', '--task', 'ranking'], 'task must be one of'),
])
def test_bad_input_one_line_no_traceback(args, msg, tmp_path):
    out = tmp_path/'out'
    r = run('run', *args, '--out', out, *fast)
    assert r.returncode==2
    assert msg in r.stderr and 'Traceback' not in r.stderr
    assert len(r.stderr.strip().splitlines())==1, r.stderr
    assert not out.exists() and list(tmp_path.iterdir())==[]   # nothing half-written

def test_non_numeric_regression_target(messy_csv, tmp_path):
    r = run('run', '--data', messy_csv, '--target', 'colour', '--task', 'regression', '--out', tmp_path/'o', *fast)
    assert r.returncode==2 and 'not numeric' in r.stderr

def test_help():
    r = run('run', '--help')
    assert r.returncode==0
    for opt in ['--data', '--target', '--task', '--eps', '--width', '--depth', '--epochs', '--out']: assert opt in r.stdout
    assert run('--help').returncode==0
    assert run('fly').returncode==2
    m = subprocess.run([sys.executable, '-m', 'prunelearn.cli', 'run', '--help'], capture_output=True, text=True, timeout=120)
    assert m.returncode==0 and '--eps' in m.stdout, m.stderr   # `python -m prunelearn.cli` works as the script does

def test_run_then_apply(messy_csv, tmp_path):
    "A run saves the refined model; `apply` predicts with it on new rows in a fresh process"
    out = tmp_path/'out'
    r = run('run', '--data', messy_csv, '--target', 'label', '--out', out, *fast)
    assert r.returncode==0, r.stderr
    assert sorted(p.name for p in (out/'model').iterdir())==['config.json', 'model.pt', 'preprocessing.json']
    new = pd.read_csv(messy_csv).drop(columns=['label']).iloc[:40]
    new.loc[0, 'colour'] = 'purple'   # a category never seen in training
    data = tmp_path/'new.csv'; new.to_csv(data, index=False)
    preds = tmp_path/'p'/'preds.csv'
    r = run('apply', '--model', out/'model', '--data', data, '--out', preds)
    assert r.returncode==0, r.stderr
    res = pd.read_csv(preds)
    assert list(res.columns)==['label', 'proba_0', 'proba_1'] and len(res)==len(new)
    np.testing.assert_allclose(res.proba_0+res.proba_1, 1, atol=1e-5)
    assert (res.label==(res.proba_1>res.proba_0).astype(int)).all()
    assert [p.name for p in preds.parent.iterdir()]==['preds.csv']   # no temporary file left
    before = preds.read_text()
    r = run('apply', '--model', out/'report.md', '--data', data, '--out', preds, '--overwrite')
    assert r.returncode==2 and 'not a saved model folder' in r.stderr and 'Traceback' not in r.stderr
    r = run('apply', '--model', out, '--data', data.parent/'missing.csv', '--out', preds, '--overwrite')
    assert r.returncode==2 and 'Unknown dataset' in r.stderr
    r = run('apply', '--model', out, '--data', data, '--out', preds)
    assert r.returncode==2 and 'exists: pass --overwrite' in r.stderr
    assert preds.read_text()==before   # failed runs leave the earlier predictions alone
    rows = data.read_text()
    r = run('apply', '--model', out, '--data', data, '--out', data, '--overwrite')
    assert r.returncode==2 and 'is the input' in r.stderr and data.read_text()==rows   # never the rows it reads

def test_log_to_a_pipe(messy_csv, tmp_path):
    "Output to a pipe or file: stage lines and one line per epoch, no progress-bar frames"
    r = run('run', '--data', messy_csv, '--target', 'label', '--out', tmp_path/'o', *[a for a in fast if a!='--quiet'])
    assert r.returncode==0, r.stderr
    assert '\r' not in r.stdout and '█' not in r.stdout, r.stdout[:500]
    lines = r.stdout.splitlines()
    assert lines[0]=='prunelearn: classification: 2 integer classes; use --task regression to treat it as a number', lines[:3]
    assert lines[1].startswith('prunelearn: training the original: 2×16 on '), lines[:3]
    assert any(l.startswith('prunelearn: choosing ε') for l in lines)
    i = lines.index(next(l for l in lines if l.startswith('epoch')))
    assert [l.split()[0] for l in lines[i+1:i+3]]==['0', '1'] and lines[i+3].startswith(('prunelearn:', 'epoch')), lines[i:i+4]   # then a stage, or the next round's table

def test_columns_named_like_fastai_attributes(messy_csv, tmp_path):
    "Categorical columns called `c` and `vocab` are features like any other: the run and `apply` use the target's classes"
    df = pd.read_csv(messy_csv).rename(columns={'colour':'c'}).assign(vocab='v')
    data = tmp_path/'named.csv'; df.to_csv(data, index=False)
    out = tmp_path/'out'
    r = run('run', '--data', data, '--target', 'label', '--out', out, *fast)
    assert r.returncode==0, r.stderr
    assert json.loads((out/'model'/'config.json').read_text())['n_out']==2
    preds = tmp_path/'preds.csv'
    r = run('apply', '--model', out, '--data', data, '--out', preds)
    assert r.returncode==0, r.stderr
    assert list(pd.read_csv(preds).columns)==['label', 'proba_0', 'proba_1']
