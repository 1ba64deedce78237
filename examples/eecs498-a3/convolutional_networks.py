"""
Implements convolutional networks in PyTorch.
WARNING: you SHOULD NOT use ".to()" or ".cuda()" in each implementation block.
"""
import torch
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
