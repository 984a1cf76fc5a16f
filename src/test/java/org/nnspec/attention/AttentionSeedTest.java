package org.nnspec.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.nnspec.render.attention.AttentionExplain;
import org.nnspec.render.attention.AttentionText;

/**
 * Problem 4 of the seed ("The red panda is cute"), docs/language.md section 12, with the hand
 * derivation beside each assertion.
 */
class AttentionSeedTest {
    static final List<String> TOKENS = List.of("The", "red", "panda", "is", "cute");
    static final double S3 = Math.sqrt(3), LN80 = Math.log(80), LN17 = Math.log(17);

    static AttentionResult seed(Mask mask) {
        DMatrixRMaj X = new DMatrixRMaj(new double[][] {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 0}, {0, 0, 1}});
        DMatrixRMaj W_Q = new DMatrixRMaj(new double[][] {{0, 0, 0}, {1, 0, 0}, {0, 0, 0}});
        DMatrixRMaj W_K = new DMatrixRMaj(new double[][] {{S3 * LN80, 0, 0}, {0, 0, 0}, {S3 * LN17, 0, 0}});
        DMatrixRMaj W_V = new DMatrixRMaj(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
        return Attention.selfAttention(X, W_Q, W_K, W_V, TOKENS, mask, 1, null);
    }

