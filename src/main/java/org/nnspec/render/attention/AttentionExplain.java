package org.nnspec.render.attention;

import org.nnspec.render.Numbers;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.nnspec.attention.AttentionResult;

/**
 * The work behind an attention result, for {@code explain}: each step's formula with the
 * shapes that go in and come out ({@code scores = Q·Kᵀ/√3  (5×3 · 3×5 → 5×5)}), the mask, the
 * head split, and one softmax row written out with its numbers.
 */
public final class AttentionExplain {
    private AttentionExplain() {}

    public static String explain(AttentionResult r, int precision) {
        List<String[]> steps = new ArrayList<>();
        int n = r.queries(), m = r.keys(), dk = r.dK(), dv = r.dV(), h = r.heads();
        if (r.projected()) {
            int d = r.dModel();
            steps.add(new String[] {"Q = X·W_Q", product(n, d, d, dk)});
            steps.add(new String[] {"K = X·W_K", product(m, d, d, dk)});
            steps.add(new String[] {"V = X·W_V", product(m, d, d, dv)});
        }
        String hs = h == 1 ? "" : "_j";
        int dh = dk / h, dvh = dv / h;
        if (h > 1) {
            steps.add(new String[] {"Q_j, K_j, V_j = column block j of Q, K, V",
                    "j = 1.." + h + ": " + dh + " = " + dk + "/" + h + " columns of Q and K, " + dvh + " of V"});
        }
        steps.add(new String[] {"scores" + hs + " = " + scoreFormula(r, hs), product(n, dh, dh, m)});
        if (r.mask() != null) {
            steps.add(new String[] {"scores" + hs + "[q, k] = −∞ where "
                    + (r.mask().isCausal() ? "k > q" : "mask[q, k] = 0"),
                    r.mask().isCausal() ? "causal mask: query q sees keys 0..q" : "mask matrix " + n + "×" + m});
        }
        steps.add(new String[] {"weights" + hs + " = softmax(scores" + hs + ", dim=-1)",
                n + "×" + m + ", each row sums to 1"});
        steps.add(new String[] {"output" + hs + " = weights" + hs + "·V" + hs, product(n, m, m, dvh)});
        if (h > 1) {
            List<String> parts = new ArrayList<>();
            for (int j = 1; j <= h; j++) parts.add("output_" + j);
            steps.add(new String[] {"output = [" + String.join(" ", parts) + "]", h + " × " + n + "×" + dvh + " → " + n + "×" + dv});
        }
        int width = 0;
        for (String[] s : steps) width = Math.max(width, s[0].length());
        StringBuilder sb = new StringBuilder();
        for (String[] s : steps) {
            sb.append(s[0]).append(" ".repeat(width - s[0].length() + 2)).append('(').append(s[1]).append(")\n");
        }
        sb.append("scale = ").append(scaleText(r));
        if (r.defaultScale()) sb.append("  (1/√(d_k/h), d_k/h = ").append(dh).append(')');
        sb.append('\n');
        workedRow(sb, r, precision);
        return sb.toString();
    }

    /** {@code Q·Kᵀ/√3}, {@code Q_1·K_1ᵀ/√2}, or {@code Q·Kᵀ·0.5} for a given scale. */
    public static String scoreFormula(AttentionResult r, String headSuffix) {
        String qk = "Q" + headSuffix + "·K" + headSuffix + "ᵀ";
        if (r.defaultScale()) return qk + "/√" + r.dK() / r.heads();
        return qk + "·" + Numbers.real(r.scale(), 6);
    }

    /** {@code 1/√3 ≈ 0.57735}, or the given scale. */
    public static String scaleText(AttentionResult r) {
        if (!r.defaultScale()) return Numbers.real(r.scale(), 6);
        return "1/√" + r.dK() / r.heads() + " ≈ " + Numbers.real(r.scale(), 6);
    }

    private static String product(int r1, int c1, int r2, int c2) {
        return r1 + "×" + c1 + " · " + r2 + "×" + c2 + " → " + r1 + "×" + c2;
    }

    /**
     * The softmax of the most concentrated query row of head 1, with its numbers; rows that see
     * a single key (weight 1 by construction) are passed over when another row sees more.
     */
    private static void workedRow(StringBuilder sb, AttentionResult r, int precision) {
        DMatrixRMaj scores = r.headScores().get(0), weights = r.headWeights().get(0);
        int best = 0;
        double bestMax = -1;
        for (int i = 0; i < weights.numRows; i++) {
            double max = 0;
            int visible = 0;
            for (int j = 0; j < weights.numCols; j++) {
                max = Math.max(max, weights.get(i, j));
                if (scores.get(i, j) != Double.NEGATIVE_INFINITY) visible++;
            }
            if (visible < 2 && weights.numCols > 1) max -= 1; // rank below every row with a choice
            if (max > bestMax + 1e-12) {
                bestMax = max;
                best = i;
            }
        }
        if (weights.numCols > 12) return; // a row that long does not read as a worked example
        String head = r.heads() == 1 ? "" : "_1";
        String label = r.tokens().get(best);
        sb.append("weights").append(head).append("[").append(label).append("] = softmax(")
                .append(row(scores, best, precision)).append(") = ").append(row(weights, best, precision)).append('\n');
        sb.append("  (subtract the row max, exponentiate, divide by the sum: e^(s_j − max) / Σ_k e^(s_k − max))");
    }

    private static String row(DMatrixRMaj m, int i, int precision) {
        StringBuilder sb = new StringBuilder("[");
        for (int j = 0; j < m.numCols; j++) {
            if (j > 0) sb.append(", ");
            sb.append(Numbers.real(m.get(i, j), precision));
        }
        return sb.append(']').toString();
    }
}
