package org.nnspec.nn;

import java.math.BigInteger;
import java.util.List;

/**
 * Catalog entries for attention: MultiheadAttention used as self-attention (query, key and
 * value are the input), TransformerEncoderLayer (self-attention plus a feed-forward block,
 * each with a residual connection and a LayerNorm), TransformerDecoderLayer and Transformer
 * (whose memory and source are the input: a network carries one tensor), LLaMA's
 * GroupedQueryAttention, and torchvision's Swin layers ShiftedWindowAttention and PatchMerging.
 */
final class AttentionLayers {
    private AttentionLayers() {}

    static void register(LayerCatalog.Registry r) {
        r.add(new LayerType("MultiheadAttention", "attention", new Signature("MultiheadAttention", List.of(
                Param.positiveInt("embed_dim"), Param.positiveInt("num_heads"), Param.real("dropout", 0.0), Param.bool("bias", true),
                Param.bool("add_bias_kv", false), Param.bool("add_zero_attn", false), Param.optionalInt("kdim"), Param.optionalInt("vdim"),
                Param.bool("batch_first", false), Param.ignored("device"), Param.ignored("dtype")), false),
                "multi-head self-attention: softmax(Q·Kᵀ/√(E/h))·V per head, heads concatenated, then an output projection",
                "unchanged: (L, N, E), (N, L, E) with batch_first, or (L, E)",
                "4·E·E + 4·E (in_proj for Q, K, V and out_proj, weights and biases) + 2·E with add_bias_kv",
                "4·L·E·E (projections) + 2·L·S·E (scores and weighted sum), S = L keys (+1 per add_bias_kv/add_zero_attn)",
                AttentionLayers::multihead));
        r.add(new LayerType("TransformerEncoderLayer", "attention", new Signature("TransformerEncoderLayer", List.of(
                Param.positiveInt("d_model"), Param.positiveInt("nhead"), Param.positiveInt("dim_feedforward", 2048),
                Param.real("dropout", 0.1), Param.choice("activation", "relu", "relu", "gelu"), Param.real("layer_norm_eps", 1e-5),
                Param.bool("batch_first", false), Param.bool("norm_first", false), Param.bool("bias", true),
                Param.ignored("device"), Param.ignored("dtype")), false),
                "self-attention then a feed-forward block Linear(d, ff)–activation–Linear(ff, d), each with a residual and a LayerNorm",
                "unchanged: (L, N, d_model), (N, L, d_model) with batch_first, or (L, d_model)",
                "attention 4·d·d + 4·d, feed-forward d·ff + ff + ff·d + d, two LayerNorms 2·2·d (biases dropped with bias=False)",
                "attention as MultiheadAttention + 2·L·d·ff for the feed-forward block", ctx -> transformerLayer(ctx, false)));
        r.add(new LayerType("TransformerDecoderLayer", "attention", new Signature("TransformerDecoderLayer", List.of(
                Param.positiveInt("d_model"), Param.positiveInt("nhead"), Param.positiveInt("dim_feedforward", 2048),
                Param.real("dropout", 0.1), Param.choice("activation", "relu", "relu", "gelu"), Param.real("layer_norm_eps", 1e-5),
                Param.bool("batch_first", false), Param.bool("norm_first", false),
                Param.ignored("device"), Param.ignored("dtype")), false),
                "self-attention, cross-attention to the memory, then a feed-forward block Linear(d, ff)–activation–Linear(ff, d), "
                        + "each with a residual and a LayerNorm; a network carries one tensor, so the memory is the layer's input",
                "unchanged: (L, N, d_model), (N, L, d_model) with batch_first, or (L, d_model); the memory is the input",
                "two attentions (self_attn, multihead_attn) 2·(4·d·d + 4·d), feed-forward d·ff + ff + ff·d + d, three LayerNorms 3·2·d",
                "both attentions as MultiheadAttention's 4·L·d·d + 2·L·L·d (the memory's L positions are the cross-attention's keys) "
                        + "+ 2·L·d·ff for the feed-forward block, per sequence; LayerNorms, softmax and activation count 0",
                ctx -> transformerLayer(ctx, true)));
        r.add(new LayerType("Transformer", "attention", new Signature("Transformer", List.of(
                Param.positiveInt("d_model", 512), Param.positiveInt("nhead", 8), Param.nonNegativeInt("num_encoder_layers", 6),
                Param.nonNegativeInt("num_decoder_layers", 6), Param.positiveInt("dim_feedforward", 2048), Param.real("dropout", 0.1),
                Param.choice("activation", "relu", "relu", "gelu"), Param.ignored("custom_encoder"), Param.ignored("custom_decoder"),
                Param.real("layer_norm_eps", 1e-5), Param.bool("batch_first", false), Param.bool("norm_first", false),
                Param.ignored("device"), Param.ignored("dtype")), false),
                "nn.Transformer with src = tgt = the input: num_encoder_layers TransformerEncoderLayers and a LayerNorm, then "
                        + "num_decoder_layers TransformerDecoderLayers whose memory is the encoder's output, and a LayerNorm",
                "unchanged: (L, N, d_model), (N, L, d_model) with batch_first, or (L, d_model)",
                "num_encoder_layers·(4·d·d + 4·d + d·ff + ff + ff·d + d + 4·d) + 2·d (encoder.norm) "
                        + "+ num_decoder_layers·(8·d·d + 8·d + d·ff + ff + ff·d + d + 6·d) + 2·d (decoder.norm), the layers as "
                        + "TransformerEncoderLayer's and TransformerDecoderLayer's; nn.Transformer() has 44,140,544",
                "num_encoder_layers·(4·L·d·d + 2·L·L·d + 2·L·d·ff) + num_decoder_layers·(2·(4·L·d·d + 2·L·L·d) + 2·L·d·ff) per "
                        + "sequence: each layer's attention projections, scores and weighted sums (the memory has the input's L "
                        + "positions) and feed-forward block; LayerNorms, softmax and activations count 0",
                AttentionLayers::transformer));
        r.add(new LayerType("GroupedQueryAttention", "attention", new Signature("GroupedQueryAttention", List.of(
                Param.positiveInt("embed_dim"), Param.positiveInt("num_heads"), Param.positiveInt("num_kv_heads"),
                Param.optionalPositiveInt("head_dim"), Param.bool("bias", false)), false),
                "the attention of LLaMA and Mistral: q_proj to num_heads heads, k_proj and v_proj to num_kv_heads heads "
                        + "that groups of query heads share, o_proj back to embed_dim; rotary position embeddings have "
                        + "no parameters and change no shape",
                "unchanged: (N, T, E) or (T, E)",
                "E·H·d (q_proj) + 2·E·G·d (k_proj, v_proj) + H·d·E (o_proj), d = head_dim (E/H by default), G = num_kv_heads; "
                        + "with bias, H·d + 2·G·d + E",
                "T·(2·E·H·d + 2·E·G·d) (projections) + 2·T·T·H·d (scores and weighted sum) per sequence",
                AttentionLayers::groupedQuery));
        r.add(new LayerType("ShiftedWindowAttention", "attention", new Signature("ShiftedWindowAttention", List.of(
                Param.positiveInt("dim"), Param.tupleOfAnyLength("window_size", BigInteger.ZERO),
                Param.tupleOfAnyLength("shift_size", BigInteger.ZERO), Param.positiveInt("num_heads"),
                Param.bool("qkv_bias", true), Param.bool("proj_bias", true), Param.real("attention_dropout", 0.0),
                Param.real("dropout", 0.0)), false),
                "torchvision's Swin attention (v1): H and W padded up to multiples of window_size, the map rolled by shift_size, "
                        + "multi-head self-attention with a learned relative position bias inside each window of T = wh·ww positions",
                "unchanged: (N, H, W, C), C = dim",
                "3·C·C + 3·C (qkv; its bias with qkv_bias) + C·C + C (proj; its bias with proj_bias) + (2·wh−1)·(2·ww−1)·num_heads "
                        + "(relative_position_bias_table); relative_position_index is a buffer",
                "⌈H/wh⌉·⌈W/ww⌉ windows, each 4·T·C·C (qkv and proj over its T positions, padding included) + 2·T·T·C (scores "
                        + "and weighted sum), per sample; the bias, mask and softmax count 0",
                AttentionLayers::shiftedWindow));
        r.add(new LayerType("PatchMerging", "attention", new Signature("PatchMerging", List.of(
                Param.positiveInt("dim"), Param.choice("norm_layer", "LayerNorm", "LayerNorm")), false),
                "torchvision's Swin downsampling (v1): the four positions of each 2×2 patch concatenated (an odd H or W padded with "
                        + "zeros first), LayerNorm(4·C), then reduction Linear(4·C, 2·C, bias=False)",
                "(…, H, W, C) → (…, ⌈H/2⌉, ⌈W/2⌉, 2·C), C = dim",
                "4·C·2·C (reduction) + 2·4·C (norm)",
                "⌈H/2⌉·⌈W/2⌉·4·C·2·C (the reduction), per sample; the norm counts 0",
                AttentionLayers::patchMerging));
    }

