package org.nnspec.eval;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.nnspec.ast.Expr;
import org.nnspec.diag.NnspecException;
import org.nnspec.eval.Value.ListV;
import org.nnspec.eval.Value.MatV;

/**
 * Bracket literals (docs/language.md section 5). Numbers make a matrix, MATLAB style
 * ({@code [1 2; 3 4]}, elements of a row side by side, rows stacked) or numpy style
 * ({@code [[1, 2], [3, 4]]}: a single row whose items are all row vectors stacks them).
 * A single row holding anything else is a list ({@code ["The", "red"]}, {@code [64, "M"]}).
 */
final class MatrixLiteral {
    private MatrixLiteral() {}

    static Value build(Expr.Matrix m, Evaluator ev, Scope scope) {
        if (m.rows().isEmpty()) return new ListV(List.of());
        List<List<Value>> rows = new ArrayList<>();
        for (List<Expr> row : m.rows()) {
            List<Value> values = new ArrayList<>(row.size());
            for (Expr e : row) values.add(ev.eval(e, scope));
            rows.add(values);
        }
        if (rows.stream().flatMap(List::stream).anyMatch(TracedOperations::isTraced)) return TracedOperations.matrix(rows, m);
        if (rows.size() == 1) {
            List<Value> items = rows.get(0);
            if (!items.stream().allMatch(MatrixLiteral::numeric)) return new ListV(items);
            if (items.stream().allMatch(v -> !Coercions.isNumber(v))) {
                List<DMatrixRMaj> parts = new ArrayList<>();
                for (Value v : items) parts.add(Coercions.toMatrix(v, "element"));
                if (parts.stream().allMatch(p -> p.numRows == 1)) {
                    int n = parts.get(0).numCols;
                    for (int i = 1; i < parts.size(); i++) {
                        if (parts.get(i).numCols != n) {
                            throw new NnspecException(m.rows().get(0).get(i).span(), "row " + (i + 1) + " has "
                                    + parts.get(i).numCols + " elements, but row 1 has " + n,
                                    "every row of a matrix needs the same number of elements");
                        }
                    }
                    return new MatV(stack(parts));
                }
            }
        }
        List<DMatrixRMaj> blocks = new ArrayList<>();
        int cols = -1;
        for (int r = 0; r < rows.size(); r++) {
            List<Value> row = rows.get(r);
            List<DMatrixRMaj> parts = new ArrayList<>();
            int height = -1, width = 0;
            for (int k = 0; k < row.size(); k++) {
                Value v = row.get(k);
                if (!numeric(v)) {
                    throw new NnspecException(m.rows().get(r).get(k).span(), "a matrix holds numbers, not "
                            + Coercions.article(v), "a list such as [\"a\", 1] must be a single row");
                }
                DMatrixRMaj p = Coercions.toMatrix(v, "element");
                if (height >= 0 && p.numRows != height) {
                    throw new NnspecException(m.rows().get(r).get(k).span(), "cannot put a " + p.numRows + "×"
                            + p.numCols + " matrix beside one with " + height + " rows", null);
                }
                height = p.numRows;
                width += p.numCols;
                parts.add(p);
            }
            if (cols >= 0 && width != cols) {
                throw new NnspecException(m.rowSpans().get(r), "row " + (r + 1) + " has " + width + " element"
                        + (width == 1 ? "" : "s") + ", but row 1 has " + cols,
                        "every row of a matrix needs the same number of elements");
            }
            cols = width;
            blocks.add(beside(parts, height, width));
        }
        return new MatV(stack(blocks));
    }

    private static boolean numeric(Value v) {
        if (Coercions.isNumber(v) || v instanceof MatV) return true;
        return v instanceof ListV l && !l.items().isEmpty() && l.items().stream().allMatch(Coercions::isNumber);
    }

    private static DMatrixRMaj beside(List<DMatrixRMaj> parts, int rows, int cols) {
        DMatrixRMaj out = Coercions.allocate(rows, cols);
        int offset = 0;
        for (DMatrixRMaj p : parts) {
            for (int i = 0; i < rows; i++) {
                System.arraycopy(p.data, i * p.numCols, out.data, i * cols + offset, p.numCols);
            }
            offset += p.numCols;
        }
        return out;
    }

    private static DMatrixRMaj stack(List<DMatrixRMaj> parts) {
        int cols = parts.get(0).numCols;
        long rows = 0;
        for (DMatrixRMaj p : parts) rows += p.numRows;
        DMatrixRMaj out = Coercions.allocate(rows, cols);
        int at = 0;
        for (DMatrixRMaj p : parts) {
            System.arraycopy(p.data, 0, out.data, at, p.getNumElements());
            at += p.getNumElements();
        }
        return out;
    }
}
