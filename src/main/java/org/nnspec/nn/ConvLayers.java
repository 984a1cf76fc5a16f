package org.nnspec.nn;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Catalog entries for convolutions: Conv1d/2d/3d and ConvTranspose1d/2d/3d, with PyTorch's
 * stride, padding (including "same" and "valid"), dilation, groups, bias and output_padding.
 * One rule each for convolution and transposed convolution, taking the number of spatial dims.
 */
final class ConvLayers {
    private ConvLayers() {}

    private static final String[] ORDINAL = {"1-D", "2-D", "3-D"};

    static void register(LayerCatalog.Registry r) {
        for (int n = 1; n <= 3; n++) {
            int dims = n;
            String name = "Conv" + n + "d";
            String layout = OutputSize.Axis.shapes(n);
            r.add(new LayerType(name, "convolution", convSignature(name, n),
                    ORDINAL[n - 1] + " convolution over " + layout + ": each of out_channels filters sees in_channels/groups channels",
                    OutputSize.Axis.rule(n, "%s_out = ⌊(%s + 2p − d(k−1) − 1)/s⌋ + 1") + "; padding=\"same\" keeps "
                            + OutputSize.Axis.symbols(n, ", ", "") + " (stride 1 only)",
                    OutputSize.Axis.kernel(n) + "·(C_in/groups)·C_out + C_out (bias)",
                    "C_out·" + OutputSize.Axis.symbols(n, "·", "_out") + "·(C_in/groups)·" + OutputSize.Axis.kernel(n),
                    ctx -> conv(ctx, dims)));
        }
        for (int n = 1; n <= 3; n++) {
            int dims = n;
            String name = "ConvTranspose" + n + "d";
            String layout = OutputSize.Axis.shapes(n);
            r.add(new LayerType(name, "convolution", transposedSignature(name, n),
                    "transposed " + ORDINAL[n - 1] + " convolution (the gradient of Conv" + n + "d): upsamples " + layout + " by the stride",
                    OutputSize.Axis.rule(n, "%s_out = (%s − 1)·s − 2p + d(k−1) + output_padding + 1")
                            + "; output_padding < stride or dilation",
                    OutputSize.Axis.kernel(n) + "·C_in·(C_out/groups) + C_out (bias)",
                    "C_in·" + OutputSize.Axis.symbols(n, "·", "") + "·(C_out/groups)·" + OutputSize.Axis.kernel(n),
                    ctx -> transposed(ctx, dims)));
        }
    }

    private static Signature convSignature(String name, int n) {
        return new Signature(name, List.of(
                Param.positiveInt("in_channels"), Param.positiveInt("out_channels"), Param.sizes("kernel_size", n, null, 1),
                Param.sizes("stride", n, 1L, 1), Param.padding("padding", n, true), Param.sizes("dilation", n, 1L, 1),
                Param.positiveInt("groups", 1), Param.bool("bias", true),
                Param.choice("padding_mode", "zeros", "zeros", "reflect", "replicate", "circular"),
                Param.ignored("device"), Param.ignored("dtype")), false);
    }

    private static Signature transposedSignature(String name, int n) {
        return new Signature(name, List.of(
                Param.positiveInt("in_channels"), Param.positiveInt("out_channels"), Param.sizes("kernel_size", n, null, 1),
                Param.sizes("stride", n, 1L, 1), Param.padding("padding", n, false), Param.sizes("output_padding", n, 0L, 0),
                Param.positiveInt("groups", 1), Param.bool("bias", true), Param.sizes("dilation", n, 1L, 1),
                Param.choice("padding_mode", "zeros", "zeros"), Param.ignored("device"), Param.ignored("dtype")), false);
    }

