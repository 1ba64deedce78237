from .linear_svm import *
from .softmax import *
