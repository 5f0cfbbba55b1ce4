"""Distributed runs: two processes on the CPU (gloo, launched with `torch.distributed.run`) give the neuron
statistics and prune plan of one process, and train under fastai's `distrib_ctx`.

The test launches this file as the script of both processes (`_worker`); the one-process reference is computed
in the pytest process on the same initial weights and rows."""
import os, signal, subprocess, sys, time
from pathlib import Path
import pytest

timeout_s = 240  # the whole 2-process run (imports included) on 2 shared cores; it usually takes ~30-40 s

def _learner(bn=False, dls=None):
    from prunelearn.all import dense_dls, dense_learner, load_dataset
    dls = dls or dense_dls(load_dataset('breast_cancer'), seed=0)
    return dense_learner(dls, width=16, depth=2, bn=bn, seed=0)

def _calib_cases(learn):
    "Calibration data of each case: name -> loader or iterable (the same in every process)"
    cdl = learn.calib_dl()
    return dict(default=None,                              # the training split: 341 rows, batches of 64 (6 of them)
                bs100=cdl.new(bs=100),                     # 4 batches: 100, 100, 100, 41
                one_batch=cdl.new(bs=512),                 # 1 batch: the second process reads none
                iterable=[tuple(t.cpu() for t in b) for b in cdl.new(bs=70)])  # not a fastai loader: 5 batches

def _plain(stats):
    return [dict(n=s.n, mean=s.mean.cpu(), m2=s.m2.cpu(), c2=None if s.c2 is None else s.c2.cpu()) for s in stats]

def _worker(out):
    "What each of the two launched processes runs"
    t0 = time.time()
    import warnings; warnings.filterwarnings('ignore')
    import torch, torch.distributed as dist
    from fastai.distributed import DistributedDL
    from prunelearn.all import Callback, shard_batches
    out = Path(out)
    rank = int(os.environ['RANK'])
    class CountBatches(Callback):
        def before_fit(self): self.n = 0
        def after_batch(self): self.n += self.training
    learn = _learner()
    learn.model.load_state_dict(torch.load(out/'init.pt'))
    res = {}
    with learn.no_bar(), learn.no_logging(), learn.distrib_ctx():
        # `distrib_ctx` creates the process group (accelerate, gloo on the CPU) before any fit
        res['group'] = (dist.is_initialized() and dist.get_world_size(), dist.is_initialized() and dist.get_backend())
        seen = []  # rows the model sees in this process during a statistics pass
        h = learn.model.register_forward_pre_hook(lambda m,inp: seen.append(len(inp[0])))
        learn.neuron_stats()
        h.remove()
        res['rows_seen'] = sum(seen)
        res['stats'] = {k: _plain(learn.neuron_stats(dl, cov=True)) for k,dl in _calib_cases(learn).items()}
        res['stats']['distributed_dl'] = _plain(learn.neuron_stats(DistributedDL(learn.calib_dl()), cov=True))  # padded
        res['local_rows'] = sum(len(b[1]) for b in shard_batches(learn.calib_dl()))
        res['keep'] = {f'{m}/{c}': [l.keep.tolist() for l in learn.prune_plan(eps=e, mode=m, compensate=c).layers]
                       for m,e,c in [('relative', 0.5, 'lstsq'), ('absolute', 0.05, 'mean')]}
        cb = CountBatches()
        learn.fit(2, 1e-2, cbs=cb)
        res['train_batches'] = cb.n
        res['model_type'] = type(learn.model).__name__
        res['params'] = {k: v.cpu() for k,v in learn.model.state_dict().items()}
        res['test'] = [float(o) for o in learn.validate(dl=learn.dls.test)]
        res['stats_trained'] = _plain(learn.neuron_stats())
    # BatchNorm: distrib_ctx would turn it into SyncBatchNorm, which needs GPUs; DistribBatchNorm keeps it local
    bl = _learner(bn=True, dls=learn.dls)
    with bl.no_bar(), bl.no_logging(), bl.distrib_ctx(): bl.fit(1, 1e-2)
    res['bn_types'] = sorted({type(m).__name__ for m in bl.model.modules() if 'BatchNorm' in type(m).__name__})
    res['bn_params'] = {k: v.cpu() for k,v in bl.model.state_dict().items()}
    res['bn_keep'] = [l.keep.tolist() for l in bl.prune_plan(eps=0.5).layers]
    res['seconds'] = time.time()-t0
    torch.save(res, out/f'rank{rank}.pt')

def _tail(s, n=6000): return (s or '')[-n:]

@pytest.fixture(scope='module')
def run(tmp_path_factory):
    "Launch the two processes; the one-process reference learner and each rank's results"
    import torch
    out = tmp_path_factory.mktemp('distrib')
    learn = _learner()
    torch.save(learn.model.state_dict(), out/'init.pt')
    env = dict(os.environ, ACCELERATE_USE_CPU='1', OMP_NUM_THREADS='1', PYTHONWARNINGS='ignore')
    cmd = [sys.executable, '-m', 'torch.distributed.run', '--standalone', '--nproc_per_node', '2', __file__, str(out)]
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try: o,e = p.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        o,e = p.communicate()
        pytest.fail(f"The 2-process run did not finish in {timeout_s} s (hung collective?)\n{_tail(o)}\n{_tail(e)}")
    assert p.returncode==0, f"The 2-process run failed (exit {p.returncode}):\n{_tail(o)}\n{_tail(e)}"
    ranks = [torch.load(out/f'rank{r}.pt') for r in range(2)]
    return learn,ranks

