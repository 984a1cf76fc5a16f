package org.nnspec.nn;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nnspec.render.Numbers;

/**
 * Catalog entries for pooling over 1, 2 or 3 spatial dims: MaxPool, AvgPool and LPPool (with
 * ceil_mode and PyTorch's padding limit of half the kernel) and the adaptive pools, which
 * produce a fixed size. One sliding-window rule and one adaptive rule, taking the number of
 * spatial dims.
 */
final class PoolLayers {
    private PoolLayers() {}

    /** What a pooling window computes; only max pooling has a dilation, only LPPool a norm_type and no padding. */
    private enum Kind { MAX, AVG, LP }

    private static final String CEIL = " (⌈⌉ with ceil_mode, last window starting inside the input or left padding)";

    static void register(LayerCatalog.Registry r) {
        for (int n = 1; n <= 3; n++) {
            int dims = n;
            String name = "MaxPool" + n + "d";
            r.add(new LayerType(name, "pooling", maxSignature(name, n),
                    "maximum over sliding windows " + (n == 1 ? "along L " : "") + "of " + OutputSize.Axis.shapes(n) + "; stride defaults to kernel_size",
                    OutputSize.Axis.rule(n, "%s_out = ⌊(%s + 2p − d(k−1) − 1)/s⌋ + 1") + CEIL + "; p ≤ k/2",
                    "0", "0", ctx -> pool(ctx, dims, Kind.MAX)));
        }
        for (int n = 1; n <= 3; n++) {
            int dims = n;
            String name = "AvgPool" + n + "d";
            List<Param> params = new ArrayList<>(List.of(
                    Param.sizes("kernel_size", n, null, 1), Param.optionalSizes("stride", n, 1), Param.padding("padding", n, false),
                    Param.bool("ceil_mode", false), Param.bool("count_include_pad", true)));
            if (n > 1) params.add(Param.optionalPositiveInt("divisor_override")); // AvgPool1d has none
            r.add(new LayerType(name, "pooling", new Signature(name, params, false),
                    "average over sliding windows " + (n == 1 ? "along L " : "") + "of " + OutputSize.Axis.shapes(n) + "; stride defaults to kernel_size",
                    OutputSize.Axis.rule(n, "%s_out = ⌊(%s + 2p − k)/s⌋ + 1") + CEIL + "; p ≤ k/2",
                    "0", "0", ctx -> pool(ctx, dims, Kind.AVG)));
        }
        for (int n = 1; n <= 2; n++) { // torch 1.13 has no LPPool3d
            int dims = n;
            String name = "LPPool" + n + "d";
            r.add(new LayerType(name, "pooling", new Signature(name, List.of(
                    Param.requiredReal("norm_type"), Param.sizes("kernel_size", n, null, 1), Param.optionalSizes("stride", n, 1),
                    Param.bool("ceil_mode", false)), false),
                    "power-average pooling (Σ x^p over each window)^(1/p) of " + OutputSize.Axis.shapes(n) + ", p = norm_type; stride defaults to kernel_size",
                    OutputSize.Axis.rule(n, "%s_out = ⌊(%s − k)/s⌋ + 1") + CEIL + "; no padding",
                    "0", "0", ctx -> pool(ctx, dims, Kind.LP)));
        }
        for (int n = 1; n <= 3; n++) {
            for (boolean max : new boolean[] {false, true}) {
                int dims = n;
                String name = "Adaptive" + (max ? "Max" : "Avg") + "Pool" + n + "d";
                List<Param> params = new ArrayList<>();
                // 1-d: an integer (torch refuses None there); 2-d and 3-d: a None in the tuple keeps that size
                params.add(n == 1 ? Param.sizes("output_size", 1, null, 1) : Param.optionalSizesWithNone("output_size", n));
                if (max) params.add(Param.bool("return_indices", false));
                String example = n == 2 ? "(7, None)" : "(None, 7, 7)";
                r.add(new LayerType(name, "pooling", new Signature(name, params, false),
                        (max ? "max" : "average") + " pooling to a fixed output size"
                                + (n == 1 ? " along L of (N, C, L) or (C, L)" : " (a None in the tuple keeps that input size: " + example + ")"),
                        adaptiveRule(n), "0", "0", ctx -> adaptive(ctx, dims)));
            }
        }
    }

