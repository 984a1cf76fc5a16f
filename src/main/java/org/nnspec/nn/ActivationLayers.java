package org.nnspec.nn;

import java.util.List;

/**
 * Catalog entries for elementwise layers that keep the shape (activations, softmax and its
 * kin, the dropouts) and the two that do not quite: PReLU, with its learned slopes, and GLU,
 * which halves a dimension. Signatures and defaults are torch.nn's.
 */
final class ActivationLayers {
    private ActivationLayers() {}

    static void register(LayerCatalog.Registry r) {
        elementwise(r, "ReLU", "max(0, x)", Param.bool("inplace", false));
        elementwise(r, "LeakyReLU", "x for x ≥ 0, negative_slope·x otherwise",
                Param.real("negative_slope", 0.01), Param.bool("inplace", false));
        elementwise(r, "GELU", "x·Φ(x) (approximate=\"tanh\" uses the tanh approximation)",
                Param.choice("approximate", "none", "none", "tanh"));
        elementwise(r, "SiLU", "x·sigmoid(x) (swish)", Param.bool("inplace", false));
        elementwise(r, "Sigmoid", "1/(1 + e^−x)");
        elementwise(r, "Tanh", "tanh(x)");
        elementwise(r, "ReLU6", "min(max(0, x), 6)", Param.bool("inplace", false));
        elementwise(r, "Hardswish", "x·ReLU6(x + 3)/6", Param.bool("inplace", false));
        elementwise(r, "Hardsigmoid", "ReLU6(x + 3)/6", Param.bool("inplace", false));
        r.add(new LayerType("Hardtanh", "activation", new Signature("Hardtanh", List.of(Param.real("min_val", -1.0),
                Param.real("max_val", 1.0), Param.bool("inplace", false), Param.ignored("min_value"), Param.ignored("max_value")), false),
                "elementwise x clamped to [min_val, max_val]", "unchanged", "0", "0", ctx -> {
                    double lo = ctx.args().real("min_val"), hi = ctx.args().real("max_val");
                    if (!(hi > lo)) {
                        throw ctx.fail("Hardtanh's max_val " + org.nnspec.render.Numbers.real(hi, 6) + " must be greater than its min_val "
                                + org.nnspec.render.Numbers.real(lo, 6) + " (PyTorch asserts it)", "swap them");
                    }
                    ctx.output(ctx.input());
                    ctx.describe("Hardtanh(" + org.nnspec.render.Numbers.real(lo, 6) + ", " + org.nnspec.render.Numbers.real(hi, 6) + ")");
                }));
        elementwise(r, "ELU", "x for x > 0, alpha·(e^x − 1) otherwise", Param.real("alpha", 1.0), Param.bool("inplace", false));
        elementwise(r, "SELU", "scale·ELU(x) with PyTorch's fixed alpha and scale", Param.bool("inplace", false));
        elementwise(r, "CELU", "max(0, x) + min(0, alpha·(e^(x/alpha) − 1))", Param.real("alpha", 1.0), Param.bool("inplace", false));
        elementwise(r, "Mish", "x·tanh(softplus(x))", Param.bool("inplace", false));
        elementwise(r, "Softplus", "ln(1 + e^(beta·x))/beta (x itself above threshold)", Param.real("beta", 1.0),
                Param.real("threshold", 20.0));
        elementwise(r, "Softsign", "x/(1 + |x|)");
        elementwise(r, "LogSigmoid", "ln(sigmoid(x))");
        elementwise(r, "Tanhshrink", "x − tanh(x)");
        elementwise(r, "Hardshrink", "x where |x| > lambd, else 0", Param.real("lambd", 0.5));
        elementwise(r, "Softshrink", "x ∓ lambd where |x| > lambd, else 0", Param.real("lambd", 0.5));
        elementwise(r, "Threshold", "x where x > threshold, else value", Param.requiredReal("threshold"), Param.requiredReal("value"),
                Param.bool("inplace", false));
        elementwise(r, "RReLU", "leaky ReLU with a random slope in [lower, upper] in training", Param.real("lower", 0.125),
                Param.real("upper", 1.0 / 3), Param.bool("inplace", false));
        alongDim(r, "Softmax", "exponentials normalised to sum to 1 along dim");
        alongDim(r, "LogSoftmax", "ln of the softmax along dim");
        alongDim(r, "Softmin", "softmax of −x along dim");
        r.add(new LayerType("Softmax2d", "activation", new Signature("Softmax2d", List.of(), false),
                "softmax over the channels of each position: (N, C, H, W) or (C, H, W)", "unchanged", "0", "0", ctx -> {
                    ctx.requireRank("4-D (N, C, H, W) or 3-D (C, H, W)", 3, 4);
                    if (ctx.input().rank() == 4) ctx.batchIsFirst();
                    else ctx.batchNotFirst();
                    ctx.output(ctx.input());
                    ctx.describe("Softmax2d()");
                }));
        r.add(new LayerType("PReLU", "activation", new Signature("PReLU", List.of(Param.positiveInt("num_parameters", 1),
                Param.real("init", 0.25), Param.ignored("device"), Param.ignored("dtype")), false),
                "x for x ≥ 0, a·x otherwise, with a learned slope a (one, or one per channel: num_parameters = C, "
                        + "the input's dimension 1)", "unchanged", "num_parameters", "0", ActivationLayers::prelu));
        r.add(new LayerType("GLU", "activation", new Signature("GLU", List.of(Param.anyInt("dim", -1)), false),
                "the first half of dim times the sigmoid of the second half", "dim halved (it must be even)", "0", "0", ActivationLayers::glu));
        dropout(r, "Dropout", "zeroes each element with probability p during training (identity at inference)", 0);
        dropout(r, "Dropout1d", "zeroes whole channels with probability p during training: (N, C, L) or (C, L)", 2);
        dropout(r, "Dropout2d", "zeroes whole channels with probability p during training: (N, C, H, W) or (C, H, W)", 3);
        dropout(r, "Dropout3d", "zeroes whole channels with probability p during training: (N, C, D, H, W) or (C, D, H, W)", 4);
        dropout(r, "AlphaDropout", "dropout that keeps SELU's mean and variance, during training", 0);
        dropout(r, "FeatureAlphaDropout", "AlphaDropout of whole channels of (N, C, *), during training", 0);
        r.add(new LayerType("StochasticDepth", "regularisation", new Signature("StochasticDepth", List.of(
                Param.requiredReal("p"), Param.choice("mode", "row", "batch", "row")), false),
                "drops a residual branch with probability p during training, per sample (\"row\") or for the whole batch "
                        + "(torchvision.ops.StochasticDepth: EfficientNet, ConvNeXt, Swin)", "unchanged", "0", "0", ctx -> {
                    double p = probability(ctx, "StochasticDepth");
                    ctx.output(ctx.input());
                    ctx.describe("StochasticDepth(p=" + org.nnspec.render.Numbers.real(p, 6) + ", mode=\"" + ctx.args().string("mode") + "\")");
                }));
    }

