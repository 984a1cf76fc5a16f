package org.nnspec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

/**
 * The elementwise built-ins find their functions on the gradient tape when first called (not
 * when the table is built), so a name without one would only fail at its first use: every
 * name is checked here, with a value worked by hand.
 */
class BuiltinsTest {
    @Test void everyElementwiseNameHasItsFunction() {
        for (Builtins.Fn f : Builtins.Fn.values()) {
            assertNotNull(f.function(), f.name);
            assertNotNull(Builtins.get(f.name), f.name + " is in the table");
            // log is ln's other name; every other built-in is the tape's function of that name
            assertEquals(f.name.equals("log") ? "ln" : f.name, f.function().toString());
        }
    }

    @Test void valuesAtOne() {
        // by hand: sqrt 1 = 1, ln 1 = 0, log2 1 = 0, exp 1 = e, relu 1 = 1, sigmoid 0 = 1/2
        assertEquals(1.0, Builtins.Fn.SQRT.apply(1.0));
        assertEquals(0.0, Builtins.Fn.LN.apply(1.0));
        assertEquals(0.0, Builtins.Fn.LOG.apply(1.0));
        assertEquals(0.0, Builtins.Fn.LOG2.apply(1.0));
        assertEquals(Math.E, Builtins.Fn.EXP.apply(1.0));
        assertEquals(1.0, Builtins.Fn.RELU.apply(1.0));
        assertEquals(0.5, Builtins.Fn.SIGMOID.apply(0.0));
    }
}
