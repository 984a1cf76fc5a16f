package org.nnspec.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nnspec.diag.NnspecException;

/**
 * Compares nnspec's attention with PyTorch's on the cases in
 * {@code src/test/resources/attention/reference.json}, produced by
 * {@code src/test/python/attention_reference.py} (torch.nn.MultiheadAttention for the
 * self-attention cases, torch.softmax on explicit scores for custom scales, ±1000 scores and
 * 0/1 masks).
 */
class AttentionReferenceTest {
    static final double TOL = 1e-12;

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() throws Exception {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/attention/reference.json")) {
            root = new ObjectMapper().readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c)));
        }
        assertTrue(tests.size() >= 8, "reference cases");
        return tests.stream();
    }

    private static void check(JsonNode c) {
        String kind = c.get("kind").asText();
        Double scale = c.hasNonNull("scale") ? c.get("scale").asDouble() : null;
        if (kind.equals("self_attention")) {
            List<String> tokens = new ArrayList<>();
            c.get("tokens").forEach(t -> tokens.add(t.asText()));
            Mask mask = c.hasNonNull("mask") ? Mask.named(c.get("mask").asText()) : null;
            int heads = c.get("heads").asInt();
            AttentionResult r = Attention.selfAttention(matrix(c.get("X")), matrix(c.get("W_Q")), matrix(c.get("W_K")),
                    matrix(c.get("W_V")), tokens, mask, heads, scale);
            assertClose(matrix(c.get("Q")), r.Q(), "Q");
            assertClose(matrix(c.get("K")), r.K(), "K");
            assertClose(matrix(c.get("V")), r.V(), "V");
            assertClose(matrix(c.get("weights")), r.weights(), "weights (mean over heads)");
            JsonNode perHead = c.get("head_weights");
            assertEquals(perHead.size(), r.headWeights().size(), "heads");
            for (int j = 0; j < perHead.size(); j++) {
                assertClose(matrix(perHead.get(j)), r.headWeights().get(j), "weights of head " + (j + 1));
            }
            assertClose(matrix(c.get("output")), r.output(), "output");
        } else if (kind.equals("attention")) {
            JsonNode m = c.get("mask");
            Mask mask = m == null || m.isNull() ? null : m.isTextual() ? Mask.named(m.asText()) : Mask.of(matrix(m));
            DMatrixRMaj Q = matrix(c.get("Q")), K = matrix(c.get("K")), V = matrix(c.get("V"));
            AttentionResult r = Attention.attentionResult(Q, K, V, null, null, mask, 1, scale);
            assertClose(matrix(c.get("scores")), r.scores(), "scores");
            assertClose(matrix(c.get("weights")), r.weights(), "weights");
            assertClose(matrix(c.get("output")), r.output(), "output");
            // the output-only path (softmax in place on the scores) gives the same output
            assertClose(matrix(c.get("output")), Attention.attention(Q, K, V, mask, scale), "attention() output");
        } else if (kind.equals("fully_masked")) {
            // torch gives NaN for the row (recorded in the file); nnspec says why instead
            assertTrue(Double.isNaN(matrix(c.get("torch_weights")).get(3, 0)), "torch's NaN row");
            NnspecException e = assertThrows(NnspecException.class, () -> Attention.attention(matrix(c.get("Q")),
                    matrix(c.get("K")), matrix(c.get("V")), Mask.of(matrix(c.get("mask"))), null));
            assertTrue(e.getMessage().contains("query row 3 is fully masked"), e.getMessage());
        } else {
            throw new AssertionError("unknown case kind " + kind);
        }
    }

    static DMatrixRMaj matrix(JsonNode rows) {
        DMatrixRMaj m = new DMatrixRMaj(rows.size(), rows.get(0).size());
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < rows.get(i).size(); j++) {
                JsonNode v = rows.get(i).get(j);
                m.set(i, j, v.isTextual() ? parse(v.asText()) : v.asDouble());
            }
        }
        return m;
    }

    private static double parse(String s) {
        switch (s) {
            case "-inf": return Double.NEGATIVE_INFINITY;
            case "inf": return Double.POSITIVE_INFINITY;
            case "nan": return Double.NaN;
            default: throw new AssertionError("unexpected " + s);
        }
    }

    static void assertClose(DMatrixRMaj expected, DMatrixRMaj actual, String what) {
        assertEquals(expected.numRows, actual.numRows, what + " rows");
        assertEquals(expected.numCols, actual.numCols, what + " cols");
        for (int i = 0; i < expected.numRows; i++) {
            for (int j = 0; j < expected.numCols; j++) {
                double e = expected.get(i, j), a = actual.get(i, j);
                if (Double.isInfinite(e)) assertEquals(e, a, what + "[" + i + ", " + j + "]");
                else assertEquals(e, a, TOL * Math.max(1, Math.abs(e)), what + "[" + i + ", " + j + "]");
            }
        }
    }
}
