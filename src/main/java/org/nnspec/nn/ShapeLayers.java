package org.nnspec.nn;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.nnspec.render.Numbers;

/**
 * Catalog entries that reshape or map the last dimension: Linear, Bilinear, Flatten, Unflatten,
 * Select, Permute, Transpose, Narrow, Identity.
 */
final class ShapeLayers {
    private ShapeLayers() {}

    static void register(LayerCatalog.Registry r) {
        r.add(new LayerType("Linear", "linear", new Signature("Linear", List.of(
                Param.positiveInt("in_features"), Param.positiveInt("out_features"), Param.bool("bias", true),
                Param.ignored("device"), Param.ignored("dtype")), false),
                "fully-connected layer y = x·Wᵀ + b applied to the last dimension",
                "(*, in_features) → (*, out_features)", "in·out + out (bias)", "in·out per output row", ShapeLayers::linear));
        r.add(new LayerType("Bilinear", "linear", new Signature("Bilinear", List.of(
                Param.positiveInt("in1_features"), Param.positiveInt("in2_features"), Param.positiveInt("out_features"),
                Param.bool("bias", true), Param.ignored("device"), Param.ignored("dtype")), false),
                "y = x₁ᵀ·A·x₂ + b on the last dimension; a network has one flowing input, so it is both x₁ and x₂ (in1 = in2)",
                "(*, in1_features) → (*, out_features); in1_features = in2_features = the input's last dimension",
                "in1·in2·out + out (bias)", "out·in1·in2 per output row", ShapeLayers::bilinear));
        r.add(new LayerType("Flatten", "reshape", new Signature("Flatten", List.of(
                Param.anyInt("start_dim", 1), Param.anyInt("end_dim", -1)), false),
                "merges dimensions start_dim..end_dim into one (the batch dimension stays by default)",
                "(N, C, H, W) → (N, C·H·W) with the defaults", "0", "0", ShapeLayers::flatten));
        r.add(new LayerType("Unflatten", "reshape", new Signature("Unflatten", List.of(
                Param.anyInt("dim"), Param.tupleOfAnyLength("unflattened_size", BigInteger.ONE.negate())), false),
                "splits dimension dim into unflattened_size (one entry may be −1)",
                "(N, C·H·W) → (N, C, H, W) for dim=1, unflattened_size=(C, H, W)", "0", "0", ShapeLayers::unflatten));
        r.add(new LayerType("Select", "reshape", new Signature("Select", List.of(
                Param.anyInt("dim"), Param.anyInt("index")), false),
                "keeps one index of dimension dim and drops that dimension, as torch.select(x, dim, index) or x[:, 0] "
                        + "(BERT's pooler takes the first token with Select(1, 0))",
                "(N, T, E) → (N, E) for dim=1", "0", "0", ShapeLayers::select));
        r.add(new LayerType("Permute", "reshape", new Signature("Permute", List.of(
                Param.tupleOfAnyLength("dims", null)), false),
                "reorders the dimensions, as x.permute(dims) (torchvision's Permute: ConvNeXt and Swin move channels last with (0, 2, 3, 1))",
                "(N, C, H, W) → (N, H, W, C) for dims=(0, 2, 3, 1)", "0", "0", ShapeLayers::permute));
        r.add(new LayerType("Transpose", "reshape", new Signature("Transpose", List.of(
                Param.anyInt("dim0"), Param.anyInt("dim1")), false),
                "swaps two dimensions, as x.transpose(dim0, dim1) (ViT's (N, E, H·W) → (N, H·W, E) with (1, 2))",
                "(N, E, L) → (N, L, E) for (1, 2)", "0", "0", ShapeLayers::transpose));
        r.add(new LayerType("Narrow", "reshape", new Signature("Narrow", List.of(
                Param.anyInt("dim"), Param.anyInt("start"), Param.positiveInt("length")), false),
                "keeps length entries of dim from start, as x.narrow(dim, start, length) (ViT's class token: Narrow(1, 0, 1))",
                "(N, T, E) → (N, length, E) for dim=1", "0", "0", ShapeLayers::narrow));
        r.add(new LayerType("Identity", "reshape", new Signature("Identity", List.of(), true),
                "passes its input through (accepts and ignores any arguments)", "unchanged", "0", "0", ctx -> {
                    ctx.output(ctx.input());
                    ctx.describe("Identity()");
                }));
    }