    private static void alongDim(LayerCatalog.Registry r, String name, String what) {
        r.add(new LayerType(name, "activation", new Signature(name, List.of(Param.optionalInt("dim")), false),
                what, "unchanged", "0", "0", ctx -> {
                    if (ctx.args().raw("dim") != null) ctx.axis(ctx.args().integer("dim"), ctx.input().rank(), "dim");
                    ctx.output(ctx.input());
                    ctx.describe(ctx.args().raw("dim") == null ? name + "()" : name + "(dim=" + ctx.args().integer("dim") + ")");
                }));
    }

    /** A dropout; {@code unbatchedRank} > 0: the channel dropouts, which need (N, C, …) or (C, …) of that rank. */
    private static void dropout(LayerCatalog.Registry r, String name, String what, int unbatchedRank) {
        r.add(new LayerType(name, "regularisation", new Signature(name, List.of(
                Param.real("p", 0.5), Param.bool("inplace", false)), false),
                what, "unchanged", "0", "0", ctx -> {
                    double p = probability(ctx, name);
                    if (unbatchedRank > 0) {
                        ctx.requireRank((unbatchedRank + 1) + "-D (N, C, …) or " + unbatchedRank + "-D (C, …)", unbatchedRank, unbatchedRank + 1);
                        if (ctx.input().rank() == unbatchedRank) ctx.batchNotFirst();
                        else ctx.batchIsFirst();
                    }
                    ctx.output(ctx.input());
                    ctx.describe(name + "(p=" + org.nnspec.render.Numbers.real(p, 6) + ")");
                }));
    }

