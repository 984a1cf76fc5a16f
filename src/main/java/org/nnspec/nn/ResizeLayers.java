package org.nnspec.nn;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Catalog entries that resize the spatial dimensions without weights: the padding layers
 * (ZeroPad2d, ConstantPad1d/2d/3d, ReflectionPad1d/2d/3d, ReplicationPad1d/2d/3d), PixelShuffle,
 * PixelUnshuffle, ChannelShuffle, Upsample, UpsamplingNearest2d, UpsamplingBilinear2d, and
 * Unfold and Fold (im2col and col2im). Signatures and rules are torch.nn's.
 */
final class ResizeLayers {
    private ResizeLayers() {}

    /** How a padding layer fills: reflection needs each side below the input's size (as PyTorch checks). */
    private enum Fill { ZERO, CONSTANT, REFLECTION, REPLICATION }

    static void register(LayerCatalog.Registry r) {
        padding(r, "ZeroPad2d", 2, Fill.ZERO);
        padding(r, "ConstantPad1d", 1, Fill.CONSTANT);
        padding(r, "ConstantPad2d", 2, Fill.CONSTANT);
        padding(r, "ReflectionPad1d", 1, Fill.REFLECTION);
        padding(r, "ReflectionPad2d", 2, Fill.REFLECTION);
        padding(r, "ReplicationPad1d", 1, Fill.REPLICATION);
        padding(r, "ReplicationPad2d", 2, Fill.REPLICATION);
        // torch 1.13 has no ZeroPad1d or ZeroPad3d (added in 2.1): ConstantPad3d(p, 0.0) is the 3-d zero padding
        padding(r, "ConstantPad3d", 3, Fill.CONSTANT);
        padding(r, "ReflectionPad3d", 3, Fill.REFLECTION);
        padding(r, "ReplicationPad3d", 3, Fill.REPLICATION);
        r.add(new LayerType("PixelShuffle", "reshape", new Signature("PixelShuffle", List.of(Param.positiveInt("upscale_factor")), false),
                "moves channels into space: (*, C·r², H, W) → (*, C, H·r, W·r)", "(*, C·r², H, W) → (*, C, H·r, W·r)", "0", "0",
                ctx -> pixelShuffle(ctx, true)));
        r.add(new LayerType("PixelUnshuffle", "reshape", new Signature("PixelUnshuffle", List.of(Param.positiveInt("downscale_factor")), false),
                "moves space into channels: (*, C, H·r, W·r) → (*, C·r², H, W)", "(*, C, H·r, W·r) → (*, C·r², H, W)", "0", "0",
                ctx -> pixelShuffle(ctx, false)));
        r.add(new LayerType("ChannelShuffle", "reshape", new Signature("ChannelShuffle", List.of(Param.positiveInt("groups")), false),
                "interleaves the channels of (N, C, *) from groups groups (ShuffleNet); C divisible by groups", "unchanged", "0", "0",
                ResizeLayers::channelShuffle));
        r.add(new LayerType("Upsample", "reshape", new Signature("Upsample", List.of(
                Param.optionalSizes("size", 0, 1), Param.optionalReal("scale_factor"),
                Param.choice("mode", "nearest", "nearest", "linear", "bilinear", "bicubic", "trilinear"),
                Param.ignored("align_corners"), Param.ignored("recompute_scale_factor")), false),
                "resizes the spatial dimensions of (N, C, *) to size, or by scale_factor (⌊in·scale_factor⌋)",
                "(N, C, H, W) → (N, C, size) or (N, C, ⌊H·s⌋, ⌊W·s⌋)", "0", "0", ctx -> upsample(ctx, ctx.args().string("mode"))));
        r.add(new LayerType("UpsamplingNearest2d", "reshape", upsamplingSignature("UpsamplingNearest2d"),
                "Upsample(mode=\"nearest\"): resizes the spatial dimensions of (N, C, *) to size, or by scale_factor (⌊in·scale_factor⌋)",
                "(N, C, H, W) → (N, C, size) or (N, C, ⌊H·s⌋, ⌊W·s⌋)", "0", "0", ctx -> upsample(ctx, "nearest")));
        r.add(new LayerType("UpsamplingBilinear2d", "reshape", upsamplingSignature("UpsamplingBilinear2d"),
                "Upsample(mode=\"bilinear\", align_corners=True): resizes (N, C, H, W) to size, or by scale_factor (⌊in·scale_factor⌋)",
                "(N, C, H, W) → (N, C, size) or (N, C, ⌊H·s⌋, ⌊W·s⌋)", "0", "0", ctx -> upsample(ctx, "bilinear")));
        r.add(new LayerType("Unfold", "reshape", new Signature("Unfold", List.of(
                Param.sizes("kernel_size", 2, null, 1), Param.sizes("dilation", 2, 1L, 1), Param.padding("padding", 2, false),
                Param.sizes("stride", 2, 1L, 1)), false),
                "extracts the sliding blocks of (N, C, H, W) or (C, H, W) as columns (im2col)",
                "(N, C, H, W) → (N, C·k_h·k_w, L), L = (⌊(H + 2p − d(k−1) − 1)/s⌋ + 1)·(the same for W)", "0", "0", ResizeLayers::unfold));
        r.add(new LayerType("Fold", "reshape", new Signature("Fold", List.of(
                Param.sizes("output_size", 2, null, 1), Param.sizes("kernel_size", 2, null, 1), Param.sizes("dilation", 2, 1L, 1),
                Param.padding("padding", 2, false), Param.sizes("stride", 2, 1L, 1)), false),
                "sums columns of sliding blocks back into an image (col2im, Unfold's inverse): (N, C·k_h·k_w, L) or (C·k_h·k_w, L)",
                "(N, C·k_h·k_w, L) → (N, C, output_size); L must be the number of blocks (⌊(o_h + 2p − d(k−1) − 1)/s⌋ + 1)·(the same for o_w)",
                "0", "0", ResizeLayers::fold));
    }

