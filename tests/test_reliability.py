"""Reliability in fresh processes: identical results from identical seeds, and an interrupted `prunelearn run`
that leaves nothing behind and can simply be run again."""
import json, os, signal, subprocess, sys, time
from pathlib import Path
import pytest

exe = Path(sys.executable).parent/'prunelearn'

script = r'''
import hashlib, io, json, warnings
warnings.filterwarnings('ignore')
from prunelearn.all import *
dls = dense_dls(load_dataset('breast_cancer'), seed=0)
learn = dense_learner(dls, width=16, depth=2, seed=0)
with learn.no_bar(), learn.no_logging():
    learn.fit_one_cycle(2)
    small = learn.refine(0.3, epochs=1, seed=0)
buf = io.BytesIO()
for k,v in small.model.state_dict().items(): buf.write(k.encode()); buf.write(v.detach().cpu().numpy().tobytes())
print(json.dumps(dict(keep=[l.keep.tolist() for l in small.plan.layers], std=[l.std.tolist() for l in small.plan.layers],
                      weights=hashlib.sha256(buf.getvalue()).hexdigest(), test=small.evaluate()['test'])))
'''

def fresh_runs(n=2):
    "Run the script in `n` fresh processes at once; their results"
    ps = [subprocess.Popen([sys.executable, '-c', script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(n)]
    outs = [p.communicate(timeout=180) for p in ps]
    for p,(o,e) in zip(ps, outs): assert p.returncode==0, e
    return [json.loads(o.strip().splitlines()[-1]) for o,_ in outs]

def test_determinism_in_fresh_processes():
    "Two fresh processes with the same seed: the same plan, bit-identical refined weights, the same test metric"
    a,b = fresh_runs()
    assert a['keep']==b['keep'] and a['std']==b['std']
    assert a['weights']==b['weights']
    assert a['test']==b['test']
    assert 0<sum(map(len, a['keep']))<32   # the plan did prune something, and kept something

run_args = ['--data', 'breast_cancer', '--retrain-epochs', '1', '--width', '32', '--depth', '2', '--eps', '0.3']

def start_run(out, log):
    "Start a long `prunelearn run` writing to `out`, its console output to file `log`"
    env = dict(os.environ, PYTHONUNBUFFERED='1')
    # started as a shell starts a background job, with SIGINT ignored: `prunelearn run` must still stop on it
    return subprocess.Popen([str(exe), 'run', *run_args, '--out', str(out), '--epochs', '5000'],
                            stdout=log.open('w'), stderr=subprocess.STDOUT, env=env,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))

def read_log(log):
    "The text of `log` so far; the writer may be mid-way through a multi-byte character (a progress bar's block)"
    return log.read_bytes().decode(errors='replace')

def wait_training(p, log, t0):
    "Return once `p` is training (its epoch table has started)"
    while 'train_loss' not in read_log(log):
        assert p.poll() is None, f"prunelearn run ended before training: {read_log(log)}"
        assert time.time()-t0<120, "prunelearn run did not start training within 120 s"
        time.sleep(0.2)

def test_interrupted_run_leaves_nothing(tmp_path):
    "SIGTERM and SIGINT in the middle of training: non-zero exit, no OUT and no temporary folder beside it; a rerun succeeds"
    sigs = [signal.SIGTERM, signal.SIGINT]   # both runs at once, to halve the wall time
    outs = [tmp_path/s.name/'runs'/'bc' for s in sigs]
    logs = [tmp_path/f'{s.name}.log' for s in sigs]
    for o in outs: o.parent.mkdir(parents=True)
    ps,t0 = [start_run(o, l) for o,l in zip(outs, logs)],time.time()
    try:
        for p,l,s in zip(ps, logs, sigs):
            wait_training(p, l, t0)
            time.sleep(1)   # well inside the 5000 epochs (an epoch of this net takes milliseconds)
            p.send_signal(s)
        for p,s in zip(ps, sigs):
            try: rc = p.wait(timeout=20)
            except subprocess.TimeoutExpired: pytest.fail(f"prunelearn run did not stop within 20 s of {s.name}")
            assert rc!=0, s.name
    finally:
        for p in ps:
            if p.poll() is None: p.kill(); p.wait()
    for o,l,s in zip(outs, logs, sigs):
        assert 'interrupted' in read_log(l), (s.name, read_log(l)[-2000:])
        assert list(o.parent.iterdir())==[], (s.name, [q.name for q in o.parent.iterdir()])  # no OUT, no .bc.* folder
    reruns = [subprocess.Popen([str(exe), 'run', *run_args, '--out', str(o), '--epochs', '2', '--quiet'],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for o in outs]
    for p,o in zip(reruns, outs):
        _,err = p.communicate(timeout=180)
        assert p.returncode==0, err
        assert (o/'summary.json').exists() and (o/'model'/'model.pt').exists()
        assert [q.name for q in o.parent.iterdir()]==['bc']
