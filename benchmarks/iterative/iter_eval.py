"""One-shot auto_refine vs iterative_refine vs whole-layer removal, measured on the test split.

Usage (from the repository root): python benchmarks/iterative/iter_eval.py OUT.csv DATASET[,DATASET...] SEED[,SEED...] [DATA_DIR]
Every model is chosen on the validation split only; the test split is only reported.
"""
import warnings; warnings.filterwarnings('ignore')
import sys, time, platform
import torch
from copy import deepcopy
from prunelearn.all import *
from prunelearn.layers import *
from prunelearn.auto import row_scores, paired_gap

torch.set_num_threads(1)
out, names, seeds = sys.argv[1], sys.argv[2].split(','), [int(s) for s in sys.argv[3].split(',')]
D = (sys.argv[4] if len(sys.argv)>4 else '../shared/data').rstrip('/')+'/'
sets = dict(cancer_uci=D+'breast_cancer_wisconsin_original.csv', pima=D+'pima_indians_diabetes.csv',
            concrete=D+'concrete.csv', energy=D+'energy_efficiency.csv', breast_cancer='breast_cancer', wine='wine')
WIDTH, DEPTH, EPOCHS, LR, RETRAIN, ROUNDS = 256, 3, 20, 1e-3, 15, 3
stamp = dict(machine=f"{platform.node()} ({platform.processor() or platform.machine()}, 2 shared cores, loaded)",
             date=time.strftime("%Y-%m-%d", time.gmtime()))

def better_on_valid(raw, ret):
    "auto_refine's rule: the retrained model stands only if it scores better than the transferred one on validation"
    return (ret, True) if row_scores(ret)[0].mean()>row_scores(raw)[0].mean() else (raw, False)

rows = []
for name in names:
    for seed in seeds:
        t0 = time.time()
        dls = dense_dls(load_dataset(sets[name]), seed=seed)
        learn = dense_learner(dls, WIDTH, DEPTH, seed=seed)
        def rec(l, variant, **kw):
            r = l.evaluate(variant)
            gap = paired_gap(base, row_scores(l)[0], task)[0] if variant!='original' else 0.
            rows.append(dict(data=name, seed=seed, variant=variant, metric=r['metric'], test=r['test'], valid=r['valid'],
                             valid_gap=gap, params=r['params'], compression=r['compression'], widths=r['widths'],
                             depth=r['depth'], **kw, seconds=round(time.time()-t, 1), **stamp))
            print({k:v for k,v in rows[-1].items() if k not in stamp}, flush=True)
        with learn.no_bar(), learn.no_logging():
            t = time.time(); seed_shuffle(dls, seed); learn.fit_one_cycle(EPOCHS, LR)
            base,task = row_scores(learn)
            rec(learn, 'original', epochs=EPOCHS, retrain_epochs=0, candidates=0)
            # one-shot: auto_refine on the original
            t = time.time(); one = learn.auto_refine(epochs=RETRAIN, seed=seed)
            rec(one, 'one-shot', epochs=one.epochs_trained, retrain_epochs=one.epochs_trained, candidates=len(one.auto_trials), eps=one.auto_eps)
            # iterative: rounds of auto_refine, each judged against the original
            t = time.time(); it = learn.iterative_refine(rounds=ROUNDS, epochs=RETRAIN, seed=seed)
            rec(it, 'iterative', epochs=it.epochs_trained, retrain_epochs=it.iter_epochs, candidates=int(it.iter_rounds.candidates.sum()),
                rounds=len(it.iter_rounds), eps=str(it.iter_rounds.eps.tolist()))
            # one-shot with as many retraining epochs as the iterative model got in all (its own model, trained on)
            extra = it.iter_epochs-one.epochs_trained
            if extra>0:
                t = time.time(); eq = one.new_learner(deepcopy(one.model)); eq.origin = one.origin
                seed_shuffle(dls, seed); eq.fit_one_cycle(extra, learn.train_lr)
                rec(eq, 'one-shot, equal epochs', epochs=extra, retrain_epochs=one.epochs_trained+extra, candidates=0)
            # whole-layer removal after one-shot: every hidden layer, transferred or retrained (better on validation)
            best = None
            for k in range(len(one.model.widths)):
                t = time.time()
                raw = one.remove_layer(k)
                lr_ = one.remove_layer(k, epochs=RETRAIN, seed=seed)
                m,retrained = better_on_valid(raw, lr_)
                gap = paired_gap(base, row_scores(m)[0], task)[0]
                rec(m, f'one-shot, layer {k} removed', epochs=m.epochs_trained, retrain_epochs=one.epochs_trained+m.epochs_trained,
                    candidates=2, retrained=retrained, passed=gap<=0)
                smaller = count_params(m.model)<count_params((best[0] if best else one).model)   # a narrow layer's bypass can be larger
                if gap<=0 and smaller: best = (m, k)
            # the automatic rule: the passing removal with the fewest parameters (fewer than one-shot's), else the one-shot model
            t = time.time()
            m = best[0] if best else one
            rec(m, 'one-shot + layer removal (auto)', epochs=m.epochs_trained, removed=best[1] if best else None,
                retrain_epochs=one.epochs_trained+(m.epochs_trained if best else 0), candidates=3)
        print(f'{name} seed {seed}: {time.time()-t0:.0f} s', flush=True)
        pd.DataFrame(rows).to_csv(out, index=False)
