"Everything a user needs: `from prunelearn.all import *`"
from fastai.tabular.all import *
from .data import *
from .model import *
from .trunk import *
from .stats import *
from .prune import *
from .transfer import *
from .refine import *
from .save import *
from .sweep import *
from .plots import *
from .auto import *
from .reliability import *
from .distrib import *
from .baselines import *
from .layers import *
from .infer import *