    private static void linear(LayerContext ctx) {
        BoundArgs a = ctx.args();
        BigInteger in = a.integer("in_features"), out = a.integer("out_features");
        boolean bias = a.bool("bias");
        Shape x = ctx.input();
        if (x.rank() == 0) throw ctx.fail("Linear needs an input with at least one dimension", null);
        Dim last = x.get(x.rank() - 1);
        if (!(last instanceof Dim.Known k && k.value().equals(in))) {
            String literalFix = "write Linear(" + last + ", " + out + (bias ? "" : ", bias=False") + ")";
            if (x.rank() >= 3) {
                // a feature map after convolutions: the usual mistake is a missing Flatten
                BigInteger features = ctx.count(x.dims().subList(1, x.rank()));
                ctx.error("Linear expects " + in + " input features, but its input " + x + " has " + x.rank()
                                + " dimensions and Linear works on the last one, which is " + last,
                        "put Flatten() before it" + (features == null ? "" : ", which makes (" + x.get(0) + ", " + features
                                + "): then Linear(" + features + ", " + out + ")")
                                + (last instanceof Dim.Known ? "; or, to apply it to the last dimension, " + literalFix : ""));
            } else {
                ctx.error("Linear expects " + in + " input features, but its input " + x + " has " + last,
                        last instanceof Dim.Known ? literalFix
                                : "give " + last + " a size in the input shape, or put a layer before it that fixes the last dimension");
            }
        }
        List<Dim> dims = new ArrayList<>(x.dims().subList(0, x.rank() - 1));
        BigInteger rows = ctx.count(dims);
        dims.add(Dim.of(out));
        ctx.output(new Shape(dims));
        ctx.param("weight", out, in);
        if (bias) ctx.param("bias", out);
        ctx.formula(Formula.sum(Formula.product(in, out), bias ? Numbers.plain(out) : null));
        ctx.macs(rows == null ? null : rows.multiply(in).multiply(out));
        ctx.explain(() -> "last dimension " + in + " → " + out
                // a symbolic batch is not counted in rows; a numeric one is (the summary divides by it)
                + (rows != null && rows.compareTo(BigInteger.ONE) > 0 ? ", applied to " + rows + " rows"
                        + (ctx.batch() instanceof Dim.Known ? " of the input" : " per sample") : ""));
        ctx.describe("Linear(" + Numbers.plain(in) + ", " + Numbers.plain(out) + (bias ? "" : ", bias=False") + ")");
    }

    /**
     * nn.Bilinear with the network's one input as both of its inputs: in1_features and
     * in2_features must both be the input's last dimension. Weight (out, in1, in2), bias (out).
     */
    private static void bilinear(LayerContext ctx) {
        BoundArgs a = ctx.args();
        BigInteger in1 = a.integer("in1_features"), in2 = a.integer("in2_features"), out = a.integer("out_features");
        boolean bias = a.bool("bias");
        Shape x = ctx.input();
        if (x.rank() == 0) throw ctx.fail("Bilinear needs an input with at least one dimension", null);
        Dim last = x.get(x.rank() - 1);
        String fix = "write Bilinear(" + last + ", " + last + ", " + out + (bias ? "" : ", bias=False") + ")";
        if (!in1.equals(in2)) {
            ctx.error("Bilinear(" + in1 + ", " + in2 + ", " + out + ") takes two inputs of " + in1 + " and " + in2
                            + " features, but a network has one flowing input, which is both of them: in1_features and in2_features must be equal",
                    last instanceof Dim.Known ? fix + " (the input's last dimension is " + last + ")" : "make in1_features and in2_features equal");
        } else if (!(last instanceof Dim.Known k && k.value().equals(in1))) {
            ctx.error("Bilinear expects " + in1 + " input features, but its input " + x + " has " + last,
                    last instanceof Dim.Known ? fix : "give " + last + " a size in the input shape");
        }
        List<Dim> dims = new ArrayList<>(x.dims().subList(0, x.rank() - 1));
        BigInteger rows = ctx.count(dims);
        dims.add(Dim.of(out));
        ctx.output(new Shape(dims));
        ctx.param("weight", out, in1, in2);
        if (bias) ctx.param("bias", out);
        ctx.formula(Formula.sum(Formula.product(in1, in2, out), bias ? Numbers.plain(out) : null));
        ctx.macs(rows == null ? null : rows.multiply(out).multiply(in1).multiply(in2));
        ctx.explain(() -> "last dimension " + in1 + " (as both inputs) → " + out);
        ctx.describe("Bilinear(" + Numbers.plain(in1) + ", " + Numbers.plain(in2) + ", " + Numbers.plain(out) + (bias ? "" : ", bias=False") + ")");
    }

