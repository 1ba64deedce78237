from .k_nearest_neighbor import *
from .linear_svm import *
from .softmax import *
from .linear_classifier import *
from .neural_net import *
