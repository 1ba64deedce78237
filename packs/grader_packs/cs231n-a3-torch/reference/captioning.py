"""CaptioningTransformer.forward (classifiers/transformer.py, 2021-2024), graded on its wiring:
the model's parts (embedding, positional encoding, visual projection, the decoder stack and the
output layer) are host proxies set over the student's own modules, each answering with fixed
weights the grader chose (instance attributes sent along with the call). The decoder's stand-in
mixes each position with the positions the mask lets it see, so a missing or inverted causal
mask shows in the scores."""

from __future__ import annotations

import numpy as np

from .transformer import encoding

MAX_ENTRIES = 1 << 22


def _a(x) -> np.ndarray:
    return np.asarray(x, np.float64)


def _linear(x, weight, bias, what):
    x, weight = _a(x), _a(weight)
    if x.shape[-1] != weight.shape[1]:
        raise ValueError(f"{what} takes inputs of size {weight.shape[1]}, got shape {x.shape}")
    if int(np.prod(x.shape[:-1])) * weight.shape[0] > MAX_ENTRIES:
        raise ValueError(f"an input of shape {x.shape} is too large")
    return x @ weight.T + _a(bias)


def embed(captions, table):
    captions, table = np.asarray(captions), _a(table)
    if captions.dtype.kind not in "iu" or captions.size and (captions.min() < 0 or
                                                             captions.max() >= len(table)):
        raise ValueError("the embedding takes word indices")
    return table[captions.astype(np.int64)]


def add_encoding(x):
    x = _a(x)
    if x.ndim != 3 or x.shape[2] % 2:
        raise ValueError(f"the positional encoding takes (N, T, W) with W even, got {x.shape}")
    return x + encoding(x.shape[2], x.shape[1])[None]


def decode(tgt, memory, tgt_mask=None, *, mix):
    """Each position t: the mean of the target positions the mask lets it see (nonzero or
    True: may attend; None: all) through ``mix``, plus the mean of the memory."""
    tgt, memory, mix = _a(tgt), _a(memory), _a(mix)
    if tgt.ndim != 3 or memory.ndim != 3 or memory.shape[0] != tgt.shape[0] \
            or memory.shape[2] != tgt.shape[2]:
        raise ValueError(f"the decoder takes tgt (N, T, W) and memory (N, S, W), got "
                         f"{tgt.shape} and {memory.shape}")
    T = tgt.shape[1]
    seen = np.ones((T, T)) if tgt_mask is None else (_a(tgt_mask) != 0).astype(np.float64)
    if seen.shape != (T, T):
        raise ValueError(f"tgt_mask must be ({T}, {T}), got {seen.shape}")
    weights = seen / np.maximum(seen.sum(axis=1, keepdims=True), 1.0)
    return np.einsum("ts,nsw->ntw", weights, tgt) @ mix + memory.mean(axis=1, keepdims=True)


def captioning_forward(features, captions, vocab_size, word_table, proj_weight, proj_bias, decoder_mix,
                       out_weight, out_bias, *, mask="causal", encode=True, project=True):
    T = np.shape(captions)[1]
    x = embed(captions, word_table)
    if encode:
        x = add_encoding(x)
    memory = _linear(features, proj_weight, proj_bias, "visual_projection") if project \
        else _a(features)
    masks = {"causal": np.tril(np.ones((T, T))), "none": None, "upper": np.triu(np.ones((T, T)))}
    out = decode(x, memory[:, None, :], masks[mask], mix=decoder_mix)
    return _linear(out, out_weight, out_bias, "output")


def _proxy(fn):
    def proxy(*args, attrs=None, **kwargs):
        return fn(*args, at=attrs or {}, **kwargs)
    return proxy


PROXIES = {
    "embedding": _proxy(lambda captions, at: embed(captions, at["word_table"])),
    "positional_encoding": _proxy(lambda x, at: add_encoding(x)),
    "visual_projection": _proxy(lambda x, at: _linear(x, at["proj_weight"], at["proj_bias"],
                                                      "visual_projection")),
    "transformer": _proxy(lambda tgt, memory, tgt_mask=None, *, at: decode(
        tgt, memory, tgt_mask, mix=at["decoder_mix"])),
    "output": _proxy(lambda x, at: _linear(x, at["out_weight"], at["out_bias"], "output")),
}
