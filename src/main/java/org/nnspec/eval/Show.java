package org.nnspec.eval;

import java.util.StringJoiner;
import org.ejml.data.DMatrixRMaj;
import org.nnspec.eval.Value.BoolV;
import org.nnspec.eval.Value.IntV;
import org.nnspec.eval.Value.ListV;
import org.nnspec.eval.Value.MatV;
import org.nnspec.eval.Value.RealV;
import org.nnspec.eval.Value.ShapeV;
import org.nnspec.eval.Value.StrV;
import org.nnspec.render.MatrixText;
import org.nnspec.render.Numbers;

/** How plain values look in text output (LANGUAGE.md section 9). */
public final class Show {
    private Show() {}

    /** One line: numbers, strings in quotes, {@code [1 2; 3 4]} for matrices. */
    public static String inline(Value v, int precision) {
        if (v instanceof IntV i) return i.value().toString();
        if (v instanceof RealV r) return Numbers.real(r.value(), precision);
        if (v instanceof BoolV b) return b.value() ? "true" : "false";
        if (v instanceof StrV s) return quote(s.value());
        if (v instanceof ShapeV s) return s.shape().toString();
        if (v instanceof ListV l) {
            StringJoiner j = new StringJoiner(", ", "[", "]");
            for (Value item : l.items()) j.add(inline(item, precision));
            return j.toString();
        }
        if (v instanceof MatV m) return inlineMatrix(m.m(), precision);
        return "<" + v.typeName() + ">";
    }

    /** As {@code print} shows it: like {@link #inline} but strings without quotes. */
    public static String plain(Value v, int precision) {
        if (v instanceof StrV s) return s.value();
        return inline(v, precision);
    }

    /**
     * The right-hand side of a labelled result ({@code label = …}): inline for scalars, a
     * size line and aligned rows for a matrix with more than one row.
     */
    public static String labelled(String label, Value v, int precision) {
        if (v instanceof MatV m && m.m().numRows > 1) {
            return label + " = " + m.m().numRows + "×" + m.m().numCols + " matrix\n" + MatrixText.render(m.m(), precision);
        }
        return label + " = " + inline(v, precision);
    }

    public static String inlineMatrix(DMatrixRMaj m, int precision) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < m.numRows; i++) {
            if (i > 0) sb.append("; ");
            for (int j = 0; j < m.numCols; j++) {
                if (j > 0) sb.append(' ');
                sb.append(Numbers.real(m.get(i, j), precision));
            }
        }
        return sb.append(']').toString();
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
