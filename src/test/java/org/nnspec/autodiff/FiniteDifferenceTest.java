package org.nnspec.autodiff;

import static org.nnspec.autodiff.FiniteDifferences.checkJacobian;
import static org.nnspec.autodiff.FiniteDifferences.checkMatrix;
import static org.nnspec.autodiff.FiniteDifferences.checkScalar;
import static org.nnspec.autodiff.FiniteDifferences.m;

import java.util.function.BinaryOperator;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every operation's gradient against central finite differences, at smooth points. */
class FiniteDifferenceTest {
    private static final DMatrixRMaj A = m(2, 3, 0.5, 1.2, 0.8, 1.7, 0.3, 0.9);
    private static final DMatrixRMaj B = m(2, 3, 1.1, 0.4, 1.9, 0.6, 1.3, 0.7);
    private static final DMatrixRMaj ROW = m(1, 3, 0.9, 1.4, 0.6);
    private static final DMatrixRMaj COL = m(2, 1, 1.3, 0.7);
    private static final DMatrixRMaj SQUARE = m(3, 3, 0.9, -0.4, 0.3, 0.2, 1.1, -0.5, 0.7, 0.1, 0.6);
    private static final DMatrixRMaj VEC = m(3, 1, 0.4, -0.7, 1.2);

    @ParameterizedTest
    @EnumSource(Elementwise.class)
    void elementwiseOnScalars(Elementwise f) {
        for (double x : new double[] {0.3, 0.85, 1.7}) checkScalar(f::apply, x);
        if (f != Elementwise.SQRT && f != Elementwise.LN && f != Elementwise.LOG2 && f != Elementwise.LOG10) {
            checkScalar(f::apply, -0.6);
        }
    }

    @ParameterizedTest
    @EnumSource(Elementwise.class)
    void elementwiseOnMatrices(Elementwise f) {
        checkMatrix(f::apply, A);
    }

    @Test
    void scalarArithmeticBothArguments() {
        BinaryOperator<Node>[] ops = ops();
        for (BinaryOperator<Node> op : ops) {
            checkScalar(x -> op.apply(x, Node.constant(1.3)), 0.7);
            checkScalar(x -> op.apply(Node.constant(1.3), x), 0.7);
            checkScalar(x -> op.apply(x, Elementwise.EXP.apply(x)), 0.7); // both traced
        }
    }

    @Test
    void matrixArithmeticWithBroadcasting() {
        for (BinaryOperator<Node> op : ops()) {
            checkMatrix(x -> op.apply(x, Node.constant(B)), A);
            checkMatrix(x -> op.apply(Node.constant(B), x), A);
            checkMatrix(x -> op.apply(x, Node.constant(ROW)), A); // row broadcast over rows
            checkMatrix(x -> op.apply(Node.constant(A), x), ROW); // the row is the variable: reduceTo
            checkMatrix(x -> op.apply(x, Node.constant(A)), COL); // column broadcast
            checkMatrix(x -> op.apply(x, Node.constant(1.6)), A); // matrix with scalar
            checkScalar(x -> op.apply(x, Node.constant(A)), 1.4); // the scalar is the variable
            checkScalar(x -> op.apply(Node.constant(A), x), 1.4);
        }
    }

    @SuppressWarnings("unchecked")
    private static BinaryOperator<Node>[] ops() {
        return new BinaryOperator[] {
            (BinaryOperator<Node>) Arithmetic::add, (BinaryOperator<Node>) Arithmetic::sub,
            (BinaryOperator<Node>) Arithmetic::mul, (BinaryOperator<Node>) Arithmetic::div,
            (BinaryOperator<Node>) Arithmetic::pow,
            (BinaryOperator<Node>) Reductions::maximum, (BinaryOperator<Node>) Reductions::minimum
        };
    }

    @Test
    void negationAndTranspose() {
        checkScalar(Arithmetic::neg, 0.4);
        checkMatrix(Arithmetic::neg, A);
        checkMatrix(Arithmetic::transpose, A);
    }

    @Test
    void matrixProductBothSides() {
        DMatrixRMaj right = m(3, 2, 0.3, -1.2, 0.8, 0.5, -0.4, 1.1);
        checkMatrix(x -> Arithmetic.matmul(x, Node.constant(right)), A);
        checkMatrix(x -> Arithmetic.matmul(Node.constant(A), x), right);
        checkMatrix(x -> Arithmetic.matmul(x, Arithmetic.transpose(x)), A); // x used twice
    }

    @Test
    void indexingAndLiterals() {
        checkMatrix(x -> Structure.index(x, 1), A); // a row
        checkMatrix(x -> Structure.index(x, 1, 2), A); // an entry
        checkMatrix(x -> Structure.index(x, 2), VEC); // an entry of a column vector
        checkScalar(x -> Structure.row(x, Node.constant(0), Arithmetic.mul(x, x)), 0.8);
        checkMatrix(x -> Structure.matrix(new Node[][] {{x, x}, {Structure.index(x, 0), Node.constant(ROW)}}), A);
        checkMatrix(x -> Structure.concatRows(x, Node.constant(B)), A);
    }

    @Test
    void reductions() {
        checkMatrix(Reductions::sum, A);
        checkMatrix(Reductions::mean, A);
        checkMatrix(Reductions::max, A);
        checkMatrix(Reductions::min, A);
        checkMatrix(Reductions::norm, VEC);
        checkMatrix(Reductions::norm, ROW);
        checkMatrix(Reductions::norm, SQUARE); // spectral
        checkMatrix(Reductions::norm, A); // spectral, wide
        checkMatrix(x -> Reductions.norm(Arithmetic.transpose(x)), A); // spectral, tall
        checkScalar(Reductions::norm, -0.8);
    }

    @Test
    void softmaxAlongRowsAndColumns() {
        checkMatrix(x -> Reductions.softmax(x, -1), A);
        checkMatrix(x -> Reductions.softmax(x, 0), A);
        checkMatrix(x -> Reductions.softmax(x, -1), ROW);
    }

    @Test
    void vectorByVectorJacobians() {
        DMatrixRMaj w = m(2, 3, 0.5, -0.3, 0.8, 0.2, 0.9, -0.6);
        checkJacobian(x -> Elementwise.TANH.apply(Arithmetic.matmul(Node.constant(w), x)), VEC);
        checkJacobian(x -> Reductions.softmax(Arithmetic.transpose(x), -1), VEC);
        checkJacobian(x -> Arithmetic.mul(x, Elementwise.SIGMOID.apply(x)), ROW);
        checkJacobian(x -> Structure.concatRows(x, Structure.index(x, 0)), VEC);
    }

    @Test
    void exponentAsANode() {
        checkScalar(y -> Arithmetic.pow(Node.constant(1.7), y), 0.6);
        checkScalar(y -> Arithmetic.pow(Node.constant(A), y), 1.3);
        checkScalar(y -> Arithmetic.pow(y, y), 1.3);
    }
}