def _close(a, b, what):
    import torch
    assert a['n']==b['n'], f"{what}: {a['n']} rows, expected {b['n']}"
    for k in ('mean', 'm2', 'c2'):
        if b[k] is None: assert a[k] is None, f"{what}: {k} gathered, not expected"; continue
        assert a[k].dtype==torch.float64, f"{what}: {k} is {a[k].dtype}, not float64"
        scale = 1 if k=='mean' else b['n']  # m2 and c2 are sums over rows: compare the (co)variances
        d = float(((a[k]-b[k])/scale).abs().max())
        assert d<=1e-9, f"{what}: {k} differs from one process by {d:.3g} (> 1e-9)"

def test_group(run):
    _,ranks = run
    for r in ranks: assert r['group']==(2, 'gloo'), f"expected a 2-process gloo group, got {r['group']}"

def test_stats_equal_one_process(run):
    "Every rank's statistics equal one process's to 1e-9 (float64), and the ranks agree exactly"
    learn,ranks = run
    cases = _calib_cases(learn)
    cases['distributed_dl'] = None
    for k,dl in cases.items():
        ref = _plain(learn.neuron_stats(dl, cov=True))
        assert len(ranks[0]['stats'][k])==len(ref)==2
        for l,(a,b) in enumerate(zip(ranks[0]['stats'][k], ref)): _close(a, b, f"{k}, layer {l}")
        for l,(a,b) in enumerate(zip(ranks[1]['stats'][k], ranks[0]['stats'][k])):
            for f in ('n', 'mean', 'm2', 'c2'):
                assert (a[f]==b[f]) if f=='n' else bool((a[f]==b[f]).all()), f"{k}, layer {l}: ranks differ in {f}"

def test_each_row_once(run):
    "Each process read its own share of the 341 rows: no row twice (DistributedDL would pad to 342)"
    learn,ranks = run
    n = len(learn.dls.train_ds)
    assert n%2==1
    for what in ('local_rows', 'rows_seen'):  # shard_batches' share, and what the model saw in neuron_stats
        shares = [r[what] for r in ranks]
        assert sum(shares)==n and min(shares)>0, f"{what}: rows per process {shares}, expected a split of {n}"

def test_same_plan(run):
    learn,ranks = run
    plans = {f'{m}/{c}': learn.prune_plan(eps=e, mode=m, compensate=c)
             for m,e,c in [('relative', 0.5, 'lstsq'), ('absolute', 0.05, 'mean')]}
    for k,plan in plans.items():
        keep = [l.keep.tolist() for l in plan.layers]
        assert 0<sum(map(len, keep))<32, f"{k}: the plan should prune some neurons and keep some: {keep}"
        for r in ranks: assert r['keep'][k]==keep, f"{k}: a process planned {r['keep'][k]}, one process {keep}"

def test_training(run):
    "DDP training: each process ran half the batches, the weights agree and changed; statistics after it too"
    import torch
    learn,ranks = run
    one = len(learn.dls.train)    # batches of an epoch in one process
    for r in ranks:
        # DistributedDL gives each process half the (padded) rows; the loader's drop_last then applies to each half
        assert 0<r['train_batches']<=2*((one+1)//2), f"{r['train_batches']} training batches in 2 epochs, one process runs {2*one}"
        assert r['model_type']=='DenseNet', "the model was not unwrapped after fit"
    assert ranks[0]['train_batches']==ranks[1]['train_batches']
    p0,p1 = ranks[0]['params'],ranks[1]['params']
    for k in p0: assert torch.equal(p0[k], p1[k]), f"the processes' {k} differ after training"
    init = learn.model.state_dict()
    assert not torch.equal(p0['layers.0.0.weight'], init['layers.0.0.weight']), "training did not change the weights"
    assert ranks[0]['test']==ranks[1]['test'] and all(map(lambda x: x==x, ranks[0]['test']))
    learn.model.load_state_dict(p0)
    for l,(a,b) in enumerate(zip(ranks[0]['stats_trained'], _plain(learn.neuron_stats()))): _close(a, b, f"trained, layer {l}")

def test_batchnorm(run):
    import torch
    _,ranks = run
    for r in ranks: assert r['bn_types']==['BatchNorm1d'], f"BatchNorm after distrib fit: {r['bn_types']}"
    for k in ranks[0]['bn_params']: assert torch.equal(ranks[0]['bn_params'][k], ranks[1]['bn_params'][k]), f"bn model: {k} differs"
    assert ranks[0]['bn_keep']==ranks[1]['bn_keep']

def test_import_without_accelerate():
    "accelerate is optional: without it prunelearn imports and measures, and `distrib_ctx` says what to install"
    code = """
import sys, warnings; warnings.filterwarnings('ignore'); sys.modules['accelerate'] = None
from prunelearn.all import *
dls = dense_dls(load_dataset('iris'), seed=0)
learn = dense_learner(dls, width=8, depth=1)
assert learn.neuron_stats()[0].n==len(dls.train_ds)
with learn.no_bar(), learn.no_logging(): learn.fit(1)
try: learn.distrib_ctx()
except ImportError as e: print('ImportError:', e)
"""
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, timeout=180)
    assert r.returncode==0, f"without accelerate:\n{_tail(r.stderr)}"
    assert 'prunelearn[distrib]' in r.stdout, f"distrib_ctx without accelerate should name the extra to install: {r.stdout!r}"

if __name__=='__main__': _worker(sys.argv[1])
