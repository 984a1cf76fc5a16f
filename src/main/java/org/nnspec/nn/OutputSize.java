package org.nnspec.nn;

import java.math.BigInteger;

/**
 * The output-size arithmetic of convolutions and pooling along one spatial axis, PyTorch's
 * exactly, written out with the numbers in place for {@code explain} and warning when a
 * division is not exact and input rows are dropped.
 */
final class OutputSize {
    private OutputSize() {}

    /** One spatial axis: its symbol in formulas (D, H, W, L) and what its elements are called. */
    record Axis(String symbol, String noun, String plural) {
        static final Axis D = new Axis("D", "depth", "planes");
        static final Axis H = new Axis("H", "height", "rows");
        static final Axis W = new Axis("W", "width", "columns");
        static final Axis L = new Axis("L", "length", "positions");

        private static final Axis[][] SPATIAL = {{L}, {H, W}, {D, H, W}};
        private static final String[] LAYOUTS = {"3-D (N, C, L) or 2-D (C, L)", "4-D (N, C, H, W) or 3-D (C, H, W)",
                "5-D (N, C, D, H, W) or 4-D (C, D, H, W)"};

        /** The spatial axes of a 1-, 2- or 3-d layer, in the input's order: L; H, W; D, H, W. */
        static Axis[] spatial(int n) { return SPATIAL[n - 1]; }

        /** The inputs a 1-, 2- or 3-d layer takes, batched or not, for its rank error: {@code 3-D (N, C, L) or 2-D (C, L)}. */
        static String layouts(int n) { return LAYOUTS[n - 1]; }

        /** The same without the ranks, for the catalog's texts: {@code (N, C, L) or (C, L)}. */
        static String shapes(int n) { return LAYOUTS[n - 1].replaceAll("\\d-D ", ""); }

        /** The axes' symbols joined, each with {@code suffix}: {@code H_out·W_out}, {@code D, H, W}. */
        static String symbols(int n, String separator, String suffix) {
            StringBuilder sb = new StringBuilder();
            for (Axis a : spatial(n)) sb.append(sb.length() == 0 ? "" : separator).append(a.symbol).append(suffix);
            return sb.toString();
        }

        /** The kernel's factors in formulas: {@code k}, {@code k_h·k_w}, {@code k_d·k_h·k_w}. */
        static String kernel(int n) {
            if (n == 1) return "k";
            StringBuilder sb = new StringBuilder();
            for (Axis a : spatial(n)) sb.append(sb.length() == 0 ? "" : "·").append("k_").append(a.symbol.toLowerCase(java.util.Locale.ROOT));
            return sb.toString();
        }

        /**
         * A per-axis rule written once for the first axis and "same for" the others:
         * {@code H_out = ⌊(H + 2p − k)/s⌋ + 1, same for W}; {@code rule} has {@code %s} where the
         * axis' symbol goes.
         */
        static String rule(int n, String rule) {
            Axis[] axes = spatial(n);
            String first = rule.replace("%s", axes[0].symbol); // each %s is the first axis's symbol
            if (n == 1) return first;
            StringBuilder rest = new StringBuilder();
            for (int i = 1; i < n; i++) rest.append(i > 1 ? ", " : "").append(axes[i].symbol);
            return first + ", same for " + rest;
        }
    }

    static final BigInteger TWO = BigInteger.valueOf(2);

    static BigInteger floorDiv(BigInteger a, BigInteger b) {
        BigInteger[] qr = divideAndRemainder(a, b);
        return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
    }

    /**
     * {@link BigInteger#divideAndRemainder}, in longs when both fit: BigInteger divides even
     * small numbers by Knuth's long-division algorithm.
     */
    static BigInteger[] divideAndRemainder(BigInteger a, BigInteger b) {
        if (b.equals(BigInteger.ONE)) return new BigInteger[] {a, BigInteger.ZERO}; // a stride of 1, most layers
        if (a.bitLength() < 63 && b.bitLength() < 63) {
            long x = a.longValue(), y = b.longValue();
            return new BigInteger[] {BigInteger.valueOf(x / y), BigInteger.valueOf(x % y)};
        }
        return a.divideAndRemainder(b);
    }

    /**
     * Convolution or pooling output size: {@code ⌊(in + pl + pr − d(k−1) − 1)/s⌋ + 1}, with
     * PyTorch's ceil_mode rule for pooling (the last window must start inside the input or the
     * left padding).
     */
    static BigInteger sliding(LayerContext ctx, Axis axis, BigInteger in, BigInteger k, BigInteger s,
                              BigInteger padLeft, BigInteger padRight, BigInteger d, boolean ceil) {
        return sliding(ctx, axis, axis.symbol() + "_out", in, k, s, padLeft, padRight, d, ceil, true);
    }

    /**
     * The number of sliding blocks along one axis, as Unfold and Fold count them (the same
     * arithmetic, shown as {@code blocks along H}); {@code dropWarning} says whether input rows
     * that no window reaches are worth a warning (Unfold drops them, Fold's output keeps them as zeros).
     */
    static BigInteger blocks(LayerContext ctx, Axis axis, BigInteger in, BigInteger k, BigInteger s,
                             BigInteger pad, BigInteger d, boolean dropWarning) {
        return sliding(ctx, axis, "blocks along " + axis.symbol(), in, k, s, pad, pad, d, false, dropWarning);
    }