    /** The argument p of a dropout or StochasticDepth, which must be a probability. */
    private static double probability(LayerContext ctx, String layer) {
        double p = ctx.args().real("p");
        if (!(p >= 0 && p <= 1)) {
            throw new org.nnspec.diag.NnspecException(ctx.args().span("p"),
                    layer + "'s p must be a probability between 0 and 1, got " + org.nnspec.render.Numbers.real(p, 6), null);
        }
        return p;
    }

    /** PReLU: one slope, or one per channel (the input's dimension 1, or 0 for a 1-D input), as torch checks. */
    private static void prelu(LayerContext ctx) {
        java.math.BigInteger n = ctx.args().integer("num_parameters");
        Shape in = ctx.input();
        if (!n.equals(java.math.BigInteger.ONE)) {
            int axis = 1; // torch: an input of fewer than 2 dimensions has one channel
            Dim c = in.rank() < 2 ? null : in.get(axis);
            if (!(c instanceof Dim.Known k && k.value().equals(n))) {
                throw ctx.fail("PReLU(num_parameters=" + n + ") has one slope per channel, but its input " + in + " has "
                                + (c == null ? "one channel (fewer than 2 dimensions)" : c + " channels at dimension " + axis),
                        c instanceof Dim.Known k ? "write PReLU(" + k.value() + "), or PReLU() for one shared slope" : "write PReLU() for one shared slope");
            }
        }
        ctx.param("weight", n);
        ctx.formula(org.nnspec.render.Numbers.plain(n));
        ctx.output(in);
        ctx.describe(n.equals(java.math.BigInteger.ONE) ? "PReLU()" : "PReLU(" + n + ")");
    }

    /** GLU: a·sigmoid(b) of the two halves of dim; the size there must be even. */
    private static void glu(LayerContext ctx) {
        Shape in = ctx.input();
        int axis = ctx.axis(ctx.args().integer("dim"), in.rank(), "dim");
        Dim d = in.get(axis);
        if (!(d instanceof Dim.Known k)) {
            throw ctx.fail("GLU halves dimension " + axis + " of its input " + in + ", which is symbolic", "give it a size in the input shape");
        }
        if (k.value().testBit(0)) {
            throw ctx.fail("GLU halves dimension " + axis + " of its input " + in + ", but its size " + k.value() + " is odd",
                    "make it even, or choose another dim");
        }
        java.util.List<Dim> out = new java.util.ArrayList<>(in.dims());
        out.set(axis, Dim.of(k.value().shiftRight(1)));
        ctx.output(new Shape(out));
        ctx.describe("GLU(dim=" + ctx.args().integer("dim") + ")");
    }

    private static void elementwise(LayerCatalog.Registry r, String name, String formula, Param... params) {
        String description = name + "()"; // once, not for every ReLU of a network
        r.add(new LayerType(name, "activation", new Signature(name, List.of(params), false),
                "elementwise " + formula, "unchanged", "0", "0", ctx -> {
                    ctx.output(ctx.input());
                    ctx.describe(described(ctx, name, params, description));
                }));
    }

    /** {@code ELU(alpha=0.5)}: the arguments given, as torch prints them; inplace says nothing about the result. */
    private static String described(LayerContext ctx, String name, Param[] params, String plain) {
        List<String> given = null;
        for (Param p : params) {
            if (p.name().equals("inplace") || !ctx.args().given(p.name())) continue;
            Object v = ctx.args().raw(p.name());
            if (given == null) given = new java.util.ArrayList<>();
            given.add(p.name() + "=" + (v instanceof Double d ? org.nnspec.render.Numbers.real(d, 6)
                    : v instanceof Boolean b ? (b ? "True" : "False") : v instanceof String s ? "\"" + s + "\"" : String.valueOf(v)));
        }
        return given == null ? plain : name + "(" + String.join(", ", given) + ")";
    }
}