    private static final String[] SIDES = {"(left, right)", "(left, right, top, bottom)", "(left, right, top, bottom, front, back)"};
    private static final String[] PADDED = {"(*, L) → (*, L + left + right)", "(*, H, W) → (*, H + top + bottom, W + left + right)",
            "(*, D, H, W) → (*, D + front + back, H + top + bottom, W + left + right)"};

    private static void padding(LayerCatalog.Registry r, String name, int n, Fill fill) {
        // constant padding takes negative sizes, which crop, as PyTorch's F.pad does
        boolean constant = fill == Fill.ZERO || fill == Fill.CONSTANT;
        List<Param> params = new ArrayList<>(List.of(constant
                ? Param.signedSizes("padding", 2 * n)
                : Param.sizes("padding", 2 * n, null, 0)));
        if (fill == Fill.CONSTANT) params.add(Param.requiredReal("value"));
        r.add(new LayerType(name, "padding", new Signature(name, params, false),
                "pads the last " + (n == 1 ? "dimension" : n == 2 ? "two dimensions" : "three dimensions") + " by padding " + SIDES[n - 1]
                        + (fill == Fill.REFLECTION ? "; each side less than the input's size there" : "")
                        + (constant ? "; a negative padding crops" : ""),
                PADDED[n - 1], "0", "0", ctx -> pad(ctx, name, n, fill)));
    }

    /**
     * PyTorch's padding tuple lists the last dimension first: (left, right), then (top,
     * bottom), then (front, back). Constant padding takes any input with at least n
     * dimensions; reflection and replication need (N, C, …) or (C, …), as torch 1.13 does.
     */
    private static void pad(LayerContext ctx, String name, int n, Fill fill) {
        List<BigInteger> p = ctx.args().ints("padding");
        Shape x = ctx.input();
        if (fill == Fill.ZERO || fill == Fill.CONSTANT) {
            if (x.rank() < n) {
                throw ctx.fail(name + " pads the last " + n + " dimensions, but its input " + x + " has " + x.rank(),
                        "check the layer before it (a Flatten or Unflatten may be missing or misplaced)");
            }
        } else {
            ctx.requireRank(OutputSize.Axis.layouts(n), n + 1, n + 2);
        }
        OutputSize.Axis[] axes = OutputSize.Axis.spatial(n);
        List<Dim> out = new ArrayList<>(x.dims());
        for (int i = 0; i < n; i++) {
            int axis = x.rank() - 1 - i;
            BigInteger before = p.get(2 * i), after = p.get(2 * i + 1);
            BigInteger size = ctx.known(axis, axes[n - 1 - i].noun());
            if (fill == Fill.REFLECTION && (before.compareTo(size) >= 0 || after.compareTo(size) >= 0)) {
                throw ctx.fail(name + "'s padding " + before.max(after) + " is not less than the input's size " + size
                                + " along dimension " + axis + " (reflection cannot repeat the edge; PyTorch refuses it)",
                        "use padding below " + size + ", or ReplicationPad" + n + "d or " + (n == 2 ? "ZeroPad2d" : "ConstantPad" + n + "d(…, 0.0)"));
            }
            BigInteger padded = size.add(before).add(after);
            if (padded.signum() <= 0) {
                throw ctx.fail(name + "'s padding " + before + " and " + after + " crop all " + size + " of dimension " + axis
                        + " of its input " + x + " (it would be " + padded + ")", "a negative padding crops; crop less than " + size + " in all");
            }
            out.set(axis, Dim.of(padded));
        }
        ctx.output(new Shape(out));
        String shown = ConvLayers.show(p); // one number, or a tuple already in parentheses
        ctx.describe(name + (shown.startsWith("(") ? shown : "(" + shown + ")"));
    }

