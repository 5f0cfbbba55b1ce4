"""The benchmark: the paper's claims on real data, and the speed of every step, measured side by side and checked against stated targets.

`python benchmarks/bench.py --quick|--full [--data-dir DIR] [--out benchmarks] [--report BENCHMARKS.md]`; `make bench-quick`
runs the quick one into _bench/. It imports prunelearn and is no part of the installed package.
What it measures and why: benchmarks/README.md. Tests: tests/test_bench.py."""
from __future__ import annotations
import sys, os, re, json, time, math, platform, resource, argparse, threading
from copy import deepcopy
from pathlib import Path
from fastai.tabular.all import *
from prunelearn.data import *
from prunelearn.model import *
from prunelearn.trunk import *
from prunelearn.stats import *
from prunelearn.prune import *
from prunelearn.transfer import *
from prunelearn.refine import *
from prunelearn.sweep import *
from prunelearn.auto import *
from prunelearn.baselines import *
from prunelearn.infer import *
from prunelearn.fastcall import *
from prunelearn.fast import *
from prunelearn.sweep import _fresh_original, _timed
from prunelearn.cli import md_table
from prunelearn.baselines import _baseline_seed
from concurrent.futures import ProcessPoolExecutor, as_completed
import multiprocessing, matplotlib

__all__ = ['bench_modes', 'claim_versus', 'table_variants', 'baseline_ref', 'bench_targets', 'bench_config', 'data_files',
           'subsample', 'bench_datasets', 'bench_dataset', 'not_worse', 'dataset_table', 'claims', 'baseline_table',
           'baseline_claims', 'synth_table', 'plain_epoch', 'epoch_speed', 'big_net', 'plan_transfer_speed',
           'check_targets', 'machine_info', 'peak_rss_mb', 'run_bench', 'plot_claims', 'plot_alternatives',
           'report_begin', 'report_end', 'replace_generated', 'write_report', 'main']

bench_modes = ('quick', 'full')

def bench_config(
    mode:str='quick', # 'quick' or 'full'
    **overrides # Settings replacing the mode's defaults (see the source for the names)
)->dict:
    "The settings of a benchmark run in `mode`, with `overrides` applied"
    if mode not in bench_modes: raise ValueError(f"mode must be one of {bench_modes}, not {mode!r}")
    quick = mode=='quick'
    cfg = dict(mode=mode,
        datasets=['breast_cancer', 'concrete.csv'] if quick else None,  # None: built-ins + every file of DATA.md
        width=128 if quick else 256, depth=3, seeds=3, bs=64, lr=1e-3,
        epochs=40 if quick else default_max_epochs,  # the most epochs of the original: `fit_converged` stops `patience` epochs after the best
        patience=5 if quick else default_patience,   # 0: exactly `epochs` epochs of fit_one_cycle, the recipe before 2026-12-07
        restarts=default_restarts,  # more rounds of `fit_converged` while a round lowers the validation loss (0: one round, the recipe before 2026-12-07 afternoon)
        retrain=None,  # the most retraining epochs; None: `default_retrain_max` with early stopping, else `default_retrain_epochs`
        eps_grid=list(default_eps_grid), bisect=default_bisect, select='greedy', floor=None, max_train_rows=None if quick else 10_000,
        baselines=True,  # compare with magnitude (Torch-Pruning), random and uncompensated choices at the same widths
        # speed: synthetic regression table shaped like HIGGS (28 features)
        speed_rows=20_000 if quick else 200_000, speed_feats=28, speed_width=256, speed_depth=3, speed_bs=[64, 512],
        threads=1,  # torch threads for the whole run (None: torch's default); see "One thread" below
        workers=1,  # datasets run at once, each in its own process (with `threads` threads)
        reps=3, big_inputs=100, big_widths=[700]*3, latency_bs=[1, 64, 4096], latency_time=0.3,
        latency_rounds=3 if quick else 5)   # alternating rounds per net and batch size, the fastest counting: this machine's load swings over seconds
    bad = [k for k in overrides if k not in cfg]
    if bad: raise ValueError(f"Unknown benchmark settings {bad}; known: {', '.join(cfg)}")
    cfg = {**cfg, **overrides}
    if cfg['retrain'] is None: cfg['retrain'] = default_retrain_max if cfg['patience'] else default_retrain_epochs
    return cfg

def data_files(
    data_dir:Path, # Folder with the data files and a DATA.md describing them
)->dict:
    "File name -> task of every dataset that `DATA.md` in `data_dir` lists"
    md = Path(data_dir)/'DATA.md'
    if not md.is_file(): raise ValueError(f"No DATA.md in {data_dir}: it lists the benchmark's datasets")
    res,task = {},None
    for line in md.read_text().splitlines():
        h = re.match(r'^#+\s*(classification|regression)', line.strip(), re.I)
        if h: task = h.group(1).lower(); continue
        m = re.match(r'^\|\s*([\w.\-]+\.(?:csv|csv\.gz|parquet))\s*\|', line.strip())
        if m and task: res[m.group(1)] = task
    return res

def subsample(
    df:pd.DataFrame, # The whole table
    max_train_rows:int=None, # Cap on the training rows (None: no cap)
    train_share:float=0.6, # Share of rows that `dense_dls` puts in training
    seed:int=0, # Seed of the sample
)->pd.DataFrame:
    "`df`, or a random sample of it with at most `max_train_rows` training rows"
    if max_train_rows is None: return df
    n = math.ceil(max_train_rows/train_share)
    return df if len(df)<=n else df.sample(n=n, random_state=seed).reset_index(drop=True)

def bench_datasets(
    cfg:dict, # Benchmark settings (`bench_config`)
    data_dir:Path=None, # Folder of the data files
)->list:
    "(name, source, task) of each dataset of the run: `load_dataset(source)` gives the table"
    names = cfg['datasets']
    files = data_files(data_dir) if data_dir is not None and (names is None or any(n not in builtin_datasets for n in names)) else {}
    if names is None: names = [*builtin_datasets, *files]
    res = []
    for n in names:
        if n in builtin_datasets: res.append((n, n, None)); continue
        if data_dir is None: raise ValueError(f"Dataset {n!r} is a file: pass --data-dir, the folder that holds it")
        p = Path(data_dir)/n
        if not p.is_file(): raise ValueError(f"Dataset file {p} not found")
        res.append((n, p, files.get(n)))
    return res

