"""Against the alternatives at identical widths, on a few real datasets (issue 4, item 2).

Usage: python benchmarks/baselines/run_baselines.py DATA_DIR OUT_DIR [eps] [dataset ...]  (a dataset is a file of DATA_DIR or a built-in name)
Each dataset: a 3x128 ReLU DenseNet trained 20 epochs (fit_one_cycle, lr 1e-3, batch 64), then
`learn.compare_baselines(eps, epochs=15, seeds=3)`; eps is a number (relative threshold) or 'auto'.
Writes OUT_DIR/baselines.csv (all rows), OUT_DIR/table.csv (per-dataset table, bench rules) and
OUT_DIR/machine.json, appending as each dataset finishes."""
import sys, json, time
from pathlib import Path
import pandas as pd, torch
from prunelearn.all import *
from prunelearn.baselines import *
import sys, pathlib; sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))   # benchmarks/, where bench.py is
from bench import data_files, baseline_table, baseline_claims, machine_info

data_dir, out = Path(sys.argv[1]), Path(sys.argv[2])
eps = sys.argv[3] if len(sys.argv)>3 else '0.4'
eps = eps if eps=='auto' else float(eps)
names = sys.argv[4:] or ['breast_cancer_wisconsin_original.csv', 'pima_indians_diabetes.csv', 'concrete.csv', 'energy_efficiency.csv']
out.mkdir(parents=True, exist_ok=True)
torch.set_num_threads(1)
tasks = data_files(data_dir)
(out/'machine.json').write_text(json.dumps(machine_info('Two shared CPU cores, heavily loaded by other work (load average 6-9); '
    f'3x128 originals, 20 epochs at 1e-3, eps={eps}, 15 retraining epochs, 3 seeds'), indent=2))
rows = []
for n in names:
    t = time.perf_counter()
    df = load_dataset(n) if n in builtin_datasets else load_dataset(data_dir/n)
    dls = dense_dls(df, 'target', tasks.get(n), seed=0, bs=64)
    learn = dense_learner(dls, 128, 3, lr=1e-3, seed=0)
    with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(20, 1e-3)
    bl = learn.compare_baselines(eps=eps, epochs=15, seeds=3, progress=False).assign(dataset=n)
    rows.append(bl)
    res = pd.concat(rows, ignore_index=True)
    res.assign(widths=res.widths.map(str)).to_csv(out/'baselines.csv', index=False)
    bt = baseline_table(res); bt.to_csv(out/'table.csv', index=False)
    print(f"{n}: {time.perf_counter()-t:.0f} s", flush=True)
    print(bt.drop(columns=[c for c in bt.columns if c.endswith('_std')]).iloc[-1].to_string(), flush=True)
print(baseline_claims(bt))
