"""
Implements fully connected networks in PyTorch.
WARNING: you SHOULD NOT use ".to()" or ".cuda()" in each implementation block.
"""
import torch
from a3_helper import svm_loss, softmax_loss


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
        out = x.reshape(x.shape[0], -1).mm(w) + b
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
        dx = dout.mm(w.t()).reshape(x.shape)
        dw = x.reshape(x.shape[0], -1).t().mm(dout)
        db = dout.sum(dim=0)
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
        out = x.clamp(min=0)
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
        dx = dout * (x > 0)
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
    v = config['momentum'] * v - config['learning_rate'] * dw
    next_w = w + v
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
    config['cache'] = config['decay_rate'] * config['cache'] + (1 - config['decay_rate']) * dw * dw
    next_w = w - config['learning_rate'] * dw / (config['cache'].sqrt() + config['epsilon'])
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
    config['t'] += 1
    config['m'] = config['beta1'] * config['m'] + (1 - config['beta1']) * dw
    config['v'] = config['beta2'] * config['v'] + (1 - config['beta2']) * dw * dw
    mt = config['m'] / (1 - config['beta1'] ** config['t'])
    vt = config['v'] / (1 - config['beta2'] ** config['t'])
    next_w = w - config['learning_rate'] * mt / (vt.sqrt() + config['epsilon'])
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
            mask = (torch.rand_like(x) > p).to(x.dtype) / (1 - p)
            out = x * mask
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
            dx = dout * mask
            ##############################################################
            #                 END OF YOUR CODE                           #
            ##############################################################
        elif mode == 'test':
            dx = dout
        return dx


class Linear_ReLU(object):

    @staticmethod
    def forward(x, w, b):
        """
        Convenience layer that performs a linear transform followed by a ReLU.
        Returns a tuple of:
        - out: Output from the ReLU
        - cache: Object to give to the backward pass (hint: cache = (fc_cache, relu_cache))
        """
        a, fc_cache = Linear.forward(x, w, b)
        out, relu_cache = ReLU.forward(a)
        cache = (fc_cache, relu_cache)
        return out, cache

    @staticmethod
    def backward(dout, cache):
        """
        Backward pass for the linear-relu convenience layer
        """
        fc_cache, relu_cache = cache
        da = ReLU.backward(dout, relu_cache)
        dx, dw, db = Linear.backward(da, fc_cache)
        return dx, dw, db


