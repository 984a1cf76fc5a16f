package org.nnspec.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.nnspec.ast.Stmt;
import org.nnspec.diag.Span;
import org.nnspec.nn.Network;
import org.nnspec.render.MatrixText;

/**
 * What an editor asks of a finished run (docs/language.md section 16): the networks it can
 * show shapes for, and a value as a hover shows it. The language server reads the run
 * through here, so the interpreter's own value classes stay inside this package.
 */
public final class EditorQueries {
    private EditorQueries() {}

    /** A matrix with more entries than this is shown by its corners. */
    private static final int SHOWN_ENTRIES = 64;
    /** A list with more items than this is shown by its first ones. */
    private static final int SHOWN_ITEMS = 20;

    /**
     * The networks of the file's scope that the run did not build (their definitions are not
     * in {@code built}), built now with their parameters' defaults and their diagnostics kept
     * quiet, as the command line never reports a network nobody evaluated. A network that
     * needs an argument, or cannot be built at all, is left out.
     */
    public static Map<Stmt.NetworkDef, Network> buildTheRest(Interpreter interpreter, Set<Stmt.NetworkDef> built) {
        Map<Stmt.NetworkDef, Network> out = new LinkedHashMap<>();
        for (Value v : interpreter.globals().locals().values()) {
            if (!(v instanceof NetworkValues.NetworkDefV def) || built.contains(def.def) || out.containsKey(def.def)) continue;
            boolean needsArgument = def.def.params().stream().anyMatch(p -> p.defaultValue() == null);
            if (needsArgument) continue;
            NetworkValues.NetworkV n = Networks.quietBuild(interpreter, def, def.def.nameSpan() == null ? Span.NONE : def.def.nameSpan());
            if (n != null) out.put(def.def, n.network());
        }
        return out;
    }

    /** What a name's value is called ("int", "matrix", "network definition"). */
    public static String typeName(Value v) { return v.typeName(); }

    /** Whether the value is a network or block definition (a hover shows its built network instead). */
    public static boolean isDefinition(Value v) {
        return v instanceof NetworkValues.NetworkDefV || v instanceof NetworkValues.BlockDefV;
    }

    /**
     * A value as a hover shows it: a number, string, shape or short list as the command line
     * writes it; a matrix in aligned rows, only its corners when it is large; a
     * network's summary; an attention result's or a cost's report.
     */
    public static String hoverText(Value v, int precision) {
        String report = ValueText.report(v, precision, 0, false);
        if (report != null) return report;
        if (v instanceof Value.MatV m) return matrix(m.m(), precision);
        if (v instanceof Value.ListV l && l.items().size() > SHOWN_ITEMS) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < SHOWN_ITEMS; i++) sb.append(i == 0 ? "" : ", ").append(ValueText.inline(l.items().get(i), precision));
            return sb.append(", … (").append(l.items().size()).append(" items)]").toString();
        }
        if (v instanceof Sequence || isDefinition(v) || v instanceof Poisoned) return "<" + v.typeName() + ">";
        return ValueText.inline(v, precision);
    }

    private static String matrix(DMatrixRMaj m, int precision) {
        return m.numRows == 1 && m.numCols <= SHOWN_ITEMS ? MatrixText.inline(m, precision) : MatrixText.sized(m, precision, SHOWN_ENTRIES);
    }
}
