import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.nnspec.attention.Attention;
import org.nnspec.attention.Softmax;
import org.nnspec.linalg.Gemm;

/**
 * Where the time of attention(X, X, X) goes, without the interpreter: each step of it timed
 * alone, with each candidate implementation (EJML single- and multi-threaded, Gemm, plain dot
 * products). Run by bench/attention.sh --kernel (java's source launcher, classes from
 * target/classes), which starts a fresh JVM for each step, because a whole nnspec process pays
 * the first (cold) call: JIT compilation included. Prints the cold call and the median of RUNS
 * timings after WARMUP.
 *
 * <pre>java -cp target/classes:EJML bench/AttentionKernelBench.java [N D] [STEP...]</pre>
 *
 * With no STEP, runs every step in this one JVM (then only the first one's cold time is cold).
 */
public class AttentionKernelBench {
    static final int WARMUP = 5, RUNS = 11;

    interface Step { void run(); }

    static void time(String name, Runnable before, Step step) {
        before.run();
        long t0 = System.nanoTime();
        step.run();
        double cold = (System.nanoTime() - t0) / 1e6;
        for (int i = 0; i < WARMUP; i++) {
            before.run();
            step.run();
        }
        double[] t = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            before.run();
            long s = System.nanoTime();
            step.run();
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(t);
        System.out.printf("%-44s cold %7.1f ms   warm median %7.1f ms%n", name, cold, t[RUNS / 2]);
    }

    /** Q·Kᵀ as one dot product per entry over rows of Q and K (C2 does not vectorise the sum). */
    static void dots(double scale, DMatrixRMaj q, DMatrixRMaj k, DMatrixRMaj out) {
        int d = q.numCols, m = k.numRows;
        double[] qd = q.data, kd = k.data, od = out.data;
        for (int i = 0; i < q.numRows; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int p = 0; p < d; p++) s += (scale * qd[i * d + p]) * kd[j * d + p];
                od[i * m + j] = s;
            }
        }
    }

    public static void main(String[] args) {
        List<String> steps = new ArrayList<>(Arrays.asList(args));
        int n = 2048, d = 64;
        if (steps.size() >= 2 && steps.get(0).matches("\\d+") && steps.get(1).matches("\\d+")) {
            n = Integer.parseInt(steps.remove(0));
            d = Integer.parseInt(steps.remove(0));
        }
        Random rnd = new Random(1);
        DMatrixRMaj X = new DMatrixRMaj(n, d);
        for (int i = 0; i < X.data.length; i++) X.data[i] = rnd.nextGaussian();
        DMatrixRMaj S = new DMatrixRMaj(n, n), O = new DMatrixRMaj(n, d);
        double scale = 1 / Math.sqrt(d);
        // inputs of the softmax and of weights·V, computed here without the code being timed
        // (which would warm it up) and only for the steps that need them
        DMatrixRMaj scores = new DMatrixRMaj(n, n), weights = new DMatrixRMaj(n, n);
        boolean[] made = new boolean[2];
        Runnable makeScores = () -> {
            if (made[0]) return;
            made[0] = true;
            dots(scale, X, X, scores);
        };
        Runnable makeWeights = () -> {
            if (made[1]) return;
            made[1] = true;
            makeScores.run();
            weights.setTo(scores);
            for (int i = 0; i < weights.numRows; i++) {
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int j = 0; j < weights.numCols; j++) max = Math.max(max, weights.get(i, j));
                for (int j = 0; j < weights.numCols; j++) sum += weights.data[i * weights.numCols + j] = Math.exp(weights.get(i, j) - max);
                for (int j = 0; j < weights.numCols; j++) weights.data[i * weights.numCols + j] /= sum;
            }
        };
        Runnable none = () -> {};
        Runnable freshScores = () -> {
            makeScores.run();
            System.arraycopy(scores.data, 0, S.data, 0, S.data.length);
        };
        Runnable needWeights = makeWeights;

        Map<String, Runnable> all = new LinkedHashMap<>();
        all.put("attention", () -> time("Attention.attention (as shipped)", none, () -> Attention.attention(X, X, X, null, null)));
        all.put("scores-gemm", () -> time("scores: Gemm.multTransB", none, () -> Gemm.multTransB(scale, X, X, S)));
        all.put("scores-ejml", () -> time("scores: transpose + CommonOps_DDRM.mult", none,
                () -> CommonOps_DDRM.mult(scale, X, CommonOps_DDRM.transpose(X, null), S)));
        all.put("scores-ejml-mt", () -> time("scores: transpose + CommonOps_MT_DDRM.mult", none,
                () -> CommonOps_MT_DDRM.mult(scale, X, CommonOps_DDRM.transpose(X, null), S)));
        all.put("scores-ejml-transb", () -> time("scores: CommonOps_DDRM.multTransB", none,
                () -> CommonOps_DDRM.multTransB(scale, X, X, S)));
        all.put("scores-dots", () -> time("scores: dot products over rows of Q and K", none, () -> dots(scale, X, X, S)));
        all.put("softmax", () -> time("softmax: Softmax.rows", freshScores, () -> Softmax.rows(S)));
        all.put("output-gemm", () -> time("output: Gemm.mult(weights, V)", needWeights, () -> Gemm.mult(weights, X, O)));
        all.put("output-ejml", () -> time("output: CommonOps_DDRM.mult(weights, V)", needWeights, () -> CommonOps_DDRM.mult(weights, X, O)));
        all.put("output-ejml-mt", () -> time("output: CommonOps_MT_DDRM.mult(weights, V)", needWeights,
                () -> CommonOps_MT_DDRM.mult(weights, X, O)));

        if (steps.isEmpty()) {
            System.out.println("attention(X, X, X), X " + n + "×" + d + ", " + Runtime.getRuntime().availableProcessors()
                    + " processors, every step in one JVM");
            steps.addAll(all.keySet());
        }
        for (String step : steps) {
            Runnable r = all.get(step);
            if (r == null) throw new IllegalArgumentException("no step " + step + "; steps: " + all.keySet());
            r.run();
        }
    }
}