    private static void pixelShuffle(LayerContext ctx, boolean up) {
        Shape x = ctx.input();
        String name = up ? "PixelShuffle" : "PixelUnshuffle";
        BigInteger factor = ctx.args().integer(up ? "upscale_factor" : "downscale_factor");
        if (x.rank() < 3) throw ctx.fail(name + " needs (*, C, H, W), but its input " + x + " has " + x.rank() + " dimensions", null);
        int c = x.rank() - 3;
        BigInteger channels = ctx.known(c, "channels"), h = ctx.known(c + 1, "height"), w = ctx.known(c + 2, "width");
        BigInteger square = factor.multiply(factor);
        List<Dim> out = new ArrayList<>(x.dims());
        if (up) {
            if (channels.mod(square).signum() != 0) {
                throw ctx.fail("PixelShuffle(" + factor + ") needs channels divisible by " + factor + "² = " + square + ", but its input "
                        + x + " has " + channels, "use a factor whose square divides " + channels);
            }
            out.set(c, Dim.of(channels.divide(square)));
            out.set(c + 1, Dim.of(h.multiply(factor)));
            out.set(c + 2, Dim.of(w.multiply(factor)));
        } else {
            if (h.mod(factor).signum() != 0 || w.mod(factor).signum() != 0) {
                throw ctx.fail("PixelUnshuffle(" + factor + ") needs height and width divisible by " + factor + ", but its input "
                        + x + " has " + h + "×" + w, "use a factor that divides both");
            }
            out.set(c, Dim.of(channels.multiply(square)));
            out.set(c + 1, Dim.of(h.divide(factor)));
            out.set(c + 2, Dim.of(w.divide(factor)));
        }
        ctx.output(new Shape(out));
        ctx.describe(name + "(" + factor + ")");
    }

    private static void channelShuffle(LayerContext ctx) {
        Shape x = ctx.input();
        BigInteger groups = ctx.args().integer("groups");
        if (x.rank() < 3) throw ctx.fail("ChannelShuffle needs (N, C, *), but its input " + x + " has " + x.rank() + " dimensions", null);
        BigInteger c = ctx.known(1, "channels");
        if (c.mod(groups).signum() != 0) {
            throw ctx.fail("ChannelShuffle(" + groups + ") needs channels divisible by " + groups + ", but its input " + x + " has " + c,
                    "use a number of groups that divides " + c);
        }
        ctx.output(x);
        ctx.describe("ChannelShuffle(" + groups + ")");
    }

    /** UpsamplingNearest2d and UpsamplingBilinear2d: Upsample's size and scale_factor, the mode fixed. */
    private static Signature upsamplingSignature(String name) {
        return new Signature(name, List.of(Param.optionalSizes("size", 0, 1), Param.optionalReal("scale_factor")), false);
    }

