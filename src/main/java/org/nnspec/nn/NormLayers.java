package org.nnspec.nn;

import java.math.BigInteger;
import java.util.List;

/**
 * Catalog entries for normalisation: BatchNorm1d/2d/3d (running mean and variance are buffers,
 * not parameters), LayerNorm and RMSNorm (over the trailing normalized_shape), GroupNorm,
 * InstanceNorm1d/2d/3d and LocalResponseNorm.
 */
final class NormLayers {
    private NormLayers() {}

    static void register(LayerCatalog.Registry r) {
        r.add(new LayerType("BatchNorm1d", "normalisation", batchSignature("BatchNorm1d"),
                "normalises each channel of (N, C) or (N, C, L) over the batch; running statistics are buffers",
                "unchanged; C must equal num_features", "2·C if affine (γ and β), else 0", "0",
                ctx -> batchNorm(ctx, "2-D (N, C) or 3-D (N, C, L)", 2, 3)));
        r.add(new LayerType("BatchNorm2d", "normalisation", batchSignature("BatchNorm2d"),
                "normalises each channel of (N, C, H, W) over batch and space; running statistics are buffers",
                "unchanged; C must equal num_features", "2·C if affine (γ and β), else 0", "0",
                ctx -> batchNorm(ctx, "4-D (N, C, H, W)", 4)));
        r.add(new LayerType("BatchNorm3d", "normalisation", batchSignature("BatchNorm3d"),
                "normalises each channel of (N, C, D, H, W) over batch and space; running statistics are buffers",
                "unchanged; C must equal num_features", "2·C if affine (γ and β), else 0", "0",
                ctx -> batchNorm(ctx, "5-D (N, C, D, H, W)", 5)));
        r.add(new LayerType("SyncBatchNorm", "normalisation", new Signature("SyncBatchNorm", List.of(
                Param.positiveInt("num_features"), Param.real("eps", 1e-5), Param.optionalRealDefault("momentum", 0.1),
                Param.bool("affine", true), Param.bool("track_running_stats", true), Param.ignored("process_group"),
                Param.ignored("device"), Param.ignored("dtype")), false),
                "BatchNorm whose statistics are shared across the processes of a data-parallel run: (N, C) to (N, C, D, H, W)",
                "unchanged; C must equal num_features", "2·C if affine (γ and β), else 0", "0",
                ctx -> batchNorm(ctx, "2-D to 5-D (N, C, …)", 2, 3, 4, 5)));
        r.add(new LayerType("LayerNorm", "normalisation", new Signature("LayerNorm", List.of(
                Param.tupleOfAnyLength("normalized_shape", BigInteger.ONE), Param.real("eps", 1e-5),
                Param.bool("elementwise_affine", true), Param.bool("bias", true),
                Param.ignored("device"), Param.ignored("dtype")), false),
                "normalises over the trailing dimensions normalized_shape of each sample",
                "unchanged; the input must end with normalized_shape",
                "∏normalized_shape·2 with elementwise_affine (γ, and β unless bias=False), else 0", "0", NormLayers::layerNorm));
        r.add(new LayerType("LayerNorm2d", "normalisation", new Signature("LayerNorm2d", List.of(
                Param.tupleOfAnyLength("normalized_shape", BigInteger.ONE), Param.real("eps", 1e-5),
                Param.bool("elementwise_affine", true), Param.ignored("device"), Param.ignored("dtype")), false),
                "torchvision's (ConvNeXt; a subclass of LayerNorm): normalises over the channels of (N, C, H, W), "
                        + "permuting to channels-last and back",
                "unchanged; 4-D input (its permute(0, 2, 3, 1) needs one); C must equal normalized_shape",
                "2·C with elementwise_affine (γ and β), else 0", "0", NormLayers::layerNorm2d));
        instanceNorm(r, "InstanceNorm1d", 1);
        instanceNorm(r, "InstanceNorm2d", 2);
        instanceNorm(r, "InstanceNorm3d", 3);
        r.add(new LayerType("LocalResponseNorm", "normalisation", new Signature("LocalResponseNorm", List.of(
                Param.positiveInt("size"), Param.real("alpha", 1e-4), Param.real("beta", 0.75), Param.real("k", 1.0)), false),
                "normalises each position over size neighbouring channels of (N, C, *) (AlexNet)", "unchanged", "0", "0", ctx -> {
                    if (ctx.input().rank() < 3) {
                        throw ctx.fail("LocalResponseNorm needs (N, C, *) with at least 3 dimensions, but its input " + ctx.input()
                                + " has " + ctx.input().rank(), null);
                    }
                    ctx.output(ctx.input());
                    ctx.describe("LocalResponseNorm(" + ctx.args().integer("size") + ")");
                }));
        r.add(new LayerType("RMSNorm", "normalisation", new Signature("RMSNorm", List.of(
                Param.tupleOfAnyLength("normalized_shape", BigInteger.ONE), Param.optionalReal("eps"),
                Param.bool("elementwise_affine", true), Param.ignored("device"), Param.ignored("dtype")), false),
                "divides by the root mean square over the trailing dimensions normalized_shape (LLaMA's norm; torch.nn.RMSNorm)",
                "unchanged; the input must end with normalized_shape",
                "∏normalized_shape with elementwise_affine (γ only), else 0", "0", ctx -> trailingNorm(ctx, "RMSNorm", false)));
        r.add(new LayerType("GroupNorm", "normalisation", new Signature("GroupNorm", List.of(
                Param.positiveInt("num_groups"), Param.positiveInt("num_channels"), Param.real("eps", 1e-5),
                Param.bool("affine", true), Param.ignored("device"), Param.ignored("dtype")), false),
                "normalises groups of channels of (N, C, *) per sample; num_channels divisible by num_groups",
                "unchanged; C must equal num_channels", "2·C if affine, else 0", "0", NormLayers::groupNorm));
    }