    private static void multihead(LayerContext ctx) {
        BoundArgs a = ctx.args();
        BigInteger e = a.integer("embed_dim"), heads = a.integer("num_heads");
        boolean bias = a.bool("bias"), kv = a.bool("add_bias_kv"), zero = a.bool("add_zero_attn");
        for (String other : List.of("kdim", "vdim")) {
            BigInteger v = a.integer(other);
            if (v != null && !v.equals(e)) {
                throw new org.nnspec.diag.NnspecException(a.span(other), "MultiheadAttention is used as self-attention, so keys and values are its input and "
                        + other + " must equal embed_dim " + e + ", got " + v, "remove " + other + "=" + v);
            }
        }
        checkHeads(ctx, e, heads, "embed_dim", "num_heads");
        BigInteger extraKeys = BigInteger.valueOf((kv ? 1 : 0) + (zero ? 1 : 0));
        Sequence seqIn = sequence(ctx, e, a.bool("batch_first"));
        ctx.macs(seqIn.attention(e, extraKeys));
        ctx.cache(seqIn.cache(BigInteger.ONE, heads, e.divide(heads)));
        ctx.internal(seqIn.savedByAttention(e, heads, extraKeys));
        ctx.output(ctx.input());
        attentionParams(ctx::param, "", e, bias);
        if (kv) { ctx.param("bias_k", BigInteger.ONE, BigInteger.ONE, e); ctx.param("bias_v", BigInteger.ONE, BigInteger.ONE, e); }
        ctx.formula(Formula.sum(Formula.product(4, e, e), bias ? Formula.product(4, e) : null, kv ? Formula.product(2, e) : null));
        ctx.describe("MultiheadAttention(" + e + ", " + heads + (bias ? "" : ", bias=False") + (a.bool("batch_first") ? ", batch_first" : "") + ")");
    }

