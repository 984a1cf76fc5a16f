package org.nnspec.attention;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Every intermediate of one scaled dot-product attention pass, labelled by its tokens: the
 * value {@code self_attention(...)} returns (fields {@code Q K V scores weights output}).
 *
 * <p>With {@code heads > 1}, {@code headScores} and {@code headWeights} hold one queries × keys
 * matrix per head, and {@code scores} and {@code weights} are their mean over the heads (what
 * PyTorch's {@code nn.MultiheadAttention} returns by default, {@code average_attn_weights=True}).
 * With one head the lists hold {@code scores} and {@code weights} themselves.
 *
 * @param tokens     one label per query row (also the key labels in self-attention)
 * @param keyTokens  one label per key row (equal to {@code tokens} in self-attention)
 * @param dModel     columns of X when Q, K, V were projected from X, 0 when given directly
 * @param heads      number of heads h (each sees d_k/h columns of Q and K, d_v/h of V)
 * @param scale      the factor applied to Q·Kᵀ in every head
 * @param defaultScale whether {@code scale} is the default 1/√(d_k/h)
 * @param mask       the mask applied, or null
 */
public record AttentionResult(
        List<String> tokens,
        List<String> keyTokens,
        int dModel,
        int heads,
        double scale,
        boolean defaultScale,
        Mask mask,
        DMatrixRMaj Q,
        DMatrixRMaj K,
        DMatrixRMaj V,
        DMatrixRMaj scores,
        DMatrixRMaj weights,
        DMatrixRMaj output,
        List<DMatrixRMaj> headScores,
        List<DMatrixRMaj> headWeights) {

    public AttentionResult {
        tokens = List.copyOf(tokens);
        keyTokens = List.copyOf(keyTokens);
        headScores = List.copyOf(headScores);
        headWeights = List.copyOf(headWeights);
    }

    public int queries() { return Q.numRows; }
    public int keys() { return K.numRows; }
    /** d_k: the width of Q and K (all heads together). */
    public int dK() { return Q.numCols; }
    /** d_v: the width of V and of the output. */
    public int dV() { return V.numCols; }
    /** Whether Q, K and V were computed from X by self-attention. */
    public boolean projected() { return dModel > 0; }

    /** A field by its name in the language ({@code r.weights}), or null if there is none. */
    public DMatrixRMaj field(String name) {
        switch (name) {
            case "Q": return Q;
            case "K": return K;
            case "V": return V;
            case "scores": return scores;
            case "weights": return weights;
            case "output": return output;
            default: return null;
        }
    }

    /** The field names, in the order reports show them. */
    public static final List<String> FIELDS = List.of("Q", "K", "V", "scores", "weights", "output");
}
