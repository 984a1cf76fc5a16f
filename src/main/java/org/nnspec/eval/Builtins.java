package org.nnspec.eval;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.nnspec.diag.NnspecException;
import org.nnspec.eval.Builtin.Param;
import org.nnspec.eval.Value.IntV;
import org.nnspec.eval.Value.ListV;
import org.nnspec.eval.Value.MatV;
import org.nnspec.eval.Value.RealV;
import org.nnspec.eval.Value.ShapeV;
import org.nnspec.eval.Value.StrV;
import org.nnspec.nn.Dim;
import org.nnspec.nn.Shape;

/**
 * The built-in functions of LANGUAGE.md section 5 that work on plain values. The table is read
 * by the interpreter, by {@code :help} and by completion.
 */
public final class Builtins {
    /** A {@code range} longer than this is refused. */
    static final long MAX_RANGE = 10_000_000L;

    /** Spectral norms whose decomposition costs more than rows·cols·min(rows, cols) = this (about a second) are refused. */
    static final long MAX_SVD_WORK = 50_000_000L;

    private static final Map<String, Builtin> TABLE = new LinkedHashMap<>();

    private Builtins() {}

    public static Builtin get(String name) { return TABLE.get(name); }

    public static Map<String, Builtin> all() { return Collections.unmodifiableMap(TABLE); }

    /** Adds a built-in implemented elsewhere (attention, gradients, plots). */
    public static void register(Builtin b) { TABLE.put(b.name(), b); }

    private static void def(String name, String doc, Builtin.Impl impl, Param... params) {
        TABLE.put(name, new Builtin(name, List.of(params), doc, impl));
    }

    private static void def(String name, String doc, Param... params) {
        def(name, doc, new Named(name), params);
    }

    private static Param p(String name) { return new Param(name, null); }
    private static Param p(String name, long dflt) { return new Param(name, IntV.of(dflt)); }
    private static Param opt(String name) { return new Param(name, Builtin.NONE); }

    /*
     * The implementations are small classes and one switch, not a lambda per built-in: linking
     * a lambda's call site costs about 0.2 ms while the JVM still interprets, and the 36 this
     * table had took 7-10 ms of every program that calls a built-in (bench/README.md).
     */

    /** The built-ins dispatched by name in {@link #call}. */
    private record Named(String name) implements Builtin.Impl {
        @Override
        public Value call(Args a) { return Builtins.call(name, a); }
    }

    /** An elementwise math function. */
    private record Elementwise(Fn f) implements Builtin.Impl {
        @Override
        public Value call(Args a) { return elementwise(a.get("x"), f); }
    }

    /**
     * The elementwise math functions by name, with their help text. Their values are the
     * autodiff tape's ({@link org.nnspec.autodiff.Elementwise}), so a plain call and a traced
     * one agree at the edges too (relu of NaN, sigmoid far left, gelu's tail).
     */
    enum Fn {
        SQRT("sqrt", "square root"),
        LN("ln", "natural logarithm"),
        LOG("log", "natural logarithm (same as ln)"),
        LOG2("log2", "base-2 logarithm"),
        LOG10("log10", "base-10 logarithm"),
        EXP("exp", "e to the power x"),
        ABS("abs", "absolute value"),
        SIN("sin", "sine"),
        COS("cos", "cosine"),
        TAN("tan", "tangent"),
        TANH("tanh", "hyperbolic tangent"),
        SIGMOID("sigmoid", "logistic sigmoid 1/(1+e^-x)"),
        RELU("relu", "max(x, 0); relu'(0) = 0 as in PyTorch"),
        GELU("gelu", "Gaussian error linear unit x·Φ(x) (exact erf form, PyTorch's default)");

        final String name;
        final String doc;
        /**
         * Looked up at the first call, not when the table is built: the table is built by any
         * program that calls a built-in (a network's {@code range}), and loading the tape's
         * 14 function classes for it took about a millisecond. {@code BuiltinsTest} checks
         * that every name has its function.
         */
        private org.nnspec.autodiff.Elementwise function;

        Fn(String name, String doc) {
            this.name = name;
            this.doc = doc;
        }