    /**
     * nn.TransformerEncoderLayer, or (decoder) nn.TransformerDecoderLayer with its memory the
     * input (one tensor flows through a network): a second attention, three norms, and a bias
     * always (torch 1.13's decoder layer has no bias argument).
     */
    private static void transformerLayer(LayerContext ctx, boolean decoder) {
        BoundArgs a = ctx.args();
        BigInteger d = a.integer("d_model"), heads = a.integer("nhead"), ff = a.integer("dim_feedforward");
        boolean bias = decoder || a.bool("bias");
        checkHeads(ctx, d, heads, "d_model", "nhead");
        Sequence seqIn = sequence(ctx, d, a.bool("batch_first"));
        ctx.macs(seqIn.layer(d, ff, decoder));
        ctx.cache(seqIn.cache(decoder ? OutputSize.TWO : BigInteger.ONE, heads, d.divide(heads)));
        ctx.internal(seqIn.savedByLayer(d, heads, ff, decoder));
        ctx.output(ctx.input());
        layerParams(ctx::param, d, ff, bias, decoder);
        ctx.formula(layerFormula(d, ff, bias, decoder));
        ctx.describe(ctx.layer() + "(" + d + ", " + heads + ", ff=" + ff + (a.bool("norm_first") ? ", norm_first" : "")
                + (a.bool("batch_first") ? ", batch_first" : "") + (bias ? "" : ", bias=False") + ")");
    }

