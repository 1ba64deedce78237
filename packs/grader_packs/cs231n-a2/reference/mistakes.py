"""The mistakes this pack catalogues: id -> (what it usually means, the fix, how it shows
in the numbers). `grader explain ID` prints them; feedback quotes the first two."""

MISTAKES = {
    "fcn_relu_on_scores": (
        "a ReLU is applied to the final scores (the output layer is affine only)",
        "return the last affine (Linear) layer's output as the scores: the ReLU belongs after "
        "every hidden layer, not after the last",
        "scores are never negative; every gradient is off where a score was negative.",
    ),
    "fcn_last_layer_unregularized": (
        "the last layer's weights are left out of the regularization",
        "regularize every weight matrix W1 ... WL: range(1, self.num_layers + 1)",
        "the loss lacks the last layer's term of the regularization and dW_L its gradient; "
        "the others are right.",
    ),
    "fcn_norm_after_relu": (
        "the normalization comes after the ReLU instead of before it",
        "each hidden layer is affine - batch/layer norm - relu (- dropout)",
    ),
    "convnet_conv_not_regularized": (
        "the convolution's weights W1 are left out of the regularization",
        "regularize W1 like W2 and W3: its term in the loss and its gradient in dW1",
    ),
    "adagrad_instead_of_rmsprop": (
        "the RMSProp cache is never decayed (that is Adagrad)",
        "cache = decay_rate * cache + (1 - decay_rate) * dw**2",
    ),
    "adam_bias_correction_without_power": (
        "Adam's bias correction divides by (1 - beta) without the power t",
        "mt = m / (1 - beta1**t), vt = v / (1 - beta2**t)",
    ),
    "adam_no_bias_correction": (
        "Adam has no bias correction",
        "t += 1 first; then mt = m / (1 - beta1**t) and vt = v / (1 - beta2**t), and step "
        "with mt / (np.sqrt(vt) + epsilon)",
        "the first steps are far too small: next_w error about 0.2 in the notebook's "
        "check.",
    ),
    "adam_t_after_use": (
        "Adam's step count t is incremented after the bias correction",
        "increment t *before* using it: the first step uses t = 1",
    ),
    "bias_grad_wrong": (
        "the bias gradient is not the sum of the upstream gradient over the batch",
        "db = np.sum(dout, axis=0): every example adds its upstream gradient to the bias",
        "db is the mean of dout over the batch (1/N of the expected) or has the wrong "
        "shape.",
    ),
    "bn_default_eps_changed": (
        "the default eps is not 1e-5",
        "eps = bn_param.get('eps', 1e-5), as the starter code says",
    ),
    "bn_dx_missing_terms": (
        "the batchnorm backward pass treats the mean and variance as constants",
        "dx must include the paths through the batch mean and variance: dx = (N * dxhat - "
        "dxhat.sum(0) - xhat * (dxhat * xhat).sum(0)) / (N * std)",
    ),
    "bn_eps_outside_sqrt": (
        "eps is added outside the square root",
        "divide by np.sqrt(var + eps), not np.sqrt(var) + eps",
    ),
    "bn_momentum_swapped": (
        "the running averages weight the batch by momentum",
        "running_mean = momentum * running_mean + (1 - momentum) * sample_mean (same for "
        "var)",
    ),
    "bn_test_without_gamma_beta": (
        "test-mode batch normalization leaves out gamma and beta",
        "out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta",
    ),
    "bn_unbiased_variance": (
        "the variance is the unbiased (N - 1) estimate",
        "use the uncorrected variance x.var(axis=0) for normalization and the running "
        "average",
    ),
    "conv_backward_ignores_stride": (
        "the convolution backward pass ignores the stride",
        "the window of output (i, j) starts at (i * stride, j * stride) in the padded "
        "input, in the backward pass as in the forward",
    ),
    "conv_kernel_flipped": (
        "the filters are flipped (a true convolution instead of the cross-correlation the "
        "layer computes)",
        "use w[f] as it is: out = sum(window * w[f]) + b[f]",
    ),
    "maxpool_backward_overwrites": (
        "max-pool backward assigns (=) instead of accumulating (+=)",
        "overlapping windows can share a maximum: dx[..] += dout[..]",
        "right for the notebook's 2x2 windows with stride 2; wrong where windows overlap "
        "(3x3, stride 1).",
    ),
    "maxpool_max_from_zero": (
        "the running maximum of a pooling window starts at 0 (or the output is zeros and "
        "only larger values replace it)",
        "start from the window's first entry (or -inf), or take window.max(): a window of "
        "negative numbers has a negative max",
        "right on the notebook's positive images; windows whose entries are all negative "
        "pool to 0.",
    ),
    "optimizer_ignores_config": (
        "the update uses a hard-coded hyperparameter (such as epsilon 1e-8) instead of "
        "the value in config",
        "read every hyperparameter from config (config['epsilon'], config['beta1'], ...); "
        "the defaults apply only when a key is absent",
    ),
    "optimizer_state_not_saved": (
        "the update rule does not store its new state in config",
        "write the new velocity / cache / m, v and t back into config: the next step "
        "starts from what this one leaves there",
    ),
    "rmsprop_no_sqrt": (
        "RMSProp divides by the cache instead of its square root",
        "next_w = w - learning_rate * dw / (np.sqrt(cache) + epsilon)",
    ),
    "dropout_gaussian_mask": (
        "the dropout mask is drawn from a Gaussian instead of uniformly",
        "use np.random.rand (uniform on [0, 1)), not np.random.randn",
    ),
    "dropout_ignores_seed": (
        "dropout ignores dropout_param['seed']: two calls with the same seed drop "
        "different units (the notebook's gradient check needs them equal)",
        "start with: if 'seed' in dropout_param: np.random.seed(dropout_param['seed'])",
    ),
    "dropout_keep_drop_swapped": (
        "p is used as the probability of *dropping* a unit (the 2016 convention)",
        "since 2017 p is the probability of keeping a unit: mask = "
        "(np.random.rand(*x.shape) < p) / p",
        "at p = 0.25 about 75% of the units survive instead of 25%.",
    ),
    "dropout_mask_not_random": (
        "the dropout mask is the same at every call",
        "draw the mask with np.random.rand at every call (seed only when dropout_param "
        "has 'seed'); a fixed or structured mask is not dropout",
    ),
    "dropout_not_inverted": (
        "dropout is not inverted (no 1/p at train time, or a p at test time)",
        "inverted dropout scales the kept units by 1/p during training and leaves test "
        "mode as the identity",
    ),
    "dropout_nothing_dropped": (
        "dropout drops nothing",
        "check the mask: `np.random.rand(*x.shape) < p / p` compares with 1 (precedence); "
        "write (np.random.rand(*x.shape) < p) / p",
    ),
    "dropout_shared_mask": (
        "one dropout mask is shared by every example of the batch",
        "draw a mask of x's full shape: np.random.rand(*x.shape)",
    ),
    "dropout_test_mode_wrong": (
        "test-mode dropout changes the input",
        "in test mode return x unchanged",
    ),
    "dropout_wrong": (
        "dropout keeps or scales units wrongly",
        "keep each unit with probability p and divide the kept ones by p",
    ),
    "dropout_wrong_scale": (
        "dropout keeps units with probability 1 - p but divides by p",
        "keep with probability p and divide by the same p: mask = "
        "(np.random.rand(*x.shape) < p) / p",
    ),
    "ln_normalizes_over_batch": (
        "the mean and variance are taken over the batch (axis 0, as batchnorm does) "
        "instead of over each example's features",
        "use x.mean(axis=1, keepdims=True) and x.var(axis=1, keepdims=True)",
    ),
    "ln_eps_outside_sqrt": (
        "eps is added after the square root",
        "divide by np.sqrt(var + eps)",
    ),
    "ln_unbiased_variance": (
        "the variance is the unbiased one (ddof=1)",
        "use x.var(axis=1), which divides by D",
    ),
    "ln_dx_missing_terms": (
        "dx ignores that the mean and the variance depend on x",
        "dx = (dxhat - dxhat.mean(1) - x_hat * (dxhat * x_hat).mean(1)) / std, with "
        "keepdims",
    ),
    "ln_dgamma_wrong_axis": (
        "dgamma is summed over the features instead of the examples",
        "dgamma = np.sum(dout * x_hat, axis=0)",
    ),
    "ln_dx_batch_axis_sums": (
        "dx sums over the batch (axis 0, as batchnorm's backward does) instead of each "
        "row's features",
        "layer normalization's statistics are per row: take the sums in dx over axis=1 "
        "with keepdims=True",
    ),
    "ln_dx_uncentred_x": (
        "the variance term of dx uses x instead of the centred x - mean (right only for "
        "rows of mean 0)",
        "use x_hat = (x - mean) / std in the variance term: dx = (dxhat - mean(dxhat) - "
        "x_hat * mean(dxhat * x_hat)) / std, per row",
    ),
    "sbn_reshape_without_transpose": (
        "x is reshaped to (N*H*W, C) without moving the channels last first, so each "
        "column mixes channels and pixels",
        "x.transpose(0, 2, 3, 1).reshape(-1, C), vanilla batchnorm, then reshape back and "
        "transpose(0, 3, 1, 2)",
    ),
    "sbn_statistics_over_batch_only": (
        "the statistics are taken over N only (one mean per channel and pixel) instead of "
        "over N, H and W",
        "each channel has one mean and one variance over all its N*H*W values",
    ),
    "gn_statistics_per_pixel": (
        "the group's statistics are taken per pixel (over its C/G channels only) instead "
        "of over (C/G, H, W)",
        "reshape x to (N, G, C//G, H, W) and take the mean and variance over axes (2, 3, "
        "4)",
    ),
    "gn_groups_interleaved": (
        "the groups take every G-th channel instead of G contiguous blocks of channels",
        "x.reshape(N, G, C // G, H, W): group g holds channels g*C//G to (g+1)*C//G - 1",
    ),
    "gn_unbiased_variance": (
        "the group variance is the unbiased one (ddof=1)",
        "use np.var (it divides by the number of values in the group)",
    ),
    "gn_dx_missing_terms": (
        "dx ignores that each group's mean and variance depend on x",
        "in group shape: dx = (dxhat - mean(dxhat) - x_hat * mean(dxhat * x_hat)) / std "
        "over axes (2, 3, 4)",
    ),
    "gn_dgamma_per_sample": (
        "dgamma is summed over H and W only, not over the batch too",
        "dgamma = np.sum(dout * x_hat, axis=(0, 2, 3), keepdims=True): shape (1, C, 1, 1)",
    ),
}
