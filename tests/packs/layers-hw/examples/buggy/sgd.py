class MiniBatchSGD:
    def __init__(self, learning_rate=1e-2):
        self.learning_rate = learning_rate

    def step(self, params, grads):
        for k in params:
            params[k] = params[k] - self.learning_rate * grads[k]
            grads[k][...] = 0.0           # bug: zeroes the caller's gradients
