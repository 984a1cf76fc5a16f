package org.nnspec.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nnspec.ast.Stmt;
import org.nnspec.diag.Diagnostics;
import org.nnspec.diag.NnspecException;
import org.nnspec.nn.Network;

/**
 * What {@code nnspec export} reads from a file that has run (docs/language.md section 15): a
 * network's definition, the network built with its defaults, and what the names its body and
 * its blocks' bodies use mean: a block, a network, or a value fixed when the file ran.
 */
public final class ExportSource {
    private ExportSource() {}

    /** A block definition and the names it sees. */
    public record Block(Stmt.BlockDef def, Scope closure) {}

    /** A network definition, the names it sees, and the network built from its defaults. */
    public record NetworkSource(Stmt.NetworkDef def, Scope closure, Network built) {}

    /** The names of the networks defined in {@code scope}, sorted. */
    public static List<String> networkNames(Scope scope) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Value> e : scope.locals().entrySet()) {
            if (e.getValue() instanceof NetworkValues.NetworkDefV) names.add(e.getKey());
        }
        names.sort(null);
        return names;
    }

    /**
     * The network {@code name} names in the file's scope, built with its defaults; null when the
     * name is not a network. Building reports its diagnostics to {@code diags}; a network that
     * cannot be built at all (a parameter without a default) throws.
     */
    public static NetworkSource network(Interpreter interpreter, String name, Diagnostics diags) {
        if (!(interpreter.globals().lookup(name) instanceof NetworkValues.NetworkDefV def)) return null;
        Value built = Networks.buildReporting(interpreter, def, diags);
        return new NetworkSource(def.def, def.closure, ((NetworkValues.NetworkV) built).network());
    }

    /** The block {@code name} means in {@code scope}, or null when it means something else. */
    public static Block block(Scope scope, String name) {
        return scope.lookup(name) instanceof NetworkValues.BlockDefV b ? new Block(b.def(), b.closure()) : null;
    }

    /** Whether {@code name} means a network in {@code scope}. */
    public static boolean isNetwork(Scope scope, String name) {
        return scope.lookup(name) instanceof NetworkValues.NetworkDefV;
    }

    /**
     * The value {@code name} has in {@code scope} as plain Java: BigInteger, Double, Boolean,
     * String, a List (a list, or a matrix's one row or column, whole entries as BigInteger), a
     * List of row Lists (a matrix), or a
     * {@link Tuple} (a tuple of sizes, a symbolic one as its name); a constant such as
     * {@code pi} or PyTorch's {@code True} when the file does not bind the name. Null when the
     * name is unbound; throws when the value is one no program outside nnspec can hold (a sequence,
     * a network).
     */
    public static Object constant(Scope scope, String name, org.nnspec.diag.Span at) {
        Value v = scope.lookup(name);
        if (v == null) v = Evaluator.unboundConstant(name);
        return v == null ? null : plain(v, name, at);
    }

    /**
     * A matrix entry: a whole number as an integer, as Python code would write it (nnspec keeps
     * [1, 3] as reals, and torch wants an int for a kernel size).
     */
    private static Object entry(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) java.math.BigInteger.valueOf((long) d) : (Object) d;
    }

    /** A tuple of sizes, each a BigInteger or a symbolic size's name (a String). */
    public record Tuple(List<Object> items) {}

    private static Object plain(Value v, String name, org.nnspec.diag.Span at) {
        if (v instanceof Value.IntV i) return i.value();
        if (v instanceof Value.RealV r) return r.value();
        if (v instanceof Value.BoolV b) return b.value();
        if (v instanceof Value.StrV s) return s.value();
        if (v instanceof Value.ListV l) {
            List<Object> items = new ArrayList<>();
            for (Value item : l.items()) items.add(plain(item, name, at));
            return items;
        }
        if (v instanceof Value.ShapeV s) {
            List<Object> items = new ArrayList<>();
            for (org.nnspec.nn.Dim d : s.shape().dims()) {
                items.add(d instanceof org.nnspec.nn.Dim.Known k ? (Object) k.value() : d.toString());
            }
            return new Tuple(items);
        }
        if (v instanceof Value.MatV m) {
            List<Object> rows = new ArrayList<>();
            for (int i = 0; i < m.m().numRows; i++) {
                List<Object> row = new ArrayList<>();
                for (int j = 0; j < m.m().numCols; j++) row.add(entry(m.m().get(i, j)));
                rows.add(row);
            }
            if (m.m().numCols == 1 && m.m().numRows > 1) {
                // a column is a vector too: iterated and indexed entry by entry
                List<Object> column = new ArrayList<>();
                for (Object row : rows) column.add(((List<?>) row).get(0));
                return column;
            }
            return m.m().numRows == 1 ? rows.get(0) : rows;
        }
        throw new NnspecException(at, "export cannot write " + name + " in Python: it is " + Coercions.article(v),
                "export writes numbers, true/false, strings, lists, tuples and matrices");
    }
}
