"""
Implements convolutional networks in PyTorch.
WARNING: you SHOULD NOT use ".to()" or ".cuda()" in each implementation block.
"""
import torch
from a3_helper import softmax_loss
from fully_connected_networks import *


def hello_convolutional_networks():
    print("Hello from convolutional_networks.py!")

class Conv(object):

    @staticmethod
    def forward(x, w, b, conv_param):
        """
        A naive implementation of the forward pass for a convolutional layer.
        Returns a tuple of: out (N, F, H', W'), cache (x, w, b, conv_param).
        """
        out = None
        ##############################################################
        # TODO: Implement this.
        ##############################################################
        # Replace "pass" statement with your code
        stride, pad = conv_param['stride'], conv_param['pad']
        N, C, H, W = x.shape
        F, _, HH, WW = w.shape
        xp = torch.nn.functional.pad(x, (pad, pad, pad, pad))
        Ho, Wo = 1 + (H + 2 * pad - HH) // stride, 1 + (W + 2 * pad - WW) // stride
        out = torch.zeros((N, F, Ho, Wo), dtype=x.dtype, device=x.device)
        for i in range(Ho):
            for j in range(Wo):
                window = xp[:, :, i * stride:i * stride + HH, j * stride:j * stride + WW]
                out[:, :, i, j] = torch.einsum('nchw,fchw->nf', window, w) + b
        ##############################################################
        #                 END OF YOUR CODE                           #
        ##############################################################
        cache = (x, w, b, conv_param)
        return out, cache

    @staticmethod
    def backward(dout, cache):
        """
        A naive implementation of the backward pass for a convolutional layer.
        Returns a tuple of: dx, dw, db.
        """
        dx, dw, db = None, None, None
        ##############################################################
        # TODO: Implement this.
        ##############################################################
        # Replace "pass" statement with your code
        x, w, b, conv_param = cache
        stride, pad = conv_param['stride'], conv_param['pad']
        F, _, HH, WW = w.shape
        xp = torch.nn.functional.pad(x, (pad, pad, pad, pad))
        dxp, dw = torch.zeros_like(xp), torch.zeros_like(w)
        db = dout.sum(dim=(0, 2, 3))
        for i in range(dout.shape[2]):
            for j in range(dout.shape[3]):
                hs, ws = i * stride, j * stride
                window = xp[:, :, hs:hs + HH, ws:ws + WW]
                dw += torch.einsum('nf,nchw->fchw', dout[:, :, i, j], window)
                dxp[:, :, hs:hs + HH, ws:ws + WW] += torch.einsum('nf,fchw->nchw', dout[:, :, i, j], w)
        dx = dxp[:, :, pad:pad + x.shape[2], pad:pad + x.shape[3]]
        ##############################################################
        #                 END OF YOUR CODE                           #
        ##############################################################
        return dx, dw, db


class MaxPool(object):

    @staticmethod
    def forward(x, pool_param):
        """
        A naive implementation of the forward pass for a max-pooling layer.
        """
        out = None
        ##############################################################
        # TODO: Implement this.
        ##############################################################
        # Replace "pass" statement with your code
        ph, pw, s = pool_param['pool_height'], pool_param['pool_width'], pool_param['stride']
        N, C, H, W = x.shape
        Ho, Wo = 1 + (H - ph) // s, 1 + (W - pw) // s
        out = torch.zeros((N, C, Ho, Wo), dtype=x.dtype, device=x.device)
        for i in range(Ho):
            for j in range(Wo):
                out[:, :, i, j] = x[:, :, i * s:i * s + ph, j * s:j * s + pw].amax(dim=(2, 3))
        ##############################################################
        #                 END OF YOUR CODE                           #
        ##############################################################
        cache = (x, pool_param)
        return out, cache

    @staticmethod
    def backward(dout, cache):
        """
        A naive implementation of the backward pass for a max-pooling layer.
        """
        dx = None
        ##############################################################
        # TODO: Implement this.
        ##############################################################
        # Replace "pass" statement with your code
        x, pool_param = cache
        ph, pw, s = pool_param['pool_height'], pool_param['pool_width'], pool_param['stride']
        dx = torch.zeros_like(x)
        N, C = x.shape[:2]
        for i in range(dout.shape[2]):
            for j in range(dout.shape[3]):
                window = x[:, :, i * s:i * s + ph, j * s:j * s + pw].reshape(N, C, -1)
                idx = window.argmax(dim=2)
                r, q = idx // pw, idx % pw
                for n in range(N):
                    for c in range(C):
                        dx[n, c, i * s + r[n, c], j * s + q[n, c]] += dout[n, c, i, j]
        ##############################################################
        #                 END OF YOUR CODE                           #
        ##############################################################
        return dx


