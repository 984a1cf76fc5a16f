package org.nnspec.eval;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.nnspec.autodiff.Elementwise;
import org.nnspec.autodiff.Node;
import org.nnspec.autodiff.Reductions;
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
 * The table of built-in functions (docs/language.md sections 5 and 8): each entry defines one
 * built-in, with its value on plain arguments and its recording on the autodiff tape under
 * {@code grad}. The elementwise functions take both from one definition each, value and
 * derivative, in {@link Elementwise}. The table is read by the interpreter, by {@code :help}
 * and by completion.
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

    static Param p(String name) { return new Param(name, null); }
    static Param p(String name, long dflt) { return new Param(name, IntV.of(dflt)); }
    static Param opt(String name) { return new Param(name, Builtin.NONE); }

    /**
     * The built-ins other than the elementwise functions, one constant each: its name, doc line
     * and parameters, its value, and what it records on the tape when {@code grad} traces an
     * argument.
     */
    private enum Function implements Builtin.Definition {
        SOFTMAX("softmax", "softmax along dim (-1: each row, 0: each column), numerically stable", p("M"), p("dim", -1)) {
            public Value value(Args a) { return softmax(a); }
            @Override public Value traced(Args a) { return tracedSoftmax(a); }
        },
        SUM("sum", "sum of all entries, or along dim (0: per column, 1 or -1: per row)", p("x"), opt("dim")) {
            public Value value(Args a) { return reduce(a, "sum"); }
            @Override public Value traced(Args a) {
                Node x = TracedOperations.node(a.get("x"), "x");
                return TracedOperations.wrap(a.has("dim") ? Reductions.sum(x, tracedDim(a, x, "sum") == 0) : Reductions.sum(x));
            }
        },
        MEAN("mean", "mean of all entries, or along dim", p("x"), opt("dim")) {
            public Value value(Args a) { return reduce(a, "mean"); }
            @Override public Value traced(Args a) {
                Node x = TracedOperations.node(a.get("x"), "x");
                return TracedOperations.wrap(a.has("dim") ? Reductions.mean(x, tracedDim(a, x, "mean") == 0) : Reductions.mean(x));
            }
        },
        MAX("max", "largest entry (or along dim); max(a, b) of two numbers", p("x"), opt("y"), opt("dim")) {
            public Value value(Args a) { return extreme(a, true); }
            @Override public Value traced(Args a) { return tracedExtreme(a, true); }
        },
        MIN("min", "smallest entry (or along dim); min(a, b) of two numbers", p("x"), opt("y"), opt("dim")) {
            public Value value(Args a) { return extreme(a, false); }
            @Override public Value traced(Args a) { return tracedExtreme(a, false); }
        },
        NORM("norm", "Euclidean norm of a vector; spectral norm (largest singular value) of a matrix", p("x")) {
            public Value value(Args a) { return new RealV(norm(a.matrix("x"))); }
            @Override public Value traced(Args a) {
                org.nnspec.autodiff.Node x = TracedOperations.node(a.get("x"), "x");
                if (!x.isScalar()) refuseLargeDecomposition(x.matrix());
                return TracedOperations.wrap(Reductions.norm(x));
            }
        },
        TRANSPOSE("transpose", "the transpose (same as M.T)", p("M")) {
            public Value value(Args a) { return new MatV(transpose(a.matrix("M"))); }
            @Override public Value traced(Args a) { return TracedOperations.transpose(a.get("M")); }
        },
        EYE("eye", "the n×n identity matrix", p("n")) {
            public Value value(Args a) { return eye(a); }
            @Override public Value traced(Args a) { return constant(this, a); }
        },
        ZEROS("zeros", "an r×c matrix of zeros", p("r"), p("c")) {
            public Value value(Args a) { return new MatV(Coercions.allocate(a.integer("r"), a.integer("c"))); }
            @Override public Value traced(Args a) { return constant(this, a); }
        },
        ONES("ones", "an r×c matrix of ones", p("r"), p("c")) {
            public Value value(Args a) { return ones(a); }
            @Override public Value traced(Args a) { return constant(this, a); }
        },
        RAND("rand", "an r×c matrix uniform on [0, 1), reproducible from seed", p("r"), p("c"), p("seed", 0)) {
            public Value value(Args a) { return random(a, false); }
            @Override public Value traced(Args a) { return constant(this, a); }
        },
        RANDN("randn", "an r×c matrix of standard normal samples, reproducible from seed", p("r"), p("c"), p("seed", 0)) {
            public Value value(Args a) { return random(a, true); }
            @Override public Value traced(Args a) { return constant(this, a); }
        },
        DIAG("diag", "a vector's diagonal matrix, or a matrix's diagonal as a row", p("x")) {
            public Value value(Args a) { return new MatV(diag(a.matrix("x"))); }
        },
        ROWS("rows", "number of rows of a matrix", p("M")) {
            public Value value(Args a) { return IntV.of(a.matrix("M").numRows); }
            @Override public Value traced(Args a) { return constant(this, a); }
        },
        COLS("cols", "number of columns of a matrix", p("M")) {
            public Value value(Args a) { return IntV.of(a.matrix("M").numCols); }
            @Override public Value traced(Args a) { return constant(this, a); }
        },
        SHAPE("shape", "the shape (rows, cols) of a matrix", p("M")) {
            public Value value(Args a) { return shape(a); }
            @Override public Value traced(Args a) { return constant(this, a); }
        },
        RANGE("range", "range(n): 0, 1, …, n-1; range(a, b): a, …, b-1", p("a"), opt("b")) {
            public Value value(Args a) { return range(a); }
            @Override public Value traced(Args a) { return constant(this, a); }
        },
        LEN("len", "length of a list, string or shape; entries of a vector; rows of a matrix", p("x")) {
            public Value value(Args a) { return length(a.get("x")); }
            @Override public Value traced(Args a) { return constant(this, a); }
        },
        ROUND("round", "the nearest integer, halves to even as Python's round (2.5 → 2); round(x, ndigits) to that many "
                + "decimals, as a real; each entry of a matrix", p("x"), opt("ndigits")) {
            public Value value(Args a) { return rounded(a, java.math.RoundingMode.HALF_EVEN); }
            @Override public Value traced(Args a) { return constant(this, a); }
        },
        FLOOR("floor", "the largest integer not above x; each entry of a matrix", p("x")) {
            public Value value(Args a) { return rounded(a, java.math.RoundingMode.FLOOR); }
            @Override public Value traced(Args a) { return constant(this, a); }
        },
        CEIL("ceil", "the smallest integer not below x; each entry of a matrix", p("x")) {
            public Value value(Args a) { return rounded(a, java.math.RoundingMode.CEILING); }
            @Override public Value traced(Args a) { return constant(this, a); }
        };

        final Builtin builtin;

        Function(String name, String doc, Param... params) {
            builtin = new Builtin(name, List.of(params), doc, this);
        }
    }

    /**
     * Under {@code grad}, a built-in whose result has no derivative with respect to its
     * arguments (it reads only sizes and integers from them, or makes a constant): its plain
     * value, of the traced arguments' plain values.
     */
    private static Value constant(Builtin.Definition d, Args a) {
        return d.value(a.mapValues(TracedOperations::plain));
    }

    /** An elementwise function: its value and its recording on the tape both from the one definition {@code f}. */
    private record ElementwiseFunction(String name, Elementwise f) implements Builtin.Definition {
        @Override
        public Value value(Args a) { return elementwise(name, a.get("x"), f); }

        @Override
        public Value traced(Args a) { return TracedOperations.wrap(f.apply(TracedOperations.node(a.get("x"), "x"))); }
    }

    private static void elementwise(String name, String doc, Elementwise f) {
        register(new Builtin(name, List.of(p("x")), doc + ", elementwise on matrices", new ElementwiseFunction(name, f)));
    }

    static {
        for (Elementwise f : Elementwise.values()) {
            elementwise(f.builtin(), f.doc(), f);
            if (f.alias() != null) elementwise(f.alias(), f.doc() + " (same as " + f.builtin() + ")", f);
        }
        for (Function f : Function.values()) register(f.builtin);
        AttentionBuiltins.register();
        CostBuiltin.register();
    }

    private static Value eye(Args a) {
        int n = a.integer("n");
        DMatrixRMaj m = Coercions.allocate(n, n);
        for (int i = 0; i < n; i++) m.set(i, i, 1);
        return new MatV(m);
    }

    private static Value ones(Args a) {
        DMatrixRMaj m = Coercions.allocate(a.integer("r"), a.integer("c"));
        Arrays.fill(m.data, 1.0);
        return new MatV(m);
    }

    private static Value shape(Args a) {
        DMatrixRMaj m = a.matrix("M");
        return new ShapeV(new Shape(List.of(Dim.of(m.numRows), Dim.of(m.numCols))));
    }

    private static Value softmax(Args a) {
        DMatrixRMaj m = a.matrix("M").copy();
        if (softmaxRows(a)) undefined(a, org.nnspec.attention.Softmax.rows(m), "row");
        else undefined(a, org.nnspec.attention.Softmax.columns(m), "column");
        return new MatV(m);
    }

    private static Value tracedSoftmax(Args a) {
        boolean rows = softmaxRows(a);
        return TracedOperations.wrap(Reductions.softmax(TracedOperations.node(a.get("M"), "M"), rows ? -1 : 0));
    }

    /** Whether softmax's dim names the rows (-1 or 1) rather than the columns (0 or -2). */
    private static boolean softmaxRows(Args a) {
        return matrixDim(a, "softmax dim") == 1;
    }

    /**
     * A dim of a matrix as PyTorch takes it for a 2-D tensor, normalised: 0 (also -2) runs down
     * the columns, 1 (also -1) along the rows; anything else is an error at the argument.
     */
    private static int matrixDim(Args a, String what) {
        int d = a.integer("dim");
        if (d == 0 || d == -2) return 0;
        if (d == 1 || d == -1) return 1;
        throw new NnspecException(a.span("dim"), what + " must be -2, -1, 0 or 1 for a matrix, not " + d, null);
    }

    /** softmax over entries that are all -inf has no value: NaN, as in PyTorch, and said so. */
    private static void undefined(Args a, int count, String slice) {
        if (count == 0) return;
        a.warn("softmax of " + (count == 1 ? "a " + slice + " whose entries are" : count + " " + slice + "s whose entries are")
                        + " all -inf is undefined: " + (count == 1 ? "it is" : "they are") + " NaN (as in PyTorch)",
                "a fully masked " + slice + " attends to nothing; leave at least one entry finite");
    }

    private static Value elementwise(String name, Value x, Elementwise f) {
        if (Coercions.isNumber(x)) return new RealV(f.value(Coercions.toDouble(x, name)));
        DMatrixRMaj m = Coercions.toMatrix(x, "the argument of " + name);
        DMatrixRMaj out = new DMatrixRMaj(m.numRows, m.numCols);
        for (int i = 0; i < m.data.length && i < m.getNumElements(); i++) out.data[i] = f.value(m.data[i]);
        return new MatV(out);
    }

    private static Integer dim(Args a, DMatrixRMaj m) {
        if (!a.has("dim")) return null;
        return matrixDim(a, "dim");
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
            if (Coercions.isNumber(x) && Coercions.isNumber(y)) {
                if (x instanceof IntV p && y instanceof IntV q) return new IntV(max ? p.value().max(q.value()) : p.value().min(q.value()));
                double p = a.real("x"), q = a.real("y");
                return new RealV(max ? Math.max(p, q) : Math.min(p, q));
            }
            return Operators.elementwise(max ? org.nnspec.ast.Expr.BinaryOp.GT : org.nnspec.ast.Expr.BinaryOp.LT,
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
        if (d == null) return new RealV(Reductions.extreme(m, max));
        return new MatV(Reductions.extremes(m, d == 0, max));
    }

    /** The dim of a traced reduction, checked as plain evaluation checks it. */
    private static int tracedDim(Args a, Node x, String what) {
        if (x.size() == 0) throw new NnspecException(a.span("x"), what + " of an empty matrix", null);
        return matrixDim(a, "dim");
    }

    private static Value tracedExtreme(Args a, boolean max) {
        Node x = TracedOperations.node(a.get("x"), "x");
        if (a.has("y")) {
            Node y = TracedOperations.node(a.get("y"), "y");
            return TracedOperations.wrap(max ? Reductions.maximum(x, y) : Reductions.minimum(x, y));
        }
        if (a.has("dim")) return TracedOperations.wrap(Reductions.extreme(x, tracedDim(a, x, max ? "max" : "min") == 0, max));
        return TracedOperations.wrap(max ? Reductions.max(x) : Reductions.min(x));
    }

    private static DMatrixRMaj select(DMatrixRMaj mask, DMatrixRMaj x, DMatrixRMaj y) {
        DMatrixRMaj a = org.nnspec.linalg.Broadcast.apply(x, mask, "max", (p, q) -> p);
        DMatrixRMaj b = org.nnspec.linalg.Broadcast.apply(y, mask, "max", (p, q) -> p);
        DMatrixRMaj out = new DMatrixRMaj(mask.numRows, mask.numCols);
        for (int i = 0; i < out.getNumElements(); i++) out.data[i] = mask.data[i] != 0 ? a.data[i] : b.data[i];
        return out;
    }

    /** {@code norm}'s value ({@link Reductions#norm(DMatrixRMaj)}), refusing a decomposition too large to compute here. */
    public static double norm(DMatrixRMaj m) {
        refuseLargeDecomposition(m);
        return Reductions.norm(m);
    }

    /** The spectral norm of a matrix (not a vector) needs its singular values: refused when that is too much work. */
    private static void refuseLargeDecomposition(DMatrixRMaj m) {
        long work = (long) m.numRows * m.numCols * Math.min(m.numRows, m.numCols);
        if (m.numRows != 1 && m.numCols != 1 && work > MAX_SVD_WORK) {
            throw new NnspecException("the spectral norm of a " + m.numRows + "×" + m.numCols + " matrix needs a singular value "
                    + "decomposition too large to compute here (at most about 360×360)", "sqrt(sum(M^2)) is the Frobenius norm");
        }
    }

    public static DMatrixRMaj transpose(DMatrixRMaj m) {
        return CommonOps_DDRM.transpose(m, null);
    }

    private static Value random(Args a, boolean normal) {
        DMatrixRMaj m = Coercions.allocate(a.integer("r"), a.integer("c"));
        new SeededRandom(a.bigInteger("seed").longValue()).fill(m.data, m.getNumElements(), normal);
        return new MatV(m);
    }

    private static DMatrixRMaj diag(DMatrixRMaj m) {
        if (m.numRows == 1 || m.numCols == 1) {
            int n = m.getNumElements();
            DMatrixRMaj out = Coercions.allocate(n, n);
            for (int i = 0; i < n; i++) out.set(i, i, m.data[i]);
            return out;
        }
        int n = Math.min(m.numRows, m.numCols);
        DMatrixRMaj out = new DMatrixRMaj(1, n);
        for (int i = 0; i < n; i++) out.data[i] = m.get(i, i);
        return out;
    }

    private static Value range(Args a) {
        BigInteger from = a.has("b") ? a.bigInteger("a") : BigInteger.ZERO;
        BigInteger to = a.has("b") ? a.bigInteger("b") : a.bigInteger("a");
        BigInteger count = to.subtract(from).max(BigInteger.ZERO);
        if (count.compareTo(BigInteger.valueOf(MAX_RANGE)) > 0) {
            throw new NnspecException(a.callSpan(), "range of " + count + " numbers is too long (at most "
                    + org.nnspec.render.Numbers.grouped(MAX_RANGE) + ")", null);
        }
        return new ListV(new RangeList(from, count.intValue()));
    }

    /**
     * The numbers of a range, made as they are read: a loop over range(10^7) starts at once,
     * and a limit or Ctrl-C stops it at its next step rather than after ten million allocations.
     */
    static final class RangeList extends java.util.AbstractList<Value> implements java.util.RandomAccess {
        private final BigInteger from;
        private final int size;

        RangeList(BigInteger from, int size) {
            this.from = from;
            this.size = size;
        }

        @Override
        public Value get(int i) {
            java.util.Objects.checkIndex(i, size);
            return IntV.of(from.add(BigInteger.valueOf(i)));
        }

        @Override
        public int size() { return size; }
    }

    /**
     * {@code round}, {@code floor}, {@code ceil}: of a number an exact integer, as Python's
     * (inf and NaN have none: an error); of a matrix each entry, as torch.round, torch.floor
     * and torch.ceil (inf and NaN stay). Under grad their derivative is 0, as PyTorch's.
     */
    private static Value rounded(Args a, java.math.RoundingMode mode) {
        Value x = a.get("x");
        if (x instanceof Value.BoolV b) x = IntV.of(b.value() ? 1 : 0); // Python: round(True) is 1
        if (mode == java.math.RoundingMode.HALF_EVEN && a.has("ndigits")) return roundedTo(a, x, a.integer("ndigits"));
        if (x instanceof IntV) return x;
        String name = mode == java.math.RoundingMode.HALF_EVEN ? "round" : mode == java.math.RoundingMode.FLOOR ? "floor" : "ceil";
        if (Coercions.isNumber(x)) {
            double d = a.real("x");
            if (!Double.isFinite(d)) {
                throw new NnspecException(a.span("x"), name + " of " + org.nnspec.render.Numbers.real(d, 6) + " has no integer value (Python raises too)",
                        "a matrix keeps inf and nan: " + name + "([x])");
            }
            return IntV.of(new java.math.BigDecimal(d).setScale(0, mode).toBigIntegerExact());
        }
        DMatrixRMaj m = a.matrix("x");
        DMatrixRMaj out = new DMatrixRMaj(m.numRows, m.numCols);
        for (int i = 0; i < m.getNumElements(); i++) {
            double d = m.data[i];
            out.data[i] = switch (mode) {
                case FLOOR -> Math.floor(d);
                case CEILING -> Math.ceil(d);
                default -> Math.rint(d); // halves to even
            };
        }
        return new MatV(out);
    }

    /**
     * {@code round(x, ndigits)}: Python's, which rounds the double's exact binary value half
     * to even at that decimal ({@code round(2.675, 2)} is 2.67: the double is 2.67499…), a real.
     */
    private static Value roundedTo(Args a, Value x, int requested) {
        if (x instanceof IntV i) {
            // Python: an int stays an int, exact; a negative ndigits rounds it half to even
            if (requested >= 0) return i;
            return IntV.of(new java.math.BigDecimal(i.value()).setScale(Math.max(requested, -org.nnspec.ast.Limits.MAX_EXACT_DIGITS - 1),
                    java.math.RoundingMode.HALF_EVEN).setScale(0).toBigIntegerExact());
        }
        // a double's exact value has at most 1,074 decimals and is below 10^309: digits beyond
        // those change nothing, and the clamp keeps BigDecimal from making a billion of them
        int ndigits = Math.max(-400, Math.min(1100, requested));
        java.util.function.DoubleUnaryOperator r = d -> Double.isFinite(d)
                ? new java.math.BigDecimal(d).setScale(ndigits, java.math.RoundingMode.HALF_EVEN).doubleValue() : d;
        if (Coercions.isNumber(x)) return new RealV(r.applyAsDouble(a.real("x")));
        DMatrixRMaj m = a.matrix("x");
        DMatrixRMaj out = new DMatrixRMaj(m.numRows, m.numCols);
        for (int i = 0; i < m.getNumElements(); i++) out.data[i] = r.applyAsDouble(m.data[i]);
        return new MatV(out);
    }

    private static Value length(Value x) {
        if (x instanceof ListV l) return IntV.of(l.items().size());
        if (x instanceof StrV s) return IntV.of(s.value().codePointCount(0, s.value().length()));
        if (x instanceof ShapeV s) return IntV.of(s.shape().rank());
        if (x instanceof MatV m) return IntV.of(m.m().numRows == 1 ? m.m().numCols : m.m().numRows);
        throw new NnspecException("len needs a list, string, shape or matrix, not " + Coercions.article(x), null);
    }
}
