package org.nnspec.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.nnspec.diag.NnspecException;

/** numpy broadcasting rules, with expected results written out by hand. */
class BroadcastTest {
    private static DMatrixRMaj m(int rows, int cols, double... data) {
        return new DMatrixRMaj(rows, cols, true, data);
    }

    @Test void rowPlusColumnMakesAGrid() {
        // [1 2 3] + [10; 20] = [11 12 13; 21 22 23]
        DMatrixRMaj r = Broadcast.apply(m(1, 3, 1, 2, 3), m(2, 1, 10, 20), "+", Double::sum);
        assertEquals(2, r.numRows);
        assertEquals(3, r.numCols);
        assertArrayEquals(new double[] {11, 12, 13, 21, 22, 23}, r.data, 0);
    }

    @Test void scalarStretchesBothWays() {
        DMatrixRMaj r = Broadcast.apply(m(2, 2, 1, 2, 3, 4), m(1, 1, 10), "*", (x, y) -> x * y);
        assertArrayEquals(new double[] {10, 20, 30, 40}, r.data, 0);
    }

    @Test void rowVectorAppliesToEveryRow() {
        DMatrixRMaj r = Broadcast.apply(m(2, 2, 1, 2, 3, 4), m(1, 2, 100, 200), "-", (x, y) -> x - y);
        assertArrayEquals(new double[] {-99, -198, -97, -196}, r.data, 0);
    }

    @Test void incompatibleShapesAreAnErrorNamingBoth() {
        NnspecException e = assertThrows(NnspecException.class,
                () -> Broadcast.apply(m(1, 2, 1, 2), m(1, 3, 1, 2, 3), "+", Double::sum));
        assertEquals("cannot broadcast 1×2 and 1×3 for '+'", e.getMessage());
    }

    @Test void reduceToSumsOverStretchedDimensions() {
        // gradient of a (1×3) broadcast to 2×3: column sums
        DMatrixRMaj g = m(2, 3, 1, 2, 3, 4, 5, 6);
        assertArrayEquals(new double[] {5, 7, 9}, Broadcast.reduceTo(g, 1, 3).data, 0);
        assertArrayEquals(new double[] {6, 15}, Broadcast.reduceTo(g, 2, 1).data, 0);
        assertArrayEquals(new double[] {21}, Broadcast.reduceTo(g, 1, 1).data, 0);
    }
}
