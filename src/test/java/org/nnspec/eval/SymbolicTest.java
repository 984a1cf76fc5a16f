package org.nnspec.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nnspec.ProgramRun;

/**
 * {@code explain grad} through one assignment writes the local derivative as a formula
 * beside its value. Each expected formula is the textbook derivative worked by hand, and its
 * value at w = 3 beside it.
 */
class SymbolicTest {
    private static void explains(String definition, String expected) {
        String out = ProgramRun.of("w = 3\ny = " + definition + "\nexplain grad(y, w)\n").out();
        assertTrue(out.contains("∂y/∂w = " + expected + "   from y = " + definition), out);
    }

    @Test void powersProductsAndQuotients() {
        explains("w^2", "2·w = 6");                            // 2w
        explains("5 * w^3 - w", "15·w^2 − 1 = 134");           // 15·9 − 1
        explains("1 / w", "−1/w^2 = -0.111111");               // −1/9
        explains("(w + 1) / (w - 1)", "(w − 1 − (w + 1))/(w − 1)^2 = -0.5");   // −2/4
        explains("2^w", "2^w·ln(2) = 5.54518");                // 8 ln 2
    }

    @Test void functionsByTheChainRule() {
        explains("sin(w)", "cos(w) = -0.989992");              // cos 3
        explains("exp(2 * w)", "2·exp(2·w) = 806.858");        // 2e⁶
        explains("ln(w^2)", "2·w/w^2 = 0.666667");             // 2/w
        explains("tanh(w)", "1 − tanh(w)^2 = 0.00986604");     // sech² 3
        explains("sqrt(w)", "1/(2·sqrt(w)) = 0.288675");       // 1/(2√3)
    }

    @Test void otherNamesAreHeldConstant() {
        String out = ProgramRun.of("w = 3\nk = 4\ny = k * w^2\nexplain grad(y, w)\n").out();
        assertTrue(out.contains("∂y/∂w = 2·k·w = 24"), out);   // 2·4·3; k is not w
    }

    @Test void whatHasNoFormulaShowsTheNumberAlone() {
        String out = ProgramRun.of("w = 3\ny = max(w, 1) * 2\nexplain grad(y, w)\n").out();
        assertTrue(out.contains("∂y/∂w = 2   from y = max(w, 1) * 2"), out);
    }
}