    private static Signature batchSignature(String name) {
        return new Signature(name, List.of(
                Param.positiveInt("num_features"), Param.real("eps", 1e-5), Param.optionalRealDefault("momentum", 0.1),
                Param.bool("affine", true), Param.bool("track_running_stats", true),
                Param.ignored("device"), Param.ignored("dtype")), false);
    }

    private static void batchNorm(LayerContext ctx, String layouts, int... ranks) {
        BigInteger c = ctx.args().integer("num_features");
        boolean affine = ctx.args().bool("affine");
        ctx.requireRank(layouts, ranks);
        ctx.batchIsFirst(); // (N, C, …): the channels come second
        Dim actual = ctx.input().get(1);
        if (!(actual instanceof Dim.Known k && k.value().equals(c))) {
            ctx.error(ctx.layer() + " expects " + c + " channels, but its input " + ctx.input() + " has " + actual,
                    actual instanceof Dim.Known k ? "write " + ctx.layer() + "(" + k.value() + ")" : "give " + actual + " a size in the input shape");
        }
        ctx.output(ctx.input());
        affineParams(ctx, c, affine, true);
        ctx.describe(ctx.layer() + "(" + org.nnspec.render.Numbers.plain(c) + (affine ? "" : ", affine=False") + ")");
    }

    private static void affineParams(LayerContext ctx, BigInteger c, boolean affine, boolean bias) {
        if (!affine) return;
        ctx.param("weight", c);
        if (bias) ctx.param("bias", c);
        ctx.formula(bias ? Formula.product(2, c) : org.nnspec.render.Numbers.plain(c));
    }

    private static void instanceNorm(LayerCatalog.Registry r, String name, int n) {
        r.add(new LayerType(name, "normalisation", new Signature(name, List.of(
                Param.positiveInt("num_features"), Param.real("eps", 1e-5), Param.optionalRealDefault("momentum", 0.1),
                Param.bool("affine", false), Param.bool("track_running_stats", false),
                Param.ignored("device"), Param.ignored("dtype")), false),
                "normalises each channel of each sample over its " + (n == 1 ? "length" : n == 2 ? "height and width" : "depth, height and width")
                        + "; running statistics (track_running_stats) are buffers",
                "unchanged; C must equal num_features", "2·C if affine (γ and β), else 0", "0", ctx -> {
                    BigInteger c = ctx.args().integer("num_features");
                    boolean affine = ctx.args().bool("affine");
                    ctx.requireRank(OutputSize.Axis.layouts(n), n + 1, n + 2);
                    Shape x = ctx.input();
                    int channel = x.rank() - n - 1;
                    if (channel == 0) ctx.batchNotFirst(); // unbatched (C, …)
                    else ctx.batchIsFirst();
                    Dim actual = x.get(channel);
                    if (!(actual instanceof Dim.Known k && k.value().equals(c))) {
                        String message = name + "(" + c + ") expects " + c + " channels, but its input " + x + " has " + actual;
                        String help = actual instanceof Dim.Known k ? "write " + name + "(" + k.value() + ")" : "give " + actual + " a size";
                        // PyTorch refuses a mismatch only when there are weights to apply; without, it warns
                        if (affine) ctx.error(message, help);
                        else ctx.warn(message + " (PyTorch warns and normalises anyway)", help);
                    }
                    ctx.output(x);
                    if (affine) {
                        ctx.param("weight", c);
                        ctx.param("bias", c);
                        ctx.formula(Formula.product(2, c));
                    }
                    ctx.describe(name + "(" + c + (affine ? ", affine=True" : "") + ")");
                }));
    }

    private static void layerNorm(LayerContext ctx) {
        trailingNorm(ctx, "LayerNorm", ctx.args().bool("bias"));
    }

