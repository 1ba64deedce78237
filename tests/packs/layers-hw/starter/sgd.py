class MiniBatchSGD:
    def __init__(self, learning_rate=1e-2):
        self.learning_rate = learning_rate

    def step(self, params, grads):
        """Update every params[k] in place by -learning_rate * grads[k]; return nothing."""
        # TODO
        pass
