"""Does a one-round `fit_converged` original still gain from more training? (the check behind `fit_converged`'s rounds)

Each dataset and seed: a 3x256 original trained with one round of `fit_converged` (`restarts=0`: the library's recipe before
8c18fcf), then from its weights: original+extra (another early-stopped
round, as `sweep` trains it), a cosine annealing of 10 or 20 epochs from the peak rate down (fastai's `fit_flat_cos`,
best weights kept), and original+extra after the 10-epoch annealing. Test and validation metric of each, as JSON lines.

    python benchmarks/lossless/second_round.py letter.csv.gz,dry_bean.csv.gz,digits,friedman,california_housing.csv.gz,wine,iris,protein_tertiary_structure.csv.gz
"""
import sys, time, json
sys.path.insert(0, 'benchmarks/lossless')
from lossless import load_capped, datasets
from concurrent.futures import ProcessPoolExecutor
from copy import deepcopy

def run(arg):
    name, src, task, seed = arg
    df,_ = load_capped(src, 3000)
    from prunelearn.all import dense_dls, dense_learner, KeepBest, learner_like, fit_log
    from prunelearn.sweep import resplit, seed_shuffle
    dls = dense_dls(df, 'target', task, seed=0, device='cpu')
    if seed: dls = resplit(dls, seed)
    out = dict(dataset=name, seed=seed)
    learn = dense_learner(dls, 256, 3, seed=seed)
    def ev(l): r = l.evaluate('x'); return r['test'], r['valid']
    def clone(l):
        c = learner_like(l, l.dls, deepcopy(l.model)); c.train_log = list(fit_log(l)); return c
    with learn.no_bar(), learn.no_logging():
        seed_shuffle(dls, seed); learn.fit_converged(restarts=0)
        lr = learn.train_lr
        out['orig'] = ev(learn); out['ep_orig'] = learn.epochs_trained
        ex = clone(learn); seed_shuffle(dls, seed); ex.fit_converged(50, lr, from_start=True, restarts=0); out['extra'] = ev(ex)
        for k in (10, 20):
            an = clone(learn); seed_shuffle(dls, seed)
            an.fit_flat_cos(k, lr, pct_start=0., cbs=[KeepBest(None, an.valid_loss())])
            out[f'anneal{k}'] = ev(an)
            if k==10:
                ex2 = clone(an); seed_shuffle(dls, seed); ex2.fit_converged(50, lr, from_start=True, restarts=0); out['anneal10+extra'] = ev(ex2)
    print(json.dumps(out), flush=True)
    return out

if __name__=='__main__':
    names = sys.argv[1].split(',')
    ds = [d for d in datasets('../shared/data', None) if d[0] in names]
    args = [(*d, s) for s in (0,1) for d in ds]
    with ProcessPoolExecutor(2) as ex: res = list(ex.map(run, args))
    json.dump(res, open('benchmarks/lossless/second_round.json','w'))
