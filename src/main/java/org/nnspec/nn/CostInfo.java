package org.nnspec.nn;

import java.math.BigInteger;

/**
 * What {@code cost} (docs/language.md section 13) reads of a layer beyond its counts: which
 * tensors of the network flow in and out of it (numbered in {@link Network#tensors()}, 0 the
 * network's input; a layer whose output is a view of its input, such as Flatten, passes its
 * input's number on), the key/value cache of an attention layer, and the elements its backward
 * keeps inside it (an attention layer's queries, keys, values and weights), counted as MACs
 * are: the batch once, null when a symbolic size decides them.
 */
public record CostInfo(int inputTensor, int outputTensor, KvCache cache, BigInteger internal) {
    static final CostInfo NONE = new CostInfo(-1, -1, null, BigInteger.ZERO);

    /**
     * An attention layer's key/value cache: {@code modules} attention modules (2 in a
     * TransformerDecoderLayer) each caching {@code kvHeads} heads of {@code headDim} for
     * {@code length} positions of {@code sequences} sequences (the batch once); length and
     * sequences are null when symbolic.
     */
    public record KvCache(BigInteger modules, BigInteger kvHeads, BigInteger headDim, BigInteger length, BigInteger sequences) {}

    CostInfo perSample(BigInteger samples) {
        KvCache c = cache == null || cache.sequences() == null ? cache
                : new KvCache(cache.modules(), cache.kvHeads(), cache.headDim(), cache.length(), NetworkLayer.divided(cache.sequences(), samples));
        return new CostInfo(inputTensor, outputTensor, c, NetworkLayer.divided(internal, samples));
    }
}
