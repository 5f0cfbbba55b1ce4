"""Bad input to the console script, as users run it: each case gets one line on stderr, exit status 2 and no
traceback, before any training, and the output's parent folder is afterwards exactly as it was."""
import json, os, random, signal, subprocess, sys, time
from pathlib import Path
import pytest

exe = Path(sys.executable).parent/'prunelearn'
tiny = ['--width', '8', '--depth', '1', '--epochs', '1', '--retrain-epochs', '1', '--quiet', '--eps', '0.5']
# A run that would take hours: where a case is refused before any work, it ends in seconds all the same
heavy = ['--width', '1024', '--depth', '6', '--epochs', '100000', '--quiet', '--eps', '0.5']

def run(*args, timeout=120):
    return subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          env=dict(os.environ, OMP_NUM_THREADS='1'))

def snapshot(d:Path)->dict:
    "Every path under `d`, hidden ones too, with its bytes (None for a folder)"
    return {str(p.relative_to(d)): None if p.is_dir() else p.read_bytes() for p in sorted(d.rglob('*'))}

def refused(r, msg, code=2):
    "`r` ended with `code` and one line on stderr that says `msg`"
    lines = r.stderr.strip().splitlines()
    assert r.returncode==code and len(lines)==1, (r.returncode, r.stderr[-3000:])
    assert lines[0].startswith('prunelearn: ') and msg in lines[0], lines[0]
    assert lines[0].isprintable(), lines[0]   # no control codes sent to a terminal (they are printed as '?')

def no_nan(c): raise ValueError(f"{c} is not JSON")

@pytest.fixture
def users_folder(tmp_path):
    "A folder of the user's own files"
    d = tmp_path/'work'
    (d/'sub').mkdir(parents=True)
    (d/'notes.txt').write_text('my notes')
    (d/'sub'/'data.bin').write_bytes(bytes(range(256)))
    return d

@pytest.mark.parametrize('extra', [[], ['--overwrite']], ids=['plain', 'overwrite'])
def test_out_holds_users_files(users_folder, extra):
    before = snapshot(users_folder.parent)
    refused(run('run', '--data', 'iris', '--out', users_folder, *heavy, *extra), 'holds files prunelearn did not write (notes.txt, sub)')
    assert snapshot(users_folder.parent)==before

@pytest.mark.parametrize('extra', [[], ['--overwrite']], ids=['plain', 'overwrite'])
def test_out_is_a_file(tmp_path, extra):
    f = tmp_path/'results'
    f.write_text('precious')
    before = snapshot(tmp_path)
    refused(run('run', '--data', 'iris', '--out', f, *heavy, *extra), 'is a file')
    assert snapshot(tmp_path)==before   # not moved aside either

def test_earlier_run_replaced_only_with_overwrite(tmp_path):
    out = tmp_path/'run'
    r = run('run', '--data', 'iris', '--out', out, *tiny)
    assert r.returncode==0, r.stderr
    before = snapshot(tmp_path)
    refused(run('run', '--data', 'iris', '--out', out, *heavy), 'holds an earlier run: pass --overwrite')
    assert snapshot(tmp_path)==before
    (out/'notes.txt').write_text('mine now')   # a file of the user's in the run's folder is never deleted
    refused(run('run', '--data', 'iris', '--out', out, *heavy, '--overwrite'), 'did not write (notes.txt)')
    (out/'notes.txt').unlink()
    (out/'summary.json').write_text('old')
    r = run('run', '--data', 'iris', '--out', out, *tiny, '--overwrite')
    assert r.returncode==0, r.stderr
    assert [p.name for p in tmp_path.iterdir()]==['run']   # replaced in place, nothing left beside it
    assert json.loads((out/'summary.json').read_text(), parse_constant=no_nan)['data']=='iris'

@pytest.fixture(scope='module')
def data(tmp_path_factory):
    "Small CSV files: one row, rows of binary garbage"
    d = tmp_path_factory.mktemp('data')
    (d/'one_row.csv').write_text('x1,x2,y\n0.5,1.5,2.0\n')
    (d/'garbage.csv').write_bytes(random.Random(0).randbytes(3000))
    (d/'controls.csv').write_bytes(bytes((i*7919+13)%256 for i in range(3000)))   # reads as a table whose names hold control bytes
    return d

sys_ro = sys.platform=='linux' and os.path.isdir('/sys')   # a place no one may create files in, not even root

