package org.nnspec.render;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * A matrix as aligned text, one row a line, each line indented by two spaces; optional row
 * and column labels (attention reports label both with the tokens).
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

    static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    static String padRight(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
