package org.nnspec.eval;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.nnspec.ast.Expr.BinaryOp;
import org.nnspec.ast.Limits;
import org.nnspec.diag.NnspecException;
import org.nnspec.eval.Value.BoolV;
import org.nnspec.eval.Value.IntV;
import org.nnspec.eval.Value.ListV;
import org.nnspec.eval.Value.MatV;
import org.nnspec.eval.Value.RealV;
import org.nnspec.eval.Value.StrV;
import org.nnspec.linalg.Broadcast;
import org.nnspec.linalg.Gemm;

/**
 * The operators of docs/language.md section 5 on plain values: exact integer arithmetic, reals,
 * elementwise matrix arithmetic with numpy broadcasting, the matrix product, comparisons.
 */
public final class Operators {
    /** Strings longer than this (the size of the largest source file) are refused. */
    public static final long MAX_STRING_CHARS = 16L << 20;

    /** Concatenated lists longer than this are refused (copying ten million items took seconds). */
    public static final long MAX_LIST_ITEMS = 1_000_000L;

    /** Matrix products needing more multiply-adds than this (about a second) are refused. */
    static final long MAX_PRODUCT_WORK = 1_000_000_000L;

    private Operators() {}

    public static Value binary(BinaryOp op, Value a, Value b) {
        switch (op) {
            case EQ: return BoolV.of(Equality.equal(a, b));
            case NE: return BoolV.of(!Equality.equal(a, b));
            case MATMUL: return matmul(a, b);
            default: break;
        }
        if (a instanceof IntV x && b instanceof IntV y) return exact(op, x.value(), y.value());
        if (isComparison(op) && (a instanceof IntV && b instanceof RealV || a instanceof RealV && b instanceof IntV)) {
            return mixedComparison(op, a, b);
        }
        if (Coercions.isNumber(a) && Coercions.isNumber(b)) {
            return real(op, Coercions.toDouble(a, "operand"), Coercions.toDouble(b, "operand"));
        }
        if (isMatrixLike(a) && isMatrixLike(b) && (a instanceof MatV || b instanceof MatV || a instanceof ListV || b instanceof ListV)) {
            return elementwise(op, Coercions.toMatrix(a, "left operand"), Coercions.toMatrix(b, "right operand"));
        }
        if (op == BinaryOp.ADD && a instanceof StrV x && b instanceof StrV y) {
            if ((long) x.value().length() + y.value().length() > MAX_STRING_CHARS) {
                throw new NnspecException("this string would be longer than " + org.nnspec.render.Numbers.grouped(MAX_STRING_CHARS)
                        + " characters", null);
            }
            return new StrV(x.value() + y.value());
        }
        if (op == BinaryOp.ADD && a instanceof ListV x && b instanceof ListV y) {
            if ((long) x.items().size() + y.items().size() > MAX_LIST_ITEMS) {
                throw new NnspecException("this list would be longer than " + org.nnspec.render.Numbers.grouped(MAX_LIST_ITEMS)
                        + " items", null);
            }
            List<Value> items = new ArrayList<>(x.items());
            items.addAll(y.items());
            return new ListV(items);
        }
        throw new NnspecException("'" + op.symbol + "' cannot combine " + Coercions.article(a) + " and "
                + Coercions.article(b), null);
    }

    private static boolean isComparison(BinaryOp op) {
        return op == BinaryOp.LT || op == BinaryOp.LE || op == BinaryOp.GT || op == BinaryOp.GE;
    }

    /** An exact integer against a real, compared exactly: {@code 2^53 + 1 > 2.0^53} is true. */
    private static Value mixedComparison(BinaryOp op, Value a, Value b) {
        double real = a instanceof RealV x ? x.value() : ((RealV) b).value();
        if (Double.isNaN(real)) return BoolV.of(false); // NaN is unordered
        int sign = a instanceof IntV x ? compareExactly(x.value(), real) : -compareExactly(((IntV) b).value(), real);
        switch (op) {
            case LT: return BoolV.of(sign < 0);
            case LE: return BoolV.of(sign <= 0);
            case GT: return BoolV.of(sign > 0);
            default: return BoolV.of(sign >= 0);
        }
    }

