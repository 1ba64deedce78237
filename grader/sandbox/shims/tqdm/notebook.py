"""Stand-in for tqdm.notebook (not installed here)."""
from tqdm import tqdm, trange  # noqa: F401

__grader_standin__ = True
