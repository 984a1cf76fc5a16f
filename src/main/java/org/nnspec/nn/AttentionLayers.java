package org.nnspec.nn;

import java.math.BigInteger;
import java.util.List;

/**
 * Catalog entries for attention: MultiheadAttention used as self-attention (query, key and
 * value are the input) and TransformerEncoderLayer (self-attention plus a feed-forward block,
 * each with a residual connection and a LayerNorm).
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
                "attention as MultiheadAttention + 2·L·d·ff for the feed-forward block", AttentionLayers::encoderLayer));
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
        ctx.macs(attentionMacs(ctx, e, a.bool("batch_first"), extraKeys));
        ctx.output(ctx.input());
        ctx.param("in_proj_weight", e.multiply(BigInteger.valueOf(3)), e);
        if (bias) ctx.param("in_proj_bias", e.multiply(BigInteger.valueOf(3)));
        ctx.param("out_proj.weight", e, e);
        if (bias) ctx.param("out_proj.bias", e);
        if (kv) { ctx.param("bias_k", BigInteger.ONE, BigInteger.ONE, e); ctx.param("bias_v", BigInteger.ONE, BigInteger.ONE, e); }
        ctx.formula(Formula.sum(Formula.product(4, e, e), bias ? Formula.product(4, e) : null, kv ? Formula.product(2, e) : null));
        ctx.describe("MultiheadAttention(" + e + ", " + heads + (bias ? "" : ", bias=False") + (a.bool("batch_first") ? ", batch_first" : "") + ")");
    }

    private static void encoderLayer(LayerContext ctx) {
        BoundArgs a = ctx.args();
        BigInteger d = a.integer("d_model"), heads = a.integer("nhead"), ff = a.integer("dim_feedforward");
        boolean bias = a.bool("bias");
        checkHeads(ctx, d, heads, "d_model", "nhead");
        BigInteger attn = attentionMacs(ctx, d, a.bool("batch_first"), BigInteger.ZERO);
        BigInteger rows = ctx.count(ctx.input().dims().subList(0, ctx.input().rank() - 1));
        ctx.macs(attn == null || rows == null ? null : attn.add(rows.multiply(OutputSize.TWO).multiply(d).multiply(ff)));
        ctx.output(ctx.input());
        BigInteger three = BigInteger.valueOf(3);
        ctx.param("self_attn.in_proj_weight", three.multiply(d), d);
        ctx.param("self_attn.out_proj.weight", d, d);
        ctx.param("linear1.weight", ff, d);
        ctx.param("linear2.weight", d, ff);
        ctx.param("norm1.weight", d);
        ctx.param("norm2.weight", d);
        if (bias) {
            ctx.param("self_attn.in_proj_bias", three.multiply(d));
            ctx.param("self_attn.out_proj.bias", d);
            ctx.param("linear1.bias", ff);
            ctx.param("linear2.bias", d);
            ctx.param("norm1.bias", d);
            ctx.param("norm2.bias", d);
            ctx.formula(Formula.sum(Formula.product(4, d, d), Formula.product(4, d), Formula.product(d, ff), ff.toString(),
                    Formula.product(ff, d), d.toString(), Formula.product(4, d)));
        } else {
            ctx.formula(Formula.sum(Formula.product(4, d, d), Formula.product(d, ff), Formula.product(ff, d), Formula.product(2, d)));
        }
        ctx.describe("TransformerEncoderLayer(" + d + ", " + heads + ", ff=" + ff + (a.bool("norm_first") ? ", norm_first" : "")
                + (a.bool("batch_first") ? ", batch_first" : "") + (bias ? "" : ", bias=False") + ")");
    }

    private static void checkHeads(LayerContext ctx, BigInteger e, BigInteger heads, String eName, String hName) {
        if (e.mod(heads).signum() != 0) {
            throw ctx.fail(ctx.layer() + "'s " + eName + " " + e + " must be divisible by " + hName + " " + heads,
                    "choose " + hName + " that divides " + e);
        }
    }

    /** Projections 4·L·E² per sequence plus scores and weighted sum 2·L·S·E; null when L is symbolic. */
    private static BigInteger attentionMacs(LayerContext ctx, BigInteger e, boolean batchFirst, BigInteger extraKeys) {
        Shape x = ctx.input();
        ctx.requireRank(batchFirst ? "3-D (N, L, E) or 2-D (L, E)" : "3-D (L, N, E) or 2-D (L, E)", 2, 3);
        if (x.rank() == 2 || !batchFirst) ctx.batchNotFirst();
        else ctx.batchIsFirst();
        Dim last = x.get(x.rank() - 1);
        if (!(last instanceof Dim.Known k && k.value().equals(e))) {
            ctx.error(ctx.layer() + " expects vectors of size " + e + ", but its input " + x + " has " + last,
                    last instanceof Dim.Known k ? "use embed size " + k.value() : "give " + last + " a size in the input shape");
        }
        int seqAxis = x.rank() == 3 && batchFirst ? 1 : 0;
        Dim seq = x.get(seqAxis);
        BigInteger rows = ctx.count(x.dims().subList(0, x.rank() - 1));
        BigInteger batches = x.rank() == 3 ? ctx.count(List.of(x.get(batchFirst ? 0 : 1))) : BigInteger.ONE;
        if (!(seq instanceof Dim.Known l) || rows == null || batches == null) return null;
        BigInteger keys = l.value().add(extraKeys);
        return rows.multiply(BigInteger.valueOf(4)).multiply(e).multiply(e)
                .add(batches.multiply(OutputSize.TWO).multiply(l.value()).multiply(keys).multiply(e));
    }
}
