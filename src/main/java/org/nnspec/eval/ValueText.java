package org.nnspec.eval;

import java.util.StringJoiner;
import org.ejml.data.DMatrixRMaj;
import org.nnspec.eval.NetworkValues.AttentionV;
import org.nnspec.eval.NetworkValues.NetworkV;
import org.nnspec.eval.Value.BoolV;
import org.nnspec.eval.Value.IntV;
import org.nnspec.eval.Value.ListV;
import org.nnspec.eval.Value.MatV;
import org.nnspec.eval.Value.RealV;
import org.nnspec.eval.Value.ShapeV;
import org.nnspec.eval.Value.StrV;
import org.nnspec.render.AttentionExplain;
import org.nnspec.render.AttentionText;
import org.nnspec.render.MatrixText;
import org.nnspec.render.Numbers;

/**
 * How values look in text output (LANGUAGE.md section 9): network summaries and attention
 * results have their own reports, every other value is written inline or, for a matrix, as
 * aligned rows.
 */
public final class ValueText {
    private ValueText() {}

    /**
     * The report of a network (its summary, section 6) or an attention result (section 8),
     * followed by its work when {@code explain}; null for every other value.
     *
     * @param depth the summary folds scopes deeper than this; 0 shows every layer
     */
    static String report(Value v, int precision, int depth, boolean explain) {
        if (v instanceof NetworkV n) {
            String summary = n.network().summaryText(depth);
            if (!explain) return stripNewline(summary);
            return stripNewline(summary) + "\n" + stripNewline(n.network().explainText());
        }
        if (v instanceof AttentionV a) {
            String text = AttentionText.render(a.result(), precision);
            if (!explain) return stripNewline(text);
            return stripNewline(text) + "\n" + stripNewline(AttentionExplain.explain(a.result(), precision));
        }
        return null;
    }

    private static String stripNewline(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    /** One line: numbers, strings in quotes, {@code [1 2; 3 4]} for matrices. */
    public static String inline(Value v, int precision) {
        if (v instanceof IntV i) return i.value().toString();
        if (v instanceof RealV r) return Numbers.real(r.value(), precision);
        if (v instanceof BoolV b) return b.value() ? "true" : "false";
        if (v instanceof StrV s) return quote(s.value());
        if (v instanceof ShapeV s) return s.shape().toString();
        if (v instanceof ListV l) {
            StringJoiner j = new StringJoiner(", ", "[", "]");
            for (Value item : l.items()) j.add(inline(item, precision));
            return j.toString();
        }
        if (v instanceof MatV m) return inlineMatrix(m.m(), precision);
        return "<" + v.typeName() + ">";
    }

    /** As {@code print} shows it: a report as it is, else like {@link #inline} but strings without quotes. */
    static String printed(Value v, int precision, int depth) {
        String report = report(v, precision, depth, false);
        if (report != null) return report;
        if (v instanceof StrV s) return s.value();
        return inline(v, precision);
    }

    /**
     * The right-hand side of a labelled result ({@code label = …}): inline for scalars, a
     * size line and aligned rows for a matrix with more than one row.
     */
    public static String labelled(String label, Value v, int precision) {
        if (v instanceof MatV m && m.m().numRows > 1) {
            String size = m.m().numRows + "×" + m.m().numCols + " matrix";
            if (m.m().getNumElements() > MAX_SHOWN) {
                String shown = m.m().numRows > 2 * EDGE && m.m().numCols > 2 * EDGE ? "rows and columns"
                        : m.m().numRows > 2 * EDGE ? "rows" : "columns";
                return label + " = " + size + " (its first and last " + EDGE + " " + shown + ")\n" + corners(m.m(), precision);
            }
            return label + " = " + size + "\n" + MatrixText.render(m.m(), precision);
        }
        return label + " = " + inline(v, precision);
    }

    /**
     * Matrices with more entries than this are shown by their corners, as numpy does (its
     * threshold is 1,000): printing 800,000 entries took seconds. JSON output is always whole.
     */
    static final int MAX_SHOWN = 10_000;
    private static final int EDGE = 3;

    /** The first and last EDGE rows and columns, aligned, with '…' and '⋮' where the rest is. */
    private static String corners(DMatrixRMaj m, int precision) {
        int[] rows = edges(m.numRows), cols = edges(m.numCols);
        String[][] cells = new String[rows.length][cols.length];
        int[] width = new int[cols.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < cols.length; j++) {
                cells[i][j] = Numbers.real(m.get(rows[i], cols[j]), precision);
                width[j] = Math.max(width[j], cells[i][j].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows.length; i++) {
            if (i > 0 && rows[i] != rows[i - 1] + 1) sb.append("  ⋮\n");
            sb.append("  ");
            for (int j = 0; j < cols.length; j++) {
                if (j > 0) sb.append(cols[j] != cols[j - 1] + 1 ? "  …  " : "  ");
                sb.append(" ".repeat(width[j] - cells[i][j].length())).append(cells[i][j]);
            }
            if (i < rows.length - 1) sb.append('\n');
        }
        return sb.toString();
    }

    /** 0..n-1 when short, else the first and last EDGE indices. */
    private static int[] edges(int n) {
        if (n <= 2 * EDGE) return java.util.stream.IntStream.range(0, n).toArray();
        int[] out = new int[2 * EDGE];
        for (int k = 0; k < EDGE; k++) {
            out[k] = k;
            out[EDGE + k] = n - EDGE + k;
        }
        return out;
    }

    public static String inlineMatrix(DMatrixRMaj m, int precision) {
        if (m.getNumElements() > MAX_SHOWN && m.numRows == 1) {
            StringBuilder sb = new StringBuilder("[");
            int[] cols = edges(m.numCols);
            for (int j = 0; j < cols.length; j++) {
                if (j > 0) sb.append(cols[j] != cols[j - 1] + 1 ? " … " : " ");
                sb.append(Numbers.real(m.data[cols[j]], precision));
            }
            return sb.append("] (1×").append(m.numCols).append(')').toString();
        }
        if (m.getNumElements() > MAX_SHOWN) return "<" + m.numRows + "×" + m.numCols + " matrix>";
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < m.numRows; i++) {
            if (i > 0) sb.append("; ");
            for (int j = 0; j < m.numCols; j++) {
                if (j > 0) sb.append(' ');
                sb.append(Numbers.real(m.get(i, j), precision));
            }
        }
        return sb.append(']').toString();
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