    /** nn.Transformer with src = tgt = the input: encoder layers and a norm, decoder layers (memory: the encoder's output) and a norm. */
    private static void transformer(LayerContext ctx) {
        BoundArgs a = ctx.args();
        for (String custom : List.of("custom_encoder", "custom_decoder")) {
            if (a.raw(custom) != null) {
                throw new org.nnspec.diag.NnspecException(a.span(custom), "nnspec counts nn.Transformer's own encoder and decoder; a "
                        + custom + " is a module it cannot see", "remove " + custom + " and write that "
                        + custom.substring("custom_".length()) + "'s layers in the network instead");
            }
        }
        BigInteger d = a.integer("d_model"), heads = a.integer("nhead"), ff = a.integer("dim_feedforward");
        BigInteger enc = a.integer("num_encoder_layers"), dec = a.integer("num_decoder_layers");
        if (enc.signum() == 0) {
            // nn.TransformerEncoder.forward reads self.layers[0] (torch 1.13): IndexError
            throw new org.nnspec.diag.NnspecException(a.span("num_encoder_layers"), "nn.Transformer needs at least one encoder layer "
                    + "(its encoder reads its first layer, and fails without one)", "use num_encoder_layers=1 or more");
        }
        checkHeads(ctx, d, heads, "d_model", "nhead");
        Sequence s = sequence(ctx, d, a.bool("batch_first"));
        ctx.macs(sum(times(enc, s.layer(d, ff, false)), times(dec, s.layer(d, ff, true))));
        // generation caches the decoder's self- and cross-attention keys and values; the encoder runs once
        ctx.cache(s.cache(OutputSize.TWO.multiply(dec), heads, d.divide(heads)));
        // the two final norms' inputs, and the encoder's output: the memory every decoder layer's
        // cross-attention reads, kept once
        BigInteger norms = s.rows() == null ? null : s.rows().multiply(d).multiply(BigInteger.valueOf(3));
        ctx.internal(sum(sum(times(enc, s.savedByLayer(d, heads, ff, false)), times(dec, s.savedByLayer(d, heads, ff, true))), norms));
        ctx.output(ctx.input());
        stack(ctx, "encoder.layers.", enc, t -> layerParams(t, d, ff, true, false));
        ctx.param("encoder.norm.weight", d);
        ctx.param("encoder.norm.bias", d);
        stack(ctx, "decoder.layers.", dec, t -> layerParams(t, d, ff, true, true));
        ctx.param("decoder.norm.weight", d);
        ctx.param("decoder.norm.bias", d);
        ctx.formula(Formula.sum(repeated(enc, layerFormula(d, ff, true, false)), Formula.product(2, d),
                repeated(dec, layerFormula(d, ff, true, true)), Formula.product(2, d)));
        ctx.describe("Transformer(" + d + ", " + heads + ", layers=" + enc + "+" + dec + ", ff=" + ff + (a.bool("norm_first") ? ", norm_first" : "")
                + (a.bool("batch_first") ? ", batch_first" : "") + ")");
    }

    /** Where a rule puts a parameter tensor: the layer's own list, or a stack of layers (see {@link #stack}). */
    @FunctionalInterface
    private interface Tensors {
        void add(String name, BigInteger... shape);
    }

    /** MultiheadAttention's in_proj and out_proj under {@code prefix} ("self_attn."). */
    private static void attentionParams(Tensors t, String prefix, BigInteger e, boolean bias) {
        BigInteger three = BigInteger.valueOf(3);
        t.add(prefix + "in_proj_weight", three.multiply(e), e);
        if (bias) t.add(prefix + "in_proj_bias", three.multiply(e));
        t.add(prefix + "out_proj.weight", e, e);
        if (bias) t.add(prefix + "out_proj.bias", e);
    }

    /**
     * One encoder or decoder layer's tensors, by PyTorch's state_dict names: self_attn (and the
     * decoder's multihead_attn), linear1, linear2, norm1, norm2 (and norm3).
     */
    private static void layerParams(Tensors t, BigInteger d, BigInteger ff, boolean bias, boolean decoder) {
        attentionParams(t, "self_attn.", d, bias);
        if (decoder) attentionParams(t, "multihead_attn.", d, bias);
        t.add("linear1.weight", ff, d);
        if (bias) t.add("linear1.bias", ff);
        t.add("linear2.weight", d, ff);
        if (bias) t.add("linear2.bias", d);
        for (int i = 1; i <= (decoder ? 3 : 2); i++) {
            t.add("norm" + i + ".weight", d);
            if (bias) t.add("norm" + i + ".bias", d);
        }
    }

    /** {@code 4·d·d + 4·d + d·ff + ff + ff·d + d + 4·d} for an encoder layer; a decoder has two attentions and three norms. */
    private static String layerFormula(BigInteger d, BigInteger ff, boolean bias, boolean decoder) {
        int attentions = decoder ? 2 : 1, norms = decoder ? 3 : 2;
        return Formula.sum(Formula.product(4 * attentions, d, d), bias ? Formula.product(4 * attentions, d) : null,
                Formula.product(d, ff), bias ? ff.toString() : null, Formula.product(ff, d), bias ? d.toString() : null,
                Formula.product(bias ? 2 * norms : norms, d));
    }

    /** {@code n·(formula)}; the formula alone for one, nothing for none. */
    private static String repeated(BigInteger n, String formula) {
        if (n.signum() == 0) return null;
        return n.equals(BigInteger.ONE) ? formula : n + "·(" + formula + ")";
    }

