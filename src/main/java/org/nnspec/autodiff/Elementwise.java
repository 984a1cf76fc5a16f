package org.nnspec.autodiff;

import java.util.Locale;
import java.util.Optional;
import org.ejml.data.DMatrixRMaj;

/**
 * The differentiable one-argument built-ins of docs/language.md section 5, applied to a scalar or
 * to every entry of a matrix. Each has its value and its derivative written, as PyTorch's
 * autograd formulas (derivatives.yaml) do, in terms of the input {@code x} and the output
 * {@code y}; at kinks the derivative is PyTorch's: relu'(0) = 0, abs'(0) = 0.
 */
public enum Elementwise {
    SQRT("sqrt", "square root") {
        public double value(double x) { return Math.sqrt(x); }
        double derivative(double x, double y) { return 1 / (2 * y); }
    },
    LN("ln", "natural logarithm", "log") {
        public double value(double x) { return Math.log(x); }
        double derivative(double x, double y) { return 1 / x; }
    },
    LOG2("log2", "base-2 logarithm") {
        public double value(double x) { return Math.log(x) / LN_2; }
        double derivative(double x, double y) { return 1 / (x * LN_2); }
    },
    LOG10("log10", "base-10 logarithm") {
        public double value(double x) { return Math.log10(x); }
        double derivative(double x, double y) { return 1 / (x * LN_10); }
    },
    EXP("exp", "e to the power x") {
        public double value(double x) { return Math.exp(x); }
        double derivative(double x, double y) { return y; }
    },
    ABS("abs", "absolute value") {
        public double value(double x) { return Math.abs(x); }
        double derivative(double x, double y) { return Math.signum(x); }
    },
    SIN("sin", "sine") {
        public double value(double x) { return Math.sin(x); }
        double derivative(double x, double y) { return Math.cos(x); }
    },
    COS("cos", "cosine") {
        public double value(double x) { return Math.cos(x); }
        double derivative(double x, double y) { return -Math.sin(x); }
    },
    TAN("tan", "tangent") {
        public double value(double x) { return Math.tan(x); }
        double derivative(double x, double y) { return 1 + y * y; }
    },
    TANH("tanh", "hyperbolic tangent") {
        public double value(double x) { return Math.tanh(x); }
        double derivative(double x, double y) { return 1 - y * y; }
    },
    SIGMOID("sigmoid", "logistic sigmoid 1/(1+e^-x)") {
        public double value(double x) { return 1 / (1 + Math.exp(-x)); } // PyTorch's: 0 from x = -710 on
        double derivative(double x, double y) { return y * (1 - y); }
    },
    RELU("relu", "max(x, 0); relu'(0) = 0 as in PyTorch") {
        public double value(double x) { return x > 0 ? x : (x <= 0 ? 0 : x); } // NaN stays NaN
        double derivative(double x, double y) { return x <= 0 ? 0 : 1; } // PyTorch's: 1 at NaN
    },
    /**
     * GELU in its exact form x·Φ(x), PyTorch's default ({@code approximate='none'}), computed
     * as PyTorch does, Φ(x) = (1 + erf(x/√2))/2: in the far left tail (x below about -8) that
     * rounds to 0 where x·erfc(-x/√2)/2 would still have digits, and PyTorch's answer wins.
     */
    GELU("gelu", "Gaussian error linear unit x·Φ(x) (exact erf form, PyTorch's default)") {
        public double value(double x) { return 0.5 * x * (1 + Erf.erf(x * SQRT1_2)); }
        double derivative(double x, double y) {
            double cdf = 0.5 * (1 + Erf.erf(x * SQRT1_2));
            double pdf = Math.exp(-0.5 * x * x) * INV_SQRT_2PI;
            return cdf + x * pdf;
        }
    };

    private static final double LN_2 = Math.log(2);
    private static final double LN_10 = Math.log(10);
    private static final double SQRT1_2 = Math.sqrt(0.5);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    private final String builtin;
    private final String doc;
    private final String alias;

    Elementwise(String builtin, String doc) { this(builtin, doc, null); }

    Elementwise(String builtin, String doc, String alias) {
        this.builtin = builtin;
        this.doc = doc;
        this.alias = alias;
    }

    /** The function's value at {@code x}: the one definition, for plain values and the tape alike. */
    public abstract double value(double x);

    /** dy/dx at {@code x}, where {@code y = value(x)}: what the tape records for the backward pass. */
    abstract double derivative(double x, double y);

    /** The name the language calls it by. */
    public String builtin() { return builtin; }

    /** What it computes, in a few words, for {@code :help} and completion. */
    public String doc() { return doc; }

    /** A second name for the same function ({@code log} for {@code ln}), or null. */
    public String alias() { return alias; }

    private static final java.util.Map<String, Elementwise> BY_NAME = new java.util.HashMap<>();

    static {
        for (Elementwise f : values()) {
            BY_NAME.put(f.builtin, f);
            if (f.alias != null) BY_NAME.put(f.alias, f);
        }
    }

    /** The function a built-in name stands for ({@code log} is {@code ln}). */
    public static Optional<Elementwise> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Applies the function to a scalar, or to each entry of a matrix. */
    public Node apply(Node x) {
        if (x.isScalar()) {
            double v = x.scalar(), y = value(v);
            return Tape.unary(y, x, x.isTraced() ? derivative(v, y) : 0);
        }
        DMatrixRMaj in = x.matrix();
        DMatrixRMaj out = new DMatrixRMaj(in.numRows, in.numCols);
        for (int k = 0; k < out.data.length; k++) out.data[k] = value(in.data[k]);
        return Tape.generalMatrix(out, (g, adj) -> {
            DMatrixRMaj gx = new DMatrixRMaj(in.numRows, in.numCols);
            for (int k = 0; k < gx.data.length; k++) {
                double d = derivative(in.data[k], out.data[k]);
                gx.data[k] = d == 0 ? 0 : g.data[k] * d;
            }
            adj.add(x, gx);
        }, x);
    }

    @Override
    public String toString() { return builtin.toLowerCase(Locale.ROOT); }
}