    private static void conv(LayerContext ctx, int n) {
        BoundArgs a = ctx.args();
        BigInteger cin = a.integer("in_channels"), cout = a.integer("out_channels"), g = a.integer("groups");
        List<BigInteger> k = a.ints("kernel_size"), s = a.ints("stride"), d = a.ints("dilation");
        checkGroups(ctx, cin, cout, g);
        Object padding = a.raw("padding");
        List<BigInteger> padLeft, padRight;
        if ("same".equals(padding)) {
            padLeft = new ArrayList<>();
            padRight = new ArrayList<>();
            for (BigInteger si : s) {
                if (!si.equals(BigInteger.ONE)) {
                    throw ctx.fail(ctx.layer() + ": padding=\"same\" is not supported for strided convolutions (stride " + show(s) + ")",
                            "give the padding explicitly, e.g. padding=" + k.get(0).divide(OutputSize.TWO) + ", or use stride=1");
                }
            }
            for (int i = 0; i < n; i++) {
                BigInteger total = d.get(i).multiply(k.get(i).subtract(BigInteger.ONE));
                padLeft.add(total.divide(OutputSize.TWO));
                padRight.add(total.subtract(total.divide(OutputSize.TWO)));
            }
        } else if ("valid".equals(padding)) {
            padLeft = padRight = java.util.Collections.nCopies(n, BigInteger.ZERO);
        } else { // symmetric: both sides are the bound list itself, only read
            @SuppressWarnings("unchecked") List<BigInteger> p = (List<BigInteger>) padding;
            padLeft = padRight = p;
        }
        ctx.requireRank(OutputSize.Axis.layouts(n), n + 1, n + 2);
        Shape in = ctx.input();
        int channelAxis = in.rank() - n - 1;
        if (channelAxis == 0) ctx.batchNotFirst();
        else ctx.batchIsFirst();
        checkChannels(ctx, channelAxis, cin, "in_channels");
        // The output shape is filled in one array, axis by axis.
        Dim[] out = new Dim[channelAxis + 1 + n];
        for (int i = 0; i < channelAxis; i++) out[i] = in.get(i);
        out[channelAxis] = Dim.of(cout);
        BigInteger inSpatial = null, outSpatial = null, kernel = null; // products over the axes
        OutputSize.Axis[] axes = OutputSize.Axis.spatial(n);
        for (int i = 0; i < n; i++) {
            BigInteger size = ctx.known(channelAxis + 1 + i, axes[i].noun()), ki = k.get(i);
            checkPaddingMode(ctx, String.valueOf(a.raw("padding_mode")), axes[i], size, padLeft.get(i).max(padRight.get(i)));
            BigInteger o = OutputSize.sliding(ctx, axes[i], size, ki, s.get(i), padLeft.get(i), padRight.get(i), d.get(i), false);
            out[channelAxis + 1 + i] = Dim.of(o);
            inSpatial = i == 0 ? size : inSpatial.multiply(size);
            outSpatial = i == 0 ? o : outSpatial.multiply(o);
            kernel = i == 0 ? ki : kernel.multiply(ki);
        }
        ctx.output(new Shape(List.of(out)));
        BigInteger perGroup = g.equals(BigInteger.ONE) ? cin : cin.divide(g); // groups=1, nearly always
        String w = kernelWeight(ctx, cout, perGroup, k, perGroup, cout); // k_h·k_w·(C_in/groups)·C_out
        boolean bias = a.bool("bias");
        if (bias) ctx.param("bias", cout);
        ctx.formula(Formula.sum(w, bias ? org.nnspec.render.Numbers.plain(cout) : null));
        BigInteger batch = ctx.count(in.dims().subList(0, channelAxis));
        BigInteger perSample = cout.multiply(outSpatial).multiply(perGroup).multiply(kernel);
        ctx.macs(batch == null ? null : batch.equals(BigInteger.ONE) ? perSample : batch.multiply(perSample));
        ctx.dense(cin.multiply(inSpatial), cout.multiply(outSpatial));
        StringBuilder desc = new StringBuilder(ctx.layer()).append('(').append(org.nnspec.render.Numbers.plain(cin)).append(", ")
                .append(org.nnspec.render.Numbers.plain(cout)).append(", k=").append(show(k)).append(", s=").append(show(s));
        if (padding instanceof String str) desc.append(", p=\"").append(str).append('"');
        else if (!allZero(padLeft)) desc.append(", p=").append(show(padLeft));
        if (!allOne(d)) desc.append(", d=").append(show(d));
        if (!g.equals(BigInteger.ONE)) desc.append(", g=").append(g);
        if (!bias) desc.append(", bias=False");
        ctx.describe(desc.append(')').toString());
    }

