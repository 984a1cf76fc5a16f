package org.nnspec.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nnspec.autodiff.Arithmetic.add;
import static org.nnspec.autodiff.Arithmetic.matmul;
import static org.nnspec.autodiff.Arithmetic.mul;

import java.math.BigDecimal;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Derivatives worked out by hand; each derivation is written beside its assertion. */
class HandDerivedTest {
    private static final Elementwise RELU = Elementwise.RELU;

    /** h[1] = 1, h[t] = relu(w·h[t-1] + u·x[t]) with u = 1, x = 1 (the seed's problem 3), h[1] a variable. */
    private static double seedRecurrence(double w, int steps) {
        Tape tape = new Tape();
        Node h1 = tape.variable(1), h = h1;
        Node wn = Node.constant(w), u = Node.constant(1), x = Node.constant(1);
        for (int t = 2; t <= steps; t++) h = RELU.apply(add(mul(wn, h), mul(u, x)));
        return Gradients.derivative(h, h1);
    }

    @Test
    void seedProblem3a() {
        // every pre-activation w·h + 1 is positive, so relu' = 1 and ∂h[t]/∂h[t-1] = w:
        // ∂h3/∂h1 = w·w = 0.3·0.3 = 0.09, and 3·3 = 9
        assertEquals(0.09, seedRecurrence(0.3, 3), 1e-17);
        assertEquals(9.0, seedRecurrence(3, 3), 0);
    }

    @Test
    void seedProblem3b() {
        // ∂h20/∂h1 = w^19: 0.3^19 = 3^19·10^-19 = 1162261467e-19 = 1.162261467e-10 (≈ 1.16226e-10)
        assertEquals(1.162261467e-10, seedRecurrence(0.3, 20), 1e-10 * 1e-13);
        // 3^19 = 1,162,261,467, exact in doubles (every partial product is an integer below 2^53)
        assertEquals(1162261467.0, seedRecurrence(3, 20), 0);
    }

    @Test
    void seedProblem3cForgetGate() {
        // c[t] = f·c[t-1] + i·c̃ with f = 0.99 and i·c̃ constant: ∂c20/∂c1 = 0.99^19
        Tape tape = new Tape();
        Node c1 = tape.variable(0.2), c = c1;
        for (int t = 2; t <= 20; t++) c = add(mul(Node.constant(0.99), c), Node.constant(0.37));
        double exact = new BigDecimal("0.99").pow(19).doubleValue(); // 0.8261686238355866…
        assertEquals(exact, Gradients.derivative(c, c1), 1e-15);
        assertEquals(0.826169, Gradients.derivative(c, c1), 5e-7); // the seed's six digits
    }

    @Test
    void reluKinkAsPyTorch() {
        // h2 = relu(1·h1 − 1) at h1 = 1: the pre-activation is exactly 0 and relu'(0) = 0
        Tape tape = new Tape();
        Node h1 = tape.variable(1);
        Node h2 = RELU.apply(add(mul(Node.constant(1), h1), Node.constant(-1)));
        assertEquals(0.0, Gradients.derivative(h2, h1), 0);
        // abs'(0) = sign(0) = 0
        Node z = tape.variable(0);
        assertEquals(0.0, Gradients.derivative(Elementwise.ABS.apply(z), z), 0);
    }

    @Test
    void smoothFunctionsAtKnownPoints() {
        Tape tape = new Tape();
        Node zero = tape.variable(0), one = tape.variable(1);
        // sigmoid'(0) = σ(0)(1 − σ(0)) = 0.5·0.5 = 0.25; tanh'(0) = 1 − 0² = 1
        assertEquals(0.25, Gradients.derivative(Elementwise.SIGMOID.apply(zero), zero), 1e-16);
        assertEquals(1.0, Gradients.derivative(Elementwise.TANH.apply(zero), zero), 0);
        // gelu(x) = x·Φ(x): gelu'(0) = Φ(0) + 0·φ(0) = 0.5; gelu(1) = Φ(1) = 0.8413447460685429 (normal table)
        assertEquals(0.5, Gradients.derivative(Elementwise.GELU.apply(zero), zero), 1e-16);
        assertEquals(0.8413447460685429, Elementwise.GELU.apply(one).scalar(), 1e-15);
        // gelu'(1) = Φ(1) + 1·φ(1) = 0.8413447460685429 + e^{-1/2}/√(2π) = 0.8413447460685429 + 0.24197072451914337
        assertEquals(1.0833154705876863, Gradients.derivative(Elementwise.GELU.apply(one), one), 1e-15);
        // d(x·x)/dx = 2x = 6 at x = 3: one node used twice
        Node three = tape.variable(3);
        assertEquals(6.0, Gradients.derivative(mul(three, three), three), 0);
        // d(log10 x)/dx = 1/(x ln 10) at x = 10: 1/(10·2.302585092994046) = 0.04342944819032518
        Node ten = tape.variable(10);
        assertEquals(0.04342944819032518, Gradients.derivative(Elementwise.byName("log10").get().apply(ten), ten), 1e-17);
    }

