package org.nnspec.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nnspec.autodiff.Arithmetic.add;
import static org.nnspec.autodiff.Arithmetic.mul;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * A million-step scalar recurrence h[t] = relu(w·h[t-1] + u·x[t]), the shape of
 * {@code grad(h[1000000], h[1])}: no recursion, so no stack overflow; linear time and memory.
 */
class LongChainTest {
    private static final int STEPS = 1_000_000;

    private static Node[] chain(Tape tape, double w) {
        Node h1 = tape.variable(1), h = h1, wn = Node.constant(w), u = Node.constant(1), x = Node.constant(1);
        for (int t = 2; t <= STEPS; t++) h = Elementwise.RELU.apply(add(mul(wn, h), mul(u, x)));
        return new Node[] {h1, h};
    }

    @Test
    void identityWeightChainHasDerivativeExactlyOne() {
        long start = System.nanoTime();
        Tape tape = new Tape();
        Node[] hs = chain(tape, 1);
        // h[t] = h[t-1] + 1 from h[1] = 1, so h[10^6] = 10^6; every local factor is w·relu' = 1·1
        assertEquals(STEPS, hs[1].scalar(), 0);
        assertEquals(1.0, Gradients.derivative(hs[1], hs[0]), 0);
        double seconds = (System.nanoTime() - start) / 1e9;
        // per step: w·h (u·x is constant and folds), the add, the relu; plus the variable h[1]
        assertEquals(3 * (STEPS - 1) + 1, tape.size());
        System.out.printf("1e6-step chain, forward and backward: %.3f s%n", seconds);
        assertTrue(seconds < 10, "took " + seconds + " s"); // generous: 2 shared cores
    }

    @Test
    void halfWeightChainUnderflowsToZeroAsInPyTorch() {
        // ∂h[10^6]/∂h[1] = 0.5^999999: below the smallest double (2^-1074), so the adjoint,
        // halved once per step, reaches exactly 0 after 1075 halvings, as float64 torch does
        Tape tape = new Tape();
        Node[] hs = chain(tape, 0.5);
        assertEquals(0.0, Gradients.derivative(hs[1], hs[0]), 0);
        // the last local factor, with h[999999] cut on the same tape: w = 0.5
        assertEquals(2.0, hs[1].scalar(), 1e-12); // h → the fixed point 2 of h = 0.5h + 1
    }

    @Test
    void localFactorOnALongTapeWalksOnlyTheLastStep() {
        Tape tape = new Tape();
        Node h1 = tape.variable(1), prev = h1, h = h1;
        Node w = Node.constant(0.3), one = Node.constant(1);
        for (int t = 2; t <= STEPS; t++) {
            prev = h;
            h = Elementwise.RELU.apply(add(mul(w, prev), one));
        }
        long start = System.nanoTime();
        for (int k = 0; k < 1000; k++) assertEquals(0.3, Gradients.derivative(h, prev), 0);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 1, "1000 last-step gradients took " + seconds + " s");
    }

    @Test
    void longVectorChainJacobian() {
        // h[t] = W·h[t-1] with W = 0.5·I (2×2), 10,000 steps: ∂h[T]/∂h[1] = 0.5^9999·I = 0 (underflow),
        // and with W = I it is exactly I
        for (double s : new double[] {1, 0.5}) {
            Tape tape = new Tape();
            DMatrixRMaj w = new DMatrixRMaj(new double[][] {{s, 0}, {0, s}});
            Node h1 = tape.variable(new DMatrixRMaj(2, 1, true, 1, 2)), h = h1;
            for (int t = 2; t <= 10_000; t++) h = Arithmetic.matmul(Node.constant(w), h);
            HandDerivedTest.assertMatrix(s == 1 ? new double[][] {{1, 0}, {0, 1}} : new double[][] {{0, 0}, {0, 0}},
                    Gradients.jacobian(h, h1));
        }
    }
}
