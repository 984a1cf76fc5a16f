package org.nnspec.robust;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nnspec.eval.Builtins;
import org.nnspec.nn.LayerCatalog;
import org.nnspec.nn.LayerType;
import org.nnspec.nn.Param;

/**
 * Random {@code .nnspec} programs that follow grammar/NNSpec.g4: statements (assignments,
 * sequences, print, explain, for, if, import, networks and blocks with layers from the
 * catalog, residual, concat, repeat), expressions with every operator, calls to every
 * built-in, matrix literals in all three styles, tuples, lists, indexing, fields and grad.
 *
 * <p>Programs are syntactically plausible rather than meaningful: shapes are drawn from a small
 * per-program set so that some computations go deep, and extreme values (huge integers, huge
 * sizes, negative and zero sizes) appear often enough to probe the limits.
 */
final class ProgramGenerator {
    private static final String[] NAMES = {"a", "b", "c", "x", "y", "w", "u", "n", "W", "X", "M", "Q", "K", "V", "s", "r", "tokens"};
    private static final String[] SEQUENCES = {"h", "g", "z"};
    private static final String[] BINARY = {"+", "-", "*", "/", "//", "%", "@", "^", "==", "!=", "<", "<=", ">", ">=", "and", "or"};
    private static final String[] FIELDS = {"T", "weights", "scores", "output", "Q", "K", "V", "params", "shape", "nope"};
    private static final String[] EXTREME_INTS = {"0", "-1", "1", "2", "10^12", "2^64", "200000", "99999999999999999999999",
        "2^(10^9)", "10^100000", "-0", "1_000_000", "46341", "2^31", "8000"};
    private static final String[] EXTREME_REALS = {"0.0", "1e308", "1e-320", "1e999", "-1e308", ".5", "0.3", "1e-3", "2.5e0", "3.0"};
    private static final String[] STRINGS = {"\"The\"", "\"red\"", "\"\"", "\"a\\\"b\\\\c\\n\"", "\"causal\"", "\"same\"", "\"valid\"",
        "\"panda\"", "\"€\"", "\"plot.svg\""};
    private static final String[] LAYERS;

    static {
        List<String> names = new ArrayList<>();
        for (LayerType t : LayerCatalog.all()) names.add(t.name());
        LAYERS = names.toArray(new String[0]);
    }

    private final Random r;
    private final int dim;
    private int budget;

    ProgramGenerator(Random random, int size) {
        this.r = random;
        this.dim = 1 + r.nextInt(4);
        this.budget = size;
    }

    /** A whole program of about {@code size} statements. */
    String program() {
        StringBuilder sb = new StringBuilder();
        if (r.nextInt(4) == 0) sb.append("# generated\n");
        int n = 1 + r.nextInt(Math.max(1, budget));
        for (int i = 0; i < n && budget > 0; i++) {
            statement(sb, 0, false);
            sb.append(separator());
        }
        return sb.toString();
    }

    private String separator() {
        switch (r.nextInt(10)) {
            case 0: return ";";
            case 1: return "\r\n";
            case 2: return "\n\n";
            case 3: return "   # note\n";
            default: return "\n";
        }
    }

    private void statement(StringBuilder sb, int depth, boolean inNetwork) {
        budget--;
        int choice = r.nextInt(inNetwork ? 20 : 16);
        if (depth > 3 && choice >= 8 && choice < 16) choice = 0;
        switch (choice) {
            case 0: case 1: case 2:
                sb.append(pick(NAMES)).append(" = ").append(expr(0));
                break;
            case 3: case 4:
                sb.append(expr(0));
                break;
            case 5:
                sb.append("print ").append(expr(0));
                for (int i = r.nextInt(3); i > 0; i--) sb.append(", ").append(expr(1));
                break;
            case 6:
                sb.append("explain ").append(expr(0));
                break;
            case 7:
                sequence(sb);
                break;
            case 8:
                sb.append("for ").append(pick(NAMES)).append(" in ").append(iterable()).append(' ');
                body(sb, depth, inNetwork);
                break;
            case 9: {
                sb.append("if ").append(expr(1)).append(' ');
                body(sb, depth, inNetwork);
                int k = r.nextInt(3);
                if (k == 1) {
                    sb.append(" else ");
                    body(sb, depth, inNetwork);
                } else if (k == 2) {
                    sb.append(" else if ").append(expr(1)).append(' ');
                    body(sb, depth, inNetwork);
                }
                break;
            }
            case 10: case 11:
                network(sb, depth);
                break;
            case 12:
                sb.append("block ").append(r.nextBoolean() ? "Basic" : "Stage").append("(c_in, c_out=").append(small()).append(") ");
                networkBody(sb, depth, false);
                break;
            case 13:
                sb.append("import ").append(pick(new String[] {"\"lib/constants.nnspec\"", "\"missing.nnspec\"", "\"\"", "\".\"",
                    "\"/\"", "\"../../../../etc/passwd\"", "\"a\\u0000b\""}));
                break;
            case 14: {
                String x = pick(NAMES);
                sb.append(x).append(" = ").append(grad());
                break;
            }
            case 15:
                sb.append(attentionCall());
                break;
            default:
                networkStatement(sb, depth);
        }
    }