class BatchNorm(object):

    @staticmethod
    def forward(x, gamma, beta, bn_param):
        """
        Forward pass for batch normalization.
        """
        mode = bn_param['mode']
        eps = bn_param.get('eps', 1e-5)
        momentum = bn_param.get('momentum', 0.9)

        N, D = x.shape
        running_mean = bn_param.get('running_mean', torch.zeros(D, dtype=x.dtype, device=x.device))
        running_var = bn_param.get('running_var', torch.zeros(D, dtype=x.dtype, device=x.device))

        out, cache = None, None
        if mode == 'train':
            ##############################################################
            # TODO: Implement this.
            ##############################################################
            # Replace "pass" statement with your code
            mean, var = x.mean(dim=0), x.var(dim=0, unbiased=False)
            xhat = (x - mean) / torch.sqrt(var + eps)
            out = gamma * xhat + beta
            running_mean = momentum * running_mean + (1 - momentum) * mean
            running_var = momentum * running_var + (1 - momentum) * var
            cache = (xhat, gamma, torch.sqrt(var + eps))
            ##############################################################
            #                 END OF YOUR CODE                           #
            ##############################################################
        elif mode == 'test':
            ##############################################################
            # TODO: Implement this.
            ##############################################################
            # Replace "pass" statement with your code
            out = gamma * (x - running_mean) / torch.sqrt(running_var + eps) + beta
            ##############################################################
            #                 END OF YOUR CODE                           #
            ##############################################################
        else:
            raise ValueError('Invalid forward batchnorm mode "%s"' % mode)

        # Store the updated running means back into bn_param
        bn_param['running_mean'] = running_mean.detach()
        bn_param['running_var'] = running_var.detach()

        return out, cache

    @staticmethod
    def backward(dout, cache):
        """
        Backward pass for batch normalization.
        """
        dx, dgamma, dbeta = None, None, None
        ##############################################################
        # TODO: Implement this.
        ##############################################################
        # Replace "pass" statement with your code
        xhat, gamma, std = cache
        N = dout.shape[0]
        dbeta = dout.sum(dim=0)
        dgamma = (dout * xhat).sum(dim=0)
        dxhat = dout * gamma
        dx = (N * dxhat - dxhat.sum(dim=0) - xhat * (dxhat * xhat).sum(dim=0)) / (N * std)
        ##############################################################
        #                 END OF YOUR CODE                           #
        ##############################################################
        return dx, dgamma, dbeta

    @staticmethod
    def backward_alt(dout, cache):
        """
        Alternative backward pass for batch normalization.
        """
        dx, dgamma, dbeta = None, None, None
        ##############################################################
        # TODO: Implement this.
        ##############################################################
        # Replace "pass" statement with your code
        xhat, gamma, std = cache
        N = dout.shape[0]
        dgamma, dbeta = (dout * xhat).sum(dim=0), dout.sum(dim=0)
        dx = gamma / (N * std) * (N * dout - dbeta - xhat * dgamma)
        ##############################################################
        #                 END OF YOUR CODE                           #
        ##############################################################
        return dx, dgamma, dbeta


class SpatialBatchNorm(object):

    @staticmethod
    def forward(x, gamma, beta, bn_param):
        """
        Computes the forward pass for spatial batch normalization.
        """
        out, cache = None, None
        ##############################################################
        # TODO: Implement this.
        ##############################################################
        # Replace "pass" statement with your code
        N, C, H, W = x.shape
        flat, cache = BatchNorm.forward(x.permute(0, 2, 3, 1).reshape(-1, C), gamma, beta, bn_param)
        out = flat.reshape(N, H, W, C).permute(0, 3, 1, 2)
        ##############################################################
        #                 END OF YOUR CODE                           #
        ##############################################################
        return out, cache

    @staticmethod
    def backward(dout, cache):
        """
        Computes the backward pass for spatial batch normalization.
        """
        dx, dgamma, dbeta = None, None, None
        ##############################################################
        # TODO: Implement this.
        ##############################################################
        # Replace "pass" statement with your code
        N, C, H, W = dout.shape
        flat, dgamma, dbeta = BatchNorm.backward_alt(dout.permute(0, 2, 3, 1).reshape(-1, C), cache)
        dx = flat.reshape(N, H, W, C).permute(0, 3, 1, 2)
        ##############################################################
        #                 END OF YOUR CODE                           #
        ##############################################################
        return dx, dgamma, dbeta


