"""Hand the host's loss proxy arguments built from hidden values, so that the host's error
message (evaluated on the host, returned to the sandbox) echoes them; then print and re-raise."""
import numpy as np

ATTACKED = {"LinearClassifier.train": None}
MARKERS = [r"LEAK_\d"]


class LinearClassifier(object):
    def train(self, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100, batch_size=200,
              verbose=False):
        digits = "".join(str(int(abs(v) * 1000)) for v in np.ravel(X)[:4])
        self.W = np.zeros((X.shape[1], 3))
        try:
            self.loss(f"LEAK_{digits}", y, f"LEAK_{digits}")
        except Exception as exc:  # noqa: BLE001
            print(exc)
            raise
        return []