    private void body(StringBuilder sb, int depth, boolean inNetwork) {
        sb.append('{');
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            sb.append(r.nextBoolean() ? "\n  " : " ");
            statement(sb, depth + 1, inNetwork);
            if (i + 1 < n) sb.append(r.nextBoolean() ? ";" : "\n");
        }
        sb.append(r.nextBoolean() ? "\n}" : " }");
    }

    private void sequence(StringBuilder sb) {
        String h = pick(SEQUENCES);
        switch (r.nextInt(4)) {
            case 0: sb.append(h).append('[').append(r.nextInt(3) - 1).append("] = ").append(expr(1)); break;
            case 1: sb.append(h).append("[t] = ").append(pick(new String[] {"relu", "tanh", "sigmoid", ""}))
                    .append('(').append(pick(NAMES)).append(" * ").append(h).append("[t-").append(1 + r.nextInt(2)).append("] + ")
                    .append(r.nextBoolean() ? "x[t]" : expr(2)).append(')'); break;
            case 2: sb.append(h).append("[t] = ").append(pick(SEQUENCES)).append("[t").append(pick(new String[] {"-1", "", "+1", "-2"}))
                    .append("] ").append(pick(new String[] {"+", "*", "@"})).append(' ').append(expr(2)); break;
            default: sb.append(h).append('[').append(pick(new String[] {"3", "20", "0", "-1", "10^6", "10^20", "t", "1.5"})).append(']');
        }
    }

    private String grad() {
        String h = pick(SEQUENCES);
        switch (r.nextInt(3)) {
            case 0: return "grad(" + h + "[" + r.nextInt(6) + "], " + h + "[" + r.nextInt(4) + "])";
            case 1: return "grad(" + expr(1) + ", " + pick(NAMES) + ")";
            default: return "grad(" + h + "[" + pick(new String[] {"20", "1000", "10^7"}) + "], " + pick(NAMES) + ")";
        }
    }

    private String attentionCall() {
        StringBuilder sb = new StringBuilder();
        sb.append(pick(NAMES)).append(" = ");
        if (r.nextBoolean()) {
            sb.append("self_attention(").append(matrix()).append(", ").append(matrix()).append(", ").append(matrix()).append(", ")
                    .append(matrix());
        } else {
            sb.append("attention(").append(matrix()).append(", ").append(matrix()).append(", ").append(matrix());
        }
        if (r.nextBoolean()) sb.append(", tokens=").append(list());
        if (r.nextBoolean()) sb.append(", mask=").append(r.nextBoolean() ? "\"causal\"" : expr(2));
        if (r.nextBoolean()) sb.append(", heads=").append(small());
        if (r.nextBoolean()) sb.append(", scale=").append(expr(2));
        return sb.append(')').toString();
    }

    private void network(StringBuilder sb, int depth) {
        sb.append("network ").append(r.nextBoolean() ? "Net" : "CNN");
        if (r.nextBoolean()) sb.append("(C=").append(small()).append(r.nextBoolean() ? ", H" : "").append(')');
        sb.append(' ');
        networkBody(sb, depth, true);
        if (r.nextBoolean()) sb.append(separator()).append(r.nextBoolean() ? "Net" : "CNN(C=" + small() + ")");
    }

    private void networkBody(StringBuilder sb, int depth, boolean withInput) {
        sb.append("{\n");
        if (withInput || r.nextInt(4) == 0) sb.append("  input ").append(shape()).append('\n');
        int n = 1 + r.nextInt(5);
        for (int i = 0; i < n && budget > -20; i++) {
            sb.append("  ");
            if (r.nextInt(3) == 0) statement(sb, depth + 1, true);
            else networkStatement(sb, depth + 1);
            sb.append('\n');
        }
        sb.append('}');
    }

    private void networkStatement(StringBuilder sb, int depth) {
        budget--;
        int choice = depth > 3 ? 0 : r.nextInt(10);
        switch (choice) {
            case 5:
                sb.append("residual ");
                networkBody(sb, depth, false);
                if (r.nextBoolean()) {
                    sb.append(" shortcut ");
                    networkBody(sb, depth, false);
                }
                break;
            case 6:
                sb.append("concat(dim=").append(r.nextInt(3)).append(") {\n branch ");
                networkBody(sb, depth, false);
                sb.append("\n branch ");
                networkBody(sb, depth, false);
                sb.append("\n}");
                break;
            case 8:
                // a merge, maybe labelled (a keyword too), with named, empty or generated branches
                if (r.nextInt(3) == 0) sb.append(pick(new String[] {"mix", "block", "add"})).append(": ");
                sb.append(pick(new String[] {"add", "multiply"})).append(" {\n ");
                if (r.nextBoolean()) sb.append(pick(new String[] {"b1", "left", "branch"})).append(": ");
                sb.append("branch ");
                networkBody(sb, depth, false);
                sb.append(r.nextBoolean() ? "\n branch { }" : "\n for k in range(" + small() + ") { branch { Parameter(" + small() + ", " + small() + ") } }");
                sb.append("\n}");
                break;
            case 9:
                sb.append("experts(count=").append(small()).append(", active=").append(small()).append(") ");
                networkBody(sb, depth, false);
                break;
            case 7:
                // huge but allowed counts only make big networks slowly: LimitsTest has the layer limit
                if (r.nextInt(3) == 0) sb.append("layers: ");
                sb.append("repeat ").append(r.nextInt(5) == 0 ? pick(new String[] {"-1", "0", "2^64", "10^12", "1.5", "\"3\"", "1_000_001"})
                        : small()).append(' ');
                networkBody(sb, depth, false);
                break;
            default:
                if (r.nextBoolean()) sb.append(pick(new String[] {"conv1", "fc", "pool", "l", "tie_me"})).append(": ");
                sb.append(layer());
        }
    }

    private String layer() {
        String name = r.nextInt(20) == 0 ? pick(new String[] {"Basic", "Stage", "Conv4d", "linear"}) : pick(LAYERS);
        StringBuilder sb = new StringBuilder(name).append('(');
        List<Param> params = LayerCatalog.find(name).map(t -> t.signature().params()).orElse(List.of());
        List<String> args = new ArrayList<>();
        int positional = params.isEmpty() ? r.nextInt(3) : r.nextInt(params.size() + 1);
        for (int i = 0; i < positional; i++) args.add(small());
        for (int i = positional; i < params.size(); i++) {
            if (r.nextInt(3) == 0) args.add(params.get(i).name() + "=" + argumentFor(params.get(i)));
        }
        if (r.nextInt(10) == 0) args.add(pick(new String[] {"tie=fc", "bogus=1", "stride=(1, 2, 3)", "padding=\"same\""}));
        sb.append(String.join(", ", args));
        return sb.append(')').toString();
    }

    private String argumentFor(Param p) {
        switch (p.kind()) {
            case BOOL: return r.nextInt(5) == 0 ? "1" : r.nextBoolean() ? "true" : "false";
            case REAL: case OPT_REAL: return pick(EXTREME_REALS);
            case CHOICE: return p.choices().isEmpty() ? "\"x\"" : "\"" + p.choices().get(r.nextInt(p.choices().size())) + "\"";
            case PADDING: return r.nextBoolean() ? "\"same\"" : small();
            case INTS: case OPT_INTS: return r.nextBoolean() ? "(" + small() + ", " + small() + ")" : small();
            default: return r.nextInt(8) == 0 ? pick(EXTREME_INTS) : small();
        }
    }

    private String shape() {
        int rank = 1 + r.nextInt(4);
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < rank; i++) {
            if (i > 0) sb.append(", ");
            sb.append(i == 0 && r.nextBoolean() ? "N" : r.nextInt(10) == 0 ? pick(EXTREME_INTS) : String.valueOf(1 << r.nextInt(7)));
        }
        return sb.append(rank == 1 && r.nextBoolean() ? ",)" : ")").toString();
    }

    private String iterable() {
        switch (r.nextInt(5)) {
            case 0: return "range(" + small() + ")";
            case 1: return "range(" + small() + ", " + small() + ")";
            case 2: return list();
            case 3: return matrix();
            default: return expr(1);
        }
    }

    /** An expression; deeper levels prefer atoms so the text stays finite. */
    String expr(int depth) {
        if (depth > 4 || budget < -40) return atom();
        int choice = r.nextInt(14);
        switch (choice) {
            case 0: case 1: return expr(depth + 1) + " " + pick(BINARY) + " " + expr(depth + 1);
            case 2: return pick(new String[] {"-", "+", "not "}) + expr(depth + 1);
            case 3: return "(" + expr(depth + 1) + ")";
            case 4: case 5: return call(depth);
            case 6: return matrix();
            case 7: return expr(depth + 1) + "[" + index() + (r.nextBoolean() ? ", " + index() : "") + "]";
            case 8: return atomOrName() + "." + pick(FIELDS);
            case 9: return r.nextBoolean() ? list() : shape();
            case 10: return grad();
            case 11: return pick(SEQUENCES) + "[" + index() + "]";
            default: return atom();
        }
    }

    private String call(int depth) {
        List<String> builtins = new ArrayList<>(Builtins.all().keySet());
        builtins.add("softmax");
        builtins.remove("plot"); // it writes files: see FuzzTest.harmless
        String f = r.nextInt(30) == 0 ? "sqrtt" : builtins.get(r.nextInt(builtins.size()));
        int n = r.nextInt(4);
        List<String> args = new ArrayList<>();
        for (int i = 0; i < n; i++) args.add(r.nextInt(3) == 0 ? small() : expr(depth + 2));
        if (r.nextInt(4) == 0) args.add(pick(new String[] {"dim", "seed", "mask", "scale", "x", "b"}) + "=" + small());
        return f + "(" + String.join(", ", args) + ")";
    }

    private String matrix() {
        int rows = r.nextInt(6) == 0 ? r.nextInt(4) : r.nextBoolean() ? 1 : dim;
        int cols = r.nextInt(6) == 0 ? r.nextInt(4) : dim;
        if (r.nextInt(8) == 0) {
            String[] makers = {"eye", "zeros", "ones", "rand", "randn"};
            String m = pick(makers);
            String a = r.nextInt(6) == 0 ? pick(EXTREME_INTS) : String.valueOf(rows);
            return m.equals("eye") ? m + "(" + a + ")" : m + "(" + a + ", " + (r.nextInt(6) == 0 ? pick(EXTREME_INTS) : cols) + ")";
        }
        int style = r.nextInt(3);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < rows; i++) {
            if (i > 0) sb.append(style == 0 ? (r.nextBoolean() ? "; " : "\n ") : ", ");
            if (style == 2) sb.append('[');
            int c = r.nextInt(10) == 0 ? cols + 1 : cols;
            for (int j = 0; j < c; j++) {
                if (j > 0) sb.append(style == 0 && r.nextBoolean() ? " " : ", ");
                sb.append(r.nextInt(5) == 0 ? expr(4) : element());
            }
            if (style == 2) sb.append(']');
        }
        return sb.append(']').toString();
    }

    private String element() {
        switch (r.nextInt(6)) {
            case 0: return "-" + r.nextInt(5);
            case 1: return "0." + r.nextInt(10);
            case 2: return "sqrt(3)*ln(80)";
            default: return String.valueOf(r.nextInt(4));
        }
    }

    private String list() {
        StringBuilder sb = new StringBuilder("[");
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(", ");
            sb.append(r.nextBoolean() ? pick(STRINGS) : small());
        }
        return sb.append(']').toString();
    }

    private String index() {
        return r.nextInt(8) == 0 ? pick(EXTREME_INTS) : r.nextInt(5) == 0 ? "t-1" : String.valueOf(r.nextInt(5) - 1);
    }

    private String atom() {
        switch (r.nextInt(9)) {
            case 0: return pick(EXTREME_INTS);
            case 1: return pick(EXTREME_REALS);
            case 2: return pick(STRINGS);
            case 3: return r.nextBoolean() ? "true" : "false";
            case 4: return pick(new String[] {"pi", "e", "N"});
            case 5: case 6: return pick(NAMES);
            default: return small();
        }
    }

    private String atomOrName() {
        return r.nextInt(3) == 0 ? atom() : pick(NAMES);
    }

    private String small() {
        return String.valueOf(r.nextInt(9));
    }

    private String pick(String[] options) {
        return options[r.nextInt(options.length)];
    }
}
