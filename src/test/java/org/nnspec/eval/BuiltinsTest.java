package org.nnspec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nnspec.autodiff.Elementwise;
import org.nnspec.autodiff.Gradients;
import org.nnspec.autodiff.Node;
import org.nnspec.autodiff.Tape;

/**
 * The table's elementwise entries: every function has its name (and alias) in the table, its
 * plain value is the function's value, worked by hand, and the tape records the same value
 * with the function's derivative.
 */
class BuiltinsTest {
    @Test void everyElementwiseNameIsInTheTable() {
        for (Elementwise f : Elementwise.values()) {
            assertNotNull(Builtins.get(f.builtin()), f.builtin() + " is in the table");
            if (f.alias() != null) assertNotNull(Builtins.get(f.alias()), f.alias() + " is in the table");
        }
    }

    @Test void everyElementwiseNameComputesItsFunction() {
        Set<String> checked = new HashSet<>();
        // by hand; exact where the double result is exact, else to 1e-15
        exact(checked, "sqrt", 9, 3);
        exact(checked, "ln", Math.E * Math.E, 2);
        close(checked, "log", Math.E * Math.E, 2); // log is ln (log10 would give 0.87)
        close(checked, "log2", 8, 3);
        exact(checked, "log10", 1000, 3); // Math.log10 is exact at powers of ten
        exact(checked, "exp", 0, 1);
        exact(checked, "abs", -2.5, 2.5);
        close(checked, "sin", Math.PI / 2, 1);
        close(checked, "cos", Math.PI, -1);
        close(checked, "tan", Math.PI / 4, 1);
        close(checked, "tanh", Math.log(2), 0.6); // (4 − 1)/(4 + 1)
        close(checked, "sigmoid", Math.log(3), 0.75); // 1/(1 + 1/3)
        exact(checked, "relu", -2, 0);
        exact(checked, "relu", 2, 2);
        close(checked, "gelu", 1, 0.8413447460685429); // 1·Φ(1), the standard normal table
        Set<String> all = new HashSet<>();
        for (Elementwise f : Elementwise.values()) {
            all.add(f.builtin());
            if (f.alias() != null) all.add(f.alias());
        }
        assertEquals(all, checked, "every built-in is checked");
    }

    /**
     * Derivatives through the table's tape entries, worked by hand: each is the one the
     * function's definition gives, at the same value the plain call gives.
     */
    @Test void theTapeEntryGivesTheValueAndTheDerivative() {
        // sqrt'(4) = 1/(2·2); ln'(2) = 1/2; exp'(0) = e^0 = 1; tanh'(0) = 1 − 0²;
        // sigmoid'(0) = 0.5·(1 − 0.5); relu'(-1) = 0, relu'(3) = 1; gelu'(0) = Φ(0) + 0·φ(0) = 0.5
        derivative("sqrt", 4, 0.25);
        derivative("ln", 2, 0.5);
        derivative("log", 2, 0.5);
        derivative("exp", 0, 1);
        derivative("tanh", 0, 1);
        derivative("sigmoid", 0, 0.25);
        derivative("relu", -1, 0);
        derivative("relu", 3, 1);
        derivative("gelu", 0, 0.5);
    }

    /**
     * Where float64 rounding decides, the plain value and the tape's are the same number, and
     * both are PyTorch's. Expected values printed by Debian's python3-torch 1.13.1 in float64:
     * torch.relu(nan) = nan with gradient 1 (threshold_backward passes it where x <= 0 is
     * false); torch.sigmoid(-745) = 1/(1 + e^745) = 0.0, gradient 0.0;
     * torch.nn.functional.gelu(-10) = -0.0 (1 + erf(-10/√2) rounds to 0), gradient
     * -7.694598626706419e-22.
     */
    @Test void plainAndTapeAgreeWithTorchAtTheEdges() {
        edge("relu", Double.NaN, Double.NaN, 1);
        edge("sigmoid", -745, 0.0, 0.0);
        edge("gelu", -10, -0.0, -7.694598626706419e-22);
    }

    private static void edge(String name, double x, double value, double derivative) {
        assertEquals(value, plain(name, x), name + "(" + x + ") plain"); // without a delta, -0.0 is not 0.0 and NaN is NaN
        Tape tape = new Tape();
        Node v = tape.variable(x);
        Node out = ((TracedV) call(name, new TracedV(v), true)).node();
        assertEquals(value, out.scalar(), name + "(" + x + ") on the tape");
        assertEquals(derivative, Gradients.derivative(out, v), Math.abs(derivative) * 1e-14, name + "'(" + x + ")");
    }

    /**
     * max and min of entries with a NaN are NaN, plain and traced, over all entries and along
     * a dim: torch.max(torch.tensor([1., nan, 2.], dtype=torch.float64)) is nan, as are
     * torch.min of it and the max and min of each row or column holding the NaN
     * (python3-torch 1.13.1).
     */
    @Test void maxAndMinOfANaNAreNaNPlainAndTraced() {
        org.ejml.data.DMatrixRMaj m = new org.ejml.data.DMatrixRMaj(new double[][] {{1, Double.NaN, 2}});
        for (String name : List.of("max", "min")) {
            Value plain = call(name, new Value.MatV(m), false);
            assertTrue(Double.isNaN(((Value.RealV) plain).value()), name + " plain: " + plain);
            Node traced = ((TracedV) call(name, new TracedV(new Tape().variable(m)), true)).node();
            assertTrue(Double.isNaN(traced.scalar()), name + " traced: " + traced.scalar());
        }
        // along dim=0 of [1 nan 2; 4 0 3]: max per column [4 nan 3], min [1 nan 2]
        org.ejml.data.DMatrixRMaj two = new org.ejml.data.DMatrixRMaj(new double[][] {{1, Double.NaN, 2}, {4, 0, 3}});
        Builtin max = Builtins.get("max");
        Args byColumn = Args.bind(max, List.of(new Args.Given(null, new Value.MatV(two), null, null),
                new Args.Given("dim", Value.IntV.of(0), null, null)), null);
        org.ejml.data.DMatrixRMaj columns = ((Value.MatV) max.call(byColumn, false)).m();
        assertEquals(4, columns.data[0], 0);
        assertTrue(Double.isNaN(columns.data[1]));
        assertEquals(3, columns.data[2], 0);
    }

    private static void derivative(String name, double x, double expected) {
        Tape tape = new Tape();
        Node v = tape.variable(x);
        Value y = call(name, new TracedV(v), true);
        Node out = ((TracedV) y).node();
        assertEquals(plain(name, x), out.scalar(), 0, name + "(" + x + ") on the tape is the plain value");
        assertEquals(expected, Gradients.derivative(out, v), 1e-15, name + "'(" + x + ")");
    }

    static Value call(String name, Value x, boolean traced) {
        Builtin b = Builtins.get(name);
        Args args = Args.bind(b, List.of(new Args.Given(null, x, null, null)), null);
        return b.call(args, traced);
    }

    static double plain(String name, double x) {
        Value v = call(name, new Value.RealV(x), false);
        assertTrue(v instanceof Value.RealV, name + " of a number is a number");
        return ((Value.RealV) v).value();
    }

    private static void exact(Set<String> checked, String name, double x, double expected) {
        assertEquals(expected, plain(name, x), name + "(" + x + ")");
        checked.add(name);
    }

    private static void close(Set<String> checked, String name, double x, double expected) {
        assertEquals(expected, plain(name, x), 1e-15, name + "(" + x + ")");
        checked.add(name);
    }
}
