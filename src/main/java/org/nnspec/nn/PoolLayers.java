package org.nnspec.nn;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.nnspec.render.Numbers;

/**
 * Catalog entries for pooling: MaxPool1d, MaxPool2d, AvgPool2d (with ceil_mode and PyTorch's
 * padding limit of half the kernel) and the adaptive pools, which produce a fixed size.
 */
final class PoolLayers {
    private PoolLayers() {}

    static void register(LayerCatalog.Registry r) {
        r.add(new LayerType("MaxPool1d", "pooling", maxSignature("MaxPool1d", 1),
                "maximum over sliding windows along L of (N, C, L) or (C, L); stride defaults to kernel_size",
                "L_out = ⌊(L + 2p − d(k−1) − 1)/s⌋ + 1 (⌈⌉ with ceil_mode, last window starting inside the input or left padding); p ≤ k/2",
                "0", "0", ctx -> pool(ctx, 1, true)));
        r.add(new LayerType("MaxPool2d", "pooling", maxSignature("MaxPool2d", 2),
                "maximum over sliding windows of (N, C, H, W) or (C, H, W); stride defaults to kernel_size",
                "H_out = ⌊(H + 2p − d(k−1) − 1)/s⌋ + 1, same for W (⌈⌉ with ceil_mode, last window starting inside the input or left padding); p ≤ k/2",
                "0", "0", ctx -> pool(ctx, 2, true)));
        r.add(new LayerType("AvgPool2d", "pooling", new Signature("AvgPool2d", List.of(
                Param.sizes("kernel_size", 2, null, 1), Param.optionalSizes("stride", 2, 1), Param.padding("padding", 2, false),
                Param.bool("ceil_mode", false), Param.bool("count_include_pad", true), Param.optionalPositiveInt("divisor_override")), false),
                "average over sliding windows of (N, C, H, W) or (C, H, W); stride defaults to kernel_size",
                "H_out = ⌊(H + 2p − k)/s⌋ + 1, same for W (⌈⌉ with ceil_mode, last window starting inside the input or left padding); p ≤ k/2",
                "0", "0", ctx -> pool(ctx, 2, false)));
        r.add(new LayerType("AdaptiveAvgPool2d", "pooling", new Signature("AdaptiveAvgPool2d", List.of(
                Param.optionalSizesWithNone("output_size", 2)), false),
                "average pooling to a fixed output size (a None in the tuple keeps that input size: (7, None))",
                "(N, C, H, W) → (N, C, out_h, out_w)", "0", "0", PoolLayers::adaptive));
        r.add(new LayerType("AdaptiveMaxPool2d", "pooling", new Signature("AdaptiveMaxPool2d", List.of(
                Param.optionalSizesWithNone("output_size", 2), Param.bool("return_indices", false)), false),
                "max pooling to a fixed output size (a None in the tuple keeps that input size: (7, None))",
                "(N, C, H, W) → (N, C, out_h, out_w)", "0", "0", PoolLayers::adaptive));
    }

    private static Signature maxSignature(String name, int n) {
        return new Signature(name, List.of(
                Param.sizes("kernel_size", n, null, 1), Param.optionalSizes("stride", n, 1), Param.padding("padding", n, false),
                Param.sizes("dilation", n, 1L, 1), Param.bool("return_indices", false), Param.bool("ceil_mode", false)), false);
    }

    private static void pool(LayerContext ctx, int n, boolean max) {
        BoundArgs a = ctx.args();
        List<BigInteger> k = a.ints("kernel_size");
        List<BigInteger> s = a.raw("stride") == null ? k : a.ints("stride");
        List<BigInteger> p = a.ints("padding");
        List<BigInteger> d = max ? a.ints("dilation") : List.of(BigInteger.ONE, BigInteger.ONE);
        boolean ceil = a.bool("ceil_mode");
        for (int i = 0; i < n; i++) {
            if (p.get(i).compareTo(k.get(i).divide(OutputSize.TWO)) > 0) {
                throw ctx.fail(ctx.layer() + "'s padding " + p.get(i) + " is more than half its kernel size " + k.get(i),
                        "PyTorch requires padding ≤ kernel_size/2: use padding=" + k.get(i).divide(OutputSize.TWO) + " or a larger kernel");
            }
        }
        ctx.requireRank(n == 1 ? "3-D (N, C, L) or 2-D (C, L)" : "4-D (N, C, H, W) or 3-D (C, H, W)", n + 1, n + 2);
        Shape in = ctx.input();
        int first = in.rank() - n;
        if (first == 1) ctx.batchNotFirst();
        else ctx.batchIsFirst();
        List<Dim> out = new ArrayList<>(in.dims().subList(0, first));
        OutputSize.Axis[] axes = n == 1 ? ConvLayers.AXES_1D : ConvLayers.AXES_2D;
        for (int i = 0; i < n; i++) {
            BigInteger size = ctx.known(first + i, axes[i].noun());
            out.add(Dim.of(OutputSize.sliding(ctx, axes[i], size, k.get(i), s.get(i), p.get(i), p.get(i), d.get(i), ceil)));
        }
        ctx.output(new Shape(out));
        StringBuilder desc = new StringBuilder(ctx.layer() + "(k=" + ConvLayers.show(k) + ", s=" + ConvLayers.show(s));
        if (!ConvLayers.allZero(p)) desc.append(", p=").append(ConvLayers.show(p));
        if (!ConvLayers.allOne(d)) desc.append(", d=").append(ConvLayers.show(d));
        if (ceil) desc.append(", ceil_mode");
        ctx.describe(desc.append(')').toString());
    }

    private static void adaptive(LayerContext ctx) {
        List<BigInteger> size = ctx.args().ints("output_size");
        ctx.requireRank("4-D (N, C, H, W) or 3-D (C, H, W)", 3, 4);
        Shape in = ctx.input();
        if (in.rank() == 3) ctx.batchNotFirst();
        else ctx.batchIsFirst();
        List<Dim> out = new ArrayList<>(in.dims().subList(0, in.rank() - 2));
        for (int i = 0; i < 2; i++) {
            Dim inDim = in.get(in.rank() - 2 + i);
            out.add(size.get(i) == null ? inDim : Dim.of(size.get(i)));
        }
        ctx.output(new Shape(out));
        String shown = size.get(0) != null && size.get(0).equals(size.get(1)) ? Numbers.plain(size.get(0))
                : "(" + (size.get(0) == null ? "None" : Numbers.plain(size.get(0))) + ", "
                        + (size.get(1) == null ? "None" : Numbers.plain(size.get(1))) + ")";
        ctx.explain("output size fixed at " + shown + ": " + in + " → " + ctx.output);
        ctx.describe(ctx.layer() + "(" + shown + ")");
    }
}
