"""The epoch control for layer removal: the one-shot model of iter_eval.py trained on for 15 more epochs.

Usage: python benchmarks/iterative/extra_epochs.py OUT.csv DATASET[,...] SEED[,...] [DATA_DIR]
Every step is seeded (seed_shuffle included), so the original and the one-shot model are those of iter_eval.py;
the script checks that the one-shot test metric is the one iter_eval.csv recorded.
"""
import warnings; warnings.filterwarnings('ignore')
import sys, time, platform
import torch
from copy import deepcopy
from prunelearn.all import *
from prunelearn.auto import row_scores, paired_gap

torch.set_num_threads(1)
out, names, seeds = sys.argv[1], sys.argv[2].split(','), [int(s) for s in sys.argv[3].split(',')]
D = (sys.argv[4] if len(sys.argv)>4 else '../shared/data').rstrip('/')+'/'
sets = dict(cancer_uci=D+'breast_cancer_wisconsin_original.csv', pima=D+'pima_indians_diabetes.csv',
            concrete=D+'concrete.csv', energy=D+'energy_efficiency.csv')
WIDTH, DEPTH, EPOCHS, LR, RETRAIN = 256, 3, 20, 1e-3, 15
stamp = dict(machine=f"{platform.node()} ({platform.processor() or platform.machine()}, 2 shared cores, loaded)",
             date=time.strftime("%Y-%m-%d", time.gmtime()))
rows = []
for name in names:
    for seed in seeds:
        t = time.time()
        dls = dense_dls(load_dataset(sets[name]), seed=seed)
        learn = dense_learner(dls, WIDTH, DEPTH, seed=seed)
        with learn.no_bar(), learn.no_logging():
            seed_shuffle(dls, seed); learn.fit_one_cycle(EPOCHS, LR)
            base,task = row_scores(learn)
            one = learn.auto_refine(epochs=RETRAIN, seed=seed)
            rows.append(dict(data=name, seed=seed, variant='one-shot (check)', test=one.evaluate()['test']))
            eq = one.new_learner(deepcopy(one.model)); eq.origin = one.origin
            seed_shuffle(dls, seed); eq.fit_one_cycle(RETRAIN, learn.train_lr)
            r = eq.evaluate('one-shot, +15 epochs')
            rows.append(dict(data=name, seed=seed, variant=r['variant'], metric=r['metric'], test=r['test'], valid=r['valid'],
                             valid_gap=paired_gap(base, row_scores(eq)[0], task)[0], params=r['params'],
                             compression=r['compression'], widths=r['widths'], depth=r['depth'], epochs=RETRAIN,
                             retrain_epochs=one.epochs_trained+RETRAIN, candidates=0, seconds=round(time.time()-t, 1), **stamp))
        print(rows[-2], rows[-1], flush=True)
        pd.DataFrame(rows).to_csv(out, index=False)
