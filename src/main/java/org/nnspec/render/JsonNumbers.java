package org.nnspec.render;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.ejml.data.DMatrixRMaj;

/**
 * Reals and matrices in JSON output. JSON has no infinities or NaN, so those are written as
 * the strings {@code "inf"}, {@code "-inf"} and {@code "nan"} (a masked attention score is
 * {@code "-inf"}); a matrix is a list of rows.
 */
public final class JsonNumbers {
    private JsonNumbers() {}

    public static void real(JsonGenerator g, double x) throws IOException {
        if (Double.isNaN(x)) g.writeString("nan");
        else if (Double.isInfinite(x)) g.writeString(x > 0 ? "inf" : "-inf");
        else g.writeNumber(x);
    }

    public static void matrix(JsonGenerator g, DMatrixRMaj m) throws IOException {
        g.writeStartArray();
        for (int i = 0; i < m.numRows; i++) {
            g.writeStartArray();
            for (int j = 0; j < m.numCols; j++) real(g, m.get(i, j));
            g.writeEndArray();
        }
        g.writeEndArray();
    }
}
