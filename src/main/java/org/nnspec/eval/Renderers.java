package org.nnspec.eval;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.nnspec.eval.NetworkValues.AttentionV;
import org.nnspec.eval.NetworkValues.NetworkV;
import org.nnspec.render.AttentionExplain;
import org.nnspec.render.AttentionJson;
import org.nnspec.render.AttentionText;

/**
 * Rendering of the values that have their own report: network summaries (section 6) and
 * attention results (section 8). Plain values fall through to {@link ValueText} and {@link ValueJson}.
 */
final class Renderers {
    private Renderers() {}

    /** Text for a value with its own report, or null for a plain value. */
    static String text(Value v, int precision, int depth, boolean explain) {
        if (v instanceof NetworkV n) {
            String summary = n.network().summaryText(depth);
            if (!explain) return strip(summary);
            return strip(summary) + "\n" + strip(n.network().explainText());
        }
        if (v instanceof AttentionV a) {
            String text = AttentionText.render(a.result(), precision);
            if (!explain) return strip(text);
            return strip(text) + "\n" + strip(AttentionExplain.explain(a.result(), precision));
        }
        return null;
    }

    private static String strip(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    /** Writes a value with its own report and returns true, or returns false for a plain value. */
    static boolean json(JsonGenerator g, Value v) throws IOException {
        if (v instanceof NetworkV n) {
            n.network().writeJson(g);
            return true;
        }
        if (v instanceof AttentionV a) {
            AttentionJson.write(a.result(), g);
            return true;
        }
        return false;
    }
}