    private static BigInteger sliding(LayerContext ctx, Axis axis, String sym, BigInteger in, BigInteger k, BigInteger s,
                                      BigInteger padLeft, BigInteger padRight, BigInteger d, boolean ceil, boolean dropWarning) {
        // Terms that are 1 or 0 in most layers (dilation, padding; a stride of 1 in
        // divideAndRemainder) are skipped rather than multiplied or added.
        BigInteger effective = d.equals(BigInteger.ONE) ? k : d.multiply(k.subtract(BigInteger.ONE)).add(BigInteger.ONE);
        BigInteger numerator = plus(plus(in, padLeft), padRight).subtract(effective);
        // with ceil_mode PyTorch accepts a window larger than the padded input as long as the
        // rounded-up count is at least 1 (a 2×2 input, kernel 3, stride 2 gives 1×1)
        if (numerator.signum() < 0 && (!ceil || ceilMode(numerator, s, in, padLeft).signum() <= 0)) {
            throw ctx.fail(ctx.layer() + "'s window along the " + axis.noun() + " (" + (d.equals(BigInteger.ONE) ? "kernel " + k
                            : "dilated kernel " + d + "·(" + k + "−1) + 1 = " + effective) + ") is larger than the padded input "
                            + axis.noun() + " " + in + (padLeft.signum() == 0 && padRight.signum() == 0 ? "" : " + " + padLeft.add(padRight))
                            + " of input " + ctx.input(),
                    "use a smaller kernel_size or more padding, or remove a downsampling layer before it");
        }
        if (!ceil) {
            BigInteger[] qr = divideAndRemainder(numerator, s);
            BigInteger out = qr[0].add(BigInteger.ONE);
            // H_out = ⌊(in + 2·p − d·(k−1) − 1)/s⌋ + 1 = ⌊n/s⌋ + 1 = out, made only when explain shows it
            ctx.explain(() -> sym + " = ⌊(" + inner(in, k, padLeft, padRight, d) + ")/" + s + "⌋ + 1 = ⌊"
                    + numerator + "/" + s + "⌋ + 1 = " + out);
            BigInteger dropped = qr[1].signum() == 0 ? BigInteger.ZERO : qr[1].subtract(padRight); // padding is never negative
            if (dropWarning && dropped.signum() > 0) {
                String singular = axis.plural().substring(0, axis.plural().length() - 1);
                String dropped1 = dropped.equals(BigInteger.ONE) ? "the last input " + singular + " along the " + axis.noun() + " is"
                        : "the last " + dropped + " input " + axis.plural() + " along the " + axis.noun() + " are";
                ctx.warn(ctx.layer() + ": (" + inner(in, k, padLeft, padRight, d) + ")/" + s + " = " + numerator + "/" + s
                                + " is not exact; PyTorch floors it, so " + dropped1 + " dropped",
                        "pad the input or change kernel_size/stride so that the division is exact");
            }
            return out;
        }
        BigInteger ceiled = ceilMode(numerator, s, null, null);
        java.util.function.Supplier<String> ceilLine = () -> sym + " = ⌈(" + inner(in, k, padLeft, padRight, d) + ")/" + s
                + "⌉ + 1 = ⌈" + numerator + "/" + s + "⌉ + 1 = " + ceiled;
        if (ceiled.subtract(BigInteger.ONE).multiply(s).compareTo(in.add(padLeft)) >= 0) {
            BigInteger start = ceiled.subtract(BigInteger.ONE).multiply(s);
            BigInteger out = ceiled.subtract(BigInteger.ONE);
            ctx.explain(() -> ceilLine.get() + ", but the last window would start at " + start + " ≥ " + in + " + " + padLeft
                    + " (past the input and its left padding), so " + sym + " = " + out);
            return out;
        }
        ctx.explain(ceilLine);
        return ceiled;
    }

    /**
     * ⌈numerator/s⌉ + 1, PyTorch's ceil_mode count; with {@code in} given, less one when the last
     * window would start past the input and its left padding (the whole rule).
     */
    private static BigInteger ceilMode(BigInteger numerator, BigInteger s, BigInteger in, BigInteger padLeft) {
        BigInteger ceiled = floorDiv(numerator.add(s).subtract(BigInteger.ONE), s).add(BigInteger.ONE);
        if (in != null && ceiled.subtract(BigInteger.ONE).multiply(s).compareTo(in.add(padLeft)) >= 0) {
            return ceiled.subtract(BigInteger.ONE);
        }
        return ceiled;
    }

    private static BigInteger plus(BigInteger a, BigInteger b) {
        return b.signum() == 0 ? a : a.add(b);
    }

    /** The padded input minus the window, written out: {@code 64 + 2·1 − 1·(3−1) − 1}. */
    private static String inner(BigInteger in, BigInteger k, BigInteger padLeft, BigInteger padRight, BigInteger d) {
        return in + " + " + (padLeft.equals(padRight) ? "2·" + padLeft : padLeft + " + " + padRight) + " − " + d + "·(" + k + "−1) − 1";
    }

    /** Transposed convolution: {@code (in−1)·s − 2p + d(k−1) + output_padding + 1}. */
    static BigInteger transposed(LayerContext ctx, Axis axis, BigInteger in, BigInteger k, BigInteger s,
                                 BigInteger p, BigInteger d, BigInteger outputPadding) {
        BigInteger out = in.subtract(BigInteger.ONE).multiply(s).subtract(TWO.multiply(p))
                .add(d.multiply(k.subtract(BigInteger.ONE))).add(outputPadding).add(BigInteger.ONE);
        ctx.explain(axis.symbol() + "_out = (" + in + "−1)·" + s + " − 2·" + p + " + " + d + "·(" + k + "−1) + "
                + outputPadding + " + 1 = " + out);
        if (out.signum() <= 0) {
            throw ctx.fail(ctx.layer() + "'s output " + axis.noun() + " would be " + out + " for input " + ctx.input(),
                    "use less padding");
        }
        return out;
    }
}
