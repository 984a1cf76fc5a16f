package org.nnspec.nn;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Catalog entries for tensors that are not a layer's weight (docs/language.md section 6.1):
 * {@code Parameter(*size)}, a learnable tensor (nn.Parameter: ViT's class token and position
 * table, ConvNeXt's layer scale), and {@code Expand(*sizes)}, Tensor.expand.
 */
final class TensorLayers {
    private TensorLayers() {}

    static void register(LayerCatalog.Registry r) {
        r.add(new LayerType("Parameter", "tensors", Signature.variadic("Parameter", Param.tupleOfAnyLength("size", null)),
                "a learnable tensor (nn.Parameter(torch.zeros(*size))): its output is the tensor itself, whatever its input",
                "any input → size", "the product of the sizes", "0", TensorLayers::parameter));
        r.add(new LayerType("Expand", "tensors", Signature.variadic("Expand", Param.sizesOrNames("sizes")),
                "x.expand(*sizes): stretches dimensions of size 1 without copying; −1 keeps a size, a name such as N is that symbolic dimension",
                "(…, 1, …) → sizes; new dimensions go in front", "0", "0", TensorLayers::expand));
    }

    private static void parameter(LayerContext ctx) {
        List<BigInteger> size = ctx.args().ints("size");
        for (BigInteger s : size) {
            if (s.signum() <= 0) {
                throw ctx.fail("Parameter" + ShapeLayers.tuple(size) + " has a size " + s + ": a learnable tensor's sizes are 1 or more",
                        s.signum() == 0 ? "PyTorch would make an empty tensor, with nothing to learn; use 1 or more" : "sizes are counts: use a positive number");
            }
        }
        List<Dim> dims = new ArrayList<>(size.size());
        for (BigInteger s : size) dims.add(Dim.of(s));
        ctx.output(new Shape(dims));
        ctx.param("", size.toArray(new BigInteger[0]));
        ctx.formula(Formula.product(size.toArray()));
        ctx.describe("Parameter" + ShapeLayers.tuple(size));
    }

    private static void expand(LayerContext ctx) {
        @SuppressWarnings("unchecked")
        List<Object> sizes = (List<Object>) ctx.args().raw("sizes");
        Shape x = ctx.input();
        int extra = sizes.size() - x.rank();
        if (extra < 0) {
            throw ctx.fail("Expand" + ShapeLayers.tuple(sizes) + " gives " + sizes.size() + " sizes, but its input " + x + " has " + x.rank() + " dimensions",
                    "give one size per dimension (−1 keeps one); new dimensions may only be added in front");
        }
        List<Dim> out = new ArrayList<>(sizes.size());
        for (int i = 0; i < sizes.size(); i++) {
            Object s = sizes.get(i);
            Dim want = s instanceof Dim d ? d : ((BigInteger) s).signum() < 0 ? null : Dim.of((BigInteger) s);
            if (i < extra) {
                if (want == null) {
                    throw ctx.fail("Expand" + ShapeLayers.tuple(sizes) + " puts −1 at the new dimension " + i + ", where there is no size to keep",
                            "give the new leading dimensions a size or a name (N)");
                }
                out.add(want);
                continue;
            }
            Dim have = x.get(i - extra);
            if (want == null || want.equals(have)) {
                out.add(have);
            } else if (have.equals(Dim.of(1))) {
                out.add(want);
            } else {
                throw ctx.fail("Expand" + ShapeLayers.tuple(sizes) + " cannot stretch dimension " + (i - extra) + " of its input " + x + " from " + have + " to " + want,
                        "only a dimension of size 1 stretches; write −1 to keep " + have);
            }
        }
        ctx.output(new Shape(out));
        ctx.describe("Expand" + ShapeLayers.tuple(sizes));
    }
}
