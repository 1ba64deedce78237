from builtins import range
from builtins import object
import numpy as np

from ..layers import *
from ..layer_utils import *


class FullyConnectedNet(object):
    """Class for a multi-layer fully connected neural network.

    Network contains an arbitrary number of hidden layers, ReLU nonlinearities,
    and a softmax loss function. This will also implement dropout and batch/layer
    normalization as options. For a network with L layers, the architecture will be

    {affine - [batch/layer norm] - relu - [dropout]} x (L - 1) - affine - softmax

    where batch/layer normalization and dropout are optional and the {...} block is
    repeated L - 1 times.

    Learnable parameters are stored in the self.params dictionary and will be learned
    using the Solver class.
    """

    def __init__(
        self,
        hidden_dims,
        input_dim=3 * 32 * 32,
        num_classes=10,
        dropout_keep_ratio=1,
        normalization=None,
        reg=0.0,
        weight_scale=1e-2,
        dtype=np.float32,
        seed=None,
    ):
        self.normalization = normalization
        self.use_dropout = dropout_keep_ratio != 1
        self.reg = reg
        self.num_layers = 1 + len(hidden_dims)
        self.dtype = dtype
        self.params = {}

        # Initialize the parameters of the network, storing all values in the
        # self.params dictionary: weights and biases of the first layer in W1 and b1,
        # of the second in W2 and b2, etc. Weights are drawn from a normal distribution
        # centered at 0 with standard deviation equal to weight_scale; biases are zero.
        # With batch or layer normalization, store scale and shift parameters for the
        # first layer in gamma1 and beta1 (ones and zeros), and so on.
        # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****

        dims = [input_dim] + list(hidden_dims) + [num_classes]
        for i in range(1, self.num_layers + 1):
            self.params["W%d" % i] = weight_scale * np.random.randn(dims[i - 1], dims[i])
            self.params["b%d" % i] = np.zeros(dims[i])
            if self.normalization and i < self.num_layers:
                self.params["gamma%d" % i] = np.ones(dims[i])
                self.params["beta%d" % i] = np.zeros(dims[i])

        # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****

        # When using dropout we need to pass a dropout_param dictionary to each
        # dropout layer so that the layer knows the dropout probability and the mode
        # (train / test). You can pass the same dropout_param to each dropout layer.
        self.dropout_param = {}
        if self.use_dropout:
            self.dropout_param = {"mode": "train", "p": dropout_keep_ratio}
            if seed is not None:
                self.dropout_param["seed"] = seed

        # With batch normalization we need to keep track of running means and
        # variances, so we need to pass a special bn_param object to each batch
        # normalization layer.
        self.bn_params = []
        if self.normalization == "batchnorm":
            self.bn_params = [{"mode": "train"} for i in range(self.num_layers - 1)]
        if self.normalization == "layernorm":
            self.bn_params = [{} for i in range(self.num_layers - 1)]

        # Cast all parameters to the correct datatype.
        for k, v in self.params.items():
            self.params[k] = v.astype(dtype)

    def loss(self, X, y=None):
        """Compute loss and gradient for the fully connected net.

        Returns the scores (N, C) if y is None; else (loss, grads) with grads[k] the
        gradient of the loss with respect to self.params[k].
        """
        X = X.astype(self.dtype)
        mode = "test" if y is None else "train"

        # Set train/test mode for batchnorm params and dropout param since they
        # behave differently during training and testing.
        if self.use_dropout:
            self.dropout_param["mode"] = mode
        if self.normalization == "batchnorm":
            for bn_param in self.bn_params:
                bn_param["mode"] = mode
        scores = None

        # Implement the forward pass, computing the class scores for X.
        # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****

        caches = []
        h = X
        for i in range(1, self.num_layers):
            h, fc = affine_forward(h, self.params["W%d" % i], self.params["b%d" % i])
            norm = None
            if self.normalization == "batchnorm":
                h, norm = batchnorm_forward(h, self.params["gamma%d" % i],
                                            self.params["beta%d" % i], self.bn_params[i - 1])
            elif self.normalization == "layernorm":
                h, norm = layernorm_forward(h, self.params["gamma%d" % i],
                                            self.params["beta%d" % i], self.bn_params[i - 1])
            h, relu = relu_forward(h)
            drop = None
            if self.use_dropout:
                h, drop = dropout_forward(h, self.dropout_param)
            caches.append((fc, norm, relu, drop))
        L = self.num_layers
        scores, last = affine_forward(h, self.params["W%d" % L], self.params["b%d" % L])

        # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****

        # If test mode return early.
        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        # Implement the backward pass. Compute data loss using softmax, and make sure
        # that grads[k] holds the gradients for self.params[k]. Don't forget to add
        # L2 regularization! NOTE: make sure that your L2 regularization includes a
        # factor of 0.5 to simplify the expression for the gradient.
        # *****START OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****

        loss, dout = softmax_loss(scores, y)
        dout, grads["W%d" % L], grads["b%d" % L] = affine_backward(dout, last)
        for i in range(L - 1, 0, -1):
            fc, norm, relu, drop = caches[i - 1]
            if self.use_dropout:
                dout = dropout_backward(dout, drop)
            dout = relu_backward(dout, relu)
            if self.normalization == "batchnorm":
                dout, grads["gamma%d" % i], grads["beta%d" % i] = batchnorm_backward_alt(dout, norm)
            elif self.normalization == "layernorm":
                dout, grads["gamma%d" % i], grads["beta%d" % i] = layernorm_backward(dout, norm)
            dout, grads["W%d" % i], grads["b%d" % i] = affine_backward(dout, fc)
        for i in range(1, L + 1):
            W = self.params["W%d" % i]
            loss += 0.5 * self.reg * np.sum(W * W)
            grads["W%d" % i] += self.reg * W

        # *****END OF YOUR CODE (DO NOT DELETE/MODIFY THIS LINE)*****

        return loss, grads
