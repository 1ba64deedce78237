class MiniBatchSGD:
    def __init__(self, learning_rate=1e-2):
        self.lr = learning_rate

    def step(self, params, grads):
        for name, value in params.items():
            value -= self.lr * grads[name]
