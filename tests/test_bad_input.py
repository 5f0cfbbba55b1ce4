"""Bad input to the console script, as users run it: each case gets one line on stderr, exit status 2 and no
traceback, before any training, and the output's parent folder is afterwards exactly as it was."""
import json, os, subprocess, sys
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
