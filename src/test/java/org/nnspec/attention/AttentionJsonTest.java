package org.nnspec.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.nnspec.render.attention.AttentionJson;

/** docs/language.md section 9's attention object, checked on the seed's numbers. */
class AttentionJsonTest {
    static JsonNode json(AttentionResult r) throws Exception {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            AttentionJson.write(r, g);
        }
        assertTrue(!out.toString().contains("\n"), "one line");
        return new ObjectMapper().readTree(out.toString());
    }

    @Test
    void seed() throws Exception {
        JsonNode j = json(AttentionSeedTest.seed(null));
        assertEquals("attention", j.get("kind").asText());
        assertEquals(List.of("The", "red", "panda", "is", "cute"),
                List.of(j.get("tokens").get(0).asText(), j.get("tokens").get(1).asText(), j.get("tokens").get(2).asText(),
                        j.get("tokens").get(3).asText(), j.get("tokens").get(4).asText()));
        for (String f : List.of("Q", "K", "V", "scores", "weights", "output")) assertTrue(j.has(f), f);
        assertEquals(Math.log(80), j.get("scores").get(2).get(1).asDouble(), 1e-14);     // ln 80
        assertEquals(0.8, j.get("weights").get(2).get(1).asDouble(), 1e-14);             // 80/100
        assertEquals(0.17, j.get("output").get(2).get(2).asDouble(), 1e-14);             // 0.17·cute
        assertEquals(1, j.get("heads").asInt());
        assertTrue(j.get("mask").isNull());
        assertTrue(!j.has("head_weights"));
    }

    @Test
    void maskedScoresAreStringsAndHeadsAreListed() throws Exception {
        DMatrixRMaj X = new DMatrixRMaj(new double[][] {{1, 0}, {0, 1}});
        DMatrixRMaj I = new DMatrixRMaj(new double[][] {{1, 0}, {0, 1}});
        JsonNode j = json(Attention.selfAttention(X, I, I, I, null, Mask.causal(), 2, null));
        assertEquals("-inf", j.get("scores").get(0).get(1).asText()); // query 0 cannot see key 1
        assertEquals("causal", j.get("mask").asText());
        assertEquals(2, j.get("head_weights").size());
        assertEquals("0", j.get("tokens").get(0).asText()); // default labels are the row indices
    }
}
