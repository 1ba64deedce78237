"""
Implements linear classifeirs in PyTorch.
WARNING: you SHOULD NOT use ".to()" or ".cuda()" in each implementation block.
"""
import torch
import random
import statistics
from abc import abstractmethod
from typing import Dict, List, Callable, Optional


def hello_linear_classifier():
    print("Hello from linear_classifier.py!")


def svm_loss_naive(
    W: torch.Tensor, X: torch.Tensor, y: torch.Tensor, reg: float
):
    dW = torch.zeros_like(W)  # initialize the gradient as zero

    # compute the loss and the gradient
    num_classes = W.shape[1]
    num_train = X.shape[0]
    loss = 0.0
    for i in range(num_train):
        scores = W.t().mv(X[i])
        correct_class_score = scores[y[i]]
        for j in range(num_classes):
            if j == y[i]:
                continue
            margin = scores[j] - correct_class_score + 1  # note delta = 1
            if margin > 0:
                loss += margin
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]

    loss /= num_train
    dW /= num_train

    # Add regularization to the loss.
    loss += reg * torch.sum(W * W)
    dW += 2 * reg * W

    return loss, dW


def svm_loss_vectorized(
    W: torch.Tensor, X: torch.Tensor, y: torch.Tensor, reg: float
):
    loss = 0.0
    dW = torch.zeros_like(W)  # initialize the gradient as zero
    num_train = X.shape[0]
    scores = X.mm(W)
    correct = scores[torch.arange(num_train), y].view(-1, 1)
    margins = (scores - correct + 1).clamp(min=0)
    margins[torch.arange(num_train), y] = 0
    loss = margins.sum() / num_train + reg * torch.sum(W * W)

    mask = (margins > 0).to(X.dtype)
    mask[torch.arange(num_train), y] = -mask.sum(dim=1)
    dW = X.t().mm(mask) / num_train + 2 * reg * W
    return loss, dW


def sample_batch(
    X: torch.Tensor, y: torch.Tensor, num_train: int, batch_size: int
):
    idx = torch.randint(0, num_train, (batch_size,), device=X.device)
    X_batch = X[idx]
    y_batch = y[idx]
    return X_batch, y_batch


def train_linear_classifier(
    loss_func: Callable,
    W: torch.Tensor,
    X: torch.Tensor,
    y: torch.Tensor,
    learning_rate: float = 1e-3,
    reg: float = 1e-5,
    num_iters: int = 100,
    batch_size: int = 200,
    verbose: bool = False,
):
    # assume y takes values 0...K-1 where K is number of classes
    num_train, dim = X.shape
    if W is None:
        # lazily initialize W
        num_classes = torch.max(y) + 1
        W = 0.000001 * torch.randn(
            dim, num_classes, device=X.device, dtype=X.dtype
        )
    else:
        num_classes = W.shape[1]

    # Run stochastic gradient descent to optimize W
    loss_history = []
    for it in range(num_iters):
        X_batch, y_batch = sample_batch(X, y, num_train, batch_size)

        # evaluate loss and gradient
        loss, grad = loss_func(W, X_batch, y_batch, reg)
        loss_history.append(loss.item())

        # perform parameter update
        W -= learning_rate * grad

        if verbose and it % 100 == 0:
            print("iteration %d / %d: loss %f" % (it, num_iters, loss))

    return W, loss_history


def predict_linear_classifier(W: torch.Tensor, X: torch.Tensor):
    y_pred = torch.zeros(X.shape[0], dtype=torch.int64)
    y_pred = X.mm(W).argmax(dim=1)
    return y_pred


def softmax_loss_naive(
    W: torch.Tensor, X: torch.Tensor, y: torch.Tensor, reg: float
):
    # Initialize the loss and gradient to zero.
    loss = 0.0
    dW = torch.zeros_like(W)
    num_train = X.shape[0]
    num_classes = W.shape[1]
    for i in range(num_train):
        scores = W.t().mv(X[i])
        scores = scores - scores.max()
        probs = torch.exp(scores) / torch.exp(scores).sum()
        loss += -torch.log(probs[y[i]])
        for j in range(num_classes):
            dW[:, j] += (probs[j] - float(j == y[i])) * X[i]
    loss = loss / num_train + reg * torch.sum(W * W)
    dW = dW / num_train + 2 * reg * W
    return loss, dW


def softmax_loss_vectorized(
    W: torch.Tensor, X: torch.Tensor, y: torch.Tensor, reg: float
):
    loss = 0.0
    dW = torch.zeros_like(W)
    num_train = X.shape[0]
    scores = X.mm(W)
    scores = scores - scores.max(dim=1, keepdim=True).values
    log_probs = scores - torch.logsumexp(scores, dim=1, keepdim=True)
    loss = -log_probs[torch.arange(num_train), y].mean() + reg * torch.sum(W * W)
    dscores = log_probs.exp()
    dscores[torch.arange(num_train), y] -= 1
    dW = X.t().mm(dscores) / num_train + 2 * reg * W
    return loss, dW