def kaiming_initializer(Din, Dout, K=None, relu=True, device='cpu', dtype=torch.float32):
    """
    Implement Kaiming initialization for linear and convolution layers.
    """
    gain = 2. if relu else 1.
    weight = None
    if K is None:
        ##############################################################
        # TODO: Implement this.
        ##############################################################
        # Replace "pass" statement with your code
        weight = torch.randn(Din, Dout, device=device, dtype=dtype) * (gain / Din) ** 0.5
        ##############################################################
        #                 END OF YOUR CODE                           #
        ##############################################################
    else:
        ##############################################################
        # TODO: Implement this.
        ##############################################################
        # Replace "pass" statement with your code
        weight = torch.randn(Dout, Din, K, K, device=device, dtype=dtype) * (gain / (Din * K * K)) ** 0.5
        ##############################################################
        #                 END OF YOUR CODE                           #
        ##############################################################
    return weight


class ThreeLayerConvNet(object):
    """
    A three-layer convolutional network with the following architecture:
    conv - relu - 2x2 max pool - linear - relu - linear - softmax
    The network operates on minibatches of data that have shape (N, C, H, W)
    consisting of N images, each with height H and width W and with C input
    channels.
    """

    def __init__(self, input_dims=(3, 32, 32), num_filters=32, filter_size=7,
                 hidden_dim=100, num_classes=10, weight_scale=1e-3, reg=0.0,
                 dtype=torch.float, device='cpu'):
        """
        Initialize a new network.
        Inputs:
        - input_dims: Tuple (C, H, W) giving size of input data
        - num_filters: Number of filters to use in the convolutional layer
        - filter_size: Width/height of filters to use in convolutional layer
        - hidden_dim: Number of units to use in fully-connected hidden layer
        - num_classes: Number of scores to produce from the final linear layer.
        - weight_scale: Scalar giving standard deviation for random
          initialization of weights.
        - reg: Scalar giving L2 regularization strength
        - dtype: A torch data type object; all computations will be performed
          using this datatype. float is faster but less accurate, so you
          should use double for numeric gradient checking.
        - device: device to use for computation. 'cpu' or 'cuda'
        """
        self.params = {}
        self.reg = reg
        self.dtype = dtype

        ######################################################################
        # TODO: Initialize weights, biases for the three-layer convolutional #
        # network. Weights should be initialized from a Gaussian             #
        # centered at 0.0 with standard deviation equal to weight_scale;     #
        # biases should be initialized to zero. Store weights and biases     #
        # for the convolutional layer using the keys 'W1' and 'b1'; use keys #
        # 'W2' and 'b2' for the hidden linear layer, and 'W3' and 'b3' for   #
        # the output linear layer.                                           #
        ######################################################################
        # Replace "pass" statement with your code
        C, H, W = input_dims
        self.params['W1'] = weight_scale * torch.randn(
            num_filters, C, filter_size, filter_size, dtype=dtype, device=device)
        self.params['b1'] = torch.zeros(num_filters, dtype=dtype, device=device)
        flat = num_filters * (H // 2) * (W // 2)
        self.params['W2'] = weight_scale * torch.randn(flat, hidden_dim, dtype=dtype, device=device)
        self.params['b2'] = torch.zeros(hidden_dim, dtype=dtype, device=device)
        self.params['W3'] = weight_scale * torch.randn(hidden_dim, num_classes, dtype=dtype, device=device)
        self.params['b3'] = torch.zeros(num_classes, dtype=dtype, device=device)
        ######################################################################
        #                            END OF YOUR CODE                        #
        ######################################################################

    def loss(self, X, y=None):
        """
        Evaluate loss and gradient for the three-layer convolutional network.
        Input / output: Same API as TwoLayerNet.
        """
        X = X.to(self.dtype)
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']
        W3, b3 = self.params['W3'], self.params['b3']

        # pass conv_param to the forward pass for the convolutional layer
        # Padding and stride chosen to preserve the input spatial size
        filter_size = W1.shape[2]
        conv_param = {'stride': 1, 'pad': (filter_size - 1) // 2}

        # pass pool_param to the forward pass for the max-pooling layer
        pool_param = {'pool_height': 2, 'pool_width': 2, 'stride': 2}

        scores = None
        ######################################################################
        # TODO: Implement the forward pass for three-layer convolutional     #
        # net, computing the class scores for X and storing them in the      #
        # scores variable.                                                   #
        ######################################################################
        # Replace "pass" statement with your code
        h1, cache1 = Conv_ReLU_Pool.forward(X, W1, b1, conv_param, pool_param)
        h2, cache2 = Linear_ReLU.forward(h1, W2, b2)
        scores, cache3 = Linear.forward(h2, W3, b3)
        ######################################################################
        #                             END OF YOUR CODE                       #
        ######################################################################

        if y is None:
            return scores

        loss, grads = 0.0, {}
        ####################################################################
        # TODO: Implement backward pass for three-layer convolutional net, #
        # storing the loss and gradients in the loss and grads variables.  #
        # Compute data loss using softmax, and make sure that grads[k]     #
        # holds the gradients for self.params[k]. Don't forget to add      #
        # L2 regularization!                                               #
        #                                                                  #
        # NOTE: To ensure that your implementation matches ours and you    #
        # pass the automated tests, make sure that your L2 regularization  #
        # does not include a factor of 0.5                                 #
        ####################################################################
        # Replace "pass" statement with your code
        loss, dscores = softmax_loss(scores, y)
        loss += self.reg * (torch.sum(W1 ** 2) + torch.sum(W2 ** 2) + torch.sum(W3 ** 2))
        dh2, grads['W3'], grads['b3'] = Linear.backward(dscores, cache3)
        dh1, grads['W2'], grads['b2'] = Linear_ReLU.backward(dh2, cache2)
        _, grads['W1'], grads['b1'] = Conv_ReLU_Pool.backward(dh1, cache1)
        grads['W1'] += 2 * self.reg * W1
        grads['W2'] += 2 * self.reg * W2
        grads['W3'] += 2 * self.reg * W3
        ###################################################################
        #                             END OF YOUR CODE                    #
        ###################################################################

        return loss, grads


class DeepConvNet(object):
    """
    A convolutional neural network with an arbitrary number of convolutional
    layers in VGG-Net style. All convolution layers will use kernel size 3 and
    padding 1 to preserve the feature map size, and all pooling layers will be
    max pooling layers with 2x2 receptive fields and a stride of 2 to halve the
    size of the feature map.

    The network will have the following architecture:

    {conv - [batchnorm?] - relu - [pool?]} x (L - 1) - linear
    """

    def __init__(self, input_dims=(3, 32, 32), num_filters=[8, 8, 8, 8, 8],
                 max_pools=[0, 1, 2, 3, 4], batchnorm=False, num_classes=10,
                 weight_scale=1e-3, reg=0.0, weight_initializer=None,
                 dtype=torch.float, device='cpu'):
        """
        Initialize a new network.

        Inputs:
        - input_dims: Tuple (C, H, W) giving size of input data
        - num_filters: List of length (L - 1) giving the number of
          convolutional filters to use in each macro layer.
        - max_pools: List of integers giving the indices of the macro
          layers that should have max pooling (zero-indexed).
        - batchnorm: Whether to include batch normalization in each macro layer
        - num_classes: Number of scores to produce from the final linear layer.
        - weight_scale: Scalar giving standard deviation for random
          initialization of weights, or the string "kaiming" to use Kaiming
          initialization instead
        - reg: Scalar giving L2 regularization strength. L2 regularization
          should only be applied to convolutional and fully-connected weight
          matrices; it should not be applied to biases or to batchnorm scale
          and shifts.
        - dtype: A torch data type object; all computations will be performed
          using this datatype. float is faster but less accurate, so you should
          use double for numeric gradient checking.
        - device: device to use for computation. 'cpu' or 'cuda'
        """
        self.params = {}
        self.num_layers = len(num_filters) + 1
        self.max_pools = max_pools
        self.batchnorm = batchnorm
        self.reg = reg
        self.dtype = dtype

        if device == 'cuda':
            device = 'cuda:0'

        #####################################################################
        # TODO: Initialize the parameters for the DeepConvNet. All weights, #
        # biases, and batchnorm scale and shift parameters should be        #
        # stored in the dictionary self.params.                             #
        #                                                                   #
        # Weights for conv and fully-connected layers should be initialized #
        # according to weight_scale. Biases should be initialized to zero.  #
        # Batchnorm scale (gamma) and shift (beta) parameters should be     #
        # initilized to ones and zeros respectively.                        #
        #####################################################################
        # Replace "pass" statement with your code
        C, H, W = input_dims
        prev = C
        for i, F in enumerate(num_filters):
            if weight_scale == 'kaiming':
                w = kaiming_initializer(prev, F, K=3, relu=True, device=device, dtype=dtype)
            else:
                w = weight_scale * torch.randn(F, prev, 3, 3, dtype=dtype, device=device)
            self.params['W%d' % (i + 1)] = w
            self.params['b%d' % (i + 1)] = torch.zeros(F, dtype=dtype, device=device)
            if batchnorm:
                self.params['gamma%d' % (i + 1)] = torch.ones(F, dtype=dtype, device=device)
                self.params['beta%d' % (i + 1)] = torch.zeros(F, dtype=dtype, device=device)
            if i in max_pools:
                H, W = H // 2, W // 2
            prev = F
        L = self.num_layers
        if weight_scale == 'kaiming':
            w = kaiming_initializer(prev * H * W, num_classes, relu=False, device=device, dtype=dtype)
        else:
            w = weight_scale * torch.randn(prev * H * W, num_classes, dtype=dtype, device=device)
        self.params['W%d' % L] = w
        self.params['b%d' % L] = torch.zeros(num_classes, dtype=dtype, device=device)
        #####################################################################
        #                          END OF YOUR CODE                         #
        #####################################################################

        # With batch normalization we need to keep track of running
        # means and variances, so we need to pass a special bn_param
        # object to each batch normalization layer. You should pass
        # self.bn_params[0] to the forward pass of the first batch
        # normalization layer, self.bn_params[1] to the forward pass
        # of the second batch normalization layer, etc.
        self.bn_params = []
        if self.batchnorm:
            self.bn_params = [{'mode': 'train'} for _ in range(len(num_filters))]

        # Check that we got the right number of parameters
        if not self.batchnorm:
            params_per_macro_layer = 2  # weight and bias
        else:
            params_per_macro_layer = 4  # weight, bias, scale, shift
        num_params = params_per_macro_layer * len(num_filters) + 2
        msg = 'self.params has the wrong number of ' \
              'elements. Got %d; expected %d'
        msg = msg % (len(self.params), num_params)
        assert len(self.params) == num_params, msg

        # Check that all parameters have the correct device and dtype:
        for k, param in self.params.items():
            msg = 'param "%s" has device %r; should be %r' \
                  % (k, param.device, device)
            assert param.device == torch.device(device), msg
            msg = 'param "%s" has dtype %r; should be %r' \
                  % (k, param.dtype, dtype)
            assert param.dtype == dtype, msg

    def loss(self, X, y=None):
        """
        Evaluate loss and gradient for the deep convolutional network.
        Input / output: Same API as ThreeLayerConvNet.
        """
        X = X.to(self.dtype)
        mode = 'test' if y is None else 'train'

        # Set train/test mode for batchnorm params since they
        # behave differently during training and testing.
        if self.batchnorm:
            for bn_param in self.bn_params:
                bn_param['mode'] = mode
        scores = None

        # pass conv_param to the forward pass for the
        # convolutional layer
        # Padding and stride chosen to preserve the input
        # spatial size
        filter_size = 3
        conv_param = {'stride': 1, 'pad': (filter_size - 1) // 2}

        # pass pool_param to the forward pass for the max-pooling layer
        pool_param = {'pool_height': 2, 'pool_width': 2, 'stride': 2}

        scores = None
        #########################################################
        # TODO: Implement the forward pass for the DeepConvNet, #
        # computing the class scores for X and storing them in  #
        # the scores variable.                                  #
        #                                                       #
        # You should use the fast versions of convolution and   #
        # max pooling layers, or the convolutional sandwich     #
        # layers, to simplify your implementation.              #
        #########################################################
        # Replace "pass" statement with your code
        caches = []
        h = X
        for i in range(self.num_layers - 1):
            w, b = self.params['W%d' % (i + 1)], self.params['b%d' % (i + 1)]
            pooled = i in self.max_pools
            if self.batchnorm:
                gamma, beta = self.params['gamma%d' % (i + 1)], self.params['beta%d' % (i + 1)]
                if pooled:
                    h, cache = Conv_BatchNorm_ReLU_Pool.forward(h, w, b, gamma, beta, conv_param,
                                                                self.bn_params[i], pool_param)
                else:
                    h, cache = Conv_BatchNorm_ReLU.forward(h, w, b, gamma, beta, conv_param,
                                                           self.bn_params[i])
            elif pooled:
                h, cache = Conv_ReLU_Pool.forward(h, w, b, conv_param, pool_param)
            else:
                h, cache = Conv_ReLU.forward(h, w, b, conv_param)
            caches.append(cache)
        L = self.num_layers
        scores, last_cache = Linear.forward(h, self.params['W%d' % L], self.params['b%d' % L])
        #####################################################
        #                 END OF YOUR CODE                  #
        #####################################################

        if y is None:
            return scores

        loss, grads = 0, {}
        ###################################################################
        # TODO: Implement the backward pass for the DeepConvNet,          #
        # storing the loss and gradients in the loss and grads variables. #
        # Compute data loss using softmax, and make sure that grads[k]    #
        # holds the gradients for self.params[k]. Don't forget to add     #
        # L2 regularization!                                              #
        #                                                                 #
        # NOTE: To ensure that your implementation matches ours and you   #
        # pass the automated tests, make sure that your L2 regularization #
        # does not include a factor of 0.5                                #
        ###################################################################
        # Replace "pass" statement with your code
        loss, dout = softmax_loss(scores, y)
        dout, grads['W%d' % L], grads['b%d' % L] = Linear.backward(dout, last_cache)
        for i in range(L - 2, -1, -1):
            pooled = i in self.max_pools
            if self.batchnorm:
                backward = Conv_BatchNorm_ReLU_Pool.backward if pooled else Conv_BatchNorm_ReLU.backward
                dout, dw, db, dgamma, dbeta = backward(dout, caches[i])
                grads['gamma%d' % (i + 1)], grads['beta%d' % (i + 1)] = dgamma, dbeta
            else:
                backward = Conv_ReLU_Pool.backward if pooled else Conv_ReLU.backward
                dout, dw, db = backward(dout, caches[i])
            grads['W%d' % (i + 1)], grads['b%d' % (i + 1)] = dw, db
        for i in range(1, L + 1):
            W = self.params['W%d' % i]
            loss += self.reg * torch.sum(W * W)
            grads['W%d' % i] += 2 * self.reg * W
        #############################################################
        #                       END OF YOUR CODE                    #
        #############################################################

        return loss, grads


##################################################################
#            Fast Implementations and Sandwich Layers            #
##################################################################


class FastConv(object):

    @staticmethod
    def forward(x, w, b, conv_param):
        N, C, H, W = x.shape
        F, _, HH, WW = w.shape
        stride, pad = conv_param['stride'], conv_param['pad']
        layer = torch.nn.Conv2d(C, F, (HH, WW), stride=stride, padding=pad)
        layer.weight = torch.nn.Parameter(w)
        layer.bias = torch.nn.Parameter(b)
        tx = x.detach()
        tx.requires_grad = True
        out = layer(tx)
        cache = (x, w, b, conv_param, tx, out, layer)
        return out, cache

    @staticmethod
    def backward(dout, cache):
        try:
            x, _, _, _, tx, out, layer = cache
            out.backward(dout)
            dx = tx.grad.detach()
            dw = layer.weight.grad.detach()
            db = layer.bias.grad.detach()
            layer.weight.grad = layer.bias.grad = None
        except RuntimeError:
            dx, dw, db = torch.zeros_like(tx), torch.zeros_like(layer.weight), \
                         torch.zeros_like(layer.bias)
        return dx, dw, db


class FastMaxPool(object):

    @staticmethod
    def forward(x, pool_param):
        N, C, H, W = x.shape
        pool_height, pool_width = pool_param['pool_height'], pool_param['pool_width']
        stride = pool_param['stride']
        layer = torch.nn.MaxPool2d(kernel_size=(pool_height, pool_width), stride=stride)
        tx = x.detach()
        tx.requires_grad = True
        out = layer(tx)
        cache = (x, pool_param, tx, out, layer)
        return out, cache

    @staticmethod
    def backward(dout, cache):
        try:
            x, _, tx, out, layer = cache
            out.backward(dout)
            dx = tx.grad.detach()
        except RuntimeError:
            dx = torch.zeros_like(tx)
        return dx


class Conv_ReLU(object):

    @staticmethod
    def forward(x, w, b, conv_param):
        """
        A convenience layer that performs a convolution followed by a ReLU.
        """
        a, conv_cache = FastConv.forward(x, w, b, conv_param)
        out, relu_cache = ReLU.forward(a)
        cache = (conv_cache, relu_cache)
        return out, cache

    @staticmethod
    def backward(dout, cache):
        """
        Backward pass for the conv-relu convenience layer.
        """
        conv_cache, relu_cache = cache
        da = ReLU.backward(dout, relu_cache)
        dx, dw, db = FastConv.backward(da, conv_cache)
        return dx, dw, db


class Conv_ReLU_Pool(object):

    @staticmethod
    def forward(x, w, b, conv_param, pool_param):
        """
        A convenience layer that performs a convolution, a ReLU, and a pool.
        """
        a, conv_cache = FastConv.forward(x, w, b, conv_param)
        s, relu_cache = ReLU.forward(a)
        out, pool_cache = FastMaxPool.forward(s, pool_param)
        cache = (conv_cache, relu_cache, pool_cache)
        return out, cache

    @staticmethod
    def backward(dout, cache):
        """
        Backward pass for the conv-relu-pool convenience layer
        """
        conv_cache, relu_cache, pool_cache = cache
        ds = FastMaxPool.backward(dout, pool_cache)
        da = ReLU.backward(ds, relu_cache)
        dx, dw, db = FastConv.backward(da, conv_cache)
        return dx, dw, db


class Linear_BatchNorm_ReLU(object):

    @staticmethod
    def forward(x, w, b, gamma, beta, bn_param):
        """
        Convenience layer that performs an linear transform, batch normalization,
        and ReLU.
        """
        a, fc_cache = Linear.forward(x, w, b)
        a_bn, bn_cache = BatchNorm.forward(a, gamma, beta, bn_param)
        out, relu_cache = ReLU.forward(a_bn)
        cache = (fc_cache, bn_cache, relu_cache)
        return out, cache

    @staticmethod
    def backward(dout, cache):
        fc_cache, bn_cache, relu_cache = cache
        da_bn = ReLU.backward(dout, relu_cache)
        da, dgamma, dbeta = BatchNorm.backward(da_bn, bn_cache)
        dx, dw, db = Linear.backward(da, fc_cache)
        return dx, dw, db, dgamma, dbeta


class Conv_BatchNorm_ReLU(object):

    @staticmethod
    def forward(x, w, b, gamma, beta, conv_param, bn_param):
        a, conv_cache = FastConv.forward(x, w, b, conv_param)
        an, bn_cache = SpatialBatchNorm.forward(a, gamma, beta, bn_param)
        out, relu_cache = ReLU.forward(an)
        cache = (conv_cache, bn_cache, relu_cache)
        return out, cache

    @staticmethod
    def backward(dout, cache):
        conv_cache, bn_cache, relu_cache = cache
        dan = ReLU.backward(dout, relu_cache)
        da, dgamma, dbeta = SpatialBatchNorm.backward(dan, bn_cache)
        dx, dw, db = FastConv.backward(da, conv_cache)
        return dx, dw, db, dgamma, dbeta


class Conv_BatchNorm_ReLU_Pool(object):

    @staticmethod
    def forward(x, w, b, gamma, beta, conv_param, bn_param, pool_param):
        a, conv_cache = FastConv.forward(x, w, b, conv_param)
        an, bn_cache = SpatialBatchNorm.forward(a, gamma, beta, bn_param)
        s, relu_cache = ReLU.forward(an)
        out, pool_cache = FastMaxPool.forward(s, pool_param)
        cache = (conv_cache, bn_cache, relu_cache, pool_cache)
        return out, cache

    @staticmethod
    def backward(dout, cache):
        conv_cache, bn_cache, relu_cache, pool_cache = cache
        ds = FastMaxPool.backward(dout, pool_cache)
        dan = ReLU.backward(ds, relu_cache)
        da, dgamma, dbeta = SpatialBatchNorm.backward(dan, bn_cache)
        dx, dw, db = FastConv.backward(da, conv_cache)
        return dx, dw, db, dgamma, dbeta