    /**
     * {@code count} identical layers under {@code prefix} ("encoder.layers."): layer 0's tensors
     * by their state_dict names, layer 1's too when there are two, and layers 1 to count−1 as
     * one stacked tensor per name ({@code encoder.layers.1-5.linear1.weight}, shape (5, ff, d)),
     * so any number of layers costs a few tensors, as an LSTM's upper layers do.
     */
    private static void stack(LayerContext ctx, String prefix, BigInteger count, java.util.function.Consumer<Tensors> layer) {
        if (count.signum() == 0) return;
        layer.accept((name, shape) -> ctx.param(prefix + "0." + name, shape));
        BigInteger rest = count.subtract(BigInteger.ONE);
        if (rest.equals(BigInteger.ONE)) {
            layer.accept((name, shape) -> ctx.param(prefix + "1." + name, shape));
        } else if (rest.signum() > 0) {
            layer.accept((name, shape) -> {
                BigInteger[] stacked = new BigInteger[shape.length + 1];
                stacked[0] = rest;
                System.arraycopy(shape, 0, stacked, 1, shape.length);
                ctx.param(prefix + "1-" + rest + "." + name, stacked);
            });
        }
    }

    private static void checkHeads(LayerContext ctx, BigInteger e, BigInteger heads, String eName, String hName) {
        if (e.mod(heads).signum() != 0) {
            throw ctx.fail(ctx.layer() + "'s " + eName + " " + e + " must be divisible by " + hName + " " + heads,
                    "choose " + hName + " that divides " + e);
        }
    }

    /**
     * The input of a sequence layer: {@code rows} vectors in {@code batches} sequences of
     * {@code length} positions; each null when it depends on a symbolic size (the batch counts once).
     */
    private record Sequence(BigInteger rows, BigInteger batches, BigInteger length) {
        /** Self-attention: projections 4·rows·E² plus scores and weighted sum 2·batches·L·S·E, S = L + extraKeys. */
        BigInteger attention(BigInteger e, BigInteger extraKeys) {
            if (length == null || rows == null || batches == null) return null;
            return rows.multiply(BigInteger.valueOf(4)).multiply(e).multiply(e)
                    .add(batches.multiply(OutputSize.TWO).multiply(length).multiply(length.add(extraKeys)).multiply(e));
        }

        /** An encoder layer (one attention) or a decoder layer (two, the keys of both being the L input positions), and 2·rows·d·ff. */
        BigInteger layer(BigInteger d, BigInteger ff, boolean decoder) {
            BigInteger attn = attention(d, BigInteger.ZERO);
            if (attn == null) return null;
            return attn.multiply(decoder ? OutputSize.TWO : BigInteger.ONE).add(rows.multiply(OutputSize.TWO).multiply(d).multiply(ff));
        }

        /** {@code modules} attention modules caching {@code kvHeads} heads of {@code headDim} each (docs/language.md section 13). */
        CostInfo.KvCache cache(BigInteger modules, BigInteger kvHeads, BigInteger headDim) {
            return new CostInfo.KvCache(modules, kvHeads, headDim, length, batches);
        }

        /**
         * What eager self-attention's backward keeps inside it (docs/language.md section 13):
         * Q, K, V and the weighted sum (4·rows·E) and the softmax weights (batches·H·L·S).
         */
        BigInteger savedByAttention(BigInteger e, BigInteger heads, BigInteger extraKeys) {
            if (length == null || rows == null || batches == null) return null;
            return rows.multiply(BigInteger.valueOf(4)).multiply(e).add(batches.multiply(heads).multiply(length).multiply(length.add(extraKeys)));
        }

        /**
         * An encoder layer: its attention's, plus the two residual sums and the first norm's
         * output (3·rows·d) and the feed-forward activation (rows·ff); a decoder layer: two
         * attentions, four sums and norm outputs and the cross-attention's memory-side
         * projections are counted as 2·attention + 5·rows·d + rows·ff.
         */
        BigInteger savedByLayer(BigInteger d, BigInteger heads, BigInteger ff, boolean decoder) {
            BigInteger attn = savedByAttention(d, heads, BigInteger.ZERO);
            if (attn == null) return null;
            BigInteger around = rows.multiply(d).multiply(BigInteger.valueOf(decoder ? 5 : 3)).add(rows.multiply(ff));
            return attn.multiply(decoder ? OutputSize.TWO : BigInteger.ONE).add(around);
        }
    }

    /** Checks a sequence-first (or batch-first) input of vectors of size {@code e} and says where its batch is. */
    private static Sequence sequence(LayerContext ctx, BigInteger e, boolean batchFirst) {
        Shape x = ctx.input();
        ctx.requireRank(batchFirst ? "3-D (N, L, E) or 2-D (L, E)" : "3-D (L, N, E) or 2-D (L, E)", 2, 3);
        if (x.rank() == 2 || !batchFirst) ctx.batchNotFirst();
        else ctx.batchIsFirst();
        lastDim(ctx, e, "embed size ");
        Dim seq = x.get(x.rank() == 3 && batchFirst ? 1 : 0);
        BigInteger rows = ctx.count(x.dims().subList(0, x.rank() - 1));
        BigInteger batches = x.rank() == 3 ? ctx.count(List.of(x.get(batchFirst ? 0 : 1))) : BigInteger.ONE;
        return new Sequence(rows, batches, seq instanceof Dim.Known l ? l.value() : null);
    }