def _seed_rows(orig, s, cfg):
    "Variant rows of the seed-`s` original `orig` (ε by `auto_refine` on its validation split), and its refined Learner"
    keep = {}
    small = orig.auto_refine(eps_grid=cfg['eps_grid'], epochs=cfg['retrain'], seed=s, keep=keep, bisect=cfg['bisect'], select=cfg['select'], floor=cfg['floor'])
    res = orig.sweep(eps=[small.plan.eps], epochs=cfg['retrain'], progress=False, reuse=keep)
    res = res.assign(seed=s, variant=res.variant.replace({'refined':'refined (retrained)'}))
    chosen = 'refined (retrained)' if small.epochs_trained else 'refined (no retraining)'
    res = pd.concat([res, res[res.variant==chosen].assign(variant='refined')], ignore_index=True)
    return res, small

def bench_dataset(
    name:str, # Name to record
    df:pd.DataFrame, # The table, target column `target`
    cfg:dict, # Benchmark settings (`bench_config`)
    task:str=None, # 'classification' or 'regression'; inferred when None
)->tuple:
    "Rows of every variant and seed and baseline rows (each with a `dataset` column), the seed-0 original, refined and rounded-up models, and a record"
    rows = len(df)
    df = subsample(df, cfg['max_train_rows'])
    t0 = time.perf_counter()
    dls = dense_dls(df, 'target', task, seed=0, bs=cfg['bs'])
    learn = dense_learner(dls, cfg['width'], cfg['depth'], lr=cfg['lr'], seed=0)
    res,bls,eps,t_bl = [],[],[],0.
    with learn.no_bar(), learn.no_logging():
        learn.train_fresh(cfg['epochs'], cfg['lr'], cfg['patience'], seed=0, restarts=cfg['restarts'])   # fit_converged, or exactly `epochs` with patience 0; started again if it collapses
        for s in range(cfg['seeds']):
            orig = learn if s==0 else _fresh_original(learn, resplit(learn.dls, s), s)
            with orig.no_bar(), orig.no_logging():
                r,small = _seed_rows(orig, s, cfg)
                if s==0: small0 = small
                res.append(r); eps.append(small.plan.eps)
                if cfg['baselines']:
                    t = time.perf_counter()
                    bls += _baseline_seed(orig, s, small.plan.eps, cfg['retrain'], 'relative', 1, baseline_methods, cfg['select'])
                    t_bl += time.perf_counter()-t
        r8 = learn.refine(plan=learn.prune_plan(eps[0], multiple_of=8), epochs=0)   # same ε, widths rounded up
    res = pd.concat(res, ignore_index=True).assign(dataset=name)
    bl = pd.DataFrame(bls)[list(baseline_columns)].assign(dataset=name) if bls else None
    rec = dict(dataset=name, task=dls.task, metric=res.metric.iloc[0], rows=rows, rows_used=len(df),
               train_rows=len(dls.train_ds), subsampled=len(df)<rows, eps=eps[0], eps_seeds=eps,
               widths_before=small0.plan.widths_before, widths_after=small0.plan.widths_after,
               seconds=time.perf_counter()-t0-t_bl, baselines_s=t_bl)
    return res, bl, learn, small0, r8, rec

claim_versus = ('original', 'original+extra', 'scratch', 'scratch (full budget)')
table_variants = ('original', 'original+extra', 'refined', 'scratch', 'scratch (full budget)')

def _signed_diffs(g, a, b, hib):
    pv = g[g.variant.isin([a,b])].pivot(index='seed', columns='variant', values='test').dropna()
    return (pv[a]-pv[b]).to_numpy()*(1 if hib else -1)

def not_worse(
    d:np.ndarray, # Paired differences, oriented so that positive means better
    z:float=1.0, # Allowance in standard errors
)->bool:
    "Is the mean of `d` no worse than `-z` standard errors (ties count as not worse)?"
    d = np.asarray(d, dtype=float)
    if not len(d): return False
    se = d.std(ddof=1)/math.sqrt(len(d)) if len(d)>1 else 0.
    return bool(d.mean() >= -z*se - 1e-12)

def _mean_std(g, variants)->dict:
    "Test mean and std over seeds of each variant in `variants` (NaN where missing)"
    r = {}
    for v in variants:
        t = g[g.variant==v].test
        r[f'{v}_mean'],r[f'{v}_std'] = (float(t.mean()) if len(t) else float('nan')),(float(t.std()) if len(t)>1 else float('nan'))
    return r

def _versus(g, ref, others, hib)->dict:
    "`ref` against each of `others`, paired by seed: wins/ties/losses and the `not_worse` verdict"
    r = {}
    for v in others:
        d = _signed_diffs(g, ref, v, hib)
        r[f'vs {v}'] = f"{int((d>1e-9).sum())}/{int((np.abs(d)<=1e-9).sum())}/{int((d<-1e-9).sum())}"
        r[f'ok vs {v}'] = not_worse(d)
    return r

def dataset_table(
    res:pd.DataFrame, # Sweep rows of one or more datasets, with a `dataset` column
)->pd.DataFrame:
    "One row per dataset: compression, test mean and std of each variant, and refined-vs-other verdicts"
    rows = []
    for ds,g in res.groupby('dataset', sort=False):
        metric = g.metric.iloc[0]
        hib = metric_higher_is_better.get(metric, True)
        gr = g[g.variant=='refined'].sort_values('seed')
        r = dict(dataset=ds, metric=metric, seeds=g.seed.nunique(), eps=float(gr.eps.median()), eps_seeds=gr.eps.tolist(),
                 compression=float(gr.compression.mean()),
                 params_before=float(g[g.variant=='original'].params.mean()),
                 params_after=float(g[g.variant=='refined'].params.mean()))
        r |= _mean_std(g, table_variants) | _versus(g, 'refined', claim_versus, hib)
        rows.append(r)
    return pd.DataFrame(rows)

def claims(
    tab:pd.DataFrame, # `dataset_table` rows
)->dict:
    "Median compression and the share of datasets where refined is not worse than each other variant"
    ok = tab['ok vs original'].astype(bool)
    return dict(datasets=len(tab), median_compression=float(tab.compression.median()),
                median_compression_no_loss=float(tab.compression[ok].median()) if ok.any() else float('nan'),
                **{f'share_ok_vs_{v}':float(tab[f'ok vs {v}'].astype(bool).mean()) for v in claim_versus})

baseline_ref = 'prunelearn (lstsq)'

