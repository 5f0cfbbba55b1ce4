"""Issue 24's first question: would a width search with the same compute have found a net as small and as good?

For each dataset and seed: prunelearn's default recipe (a 3x256 original trained with `fit_converged`, then
`auto_refine`), counting every training epoch it ran (the original's and every ε candidate's retraining); then an
Optuna TPE search (seeded) over depth 1-3 and widths log-uniform in 4-256, each trial a `dense_learner` trained with
the same recipe (`fit_converged`: same learning rate, early stopping, at most 100 epochs), scored on the validation
loss, stopped once its trials' epochs reach prunelearn's total for that seed (the trial that crosses it counts).
Reported per seed: prunelearn's refined net, the search's best net (lowest validation loss) and the smallest net
within the allowance of that best on validation (accuracy 0.5 point, RMSE 1%), each with its test metric.
Epochs of smaller nets are cheaper, so counting epochs favours the search.

    python benchmarks/search/search.py --data-dir ../shared/data --seeds 3 --out benchmarks/search/run
"""
import argparse, json, math, os, sys, time, warnings
from pathlib import Path
import pandas as pd
sys.path.insert(0, str(Path(__file__).parent.parent/'lossless'))
from lossless import bench_args, map_datasets, load_capped

def search_nets(dls, learn, budget, seed):
    "Optuna TPE (seeded) over depth 1-3 and widths 4-256, each trial trained like `learn` (`fit_converged`), until the trials' epochs reach `budget`; one row per trial"
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    from prunelearn.all import dense_learner, count_params, DenseNet, target_vocab
    trials, used = [], 0
    def objective(trial):
        nonlocal used
        depth = trial.suggest_int('depth', 1, 3)
        widths = [trial.suggest_int(f'w{i}', 4, 256, log=True) for i in range(depth)]
        l = dense_learner(dls, widths[0], 1, seed=seed)   # replaced below by the sampled widths
        clf = dls.task=='classification'
        l.model = DenseNet(len(dls.cont_names), len(target_vocab(dls)) if clf else 1, widths, emb_szs=learn.model.embeds and
                           [(e.num_embeddings, e.embedding_dim) for e in learn.model.embeds] or (),
                           y_stats=None if clf else dls.y_stats)
        with l.no_bar(), l.no_logging(): l.fit_converged(**{k:v for k,v in learn.recipe.items() if k!='lr'})
        used += l.epochs_trained
        e = l.evaluate()
        trials.append(dict(widths=widths, params=count_params(l.model), valid_loss=l.valid_loss(), valid=e['valid'], test=e['test'], epochs=l.epochs_trained))
        return trials[-1]['valid_loss']
    study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=seed))
    while used<budget: study.optimize(objective, n_trials=1)
    return pd.DataFrame(trials)

def best_and_smallest(tr, metric):
    "The trial of lowest validation loss, and the smallest within 0.5 point of accuracy / 1% of RMSE of it on validation"
    best = tr.loc[tr.valid_loss.idxmin()]
    ok = tr.valid>=best.valid-0.005 if metric=='accuracy' else tr.valid<=best.valid*1.01
    return best,tr[ok].sort_values('params').iloc[0]

def one(args):
    name, src, task, seeds, cap = args
    df,_ = load_capped(src, cap)
    from prunelearn.all import dense_dls, dense_learner
    recs = []
    for s in range(seeds):
        t0 = time.perf_counter()
        dls = dense_dls(df, 'target', task, seed=s, device='cpu')
        learn = dense_learner(dls, 256, 3, seed=s)
        with learn.no_bar(), learn.no_logging():
            learn.fit_converged()
            small = learn.auto_refine(seed=s)
        budget = learn.epochs_trained + int(small.auto_trials.epochs.sum())
        o,r = learn.evaluate('original'),small.evaluate('prunelearn')
        t_pl = time.perf_counter()-t0
        metric = o['metric']
        t1 = time.perf_counter()
        tr = search_nets(dls, learn, budget, s)
        t_search = time.perf_counter()-t1
        best,smallest = best_and_smallest(tr, metric)
        recs.append(dict(dataset=name, seed=s, metric=metric, budget_epochs=budget, search_epochs=int(tr.epochs.sum()), search_trials=len(tr),
                         original_test=o['test'], original_params=o['params'],
                         prunelearn_test=r['test'], prunelearn_params=r['params'], prunelearn_widths=str(r['widths']), prunelearn_s=t_pl,
                         best_test=best.test, best_params=int(best.params), best_widths=str(best.widths),
                         smallest_test=smallest.test, smallest_params=int(smallest.params), smallest_widths=str(smallest.widths), search_s=t_search))
        print(f"{name} seed {s}: budget {budget} epochs, {len(tr)} trials; prunelearn {r['test']:.4g} ({r['params']:,}), "
              f"search best {best.test:.4g} ({int(best.params):,}), smallest {smallest.test:.4g} ({int(smallest.params):,})", flush=True)
    return pd.DataFrame(recs)

def not_worse(a, b, metric): return a>=b-0.005 if metric=='accuracy' else a<=b*1.01

def summarize(res):
    rows = []
    for ds,g in res.groupby('dataset', sort=False):
        m = g.metric.iloc[0]; mean = g.mean(numeric_only=True)
        rows.append(dict(dataset=ds, metric=m, seeds=len(g), prunelearn=mean.prunelearn_test, prunelearn_params=mean.prunelearn_params,
                         search_best=mean.best_test, best_params=mean.best_params, search_smallest=mean.smallest_test, smallest_params=mean.smallest_params,
                         original=mean.original_test, ok_vs_best=not_worse(mean.prunelearn_test, mean.best_test, m),
                         fewer_than_best=mean.prunelearn_params<mean.best_params,
                         ok_vs_smallest=not_worse(mean.prunelearn_test, mean.smallest_test, m), fewer_than_smallest=mean.prunelearn_params<mean.smallest_params,
                         epochs=mean.budget_epochs, time_ratio=mean.search_s/mean.prunelearn_s))
    t = pd.DataFrame(rows); n = len(t)
    head = [f"- prunelearn not worse than the search's best net: {t.ok_vs_best.sum()}/{n} (target ≥ 2/3); fewer parameters than it: {t.fewer_than_best.sum()}/{n} (target ≥ 2/3)",
            f"- not worse than the search's smallest net within the allowance: {t.ok_vs_smallest.sum()}/{n}; fewer parameters than it: {t.fewer_than_smallest.sum()}/{n}", '']
    cols = list(t.columns)
    fmt = lambda v: f'{v:.4g}' if isinstance(v, float) else str(v)
    return '\n'.join(head+['| '+' | '.join(cols)+' |', '|'+'---|'*len(cols)]+['| '+' | '.join(fmt(v) for v in r)+' |' for r in t.itertuples(index=False)])

if __name__=='__main__':
    ap = bench_args(__doc__)
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    t0,commit = time.time(),os.popen('git rev-parse --short HEAD').read().strip()   # the code the run starts with
    res = pd.concat(map_datasets(one, a), ignore_index=True)
    res.to_csv(out/'results.csv', index=False)
    md = summarize(res)
    (out/'summary.md').write_text(md+'\n')
    (out/'run.json').write_text(json.dumps(dict(seconds=time.time()-t0, seeds=a.seeds, max_train_rows=a.max_train_rows,
                                               commit=commit), indent=1))
    print(md)
