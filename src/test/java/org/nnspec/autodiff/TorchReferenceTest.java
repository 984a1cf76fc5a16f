package org.nnspec.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nnspec.autodiff.Arithmetic.add;
import static org.nnspec.autodiff.Arithmetic.matmul;
import static org.nnspec.autodiff.Arithmetic.mul;
import static org.nnspec.autodiff.Arithmetic.sub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same computations as src/test/python/autodiff_reference.py, built on the tape from the
 * inputs stored in torch_reference.json, compared with the values torch.autograd produced.
 */
class TorchReferenceTest {
    private static JsonNode ref;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = TorchReferenceTest.class.getResourceAsStream("/autodiff/torch_reference.json")) {
            ref = new ObjectMapper().readTree(in);
        }
    }

    private static final Elementwise TANH = Elementwise.TANH, SIGMOID = Elementwise.SIGMOID;

    @Test
    void scalarTanhRnn() {
        for (JsonNode c : ref.get("tanh_rnn")) {
            Tape tape = new Tape();
            Node w = tape.variable(c.get("w").asDouble()), u = tape.variable(c.get("u").asDouble());
            Node b = tape.variable(c.get("b").asDouble()), h1 = tape.variable(c.get("h1").asDouble());
            JsonNode xs = c.get("x");
            List<Node> h = new ArrayList<>(List.of(h1));
            for (int t = 1; t < xs.size(); t++) {
                Node prev = h.get(h.size() - 1);
                h.add(TANH.apply(add(add(mul(w, prev), mul(u, Node.constant(xs.get(t).asDouble()))), b)));
            }
            Node hT = h.get(h.size() - 1);
            close(c.get("hT"), hT.scalar());
            close(c.get("dhT_dh1"), Gradients.derivative(hT, h1));
            close(c.get("dhT_dw"), Gradients.derivative(hT, w));
            close(c.get("dhT_du"), Gradients.derivative(hT, u));
            close(c.get("dhT_db"), Gradients.derivative(hT, b));
            // the local factors ∂h[t]/∂h[t-1], each an intermediate node cut on the same tape
            for (int t = 1; t < h.size(); t++) {
                close(c.get("local_factors").get(t - 1), Gradients.derivative(h.get(t), h.get(t - 1)));
            }
        }
    }

    @Test
    void vectorRnnJacobian() {
        for (JsonNode c : ref.get("vector_rnn")) {
            Tape tape = new Tape();
            Node W = Node.constant(matrix(c.get("W"))), U = Node.constant(matrix(c.get("U")));
            Node b = Node.constant(matrix(c.get("b")));
            Node h1 = tape.variable(matrix(c.get("h1")));
            Node h = h1;
            for (JsonNode x : c.get("x")) h = TANH.apply(add(add(matmul(W, h), matmul(U, Node.constant(matrix(x)))), b));
            close(matrix(c.get("hT")), h.matrix());
            DMatrixRMaj jac = Gradients.jacobian(h, h1);
            close(matrix(c.get("jacobian")), jac);
            close(c.get("jacobian_spectral_norm"), Reductions.norm(Node.constant(jac)).scalar());
            // grad() dispatches a vector by a vector to the same Jacobian
            close(matrix(c.get("jacobian")), Gradients.grad(h, h1).matrix());
        }
    }

    @Test
    void gradientWithRespectToWeightMatrices() {
        JsonNode c = ref.get("weight_gradient");
        Tape tape = new Tape();
        Node W1 = tape.variable(matrix(c.get("W1"))), W2 = tape.variable(matrix(c.get("W2")));
        Node b1 = tape.variable(matrix(c.get("b1")));
        Node hidden = Elementwise.GELU.apply(add(matmul(W1, Node.constant(matrix(c.get("x")))), b1));
        Node out = matmul(W2, hidden);
        Node diff = sub(out, Node.constant(matrix(c.get("target"))));
        Node loss = Reductions.mean(Arithmetic.pow(diff, Node.constant(2)));
        loss = add(loss, mul(Node.constant(0.1), Reductions.norm(W1)));
        loss = add(loss, Structure.index(Reductions.softmax(out, 0), 0));
        loss = add(loss, Reductions.max(W1));
        loss = add(loss, Structure.index(Elementwise.RELU.apply(W1), 0, 0));
        close(c.get("loss"), loss.scalar());
        close(matrix(c.get("dW1")), Gradients.gradient(loss, W1).matrix());
        close(matrix(c.get("dW2")), Gradients.gradient(loss, W2).matrix());
        close(matrix(c.get("db1")), Gradients.grad(loss, b1).matrix());
    }

    @Test
    void lstmCell() {
        JsonNode c = ref.get("lstm");
        Map<String, Node> p = new HashMap<>();
        Tape tape = new Tape();
        c.get("params").fields().forEachRemaining(e -> p.put(e.getKey(),
                e.getKey().equals("Uf") ? tape.variable(matrix(e.getValue())) : Node.constant(matrix(e.getValue()))));
        Node c1 = tape.variable(matrix(c.get("c1")));
        Node h = Node.constant(matrix(c.get("h1"))), cell = c1;
        for (JsonNode xj : c.get("x")) {
            Node x = Node.constant(new DMatrixRMaj(1, 1, true, xj.asDouble()));
            Node i = SIGMOID.apply(gate(p, "i", x, h));
            Node f = SIGMOID.apply(gate(p, "f", x, h));
            Node g = TANH.apply(gate(p, "g", x, h));
            Node o = SIGMOID.apply(gate(p, "o", x, h));
            cell = add(mul(f, cell), mul(i, g));
            h = mul(o, TANH.apply(cell));
        }
        close(matrix(c.get("cT")), cell.matrix());
        close(matrix(c.get("hT")), h.matrix());
        close(matrix(c.get("dcT_dc1")), Gradients.jacobian(cell, c1));
        close(matrix(c.get("dsumhT_dUf")), Gradients.gradient(Reductions.sum(h), p.get("Uf")).matrix());
    }

    private static Node gate(Map<String, Node> p, String k, Node x, Node h) {
        return add(add(matmul(p.get("W" + k), x), matmul(p.get("U" + k), h)), p.get("b" + k));
    }

    @Test
    void scalarGruCell() {
        JsonNode c = ref.get("gru_scalar");
        Tape tape = new Tape();
        Node h1 = tape.variable(c.get("h1").asDouble()), a = tape.variable(c.get("a").asDouble());
        Node p = Node.constant(c.get("p").asDouble()), cc = Node.constant(c.get("c").asDouble());
        Node d = Node.constant(c.get("d").asDouble()), one = Node.constant(1);
        Node h = h1;
        for (JsonNode xj : c.get("x")) {
            Node x = Node.constant(xj.asDouble());
            Node z = SIGMOID.apply(add(mul(a, h), mul(p, x)));
            Node candidate = TANH.apply(add(mul(cc, h), mul(d, x)));
            h = add(mul(sub(one, z), h), mul(z, candidate));
        }
        close(c.get("hT"), h.scalar());
        close(c.get("dhT_dh1"), Gradients.derivative(h, h1));
        close(c.get("dhT_da"), Gradients.derivative(h, a));
    }

    @Test
    void elementwiseValuesAndDerivativesIncludingKinksAndTails() {
        int checked = 0;
        for (JsonNode c : ref.get("functions")) {
            Elementwise f = Elementwise.byName(c.get("f").asText()).orElseThrow();
            double x = c.get("x").asDouble();
            Tape tape = new Tape();
            Node xv = tape.variable(x);
            Node y = f.apply(xv);
            String what = f.builtin() + "(" + x + ")";
            close(c.get("value"), y.scalar(), what);
            close(c.get("derivative"), Gradients.derivative(y, xv), what + "'");
            checked++;
        }
        assertEquals(13 * 12, checked);
    }

    /**
     * Where float64 rounding decides (sigmoid and gelu far left, relu of NaN), the same
     * numbers as torch, not merely close: sigmoid(-745) and gelu(-10) are 0 there.
     */
    @Test
    void edgesAsTorchRoundsThem() {
        int checked = 0;
        for (JsonNode c : ref.get("edges")) {
            Elementwise f = Elementwise.byName(c.get("f").asText()).orElseThrow();
            double x = number(c.get("x"));
            Tape tape = new Tape();
            Node xv = tape.variable(x);
            Node y = f.apply(xv);
            String what = f.builtin() + "(" + x + ")";
            same(number(c.get("value")), y.scalar(), what);
            same(number(c.get("derivative")), Gradients.derivative(y, xv), what + "'");
            checked++;
        }
        assertEquals(5, checked);
    }

    /** Equal but for the last bits of a nonzero value (Java's exp is not glibc's); a zero must be zero. */
    private static void same(double expected, double actual, String what) {
        if (Double.isNaN(expected)) assertTrue(Double.isNaN(actual), what + ": torch NaN, nnspec " + actual);
        else assertEquals(expected, actual, Math.abs(expected) * 1e-14, what);
    }

    @Test
    void tiesKinksAndConventions() {
        JsonNode c = ref.get("ties");
        Tape tape = new Tape();
        Node m = tape.variable(new DMatrixRMaj(new double[][] {{1, 3}, {3, 2}}));
        close(matrix(c.get("max_grad")), Gradients.gradient(Reductions.max(m), m).matrix());
        Node n = tape.variable(new DMatrixRMaj(new double[][] {{1, 3}, {1, 2}}));
        close(matrix(c.get("min_grad")), Gradients.gradient(Reductions.min(n), n).matrix());
        Node a = tape.variable(2), b = tape.variable(2);
        Node mx = Reductions.maximum(a, b);
        close(c.get("maximum_tie_grad").get(0), Gradients.derivative(mx, a));
        close(c.get("maximum_tie_grad").get(1), Gradients.derivative(mx, b));
        Node zero = tape.variable(new DMatrixRMaj(3, 1));
        close(matrix(c.get("norm_zero_grad")), Gradients.gradient(Reductions.norm(zero), zero).matrix());
        double[][] pows = {{0, 2}, {0, 0}, {2, 0}};
        String[] names = {"pow_0_2", "pow_0_0", "pow_2_0"};
        for (int k = 0; k < 3; k++) {
            Node base = tape.variable(pows[k][0]), exponent = tape.variable(pows[k][1]);
            Node z = Arithmetic.pow(base, exponent);
            close(c.get(names[k]).get(0), Gradients.derivative(z, base), names[k] + " d/dbase");
            close(c.get(names[k]).get(1), Gradients.derivative(z, exponent), names[k] + " d/dexponent");
        }
        Node s = tape.variable(new DMatrixRMaj(new double[][] {{0.5, Double.NEGATIVE_INFINITY, 1.5}}));
        Node sm = Reductions.softmax(s, -1);
        close(matrix(c.get("softmax_masked_value")), sm.matrix());
        Node weighted = Reductions.sum(mul(sm, Node.constant(new DMatrixRMaj(new double[][] {{1, 2, 3}}))));
        close(matrix(c.get("softmax_masked_grad")), Gradients.gradient(weighted, s).matrix());
        Node zs = tape.variable(0);
        close(c.get("relu_sqrt_at_0"), Gradients.derivative(Elementwise.RELU.apply(Elementwise.SQRT.apply(zs)), zs));
    }

    // ---- JSON and comparison ----

    private static DMatrixRMaj matrix(JsonNode rows) {
        DMatrixRMaj m = new DMatrixRMaj(rows.size(), rows.get(0).size());
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < rows.get(i).size(); j++) m.set(i, j, number(rows.get(i).get(j)));
        }
        return m;
    }

    private static double number(JsonNode v) {
        if (v.isNumber()) return v.asDouble();
        switch (v.asText()) {
            case "nan": return Double.NaN;
            case "inf": return Double.POSITIVE_INFINITY;
            case "-inf": return Double.NEGATIVE_INFINITY;
            default: throw new IllegalArgumentException("not a number: " + v);
        }
    }

    private static void close(JsonNode expected, double actual) { close(expected, actual, "value"); }

    /** Equal to 1e-10 relative, plus 1e-12 absolute for values near 0 (exact comparisons at the edges are above). */
    private static void close(JsonNode expected, double actual, String what) {
        double e = number(expected);
        if (Double.isNaN(e) || Double.isInfinite(e)) {
            assertEquals(e, actual, what);
            return;
        }
        assertTrue(Math.abs(e - actual) <= 1e-10 * Math.abs(e) + 1e-12,
                what + ": torch " + e + ", nnspec " + actual);
    }

    private static void close(DMatrixRMaj expected, DMatrixRMaj actual) {
        assertEquals(expected.numRows, actual.numRows, "rows");
        assertEquals(expected.numCols, actual.numCols, "columns");
        for (int k = 0; k < expected.getNumElements(); k++) {
            double e = expected.data[k], a = actual.data[k];
            assertTrue(Math.abs(e - a) <= 1e-10 * Math.abs(e) + 1e-12,
                    "entry " + k + ": torch " + e + ", nnspec " + a);
        }
    }
}