def baseline_table(
    bl:pd.DataFrame, # `compare_baselines` rows of one or more datasets, with a `dataset` column
)->pd.DataFrame:
    "One row per dataset: test mean and std of each method, prunelearn (lstsq) against each other method, best or tied (after and before retraining)"
    rows = []
    for ds,g in bl.groupby('dataset', sort=False):
        metric = g.metric.iloc[0]
        hib = metric_higher_is_better.get(metric, True)
        g0 = g[g.seed==g.seed.min()]
        r = dict(dataset=ds, metric=metric, seeds=g.seed.nunique(), eps=float(g.eps.iloc[0]), widths=list(g0.widths.iloc[0]),
                 params=float(g[g.variant==baseline_ref].params.mean()))
        r |= _mean_std(g, baseline_methods) | _versus(g, baseline_ref, (*baseline_alternatives, 'prunelearn (mean)'), hib)
        r['best or tied'] = all(r[f'ok vs {v}'] for v in baseline_alternatives)
        if 'test_transfer' in g:  # the same verdict on the transferred models, before any retraining
            gt = g.assign(test=g.test_transfer)
            r['best or tied (no retraining)'] = all(not_worse(_signed_diffs(gt, baseline_ref, v, hib)) for v in baseline_alternatives)
        rows.append(r)
    return pd.DataFrame(rows)

def baseline_claims(
    bt:pd.DataFrame, # `baseline_table` rows
)->dict:
    "How many datasets prunelearn (lstsq) is best or tied on, and its share of not-worse verdicts against each method"
    nr = bt.get('best or tied (no retraining)')
    return dict(datasets=len(bt), best_or_tied=int(bt['best or tied'].sum()), share_best_or_tied=float(bt['best or tied'].mean()),
                best_or_tied_no_retraining=None if nr is None else int(nr.astype(bool).sum()),
                **{f'share_ok_vs_{v}':float(bt[f'ok vs {v}'].astype(bool).mean()) for v in (*baseline_alternatives, 'prunelearn (mean)')})

def synth_table(
    rows:int, # Number of rows
    feats:int=28, # Number of continuous features
    seed:int=0, # Seed
)->pd.DataFrame:
    "A synthetic regression table (target: a noisy nonlinear function of the features)"
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(rows, feats)).astype('float32')
    y = np.tanh(X[:, :4].sum(1)) + 0.5*X[:, 4]*X[:, 5] + 0.1*rng.normal(size=rows)
    df = pd.DataFrame(X, columns=[f'x{i}' for i in range(feats)])
    df['target'] = y.astype('float32')
    return df

def _tensors(dl, dev):
    "Categorical, continuous and target tensors of a `dense_dls` loader: the `TensorTabDL`'s own, on `dev`"
    xc,xn,y = (t.to(dev) for t in dl.tensors)
    return xc, xn, (y.float() if y.dtype.is_floating_point else y.long().flatten())

def plain_epoch(
    model:nn.Module, # Model, trained in place
    opt:torch.optim.Optimizer, # Its optimiser
    loss_func, # Loss function
    train:tuple, # (x_cat, x_cont, y) tensors of the training rows
    valid:tuple, # Same for the validation rows
    bs:int, # Batch size
):
    "One shuffled training pass (dropping the last partial batch, as fastai does) and one validation pass"
    model.train()
    xc,xn,y = train
    perm = torch.randperm(len(y), device=y.device)
    for i in range(0, len(y)-bs+1, bs):
        idx = perm[i:i+bs]
        loss = loss_func(model(xc[idx], xn[idx]), y[idx])
        loss.backward(); opt.step(); opt.zero_grad()
    model.eval()
    xc,xn,y = valid
    with torch.no_grad():
        for i in range(0, len(y), bs): loss_func(model(xc[i:i+bs], xn[i:i+bs]), y[i:i+bs])

def epoch_speed(
    learn:Learner, # A Learner over `dense_dls` DataLoaders
    reps:int=3, # Timings of each side
)->dict:
    "Fastest seconds of `reps` of `learn.fit(1)`, of the same epoch in plain PyTorch, of `fit(1)` flushing denormals, and of `learn.neuron_stats()` (plain and with covariance); every timing in `times`"
    dls = learn.dls
    model = deepcopy(learn.model)
    opt = torch.optim.AdamW(model.parameters(), lr=learn.lr, betas=(0.9, 0.99), eps=1e-5, weight_decay=0.01, fused=True)
    dev = first(model.parameters()).device
    tr,va = _tensors(dls.train, dev),_tensors(dls.valid, dev)
    lf = nn.MSELoss() if tr[2].dtype.is_floating_point else nn.CrossEntropyLoss()
    if tr[2].dtype.is_floating_point: tr,va = [(a,b,c.view(-1,1)) for a,b,c in (tr,va)]
    fit = lambda: learn.fit(1)
    plain = lambda: plain_epoch(model, opt, lf, tr, va, dls.train.bs)
    flushed = lambda: learn.fit(1, cbs=FlushDenormals())
    fns = dict(fit=fit, plain=plain, fit_flushed=flushed, stats=learn.neuron_stats,
               stats_cov=lambda: learn.neuron_stats(cov=True))   # timed in this order, `reps` rounds
    with learn.no_bar(), learn.no_logging():
        fit(); plain()  # warm-up
        times = {k:[] for k in fns}
        for _ in range(reps):
            for k,f in fns.items(): times[k].append(_timed(f)[1])
    return dict(**{k:float(min(v)) for k,v in times.items()}, times=times, train_rows=len(tr[2]), valid_rows=len(va[2]), bs=dls.train.bs)

def big_net(
    n_in:int=100, # Inputs
    widths:list=(700,700,700), # Hidden widths
    seed:int=0, # Seed of the initialisation
    act_cls=nn.ReLU, # Activation class
)->DenseNet:
    "A regression `DenseNet` with `n_in` continuous inputs and the given hidden widths"
    set_seed(seed)
    return DenseNet(n_in, 1, list(widths), act_cls=act_cls)

def plan_transfer_speed(
    model:DenseNet, # The net to plan and transfer
    eps:float=default_eps, # Threshold
    rows:int=4096, # Calibration rows (random normal inputs)
    reps:int=3, # Timings
    dead:int=0, # Neurons of each hidden layer made constant first (`make_constant`), so that eps=0 has work to do
)->dict:
    "Median seconds of `prune_plan` + `transfer`, and the plan and new model of the last repetition"
    model = model.eval()
    if dead:
        for i in range(len(model.widths)): make_constant(model, i, list(range(dead)))
    x = torch.randn(rows, model.n_cont)
    stats = neuron_stats(model, [(torch.zeros(rows, 0, dtype=torch.long), x)], n_inp=2, cov=True)
    ts = []
    for _ in range(reps):
        t = time.perf_counter()
        plan = prune_plan(model, stats, eps)
        new = transfer(model, plan)
        ts.append(time.perf_counter()-t)
    return dict(seconds=float(np.median(ts)), params=count_params(model), plan=plan, new=new)

