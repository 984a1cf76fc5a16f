package org.nnspec.nn;

import java.util.List;

/** Catalog entries for elementwise layers that keep the shape: activations, Softmax, Dropout. */
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
        r.add(new LayerType("Softmax", "activation", new Signature("Softmax", List.of(Param.optionalInt("dim")), false),
                "exponentials normalised to sum to 1 along dim", "unchanged", "0", "0", ctx -> {
                    if (ctx.args().raw("dim") != null) ctx.axis(ctx.args().integer("dim"), ctx.input().rank(), "dim");
                    ctx.output(ctx.input());
                    ctx.describe(ctx.args().raw("dim") == null ? "Softmax()" : "Softmax(dim=" + ctx.args().integer("dim") + ")");
                }));
        r.add(new LayerType("Dropout", "regularisation", new Signature("Dropout", List.of(
                Param.real("p", 0.5), Param.bool("inplace", false)), false),
                "zeroes each element with probability p during training (identity at inference)", "unchanged", "0", "0", ctx -> {
                    double p = ctx.args().real("p");
                    if (!(p >= 0 && p <= 1)) {
                        throw new org.nnspec.diag.NnspecException(ctx.args().span("p"),
                                "Dropout's p must be a probability between 0 and 1, got " + org.nnspec.render.Numbers.real(p, 6), null);
                    }
                    ctx.output(ctx.input());
                    ctx.describe("Dropout(p=" + org.nnspec.render.Numbers.real(p, 6) + ")");
                }));
    }

    private static void elementwise(LayerCatalog.Registry r, String name, String formula, Param... params) {
        String description = name + "()"; // once, not for every ReLU of a network
        r.add(new LayerType(name, "activation", new Signature(name, List.of(params), false),
                "elementwise " + formula, "unchanged", "0", "0", ctx -> {
                    ctx.output(ctx.input());
                    ctx.describe(description);
                }));
    }
}
