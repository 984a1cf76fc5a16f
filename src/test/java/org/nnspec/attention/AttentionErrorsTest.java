package org.nnspec.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nnspec.diag.NnspecException;

/** Every misfit is a user error with both shapes in the message and a help line, never an EJML exception. */
class AttentionErrorsTest {
    static DMatrixRMaj zeros(int r, int c) { return new DMatrixRMaj(r, c); }

    static NnspecException error(Executable call) {
        NnspecException e = assertThrows(NnspecException.class, call);
        assertTrue(e.help() != null && !e.help().isBlank(), "help for: " + e.getMessage());
        return e;
    }

    @Test
    void qAndKWidths() {
        NnspecException e = error(() -> Attention.attention(zeros(5, 3), zeros(5, 4), zeros(5, 3), null, null));
        assertEquals("Q·Kᵀ needs Q and K to have the same number of columns (d_k), but Q is 5×3 and K is 5×4", e.getMessage());
    }

    @Test
    void keysAndValues() {
        NnspecException e = error(() -> Attention.attention(zeros(5, 3), zeros(5, 3), zeros(4, 3), null, null));
        assertEquals("weights·V needs one row of V per key, but K is 5×3 (5 keys) and V is 4×3", e.getMessage());
        assertEquals("K and V come from the same positions: give V 5 rows", e.help());
    }

    @Test
    void headsMustDivide() {
        NnspecException e = error(() -> Attention.attentionResult(zeros(5, 3), zeros(5, 3), zeros(5, 3), null, null, null, 2, null));
        assertEquals("heads=2 does not divide d_k=3 (Q is 5×3, K is 5×3): each head takes d_k/h contiguous columns of Q and K",
                e.getMessage());
        assertEquals("choose heads among 1, 3 (the divisors of 3)", e.help());
        error(() -> Attention.attentionResult(zeros(5, 4), zeros(5, 4), zeros(5, 3), null, null, null, 2, null));
        error(() -> Attention.attentionResult(zeros(5, 4), zeros(5, 4), zeros(5, 4), null, null, null, 0, null));
    }

    @Test
    void projections() {
        NnspecException e = error(() -> Attention.selfAttention(zeros(5, 3), zeros(4, 3), zeros(3, 3), zeros(3, 3), null, null, 1, null));
        assertEquals("X·W_Q needs W_Q to have one row per column of X (d_model = 3), but X is 5×3 and W_Q is 4×3", e.getMessage());
        e = error(() -> Attention.selfAttention(zeros(5, 3), zeros(3, 3), zeros(3, 2), zeros(3, 3), null, null, 1, null));
        assertEquals("Q·Kᵀ needs W_Q and W_K to have the same number of columns (d_k), but W_Q is 3×3 and W_K is 3×2", e.getMessage());
        e = error(() -> Attention.selfAttention(zeros(5, 3), zeros(3, 3), zeros(3, 3), zeros(2, 3), null, null, 1, null));
        assertTrue(e.getMessage().contains("W_V is 2×3"), e.getMessage());
    }

    @Test
    void tokensCount() {
        NnspecException e = error(() -> Attention.selfAttention(zeros(5, 3), zeros(3, 3), zeros(3, 3), zeros(3, 3),
                List.of("a", "b"), null, 1, null));
        assertEquals("2 tokens for the 5 rows of X", e.getMessage());
    }

    @Test
    void masks() {
        NnspecException e = error(() -> Attention.attention(zeros(2, 3), zeros(3, 3), zeros(3, 3), Mask.of(zeros(3, 3)), null));
        assertEquals("the mask is 3×3 but the scores are 2×3 (queries × keys)", e.getMessage());
        e = error(() -> Mask.of(new DMatrixRMaj(new double[][] {{1, 0.5}})));
        assertTrue(e.getMessage().contains("entry [0, 1] is 0.5"), e.getMessage());
        e = error(() -> Mask.named("future"));
        assertEquals("unknown mask \"future\"", e.getMessage());
        e = error(() -> Attention.selfAttention(zeros(2, 1), zeros(1, 1), zeros(1, 1), zeros(1, 1), List.of("x", "y"),
                Mask.of(new DMatrixRMaj(new double[][] {{1, 1}, {0, 0}})), 1, null));
        assertTrue(e.getMessage().startsWith("query \"y\" (row 1) is fully masked"), e.getMessage());
    }

    @Test
    void emptyAndNonFinite() {
        error(() -> Attention.attention(zeros(0, 3), zeros(5, 3), zeros(5, 3), null, null));
        error(() -> Attention.attention(zeros(5, 3), zeros(5, 3), zeros(5, 3), null, Double.NaN));
        NnspecException e = error(() -> Attention.attention(zeros(10000, 1), zeros(10000, 1), zeros(10000, 1), null, null));
        assertTrue(e.getMessage().contains("10000×10000 score matrix"), e.getMessage());
        // the README's limit of every matrix, 50,000,000 entries, in the same words
        assertTrue(e.getMessage().endsWith("more than nnspec holds (at most 50,000,000 entries)"), e.getMessage());
    }
}
