package org.nnspec.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nnspec.diag.NnspecException;

/** User errors are NnspecExceptions with a clear message and, where it helps, a help line. */
class ErrorsTest {
    private final Tape tape = new Tape();
    private final Node a23 = tape.variable(new DMatrixRMaj(2, 3));
    private final Node b23 = tape.variable(new DMatrixRMaj(2, 3));
    private final Node m33 = tape.variable(new DMatrixRMaj(3, 3));

    private static NnspecException fails(Executable e) {
        return assertThrows(NnspecException.class, e);
    }

    @Test
    void matrixProductNamesBothShapes() {
        NnspecException e = fails(() -> Arithmetic.matmul(a23, b23));
        assertEquals("cannot multiply a 2×3 matrix by a 2×3 matrix with '@': the inner dimensions 3 and 2 differ",
                e.getMessage());
        assertNotNull(e.help());
        assertEquals("'@' needs two matrices, but got a scalar and a 2×3 matrix",
                fails(() -> Arithmetic.matmul(Node.constant(2), a23)).getMessage());
    }

    @Test
    void gradOfAMatrixOutput() {
        NnspecException e = fails(() -> Gradients.grad(m33, a23));
        assertEquals("grad needs a scalar or a vector output; got a 3×3 matrix", e.getMessage());
        assertNotNull(e.help());
        Node v = tape.variable(new DMatrixRMaj(3, 1));
        assertEquals("grad of a 3×1 vector with respect to a 2×3 matrix would be a 3-dimensional array",
                fails(() -> Gradients.grad(v, a23)).getMessage());
    }

    @Test
    void broadcastingIndexingAndLiterals() {
        fails(() -> Arithmetic.add(a23, m33)); // 2×3 and 3×3 do not broadcast
        assertEquals("row index 3 is out of range for a 3×3 matrix", fails(() -> Structure.index(m33, 3)).getMessage());
        assertEquals("index -1 is out of range for a 3×1 vector",
                fails(() -> Structure.index(tape.variable(new DMatrixRMaj(3, 1)), -1)).getMessage());
        assertEquals("column index 3 is out of range for a 2×3 matrix", fails(() -> Structure.index(a23, 0, 3)).getMessage());
        fails(() -> Structure.index(Node.constant(1), 0));
        assertEquals("row 2 of the matrix has 3 columns, but row 1 has 2",
                fails(() -> Structure.matrix(new Node[][] {{Node.constant(1), Node.constant(2)}, {a23}})).getMessage());
        fails(() -> Structure.row(Node.constant(1), m33)); // a 1-row scalar beside a 3-row block
    }

    @Test
    void badArgumentsAndHugeResults() {
        fails(() -> Reductions.softmax(a23, 2));
        fails(() -> Reductions.max(Node.constant(new DMatrixRMaj(0, 0))));
        Node tall = Node.constant(new DMatrixRMaj(20_000, 1)), wide = Node.constant(new DMatrixRMaj(1, 20_000));
        fails(() -> Arithmetic.matmul(tall, wide)); // 4·10^8 entries
        fails(() -> Arithmetic.add(tall, wide)); // broadcast to the same size
    }

    @Test
    void reductionsCompose() {
        // sum(max(M, 0.5)) over [[0.2, 0.9]]: the max picks 0.5 (constant) and 0.9; ∂/∂M = [0 1]
        Node m = tape.variable(new DMatrixRMaj(new double[][] {{0.2, 0.9}}));
        Node y = Reductions.sum(Reductions.maximum(m, Node.constant(0.5)));
        assertEquals(1.4, y.scalar(), 1e-15);
        HandDerivedTest.assertMatrix(new double[][] {{0, 1}}, Gradients.grad(y, m).matrix());
        assertEquals(Math.log(2), Elementwise.byName("log").orElseThrow().apply(Node.constant(2)).scalar(), 0);
        assertEquals(java.util.Optional.empty(), Elementwise.byName("eye"));
    }

    @Test
    void gradientsBetweenTapesOrOfConstantsAreProgrammingErrors() {
        Tape other = new Tape();
        Node x = other.variable(1);
        assertThrows(IllegalArgumentException.class, () -> Gradients.gradient(Arithmetic.mul(tape.variable(2), tape.variable(3)), x));
        assertThrows(IllegalArgumentException.class, () -> Gradients.gradient(x, Node.constant(1)));
        assertThrows(IllegalArgumentException.class, () -> Arithmetic.add(x, tape.variable(1)));
    }
}
