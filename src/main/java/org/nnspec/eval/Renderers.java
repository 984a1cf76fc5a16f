package org.nnspec.eval;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * Rendering of the values that have their own report: network summaries and attention
 * results. Plain values fall through to {@link Show} and {@link JsonValues}.
 */
final class Renderers {
    private Renderers() {}

    /** Text for a value with its own report, or null for a plain value. */
    static String text(String label, Value v, int precision, boolean explain) {
        return null;
    }

    /** Writes a value with its own report and returns true, or returns false for a plain value. */
    static boolean json(JsonGenerator g, String label, Value v, boolean explain) throws IOException {
        return false;
    }
}