    /**
     * The padding PyTorch refuses: "reflect" mirrors the input without repeating its edge, so
     * each side's padding must be smaller than the input; "circular" wraps around at most once,
     * so it must be at most the input's size.
     */
    private static void checkPaddingMode(LayerContext ctx, String mode, OutputSize.Axis axis, BigInteger size, BigInteger pad) {
        boolean reflect = mode.equals("reflect"), circular = mode.equals("circular");
        if (reflect && pad.compareTo(size) >= 0 || circular && pad.compareTo(size) > 0) {
            throw ctx.fail(ctx.layer() + ": padding_mode=\"" + mode + "\" needs padding " + (reflect ? "smaller than" : "at most")
                            + " the input " + axis.noun() + ", but the padding is " + pad + " and the " + axis.noun() + " " + size
                            + " (PyTorch refuses it: " + (reflect ? "reflection cannot repeat the edge" : "the padding would wrap around more than once") + ")",
                    "use padding " + (reflect ? "below " + size : "of at most " + size) + ", or padding_mode=\"replicate\" or \"zeros\"");
        }
    }

    private static void transposed(LayerContext ctx, int n) {
        BoundArgs a = ctx.args();
        BigInteger cin = a.integer("in_channels"), cout = a.integer("out_channels"), g = a.integer("groups");
        List<BigInteger> k = a.ints("kernel_size"), s = a.ints("stride"), p = a.ints("padding"),
                op = a.ints("output_padding"), d = a.ints("dilation");
        checkGroups(ctx, cin, cout, g);
        for (int i = 0; i < n; i++) {
            if (op.get(i).compareTo(s.get(i)) >= 0 && op.get(i).compareTo(d.get(i)) >= 0) {
                throw ctx.fail(ctx.layer() + "'s output_padding " + op.get(i) + " must be smaller than either its stride "
                        + s.get(i) + " or its dilation " + d.get(i), "use output_padding=" + s.get(i).max(d.get(i)).subtract(BigInteger.ONE) + " or less");
            }
        }
        ctx.requireRank(OutputSize.Axis.layouts(n), n + 1, n + 2);
        Shape in = ctx.input();
        int channelAxis = in.rank() - n - 1;
        if (channelAxis == 0) ctx.batchNotFirst();
        else ctx.batchIsFirst();
        checkChannels(ctx, channelAxis, cin, "in_channels");
        List<Dim> out = new ArrayList<>(in.dims().subList(0, channelAxis));
        out.add(Dim.of(cout));
        OutputSize.Axis[] axes = OutputSize.Axis.spatial(n);
        BigInteger inSpatial = BigInteger.ONE, outSpatial = BigInteger.ONE, kernel = BigInteger.ONE;
        for (int i = 0; i < n; i++) {
            BigInteger size = ctx.known(channelAxis + 1 + i, axes[i].noun());
            BigInteger o = OutputSize.transposed(ctx, axes[i], size, k.get(i), s.get(i), p.get(i), d.get(i), op.get(i));
            out.add(Dim.of(o));
            inSpatial = inSpatial.multiply(size);
            outSpatial = outSpatial.multiply(o);
            kernel = kernel.multiply(k.get(i));
        }
        ctx.output(new Shape(out));
        BigInteger perGroup = cout.divide(g);
        String w = kernelWeight(ctx, cin, perGroup, k, cin, perGroup); // k_h·k_w·C_in·(C_out/groups)
        if (a.bool("bias")) ctx.param("bias", cout);
        ctx.formula(Formula.sum(w, a.bool("bias") ? org.nnspec.render.Numbers.plain(cout) : null));
        BigInteger batch = ctx.count(in.dims().subList(0, channelAxis));
        ctx.macs(batch == null ? null : batch.multiply(cin).multiply(inSpatial).multiply(perGroup).multiply(kernel));
        ctx.dense(cin.multiply(inSpatial), cout.multiply(outSpatial));
        StringBuilder desc = new StringBuilder(ctx.layer() + "(" + cin + ", " + cout + ", k=" + show(k) + ", s=" + show(s));
        if (!allZero(p)) desc.append(", p=").append(show(p));
        if (!allZero(op)) desc.append(", op=").append(show(op));
        if (!allOne(d)) desc.append(", d=").append(show(d));
        if (!g.equals(BigInteger.ONE)) desc.append(", g=").append(g);
        if (!a.bool("bias")) desc.append(", bias=False");
        ctx.describe(desc.append(')').toString());
    }

