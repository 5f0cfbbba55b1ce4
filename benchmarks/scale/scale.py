"""Scale check (issues 4 and 6): a synthetic 2M x 28 table shaped like HIGGS, end to end, with wall time and memory.

Run from the repository root: `.venv/bin/python benchmarks/scale/scale.py [--rows 2000000] [--out benchmarks/scale]`.
Memory is read from /proc (Linux): VmRSS now and VmHWM, the peak since the last reset (`/proc/self/clear_refs`),
so each phase reports its own peak. The statistics pass is run on a tenth of the rows and on all of them: its
extra memory must not grow with the rows (it streams batches into float64 per-neuron sums)."""
import argparse, json, os, platform, time, warnings
from pathlib import Path
import numpy as np, pandas as pd, torch
warnings.filterwarnings('ignore')

def mem():
    d = {l.split(':')[0]: int(l.split()[1])/1024 for l in open('/proc/self/status') if l.startswith(('VmRSS', 'VmHWM'))}
    return d['VmRSS'],d['VmHWM']
def reset_peak(): Path('/proc/self/clear_refs').write_text('5')

def higgs_like(n, seed=0):
    "28 continuous features (21 'low-level', 7 'high-level' products of them) and a binary target"
    rng = np.random.default_rng(seed)
    low = rng.normal(size=(n,21)).astype('float32')
    high = np.stack([low[:,0]*low[:,1], low[:,2]**2, np.abs(low[:,3]), low[:,4]*low[:,5]*low[:,6],
                     np.tanh(low[:,7]), low[:,8]-low[:,9], np.sqrt(low[:,10]**2+low[:,11]**2)], 1).astype('float32')
    x = np.concatenate([low, high], 1)
    logit = high[:,0] + 0.8*high[:,3] - 0.5*high[:,1] + 0.3*low[:,12] + rng.normal(scale=0.5, size=n)
    df = pd.DataFrame(x, columns=[f'f{i}' for i in range(28)])
    df['target'] = (logit>np.median(logit)).astype('int8')
    return df

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--rows', type=int, default=2_000_000)
    ap.add_argument('--width', type=int, default=128); ap.add_argument('--bs', type=int, default=1024)
    ap.add_argument('--out', default='benchmarks/scale'); ap.add_argument('--csv', default='/tmp/higgs_like.csv')
    a = ap.parse_args()
    torch.set_num_threads(1)
    from prunelearn.all import load_dataset, dense_dls, dense_learner
    res, t = dict(rows=a.rows, width=a.width, bs=a.bs), time.perf_counter()
    def phase(name, t0):
        rss,hwm = mem(); res[name] = dict(seconds=round(time.perf_counter()-t0, 2), rss_mb=round(rss), peak_mb=round(hwm))
        print(name, res[name], flush=True); reset_peak(); return time.perf_counter()
    reset_peak(); t0 = time.perf_counter()
    if not Path(a.csv).exists() or len(pd.read_csv(a.csv, usecols=[0]))!=a.rows:
        higgs_like(a.rows).to_csv(a.csv, index=False, float_format='%.6g')
    res['csv_mb'] = round(Path(a.csv).stat().st_size/2**20); t0 = phase('write_csv', t0)
    df = load_dataset(a.csv); res['table_mb'] = round(df.memory_usage(deep=True).sum()/2**20); t0 = phase('load', t0)
    dls = dense_dls(df, 'target', seed=0, bs=a.bs); del df; t0 = phase('dls', t0)
    learn = dense_learner(dls, width=a.width, depth=3)
    with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(1, 3e-3)
    t0 = phase('train_1_epoch', t0)
    tenth = dls.train.new(dls.train_ds.new(dls.train_ds.items.iloc[:len(dls.train_ds)//10]), shuffle=False, drop_last=False)
    rss0 = mem()[0]; s = learn.neuron_stats(dl=tenth, cov=True); res['stats_tenth_extra_mb'] = round(mem()[1]-rss0)
    t0 = phase('stats_tenth_rows', t0)
    rss0 = mem()[0]; s = learn.neuron_stats(cov=True); res['stats_all_extra_mb'] = round(mem()[1]-rss0); res['stats_rows'] = int(s[0].n)
    t0 = phase('stats_all_rows', t0)
    with learn.no_bar(), learn.no_logging(): small = learn.refine(epochs=1, seed=0)
    t0 = phase('plan_transfer_retrain_1_epoch', t0)
    ev = [learn.evaluate('original'), small.evaluate('refined')]
    res['original'] = dict(test=ev[0]['test'], params=ev[0]['params'])
    res['refined'] = dict(test=ev[1]['test'], params=ev[1]['params'], widths=ev[1]['widths'])
    t0 = phase('evaluate', t0)
    res['total_seconds'] = round(time.perf_counter()-t, 1)
    res['machine'] = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores (shared with other work), torch {torch.__version__}, 1 thread"
    res['date'] = time.strftime('%Y-%m-%d')
    Path(a.out).mkdir(parents=True, exist_ok=True)
    (Path(a.out)/f'scale_{a.rows}.json').write_text(json.dumps(res, indent=1, default=str))
    print(json.dumps(res, default=str))

if __name__=='__main__': main()