    /**
     * The order of an exact integer and a real that is not NaN, by their exact values (-1, 0
     * or 1): no conversion of the integer rounds it first.
     */
    static int compareExactly(BigInteger i, double d) {
        if (Double.isInfinite(d)) return d > 0 ? -1 : 1;
        return Integer.signum(new java.math.BigDecimal(i).compareTo(new java.math.BigDecimal(d)));
    }

    private static boolean isMatrixLike(Value v) {
        if (v instanceof MatV || Coercions.isNumber(v)) return true;
        return v instanceof ListV l && !l.items().isEmpty() && l.items().stream().allMatch(Coercions::isNumber);
    }

    static Value exact(BinaryOp op, BigInteger x, BigInteger y) {
        if (x.bitLength() < 31 && y.bitLength() < 31) {
            // small integers (indices such as t-1): long arithmetic cannot overflow here
            long a = x.longValue(), b = y.longValue();
            switch (op) {
                case ADD: return IntV.of(a + b);
                case SUB: return IntV.of(a - b);
                case MUL: return IntV.of(a * b);
                default: break;
            }
        }
        switch (op) {
            case ADD: case SUB:
                if (Math.max(x.bitLength(), y.bitLength()) >= Limits.MAX_EXACT_BITS) throw tooLarge();
                return new IntV(op == BinaryOp.ADD ? x.add(y) : x.subtract(y));
            case MUL:
                if ((long) x.bitLength() + y.bitLength() > Limits.MAX_EXACT_BITS) throw tooLarge();
                return new IntV(x.multiply(y));
            case DIV:
                if (y.signum() == 0) return new RealV(x.signum() / 0.0); // true division, as PyTorch: ±inf, or NaN for 0/0
                return new RealV(new java.math.BigDecimal(x).divide(new java.math.BigDecimal(y),
                        java.math.MathContext.DECIMAL64).doubleValue());
            case FLOORDIV: {
                if (y.signum() == 0) throw divisionByZero();
                BigInteger[] qr = x.divideAndRemainder(y);
                BigInteger q = qr[0];
                if (qr[1].signum() != 0 && (qr[1].signum() != y.signum())) q = q.subtract(BigInteger.ONE);
                return new IntV(q);
            }
            case MOD: {
                if (y.signum() == 0) throw divisionByZero();
                BigInteger r = x.mod(y.abs());
                if (y.signum() < 0 && r.signum() != 0) r = r.add(y);
                return new IntV(r);
            }
            case POW: {
                if (y.signum() < 0) return new RealV(org.nnspec.autodiff.Arithmetic.power(x.doubleValue(), y.doubleValue()));
                if (x.abs().compareTo(BigInteger.ONE) <= 0) {
                    if (x.signum() == 0) return IntV.of(y.signum() == 0 ? 1 : 0);
                    if (x.equals(BigInteger.ONE)) return IntV.of(1);
                    return IntV.of(y.testBit(0) ? -1 : 1);
                }
                if (y.bitLength() > 31 || y.longValue() * log2(x.abs()) > Limits.MAX_EXACT_BITS) throw tooLarge();
                return new IntV(x.pow(y.intValue()));
            }
            case LT: return BoolV.of(x.compareTo(y) < 0);
            case LE: return BoolV.of(x.compareTo(y) <= 0);
            case GT: return BoolV.of(x.compareTo(y) > 0);
            case GE: return BoolV.of(x.compareTo(y) >= 0);
            default: throw new NnspecException("'" + op.symbol + "' needs true or false, not numbers", null);
        }
    }

    static Value real(BinaryOp op, double x, double y) {
        switch (op) {
            case LT: return BoolV.of(x < y);
            case LE: return BoolV.of(x <= y);
            case GT: return BoolV.of(x > y);
            case GE: return BoolV.of(x >= y);
            case AND: case OR: throw new NnspecException("'" + op.symbol + "' needs true or false, not numbers", null);
            default: // a real divided by zero is ±inf or NaN, as in PyTorch and as for matrices
                return new RealV(scalar(op).applyAsDouble(x, y));
        }
    }