    private static String adaptiveRule(int n) {
        return switch (n) {
            case 1 -> "(N, C, L) → (N, C, out)";
            case 2 -> "(N, C, H, W) → (N, C, out_h, out_w)";
            default -> "(N, C, D, H, W) → (N, C, out_d, out_h, out_w)";
        };
    }

    private static Signature maxSignature(String name, int n) {
        return new Signature(name, List.of(
                Param.sizes("kernel_size", n, null, 1), Param.optionalSizes("stride", n, 1), Param.padding("padding", n, false),
                Param.sizes("dilation", n, 1L, 1), Param.bool("return_indices", false), Param.bool("ceil_mode", false)), false);
    }

    private static void pool(LayerContext ctx, int n, Kind kind) {
        BoundArgs a = ctx.args();
        List<BigInteger> k = a.ints("kernel_size");
        List<BigInteger> s = a.raw("stride") == null ? k : a.ints("stride");
        List<BigInteger> p = kind == Kind.LP ? Collections.nCopies(n, BigInteger.ZERO) : a.ints("padding");
        List<BigInteger> d = kind == Kind.MAX ? a.ints("dilation") : Collections.nCopies(n, BigInteger.ONE);
        boolean ceil = a.bool("ceil_mode");
        for (int i = 0; i < n; i++) {
            if (p.get(i).compareTo(k.get(i).divide(OutputSize.TWO)) > 0) {
                throw ctx.fail(ctx.layer() + "'s padding " + p.get(i) + " is more than half its kernel size " + k.get(i),
                        "PyTorch requires padding ≤ kernel_size/2: use padding=" + k.get(i).divide(OutputSize.TWO) + " or a larger kernel");
            }
        }
        ctx.requireRank(OutputSize.Axis.layouts(n), n + 1, n + 2);
        Shape in = ctx.input();
        int first = in.rank() - n;
        if (first == 1) ctx.batchNotFirst();
        else ctx.batchIsFirst();
        List<Dim> out = new ArrayList<>(in.dims().subList(0, first));
        OutputSize.Axis[] axes = OutputSize.Axis.spatial(n);
        for (int i = 0; i < n; i++) {
            BigInteger size = ctx.known(first + i, axes[i].noun());
            out.add(Dim.of(OutputSize.sliding(ctx, axes[i], size, k.get(i), s.get(i), p.get(i), p.get(i), d.get(i), ceil)));
        }
        ctx.output(new Shape(out));
        StringBuilder desc = new StringBuilder(ctx.layer() + "(");
        if (kind == Kind.LP) desc.append(Numbers.real(a.real("norm_type"), 6)).append(", ");
        desc.append("k=").append(ConvLayers.show(k)).append(", s=").append(ConvLayers.show(s));
        if (!ConvLayers.allZero(p)) desc.append(", p=").append(ConvLayers.show(p));
        if (!ConvLayers.allOne(d)) desc.append(", d=").append(ConvLayers.show(d));
        if (ceil) desc.append(", ceil_mode");
        ctx.describe(desc.append(')').toString());
    }

    private static void adaptive(LayerContext ctx, int n) {
        List<BigInteger> size = ctx.args().ints("output_size");
        ctx.requireRank(OutputSize.Axis.layouts(n), n + 1, n + 2);
        Shape in = ctx.input();
        if (in.rank() == n + 1) ctx.batchNotFirst();
        else ctx.batchIsFirst();
        List<Dim> out = new ArrayList<>(in.dims().subList(0, in.rank() - n));
        boolean same = true;
        StringBuilder tuple = new StringBuilder("(");
        for (int i = 0; i < n; i++) {
            BigInteger o = size.get(i);
            out.add(o == null ? in.get(in.rank() - n + i) : Dim.of(o));
            same &= o != null && o.equals(size.get(0));
            tuple.append(i > 0 ? ", " : "").append(o == null ? "None" : Numbers.plain(o));
        }
        ctx.output(new Shape(out));
        String shown = same ? Numbers.plain(size.get(0)) : tuple.append(')').toString();
        ctx.explain("output size fixed at " + shown + ": " + in + " → " + ctx.output);
        ctx.describe(ctx.layer() + "(" + shown + ")");
    }
}
