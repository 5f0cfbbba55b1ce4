"Measure automatic eps (z=0 vs z=1) against the test split across datasets and seeds (auto_eval_v2.csv: the current rule, z=0 only)."
import warnings; warnings.filterwarnings('ignore')
import sys, time, json
from prunelearn.all import *
D = (sys.argv[1] if len(sys.argv)>1 else '../shared/data').rstrip('/')+'/'
sets = dict(breast_cancer='breast_cancer', wine='wine', diabetes='diabetes', pima=D+'pima_indians_diabetes.csv',
            concrete=D+'concrete.csv', energy=D+'energy_efficiency.csv', cancer_uci=D+'breast_cancer_wisconsin_original.csv')
rows = []
for name,src in sets.items():
    for seed in range(2):
        t = time.time()
        dls = dense_dls(load_dataset(src), seed=seed)
        learn = dense_learner(dls, seed=seed)
        with learn.no_bar(), learn.no_logging():
            learn.fit_one_cycle(20, 1e-3)
            o = learn.evaluate('original')
            for z in (0., 1.):
                s = learn.auto_refine(z=z, seed=seed)
                r = s.evaluate('refined')
                rows.append(dict(data=name, seed=seed, z=z, metric=o['metric'], orig_test=o['test'], orig_valid=o['valid'],
                                 eps=s.auto_eps, test=r['test'], valid=r['valid'], compression=r['compression'],
                                 tried=len(s.auto_trials), retrained=s.epochs_trained>0))
                print(rows[-1], f"{time.time()-t:.0f}s", flush=True)
pd.DataFrame(rows).to_csv('benchmarks/auto_eps/auto_eval.csv', index=False)
