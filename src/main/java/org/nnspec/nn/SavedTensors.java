package org.nnspec.nn;

import java.util.HashMap;
import java.util.Map;

/**
 * What the backward pass of each layer kind reads, as PyTorch's autograd saves it
 * (tools/autograd/derivatives.yaml): the rule by which {@code cost(…, training=true)} counts
 * saved activations (docs/language.md section 13).
 */
public final class SavedTensors {
    private SavedTensors() {}

    /** What a layer kind's backward reads. */
    public enum Reads {
        /** its input (a weight's gradient needs it; a norm or GELU/SiLU differentiates at it) */
        INPUT,
        /** its output (ReLU, Sigmoid, Tanh, Softmax differentiate at their result) */
        OUTPUT,
        /** input and output (LPPool, recurrent layers) */
        BOTH,
        /**
         * its input and the indices of the maxima, a tensor of its own the size of its output
         * (max pooling: its backward does not read its output, which the next layer may)
         */
        INPUT_AND_INDICES,
        /** a mask the size of its output (dropout) */
        MASK,
        /** nothing (average pooling, padding, shuffles, upsampling, added embeddings: their gradients need only sizes) */
        NONE,
        /** nothing, and its output is a view of its input: the same memory (Flatten, Permute, …) */
        VIEW
    }

    private static final Map<String, Reads> RULES = new HashMap<>();

    private static void rule(Reads r, String... types) {
        for (String t : types) RULES.put(t, r);
    }

    static {
        rule(Reads.OUTPUT, "ReLU", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "Softmin", "Softmax2d");
        rule(Reads.INPUT_AND_INDICES, "MaxPool1d", "MaxPool2d", "MaxPool3d", "AdaptiveMaxPool1d", "AdaptiveMaxPool2d",
                "AdaptiveMaxPool3d");
        rule(Reads.BOTH, "LPPool1d", "LPPool2d", "RNN", "LSTM", "GRU");
        rule(Reads.MASK, "Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "StochasticDepth");
        rule(Reads.NONE, "AvgPool1d", "AvgPool2d", "AvgPool3d", "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d",
                "PixelShuffle", "PixelUnshuffle", "ChannelShuffle", "Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d",
                "Unfold", "Fold", "ZeroPad2d", "ConstantPad1d", "ConstantPad2d", "ConstantPad3d", "ReflectionPad1d",
                "ReflectionPad2d", "ReflectionPad3d", "ReplicationPad1d", "ReplicationPad2d", "ReplicationPad3d",
                "PositionalEmbedding", "TokenTypeEmbedding", "Parameter");
        rule(Reads.VIEW, "Flatten", "Unflatten", "Select", "Permute", "Transpose", "Narrow", "Identity", "Expand");
        // everything else reads its input: convolutions, Linear, Bilinear, Embedding (its indices),
        // the normalisations, the other activations, attention (whose inner tensors it adds itself)
    }

    /** What a layer of this type's backward reads. */
    public static Reads reads(String type) { return RULES.getOrDefault(type, Reads.INPUT); }

    /** Whether the layer's output is a view of its input. */
    static boolean isView(String type) { return reads(type) == Reads.VIEW; }
}
