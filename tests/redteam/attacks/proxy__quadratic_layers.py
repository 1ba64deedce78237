"""Make the host's reference do quadratic work: the arguments are within the size cap, but
N x H hidden activations are 40000 x 40000 (12.8 GB) for nn_forward_pass, nn_loss, nn_pred."""
import torch

ASSIGNMENT = "eecs498-a2"
ATTACKED = {"nn_forward_backward": None, "nn_train": None, "nn_predict": None}


def _huge():
    D, H = 50, 40_000
    params = {"W1": torch.zeros(D, H, dtype=torch.float64), "b1": torch.zeros(H, dtype=torch.float64),
              "W2": torch.zeros(H, 2, dtype=torch.float64), "b2": torch.zeros(2, dtype=torch.float64)}
    return params, torch.zeros(40_000, D, dtype=torch.float64)


def nn_forward_backward(params, X, y=None, reg=0.0):
    big, Xb = _huge()
    return nn_forward_pass(big, Xb)  # noqa: F821 - the grader's proxy


def nn_train(params, loss_func, pred_func, X, y, X_val, y_val, learning_rate=1e-3,
             learning_rate_decay=0.95, reg=5e-6, num_iters=100, batch_size=200, verbose=False):
    big, Xb = _huge()
    loss_func(big, Xb, y=torch.zeros(40_000, dtype=torch.int64), reg=reg)
    return {}


def nn_predict(params, loss_func, X):
    big, Xb = _huge()
    return loss_func(big, Xb)
