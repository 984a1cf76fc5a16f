package org.nnspec.render.attention;

import org.nnspec.render.MatrixText;
import org.nnspec.render.Numbers;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.nnspec.attention.AttentionResult;

/**
 * The text report of an {@link AttentionResult}: each matrix with its rows labelled by the
 * tokens (and the columns of scores and weights by the key tokens), then, per query token, the
 * keys it attends to most ({@code panda → red 0.8, cute 0.17}).
 */
public final class AttentionText {
    /** Keys are listed until they hold this much of the row's weight... */
    static final double MASS = 0.9;
    /** ...or this many keys have been listed. */
    static final int TOP = 3;
    /** A row whose visible weights all lie within this ratio of each other is called uniform. */
    static final double UNIFORM_RATIO = 1.05;
    /** Focus lines use at most this many significant digits: they summarise, the matrices are exact. */
    static final int FOCUS_DIGITS = 3;

    private AttentionText() {}

    public static String render(AttentionResult r, int precision) {
        StringBuilder sb = new StringBuilder();
        sb.append(header(r)).append('\n');
        matrix(sb, r.projected() ? "Q = X·W_Q" : "Q", r.Q(), r.tokens(), null, precision);
        matrix(sb, r.projected() ? "K = X·W_K" : "K", r.K(), r.keyTokens(), null, precision);
        matrix(sb, r.projected() ? "V = X·W_V" : "V", r.V(), r.keyTokens(), null, precision);
        if (r.heads() == 1) {
            matrix(sb, "scores = " + AttentionExplain.scoreFormula(r, ""), r.scores(), r.tokens(), r.keyTokens(), precision);
            matrix(sb, "weights = softmax(scores)", r.weights(), r.tokens(), r.keyTokens(), precision);
        } else {
            for (int j = 0; j < r.heads(); j++) {
                String h = Integer.toString(j + 1);
                matrix(sb, "scores_" + h + " = " + AttentionExplain.scoreFormula(r, "_" + h),
                        r.headScores().get(j), r.tokens(), r.keyTokens(), precision);
                matrix(sb, "weights_" + h + " = softmax(scores_" + h + ")", r.headWeights().get(j),
                        r.tokens(), r.keyTokens(), precision);
            }
            matrix(sb, "weights (mean over the " + r.heads() + " heads)", r.weights(), r.tokens(), r.keyTokens(), precision);
        }
        matrix(sb, r.heads() == 1 ? "output = weights·V" : "output = [" + headOutputs(r.heads()) + "]",
                r.output(), r.tokens(), null, precision);
        sb.append("who attends to whom:");
        if (r.heads() == 1) {
            focus(sb, r.weights(), r.tokens(), r.keyTokens(), "  ");
        } else {
            for (int j = 0; j < r.heads(); j++) {
                sb.append("\n  head ").append(j + 1).append(':');
                focus(sb, r.headWeights().get(j), r.tokens(), r.keyTokens(), "    ");
            }
        }
        return sb.toString();
    }

    /** The one-line summary that heads the report. */
    public static String header(AttentionResult r) {
        StringBuilder sb = new StringBuilder(r.projected() ? "self-attention" : "attention");
        if (r.projected()) {
            sb.append(" over ").append(r.queries()).append(r.queries() == 1 ? " token" : " tokens");
        } else {
            sb.append(" of ").append(r.queries()).append(r.queries() == 1 ? " query" : " queries");
            sb.append(" over ").append(r.keys()).append(r.keys() == 1 ? " key" : " keys");
        }
        if (r.projected()) sb.append(", d_model ").append(r.dModel());
        sb.append(", d_k ").append(r.dK()).append(", d_v ").append(r.dV());
        if (r.heads() > 1) sb.append(", ").append(r.heads()).append(" heads of d_k ").append(r.dK() / r.heads());
        sb.append(", scale ").append(AttentionExplain.scaleText(r));
        if (r.mask() != null) sb.append(", ").append(r.mask().describe()).append(" mask");
        return sb.toString();
    }

    private static String headOutputs(int heads) {
        List<String> parts = new ArrayList<>();
        for (int j = 1; j <= heads; j++) parts.add("weights_" + j + "·V_" + j);
        return String.join("  ", parts);
    }

    private static void matrix(StringBuilder sb, String title, DMatrixRMaj m, List<String> rows, List<String> cols, int precision) {
        sb.append(title).append("  (").append(m.numRows).append('×').append(m.numCols).append(")\n");
        sb.append(MatrixText.render(m, rows, cols, precision)).append('\n');
    }

    private static void focus(StringBuilder sb, DMatrixRMaj weights, List<String> queries, List<String> keys, String indent) {
        int width = 0;
        for (String q : queries) width = Math.max(width, q.length());
        for (int i = 0; i < weights.numRows; i++) {
            sb.append('\n').append(indent).append(queries.get(i));
            sb.append(" ".repeat(width - queries.get(i).length())).append(" → ").append(focusLine(weights, i, keys));
        }
    }

    /**
     * The keys query {@code row} attends to most, in decreasing weight, until {@link #MASS} of
     * the weight is covered or {@link #TOP} keys are listed; {@code (uniform) 0.2 each} when the
     * keys it can see share the weight evenly.
     */
    public static String focusLine(DMatrixRMaj weights, int row, List<String> keys) {
        int n = weights.numCols;
        Integer[] order = new Integer[n];
        int visible = 0;
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            order[k] = k;
            double w = weights.get(row, k);
            if (Double.isNaN(w)) return "(undefined: NaN weights)";
            if (w > 0) {
                visible++;
                min = Math.min(min, w);
                max = Math.max(max, w);
            }
        }
        if (visible > 1 && max <= min * UNIFORM_RATIO) {
            String each = Numbers.real(1.0 / visible, FOCUS_DIGITS) + " each";
            return visible == n ? "(uniform) " + each : "(uniform over " + visible + " keys) " + each;
        }
        java.util.Arrays.sort(order, (a, b) -> {
            int c = Double.compare(weights.get(row, b), weights.get(row, a));
            return c != 0 ? c : Integer.compare(a, b);
        });
        StringBuilder sb = new StringBuilder();
        double covered = 0;
        for (int i = 0; i < n && i < TOP && covered < MASS; i++) {
            double w = weights.get(row, order[i]);
            if (w <= 0) break;
            if (i > 0) sb.append(", ");
            sb.append(keys.get(order[i])).append(' ').append(Numbers.real(w, FOCUS_DIGITS));
            covered += w;
        }
        return sb.toString();
    }
}
