"""Reference GAN, style-transfer and SimCLR losses of cs231n A3's PyTorch files (2020-2024),
in numpy on the host; the keyword arguments build the catalogued mistakes."""

from __future__ import annotations

import numpy as np


def _a(x):
    return np.asarray(x, np.float64)


# ------------------------------------------------------------------ gan_pytorch.py


def sample_noise(batch_size, dim, seed=None, *, low=-1.0, fixed=False, ignore_seed=False):
    """Uniform noise in (low, 1) of shape (batch_size, dim)."""
    source = 0 if fixed else seed if seed is not None and not ignore_seed else None
    return np.random.default_rng(source).uniform(low, 1.0, (int(batch_size), int(dim)))


def bce(logits, target):
    """The starter's bce_loss: mean of max(x, 0) - x·t + log(1 + exp(-|x|)) (stable)."""
    x, t = _a(logits).reshape(-1), _a(target).reshape(-1)
    return float(np.mean(np.maximum(x, 0) - x * t + np.log1p(np.exp(-np.abs(x)))))


def discriminator_loss(logits_real, logits_fake, *, swapped=False):
    real, fake = (0.0, 1.0) if swapped else (1.0, 0.0)
    return bce(logits_real, np.full(np.shape(logits_real), real)) + \
        bce(logits_fake, np.full(np.shape(logits_fake), fake))


def generator_loss(logits_fake, *, saturating=False):
    if saturating:  # minimise log(1 - D(G(z))): the minimax form, not the non-saturating one
        return -bce(logits_fake, np.zeros(np.shape(logits_fake)))
    return bce(logits_fake, np.ones(np.shape(logits_fake)))


def ls_discriminator_loss(scores_real, scores_fake, *, half=0.5):
    return float(half * np.mean((_a(scores_real) - 1) ** 2) + half * np.mean(_a(scores_fake) ** 2))


def ls_generator_loss(scores_fake, *, half=0.5, target=1.0):
    return float(half * np.mean((_a(scores_fake) - target) ** 2))


# ------------------------------------------------------------------ style_transfer_pytorch.py


def content_loss(content_weight, content_current, content_original, *, mean=False, weighted=True):
    d = (_a(content_current) - _a(content_original)) ** 2
    return float((content_weight if weighted else 1.0) * (d.mean() if mean else d.sum()))


def gram_matrix(features, normalize=True, *, divisor="CHW", always=False):
    f = _a(features)
    N, C, H, W = f.shape
    flat = f.reshape(N, C, H * W)
    gram = flat @ flat.transpose(0, 2, 1)
    if (normalize or always) and divisor:
        gram = gram / {"CHW": C * H * W, "HW": H * W}[divisor]
    return gram


def style_loss(feats, style_layers, style_targets, style_weights, *, mean=False):
    total = 0.0
    for i, layer in enumerate(style_layers):
        d = (gram_matrix(feats[layer]) - _a(style_targets[i])) ** 2
        total += float(style_weights[i]) * float(d.mean() if mean else d.sum())
    return total


def tv_loss(img, tv_weight, *, square=True, both=True):
    x = _a(img)
    f = np.square if square else np.abs
    down = f(x[:, :, 1:, :] - x[:, :, :-1, :]).sum()
    right = f(x[:, :, :, 1:] - x[:, :, :, :-1]).sum() if both else 0.0
    return float(tv_weight * (down + right))


# ------------------------------------------------------------------ simclr/contrastive_loss.py


def _unit(z):
    z = _a(z)
    return z / np.linalg.norm(z, axis=-1, keepdims=True)


def sim(z_i, z_j, *, normalized=True):
    a, b = _a(z_i).reshape(-1), _a(z_j).reshape(-1)
    dot = float(a @ b)
    return dot / (np.linalg.norm(a) * np.linalg.norm(b)) if normalized else dot


def compute_sim_matrix(out, *, normalized=True):
    z = _unit(out) if normalized else _a(out)
    return z @ z.T


def sim_positive_pairs(out_left, out_right, *, normalized=True):
    a, b = (_unit(out_left), _unit(out_right)) if normalized else (_a(out_left), _a(out_right))
    return np.sum(a * b, axis=1, keepdims=True)


def simclr_loss(out_left, out_right, tau, *, both=True, include_self=False, temperature=True):
    """The mean over the 2N views of -log(exp(s_ij/τ) / Σ_{k≠i} exp(s_ik/τ)), j the other view
    of i."""
    z = _unit(np.concatenate([_a(out_left), _a(out_right)]))
    n = len(z) // 2
    s = (z @ z.T) / (tau if temperature else 1.0)
    if not include_self:
        s = s - np.diag(np.full(2 * n, np.inf))
    m = s.max(axis=1, keepdims=True)
    log_den = (m + np.log(np.exp(s - m).sum(axis=1, keepdims=True))).reshape(-1)
    partner = np.concatenate([np.arange(n, 2 * n), np.arange(n)])
    losses = log_den - s[np.arange(2 * n), partner]
    return float(losses.mean() if both else losses[:n].mean())


def simclr_loss_naive(out_left, out_right, tau, **knobs):
    return simclr_loss(out_left, out_right, tau, **knobs)


def simclr_loss_vectorized(out_left, out_right, tau, device=None, **knobs):
    return simclr_loss(out_left, out_right, tau, **knobs)