        org.nnspec.autodiff.Elementwise function() {
            if (function == null) function = org.nnspec.autodiff.Elementwise.byName(name).orElseThrow();
            return function;
        }

        double apply(double x) { return function().value(x); }
    }

    static {
        for (Fn f : Fn.values()) def(f.name, f.doc + ", elementwise on matrices", new Elementwise(f), p("x"));
        def("softmax", "softmax along dim (-1: each row, 0: each column), numerically stable", p("M"), p("dim", -1));
        def("sum", "sum of all entries, or along dim (0: per column, 1 or -1: per row)", p("x"), opt("dim"));
        def("mean", "mean of all entries, or along dim", p("x"), opt("dim"));
        def("max", "largest entry (or along dim); max(a, b) of two numbers", p("x"), opt("y"), opt("dim"));
        def("min", "smallest entry (or along dim); min(a, b) of two numbers", p("x"), opt("y"), opt("dim"));
        def("norm", "Euclidean norm of a vector; spectral norm (largest singular value) of a matrix", p("x"));
        def("transpose", "the transpose (same as M.T)", p("M"));
        def("eye", "the n×n identity matrix", p("n"));
        def("zeros", "an r×c matrix of zeros", p("r"), p("c"));
        def("ones", "an r×c matrix of ones", p("r"), p("c"));
        def("rand", "an r×c matrix uniform on [0, 1), reproducible from seed", p("r"), p("c"), p("seed", 0));
        def("randn", "an r×c matrix of standard normal samples, reproducible from seed", p("r"), p("c"), p("seed", 0));
        def("diag", "a vector's diagonal matrix, or a matrix's diagonal as a row", p("x"));
        def("rows", "number of rows of a matrix", p("M"));
        def("cols", "number of columns of a matrix", p("M"));
        def("shape", "the shape (rows, cols) of a matrix", p("M"));
        def("range", "range(n): 0, 1, …, n-1; range(a, b): a, …, b-1", p("a"), opt("b"));
        def("len", "length of a list, string or shape; entries of a vector; rows of a matrix", p("x"));
        AttentionBuiltins.register();
    }

    private static Value call(String name, Args a) {
        switch (name) {
            case "softmax": return softmax(a);
            case "sum": case "mean": return reduce(a, name);
            case "max": return extreme(a, true);
            case "min": return extreme(a, false);
            case "norm": return new RealV(norm(a.matrix("x")));
            case "transpose": return new MatV(transpose(a.matrix("M")));
            case "eye": {
                int n = a.integer("n");
                DMatrixRMaj m = Convert.allocate(n, n);
                for (int i = 0; i < n; i++) m.set(i, i, 1);
                return new MatV(m);
            }
            case "zeros": return new MatV(Convert.allocate(a.integer("r"), a.integer("c")));
            case "ones": {
                DMatrixRMaj m = Convert.allocate(a.integer("r"), a.integer("c"));
                java.util.Arrays.fill(m.data, 1.0);
                return new MatV(m);
            }
            case "rand": return random(a, false);
            case "randn": return random(a, true);
            case "diag": return new MatV(diag(a.matrix("x")));
            case "rows": return IntV.of(a.matrix("M").numRows);
            case "cols": return IntV.of(a.matrix("M").numCols);
            case "shape": {
                DMatrixRMaj m = a.matrix("M");
                return new ShapeV(new Shape(List.of(Dim.of(m.numRows), Dim.of(m.numCols))));
            }
            case "range": return range(a);
            case "len": return length(a.get("x"));
            default: throw new IllegalStateException("no built-in " + name);
        }
    }

    private static Value softmax(Args a) {
        DMatrixRMaj m = a.matrix("M").copy();
        int dim = a.integer("dim");
        if (dim == -1 || dim == 1) {
            undefined(a, org.nnspec.attention.Softmax.rows(m), "row");
        } else if (dim == 0 || dim == -2) {
            undefined(a, org.nnspec.attention.Softmax.columns(m), "column");
        } else {
            throw new NnspecException(a.span("dim"), "softmax dim must be 0 or 1 (or -1) for a matrix, not " + dim, null);
        }
        return new MatV(m);
    }