class TwoLayerNet(object):
    """
    A two-layer fully-connected neural network with ReLU nonlinearity and
    softmax loss that uses a modular layer design. We assume an input dimension
    of D, a hidden dimension of H, and perform classification over C classes.
    The architecure should be linear - relu - linear - softmax.
    """

    def __init__(self, input_dim=3 * 32 * 32, hidden_dim=100, num_classes=10,
                 weight_scale=1e-3, reg=0.0, dtype=torch.float32, device='cpu'):
        """
        Initialize a new network.
        Inputs:
        - input_dim: An integer giving the size of the input
        - hidden_dim: An integer giving the size of the hidden layer
        - num_classes: An integer giving the number of classes to classify
        - weight_scale: Scalar giving the standard deviation for random
          initialization of the weights.
        - reg: Scalar giving L2 regularization strength.
        - dtype: A torch data type object; all computations will be
          performed using this datatype. float is faster but less accurate,
          so you should use double for numeric gradient checking.
        - device: device to use for computation. 'cpu' or 'cuda'
        """
        self.params = {}
        self.reg = reg

        ###################################################################
        # TODO: Initialize the weights and biases of the two-layer net.   #
        # Weights should be initialized from a Gaussian centered at       #
        # 0.0 with standard deviation equal to weight_scale, and biases   #
        # should be initialized to zero. All weights and biases should    #
        # be stored in the dictionary self.params, with first layer       #
        # weights and biases using the keys 'W1' and 'b1' and second layer#
        # weights and biases using the keys 'W2' and 'b2'.                #
        ###################################################################
        # Replace "pass" statement with your code
        self.params['W1'] = weight_scale * torch.randn(input_dim, hidden_dim, dtype=dtype, device=device)
        self.params['b1'] = torch.zeros(hidden_dim, dtype=dtype, device=device)
        self.params['W2'] = weight_scale * torch.randn(hidden_dim, num_classes, dtype=dtype, device=device)
        self.params['b2'] = torch.zeros(num_classes, dtype=dtype, device=device)
        ###############################################################
        #                            END OF YOUR CODE                 #
        ###############################################################

    def save(self, path):
        checkpoint = {'reg': self.reg, 'params': self.params}
        torch.save(checkpoint, path)
        print("Saved in {}".format(path))

    def load(self, path, dtype, device):
        checkpoint = torch.load(path, map_location='cpu')
        self.params = checkpoint['params']
        self.reg = checkpoint['reg']
        for p in self.params:
            self.params[p] = self.params[p].type(dtype).to(device)
        print("load checkpoint file: {}".format(path))

    def loss(self, X, y=None):
        """
        Compute loss and gradient for a minibatch of data.

        Inputs:
        - X: Tensor of input data of shape (N, d_1, ..., d_k)
        - y: int64 Tensor of labels, of shape (N,). y[i] gives the
          label for X[i].

        Returns:
        If y is None, then run a test-time forward pass of the model
        and return:
        - scores: Tensor of shape (N, C) giving classification scores,
          where scores[i, c] is the classification score for X[i]
          and class c.
        If y is not None, then run a training-time forward and backward
        pass and return a tuple of:
        - loss: Scalar value giving the loss
        - grads: Dictionary with the same keys as self.params, mapping
          parameter names to gradients of the loss with respect to
          those parameters.
        """
        scores = None
        #############################################################
        # TODO: Implement the forward pass for the two-layer net,   #
        # computing the class scores for X and storing them in the  #
        # scores variable.                                          #
        #############################################################
        # Replace "pass" statement with your code
        hidden, cache1 = Linear_ReLU.forward(X, self.params['W1'], self.params['b1'])
        scores, cache2 = Linear.forward(hidden, self.params['W2'], self.params['b2'])
        ##############################################################
        #                     END OF YOUR CODE                       #
        ##############################################################

        # If y is None then we are in test mode so just return scores
        if y is None:
            return scores

        loss, grads = 0, {}
        ###################################################################
        # TODO: Implement the backward pass for the two-layer net.        #
        # Store the loss in the loss variable and gradients in the grads  #
        # dictionary. Compute data loss using softmax, and make sure that #
        # grads[k] holds the gradients for self.params[k]. Don't forget   #
        # to add L2 regularization!                                       #
        #                                                                 #
        # NOTE: To ensure that your implementation matches ours and you   #
        # pass the automated tests, make sure that your L2 regularization #
        # does not include a factor of 0.5.                               #
        ###################################################################
        # Replace "pass" statement with your code
        loss, dscores = softmax_loss(scores, y)
        W1, W2 = self.params['W1'], self.params['W2']
        loss += self.reg * (torch.sum(W1 * W1) + torch.sum(W2 * W2))
        dhidden, grads['W2'], grads['b2'] = Linear.backward(dscores, cache2)
        _, grads['W1'], grads['b1'] = Linear_ReLU.backward(dhidden, cache1)
        grads['W1'] += 2 * self.reg * W1
        grads['W2'] += 2 * self.reg * W2
        ###################################################################
        #                     END OF YOUR CODE                            #
        ###################################################################

        return loss, grads


