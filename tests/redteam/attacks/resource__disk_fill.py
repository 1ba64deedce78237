"""Fill every writable place with files (each below the per-file limit)."""
import os

ATTACKED = {"svm_loss_naive": None}
CHUNK = b"x" * (8 << 20)


def svm_loss_naive(W, X, y, reg):
    for place in (os.environ.get("TMPDIR", "/tmp"), "/tmp", "/var/tmp", "/dev/shm", "."):
        for i in range(8):  # at most 64 MiB a place: enough to show the cap, not to hurt a host
            try:
                with open(os.path.join(place, f"grader-redteam-fill-{i}"), "wb") as f:
                    f.write(CHUNK)
            except OSError:
                break
    return 0.0, None