    /**
     * Upsample and its fixed-mode forms: exactly one of size (one per spatial dim, or one for
     * all) and scale_factor; {@code mode} decides how many spatial dims the input must have.
     */
    private static void upsample(LayerContext ctx, String mode) {
        Shape x = ctx.input();
        String name = ctx.layer();
        boolean upsample = name.equals("Upsample");
        List<BigInteger> size = ctx.args().ints("size");
        Double scale = ctx.args().real("scale_factor");
        if ((size == null) == (scale == null)) {
            throw ctx.fail(name + " needs exactly one of size and scale_factor", "for example " + name + "(scale_factor=2)");
        }
        int spatial = x.rank() - 2;
        if (spatial < 1 || spatial > 3) {
            throw ctx.fail(name + " needs (N, C, L), (N, C, H, W) or (N, C, D, H, W), but its input " + x + " has " + x.rank()
                    + " dimensions", null);
        }
        int wanted = switch (mode) {
            case "linear" -> 1;
            case "bilinear", "bicubic" -> 2;
            case "trilinear" -> 3;
            default -> spatial;
        };
        if (wanted != spatial) {
            String dims = spatial + (spatial == 1 ? " dimension" : " dimensions");
            throw ctx.fail((upsample ? "Upsample(mode=\"" + mode + "\")" : name + " (mode \"" + mode + "\")") + " resizes " + wanted
                    + " spatial dimension" + (wanted == 1 ? "" : "s") + ", but its input " + x + " has " + spatial,
                    upsample ? "use mode=\"nearest\", or the mode for " + dims
                            : "use UpsamplingNearest2d, or Upsample with the mode for " + dims);
        }
        List<Dim> out = new ArrayList<>(x.dims());
        for (int i = 0; i < spatial; i++) {
            if (size != null) {
                if (size.size() != 1 && size.size() != spatial) {
                    throw ctx.fail(name + "'s size has " + size.size() + " entries, but its input " + x + " has " + spatial
                            + " spatial dimension" + (spatial == 1 ? "" : "s"), "give one size, or one per spatial dimension");
                }
                out.set(2 + i, Dim.of(size.get(size.size() == 1 ? 0 : i)));
            } else {
                if (!(scale > 0) || Double.isInfinite(scale)) {
                    throw ctx.fail(name + "'s scale_factor must be positive, got " + org.nnspec.render.Numbers.real(scale, 6), null);
                }
                BigInteger in = ctx.known(2 + i, "spatial size");
                BigInteger o = new java.math.BigDecimal(in).multiply(new java.math.BigDecimal(scale))
                        .setScale(0, java.math.RoundingMode.FLOOR).toBigInteger();
                if (o.signum() <= 0) throw ctx.fail(name + "'s scale_factor " + scale + " makes dimension " + (2 + i) + " of " + x + " empty", null);
                out.set(2 + i, Dim.of(o));
            }
        }
        ctx.output(new Shape(out));
        ctx.describe(size != null ? name + "(size=" + ConvLayers.show(size) + ")"
                : name + "(scale_factor=" + org.nnspec.render.Numbers.real(scale, 6) + ")");
    }

    /** Unfold: each of the L sliding blocks becomes a column of C·k_h·k_w values; the channels must be known. */
    private static void unfold(LayerContext ctx) {
        BoundArgs a = ctx.args();
        List<BigInteger> k = a.ints("kernel_size"), d = a.ints("dilation"), p = a.ints("padding"), s = a.ints("stride");
        ctx.requireRank(OutputSize.Axis.layouts(2), 3, 4);
        Shape x = ctx.input();
        int c = x.rank() - 3;
        if (c == 0) ctx.batchNotFirst();
        else ctx.batchIsFirst();
        BigInteger channels = ctx.known(c, "channels");
        OutputSize.Axis[] axes = OutputSize.Axis.spatial(2);
        BigInteger blocks = BigInteger.ONE;
        for (int i = 0; i < 2; i++) {
            BigInteger size = ctx.known(c + 1 + i, axes[i].noun());
            blocks = blocks.multiply(OutputSize.blocks(ctx, axes[i], size, k.get(i), s.get(i), p.get(i), d.get(i), true));
        }
        BigInteger column = channels.multiply(k.get(0)).multiply(k.get(1));
        List<Dim> out = new ArrayList<>(x.dims().subList(0, c));
        out.add(Dim.of(column));
        out.add(Dim.of(blocks));
        ctx.output(new Shape(out));
        BigInteger l = blocks;
        ctx.explain(() -> "columns of C·k_h·k_w = " + channels + "·" + k.get(0) + "·" + k.get(1) + " = " + column + ", L = " + l + " blocks");
        ctx.describe("Unfold(" + windowArgs(k, d, p, s) + ")");
    }