@pytest.mark.parametrize('args,msg', [
    (['--data', 'iris', '--width', '0'], '--width must be at least 1, not 0'),
    (['--data', 'iris', '--depth', '0'], '--depth must be at least 1, not 0'),
    (['--data', 'iris', '--epochs', '0'], '--epochs must be at least 1, not 0'),
    (['--data', 'iris', '--retrain-epochs', '-1'], '--retrain-epochs must be at least 0, not -1'),
    (['--data', 'iris', '--bs', '0'], '--bs must be at least 1, not 0'),
    (['--data', 'iris', '--lr', '-1'], '--lr must be a positive number'),
    (['--data', 'iris', '--width', 'wide'], "argument --width: invalid int value: 'wide'"),
    (['--data', 'iris', '--colour', 'red'], 'unrecognized arguments: --colour red'),
    (['--data', 'DATA/one_row.csv', '--target', 'y'], 'too few rows: 1 with a target split into 1 training, 0 validation and 0 test rows; a run needs at least 2, 1 and 1, which takes 4 rows'),
    (['--data', 'DATA/garbage.csv'], 'garbage.csv does not read as a table'),
    (['--data', 'DATA/controls.csv'], "Target column 'target' not found; columns are: "),
    (['--data', 'DATA/missing.csv'], 'Unknown dataset'),
    (['--data', 'DATA'], 'a folder, not a file: give the path of the table inside it'),
    (['--data', 'iris', '--target', 'nope'], "Target column 'nope' not found"),
], ids=lambda a: ' '.join(a) if isinstance(a, list) else None)
def test_run_refuses(args, msg, data, tmp_path):
    before = snapshot(tmp_path)
    args = [a.replace('DATA', str(data)) for a in args]
    refused(run('run', *heavy, *args, '--out', tmp_path/'out'), msg)
    assert snapshot(tmp_path)==before

@pytest.mark.parametrize('where', ['under a file', 'read-only'])
def test_out_not_writable(where, tmp_path):
    if where=='read-only' and not sys_ro: pytest.skip('no /sys')
    (tmp_path/'f').write_text('x')
    parent = tmp_path/'f' if where=='under a file' else Path('/sys')
    before = snapshot(tmp_path)
    refused(run('run', '--data', 'iris', '--out', parent/'out', *heavy), 'cannot write in')
    refused(run('apply', '--model', tmp_path, '--data', 'iris', '--out', parent/'p.csv'), 'cannot write in')
    assert snapshot(tmp_path)==before

def test_debug_shows_the_traceback(tmp_path):
    r = run('run', '--data', 'iris', '--out', tmp_path/'out', '--epochs', '0', '--debug')
    assert r.returncode==1 and 'Traceback' in r.stderr and r.stderr.strip().splitlines()[-1].endswith('--epochs must be at least 1, not 0')

def spawn(out, *args):
    return subprocess.Popen([str(exe), 'run', '--data', 'iris', '--out', str(out), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ, OMP_NUM_THREADS='1'))

@pytest.mark.parametrize('sig,status', [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=['SIGINT', 'SIGTERM'])
def test_interrupted_while_starting(sig, status, tmp_path):
    "Within its first second the command is still importing torch and fastai"
    p = spawn(tmp_path/'out', *heavy)
    time.sleep(0.5); p.send_signal(sig)
    _,err = p.communicate(timeout=60)
    assert p.returncode==status and err.strip().splitlines()==['prunelearn: interrupted, nothing written'], (p.returncode, err[-3000:])
    assert list(tmp_path.iterdir())==[]

def test_terminated_while_training(tmp_path):
    p = spawn(tmp_path/'out', *[a for a in heavy if a!='--quiet'])
    for line in p.stdout:   # the stage lines say when training starts
        if line.startswith('prunelearn: training the original'): break
    time.sleep(1); p.send_signal(signal.SIGTERM)
    _,err = p.communicate(timeout=60)
    assert p.returncode==143 and err.strip().splitlines()[-1:]==['prunelearn: interrupted, nothing written'], (p.returncode, err[-3000:])
    assert 'Traceback' not in err and list(tmp_path.iterdir())==[]

def test_leftovers_of_killed_runs_removed(tmp_path):
    "A run killed outright leaves its temporary folder; the next run in the same folder removes it if its process is gone"
    t = subprocess.Popen(['true']); t.wait()
    dead = tmp_path/f'.out.prunelearn-tmp-{t.pid}-ab12cd34'; dead.mkdir(); (dead/'results.csv').write_text('half written')
    live = tmp_path/f'.out.prunelearn-tmp-{os.getpid()}-ab12cd34'; live.mkdir()   # a running process's: left alone
    r = run('run', '--data', 'iris', '--out', tmp_path/'out', *tiny)
    assert r.returncode==0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir())==sorted([live.name, 'out'])
