"""The mistakes this pack catalogues: id -> (what it usually means, the fix, how it shows
in the numbers). `grader explain ID` prints them; feedback quotes the first two."""

MISTAKES = {
    "attention_not_scaled": (
        "the attention scores are not divided by the square root of the head dimension",
        "scores = Q @ K.transpose(-2, -1) / math.sqrt(E / num_heads)",
    ),
    "attention_scaled_by_embed_dim": (
        "the attention scores are divided by sqrt(E), the whole embedding, not one head's",
        "divide by math.sqrt(E // num_heads), the dimension of one head",
    ),
    "attention_mask_ignored": (
        "the mask does not stop attention: positions with mask 0 still get weight",
        "scores.masked_fill(attn_mask == 0, float('-inf')) before the softmax",
    ),
    "attention_heads_split_wrong": (
        "the heads are split with a reshape that mixes positions: view(N, H, S, E/H)",
        "view(N, S, H, E/H) then transpose(1, 2): each head sees every position",
    ),
    "attention_softmax_wrong_axis": (
        "the softmax normalizes over the queries instead of the keys",
        "softmax over the last dimension (the keys): each query's weights sum to 1",
    ),
    "pe_sin_cos_swapped": (
        "the positional encoding has cos on even and sin on odd dimensions",
        "pe[:, 0::2] = sin(position * div_term), pe[:, 1::2] = cos(position * div_term)",
    ),
    "pe_exponent_per_dimension": (
        "the frequencies use each dimension's own index j, not the pair's even index",
        "10000 ** (-(j - j % 2) / D): dimensions 2k and 2k + 1 share a frequency",
    ),
    "noise_not_symmetric": (
        "the noise is uniform in [0, 1) instead of (-1, 1)",
        "2 * torch.rand(batch_size, dim) - 1",
    ),
    "noise_wrong_distribution": (
        "the noise is not uniform in (-1, 1) (a normal distribution, or another range)",
        "2 * torch.rand(batch_size, dim) - 1",
    ),
    "noise_not_random": (
        "every call returns the same noise",
        "draw new values at each call: seed only when a seed is given",
    ),
    "noise_ignores_seed": (
        "the seed argument is ignored",
        "if seed is not None: torch.manual_seed(seed), before drawing",
    ),
    "gan_labels_swapped": (
        "the discriminator's targets are swapped: real logits against 0, fake against 1",
        "bce_loss(logits_real, ones) + bce_loss(logits_fake, zeros)",
    ),
    "generator_loss_saturating": (
        "the generator minimises log(1 - D(G(z))) (the saturating minimax loss)",
        "maximise log D(G(z)): bce_loss(logits_fake, torch.ones_like(logits_fake))",
    ),
    "ls_loss_missing_half": (
        "the least-squares loss misses its factor 1/2",
        "0.5 * torch.mean((scores_real - 1) ** 2) + 0.5 * torch.mean(scores_fake ** 2)",
    ),
    "ls_generator_wrong_target": (
        "the least-squares generator pushes the fake scores towards 0, not 1",
        "0.5 * torch.mean((scores_fake - 1) ** 2)",
    ),
    "loss_mean_not_sum": (
        "the loss takes the mean of the squared differences; this assignment sums them",
        "torch.sum((current - target) ** 2), times the weight",
    ),
    "content_loss_unweighted": (
        "the content loss ignores content_weight",
        "content_weight * torch.sum((content_current - content_original) ** 2)",
    ),
    "gram_normalized_by_hw": (
        "the Gram matrix is divided by H·W only",
        "divide by the number of neurons: C * H * W",
    ),
    "gram_ignores_normalize": (
        "the Gram matrix is normalized even when normalize is False",
        "divide by C * H * W only if normalize",
    ),
    "tv_abs_not_square": (
        "the total variation uses absolute differences; this assignment squares them",
        "tv_weight * (torch.sum((img[..., 1:, :] - img[..., :-1, :]) ** 2) + the same "
        "along the width)",
    ),
    "tv_one_direction": (
        "the total variation has only one direction (height or width)",
        "sum the squared differences along the height and along the width",
    ),
    "sim_not_normalized": (
        "the similarity is the dot product, not the cosine",
        "divide by the norms: z_i @ z_j / (||z_i|| * ||z_j||)",
    ),
    "simclr_one_direction": (
        "the SimCLR loss counts each positive pair in one direction only",
        "average l(k, k + N) + l(k + N, k) over k: 2N terms, divided by 2N",
    ),
    "simclr_includes_self": (
        "the SimCLR denominator includes the view's similarity with itself",
        "sum over k != i: mask out the diagonal of the similarity matrix",
    ),
    "simclr_no_temperature": (
        "the similarities are not divided by the temperature tau",
        "exp(sim / tau) in the numerator and in every term of the denominator",
    ),
    "captioning_no_causal_mask": (
        "the decoder gets no causal mask: every word sees the words after it",
        "tgt_mask = torch.tril(torch.ones(T, T, device=captions.device)) and pass it to "
        "self.transformer(caption_embeddings, projected_features, tgt_mask)",
        "the scores at every position but the last change with the later words.",
    ),
    "captioning_mask_inverted": (
        "the causal mask is inverted: each word sees the words after it, not before",
        "torch.tril (lower triangle, 1 = may attend) rather than torch.triu",
    ),
    "captioning_no_positional_encoding": (
        "the caption embeddings get no positional encoding",
        "caption_embeddings = self.positional_encoding(self.embedding(captions))",
    ),
    # --- 2025: PatchEmbedding, the decoder and encoder layers, VisionTransformer
    "patch_channels_first": (
        "each patch is flattened channel first (C, p, p): the starter asks for patches of "
        "shape (patch_size x patch_size x C), flattened in that order",
        "x.reshape(N, C, H // p, p, W // p, p).permute(0, 2, 4, 3, 5, 1).reshape(N, -1, p * p * C)",
    ),
    "patch_reshape_without_permute": (
        "the image is reshaped into patches without permuting its axes, so each 'patch' "
        "holds pixels of several patches and channels",
        "split the axes first, then move them: x.reshape(N, C, H // p, p, W // p, p)"
        ".permute(0, 2, 4, 3, 5, 1).reshape(N, -1, p * p * C)",
    ),
    "sublayer_no_residual": (
        "a sublayer's output replaces its input: the residual connection is missing",
        "x = norm(x + dropout(sublayer(x))), keeping the input as the shortcut",
    ),
    "sublayer_pre_norm": (
        "the norm comes before the sublayer (pre-norm, x + sublayer(norm(x))); this "
        "assignment's layers are post-norm",
        "x = norm(x + dropout(sublayer(x))), as the provided self-attention block does",
    ),
    "decoder_norm_reused": (
        "norm_self is used after every sublayer: each sublayer has its own LayerNorm",
        "self.norm_cross after the cross-attention, self.norm_ffn after the feed-forward network",
    ),
    "encoder_mask_ignored": (
        "the encoder's self-attention ignores src_mask",
        "self.self_attn(query=src, key=src, value=src, attn_mask=src_mask)",
    ),
    "vit_pooling_wrong": (
        "the image's features are not the average over its patches (the first patch alone, "
        "or a maximum): this ViT has no class token",
        "logits = self.head(out.mean(dim=1))",
    ),
    "vit_no_positional_encoding": (
        "the patch embeddings get no positional encoding",
        "out = self.positional_encoding(self.patch_embed(x)) before the encoder",
    ),
}