bench_targets = (
    ('median_compression', 'median parameter compression over datasets', '>=', 0.70),
    ('share_ok_vs_original', 'share of datasets where refined is not worse than the original (seed noise)', '>=', 2/3),
    ('share_ok_vs_scratch', 'share of datasets where refined is not worse than scratch, retraining budget', '>=', 2/3),
    ('epoch_ratio', 'Learner training epoch / plain PyTorch epoch (same model, rows, batch size)', '<=', 1.3),
    ('stats_ratio', 'statistics pass `neuron_stats()` / one training epoch', '<=', 0.5),
    ('plan_transfer_s', 'seconds for prune_plan + transfer of a 1M-parameter net', '<', 1.0),
    ('latency_vs_ratio', 'speed-up at batch 4096 / parameter ratio (one thread), worst dataset', '>=', 0.8),
    ('latency_vs_ratio_x8', 'the same with `prune_plan(multiple_of=8)` (widths rounded up to multiples of 8)', '>=', 0.8),
    ('latency_vs_ratio_inference', 'the same (widths as kept), both timed as `InferenceNet`', '>=', 0.8),
    ('latency_vs_ratio_inference_x8', 'the same with multiples of 8, both timed as `InferenceNet`', '>=', 0.8),
    ('latency_vs_ratio_fast', 'the same (widths as kept), both timed as `fast_net` (the fastest of `InferenceNet`, compiled `TiledNet` and `FusedNet`)', '>=', 0.8),
    ('share_best_vs_alternatives', 'share of datasets where prunelearn (lstsq) is best or tied against magnitude '
     '(Torch-Pruning), random and variance without compensation at identical widths', '>=', 2/3),
)
_ops = {'>=':lambda a,b: a>=b, '<=':lambda a,b: a<=b, '<':lambda a,b: a<b}

def check_targets(
    values:dict, # Measured numbers by target key
)->pd.DataFrame:
    "One row per target: what it says, the bound, the measured value and whether it is met"
    rows = []
    for k,desc,op,bound in bench_targets:
        v = values.get(k)
        ok = None if v is None or (isinstance(v, float) and math.isnan(v)) else bool(_ops[op](v, bound))
        rows.append(dict(key=k, target=f'{desc} {op} {bound:.3g}', value=v, met={True:'yes', False:'NO', None:'not measured'}[ok]))
    return pd.DataFrame(rows)

def machine_info(
    note:str=None, # Free-text description of the machine and its load
)->dict:
    "Platform, CPU count, torch version and threads, date, and a free-text `note` about the machine"
    import fastai
    return dict(platform=platform.platform(), processor=platform.processor() or platform.machine(),
                cpu_count=os.cpu_count(), torch=torch.__version__, torch_threads=torch.get_num_threads(),
                fastai=fastai.__version__, python=platform.python_version(),
                cuda=torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
                date=time.strftime('%Y-%m-%d %H:%M:%S %z'), note=note)

def peak_rss_mb()->float:
    "Peak resident memory of this process so far, in MiB"
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r/1024 if sys.platform!='darwin' else r/2**20

def _show(title, df, echo):
    if echo:
        with pd.option_context('display.width', 200, 'display.max_columns', 30, 'display.precision', 4):
            print(f"\n## {title}\n{df.to_string(index=False)}", flush=True)

def run_bench(
    mode:str='quick', # 'quick' or 'full'
    data_dir:Path=None, # Folder of the data files (with DATA.md)
    out:Path='benchmarks', # Results go to `out/<mode>/`
    note:str=None, # Free-text description of the machine, stored with the results
    echo:bool=True, # Print each table
    **overrides # Settings replacing the mode's defaults (`bench_config`)
)->dict:
    "Run the benchmark; write results.csv, datasets.csv, speed.csv and summary.json to `out/<mode>/`; return the summary"
    cfg = bench_config(mode, **overrides)
    nt = torch.get_num_threads()
    if cfg['threads']: torch.set_num_threads(cfg['threads'])
    try: return _run_bench(cfg, data_dir, out, note, echo)
    finally: torch.set_num_threads(nt)

def _dataset_job(name, source, task, cfg):
    "Everything `_run_bench` needs from one dataset, with models on the CPU (it runs in a worker process when `cfg['workers']>1`)"
    if cfg['threads']: torch.set_num_threads(cfg['threads'])
    r,bl,learn,small,r8,rec = bench_dataset(name, load_dataset(source), cfg, task)
    rec['peak_rss_mb'] = peak_rss_mb()   # of this process so far (a worker's, when there are workers)
    return r, bl, learn.model.cpu(), small.model.cpu(), r8.model.cpu(), rec

def _exit_with_parent(ppid:int, every:float=1.0):
    "Worker initializer: a daemon thread ends this process once its parent `ppid` is gone (killed, not only interrupted)"
    def watch():
        while os.getppid()==ppid: time.sleep(every)
        os._exit(1)
    threading.Thread(target=watch, daemon=True).start()

def _dataset_jobs(dsets, cfg, echo):
    "Results of `_dataset_job` for each dataset, in order; `cfg['workers']` datasets at a time in fresh processes"
    def said(out):
        rec = out[-1]
        if echo: print(f"{rec['dataset']}: eps {rec['eps_seeds']}, widths {rec['widths_before']} -> {rec['widths_after']} (seed 0), "
                       f"{rec['seconds']+rec['baselines_s']:.0f} s", flush=True)
        return out
    if cfg['workers']<=1: return [said(_dataset_job(*d, cfg)) for d in dsets]
    import bench as mod   # this file as a module (its folder is on sys.path): a fresh process can import it, not `__main__`
    with ProcessPoolExecutor(cfg['workers'], mp_context=multiprocessing.get_context('spawn'),
                             initializer=mod._exit_with_parent, initargs=(os.getpid(),)) as ex:
        futs = {ex.submit(mod._dataset_job, *d, cfg):i for i,d in enumerate(dsets)}
        done = {futs[f]:said(f.result()) for f in as_completed(futs)}
    return [done[i] for i in range(len(dsets))]