    /** softmax over entries that are all -inf has no value: NaN, as in PyTorch, and said so. */
    private static void undefined(Args a, int count, String slice) {
        if (count == 0) return;
        a.warn("softmax of " + (count == 1 ? "a " + slice + " whose entries are" : count + " " + slice + "s whose entries are")
                        + " all -inf is undefined: " + (count == 1 ? "it is" : "they are") + " NaN (as in PyTorch)",
                "a fully masked " + slice + " attends to nothing; leave at least one entry finite");
    }

    static Value elementwise(Value x, Fn f) {
        if (Convert.isNumber(x)) return new RealV(f.apply(Convert.toDouble(x, f.name)));
        DMatrixRMaj m = Convert.toMatrix(x, "the argument of " + f.name);
        DMatrixRMaj out = new DMatrixRMaj(m.numRows, m.numCols);
        for (int i = 0; i < m.data.length && i < m.getNumElements(); i++) out.data[i] = f.apply(m.data[i]);
        return new MatV(out);
    }

    private static Integer dim(Args a, DMatrixRMaj m) {
        if (!a.has("dim")) return null;
        int d = a.integer("dim");
        if (d == -1) d = 1;
        if (d != 0 && d != 1) throw new NnspecException(a.span("dim"), "dim must be 0, 1 or -1 for a matrix, not " + d, null);
        return d;
    }

    private static Value reduce(Args a, String what) {
        DMatrixRMaj m = a.matrix("x");
        Integer d = dim(a, m);
        boolean mean = what.equals("mean");
        if (m.getNumElements() == 0) throw new NnspecException(a.span("x"), what + " of an empty matrix", null);
        if (d == null) {
            double s = CommonOps_DDRM.elementSum(m);
            return new RealV(mean ? s / m.getNumElements() : s);
        }
        DMatrixRMaj out = d == 0 ? CommonOps_DDRM.sumCols(m, null) : CommonOps_DDRM.sumRows(m, null);
        if (mean) CommonOps_DDRM.divide(out, d == 0 ? m.numRows : m.numCols);
        return new MatV(out);
    }

    private static Value extreme(Args a, boolean max) {
        if (a.has("y")) {
            Value x = a.get("x"), y = a.get("y");
            if (Convert.isNumber(x) && Convert.isNumber(y)) {
                if (x instanceof IntV p && y instanceof IntV q) return new IntV(max ? p.value().max(q.value()) : p.value().min(q.value()));
                double p = a.real("x"), q = a.real("y");
                return new RealV(max ? Math.max(p, q) : Math.min(p, q));
            }
            return Arith.elementwise(max ? org.nnspec.ast.Expr.BinaryOp.GT : org.nnspec.ast.Expr.BinaryOp.LT,
                    a.matrix("x"), a.matrix("y")) instanceof MatV mask
                    ? new MatV(select(mask.m(), a.matrix("x"), a.matrix("y"))) : null;
        }
        if (a.get("x") instanceof ListV l && !l.items().isEmpty() && l.items().stream().allMatch(v -> v instanceof IntV)) {
            BigInteger best = null;
            for (Value v : l.items()) {
                BigInteger b = ((IntV) v).value();
                if (best == null || (max ? b.compareTo(best) > 0 : b.compareTo(best) < 0)) best = b;
            }
            return new IntV(best);
        }
        DMatrixRMaj m = a.matrix("x");
        if (m.getNumElements() == 0) throw new NnspecException(a.span("x"), (max ? "max" : "min") + " of an empty matrix", null);
        Integer d = dim(a, m);
        if (d == null) return new RealV(max ? CommonOps_DDRM.elementMax(m) : CommonOps_DDRM.elementMin(m));
        DMatrixRMaj out = d == 0
                ? (max ? CommonOps_DDRM.maxCols(m, null) : CommonOps_DDRM.minCols(m, null))
                : (max ? CommonOps_DDRM.maxRows(m, null) : CommonOps_DDRM.minRows(m, null));
        return new MatV(out);
    }