    /**
     * Fold: the columns of L blocks summed back into a C × output_size image; the rows must be a
     * multiple of k_h·k_w and L the number of blocks that output_size holds.
     */
    private static void fold(LayerContext ctx) {
        BoundArgs a = ctx.args();
        List<BigInteger> o = a.ints("output_size"), k = a.ints("kernel_size"), d = a.ints("dilation"), p = a.ints("padding"),
                s = a.ints("stride");
        if (ctx.input().rank() != 2 && ctx.input().rank() != 3) {
            throw ctx.fail("Fold expects a 3-D (N, C·k_h·k_w, L) or 2-D (C·k_h·k_w, L) input, but its input " + ctx.input()
                    + " is " + ctx.input().rank() + "-D", "Fold takes Unfold's columns; check the layer before it");
        }
        Shape x = ctx.input();
        int c = x.rank() - 2;
        if (c == 0) ctx.batchNotFirst();
        else ctx.batchIsFirst();
        BigInteger window = k.get(0).multiply(k.get(1));
        BigInteger column = ctx.known(c, "columns (C·k_h·k_w)");
        if (column.mod(window).signum() != 0) {
            throw ctx.fail("Fold's kernel " + ConvLayers.show(k) + " covers " + window + " positions, but its input " + x + " has "
                    + column + " rows at dimension " + c + ", not a multiple of " + window,
                    "Fold needs C·k_h·k_w rows, as Unfold with the same kernel_size makes");
        }
        OutputSize.Axis[] axes = OutputSize.Axis.spatial(2);
        BigInteger blocks = BigInteger.ONE;
        for (int i = 0; i < 2; i++) {
            BigInteger effective = d.get(i).multiply(k.get(i).subtract(BigInteger.ONE)).add(BigInteger.ONE);
            BigInteger padded = o.get(i).add(OutputSize.TWO.multiply(p.get(i)));
            if (effective.compareTo(padded) > 0) {
                throw ctx.fail("Fold's window along the " + axes[i].noun() + " (" + effective + ") is larger than its padded output "
                        + axes[i].noun() + " " + o.get(i) + (p.get(i).signum() == 0 ? "" : " + 2·" + p.get(i)),
                        "use a smaller kernel_size or a larger output_size");
            }
            // positions no block reaches stay 0 in Fold's output: nothing is dropped, so no warning
            blocks = blocks.multiply(OutputSize.blocks(ctx, axes[i], o.get(i), k.get(i), s.get(i), p.get(i), d.get(i), false));
        }
        Dim l = x.get(c + 1);
        if (!(l instanceof Dim.Known known && known.value().equals(blocks))) {
            ctx.error("Fold(output_size=" + ConvLayers.show(o) + ", kernel_size=" + ConvLayers.show(k) + ") sums " + blocks + " blocks, but its input "
                            + x + " has " + l + " at dimension " + (c + 1),
                    "the last dimension must be the number of blocks Unfold makes of a " + o.get(0) + "×" + o.get(1)
                            + " input with the same kernel_size, dilation, padding and stride");
        }
        List<Dim> out = new ArrayList<>(x.dims().subList(0, c));
        out.add(Dim.of(column.divide(window)));
        out.add(Dim.of(o.get(0)));
        out.add(Dim.of(o.get(1)));
        ctx.output(new Shape(out));
        ctx.describe("Fold(" + ConvLayers.show(o) + ", " + windowArgs(k, d, p, s) + ")");
    }

    /** {@code k=3, d=2, p=1, s=2}, leaving out the defaults. */
    private static String windowArgs(List<BigInteger> k, List<BigInteger> d, List<BigInteger> p, List<BigInteger> s) {
        StringBuilder sb = new StringBuilder("k=" + ConvLayers.show(k));
        if (!ConvLayers.allOne(d)) sb.append(", d=").append(ConvLayers.show(d));
        if (!ConvLayers.allZero(p)) sb.append(", p=").append(ConvLayers.show(p));
        if (!ConvLayers.allOne(s)) sb.append(", s=").append(ConvLayers.show(s));
        return sb.toString();
    }
}
