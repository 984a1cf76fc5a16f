package org.nnspec.render;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * A matrix as text: aligned, one row a line, each line indented by two spaces, with optional
 * row and column labels (attention reports label both with the tokens); or inline on one line.
 * Large matrices are shown by their corners.
 */
public final class MatrixText {
    private MatrixText() {}

    public static String render(DMatrixRMaj m, int precision) {
        return render(m, null, null, precision);
    }

    /** @param rowLabels one per row, or null; @param colLabels one per column, or null */
    public static String render(DMatrixRMaj m, List<String> rowLabels, List<String> colLabels, int precision) {
        int rows = m.numRows, cols = m.numCols;
        String[][] cells = new String[rows][cols];
        int[] width = new int[cols];
        for (int j = 0; j < cols; j++) {
            if (colLabels != null) width[j] = colLabels.get(j).length();
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                cells[i][j] = Numbers.real(m.get(i, j), precision);
                width[j] = Math.max(width[j], cells[i][j].length());
            }
        }
        int labelWidth = 0;
        if (rowLabels != null) {
            for (String l : rowLabels) labelWidth = Math.max(labelWidth, l.length());
        }
        StringBuilder sb = new StringBuilder();
        if (colLabels != null) {
            sb.append("  ").append(" ".repeat(labelWidth));
            for (int j = 0; j < cols; j++) {
                sb.append(rowLabels != null || j > 0 ? "  " : "").append(pad(colLabels.get(j), width[j]));
            }
            sb.append('\n');
        }
        for (int i = 0; i < rows; i++) {
            sb.append("  ");
            if (rowLabels != null) sb.append(padRight(rowLabels.get(i), labelWidth));
            for (int j = 0; j < cols; j++) {
                sb.append(rowLabels != null || j > 0 ? "  " : "").append(pad(cells[i][j], width[j]));
            }
            if (i < rows - 1) sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * A line with the size, {@code 3×2 matrix}, then the aligned rows; a matrix with more than
     * {@link #MAX_SHOWN} entries shows only its first and last rows and columns, and says so.
     */
    public static String sized(DMatrixRMaj m, int precision) {
        return sized(m, precision, MAX_SHOWN);
    }

    /** {@link #sized(DMatrixRMaj, int)} showing only the corners above {@code maxShown} entries (an editor's hover). */
    public static String sized(DMatrixRMaj m, int precision, int maxShown) {
        String size = m.numRows + "×" + m.numCols + " matrix";
        if (m.getNumElements() > maxShown) {
            String shown = m.numRows > 2 * EDGE && m.numCols > 2 * EDGE ? "rows and columns"
                    : m.numRows > 2 * EDGE ? "rows" : "columns";
            return size + " (its first and last " + EDGE + " " + shown + ")\n" + corners(m, precision);
        }
        return size + "\n" + render(m, precision);
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

    /**
     * One line, {@code [1 2; 3 4]}; a row vector too long to show whole is its first and last
     * entries with its size, a larger matrix only its size.
     */
    public static String inline(DMatrixRMaj m, int precision) {
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

    static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    static String padRight(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
