package org.nnspec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The answers of docs/language.md section 12 (worked from the seed problem set by hand), checked
 * against the JSON that {@code bin/nnspec --format json examples/section09.nnspec} prints.
 * The last test checks that the repository's reference, docs/language.md, gives the same
 * figures as the assertions here.
 */
class SeedAnswersTest {
    private static final List<JsonNode> LINES = new ArrayList<>();

    @BeforeAll
    static void run() throws Exception {
        GoldenTest.Run r = GoldenTest.run(new ByteArrayInputStream(new byte[0]), "--format", "json", "examples/section09.nnspec");
        assertEquals("", r.err());
        assertEquals(0, r.code());
        ObjectMapper mapper = new ObjectMapper();
        for (String line : r.out().split("\n")) LINES.add(mapper.readTree(line));
    }

    private static JsonNode first(String kind) {
        return LINES.stream().filter(n -> n.get("kind").asText().equals(kind)).findFirst().orElseThrow();
    }

    private static JsonNode value(String label) {
        return LINES.stream().filter(n -> label.equals(n.path("label").asText())).findFirst().orElseThrow().get("value");
    }

    @Test void problem2aShapes() {
        String[] expected = {"[\"N\",16,64,64]", "[\"N\",16,32,32]", "[\"N\",32,30,30]", "[\"N\",32,16,16]",
            "[\"N\",8,16,16]", "[\"N\",4,12,12]", "[\"N\",576]", "[\"N\",10]"};
        JsonNode layers = first("summary").get("layers");
        assertEquals(expected.length, layers.size());
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], layers.get(i).get("output_shape").toString());
    }

    @Test void problem2bParametersAndDenseEquivalents() {
        long[] params = {448, 0, 4640, 0, 264, 804, 0, 5770};
        Long[] dense = {805_371_904L, null, 471_888_000L, null, 16_779_264L, 1_180_224L, null, null};
        JsonNode summary = first("summary");
        JsonNode layers = summary.get("layers");
        for (int i = 0; i < params.length; i++) {
            assertEquals(params[i], layers.get(i).get("params").asLong(), "params of layer " + (i + 1));
            JsonNode d = layers.get(i).get("dense_params");
            if (dense[i] == null) assertEquals(true, d.isNull(), "dense of layer " + (i + 1));
            else assertEquals(dense[i].longValue(), d.asLong(), "dense of layer " + (i + 1));
        }
        assertEquals(11_926, summary.get("total_params").asLong());
        assertEquals("3·3·3·16 + 16", layers.get(0).get("params_formula").asText());
    }

    @Test void problem3Gradients() {
        List<String> prints = new ArrayList<>();
        for (JsonNode n : LINES) if (n.get("kind").asText().equals("print")) prints.add(n.get("text").asText());
        // 3(a) w=0.3: 0.3·0.3 = 0.09; w=3: 3·3 = 9.  3(b): 0.3^19 ≈ 1.16226e-10, 3^19 = 1,162,261,467
        assertEquals("w = 0.3  ∂h3/∂h1 = 0.09  ∂h20/∂h1 = 1.16226e-10", prints.get(0));
        assertEquals("w = 3  ∂h3/∂h1 = 9  ∂h20/∂h1 = 1.16226e+09", prints.get(1));
        assertEquals(1_162_261_467L, value("3 ^ 19").asLong());
        assertEquals(0.09, value("grad(h[3], h[1])").asDouble(), 1e-15);
        assertEquals(Math.pow(0.3, 19), value("grad(h[20], h[1])").asDouble(), 1e-24);
        // 3(c): 0.99^19 = 0.8261686238...
        assertEquals(0.826169, value("grad(c[20], c[1])").asDouble(), 5e-7);
    }

    @Test void problem4Attention() {
        JsonNode a = first("attention");
        double ln80 = Math.log(80), ln17 = Math.log(17);
        // scores row "panda": Q_panda = [1 0 0], K_red = [√3 ln 80, 0, 0], divided by √3
        double[] scores = {0, ln80, 0, 0, ln17};
        // weights: e^0, e^ln80, e^0, e^0, e^ln17 over 1 + 80 + 1 + 1 + 17 = 100
        double[] weights = {0.01, 0.80, 0.01, 0.01, 0.17};
        for (int j = 0; j < 5; j++) {
            assertEquals(scores[j], a.get("scores").get(2).get(j).asDouble(), 1e-12);
            assertEquals(weights[j], a.get("weights").get(2).get(j).asDouble(), 1e-12);
            for (int i : new int[] {0, 1, 3, 4}) {
                assertEquals(0.2, a.get("weights").get(i).get(j).asDouble(), 1e-12, "uniform row " + i);
            }
        }
        // output row "panda" = 0.80·v_red + 0.01·v_panda + 0.17·v_cute = [0.80, 0.01, 0.17]
        double[] output = {0.80, 0.01, 0.17};
        for (int j = 0; j < 3; j++) {
            assertEquals(output[j], a.get("output").get(2).get(j).asDouble(), 1e-12);
            assertEquals(0.2, a.get("output").get(0).get(j).asDouble(), 1e-12);
        }
    }

    @Test void theReferenceGivesTheseAnswers() throws Exception {
        String doc = Files.readString(Path.of("docs/language.md"), StandardCharsets.UTF_8);
        int start = doc.indexOf("## 12. The seed, worked");
        assertTrue(start >= 0, "docs/language.md has section 12");
        int end = doc.indexOf("\n## ", start + 1);
        String section = doc.substring(start, end < 0 ? doc.length() : end).replaceAll("\\s+", " ");
        String[] figures = {
            "(N,16,64,64) · (N,16,32,32) · (N,32,30,30) · (N,32,16,16) · (N,8,16,16) · (N,4,12,12) · (N,576) · (N,10)",
            "448 (dense 805,371,904) · 0 · 4,640 (dense 471,888,000) · 0 · 264 (dense 16,779,264) · "
                + "804 (dense 1,180,224) · 0 · 5,770; total 11,926",
            "w=0.3 → 0.09, w=3 → 9", "0.3^19 ≈ 1.16226e-10, 3^19 = 1,162,261,467", "0.99^19 ≈ 0.826169",
            "scores row \"panda\" = [0, ln 80, 0, 0, ln 17] (others 0)",
            "[0.01, 0.80, 0.01, 0.01, 0.17] (others 0.2)",
            "output row \"panda\" = [0.80, 0.01, 0.17] (others [0.2, 0.2, 0.2])"};
        for (String figure : figures) assertTrue(section.contains(figure), "section 12 of docs/language.md gives " + figure);
    }
}