    private static void flatten(LayerContext ctx) {
        Shape x = ctx.input();
        int rank = Math.max(1, x.rank());
        int start = ctx.axis(ctx.args().integer("start_dim"), rank, "start_dim");
        if (start > 0) ctx.batchIsFirst(); // nn.Flatten keeps dimension 0, the batch
        else ctx.batchNotFirst(); // merged into the rest: no batch is left to count per
        int end = ctx.axis(ctx.args().integer("end_dim"), rank, "end_dim");
        if (start > end) {
            throw ctx.fail("Flatten's start_dim " + start + " comes after its end_dim " + end + " for input " + x,
                    "use start_dim ≤ end_dim");
        }
        List<Dim> dims = new ArrayList<>(x.dims().subList(0, start));
        List<Dim> merged = x.dims().subList(start, end + 1);
        if (merged.size() == 1) {
            dims.add(merged.get(0));
        } else {
            BigInteger product = BigInteger.ONE;
            StringBuilder work = new StringBuilder();
            for (Dim d : merged) {
                if (!(d instanceof Dim.Known k)) {
                    throw ctx.fail("Flatten would multiply the symbolic dimension " + d + " of its input " + x,
                            "give " + d + " a size in the input shape, or flatten only known dimensions (start_dim, end_dim)");
                }
                product = product.multiply(k.value());
                work.append(work.length() == 0 ? "" : "·").append(k.value());
            }
            dims.add(Dim.of(product));
            ctx.explain("dimensions " + start + ".." + end + " merged: " + work + " = " + product);
        }
        dims.addAll(x.dims().subList(end + 1, x.rank()));
        ctx.output(new Shape(dims));
        boolean dflt = !ctx.args().given("start_dim") && !ctx.args().given("end_dim");
        ctx.describe(dflt ? "Flatten()" : "Flatten(" + ctx.args().integer("start_dim") + ", " + ctx.args().integer("end_dim") + ")");
    }

    private static void permute(LayerContext ctx) {
        Shape x = ctx.input();
        List<BigInteger> dims = ctx.args().ints("dims");
        if (dims.size() != x.rank()) {
            throw ctx.fail("Permute" + tuple(dims) + " names " + dims.size() + " dimensions, but its input " + x + " has " + x.rank(),
                    "give each of the " + x.rank() + " dimensions once, e.g. " + tuple(identity(x.rank())));
        }
        boolean[] seen = new boolean[x.rank()];
        List<Dim> out = new ArrayList<>();
        for (BigInteger d : dims) {
            int axis = ctx.axis(d, x.rank(), "dims");
            if (seen[axis]) {
                throw ctx.fail("Permute" + tuple(dims) + " is not a permutation: dimension " + axis + " appears twice",
                        "give each of the " + x.rank() + " dimensions once, e.g. " + tuple(identity(x.rank())));
            }
            seen[axis] = true;
            out.add(x.get(axis));
        }
        if (ctx.args().ints("dims").isEmpty() || ctx.axis(dims.get(0), x.rank(), "dims") != 0) ctx.batchNotFirst(); // the batch moves
        ctx.output(new Shape(out));
        ctx.describe("Permute" + tuple(dims));
    }

