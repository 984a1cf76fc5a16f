import java.util.Arrays;
import java.util.Random;
import org.ejml.concurrency.EjmlConcurrency;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.nnspec.attention.Attention;
import org.nnspec.attention.Softmax;

/**
 * Where the time of attention(X, X, X) goes, without the interpreter: the products and the
 * softmax timed alone, single-threaded and on EJML's pool, multTransB against transpose + mult.
 * Run by bench/attention.sh --kernel (java's source launcher, classes from target/classes).
 * Prints the median of RUNS timings after WARMUP, and the first (cold) call separately,
 * because a whole nnspec process pays the cold one.
 */
public class AttentionKernelBench {
    static final int WARMUP = 5, RUNS = 11;

    interface Step { void run(); }

    static void time(String name, Step step) {
        long t0 = System.nanoTime();
        step.run();
        double cold = (System.nanoTime() - t0) / 1e6;
        for (int i = 0; i < WARMUP; i++) step.run();
        double[] t = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long s = System.nanoTime();
            step.run();
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(t);
        System.out.printf("%-52s cold %8.1f ms   warm median %8.1f ms%n", name, cold, t[RUNS / 2]);
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2048, d = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        Random rnd = new Random(1);
        DMatrixRMaj X = new DMatrixRMaj(n, d);
        for (int i = 0; i < X.data.length; i++) X.data[i] = rnd.nextGaussian();
        DMatrixRMaj Xt = CommonOps_DDRM.transpose(X, null);
        DMatrixRMaj S = new DMatrixRMaj(n, n), O = new DMatrixRMaj(n, d);
        double scale = 1 / Math.sqrt(d);
        System.out.println("attention(X, X, X), X " + n + "×" + d + ", threads " + EjmlConcurrency.getMaxThreads());
        time("Attention.attention (as shipped)", () -> Attention.attention(X, X, X, null, null));
        time("scores: CommonOps_DDRM.multTransB", () -> CommonOps_DDRM.multTransB(scale, X, X, S));
        time("scores: transpose + CommonOps_DDRM.mult", () -> CommonOps_DDRM.mult(scale, X, CommonOps_DDRM.transpose(X, null), S));
        time("scores: transpose + CommonOps_MT_DDRM.mult", () -> CommonOps_MT_DDRM.mult(scale, X, CommonOps_DDRM.transpose(X, null), S));
        time("scores: CommonOps_MT_DDRM.multTransB", () -> CommonOps_MT_DDRM.multTransB(scale, X, X, S));
        time("softmax rows (Softmax.rows)", () -> { CommonOps_DDRM.mult(scale, X, Xt, S); Softmax.rows(S); });
        time("  (the score product it includes, for subtraction)", () -> CommonOps_DDRM.mult(scale, X, Xt, S));
        time("output: CommonOps_DDRM.mult(weights, V)", () -> CommonOps_DDRM.mult(S, X, O));
        time("output: CommonOps_MT_DDRM.mult(weights, V)", () -> CommonOps_MT_DDRM.mult(S, X, O));
        EjmlConcurrency.USE_CONCURRENT = false;
        time("Attention.attention, concurrency off", () -> Attention.attention(X, X, X, null, null));
    }
}
