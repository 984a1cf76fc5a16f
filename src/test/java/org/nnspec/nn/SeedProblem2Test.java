package org.nnspec.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nnspec.diag.Diagnostics;
import org.nnspec.diag.Span;

/** The seed's problem 2 (docs/language.md section 12) built through the builder API. */
class SeedProblem2Test {
    static Network smallCnn(Diagnostics diags) {
        NetworkBuilder b = new NetworkBuilder("SmallCNN", Span.NONE, diags);
        b.input(new Shape(List.of(Dim.symbolic("N"), Dim.of(3), Dim.of(64), Dim.of(64))), Span.NONE);
        b.layer("conv1", LayerCall.of("Conv2d", "in_channels=", 3, "out_channels=", 16, "kernel_size=", 3, "stride=", 1, "padding=", 1));
        b.layer("pool1", LayerCall.of("MaxPool2d", "kernel_size=", 2, "stride=", 2, "padding=", 0));
        b.layer("conv2", LayerCall.of("Conv2d", 16, 32, "kernel_size=", 3, "stride=", 1, "padding=", 0));
        b.layer("pool2", LayerCall.of("MaxPool2d", "kernel_size=", 2, "stride=", 2, "padding=", 1));
        b.layer("conv3", LayerCall.of("Conv2d", 32, 8, "kernel_size=", 1));
        b.layer("conv4", LayerCall.of("Conv2d", 8, 4, "kernel_size=", 5));
        b.layer("flat", LayerCall.of("Flatten"));
        b.layer("fc", LayerCall.of("Linear", "in_features=", 576, "out_features=", 10));
        return b.build();
    }

    @Test
    void shapesParamsAndDenseEquivalents() {
        Diagnostics diags = new Diagnostics();
        Network net = smallCnn(diags);
        assertFalse(diags.hasErrors(), () -> diags.all().toString());
        // 2(a), from docs/language.md section 12
        String[] shapes = {"(N, 16, 64, 64)", "(N, 16, 32, 32)", "(N, 32, 30, 30)", "(N, 32, 16, 16)", "(N, 8, 16, 16)",
                "(N, 4, 12, 12)", "(N, 576)", "(N, 10)"};
        // 2(b)
        long[] params = {448, 0, 4640, 0, 264, 804, 0, 5770};
        Long[] dense = {805_371_904L, null, 471_888_000L, null, 16_779_264L, 1_180_224L, null, null};
        List<NetworkLayer> layers = net.layers();
        assertEquals(8, layers.size());
        for (int i = 0; i < 8; i++) {
            NetworkLayer l = layers.get(i);
            assertEquals(shapes[i], l.output().toString(), l.name());
            assertEquals(BigInteger.valueOf(params[i]), l.params(), l.name());
            assertEquals(dense[i] == null ? null : BigInteger.valueOf(dense[i]), l.denseParams(), l.name());
        }
        assertEquals(BigInteger.valueOf(11_926), net.totalParams());
        assertEquals("3·3·3·16 + 16", layers.get(0).paramsFormula());
        assertEquals("12288·65536 + 65536", layers.get(0).denseFormula());
        assertEquals("576·10 + 10", layers.get(7).paramsFormula());
        // MACs by hand: conv1 16·64·64·3·3·3 = 1,769,472 (section 9's JSON example);
        // conv2 32·30·30·16·9 = 4,147,200; conv3 8·16·16·32 = 65,536; conv4 4·12·12·8·25 = 115,200; fc 5,760
        long[] macs = {1_769_472, 0, 4_147_200, 0, 65_536, 115_200, 0, 5_760};
        for (int i = 0; i < 8; i++) assertEquals(BigInteger.valueOf(macs[i]), layers.get(i).macs(), layers.get(i).name());
        assertEquals(BigInteger.valueOf(1_769_472 + 4_147_200 + 65_536 + 115_200 + 5_760), net.totalMacs());
        // activations: 65536 + 16384 + 28800 + 8192 + 2048 + 576 + 576 + 10 = 122,122 floats
        assertEquals(BigInteger.valueOf(122_122 * 4L), net.activationBytes());
        assertEquals(BigInteger.valueOf(11_926 * 4L), net.paramBytes());
    }

    @Test
    void summaryText() {
        String text = smallCnn(new Diagnostics()).summaryText();
        assertTrue(text.startsWith("SmallCNN  input (N, 3, 64, 64)\n"), text);
        assertTrue(text.contains("conv1  Conv2d(3, 16, k=3, s=1, p=1)"), text);
        assertTrue(text.contains("3·3·3·16 + 16 = 448"), text);
        assertTrue(text.contains("12288·65536 + 65536 = 805,371,904"), text);
        assertTrue(text.contains("pool1  MaxPool2d(k=2, s=2)"), text);
        assertTrue(text.contains("fc     Linear(576, 10)"), text);
        assertTrue(text.contains("576·10 + 10 = 5,770"), text);
        assertTrue(text.contains("total params 11,926 (trainable 11,926)"), text);
    }

    @Test
    void json() throws Exception {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            smallCnn(new Diagnostics()).writeJson(g);
        }
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertEquals("summary", root.get("kind").asText());
        assertEquals("SmallCNN", root.get("name").asText());
        assertEquals("[\"N\",3,64,64]", root.get("input").toString());
        JsonNode conv1 = root.get("layers").get(0);
        assertEquals("{\"name\":\"conv1\",\"type\":\"Conv2d\",\"output_shape\":[\"N\",16,64,64],\"params\":448,"
                + "\"params_formula\":\"3·3·3·16 + 16\",\"dense_params\":805371904,\"macs\":1769472}", conv1.toString());
        assertTrue(root.get("layers").get(1).get("dense_params").isNull());
        assertEquals(11926, root.get("total_params").asLong());
        assertEquals(11926, root.get("trainable_params").asLong());
    }

    @Test
    void explainShowsTheArithmetic() {
        Network net = smallCnn(new Diagnostics());
        String text = net.explainText();
        assertTrue(text.contains("H_out = ⌊(64 + 2·1 − 1·(3−1) − 1)/1⌋ + 1 = ⌊63/1⌋ + 1 = 64"), text);
        // pool2: (30 + 2·1 − 1·(2−1) − 1)/2 = 30/2 exact → 16
        assertTrue(text.contains("H_out = ⌊(30 + 2·1 − 1·(2−1) − 1)/2⌋ + 1 = ⌊30/2⌋ + 1 = 16"), text);
        // every division of the seed network is exact: no warnings
        assertTrue(net.explainWarnings().isEmpty(), net.explainWarnings().toString());
    }

    @Test
    void unknownOutputIsNullNotACrash() {
        assertNull(new NetworkBuilder("Empty", Span.NONE, new Diagnostics()).build().output());
    }
}
