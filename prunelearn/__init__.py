__version__ = "0.1.0"
import warnings
# Noise from inside fastai and torch that users can do nothing about
warnings.filterwarnings('ignore', message=r'.*torch\.jit\.script.*is deprecated', category=FutureWarning)
warnings.filterwarnings('ignore', message=r'The given NumPy array is not writable', category=UserWarning)
