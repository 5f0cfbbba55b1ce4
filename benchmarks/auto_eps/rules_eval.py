# Usage, from the repository root: python benchmarks/auto_eps/rules_eval.py breast_cancer,wine,... OUT.csv [width] [retraining lr factor] [distillation weight]
# Record every auto-eps candidate (no early stop) per dataset and seed: validation gaps under several scores, test metric
import sys, math, warnings, time
from prunelearn.all import *
import sys, pathlib; sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))   # benchmarks/, where bench.py is
from bench import subsample
from prunelearn.sweep import seed_shuffle, resplit, _fresh_original
import torch.nn.functional as F
torch.set_num_threads(1)
from pathlib import Path
D = str(Path(__file__).resolve().parents[3]/'shared'/'data')+'/'   # ../shared/data, next to the repository
names = sys.argv[1].split(',')
out = sys.argv[2]
width = int(sys.argv[3]) if len(sys.argv)>3 else 256
LRF = float(sys.argv[4]) if len(sys.argv)>4 else 1.0   # retraining peak lr = the original's x LRF
ALPHA = float(sys.argv[5]) if len(sys.argv)>5 else 0.   # retraining loss: (1-ALPHA) x the task's loss + ALPHA x distance to the original's outputs

class Distill(Callback):
    "Add the distance of the predictions to a teacher's (KL divergence of the class probabilities, or squared error) to the training loss"
    def __init__(self, teacher, alpha): self.teacher,self.alpha = teacher,alpha
    def before_fit(self): self.teacher.eval()
    def after_loss(self):
        if not self.training: return
        with torch.no_grad(): t = self.teacher(*self.xb)
        s = self.pred
        kd = (F.kl_div(F.log_softmax(s, 1), F.log_softmax(t, 1), log_target=True, reduction='batchmean') if s.shape[-1]>1
              else F.mse_loss(s.view(-1), t.view(-1)))
        self.learn.loss_grad = (1-self.alpha)*self.learn.loss_grad+self.alpha*kd
grid = default_eps_grid
def scores(learn, idx):
    with learn.no_bar(), learn.no_logging(): p,t = learn.get_preds(ds_idx=idx)
    if p.ndim>1 and p.shape[1]>1:
        t = t.flatten().long(); pr = p.double().clamp_min(1e-12)
        acc = (p.argmax(1)==t).double(); nll = -torch.log(pr[torch.arange(len(t)), t])
        oh = F.one_hot(t, p.shape[1]).double(); brier = ((pr-oh)**2).sum(1)
        return dict(acc=acc, nll=-nll, brier=-brier), 'classification'
    se = -((p.flatten()-t.flatten()).double()**2); ae = -(p.flatten()-t.flatten()).double().abs()
    return dict(acc=se, nll=ae, brier=se), 'regression'
def gap(o, n):
    d = n-o; return float(-d.mean()), float(d.std())/math.sqrt(len(d))
rows=[]
for nm in names:
    df = load_dataset(D+nm if '.' in nm else nm)
    df = subsample(df, 10_000)
    dls0 = dense_dls(df, 'target', seed=0, bs=64)
    learn0 = dense_learner(dls0, width, 3, lr=1e-3, seed=0)
    with learn0.no_bar(), learn0.no_logging(): learn0.fit_one_cycle(20, 1e-3)
    for s in range(3):
        t0=time.time()
        learn = learn0 if s==0 else _fresh_original(learn0, resplit(learn0.dls, s), s)
        with learn.no_bar(), learn.no_logging():
            vo,task = scores(learn,1); to,_ = scores(learn,2)
            stats = learn.neuron_stats(cov=True)
            for e in grid:
                with warnings.catch_warnings():
                    warnings.simplefilter('ignore')
                    plan = learn.prune_plan(e, 'relative', 1, 'lstsq', stats=stats)
                raw = learn.refine(plan=plan, epochs=0)
                seed_shuffle(learn.dls, s)
                if ALPHA:   # refine(epochs=15, seed=s), with the distillation callback
                    small = learn.refine(plan=plan, epochs=0); set_seed(s, reproducible=True)
                    small.fit_one_cycle(15, learn.train_lr*LRF, cbs=Distill(learn.model, ALPHA))
                else: small = learn.refine(plan=plan, epochs=15, seed=s, lr=learn.train_lr*LRF)
                vr,_ = scores(raw,1); vs,_ = scores(small,1); tr,_=scores(raw,2); ts,_=scores(small,2)
                r = dict(dataset=nm, task=task, seed=s, eps=e, compression=plan.compression,
                         test_orig=float(to['acc'].mean()), test_raw=float(tr['acc'].mean()), test_small=float(ts['acc'].mean()),
                         testnll_orig=float(to['nll'].mean()), n_valid=len(vo['acc']))
                for k in ('acc','nll','brier'):
                    for tag,v in (('raw',vr),('small',vs)):
                        g,se = gap(vo[k], v[k]); r[f'{k}_gap_{tag}']=g; r[f'{k}_se_{tag}']=se
                    r[f'{k}_val_raw']=float(vr[k].mean()); r[f'{k}_val_small']=float(vs[k].mean())
                rows.append(r)
        print(nm, s, f'{time.time()-t0:.0f}s', flush=True)
        pd.DataFrame(rows).to_csv(out, index=False)