    static DoubleBinaryOperator scalar(BinaryOp op) {
        switch (op) {
            case ADD: return Double::sum;
            case SUB: return (x, y) -> x - y;
            case MUL: return (x, y) -> x * y;
            case DIV: return (x, y) -> x / y;
            case FLOORDIV: return (x, y) -> Math.floor(x / y);
            case MOD: return (x, y) -> x - Math.floor(x / y) * y;
            case POW: return org.nnspec.autodiff.Arithmetic::power;
            case LT: return (x, y) -> x < y ? 1 : 0;
            case LE: return (x, y) -> x <= y ? 1 : 0;
            case GT: return (x, y) -> x > y ? 1 : 0;
            case GE: return (x, y) -> x >= y ? 1 : 0;
            default: throw new NnspecException("'" + op.symbol + "' does not apply to matrices", null);
        }
    }

    static Value elementwise(BinaryOp op, DMatrixRMaj a, DMatrixRMaj b) {
        if (op == BinaryOp.AND || op == BinaryOp.OR) {
            throw new NnspecException("'" + op.symbol + "' needs true or false, not matrices", null);
        }
        int[] shape = Broadcast.resultShape(a, b, op.symbol);
        Coercions.checkSize(shape[0], shape[1]);
        return new MatV(Broadcast.apply(a, b, op.symbol, scalar(op)));
    }

    public static Value matmul(Value a, Value b) {
        if (!isMatrixLike(a) || !isMatrixLike(b)) {
            throw new NnspecException("'@' multiplies matrices, not " + Coercions.article(a) + " and " + Coercions.article(b), null);
        }
        return new MatV(matmul(Coercions.toMatrix(a, "left operand of '@'"), Coercions.toMatrix(b, "right operand of '@'")));
    }

    public static DMatrixRMaj matmul(DMatrixRMaj a, DMatrixRMaj b) {
        if (a.numCols != b.numRows) {
            String help = null;
            if (a.numCols == b.numCols) help = "did you mean a @ b.T? (" + a.numRows + "×" + a.numCols + " @ "
                    + b.numCols + "×" + b.numRows + ")";
            else if (a.numRows == b.numRows) help = "did you mean a.T @ b? (" + a.numCols + "×" + a.numRows + " @ "
                    + b.numRows + "×" + b.numCols + ")";
            throw new NnspecException("cannot multiply a " + a.numRows + "×" + a.numCols + " matrix by a "
                    + b.numRows + "×" + b.numCols + " matrix: " + a.numCols + " column" + (a.numCols == 1 ? "" : "s") + " ≠ "
                    + b.numRows + " row" + (b.numRows == 1 ? "" : "s"), help);
        }
        DMatrixRMaj out = Coercions.allocate(a.numRows, b.numCols);
        long work = (long) a.numRows * a.numCols * b.numCols;
        if (work > MAX_PRODUCT_WORK) {
            throw new NnspecException("a " + a.numRows + "×" + a.numCols + " by " + b.numRows + "×" + b.numCols
                    + " product needs " + org.nnspec.render.Numbers.grouped(work) + " multiply-adds (at most "
                    + org.nnspec.render.Numbers.grouped(MAX_PRODUCT_WORK) + ")", "nnspec is for matrices you could check by hand; use smaller ones");
        }
        Gemm.product(a, b, out);
        return out;
    }

    public static Value negate(Value v) {
        if (v instanceof IntV i) return new IntV(i.value().negate());
        if (v instanceof RealV r) return new RealV(-r.value());
        if (v instanceof MatV || v instanceof ListV) {
            DMatrixRMaj m = Coercions.toMatrix(v, "operand of '-'").copy();
            CommonOps_DDRM.changeSign(m);
            return new MatV(m);
        }
        throw new NnspecException("'-' cannot negate " + Coercions.article(v), null);
    }

    private static NnspecException divisionByZero() {
        return new NnspecException("division by zero", null);
    }

    private static NnspecException tooLarge() {
        return new NnspecException("this exact integer would have more than "
                + org.nnspec.render.Numbers.grouped(Limits.MAX_EXACT_DIGITS) + " digits", "use a real: write 2.0^… ");
    }

    /** log2 of a positive integer, to about 15 digits at any size. */
    private static double log2(BigInteger x) {
        int shift = Math.max(0, x.bitLength() - 60);
        return shift + Math.log(x.shiftRight(shift).doubleValue()) / Math.log(2);
    }
}