def _run_bench(cfg, data_dir, out, note, echo):
    mode,t_start = cfg['mode'],time.perf_counter()
    dsets = bench_datasets(cfg, data_dir)
    jobs = _dataset_jobs(dsets, cfg, echo)
    res = pd.concat([j[0] for j in jobs], ignore_index=True)
    recs,bls = [j[-1] for j in jobs],[j[1] for j in jobs if j[1] is not None]
    d = Path(out)/mode
    d.mkdir(parents=True, exist_ok=True)
    # the trainings' results go to disk before anything else is measured: a failure later loses none of them
    res.assign(widths=res.widths.map(str)).to_csv(d/'results.csv', index=False)
    bl = pd.concat(bls, ignore_index=True) if bls else None
    if bls: bl.assign(widths=bl.widths.map(str)).to_csv(d/'baselines.csv', index=False)
    tab = dataset_table(res)
    tab.to_csv(d/'datasets.csv', index=False)
    cl = claims(tab)
    lats = []
    for _,_,orig,small,r8,rec in jobs:   # latency afterwards, one model at a time, no training alongside
        lats += [latency(orig, m, cfg['latency_bs'], cfg['latency_time'], cfg['latency_rounds'], inference=inf).assign(
                    dataset=rec['dataset'], widths=w, forward='InferenceNet' if inf else 'DenseNet')
                 for inf in (False, True) for m,w in ((small, 'as kept'), (r8, 'multiple of 8'))]
        lats.append(latency(orig, small, cfg['latency_bs'], cfg['latency_time'], cfg['latency_rounds'], fast=True).assign(
                    dataset=rec['dataset'], widths='as kept', forward='fast_net'))
    lat = pd.concat(lats, ignore_index=True)
    _show('Paper claims per dataset (test metric, mean over seeds)', tab, echo)
    bt = baseline_table(bl) if bls else None
    bcl = baseline_claims(bt) if bls else None
    if bls: _show('Against the alternatives at identical widths (test metric, mean over seeds)', bt, echo)
    _show('Inference latency (one thread)', lat, echo)
    # speed: epoch vs plain loop and the statistics pass, at each batch size
    sdf = synth_table(cfg['speed_rows'], cfg['speed_feats'])
    speed = []
    for bs in cfg['speed_bs']:
        dls = dense_dls(sdf, seed=0, bs=bs)
        learn = dense_learner(dls, cfg['speed_width'], cfg['speed_depth'], seed=0)
        e = epoch_speed(learn, cfg['reps'])
        common = dict(bs=bs, train_rows=e['train_rows'], model=f"{cfg['speed_depth']}x{cfg['speed_width']}")
        speed += [dict(measure='Learner fit(1) epoch', seconds=e['fit'], **common),
                  dict(measure='plain PyTorch epoch', seconds=e['plain'], **common),
                  dict(measure='epoch ratio (Learner/plain)', ratio=e['fit']/e['plain'], **common),
                  dict(measure='epoch ratio, medians', ratio=float(np.median(e['times']['fit'])/np.median(e['times']['plain'])), **common),
                  dict(measure='Learner fit(1) epoch, denormals flushed', seconds=e['fit_flushed'], ratio=e['fit_flushed']/e['fit'], **common),
                  dict(measure='neuron_stats()', seconds=e['stats'], ratio=e['stats']/e['fit'], **common),
                  dict(measure='neuron_stats(cov=True)', seconds=e['stats_cov'], ratio=e['stats_cov']/e['fit'], **common)]
    bn = big_net(cfg['big_inputs'], cfg['big_widths'])
    pt = plan_transfer_speed(bn, reps=cfg['reps'])
    speed.append(dict(measure='prune_plan + transfer', seconds=pt['seconds'], params=pt['params'],
                      model=f"{cfg['big_inputs']}->{cfg['big_widths']}"))
    speed = pd.DataFrame(speed)
    _show('Speed', speed, echo)
    def worst(w, fwd):
        at = lat[(lat.bs==max(cfg['latency_bs']))&(lat.widths==w)&(lat.forward==fwd)]
        return float((at.speedup/at.param_ratio).min())
    sb = speed.set_index(['measure', 'bs'])
    bs0 = cfg['speed_bs'][0]
    values = dict(median_compression=cl['median_compression'], share_ok_vs_original=cl['share_ok_vs_original'],
                  share_ok_vs_scratch=cl['share_ok_vs_scratch'],
                  epoch_ratio=float(sb.loc[('epoch ratio (Learner/plain)', bs0), 'ratio']),
                  stats_ratio=float(sb.loc[('neuron_stats()', bs0), 'ratio']),
                  plan_transfer_s=pt['seconds'], latency_vs_ratio=worst('as kept', 'DenseNet'),
                  latency_vs_ratio_x8=worst('multiple of 8', 'DenseNet'), latency_vs_ratio_inference=worst('as kept', 'InferenceNet'),
                  latency_vs_ratio_inference_x8=worst('multiple of 8', 'InferenceNet'), latency_vs_ratio_fast=worst('as kept', 'fast_net'),
                  share_best_vs_alternatives=bcl['share_best_or_tied'] if bls else float('nan'))
    tg = check_targets(values)
    _show('Targets', tg, echo)
    summary = dict(mode=mode, machine=machine_info(note), config=cfg, datasets=recs, claims=cl,
                   table=tab.to_dict('records'), latency=lat.to_dict('records'), speed=speed.to_dict('records'),
                   targets=tg.to_dict('records'), speed_batch_size_for_targets=bs0,
                   baselines=bt.to_dict('records') if bls else None, baseline_claims=bcl,
                   peak_rss_mb=max([peak_rss_mb()]+[r['peak_rss_mb'] for r in recs]), wall_s=time.perf_counter()-t_start)
    pd.concat([speed, lat.assign(measure='latency')], ignore_index=True).to_csv(d/'speed.csv', index=False)
    (d/'summary.json').write_text(json.dumps(summary, indent=2, default=str))
    if echo: print(f"\npeak memory {summary['peak_rss_mb']:.0f} MiB, wall {summary['wall_s']:.0f} s; written to {d}")
    return summary

def _change(a, b, metric):
    "Test change of `a` over `b`: points of accuracy, or % of `b`'s RMSE (positive: `a` is better)"
    hib = metric_higher_is_better.get(metric, True)
    return 100*(a-b) if hib else 100*(b-a)/b

