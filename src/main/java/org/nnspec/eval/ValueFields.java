package org.nnspec.eval;

import org.nnspec.eval.NetworkValues.AttentionV;
import org.nnspec.eval.NetworkValues.NetworkV;
import org.nnspec.eval.Value.IntV;
import org.nnspec.eval.Value.MatV;
import org.nnspec.eval.Value.ShapeV;
import org.nnspec.nn.Network;

/**
 * The fields a value has, read with {@code .name}: {@code Net.params} of a network,
 * {@code r.weights} of an attention result. (A matrix's {@code .T} is an operation, which the
 * evaluator applies itself.)
 */
final class ValueFields {
    private ValueFields() {}

    /** The field {@code name} of {@code target}, or null when it has none of that name. */
    static Value get(Value target, String name) {
        if (target instanceof NetworkV nv) {
            Network n = nv.network();
            if (n.incomplete() && help(target).contains(name)) throw new Poisoned.Used(); // its errors were reported
            switch (name) {
                case "params": return new IntV(n.totalParams());
                case "trainable_params": return new IntV(n.trainableParams());
                case "macs": return new IntV(known(n.totalMacs(), n, name));
                case "dense_macs": return new IntV(known(n.denseMacs(), n, name));
                case "input": return new ShapeV(n.input());
                case "output": return n.output() == null ? null : new ShapeV(n.output());
                default: return null;
            }
        }
        if (target instanceof NetworkValues.CostV cv) {
            if (!org.nnspec.nn.Cost.FIELDS.contains(name)) return null;
            Object f = cv.cost().field(name);
            if (f == null) {
                throw new org.nnspec.diag.NnspecException("this cost has no flops_per_token: " + cv.cost().network().name()
                        + " has no sequence length (context)", "give context= for a network of sequences");
            }
            return f instanceof java.math.BigInteger b ? new IntV(b) : new Value.RealV(((Number) f).doubleValue());
        }
        if (target instanceof AttentionV av) {
            var m = av.result().field(name);
            return m == null ? null : new MatV(m);
        }
        return null;
    }

    /** A count, or the error that says it depends on a symbolic size (docs/language.md section 6). */
    private static java.math.BigInteger known(java.math.BigInteger count, Network n, String field) {
        if (count != null) return count;
        throw new org.nnspec.diag.NnspecException("the MACs of " + n.name() + " (." + field + ") depend on a symbolic size of its input "
                + n.input(), "give every dimension of the input but the batch a size, as in (N, 128, 64)");
    }

    /** Which fields {@code target} has, for the error about one it lacks; null when it has none. */
    static String help(Value target) {
        if (target instanceof MatV) return "a matrix has the field .T (its transpose)";
        if (target instanceof NetworkV) return "a network has the fields params, trainable_params, macs, dense_macs, input, output";
        if (target instanceof NetworkValues.CostV) return "a cost has the fields " + String.join(", ", org.nnspec.nn.Cost.FIELDS);
        if (target instanceof AttentionV) return "an attention result has the fields Q, K, V, scores, weights, output";
        return null;
    }
}
