package org.nnspec.autodiff;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.nnspec.diag.NnspecException;

/**
 * Taking matrices apart and putting them together: indexing an entry or a row, and building
 * a matrix from a literal whose entries are nodes ({@code [h[t-1] 0]}), which is also
 * MATLAB-style block concatenation when entries are matrices. Indices are 0-based here; the
 * interpreter translates the language's own convention.
 */
public final class Structure {
    private Structure() {}

    /**
     * {@code a[i]}: entry {@code i} of a vector (1×n or n×1), or row {@code i} (a 1×n matrix)
     * of a matrix with several rows and columns.
     */
    public static Node index(Node a, int i) {
        if (a.isScalar()) {
            throw new NnspecException("cannot index a number", "only vectors and matrices have entries");
        }
        DMatrixRMaj m = a.matrix();
        if (a.isVector()) {
            int n = m.getNumElements();
            checkRange(i, n, "index", a);
            return entry(a, i);
        }
        checkRange(i, m.numRows, "row index", a);
        int c = m.numCols;
        DMatrixRMaj row = CommonOps_DDRM.extractRow(m, i, null);
        return Tape.generalMatrix(row, (g, adj) -> {
            DMatrixRMaj ga = new DMatrixRMaj(m.numRows, c);
            System.arraycopy(g.data, 0, ga.data, i * c, c);
            adj.add(a, ga);
        }, a);
    }

    /** {@code a[i, j]}: the entry in row {@code i}, column {@code j}. */
    public static Node index(Node a, int i, int j) {
        if (a.isScalar()) {
            throw new NnspecException("cannot index a number", "only vectors and matrices have entries");
        }
        checkRange(i, a.rows(), "row index", a);
        checkRange(j, a.cols(), "column index", a);
        return entry(a, i * a.cols() + j);
    }

    private static Node entry(Node a, int flat) {
        DMatrixRMaj m = a.matrix();
        return Tape.generalScalar(m.data[flat], (g, adj) -> {
            DMatrixRMaj ga = new DMatrixRMaj(m.numRows, m.numCols);
            ga.data[flat] = g.data[0];
            adj.add(a, ga);
        }, a);
    }

    private static void checkRange(int i, int n, String what, Node a) {
        if (i < 0 || i >= n) {
            throw new NnspecException(what + " " + i + " is out of range for a " + a.rows() + "×" + a.cols()
                    + " " + (a.isVector() ? "vector" : "matrix"),
                    n == 0 ? "it is empty" : "valid " + what + "es run from 0 to " + (n - 1));
        }
    }

    /**
     * A matrix from rows of blocks: each entry a scalar (a 1×1 block) or a matrix; the blocks of
     * one row sit side by side and must have the same number of rows, and every row of blocks
     * must come to the same number of columns. {@code [[a, b]]} with scalars a, b is the 1×2
     * matrix [a b]; {@code [[A], [B]]} stacks A above B.
     */
    public static Node matrix(Node[][] blocks) {
        long totalRows = 0, width = -1;
        int[] heights = new int[blocks.length];
        for (int r = 0; r < blocks.length; r++) {
            Node[] row = blocks[r];
            if (row.length == 0) throw new NnspecException("row " + (r + 1) + " of the matrix is empty", null);
            int h = row[0].rows();
            long w = 0;
            for (int k = 0; k < row.length; k++) {
                if (row[k].rows() != h) {
                    throw new NnspecException("cannot place a " + row[k].describe() + " beside a " + row[0].describe()
                            + " in row " + (r + 1) + " of the matrix: they have " + row[k].rows() + " and " + h
                            + " rows", "blocks side by side must have the same number of rows");
                }
                w += row[k].cols();
            }
            if (width >= 0 && w != width) {
                throw new NnspecException("row " + (r + 1) + " of the matrix has " + w + " columns, but row 1 has "
                        + width, "every row of a matrix must have the same number of columns");
            }
            width = w;
            heights[r] = h;
            totalRows += h;
        }
        int cols = (int) Math.min(Math.max(width, 0), Integer.MAX_VALUE);
        Arithmetic.checkSize(totalRows, Math.max(width, 0), "the matrix literal");
        DMatrixRMaj out = new DMatrixRMaj((int) totalRows, cols);
        int top = 0;
        for (int r = 0; r < blocks.length; r++) {
            int left = 0;
            for (Node b : blocks[r]) {
                if (b.isScalar()) out.set(top, left, b.scalar());
                else CommonOps_DDRM.insert(b.matrix(), out, top, left);
                left += b.cols();
            }
            top += heights[r];
        }
        Node[] inputs = java.util.Arrays.stream(blocks).flatMap(java.util.Arrays::stream).toArray(Node[]::new);
        return Tape.generalMatrix(out, (g, adj) -> {
            int y = 0;
            for (int r = 0; r < blocks.length; r++) {
                int x = 0;
                for (Node b : blocks[r]) {
                    if (b.isTraced()) {
                        if (b.isScalar()) adj.addScalar(b.index, g.get(y, x));
                        else adj.add(b, CommonOps_DDRM.extract(g, y, y + b.rows(), x, x + b.cols()));
                    }
                    x += b.cols();
                }
                y += heights[r];
            }
        }, inputs);
    }

    /** The 1×n row vector of the given entries (scalars or row blocks). */
    public static Node row(Node... entries) { return matrix(new Node[][] {entries}); }

    /** Blocks side by side (MATLAB's [A B]). */
    public static Node concatColumns(Node... blocks) { return matrix(new Node[][] {blocks}); }

    /** Blocks stacked top to bottom (MATLAB's [A; B]). */
    public static Node concatRows(Node... blocks) {
        Node[][] rows = new Node[blocks.length][];
        for (int k = 0; k < blocks.length; k++) rows[k] = new Node[] {blocks[k]};
        return matrix(rows);
    }
}