def plot_claims(
    table:list, # `dataset_table` records (`summary['table']`)
    ax=None, # Axes to draw on; default: a new figure
):
    "Compression against the refined model's test change over the original, and scratch's at the same size, per dataset"
    if ax is None: _,ax = plt.subplots(figsize=(8, 5))
    last,k = None,0
    for r in sorted(table, key=lambda r: r['compression'], reverse=True):
        x = 100*(1-r['compression'])
        yr,ys = _change(r['refined_mean'], r['original_mean'], r['metric']),_change(r['scratch_mean'], r['original_mean'], r['metric'])
        ax.plot([x, x], [ys, yr], color='0.8', zorder=1)
        ax.scatter([x], [ys], marker='x', color='tab:red', zorder=2, label='scratch, same epochs')
        ax.scatter([x], [yr], marker='o', color='tab:blue', zorder=3, label='refined (automatic ε)')
        k = k+1 if last is not None and x<2*last else 0   # neighbours on the log axis: stack their labels downwards
        last = x
        ax.annotate(r['dataset'].split('.')[0], (x, yr), textcoords='offset points', xytext=(4, 4-10*k), fontsize=7,
                    arrowprops=dict(arrowstyle='-', color='0.7', lw=0.5) if k else None)
    ax.axhline(0, color='k', lw=0.8)
    h,l = ax.get_legend_handles_labels()
    u = dict(zip(l, h))
    ax.legend(u.values(), u.keys(), loc='best', fontsize=8)
    ax.set_xscale('log')
    pct = matplotlib.ticker.FuncFormatter(lambda v,_: f'{v:g}%')
    ax.xaxis.set_major_formatter(pct)
    xs = [100*(1-r['compression']) for r in table]
    if max(xs)<10*min(xs): ax.xaxis.set_minor_formatter(pct)   # less than a decade: label the minor ticks too, in %
    ax.set_xlabel("parameters kept (% of the original's, log scale)")
    ax.set_ylabel('test change vs original\n(accuracy points or % of RMSE; up is better)')
    ax.set_title('Refined vs original and scratch, mean over seeds')
    return ax

def plot_alternatives(
    baselines:list, # `baseline_table` records (`summary['baselines']`)
    ax=None, # Axes to draw on; default: a new figure
):
    "Grouped bars: test change of each alternative over prunelearn (lstsq), per dataset"
    others = [m for m in baseline_methods if m!=baseline_ref]
    n,k = len(baselines),len(others)
    if ax is None: _,ax = plt.subplots(figsize=(max(6, 0.9*n+2), 4.5))
    w = 0.8/k
    for j,m in enumerate(others):
        ys = [_change(r[f'{m}_mean'], r[f'{baseline_ref}_mean'], r['metric']) for r in baselines]
        ax.bar(np.arange(n)+(j-(k-1)/2)*w, ys, w, label=m)
    ax.axhline(0, color='k', lw=0.8)
    ax.set_xticks(np.arange(n)); ax.set_xticklabels([r['dataset'].split('.')[0] for r in baselines], rotation=35, ha='right', fontsize=8)
    ax.set_ylabel(f'test change vs {baseline_ref}\n(accuracy points or % of RMSE)')
    ax.set_title('Alternatives at identical widths, after retraining (below 0: worse than prunelearn)')
    ax.legend(fontsize=8)
    return ax

def _pm(m, s, pct=False):
    f = (lambda x: f'{100*x:.1f}') if pct else (lambda x: f'{x:.4g}')
    return f(m) if s is None or (isinstance(s, float) and math.isnan(s)) else f'{f(m)} ± {f(s)}'

def _fmt_value(v):
    return 'not measured' if v is None or (isinstance(v, float) and math.isnan(v)) else f'{v:.3g}'

def _fmt_cell(v):
    if v is None or (isinstance(v, float) and math.isnan(v)): return ''
    if isinstance(v, float): return f'{v:,.0f}' if v.is_integer() and abs(v)>=1000 else f'{v:.4g}'
    return v

def _baseline_section(s:dict)->list:
    "Report lines of the comparison with the alternatives (or a note that the run did not make it)"
    L = ['### Against the alternatives, at identical widths', '']
    bt,c = s.get('baselines'),s.get('baseline_claims')
    if not bt: return L+['Not measured in this run.', '']
    rows = [{'dataset':r['dataset'], 'metric':r['metric'], 'ε (seed 0)':f"{r['eps']:g}", 'widths (seed 0)':str(r['widths']),
             **{v:_pm(r[f'{v}_mean'], r[f'{v}_std']) for v in baseline_methods}} for r in bt]
    vs = (*baseline_alternatives, 'prunelearn (mean)')
    met = c['share_best_or_tied']>=2/3
    return L+['Every method keeps exactly the widths prunelearn keeps at the chosen ε and is retrained with the same budget '
              'in a new `Learner` (magnitude: chosen and removed by the Torch-Pruning package). Test metric, mean ± std over seeds:', '',
              md_table(pd.DataFrame(rows)), '',
              f'{baseline_ref} against each method, paired by seed: wins/ties/losses, "ok" when not worse by more than one standard '
              'error of the paired differences; "best or tied" when ok against magnitude, random and variance without compensation '
              '(after retraining; "before retraining": the same verdict on the transferred models):', '',
              md_table(pd.DataFrame([{'dataset':r['dataset'], **{f'vs {v}':f"{r[f'vs {v}']} ({'ok' if r[f'ok vs {v}'] else 'worse'})" for v in vs},
                                 'best or tied':'yes' if r['best or tied'] else 'no',
                                 **({'before retraining':'yes' if r['best or tied (no retraining)'] else 'no'}
                                    if 'best or tied (no retraining)' in r else {})} for r in bt])), '',
              f"prunelearn best or tied on {c['best_or_tied']} of {c['datasets']} datasets "
              f"({100*c['share_best_or_tied']:.0f}%; target at least two thirds: {'met' if met else 'NOT met'}). "
              + (f"Before retraining (the transferred models, same rule): best or tied on {c['best_or_tied_no_retraining']} of {c['datasets']}. "
                 if c.get('best_or_tied_no_retraining') is not None else '') +
              f"Not worse than " + ', '.join(f"{v} on {100*c[f'share_ok_vs_{v}']:.0f}%" for v in vs) + ' of the datasets.', '']

def _peak_note(s:dict)->str:
    "What the peak memory covers, where the run had workers whose peaks it did not record (runs before they were recorded)"
    if s['config'].get('workers', 1)>1 and not all('peak_rss_mb' in r for r in s['datasets']):
        return " (of the main process only: this run's worker processes, which trained the models, did not record theirs)"
    return ''

def _floor_text(cfg:dict)->str:
    "The automatic ε's floor on its allowance, in words (runs before the floor existed had none)"
    if 'floor' not in cfg: return 'no floor on the allowance'
    if cfg['floor'] is not None: return f"the allowance at least {cfg['floor']:g} × the original's validation loss"
    f = default_floor   # auto_refine's default
    return f"the allowance at least {f['classification']:g} × the original's validation loss for classification, {f['regression']:g} × for regression"

