"""
Implements fully connected networks in PyTorch.
WARNING: you SHOULD NOT use ".to()" or ".cuda()" in each implementation block.
"""
import torch


def hello_fully_connected_networks():
    print("Hello from fully_connected_networks.py!")

class Linear(object):

    @staticmethod
    def forward(x, w, b):
        """
        Computes the forward pass for an linear (fully-connected) layer.
        Returns a tuple of: out (N, M), cache (x, w, b).
        """
        out = None
        ##############################################################
        # TODO: Implement this.
        ##############################################################
        # Replace "pass" statement with your code
        pass
        ##############################################################
        #                 END OF YOUR CODE                           #
        ##############################################################
        cache = (x, w, b)
        return out, cache

    @staticmethod
    def backward(dout, cache):
        """
        Computes the backward pass for an linear layer.
        Returns a tuple of: dx, dw, db.
        """
        x, w, b = cache
        dx, dw, db = None, None, None
        ##############################################################
        # TODO: Implement this.
        ##############################################################
        # Replace "pass" statement with your code
        pass
        ##############################################################
        #                 END OF YOUR CODE                           #
        ##############################################################
        return dx, dw, db


class ReLU(object):

    @staticmethod
    def forward(x):
        """
        Computes the forward pass for a layer of rectified linear units (ReLUs).
        Your implementation should not change the input tensor with an in-place operation.
        """
        out = None
        ##############################################################
        # TODO: Implement this.
        ##############################################################
        # Replace "pass" statement with your code
        pass
        ##############################################################
        #                 END OF YOUR CODE                           #
        ##############################################################
        cache = x
        return out, cache

    @staticmethod
    def backward(dout, cache):
        """
        Computes the backward pass for a layer of rectified linear units (ReLUs).
        """
        dx, x = None, cache
        ##############################################################
        # TODO: Implement this.
        ##############################################################
        # Replace "pass" statement with your code
        pass
        ##############################################################
        #                 END OF YOUR CODE                           #
        ##############################################################
        return dx


def sgd_momentum(w, dw, config=None):
    """
    Performs stochastic gradient descent with momentum.
    """
    if config is None:
        config = {}
    config.setdefault('learning_rate', 1e-2)
    config.setdefault('momentum', 0.9)
    v = config.get('velocity', torch.zeros_like(w))

    next_w = None
    ##############################################################
    # TODO: Implement this.
    ##############################################################
    # Replace "pass" statement with your code
    pass
    ##############################################################
    #                 END OF YOUR CODE                           #
    ##############################################################
    config['velocity'] = v

    return next_w, config


def rmsprop(w, dw, config=None):
    """
    Uses the RMSProp update rule.
    """
    if config is None:
        config = {}
    config.setdefault('learning_rate', 1e-2)
    config.setdefault('decay_rate', 0.99)
    config.setdefault('epsilon', 1e-8)
    config.setdefault('cache', torch.zeros_like(w))

    next_w = None
    ##############################################################
    # TODO: Implement this.
    ##############################################################
    # Replace "pass" statement with your code
    pass
    ##############################################################
    #                 END OF YOUR CODE                           #
    ##############################################################

    return next_w, config


def adam(w, dw, config=None):
    """
    Uses the Adam update rule. NOTE: modify t _before_ using it in any calculations.
    """
    if config is None:
        config = {}
    config.setdefault('learning_rate', 1e-3)
    config.setdefault('beta1', 0.9)
    config.setdefault('beta2', 0.999)
    config.setdefault('epsilon', 1e-8)
    config.setdefault('m', torch.zeros_like(w))
    config.setdefault('v', torch.zeros_like(w))
    config.setdefault('t', 0)

    next_w = None
    ##############################################################
    # TODO: Implement this.
    ##############################################################
    # Replace "pass" statement with your code
    pass
    ##############################################################
    #                 END OF YOUR CODE                           #
    ##############################################################

    return next_w, config


class Dropout(object):

    @staticmethod
    def forward(x, dropout_param):
        """
        Performs the forward pass for (inverted) dropout.
        - dropout_param: p: Dropout parameter. We *drop* each neuron output with
          probability p. mode: 'test' or 'train'. seed: Seed for the random number
          generator.
        """
        p, mode = dropout_param['p'], dropout_param['mode']
        if 'seed' in dropout_param:
            torch.manual_seed(dropout_param['seed'])

        mask = None
        out = None

        if mode == 'train':
            ##############################################################
            # TODO: Implement this.
            ##############################################################
            # Replace "pass" statement with your code
            pass
            ##############################################################
            #                 END OF YOUR CODE                           #
            ##############################################################
        elif mode == 'test':
            out = x

        cache = (dropout_param, mask)

        return out, cache

    @staticmethod
    def backward(dout, cache):
        """
        Perform the backward pass for (inverted) dropout.
        """
        dropout_param, mask = cache
        mode = dropout_param['mode']

        dx = None
        if mode == 'train':
            ##############################################################
            # TODO: Implement this.
            ##############################################################
            # Replace "pass" statement with your code
            pass
            ##############################################################
            #                 END OF YOUR CODE                           #
            ##############################################################
        elif mode == 'test':
            dx = dout
        return dx