    /** a + b, null when either is. */
    private static BigInteger sum(BigInteger a, BigInteger b) { return a == null || b == null ? null : a.add(b); }

    /** n·v, null when v is (0 when n is, whatever v). */
    private static BigInteger times(BigInteger n, BigInteger v) { return n.signum() == 0 ? BigInteger.ZERO : v == null ? null : n.multiply(v); }

    /**
     * The input's last dimension must be {@code size}, as the layer's first projection reads it;
     * the help suggests {@code use <fix><actual size>} ("use dim=32").
     */
    private static void lastDim(LayerContext ctx, BigInteger size, String fix) {
        Shape x = ctx.input();
        Dim last = x.get(x.rank() - 1);
        if (!(last instanceof Dim.Known k && k.value().equals(size))) {
            ctx.error(ctx.layer() + " expects vectors of size " + size + ", but its input " + x + " has " + last,
                    last instanceof Dim.Known k ? "use " + fix + k.value() : "give " + last + " a size in the input shape");
        }
    }

    /** LLaMA's and Mistral's attention, batch first as their code is: (N, T, E) or (T, E). */
    private static void groupedQuery(LayerContext ctx) {
        BoundArgs a = ctx.args();
        BigInteger e = a.integer("embed_dim"), h = a.integer("num_heads"), g = a.integer("num_kv_heads");
        boolean bias = a.bool("bias");
        if (h.mod(g).signum() != 0) {
            throw new org.nnspec.diag.NnspecException(a.span("num_kv_heads"), "GroupedQueryAttention's num_heads " + h
                    + " must be divisible by num_kv_heads " + g + ": each key/value head serves a group of query heads",
                    "choose num_kv_heads that divides " + h + " (Mistral-7B: 32 heads, 8 key/value heads)");
        }
        BigInteger d = a.integer("head_dim");
        if (d == null) {
            checkHeads(ctx, e, h, "embed_dim", "num_heads");
            d = e.divide(h);
        }
        Shape x = ctx.input();
        ctx.requireRank("3-D (N, T, E) or 2-D (T, E)", 2, 3);
        if (x.rank() == 3) ctx.batchIsFirst();
        else ctx.batchNotFirst();
        lastDim(ctx, e, "embed_dim ");
        BigInteger hd = h.multiply(d), gd = g.multiply(d);
        ctx.param("q_proj.weight", hd, e);
        ctx.param("k_proj.weight", gd, e);
        ctx.param("v_proj.weight", gd, e);
        ctx.param("o_proj.weight", e, hd);
        if (bias) {
            ctx.param("q_proj.bias", hd);
            ctx.param("k_proj.bias", gd);
            ctx.param("v_proj.bias", gd);
            ctx.param("o_proj.bias", e);
        }
        ctx.formula(Formula.sum(Formula.product(e, hd), Formula.product(2, e, gd), Formula.product(hd, e),
                bias ? Formula.sum(hd.toString(), Formula.product(2, gd), e.toString()) : null));
        BigInteger rows = ctx.count(x.dims().subList(0, x.rank() - 1));
        Dim seq = x.get(x.rank() - 2);
        BigInteger batches = x.rank() == 3 ? ctx.count(List.of(x.get(0))) : BigInteger.ONE;
        if (seq instanceof Dim.Known t && rows != null && batches != null) {
            BigInteger projections = rows.multiply(e.multiply(hd).multiply(OutputSize.TWO).add(OutputSize.TWO.multiply(e).multiply(gd)));
            ctx.macs(projections.add(batches.multiply(OutputSize.TWO).multiply(t.value()).multiply(t.value()).multiply(hd)));
            // Q and the weighted sum (2·H·d per row), K and V (2·G·d per row), the softmax weights (H·T² per sequence)
            ctx.internal(rows.multiply(OutputSize.TWO.multiply(hd).add(OutputSize.TWO.multiply(gd)))
                    .add(batches.multiply(h).multiply(t.value()).multiply(t.value())));
        } else {
            ctx.internal(null);
            ctx.macs(null); // the T² terms depend on a symbolic size, as MultiheadAttention's do
        }
        ctx.cache(new CostInfo.KvCache(BigInteger.ONE, g, d, seq instanceof Dim.Known t ? t.value() : null, batches));
        ctx.output(x);
        ctx.describe("GroupedQueryAttention(" + e + ", " + h + ", kv=" + g + (a.given("head_dim") ? ", head_dim=" + d : "")
                + (bias ? ", bias=True" : "") + ")");
    }