def _mode_section(s:dict, figs:dict=None)->list:
    figs = figs or {}
    m,cfg = s['machine'],s['config']
    tab = pd.DataFrame(s['table'])
    L = [f"## {s['mode']} run", '',
         f"Machine: {m['platform']}, {m['cpu_count']} CPU cores ({m['processor']}), torch {m['torch']} "
         f"(threads: {m['torch_threads']}), fastai {m['fastai']}, GPU: {m['cuda'] or 'none'}; date {m['date']}."
         + (f" {m['note']}" if m.get('note') else ''), '',
         f"Settings: original {cfg['depth']}×{cfg['width']} trained " + (f"with `fit_converged` (rounds of at most {cfg['epochs']} epochs of "
         f"fit_one_cycle, each stopped {cfg['patience']} after its best validation loss, until a round no longer improves it "
         f"(at most {1+cfg.get('restarts', 0)} rounds), the best weights kept; lr {cfg['lr']}, "
         if cfg.get('patience') else f"{cfg['epochs']} epochs (fit_one_cycle, lr {cfg['lr']}, ") + f"batch {cfg['bs']}); on every seed, ε chosen by `auto_refine` on that split's validation rows from {cfg['eps_grid']}, "
         + (f"then {b} halvings of the interval above the last passing one, " if (b:=cfg.get('bisect', default_bisect))
            else "the largest that passes (no bisection), ") +
         f"kept neurons chosen by `select='{cfg.get('select', 'std')}'`, {_floor_text(cfg)} "
         "(\"refined\" is the model it returns: retrained, or the transferred one where retraining did not help on validation); "
         + (f"at most {cfg['retrain']} retraining epochs with the same early stopping; " if cfg.get('patience') else f"{cfg['retrain']} retraining epochs; ")
         + f"{cfg['seeds']} seeds (data splits). Wall time {s['wall_s']:.0f} s, "
         f"peak memory {s['peak_rss_mb']:.0f} MiB" + _peak_note(s) + ".", '',
         '### Targets', '', md_table(pd.DataFrame([dict(target=t['target'], measured=_fmt_value(t['value']), met=t['met'])
                                             for t in s['targets']])), '',
         '### The paper\'s claims', '']
    sub = [r for r in s['datasets'] if r['subsampled']]
    if sub: L += ['Subsampled (random rows, training rows capped at '
                  f"{cfg['max_train_rows']:,}): " + ', '.join(f"{r['dataset']} ({r['rows_used']:,} of {r['rows']:,} rows)" for r in sub), '']
    rec = {r['dataset']:r for r in s['datasets']}
    rows = []
    for r in s['table']:
        d = rec[r['dataset']]
        rows.append({'dataset':r['dataset'], 'metric':r['metric'], 'ε (per seed)':'/'.join(f'{e:g}' for e in r.get('eps_seeds', [r['eps']])),
                     'widths (seed 0)':f"{d['widths_before']} → {d['widths_after']}", 'compression %':f"{100*r['compression']:.1f}",
                     **{v:_pm(r[f'{v}_mean'], r[f'{v}_std']) for v in table_variants}})
    c = s['claims']
    L += ['Test metric, mean ± std over seeds (accuracy: higher is better; rmse: lower is better). '
          "'original+extra' is the original trained for the retraining's epochs too.", '', md_table(pd.DataFrame(rows)), '',
          'Refined against each other variant, paired by seed: wins/ties/losses, and "ok" when the refined model is not '
          'worse by more than one standard error of the paired differences:', '',
          md_table(pd.DataFrame([{'dataset':r['dataset'], **{f'vs {v}':f"{r[f'vs {v}']} ({'ok' if r[f'ok vs {v}'] else 'worse'})"
                                                      for v in claim_versus}} for r in s['table']])), '',
          f"Over {c['datasets']} datasets: median compression {100*c['median_compression']:.1f}% "
          f"(over the datasets with no loss: {_fmt_value(100*c['median_compression_no_loss'])}%); refined not worse than "
          + ', '.join(f"{v} on {100*c[f'share_ok_vs_{v}']:.0f}%" for v in claim_versus) + ' of the datasets.', '',
          *([f"![Compression against test change, per dataset]({figs['claims']})", ''] if 'claims' in figs else []),
          *_baseline_section(s),
          *([f"![Alternatives against prunelearn at identical widths]({figs['alternatives']})", ''] if 'alternatives' in figs else []),
          '### Speed', '',
          f"The epoch and statistics targets are judged at batch size {s['speed_batch_size_for_targets']} (the default of "
          "`dense_dls`); the other batch size shows how the ratios move when the per-batch overhead is spread over more rows. "
          "Each time is the fastest of the repetitions (the sides timed alternately); \"epoch ratio, medians\" compares the medians instead. "
          "Both sides train with PyTorch's `AdamW(fused=True)` (fastai's `Adam` defaults), what `dense_learner` trains with, and "
          "keep denormal floats; the row \"denormals flushed\" times `fit(1, cbs=FlushDenormals())`, its ratio over the `fit(1)` epoch's.", '',
          md_table(pd.DataFrame(s['speed']).map(_fmt_cell)), '',
          'Inference latency, original vs refined (seed 0), one CPU thread; "multiple of 8" is the same ε with '
          '`prune_plan(multiple_of=8)`, widths rounded up (more parameters, often faster); "InferenceNet" times both '
          'models folded for prediction (`prunelearn.infer`), and "fast_net" each as `fast_net` makes it (the fastest of the `InferenceNet`, '
          'the compiled `TiledNet` and, for a net at most `fuse_max_width` wide, the `FusedNet` in blocks of 8 and of 16 rows; "nets" names what ran):', '',
          md_table(pd.DataFrame(s['latency'])[[c for c in ('dataset', 'forward', 'nets', 'widths', 'bs', 'original_ms', 'refined_ms', 'speedup', 'param_ratio')
                                          if c in s['latency'][0]]].round(4)), '']
    return L

