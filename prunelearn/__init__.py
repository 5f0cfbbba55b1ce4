__version__ = "0.1.0"
import warnings
# fastai's TorchScript layers (fastai.layers) note at import that torch.jit.script is deprecated: noise users can do
# nothing about. It is silenced for that one import only; the user's own warning filters are left as they were.
with warnings.catch_warnings():
    warnings.filterwarnings('ignore', message=r'.*torch\.jit\.script.*is deprecated', category=FutureWarning)
    import fastai.layers