    private static List<BigInteger> identity(int n) {
        List<BigInteger> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) ids.add(BigInteger.valueOf(i));
        return ids;
    }

    private static void transpose(LayerContext ctx) {
        Shape x = ctx.input();
        int a = ctx.axis(ctx.args().integer("dim0"), x.rank(), "dim0"), b = ctx.axis(ctx.args().integer("dim1"), x.rank(), "dim1");
        if ((a == 0) != (b == 0)) ctx.batchNotFirst(); // the batch moves
        List<Dim> out = new ArrayList<>(x.dims());
        out.set(a, x.get(b));
        out.set(b, x.get(a));
        ctx.output(new Shape(out));
        ctx.describe("Transpose(" + ctx.args().integer("dim0") + ", " + ctx.args().integer("dim1") + ")");
    }

    /** torch.narrow: start may count from the end; start + length must stay within the dimension. */
    private static void narrow(LayerContext ctx) {
        Shape x = ctx.input();
        int axis = ctx.axis(ctx.args().integer("dim"), x.rank(), "dim");
        BigInteger size = ctx.known(axis, "dimension " + axis);
        BigInteger start = ctx.args().integer("start"), length = ctx.args().integer("length");
        BigInteger from = start.signum() < 0 ? start.add(size) : start;
        if (from.signum() < 0 || from.compareTo(size) > 0 || from.add(length).compareTo(size) > 0) {
            throw ctx.fail("Narrow(" + ctx.args().integer("dim") + ", " + start + ", " + length + ") reaches past dimension "
                            + axis + " of its input " + x + ", whose size is " + size,
                    "keep start + length ≤ " + size);
        }
        List<Dim> out = new ArrayList<>(x.dims());
        out.set(axis, Dim.of(length));
        ctx.output(new Shape(out));
        ctx.describe("Narrow(" + ctx.args().integer("dim") + ", " + start + ", " + length + ")");
    }

    private static void unflatten(LayerContext ctx) {
        Shape x = ctx.input();
        int axis = ctx.axis(ctx.args().integer("dim"), x.rank(), "dim");
        List<BigInteger> sizes = ctx.args().ints("unflattened_size");
        int inferred = -1;
        BigInteger product = BigInteger.ONE;
        for (int i = 0; i < sizes.size(); i++) {
            BigInteger s = sizes.get(i);
            if (s.signum() < 0) {
                if (!s.equals(BigInteger.ONE.negate()) || inferred >= 0) {
                    throw ctx.fail("Unflatten's unflattened_size may contain a single −1 and otherwise sizes ≥ 0, got " + sizes, null);
                }
                inferred = i;
            } else {
                product = product.multiply(s);
            }
        }
        BigInteger total = ctx.known(axis, "dimension " + axis);
        List<BigInteger> result = new ArrayList<>(sizes);
        if (inferred >= 0) {
            if (product.signum() == 0 || total.mod(product).signum() != 0) {
                throw ctx.fail("Unflatten cannot split " + total + " into " + sizes + ": " + total + " is not a multiple of " + product,
                        "choose sizes whose product divides " + total);
            }
            result.set(inferred, total.divide(product));
        } else if (!product.equals(total)) {
            throw ctx.fail("Unflatten splits dimension " + axis + " of " + x + " into " + ConvLayers.show(sizes)
                            + ", whose product " + product + " is not " + total,
                    "choose sizes whose product is " + total);
        }
        List<Dim> dims = new ArrayList<>(x.dims().subList(0, axis));
        for (BigInteger s : result) dims.add(Dim.of(s));
        dims.addAll(x.dims().subList(axis + 1, x.rank()));
        ctx.output(new Shape(dims));
        ctx.describe("Unflatten(" + ctx.args().integer("dim") + ", " + tuple(sizes) + ")");
    }

    private static void select(LayerContext ctx) {
        Shape x = ctx.input();
        int axis = ctx.axis(ctx.args().integer("dim"), x.rank(), "dim");
        BigInteger index = ctx.args().integer("index");
        if (x.get(axis) instanceof Dim.Known k
                && (index.compareTo(k.value()) >= 0 || index.compareTo(k.value().negate()) < 0)) {
            throw ctx.fail("Select's index " + index + " is out of range for dimension " + axis + " of size " + k.value() + " in its input " + x,
                    "use an index between " + k.value().negate() + " and " + k.value().subtract(BigInteger.ONE));
        }
        List<Dim> dims = new ArrayList<>(x.dims());
        dims.remove(axis);
        ctx.output(new Shape(dims));
        ctx.explain("dimension " + axis + " of " + x + " reduced to its index " + index + ": " + ctx.output);
        ctx.describe("Select(" + ctx.args().integer("dim") + ", " + index + ")");
    }

    static String tuple(List<?> v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.size(); i++) sb.append(i > 0 ? ", " : "").append(v.get(i));
        return sb.append(v.size() == 1 ? ",)" : ")").toString();
    }
}