def _scale_section(d:Path)->list:
    "Markdown of the scale runs (`benchmarks/scale/scale.py`) saved in `d`"
    runs = [json.loads(f.read_text()) for f in sorted(Path(d).glob('scale_*.json'))]
    if not runs: return []
    L = ['## Scale', '', 'End to end on a synthetic table shaped like HIGGS (28 continuous features, binary target), read '
         'from CSV (`benchmarks/scale/scale.py`): one training epoch, the statistics pass over a tenth of the training rows '
         'and over all of them, plan + transfer + one retraining epoch. Memory: resident set after each phase and its peak '
         'during the phase; the process holds about 0.7 GiB of libraries before any data.', '']
    for r in runs:
        ph = [k for k,v in r.items() if isinstance(v, dict) and 'seconds' in v]
        L += [f"{r['rows']:,} rows, CSV {r['csv_mb']:,} MiB, table in pandas {r['table_mb']:,} MiB; 3×{r['width']} net, batch {r['bs']}; "
              f"{r['machine']}; {r['date']}.", '',
              md_table(pd.DataFrame([dict(phase=k, seconds=r[k]['seconds'], rss_mib=r[k]['rss_mb'], peak_mib=r[k]['peak_mb']) for k in ph])), '',
              f"The statistics pass added {r['stats_tenth_extra_mb']} MiB over {r['stats_rows']//10:,} rows and "
              f"{r['stats_all_extra_mb']} MiB over {r['stats_rows']:,} rows to the resident set. Test accuracy: original "
              f"{r['original']['test']:.4f} ({r['original']['params']:,} parameters), refined {r['refined']['test']:.4f} "
              f"({r['refined']['params']:,}, widths {r['refined']['widths']}).", '']
    return L

def _figures(s:dict, d:Path, base:Path)->dict:
    "Draw the run's plots into `d`; their paths relative to `base` (where the report lives)"
    figs = {}
    for name,f,data in (('claims', plot_claims, s.get('table')), ('alternatives', plot_alternatives, s.get('baselines'))):
        if not data: continue
        ax = f(data)
        ax.figure.tight_layout(); ax.figure.savefig(d/f'{name}.png', dpi=110); plt.close(ax.figure)
        figs[name] = os.path.relpath((d/f'{name}.png').resolve(), base)
    return figs

report_begin = '<!-- begin: generated by benchmarks/bench.py -->'
report_end = '<!-- end: generated by benchmarks/bench.py -->'

def replace_generated(
    old:str, # The report as it is ('' for a new one)
    gen:str, # The generated part, without markers
)->str:
    "`old` with the lines between its marker lines replaced by `gen`; a new report is `gen` between markers"
    if not old.strip(): return f'{report_begin}\n{gen}\n{report_end}\n'
    L = old.split('\n')
    b,e = [i for i,l in enumerate(L) if l.strip()==report_begin],[i for i,l in enumerate(L) if l.strip()==report_end]
    if len(b)!=1 or len(e)!=1 or e[0]<b[0]:
        raise ValueError(f"The report has no single pair of marker lines ({report_begin} ... {report_end}) around its generated part: "
                         "add them, or write to a new file")
    return '\n'.join(L[:b[0]+1] + [gen] + L[e[0]:])

def write_report(
    out:Path='benchmarks', # Folder with `<mode>/summary.json` of the runs done
    dest:Path='BENCHMARKS.md', # The report to write
)->str:
    "Write the markdown report of every mode run under `out` into `dest`, between its markers (the rest of `dest` is kept); return the generated text"
    out = Path(out)
    L = ['## Generated by `bench.py`', '',
         'Generated by `python benchmarks/bench.py` (`write_report`) between the markers `' + report_begin + '` and `' + report_end + '`: '
         'do not edit that part by hand; what lies outside the markers is written by hand and kept. Raw numbers: '
         f'`{out.name}/<mode>/results.csv` (every run), `datasets.csv`, `speed.csv` and `summary.json`.', '',
         'Speed numbers are ratios measured side by side in one process; absolute times depend on the machine and on '
         'what else runs on it.', '']
    done = [m for m in bench_modes if (out/m/'summary.json').is_file()]
    if not done: raise ValueError(f"No benchmark results under {out} (expected {out}/quick/summary.json or {out}/full/summary.json)")
    for m in bench_modes:
        if m not in done: L += [f'## {m} run', '', f'**Not done yet**: no results for `--{m}` so far.', '']
    for m in done:
        s = json.loads((out/m/'summary.json').read_text())
        L += _mode_section(s, _figures(s, out/m, Path(dest).resolve().parent))
    L += _scale_section(out/'scale')
    text = '\n'.join(L)
    dest = Path(dest)
    dest.write_text(replace_generated(dest.read_text() if dest.exists() else '', text))
    return text

def main(
    argv:list=None, # Command-line arguments; default: `sys.argv[1:]`
)->int:
    "Entry point of `python benchmarks/bench.py`"
    p = argparse.ArgumentParser(prog='python benchmarks/bench.py', description=__doc__)
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument('--quick', action='store_true', help='two small datasets, a smaller net (minutes)')
    g.add_argument('--full', action='store_true', help='every dataset of DATA.md plus the built-ins, 3x256 nets')
    p.add_argument('--data-dir', default=None, help='folder of the data files, with a DATA.md listing them')
    p.add_argument('--out', default='benchmarks', help='results go to OUT/<mode>/')
    p.add_argument('--report', default=None, help='markdown report to write (default: BENCHMARKS.md next to OUT)')
    p.add_argument('--note', default=None, help='free-text description of the machine, stored with the results')
    p.add_argument('--seeds', type=int, default=None, help='data splits per dataset (default 3)')
    p.add_argument('--no-baselines', action='store_true', help='skip the comparison with magnitude, random and uncompensated choices')
    p.add_argument('--datasets', default=None, help="comma-separated built-in names or files of --data-dir (default: the mode's)")
    p.add_argument('--workers', type=int, default=1, help='datasets run at once, each in its own process with one thread (default 1)')
    p.add_argument('--floor', type=float, default=None, help="least allowance of the automatic ε, as a share of the original's validation loss (default: auto_refine's, 1%% for classification, 0 for regression)")
    p.add_argument('--select', choices=select_modes, default='greedy', help="which neurons fill the kept widths: 'greedy' (default, see greedy_keep) or 'std' (the most variable, the paper's rule)")
    a = p.parse_args(argv)
    kw = {} if a.seeds is None else dict(seeds=a.seeds)
    if a.no_baselines: kw['baselines'] = False
    if a.datasets: kw['datasets'] = [d.strip() for d in a.datasets.split(',') if d.strip()]
    if a.workers<1: p.error(f'--workers must be at least 1, not {a.workers}')
    kw['workers'],kw['select'],kw['floor'] = a.workers,a.select,a.floor
    try:
        run_bench('quick' if a.quick else 'full', a.data_dir, a.out, a.note, **kw)
        rep = Path(a.report) if a.report else Path(a.out).resolve().parent/'BENCHMARKS.md'
        write_report(a.out, rep)
    except (ValueError, FileNotFoundError) as e:
        print(f"bench: error: {e}", file=sys.stderr); return 2
    print(f"report written to {rep}")
    return 0

if __name__=='__main__': sys.exit(main())