    /** torchvision's ShiftedWindowAttention (Swin v1) on (N, H, W, C). */
    private static void shiftedWindow(LayerContext ctx) {
        BoundArgs a = ctx.args();
        BigInteger c = a.integer("dim"), heads = a.integer("num_heads");
        List<BigInteger> window = pair(ctx, "window_size"), shift = pair(ctx, "shift_size");
        checkHeads(ctx, c, heads, "dim", "num_heads");
        Shape x = ctx.input();
        ctx.requireRank("4-D (N, H, W, C)", 4);
        ctx.batchIsFirst();
        channelsLast(ctx, c);
        for (int i = 0; i < 2; i++) {
            if (shift.get(i).compareTo(window.get(i)) >= 0) {
                ctx.warn("ShiftedWindowAttention's shift_size " + ShapeLayers.tuple(shift) + " is not smaller than its window_size "
                                + ShapeLayers.tuple(window) + ": Swin shifts by less than a window (window_size // 2 in every other block)",
                        "use shift_size=[" + window.get(0).shiftRight(1) + ", " + window.get(1).shiftRight(1) + "], or [0, 0] for an unshifted block");
                break;
            }
        }
        ctx.output(x);
        BigInteger three = BigInteger.valueOf(3), wh = window.get(0), ww = window.get(1);
        boolean qkvBias = a.bool("qkv_bias"), projBias = a.bool("proj_bias");
        // one bias per head for each relative offset: 2·wh−1 rows by 2·ww−1 columns of them
        BigInteger dh = wh.shiftLeft(1).subtract(BigInteger.ONE), dw = ww.shiftLeft(1).subtract(BigInteger.ONE);
        ctx.param("relative_position_bias_table", dh.multiply(dw), heads);
        ctx.param("qkv.weight", three.multiply(c), c);
        if (qkvBias) ctx.param("qkv.bias", three.multiply(c));
        ctx.param("proj.weight", c, c);
        if (projBias) ctx.param("proj.bias", c);
        ctx.formula(Formula.sum(Formula.product(3, c, c), qkvBias ? Formula.product(3, c) : null, Formula.product(c, c),
                projBias ? c.toString() : null, Formula.product(dh, dw, heads)));
        BigInteger batches = ctx.count(List.of(x.get(0)));
        if (x.get(1) instanceof Dim.Known h && x.get(2) instanceof Dim.Known w && batches != null) {
            BigInteger rows = ceilDiv(h.value(), wh), cols = ceilDiv(w.value(), ww), t = wh.multiply(ww);
            BigInteger windows = rows.multiply(cols);
            BigInteger perWindow = BigInteger.valueOf(4).multiply(t).multiply(c).multiply(c).add(OutputSize.TWO.multiply(t).multiply(t).multiply(c));
            ctx.macs(batches.multiply(windows).multiply(perWindow));
            // per window: Q, K, V and the weighted sum (4·T·C), the softmax weights (heads·T²)
            ctx.internal(batches.multiply(windows).multiply(BigInteger.valueOf(4).multiply(t).multiply(c).add(heads.multiply(t).multiply(t))));
            // torchvision does not shift along an axis that one window covers
            boolean unshifted = rows.equals(BigInteger.ONE) && shift.get(0).signum() > 0 || cols.equals(BigInteger.ONE) && shift.get(1).signum() > 0;
            ctx.explain(() -> "H, W = " + h + ", " + w + (rows.multiply(wh).equals(h.value()) && cols.multiply(ww).equals(w.value()) ? ""
                    : " padded to " + rows.multiply(wh) + ", " + cols.multiply(ww)) + ": ⌈" + h + "/" + wh + "⌉·⌈" + w + "/" + ww + "⌉ = "
                    + rows + "·" + cols + " = " + windows + " windows of T = " + wh + "·" + ww + " = " + t + " positions"
                    + (unshifted ? "; no shift where one window covers the map (torchvision sets it to 0)" : ""));
        } else {
            ctx.macs(null);
            ctx.internal(null);
        }
        ctx.describe("ShiftedWindowAttention(" + c + ", window=" + ShapeLayers.tuple(window) + ", shift=" + ShapeLayers.tuple(shift)
                + ", heads=" + heads + (qkvBias ? "" : ", qkv_bias=False") + (projBias ? "" : ", proj_bias=False") + ")");
    }