class FullyConnectedNet(object):
    """
    A fully-connected neural network with an arbitrary number of hidden layers,
    ReLU nonlinearities, and a softmax loss function.
    For a network with L layers, the architecture will be:

    {linear - relu - [dropout]} x (L - 1) - linear - softmax

    where dropout is optional, and the {...} block is repeated L - 1 times.
    """

    def __init__(self, hidden_dims, input_dim=3 * 32 * 32, num_classes=10,
                 dropout=0.0, reg=0.0, weight_scale=1e-2, seed=None,
                 dtype=torch.float, device='cpu'):
        """
        Initialize a new FullyConnectedNet.

        Inputs:
        - hidden_dims: A list of integers giving the size of each hidden layer.
        - input_dim: An integer giving the size of the input.
        - num_classes: An integer giving the number of classes to classify.
        - dropout: Scalar between 0 and 1 giving the drop probability
          for networks with dropout. If dropout=0 then the network
          should not use dropout.
        - reg: Scalar giving L2 regularization strength.
        - weight_scale: Scalar giving the standard deviation for random
          initialization of the weights.
        - seed: If not None, then pass this random seed to the dropout
          layers. This will make the dropout layers deteriminstic so we
          can gradient check the model.
        - dtype: A torch data type object; all computations will be
          performed using this datatype. float is faster but less accurate,
          so you should use double for numeric gradient checking.
        - device: device to use for computation. 'cpu' or 'cuda'
        """
        self.use_dropout = dropout != 0
        self.reg = reg
        self.num_layers = 1 + len(hidden_dims)
        self.dtype = dtype
        self.params = {}

        #######################################################################
        # TODO: Initialize the parameters of the network, storing all        #
        # values in the self.params dictionary. Store weights and biases     #
        # for the first layer in W1 and b1; for the second layer use W2 and  #
        # b2, etc. Weights should be initialized from a normal distribution  #
        # centered at 0 with standard deviation equal to weight_scale. Biases#
        # should be initialized to zero.                                     #
        #######################################################################
        # Replace "pass" statement with your code
        dims = [input_dim] + list(hidden_dims) + [num_classes]
        for i in range(self.num_layers):
            self.params['W%d' % (i + 1)] = weight_scale * torch.randn(
                dims[i], dims[i + 1], dtype=dtype, device=device)
            self.params['b%d' % (i + 1)] = torch.zeros(dims[i + 1], dtype=dtype, device=device)
        #######################################################################
        #                         END OF YOUR CODE                           #
        #######################################################################

        # When using dropout we need to pass a dropout_param dictionary
        # to each dropout layer so that the layer knows the dropout
        # probability and the mode (train / test). You can pass the same
        # dropout_param to each dropout layer.
        self.dropout_param = {}
        if self.use_dropout:
            self.dropout_param = {'mode': 'train', 'p': dropout}
            if seed is not None:
                self.dropout_param['seed'] = seed

    def save(self, path):
        checkpoint = {
          'reg': self.reg,
          'dtype': self.dtype,
          'params': self.params,
          'num_layers': self.num_layers,
          'use_dropout': self.use_dropout,
          'dropout_param': self.dropout_param,
        }
        torch.save(checkpoint, path)
        print("Saved in {}".format(path))

    def loss(self, X, y=None):
        """
        Compute loss and gradient for the fully-connected net.
        Input / output: Same as TwoLayerNet above.
        """
        X = X.to(self.dtype)
        mode = 'test' if y is None else 'train'

        # Set train/test mode for batchnorm params and dropout param
        # since they behave differently during training and testing.
        if self.use_dropout:
            self.dropout_param['mode'] = mode
        scores = None
        ##################################################################
        # TODO: Implement the forward pass for the fully-connected net,  #
        # computing the class scores for X and storing them in the       #
        # scores variable.                                               #
        #                                                                #
        # When using dropout, you'll need to pass self.dropout_param     #
        # to each dropout forward pass.                                  #
        ##################################################################
        # Replace "pass" statement with your code
        caches = []
        h = X
        for i in range(1, self.num_layers):
            h, cache = Linear_ReLU.forward(h, self.params['W%d' % i], self.params['b%d' % i])
            drop_cache = None
            if self.use_dropout:
                h, drop_cache = Dropout.forward(h, self.dropout_param)
            caches.append((cache, drop_cache))
        L = self.num_layers
        scores, last_cache = Linear.forward(h, self.params['W%d' % L], self.params['b%d' % L])
        #################################################################
        #                      END OF YOUR CODE                         #
        #################################################################

        # If test mode return early
        if mode == 'test':
            return scores

        loss, grads = 0.0, {}
        #####################################################################
        # TODO: Implement the backward pass for the fully-connected net.   #
        # Store the loss in the loss variable and gradients in the grads   #
        # dictionary. Compute data loss using softmax, and make sure that  #
        # grads[k] holds the gradients for self.params[k]. Don't forget to #
        # add L2 regularization!                                           #
        # NOTE: To ensure your implementation matches ours and you pass the#
        # automated tests, make sure that your L2 regularization includes  #
        # a factor of 0.5 to simplify the expression for the gradient.     #
        #####################################################################
        # Replace "pass" statement with your code
        loss, dout = softmax_loss(scores, y)
        dout, grads['W%d' % L], grads['b%d' % L] = Linear.backward(dout, last_cache)
        for i in range(L - 1, 0, -1):
            cache, drop_cache = caches[i - 1]
            if self.use_dropout:
                dout = Dropout.backward(dout, drop_cache)
            dout, grads['W%d' % i], grads['b%d' % i] = Linear_ReLU.backward(dout, cache)
        for i in range(1, L + 1):
            W = self.params['W%d' % i]
            loss += 0.5 * self.reg * torch.sum(W * W)
            grads['W%d' % i] += self.reg * W
        ###########################################################
        #                   END OF YOUR CODE                      #
        ###########################################################

        return loss, grads
