"""Importing prunelearn changes nothing of fastai's: no method, attribute or default is replaced, and a plain
fastai `tabular_learner` trains exactly as it does without prunelearn.

Each check runs in a fresh Python process (`python -c`), since the point is what an import does to a process."""
import json, os, subprocess, sys, textwrap
import pytest

timeout_s = 300  # a few imports of fastai (~5 s each) and a tiny fit, on 2 shared cores

def _run(code:str, *args)->str:
    "Run `code` in a fresh interpreter (one torch thread); its stdout"
    env = {**os.environ, 'OMP_NUM_THREADS':'1', 'PYTHONWARNINGS':'ignore'}
    r = subprocess.run([sys.executable, '-c', textwrap.dedent(code), *args], capture_output=True, text=True,
                       timeout=timeout_s, env=env)
    assert r.returncode==0, r.stderr[-4000:]
    return r.stdout

_snapshot = """
import json, inspect, sys
from fastai.tabular.all import *
try: import fastai.distributed as fd   # fastai's own patches (when accelerate is installed) come before the snapshot
except ImportError: fd = None
import fastai.callback.core as fcc
classes = dict(Learner=Learner, Recorder=Recorder, Optimizer=Optimizer, CastToTensor=CastToTensor,
               AvgSmoothLoss=AvgSmoothLoss)
if fd is not None: classes['DistributedDL'] = fd.DistributedDL
def snap(c): return {k: inspect.getattr_static(c, k) for k in dir(c)}
before = {n: snap(c) for n,c in classes.items()}
dflt, dflt_items, cbs, cbs_items = fcc.defaults, dict(vars(fcc.defaults)), fcc.defaults.callbacks, list(fcc.defaults.callbacks)

from prunelearn.all import *

changed, added = [], []
for n,c in classes.items():
    after = snap(c)
    changed += [f'{n}.{k}' for k,v in before[n].items() if after.get(k) is not v]
    # new names may only be methods prunelearn adds with @patch (functions or properties defined in prunelearn)
    for k in set(after)-set(before[n]):
        f = after[k].fget if isinstance(after[k], property) else after[k]
        if not (inspect.isfunction(f) and f.__module__.startswith('prunelearn')): added.append(f'{n}.{k}')
import fastai.callback.core as fcc2
if fcc2.defaults is not dflt: changed.append('defaults')
changed += [f'defaults.{k}' for k,v in dflt_items.items() if getattr(fcc2.defaults, k, None) is not v]
added += [f'defaults.{k}' for k in set(vars(fcc2.defaults))-set(dflt_items)]
if fcc2.defaults.callbacks is not cbs or list(fcc2.defaults.callbacks)!=cbs_items: changed.append('defaults.callbacks')
print(json.dumps(dict(changed=sorted(set(changed)), added=sorted(set(added)))))
"""

def test_import_replaces_nothing():
    res = json.loads(_run(_snapshot).splitlines()[-1])
    assert res['changed']==[], f"importing prunelearn replaced: {res['changed']}"
    assert res['added']==[], f"importing prunelearn added non-method attributes: {res['added']}"

_train = """
import sys, torch
torch.set_num_threads(1)
if sys.argv[2]=='1': from prunelearn.all import *
from fastai.tabular.all import *
from sklearn.datasets import load_breast_cancer
df = load_breast_cancer(as_frame=True).frame
df['target'] = df['target'].map({0:'malignant', 1:'benign'})
df['band'] = pd.cut(df['mean radius'], 3, labels=['s', 'm', 'l']).astype(str)
set_seed(0, reproducible=True)
dls = TabularDataLoaders.from_df(df, y_names='target', cat_names=['band'], cont_names=list(df.columns[:10]),
                                 procs=[Categorify, Normalize], bs=32, valid_idx=list(range(400, 569)), device='cpu')
learn = tabular_learner(dls, layers=[16, 8], metrics=accuracy)
with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(2, 1e-2)
torch.save(dict(state={k: v.clone() for k,v in learn.model.state_dict().items()},
                cbs=[type(c).__name__ for c in learn.cbs], attrs=sorted(k for k in vars(learn) if k=='train_log'),
                values=learn.recorder.values, opt=type(learn.opt).__name__), sys.argv[1])
"""

def test_tabular_learner_unchanged(tmp_path):
    import torch
    pytest.importorskip('sklearn')
    for imp in '01': _run(_train, str(tmp_path/f'{imp}.pt'), imp)
    plain,withp = (torch.load(tmp_path/f'{imp}.pt', weights_only=False) for imp in '01')
    assert withp['cbs']==plain['cbs'], (plain['cbs'], withp['cbs'])   # no callback joins fastai's learners
    assert withp['attrs']==plain['attrs']==[]
    assert withp['opt']==plain['opt']=='Optimizer'
    assert plain['state'].keys()==withp['state'].keys()
    for k,v in plain['state'].items(): assert torch.equal(v, withp['state'][k]), k   # bit for bit
    assert plain['values']==withp['values']

_filters = """
import json, warnings
from fastai.tabular.all import *
try: import fastai.distributed   # accelerate's own filters come before the snapshot
except ImportError: pass
before = list(warnings.filters)
from prunelearn.all import *
print(json.dumps([str(f) for f in warnings.filters if f not in before]))
"""

def test_import_leaves_warning_filters():
    "Importing prunelearn adds no warning filter (the console script silences fastai's import-time note in its own process only)"
    added = json.loads(_run(_filters).splitlines()[-1])
    assert added==[], f"importing prunelearn added warning filters: {added}"
