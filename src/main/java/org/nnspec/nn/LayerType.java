package org.nnspec.nn;

/**
 * One entry of the layer catalog: the signature (PyTorch's names, order and defaults), the
 * rules in words for {@code bin/nnspec layers}, a one-line doc, and the rule itself, which
 * reads the bound arguments and input shape from a {@link LayerContext} and writes the output
 * shape, parameter tensors and formula, MACs and (for convolutions) the dense equivalent.
 */
public record LayerType(String name, String group, Signature signature, String doc,
                        String shapeRule, String paramRule, String macsRule, Rule rule) {

    /** A layer's shape, parameter and cost rule. */
    @FunctionalInterface
    public interface Rule {
        void apply(LayerContext ctx);
    }

    /** The catalog text for this layer: signature with defaults, rules and doc. */
    public String describe() {
        return signature.display() + "\n"
                + "  " + doc + "\n"
                + "  shape:  " + shapeRule + "\n"
                + "  params: " + paramRule + "\n"
                + "  MACs:   " + macsRule + "\n";
    }
}
