package org.nnspec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The elementwise built-ins find their functions on the gradient tape when first called (not
 * when the table is built), so a name without one, or with the wrong one, would only show at
 * its first use: every name is called here, at a point whose value is worked by hand.
 */
class BuiltinsTest {
    @Test void everyElementwiseNameIsInTheTable() {
        for (Builtins.Fn f : Builtins.Fn.values()) assertNotNull(Builtins.get(f.name), f.name + " is in the table");
    }

    @Test void everyElementwiseNameComputesItsFunction() {
        Set<Builtins.Fn> checked = EnumSet.noneOf(Builtins.Fn.class);
        // by hand; exact where the double result is exact, else to 1e-15
        exact(checked, Builtins.Fn.SQRT, 9, 3);
        exact(checked, Builtins.Fn.LN, Math.E * Math.E, 2);
        close(checked, Builtins.Fn.LOG, Math.E * Math.E, 2); // log is ln (log10 would give 0.87)
        close(checked, Builtins.Fn.LOG2, 8, 3);
        exact(checked, Builtins.Fn.LOG10, 1000, 3); // Math.log10 is exact at powers of ten
        exact(checked, Builtins.Fn.EXP, 0, 1);
        exact(checked, Builtins.Fn.ABS, -2.5, 2.5);
        close(checked, Builtins.Fn.SIN, Math.PI / 2, 1);
        close(checked, Builtins.Fn.COS, Math.PI, -1);
        close(checked, Builtins.Fn.TAN, Math.PI / 4, 1);
        close(checked, Builtins.Fn.TANH, Math.log(2), 0.6); // (4 − 1)/(4 + 1)
        close(checked, Builtins.Fn.SIGMOID, Math.log(3), 0.75); // 1/(1 + 1/3)
        exact(checked, Builtins.Fn.RELU, -2, 0);
        exact(checked, Builtins.Fn.RELU, 2, 2);
        close(checked, Builtins.Fn.GELU, 1, 0.8413447460685429); // 1·Φ(1), the standard normal table
        assertEquals(EnumSet.allOf(Builtins.Fn.class), checked, "every built-in is checked");
    }

    private static void exact(Set<Builtins.Fn> checked, Builtins.Fn f, double x, double expected) {
        assertEquals(expected, f.apply(x), f.name + "(" + x + ")");
        checked.add(f);
    }

    private static void close(Set<Builtins.Fn> checked, Builtins.Fn f, double x, double expected) {
        assertEquals(expected, f.apply(x), 1e-15, f.name + "(" + x + ")");
        checked.add(f);
    }
}