    private static void checkGroups(LayerContext ctx, BigInteger cin, BigInteger cout, BigInteger g) {
        if (g.equals(BigInteger.ONE)) return; // groups=1, nearly always: nothing to divide
        if (cin.mod(g).signum() != 0) {
            throw ctx.fail(ctx.layer() + "'s in_channels " + cin + " must be divisible by groups " + g, "choose groups that divides " + cin);
        }
        if (cout.mod(g).signum() != 0) {
            throw ctx.fail(ctx.layer() + "'s out_channels " + cout + " must be divisible by groups " + g, "choose groups that divides " + cout);
        }
    }

    /** The channel dimension must equal the declared count; a mismatch is reported and checking goes on. */
    static void checkChannels(LayerContext ctx, int axis, BigInteger declared, String argName) {
        Dim actual = ctx.input().get(axis);
        if (actual instanceof Dim.Known kn && kn.value().equals(declared)) return;
        String fix = actual instanceof Dim.Known kn
                ? "write " + argName + "=" + kn.value() + " (the input has " + kn.value() + " channels at dimension " + axis + ")"
                : "give " + actual + " a size in the input shape";
        ctx.error(ctx.layer() + " expects " + declared + " input channels, but its input " + ctx.input() + " has " + actual, fix);
    }

    /**
     * A convolution's weight, PyTorch's (first, second, k_1, …, k_n) (C_out and C_in/groups, or
     * C_in and C_out/groups when transposed), and its formula written kernel first:
     * k_1·…·k_n·a·b.
     */
    private static String kernelWeight(LayerContext ctx, BigInteger first, BigInteger second, List<BigInteger> k,
                                       BigInteger a, BigInteger b) {
        int n = k.size();
        BigInteger[] weight = new BigInteger[2 + n];
        Object[] factors = new Object[2 + n];
        weight[0] = first;
        weight[1] = second;
        for (int i = 0; i < n; i++) {
            weight[2 + i] = k.get(i);
            factors[i] = k.get(i);
        }
        factors[n] = a;
        factors[n + 1] = b;
        ctx.param("weight", weight);
        return Formula.product(factors);
    }

    static String show(List<BigInteger> v) {
        boolean same = true;
        for (BigInteger x : v) same &= x.equals(v.get(0));
        if (same) return org.nnspec.render.Numbers.plain(v.get(0));
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.size(); i++) sb.append(i > 0 ? ", " : "").append(org.nnspec.render.Numbers.plain(v.get(i)));
        return sb.append(')').toString();
    }

    static boolean allZero(List<BigInteger> v) {
        for (BigInteger x : v) if (x.signum() != 0) return false;
        return true;
    }

    static boolean allOne(List<BigInteger> v) {
        for (BigInteger x : v) if (!x.equals(BigInteger.ONE)) return false;
        return true;
    }
}