    /** torchvision's PatchMerging (Swin v1) on (…, H, W, C). */
    private static void patchMerging(LayerContext ctx) {
        BigInteger c = ctx.args().integer("dim");
        Shape x = ctx.input();
        if (x.rank() < 3) {
            throw ctx.fail("PatchMerging expects (…, H, W, C) with at least 3 dimensions, but its input " + x + " is " + x.rank() + "-D",
                    "Swin's stages work on (N, H, W, C); check the layer before it (a Flatten may be misplaced)");
        }
        if (x.rank() == 3) ctx.batchNotFirst(); // (H, W, C)
        else ctx.batchIsFirst();
        channelsLast(ctx, c);
        int r = x.rank();
        BigInteger h = ctx.known(r - 3, "height"), w = ctx.known(r - 2, "width");
        BigInteger ho = ceilDiv(h, OutputSize.TWO), wo = ceilDiv(w, OutputSize.TWO);
        BigInteger c4 = c.shiftLeft(2), c2 = c.shiftLeft(1);
        java.util.ArrayList<Dim> dims = new java.util.ArrayList<>(x.dims().subList(0, r - 3));
        dims.add(Dim.of(ho));
        dims.add(Dim.of(wo));
        dims.add(Dim.of(c2));
        ctx.output(new Shape(dims));
        ctx.param("reduction.weight", c2, c4);
        ctx.param("norm.weight", c4);
        ctx.param("norm.bias", c4);
        ctx.formula(Formula.sum(Formula.product(c4, c2), Formula.product(2, c4)));
        BigInteger samples = ctx.count(x.dims().subList(0, r - 3));
        ctx.macs(samples == null ? null : samples.multiply(ho).multiply(wo).multiply(c4).multiply(c2));
        ctx.explain(() -> "H_out = ⌈" + h + "/2⌉ = " + ho + ", W_out = ⌈" + w + "/2⌉ = " + wo
                + (h.testBit(0) || w.testBit(0) ? " (torchvision pads an odd size with a row or column of zeros)" : ""));
        ctx.describe("PatchMerging(" + c + ")");
    }

    /** window_size or shift_size: torchvision takes a list of exactly two sizes, height and width; a window is at least 1. */
    private static List<BigInteger> pair(LayerContext ctx, String name) {
        List<BigInteger> v = ctx.args().ints(name);
        if (v.size() != 2) {
            throw new org.nnspec.diag.NnspecException(ctx.args().span(name), ctx.layer() + "'s " + name + " must be a list of 2 sizes, "
                    + "[height, width], got " + v.size() + (v.size() == 1 ? " size" : " sizes"),
                    "write " + name + "=[" + v.get(0) + ", " + v.get(0) + "] (torchvision refuses anything but two)");
        }
        if (name.equals("window_size") && v.contains(BigInteger.ZERO)) {
            // torchvision fails making its relative position bias table, of (2·0−1)·(2·ww−1) rows
            throw new org.nnspec.diag.NnspecException(ctx.args().span(name), ctx.layer() + "'s window_size must be at least 1 along "
                    + "each axis, got " + ShapeLayers.tuple(v), "Swin's windows are 7×7");
        }
        return v;
    }

    /**
     * Swin's layers take channels last, (…, H, W, C) with C = dim; an input with its channels
     * before H and W (a convolution's (N, C, H, W)) is refused with the Permute that fixes it.
     */
    private static void channelsLast(LayerContext ctx, BigInteger c) {
        Shape x = ctx.input();
        int r = x.rank();
        boolean last = x.get(r - 1) instanceof Dim.Known k && k.value().equals(c);
        if (!last && r >= 3 && x.get(r - 3) instanceof Dim.Known k && k.value().equals(c)) {
            StringBuilder perm = new StringBuilder("[");
            for (int i = 0; i < r - 3; i++) perm.append(i).append(", ");
            perm.append(r - 2).append(", ").append(r - 1).append(", ").append(r - 3).append(']');
            throw ctx.fail(ctx.layer() + " takes its " + c + " channels last, (…, H, W, " + c + "), but its input " + x
                    + " has them before the height and width", "torchvision's Swin permutes its patch embedding's output: write Permute("
                    + perm + ") before " + ctx.layer());
        }
        lastDim(ctx, c, "dim=");
    }

    private static BigInteger ceilDiv(BigInteger a, BigInteger b) {
        return a.add(b).subtract(BigInteger.ONE).divide(b);
    }
}