    /**
     * torchvision's LayerNorm2d: LayerNorm's rule on the channels-last view (N, H, W, C) of its
     * (N, C, H, W) input, which its forward makes with permute(0, 2, 3, 1) and undoes after.
     */
    private static void layerNorm2d(LayerContext ctx) {
        Shape x = ctx.input();
        if (x.rank() != 4) {
            throw ctx.fail("LayerNorm2d expects a 4-D (N, C, H, W) input, but its input " + x + " is " + x.rank() + "-D",
                    "its forward permutes with (0, 2, 3, 1), which needs 4 dimensions; on channels-last (…, C) use LayerNorm(C)");
        }
        ctx.batchIsFirst();
        List<BigInteger> ns = ctx.args().ints("normalized_shape");
        Shape view = new Shape(List.of(x.get(0), x.get(2), x.get(3), x.get(1)));
        if (!endsWith(view, ns)) {
            ctx.error(ns.size() == 1
                    ? "LayerNorm2d(" + ns.get(0) + ") normalises over " + ns.get(0) + " channels, but its input " + x + " has " + x.get(1)
                    : "LayerNorm2d expects the channels-last view (N, H, W, C) of its input to end with " + ShapeLayers.tuple(ns)
                            + ", but its input " + x + " seen channels-last is " + view,
                    x.get(1) instanceof Dim.Known ? "write LayerNorm2d(" + x.get(1) + ")" : "give " + x.get(1) + " a size in the input shape");
        }
        affineNorm(ctx, "LayerNorm2d", true, ns);
    }

    private static boolean endsWith(Shape x, List<BigInteger> ns) {
        boolean matches = x.rank() >= ns.size();
        for (int i = 0; matches && i < ns.size(); i++) {
            Dim d = x.get(x.rank() - ns.size() + i);
            matches = d instanceof Dim.Known k && k.value().equals(ns.get(i));
        }
        return matches;
    }

    /** LayerNorm and RMSNorm: over the trailing normalized_shape, with γ (and β when {@code bias}) of that shape. */
    private static void trailingNorm(LayerContext ctx, String name, boolean bias) {
        List<BigInteger> ns = ctx.args().ints("normalized_shape");
        Shape x = ctx.input();
        if (!endsWith(x, ns)) {
            String tail = x.rank() >= ns.size() ? new Shape(x.dims().subList(x.rank() - ns.size(), x.rank())).toString() : "fewer dimensions";
            ctx.error(name + " expects its input to end with " + ShapeLayers.tuple(ns) + ", but its input " + x + " ends with " + tail,
                    x.rank() >= ns.size() && allKnown(x, ns.size()) ? "write " + name + "(" + (ns.size() == 1 ? x.get(x.rank() - 1).toString() : tail) + ")"
                            : "normalized_shape must be the input's last dimensions");
        }
        affineNorm(ctx, name, bias, ns);
    }

    /** The shared part: output unchanged, γ (and β when {@code bias}) of normalized_shape, the description. */
    private static void affineNorm(LayerContext ctx, String name, boolean bias, List<BigInteger> ns) {
        ctx.output(ctx.input());
        BigInteger size = BigInteger.ONE;
        for (BigInteger n : ns) size = size.multiply(n);
        boolean affine = ctx.args().bool("elementwise_affine");
        if (affine) {
            ctx.param("weight", ns.toArray(new BigInteger[0]));
            if (bias) ctx.param("bias", ns.toArray(new BigInteger[0]));
            ctx.formula(bias ? Formula.product(2, size) : size.toString());
        }
        String shown = ns.size() == 1 ? ns.get(0).toString() : ShapeLayers.tuple(ns);
        ctx.describe(name + "(" + shown + (affine ? bias || name.equals("RMSNorm") ? "" : ", bias=False" : ", elementwise_affine=False") + ")");
    }

    private static boolean allKnown(Shape x, int last) {
        for (int i = x.rank() - last; i < x.rank(); i++) if (!(x.get(i) instanceof Dim.Known)) return false;
        return true;
    }

    private static void groupNorm(LayerContext ctx) {
        BigInteger g = ctx.args().integer("num_groups"), c = ctx.args().integer("num_channels");
        if (c.mod(g).signum() != 0) {
            throw ctx.fail("GroupNorm's num_channels " + c + " must be divisible by num_groups " + g, "choose num_groups that divides " + c);
        }
        Shape x = ctx.input();
        if (x.rank() < 2) throw ctx.fail("GroupNorm expects an input (N, C, *), but its input " + x + " is " + x.rank() + "-D", null);
        Dim actual = x.get(1);
        if (!(actual instanceof Dim.Known k && k.value().equals(c))) {
            ctx.error("GroupNorm expects " + c + " channels, but its input " + x + " has " + actual,
                    actual instanceof Dim.Known k ? "write GroupNorm(" + g + ", " + k.value() + ")" : "give " + actual + " a size in the input shape");
        }
        ctx.output(x);
        affineParams(ctx, c, ctx.args().bool("affine"), true);
        ctx.describe("GroupNorm(" + g + ", " + c + ")");
    }
}