    @Test
    void erfAgainstTables() {
        // Abramowitz & Stegun table 7.1 and standard high-precision values, to 2 ulp
        assertRelative(0.5204998778130465, Erf.erf(0.5));
        assertRelative(0.8427007929497149, Erf.erf(1));
        assertRelative(0.9953222650189527, Erf.erf(2));
        assertRelative(-0.8427007929497149, Erf.erf(-1));
        // erfc in its tail, where 1 − erf would have no digits left, to 1e-14 relative
        assertRelative(2.209049699858544e-05, Erf.erfc(3), 1e-14);
        assertRelative(1.5374597944280349e-12, Erf.erfc(5), 1e-14);
        assertRelative(0.004677734981047266, Erf.erfc(2), 1e-14);
        assertRelative(2.0884875837625448e-45, Erf.erfc(10), 1e-14);
        assertRelative(0.15729920705028513, Erf.erfc(1), 1e-14);
    }

    private static void assertRelative(double expected, double actual) { assertRelative(expected, actual, 4.5e-16); }

    private static void assertRelative(double expected, double actual, double relative) {
        assertEquals(expected, actual, relative * Math.abs(expected));
    }

    @Test
    void matrixProduct() {
        // y = A @ B = [1 2]·[5; 7] = 5 + 14 = 19; ∂y/∂A = Bᵀ = [5 7], ∂y/∂B = Aᵀ = [1; 2]
        Tape tape = new Tape();
        Node a = tape.variable(new DMatrixRMaj(new double[][] {{1, 2}}));
        Node b = tape.variable(new DMatrixRMaj(new double[][] {{5}, {7}}));
        Node y = matmul(a, b);
        assertEquals(19.0, y.matrix().get(0, 0), 0);
        assertMatrix(new double[][] {{5, 7}}, Gradients.grad(y, a).matrix());
        assertMatrix(new double[][] {{1}, {2}}, Gradients.grad(y, b).matrix());
        // the Jacobian of y = W @ x with respect to x is W itself
        DMatrixRMaj w = new DMatrixRMaj(new double[][] {{1, -2, 3}, {0.5, 4, -1}});
        Node x = tape.variable(new DMatrixRMaj(3, 1, true, 0.3, 0.1, -0.2));
        assertMatrix(new double[][] {{1, -2, 3}, {0.5, 4, -1}}, Gradients.jacobian(matmul(Node.constant(w), x), x));
    }

    @Test
    void norms() {
        // ‖[3 4]‖ = 5, ∂/∂x = x/‖x‖ = [0.6 0.8]
        Tape tape = new Tape();
        Node v = tape.variable(new DMatrixRMaj(new double[][] {{3, 4}}));
        Node n = Reductions.norm(v);
        assertEquals(5.0, n.scalar(), 0);
        assertMatrix(new double[][] {{0.6, 0.8}}, Gradients.grad(n, v).matrix());
        // spectral norm of diag(3, 1) is 3, with u1 = v1 = e1: gradient e1·e1ᵀ
        Node d = tape.variable(new DMatrixRMaj(new double[][] {{3, 0}, {0, 1}}));
        Node sd = Reductions.norm(d);
        assertEquals(3.0, sd.scalar(), 1e-15);
        assertMatrix(new double[][] {{1, 0}, {0, 0}}, Gradients.grad(sd, d).matrix());
        // M = a·bᵀ with a = [1; 2], b = [2; 0]: σ1 = ‖a‖‖b‖ = 2√5, u1 = a/√5, v1 = [1; 0],
        // so ∂σ1/∂M = u1·v1ᵀ = [1/√5 0; 2/√5 0]
        Node r = tape.variable(new DMatrixRMaj(new double[][] {{2, 0}, {4, 0}}));
        Node sr = Reductions.norm(r);
        assertEquals(2 * Math.sqrt(5), sr.scalar(), 1e-14);
        double s5 = 1 / Math.sqrt(5);
        assertMatrix(new double[][] {{s5, 0}, {2 * s5, 0}}, Gradients.grad(sr, r).matrix());
    }

