"""The mistakes of the EECS 498 A3 networks: id -> (what it usually means, the fix, how it
shows in the numbers)."""

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
    "fcn_dropout_on_scores": (
        "dropout is applied to the final scores too",
        "dropout follows each hidden Linear_ReLU only; the last Linear.forward gives the scores",
        "in train mode the scores (and every gradient) change with the dropout mask.",
    ),
    "convnet_conv_not_regularized": (
        "the convolution's weights W1 are left out of the regularization",
        "regularize W1 like W2 and W3: its term in the loss and its gradient in dW1",
    ),
    "deepconv_bn_regularized": (
        "batchnorm's gamma is regularized like a weight",
        "regularize the conv and linear weights W1 ... WL only: not the biases, not gamma or "
        "beta (the docstring says so)",
        "the loss is high by reg·Σgamma² and dgamma has an extra 2·reg·gamma.",
    ),
}
