package org.nnspec.eval;

import java.util.StringJoiner;
import org.nnspec.eval.NetworkValues.AttentionV;
import org.nnspec.eval.NetworkValues.NetworkV;
import org.nnspec.eval.Value.BoolV;
import org.nnspec.eval.Value.IntV;
import org.nnspec.eval.Value.ListV;
import org.nnspec.eval.Value.MatV;
import org.nnspec.eval.Value.RealV;
import org.nnspec.eval.Value.ShapeV;
import org.nnspec.eval.Value.StrV;
import org.nnspec.render.attention.AttentionExplain;
import org.nnspec.render.attention.AttentionText;
import org.nnspec.render.MatrixText;
import org.nnspec.render.Numbers;

/**
 * How values look in text output (docs/language.md section 9): network summaries and attention
 * results have their own reports, every other value is written inline or, for a matrix, as
 * aligned rows.
 */
public final class ValueText {
    private ValueText() {}

    /**
     * The report of a network (its summary, section 6) or an attention result (section 8),
     * followed by its work when {@code explain}; null for every other value.
     *
     * @param depth the summary folds scopes deeper than this; 0 shows every layer
     */
    static String report(Value v, int precision, int depth, boolean explain) {
        return report(v, precision, depth, org.nnspec.nn.Cost.DType.FP32, explain);
    }

    /** {@link #report(Value, int, int, boolean)} with a summary's bytes in {@code dtype} (unless the value chose its own). */
    static String report(Value v, int precision, int depth, org.nnspec.nn.Cost.DType dtype, boolean explain) {
        if (v instanceof NetworkV n) {
            String summary = n.network().summaryText(depth, n.dtype() != null ? n.dtype() : dtype);
            if (!explain) return stripNewline(summary);
            return stripNewline(summary) + "\n" + stripNewline(n.network().explainText());
        }
        if (v instanceof NetworkValues.CostV c) return c.cost().text(explain, precision);
        if (v instanceof AttentionV a) {
            String text = AttentionText.render(a.result(), precision);
            if (!explain) return stripNewline(text);
            return stripNewline(text) + "\n" + stripNewline(AttentionExplain.explain(a.result(), precision));
        }
        return null;
    }

    private static String stripNewline(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

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
        if (v instanceof MatV m) return MatrixText.inline(m.m(), precision);
        return "<" + v.typeName() + ">";
    }

    /** As {@code print} shows it: a report as it is, else like {@link #inline} but strings without quotes. */
    static String printed(Value v, int precision, int depth) { return printed(v, precision, depth, org.nnspec.nn.Cost.DType.FP32); }

    static String printed(Value v, int precision, int depth, org.nnspec.nn.Cost.DType dtype) {
        String report = report(v, precision, depth, dtype, false);
        if (report != null) return report;
        if (v instanceof StrV s) return s.value();
        return inline(v, precision);
    }

    /**
     * The right-hand side of a labelled result ({@code label = …}): inline for scalars, a
     * size line and aligned rows for a matrix with more than one row.
     */
    public static String labelled(String label, Value v, int precision) {
        if (v instanceof MatV m && m.m().numRows > 1) return label + " = " + MatrixText.sized(m.m(), precision);
        return label + " = " + inline(v, precision);
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