    @Test
    void softmaxJacobianAtEqualInputs() {
        // softmax([0 0]) = [½ ½]; ∂sᵢ/∂xⱼ = sᵢ(δᵢⱼ − sⱼ): diagonal ½·½ = 0.25, off-diagonal −0.25
        Tape tape = new Tape();
        Node x = tape.variable(new DMatrixRMaj(1, 2));
        assertMatrix(new double[][] {{0.25, -0.25}, {-0.25, 0.25}}, Gradients.jacobian(Reductions.softmax(x, -1), x));
    }

    @Test
    void indexingLiteralsAndBroadcasting() {
        Tape tape = new Tape();
        // y = sum(M[1]) takes row 1 only: gradient [0 0; 1 1]
        Node m = tape.variable(new DMatrixRMaj(new double[][] {{1, 2}, {3, 4}}));
        assertMatrix(new double[][] {{0, 0}, {1, 1}}, Gradients.grad(Reductions.sum(Structure.index(m, 1)), m).matrix());
        // [h 0]·[2 5] summed = 2h: ∂/∂h = 2
        Node h = tape.variable(0.7);
        Node lit = Structure.row(h, Node.constant(0));
        Node y = Reductions.sum(mul(lit, Node.constant(new DMatrixRMaj(new double[][] {{2, 5}}))));
        assertEquals(2.0, Gradients.derivative(y, h), 0);
        // sum(M + r) for a 2×3 M and a 1×3 r: r is broadcast over 2 rows, so ∂/∂r = [2 2 2]
        Node big = tape.variable(new DMatrixRMaj(2, 3));
        Node r = tape.variable(new DMatrixRMaj(1, 3));
        assertMatrix(new double[][] {{2, 2, 2}}, Gradients.grad(Reductions.sum(add(big, r)), r).matrix());
        // sum(s·M) for a scalar s and M = [1 2; 3 4]: ∂/∂s = 1 + 2 + 3 + 4 = 10
        Node s = tape.variable(1.5);
        assertEquals(10.0, Gradients.derivative(Reductions.sum(mul(s, Node.constant(m.matrix()))), s), 0);
    }

    @Test
    void cutAtAnIntermediateNode() {
        // h2 = x·x, h3 = h2·h2 at x = 3: with h2 treated as the input, ∂h3/∂h2 = 2·h2 = 18;
        // through x, ∂h3/∂x = 4x³ = 108; the chain ∂h3/∂h2 · ∂h2/∂x = 18 · 6 = 108
        Tape tape = new Tape();
        Node x = tape.variable(3);
        Node h2 = mul(x, x), h3 = mul(h2, h2);
        assertEquals(18.0, Gradients.derivative(h3, h2), 0);
        assertEquals(108.0, Gradients.derivative(h3, x), 0);
        assertEquals(6.0, Gradients.derivative(h2, x), 0);
        assertEquals(1.0, Gradients.derivative(h3, h3), 0); // ∂y/∂y = 1
        // a value that does not depend on x has derivative 0
        Node other = tape.variable(5);
        assertEquals(0.0, Gradients.derivative(mul(other, other), x), 0);
        assertEquals(0.0, Gradients.derivative(Node.constant(4), x), 0);
        assertEquals(0.0, Gradients.derivative(x, other), 0); // x was created before other
    }

    @Test
    void constantsFoldWithoutTouchingTheTape() {
        Tape tape = new Tape();
        Node h = tape.variable(1);
        int before = tape.size();
        Node folded = mul(Node.constant(2), Node.constant(3)); // 6, not recorded
        assertEquals(6.0, folded.scalar(), 0);
        assertEquals(before, tape.size());
        add(h, folded); // one entry: the add with a constant operand
        assertEquals(before + 1, tape.size());
    }

    static void assertMatrix(double[][] expected, DMatrixRMaj actual) {
        assertEquals(expected.length, actual.numRows, "rows");
        assertEquals(expected[0].length, actual.numCols, "columns");
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[0].length; j++) {
                assertEquals(expected[i][j], actual.get(i, j), 1e-14, "entry (" + i + ", " + j + ")");
            }
        }
    }
}
