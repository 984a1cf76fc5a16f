package org.nnspec.render.attention;

import org.nnspec.render.JsonNumbers;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.nnspec.attention.AttentionResult;

/**
 * The JSON form of an attention result (docs/language.md section 9):
 * {@code {"kind":"attention","tokens":[...],"Q":[[...]],"K":...,"V":...,"scores":...,
 * "weights":...,"output":...}}, plus {@code "heads"}, {@code "scale"}, {@code "mask"} and, with
 * more than one head, {@code "head_scores"} and {@code "head_weights"} (one matrix per head).
 * Matrices are lists of rows. JSON has no infinities, so a masked score is written as the
 * string {@code "-inf"} (and NaN as {@code "nan"}), the spelling of the text output.
 */
public final class AttentionJson {
    private AttentionJson() {}

    public static void write(AttentionResult r, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("kind", "attention");
        strings(g, "tokens", r.tokens());
        if (!r.keyTokens().equals(r.tokens())) strings(g, "key_tokens", r.keyTokens());
        g.writeNumberField("heads", r.heads());
        g.writeNumberField("scale", r.scale());
        if (r.mask() == null) g.writeNullField("mask");
        else g.writeStringField("mask", r.mask().describe());
        for (String field : AttentionResult.FIELDS) {
            g.writeFieldName(field);
            JsonNumbers.matrix(g, r.field(field));
        }
        if (r.heads() > 1) {
            matrices(g, "head_scores", r.headScores());
            matrices(g, "head_weights", r.headWeights());
        }
        g.writeEndObject();
    }

    private static void matrices(JsonGenerator g, String name, List<DMatrixRMaj> ms) throws IOException {
        g.writeFieldName(name);
        g.writeStartArray();
        for (DMatrixRMaj m : ms) JsonNumbers.matrix(g, m);
        g.writeEndArray();
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeFieldName(name);
        g.writeStartArray();
        for (String v : values) g.writeString(v);
        g.writeEndArray();
    }
}
