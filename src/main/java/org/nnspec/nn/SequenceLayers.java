package org.nnspec.nn;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Catalog entries for token and sequence layers: Embedding, EmbeddingBag, a learned PositionalEmbedding and a
 * learned TokenTypeEmbedding (BERT's segment embedding) that add to their input, and the recurrent layers RNN, LSTM, GRU (PyTorch's two bias vectors per
 * gate set, num_layers, bidirectional, batch_first, and LSTM's proj_size). A recurrent layer's
 * output is its output sequence.
 */
final class SequenceLayers {
    private SequenceLayers() {}

    static void register(LayerCatalog.Registry r) {
        r.add(new LayerType("Embedding", "embedding", new Signature("Embedding", List.of(
                Param.positiveInt("num_embeddings"), Param.positiveInt("embedding_dim"), Param.optionalInt("padding_idx"),
                Param.optionalReal("max_norm"), Param.real("norm_type", 2.0), Param.bool("scale_grad_by_freq", false),
                Param.bool("sparse", false), Param.ignored("device"), Param.ignored("dtype")), false),
                "looks up a learned vector for each integer index",
                "(*) → (*, embedding_dim)", "num_embeddings·embedding_dim", "0 (a lookup)", SequenceLayers::embedding));
        r.add(new LayerType("EmbeddingBag", "embedding", new Signature("EmbeddingBag", List.of(
                Param.positiveInt("num_embeddings"), Param.positiveInt("embedding_dim"), Param.optionalReal("max_norm"),
                Param.real("norm_type", 2.0), Param.bool("scale_grad_by_freq", false), Param.choice("mode", "mean", "sum", "mean", "max"),
                Param.bool("sparse", false), Param.ignored("_weight"), Param.bool("include_last_offset", false),
                Param.optionalInt("padding_idx"), Param.ignored("device"), Param.ignored("dtype")), false),
                "the sum, mean or max of the learned vectors of each bag of indices; a network's bags are the rows of a (B, L) input "
                        + "(a 1-D input needs offsets and per_sample_weights are a forward argument: neither can be passed)",
                "(B, L) → (B, embedding_dim)", "num_embeddings·embedding_dim", "0 (a lookup and a sum, mean or max)",
                SequenceLayers::embeddingBag));
        r.add(new LayerType("PositionalEmbedding", "embedding", new Signature("PositionalEmbedding", List.of(
                Param.positiveInt("max_len"), Param.positiveInt("dim")), false),
                "adds a learned vector per position (GPT-2's wpe) to a (N, T, dim) input; T ≤ max_len",
                "unchanged", "max_len·dim", "0", SequenceLayers::positional));
        r.add(new LayerType("TokenTypeEmbedding", "embedding", new Signature("TokenTypeEmbedding", List.of(
                Param.positiveInt("num_types"), Param.positiveInt("dim")), false),
                "adds a learned vector per token type to a (N, T, dim) input: BERT's token_type_embeddings, "
                        + "in PyTorch nn.Embedding(type_vocab_size, hidden_size) looked up from token_type_ids and added to the word embeddings",
                "unchanged", "num_types·dim", "0", SequenceLayers::tokenType));
        r.add(recurrent("RNN", 1, List.of(
                Param.positiveInt("input_size"), Param.positiveInt("hidden_size"), Param.positiveInt("num_layers", 1),
                Param.choice("nonlinearity", "tanh", "tanh", "relu"), Param.bool("bias", true), Param.bool("batch_first", false),
                Param.real("dropout", 0.0), Param.bool("bidirectional", false), Param.ignored("device"), Param.ignored("dtype")),
                "Elman recurrent network h_t = tanh(W_ih·x_t + b_ih + W_hh·h_{t−1} + b_hh)"));
        r.add(recurrent("LSTM", 4, List.of(
                Param.positiveInt("input_size"), Param.positiveInt("hidden_size"), Param.positiveInt("num_layers", 1),
                Param.bool("bias", true), Param.bool("batch_first", false), Param.real("dropout", 0.0),
                Param.bool("bidirectional", false), Param.nonNegativeInt("proj_size", 0), Param.ignored("device"), Param.ignored("dtype")),
                "long short-term memory: input, forget, cell and output gates; proj_size projects h_t"));
        r.add(recurrent("GRU", 3, List.of(
                Param.positiveInt("input_size"), Param.positiveInt("hidden_size"), Param.positiveInt("num_layers", 1),
                Param.bool("bias", true), Param.bool("batch_first", false), Param.real("dropout", 0.0),
                Param.bool("bidirectional", false), Param.ignored("device"), Param.ignored("dtype")),
                "gated recurrent unit: reset, update and new gates"));
        r.add(cell("RNNCell", 1, List.of(Param.positiveInt("input_size"), Param.positiveInt("hidden_size"), Param.bool("bias", true),
                Param.choice("nonlinearity", "tanh", "tanh", "relu"), Param.ignored("device"), Param.ignored("dtype")),
                "one step of an Elman network, h' = tanh(W_ih·x + b_ih + W_hh·h + b_hh), on a batch of vectors"));
        r.add(cell("LSTMCell", 4, List.of(Param.positiveInt("input_size"), Param.positiveInt("hidden_size"), Param.bool("bias", true),
                Param.ignored("device"), Param.ignored("dtype")),
                "one step of an LSTM on a batch of vectors; its output is h' (PyTorch returns (h', c'))"));
        r.add(cell("GRUCell", 3, List.of(Param.positiveInt("input_size"), Param.positiveInt("hidden_size"), Param.bool("bias", true),
                Param.ignored("device"), Param.ignored("dtype")),
                "one step of a GRU on a batch of vectors"));
    }

    /** A recurrent cell: one time step on (N, input_size) or (input_size,), the hidden state starting at zero. */
    private static LayerType cell(String name, int gates, List<Param> params, String doc) {
        String g = gates == 1 ? "" : gates + "·";
        return new LayerType(name, "recurrent", new Signature(name, params, false), doc,
                "(N, input_size) → (N, hidden_size), or (input_size,) → (hidden_size,)",
                g + "H·(input_size + H) + 2·" + g + "H (two bias vectors)", "per row: " + g + "H·(input_size + H)",
                ctx -> cellRule(ctx, gates));
    }

    private static void cellRule(LayerContext ctx, int gates) {
        BoundArgs a = ctx.args();
        BigInteger in = a.integer("input_size"), h = a.integer("hidden_size"), gh = h.multiply(BigInteger.valueOf(gates));
        ctx.requireRank("2-D (N, input_size) or 1-D (input_size,)", 1, 2);
        Shape x = ctx.input();
        if (x.rank() == 2) ctx.batchIsFirst();
        else ctx.batchNotFirst();
        Dim last = x.get(x.rank() - 1);
        if (!(last instanceof Dim.Known k && k.value().equals(in))) {
            throw ctx.fail(ctx.layer() + " expects vectors of input_size " + in + ", but its input " + x + " has " + last,
                    last instanceof Dim.Known k ? "write input_size=" + k.value() : "give " + last + " a size in the input shape");
        }
        List<Dim> out = new ArrayList<>(x.dims());
        out.set(out.size() - 1, Dim.of(h));
        ctx.output(new Shape(out));
        ctx.param("weight_ih", gh, in);
        ctx.param("weight_hh", gh, h);
        boolean bias = a.bool("bias");
        if (bias) {
            ctx.param("bias_ih", gh);
            ctx.param("bias_hh", gh);
        }
        String g = gates == 1 ? "" : gates + "·";
        ctx.formula(Formula.sum(g + h + "·(" + in + " + " + h + ")", bias ? "2·" + g + h : null));
        BigInteger rows = ctx.count(x.dims().subList(0, x.rank() - 1));
        ctx.macs(rows == null ? null : rows.multiply(gh).multiply(in.add(h)));
        boolean relu = gates == 1 && "relu".equals(a.string("nonlinearity"));
        ctx.describe(ctx.layer() + "(" + in + ", " + h + (bias ? "" : ", bias=False") + (relu ? ", nonlinearity=\"relu\"" : "") + ")");
    }

    private static void embedding(LayerContext ctx) {
        BigInteger num = ctx.args().integer("num_embeddings"), dim = ctx.args().integer("embedding_dim");
        checkPaddingIdx(ctx, num);
        List<Dim> dims = new ArrayList<>(ctx.input().dims());
        dims.add(Dim.of(dim));
        ctx.output(new Shape(dims));
        ctx.param("weight", num, dim);
        ctx.formula(Formula.product(num, dim));
        ctx.explain("each index becomes a vector of " + dim + ": " + ctx.input() + " → " + ctx.output);
        ctx.describe("Embedding(" + num + ", " + dim + ")");
    }

    /** Embedding's and EmbeddingBag's padding_idx: within ±num_embeddings, as PyTorch asserts. */
    private static void checkPaddingIdx(LayerContext ctx, BigInteger num) {
        BigInteger pad = ctx.args().integer("padding_idx");
        if (pad != null && (pad.compareTo(num) >= 0 || pad.compareTo(num.negate()) < 0)) {
            throw new org.nnspec.diag.NnspecException(ctx.args().span("padding_idx"),
                    ctx.layer() + "'s padding_idx " + pad + " must be within num_embeddings " + num, "use an index between " + num.negate() + " and " + num.subtract(BigInteger.ONE));
        }
    }

    /**
     * EmbeddingBag on a 2-D (B, L) input: B bags of L indices each, reduced to one vector per bag.
     * A 1-D input needs the offsets where each bag starts, a second forward argument that a
     * network cannot pass; include_last_offset is for those offsets too (torch 1.13 given a 2-D
     * input with it returns B − 1 bags and corrupts its heap), so it is refused.
     */
    private static void embeddingBag(LayerContext ctx) {
        BoundArgs a = ctx.args();
        BigInteger num = a.integer("num_embeddings"), dim = a.integer("embedding_dim");
        checkPaddingIdx(ctx, num);
        if (a.bool("include_last_offset")) {
            throw new org.nnspec.diag.NnspecException(a.span("include_last_offset"),
                    "EmbeddingBag's include_last_offset=True describes the offsets of a 1-D input, which a network cannot pass; "
                            + "on the rows of a 2-D input PyTorch 1.13 returns one bag fewer and corrupts its memory",
                    "leave include_last_offset=False: each row of the (B, L) input is one bag");
        }
        Shape x = ctx.input();
        if (x.rank() == 1) {
            throw ctx.fail("EmbeddingBag on a 1-D input " + x + " needs offsets (where each bag starts), a second input a network cannot pass",
                    "give bags of equal length as the rows of a 2-D (B, L) input: Unflatten(0, (B, -1)) before it makes B bags");
        }
        if (x.rank() != 2) {
            throw ctx.fail("EmbeddingBag expects a 2-D (B, L) input of bags of indices, but its input " + x + " is " + x.rank() + "-D",
                    "check the layer before it (a Flatten or Unflatten may be missing or misplaced)");
        }
        ctx.batchIsFirst(); // one bag per row: the rows are the batch
        ctx.output(new Shape(List.of(x.get(0), Dim.of(dim))));
        ctx.param("weight", num, dim);
        ctx.formula(Formula.product(num, dim));
        String mode = a.string("mode");
        ctx.explain(() -> "each row's " + x.get(1) + " vectors of " + dim + " reduced by their " + mode + ": " + x + " → " + ctx.output);
        ctx.describe("EmbeddingBag(" + num + ", " + dim + (mode.equals("mean") ? "" : ", mode=\"" + mode + "\"") + ")");
    }

    private static void positional(LayerContext ctx) {
        BigInteger maxLen = ctx.args().integer("max_len"), dim = ctx.args().integer("dim");
        addedTable(ctx, maxLen, dim);
        Shape x = ctx.input();
        Dim t = x.get(x.rank() - 2);
        if (t instanceof Dim.Known k && k.value().compareTo(maxLen) > 0) {
            ctx.error("PositionalEmbedding holds " + maxLen + " positions, but its input " + x + " has " + k.value(),
                    "write PositionalEmbedding(" + k.value() + ", " + dim + ") or use shorter sequences");
        }
    }

    private static void tokenType(LayerContext ctx) {
        addedTable(ctx, ctx.args().integer("num_types"), ctx.args().integer("dim"));
    }

    /**
     * A learned table of {@code rows} vectors of size {@code dim} added to a (N, T, dim) or
     * (T, dim) input (positions, token types): the shape is unchanged, the weight is rows·dim.
     */
    private static void addedTable(LayerContext ctx, BigInteger rows, BigInteger dim) {
        String layer = ctx.layer();
        Shape x = ctx.input();
        if (x.rank() < 2) {
            throw ctx.fail(layer + " expects a (N, T, dim) or (T, dim) input, but its input " + x + " is " + x.rank() + "-D",
                    "put an Embedding before it");
        }
        Dim last = x.get(x.rank() - 1);
        if (!(last instanceof Dim.Known k && k.value().equals(dim))) {
            ctx.error(layer + " expects vectors of size " + dim + ", but its input " + x + " has " + last,
                    last instanceof Dim.Known k ? "write " + layer + "(" + rows + ", " + k.value() + ")" : "give " + last + " a size");
        }
        ctx.output(x);
        ctx.param("weight", rows, dim);
        ctx.formula(Formula.product(rows, dim));
        ctx.describe(layer + "(" + rows + ", " + dim + ")");
    }

    private static LayerType recurrent(String name, int gates, List<Param> params, String doc) {
        String g = gates == 1 ? "" : gates + "·";
        return new LayerType(name, "recurrent", new Signature(name, params, false), doc,
                "(L, N, input_size) → (L, N, D·H_out), batch_first: (N, L, ·); D = 2 if bidirectional; H_out = proj_size or hidden_size",
                "per layer and direction: " + g + "H·(in + H_out) + 2·" + g + "H (two bias vectors)" + (gates == 4 ? " + H_out·H with proj_size" : "")
                        + "; in = input_size for layer 0, D·H_out above",
                "per time step, layer and direction: " + g + "H·(in + H_out)" + (gates == 4 ? " + H·H_out with proj_size" : ""),
                ctx -> recurrentRule(ctx, gates));
    }

    private static void recurrentRule(LayerContext ctx, int gates) {
        BoundArgs a = ctx.args();
        BigInteger in = a.integer("input_size"), h = a.integer("hidden_size"), layers = a.integer("num_layers");
        boolean bias = a.bool("bias"), bidi = a.bool("bidirectional"), batchFirst = a.bool("batch_first");
        BigInteger proj = a.raw("proj_size") == null ? BigInteger.ZERO : a.integer("proj_size");
        double dropout = a.real("dropout");
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new org.nnspec.diag.NnspecException(a.span("dropout"), ctx.layer() + "'s dropout must be between 0 and 1", null);
        }
        if (proj.signum() > 0 && proj.compareTo(h) >= 0) {
            throw new org.nnspec.diag.NnspecException(a.span("proj_size"),
                    "LSTM's proj_size " + proj + " must be smaller than its hidden_size " + h, "use proj_size=0 (no projection) or less than " + h);
        }
        BigInteger hOut = proj.signum() > 0 ? proj : h;
        BigInteger dirs = bidi ? OutputSize.TWO : BigInteger.ONE;
        BigInteger gh = BigInteger.valueOf(gates).multiply(h);
        Shape x = ctx.input();
        ctx.requireRank(batchFirst ? "3-D (N, L, input_size) or 2-D (L, input_size)" : "3-D (L, N, input_size) or 2-D (L, input_size)", 2, 3);
        if (x.rank() == 2 || !batchFirst) ctx.batchNotFirst();
        else ctx.batchIsFirst();
        Dim last = x.get(x.rank() - 1);
        if (!(last instanceof Dim.Known k && k.value().equals(in))) {
            ctx.error(ctx.layer() + " expects " + in + " input features, but its input " + x + " has " + last,
                    last instanceof Dim.Known k ? "write input_size=" + k.value() : "give " + last + " a size in the input shape");
        }
        List<Dim> dims = new ArrayList<>(x.dims().subList(0, x.rank() - 1));
        BigInteger steps = ctx.count(dims);
        dims.add(Dim.of(dirs.multiply(hOut)));
        ctx.output(new Shape(dims));

        BigInteger perStep = BigInteger.ZERO;
        List<String> terms = new ArrayList<>();
        String gPrefix = gates == 1 ? "" : gates + "·";
        for (long l = 0; l < layers.min(OutputSize.TWO).longValue(); l++) {
            BigInteger layerIn = l == 0 ? in : dirs.multiply(hOut);
            String term = Formula.sum(gPrefix + Formula.product(h, "(" + layerIn + " + " + hOut + ")"),
                    bias ? "2·" + gPrefix + h : null, proj.signum() > 0 ? Formula.product(hOut, h) : null);
            if (bidi) term = "2·(" + term + ")";
            BigInteger count = l == 0 ? BigInteger.ONE : layers.subtract(BigInteger.ONE);
            if (!count.equals(BigInteger.ONE)) term = count + "·" + (bidi ? term : "(" + term + ")");
            terms.add(term);
            BigInteger stepMacs = gh.multiply(layerIn.add(hOut)).add(proj.signum() > 0 ? hOut.multiply(h) : BigInteger.ZERO);
            perStep = perStep.add(stepMacs.multiply(dirs).multiply(count));
            for (long dir = 0; dir < dirs.longValue() && l == 0; dir++) {
                String suffix = "_l0" + (dir == 1 ? "_reverse" : "");
                ctx.param("weight_ih" + suffix, gh, layerIn);
                ctx.param("weight_hh" + suffix, gh, hOut);
                if (bias) { ctx.param("bias_ih" + suffix, gh); ctx.param("bias_hh" + suffix, gh); }
                if (proj.signum() > 0) ctx.param("weight_hr" + suffix, hOut, h);
            }
            if (l == 1) {
                // layers 1..num_layers−1 are alike; one tensor each, with the exact total size
                ctx.param("upper_layers", count.multiply(dirs), gh.multiply(layerIn.add(hOut)).add(bias ? gh.multiply(OutputSize.TWO) : BigInteger.ZERO)
                        .add(proj.signum() > 0 ? hOut.multiply(h) : BigInteger.ZERO));
            }
        }
        ctx.formula(Formula.sum(terms.toArray(new String[0])));
        ctx.macs(steps == null ? null : steps.multiply(perStep));
        ctx.explain(x + " → " + ctx.output + ": last dimension " + (bidi ? "2 directions × " : "") + hOut
                + (proj.signum() > 0 ? " (projected from " + h + ")" : ""));
        StringBuilder desc = new StringBuilder(ctx.layer() + "(" + in + ", " + h);
        if (!layers.equals(BigInteger.ONE)) desc.append(", num_layers=").append(layers);
        if (a.given("nonlinearity") && "relu".equals(a.raw("nonlinearity"))) desc.append(", relu");
        if (bidi) desc.append(", bidirectional");
        if (proj.signum() > 0) desc.append(", proj_size=").append(proj);
        if (batchFirst) desc.append(", batch_first");
        if (!bias) desc.append(", bias=False");
        ctx.describe(desc.append(')').toString());
    }
}