    private static DMatrixRMaj select(DMatrixRMaj mask, DMatrixRMaj x, DMatrixRMaj y) {
        DMatrixRMaj a = org.nnspec.linalg.Broadcast.apply(x, mask, "max", (p, q) -> p);
        DMatrixRMaj b = org.nnspec.linalg.Broadcast.apply(y, mask, "max", (p, q) -> p);
        DMatrixRMaj out = new DMatrixRMaj(mask.numRows, mask.numCols);
        for (int i = 0; i < out.getNumElements(); i++) out.data[i] = mask.data[i] != 0 ? a.data[i] : b.data[i];
        return out;
    }

    public static double norm(DMatrixRMaj m) {
        if (m.numRows == 1 || m.numCols == 1) return NormOps_DDRM.normF(m);
        long work = (long) m.numRows * m.numCols * Math.min(m.numRows, m.numCols);
        if (work > MAX_SVD_WORK) {
            throw new NnspecException("the spectral norm of a " + m.numRows + "×" + m.numCols + " matrix needs a singular value "
                    + "decomposition too large to compute here (at most about 360×360)", "sqrt(sum(M^2)) is the Frobenius norm");
        }
        // the decomposition fails on inf or NaN: the spectral norm is then NaN, or inf (it is at least max |m_ij|)
        boolean infinite = false;
        for (int i = 0; i < m.getNumElements(); i++) {
            if (Double.isNaN(m.data[i])) return Double.NaN;
            infinite |= Double.isInfinite(m.data[i]);
        }
        if (infinite) return Double.POSITIVE_INFINITY;
        // σ(M) = s·σ(M/s): scaling by the largest magnitude keeps the decomposition from
        // overflowing on entries near the double range (±1e308)
        double s = CommonOps_DDRM.elementMaxAbs(m);
        if (s == 0) return 0;
        return s * NormOps_DDRM.normP2(CommonOps_DDRM.divide(m, s, null));
    }

    public static DMatrixRMaj transpose(DMatrixRMaj m) {
        return CommonOps_DDRM.transpose(m, null);
    }

    private static Value random(Args a, boolean normal) {
        DMatrixRMaj m = Convert.allocate(a.integer("r"), a.integer("c"));
        new SeededRandom(a.bigInteger("seed").longValue()).fill(m.data, m.getNumElements(), normal);
        return new MatV(m);
    }

    private static DMatrixRMaj diag(DMatrixRMaj m) {
        if (m.numRows == 1 || m.numCols == 1) {
            int n = m.getNumElements();
            DMatrixRMaj out = Convert.allocate(n, n);
            for (int i = 0; i < n; i++) out.set(i, i, m.data[i]);
            return out;
        }
        int n = Math.min(m.numRows, m.numCols);
        DMatrixRMaj out = new DMatrixRMaj(1, n);
        for (int i = 0; i < n; i++) out.data[i] = m.get(i, i);
        return out;
    }

    private static Value range(Args a) {
        return a.has("b") ? Ranges.of(a.bigInteger("a"), a.bigInteger("b"), a.callSpan())
                : Ranges.of(BigInteger.ZERO, a.bigInteger("a"), a.callSpan());
    }

    /** The integers from, …, to-1; apart from the table, so that Calls can make one without it. */
    static final class Ranges {
        private Ranges() {}

        static Value of(BigInteger from, BigInteger to, org.nnspec.diag.Span callSpan) {
            BigInteger count = to.subtract(from).max(BigInteger.ZERO);
            if (count.compareTo(BigInteger.valueOf(MAX_RANGE)) > 0) {
                throw new NnspecException(callSpan, "range of " + count + " numbers is too long (at most "
                        + org.nnspec.render.Numbers.grouped(MAX_RANGE) + ")", null);
            }
            List<Value> items = new ArrayList<>(count.intValue());
            for (BigInteger i = from; i.compareTo(to) < 0; i = i.add(BigInteger.ONE)) items.add(new IntV(i));
            return new ListV(items);
        }
    }

    private static Value length(Value x) {
        if (x instanceof ListV l) return IntV.of(l.items().size());
        if (x instanceof StrV s) return IntV.of(s.value().codePointCount(0, s.value().length()));
        if (x instanceof ShapeV s) return IntV.of(s.shape().rank());
        if (x instanceof MatV m) return IntV.of(m.m().numRows == 1 ? m.m().numCols : m.m().numRows);
        throw new NnspecException("len needs a list, string, shape or matrix, not " + Convert.article(x), null);
    }
}