    static void assertMatrix(double[][] expected, DMatrixRMaj actual, double tol) {
        assertEquals(expected.length, actual.numRows, "rows");
        assertEquals(expected[0].length, actual.numCols, "cols");
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[0].length; j++) {
                assertEquals(expected[i][j], actual.get(i, j), tol, "[" + i + ", " + j + "]");
            }
        }
    }

    @Test
    void part_a_QKV() {
        AttentionResult r = seed(null);
        // Q = X·W_Q: row i of Q is the W_Q row picked by X's one-hot row; only "panda" = e2 picks
        // W_Q's second row [1 0 0]; "red" = e1 and "cute" = e3 pick zero rows.
        assertMatrix(new double[][] {{0, 0, 0}, {0, 0, 0}, {1, 0, 0}, {0, 0, 0}, {0, 0, 0}}, r.Q(), 1e-15);
        // K = X·W_K: "red" picks [√3 ln80, 0, 0], "cute" picks [√3 ln17, 0, 0], "panda" a zero row.
        assertMatrix(new double[][] {{0, 0, 0}, {S3 * LN80, 0, 0}, {0, 0, 0}, {0, 0, 0}, {S3 * LN17, 0, 0}}, r.K(), 1e-15);
        // V = X·I = X
        assertMatrix(new double[][] {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 0}, {0, 0, 1}}, r.V(), 0);
    }

    @Test
    void part_b_scores() {
        AttentionResult r = seed(null);
        // panda's query [1 0 0] dotted with red's key gives √3·ln80, divided by √3: ln 80;
        // with cute's key ln 17; every other query is zero, so its row is zero.
        double[][] expected = new double[5][5];
        expected[2][1] = LN80;
        expected[2][4] = LN17;
        assertMatrix(expected, r.scores(), 1e-14);
        assertEquals(1 / S3, r.scale(), 1e-16); // scale = 1/√d_model = 1/√3
    }

    @Test
    void part_c_weights() {
        AttentionResult r = seed(null);
        // panda: exp of [0, ln80, 0, 0, ln17] = [1, 80, 1, 1, 17], sum 100 → [0.01, 0.8, 0.01, 0.01, 0.17];
        // a zero row: exp(0) = 1 five times → 0.2 each.
        double[][] expected = new double[5][];
        for (int i = 0; i < 5; i++) expected[i] = new double[] {0.2, 0.2, 0.2, 0.2, 0.2};
        expected[2] = new double[] {0.01, 0.80, 0.01, 0.01, 0.17};
        assertMatrix(expected, r.weights(), 1e-14);
    }

    @Test
    void part_d_output() {
        AttentionResult r = seed(null);
        // output = weights·V with V = X: panda = 0.8·red + 0.01·panda + 0.17·cute
        //   = 0.8·[1 0 0] + 0.01·[0 1 0] + 0.17·[0 0 1] = [0.8, 0.01, 0.17];
        // a uniform row = 0.2·(red + panda + cute) = [0.2, 0.2, 0.2] (The and is are zero rows).
        double[][] expected = new double[5][];
        for (int i = 0; i < 5; i++) expected[i] = new double[] {0.2, 0.2, 0.2};
        expected[2] = new double[] {0.80, 0.01, 0.17};
        assertMatrix(expected, r.output(), 1e-14);
    }

    @Test
    void part_e_whoAttendsToWhom() {
        String text = AttentionText.render(seed(null), 6);
        // 4(e): panda gathers from red (0.8) and cute (0.17): 97% of its weight, so two keys listed
        assertTrue(text.contains("panda → red 0.8, cute 0.17"), text);
        assertTrue(text.contains("The   → (uniform) 0.2 each"), text);
        assertTrue(text.contains("cute  → (uniform) 0.2 each"), text);
        // rows and columns of the weights labelled with the tokens, values at 6 digits
        assertTrue(text.contains("          The  red  panda    is  cute\n  The     0.2  0.2    0.2   0.2   0.2"), text);
        assertTrue(text.contains("  panda  0.01  0.8   0.01  0.01  0.17"), text);
        assertTrue(text.contains("scores = Q·Kᵀ/√3  (5×5)"), text);
        assertTrue(text.contains("  panda    0  4.38203      0   0  2.83321"), text); // ln 80, ln 17
        assertTrue(text.startsWith("self-attention over 5 tokens, d_model 3, d_k 3, d_v 3, scale 1/√3 ≈ 0.57735\n"), text);
    }

    @Test
    void causalMaskOnTheSeed() {
        AttentionResult r = seed(Mask.causal());
        // panda (row 2) sees The, red, panda: exp [0, ln80, 0] = [1, 80, 1] over 82
        assertMatrix(new double[][] {{1.0 / 82, 80.0 / 82, 1.0 / 82, 0, 0}}, rowOf(r.weights(), 2), 1e-15);
        // The (row 0) sees only itself; red (row 1) sees The and red equally
        assertMatrix(new double[][] {{1, 0, 0, 0, 0}, {0.5, 0.5, 0, 0, 0}},
                new DMatrixRMaj(new double[][] {rowOf(r.weights(), 0).data, rowOf(r.weights(), 1).data}), 0);
        assertEquals(Double.NEGATIVE_INFINITY, r.scores().get(0, 1));
        String text = AttentionText.render(r, 6);
        assertTrue(text.contains("The   → The 1"), text);
        assertTrue(text.contains("red   → (uniform over 2 keys) 0.5 each"), text);
        assertTrue(text.contains("panda → red 0.976"), text); // 80/82 = 0.9756...
        String explain = AttentionExplain.explain(r, 6);
        assertTrue(explain.matches("(?s).*scores\\[q, k\\] = −∞ where k > q +\\(causal mask: query q sees keys 0..q\\).*"), explain);
        // the worked row is panda's (0.976), not The's (it sees only itself, weight 1 by construction)
        assertTrue(explain.contains("weights[panda] = softmax([0, 4.38203, 0, -inf, -inf]) = [0.0121951, 0.97561, 0.0121951, 0, 0]"), explain);
    }

    @Test
    void explainShowsFormulasWithShapes() {
        String text = AttentionExplain.explain(seed(null), 6);
        assertTrue(text.contains("Q = X·W_Q"), text);
        assertTrue(text.matches("(?s).*scores = Q·Kᵀ/√3 +\\(5×3 · 3×5 → 5×5\\).*"), text);
        assertTrue(text.matches("(?s).*weights = softmax\\(scores, dim=-1\\) +\\(5×5, each row sums to 1\\).*"), text);
        assertTrue(text.matches("(?s).*output = weights·V +\\(5×5 · 5×3 → 5×3\\).*"), text);
        assertTrue(text.contains("scale = 1/√3 ≈ 0.57735"), text);
        assertTrue(text.contains("weights[panda] = softmax([0, 4.38203, 0, 0, 2.83321]) = [0.01, 0.8, 0.01, 0.01, 0.17]"), text);
    }

    static DMatrixRMaj rowOf(DMatrixRMaj m, int i) {
        DMatrixRMaj row = new DMatrixRMaj(1, m.numCols);
        for (int j = 0; j < m.numCols; j++) row.set(0, j, m.get(i, j));
        return row;
    }
}
