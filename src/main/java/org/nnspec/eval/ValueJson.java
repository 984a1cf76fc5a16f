package org.nnspec.eval;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.nnspec.eval.NetworkValues.AttentionV;
import org.nnspec.eval.NetworkValues.NetworkV;
import org.nnspec.eval.Value.BoolV;
import org.nnspec.eval.Value.IntV;
import org.nnspec.eval.Value.ListV;
import org.nnspec.eval.Value.MatV;
import org.nnspec.eval.Value.RealV;
import org.nnspec.eval.Value.ShapeV;
import org.nnspec.eval.Value.StrV;
import org.nnspec.nn.Dim;
import org.nnspec.nn.Shape;
import org.nnspec.render.attention.AttentionJson;
import org.nnspec.render.JsonNumbers;

/**
 * Values as JSON (docs/language.md section 9): network summaries and attention results as their own
 * objects; plain values with integers exact, a matrix as a list of rows, a shape as a list
 * whose symbolic dims are strings, non-finite reals as {@link JsonNumbers} writes them.
 */
final class ValueJson {
    private ValueJson() {}

    /**
     * Writes the report of a network or an attention result and returns true; returns false,
     * writing nothing, for every other value.
     */
    static boolean report(JsonGenerator g, Value v) throws IOException { return report(g, v, org.nnspec.nn.Cost.DType.FP32); }

    /** {@link #report(JsonGenerator, Value)} with a summary's bytes in {@code dtype} (unless the value chose its own). */
    static boolean report(JsonGenerator g, Value v, org.nnspec.nn.Cost.DType dtype) throws IOException {
        if (v instanceof NetworkV n) {
            n.network().writeJson(g, n.dtype() != null ? n.dtype() : dtype);
            return true;
        }
        if (v instanceof NetworkValues.CostV c) {
            c.cost().writeJson(g, null);
            return true;
        }
        if (v instanceof AttentionV a) {
            AttentionJson.write(a.result(), g);
            return true;
        }
        return false;
    }

    /** A plain value: a number, string, list, matrix (a list of rows) or shape. */
    static void write(JsonGenerator g, Value v) throws IOException {
        if (v instanceof IntV i) {
            g.writeNumber(i.value());
        } else if (v instanceof RealV r) {
            JsonNumbers.real(g, r.value());
        } else if (v instanceof BoolV b) {
            g.writeBoolean(b.value());
        } else if (v instanceof StrV s) {
            g.writeString(s.value());
        } else if (v instanceof ListV l) {
            g.writeStartArray();
            for (Value item : l.items()) write(g, item);
            g.writeEndArray();
        } else if (v instanceof MatV m) {
            JsonNumbers.matrix(g, m.m());
        } else if (v instanceof ShapeV s) {
            shape(g, s.shape());
        } else {
            g.writeString("<" + v.typeName() + ">");
        }
    }

    private static void shape(JsonGenerator g, Shape s) throws IOException {
        g.writeStartArray();
        for (Dim d : s.dims()) {
            if (d instanceof Dim.Known k) g.writeNumber(k.value());
            else g.writeString(d.toString());
        }
        g.writeEndArray();
    }
}
