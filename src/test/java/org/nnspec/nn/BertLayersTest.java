package org.nnspec.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.nnspec.diag.Diagnostics;
import org.nnspec.diag.Span;

/**
 * The two catalog entries BERT needs beyond GPT-2's: TokenTypeEmbedding (the segment embedding
 * added to the word and position embeddings) and Select (the pooler's first token). Their
 * shapes and counts against torch are in {@link TorchReferenceTest}; here their mistakes, and
 * BERT-base's embedding and pooler sizes from Google's bert_config (vocab 30,522, 512
 * positions, 2 token types, hidden 768).
 */
class BertLayersTest {
    private final Diagnostics diags = new Diagnostics();

    private NetworkBuilder net(Object... dims) {
        NetworkBuilder b = new NetworkBuilder("Bert", Span.NONE, diags);
        b.input(ShapeErrorTest.shape(dims), Span.NONE);
        return b;
    }

    @Test
    void bertEmbeddingsAndPooler() {
        NetworkBuilder b = net("N", 128);
        b.layer("word", LayerCall.of("Embedding", 30522, 768));
        b.layer("position", LayerCall.of("PositionalEmbedding", 512, 768));
        b.layer("token_type", LayerCall.of("TokenTypeEmbedding", 2, 768));
        b.layer("norm", LayerCall.of("LayerNorm", 768));
        b.layer("cls", LayerCall.of("Select", 1, 0));
        b.layer("dense", LayerCall.of("Linear", 768, 768));
        b.layer("tanh", LayerCall.of("Tanh"));
        Network n = b.build();
        assertEquals(0, diags.errorCount(), diags.all().toString());
        assertEquals(ShapeErrorTest.shape("N", 768), n.output());
        assertEquals(ShapeErrorTest.shape("N", 128, 768), n.layer("token_type").output());
        assertEquals("2·768", n.layer("token_type").paramsFormula());
        // 30522·768 + 512·768 + 2·768 + 2·768 = 23,837,184 embeddings; pooler 768·768 + 768 = 590,592
        assertEquals(BigInteger.valueOf(23_837_184L + 590_592L), n.totalParams());
        // the pooler's Linear sees one row per sample, not 128
        assertEquals(BigInteger.valueOf(768L * 768), n.layer("dense").macs());
    }

    @Test
    void tokenTypeEmbeddingChecksTheVectorSize() {
        NetworkBuilder b = net("N", 16, 64);
        Shape out = b.layer("tt", LayerCall.of("TokenTypeEmbedding", 2, 32));
        assertEquals(1, diags.errorCount());
        assertEquals("TokenTypeEmbedding expects vectors of size 32, but its input (N, 16, 64) has 64", diags.all().get(0).message());
        assertEquals("write TokenTypeEmbedding(2, 64)", diags.all().get(0).help());
        assertEquals(ShapeErrorTest.shape("N", 16, 64), out);
    }

    @Test
    void tokenTypeEmbeddingNeedsVectors() {
        assertNull(net("N").layer("tt", LayerCall.of("TokenTypeEmbedding", 2, 32)));
        assertEquals("TokenTypeEmbedding expects a (N, T, dim) or (T, dim) input, but its input (N,) is 1-D", diags.all().get(0).message());
    }

    @Test
    void selectIndexOutOfRange() {
        assertNull(net("N", 4, 8).layer("s", LayerCall.of("Select", 1, 4)));
        assertEquals("Select's index 4 is out of range for dimension 1 of size 4 in its input (N, 4, 8)", diags.all().get(0).message());
        assertEquals("use an index between -4 and 3", diags.all().get(0).help());
    }

    @Test
    void selectDimOutOfRangeAndSymbolicDims() {
        assertNull(net("N", 4).layer("s", LayerCall.of("Select", 2, 0)));
        assertEquals("Select's dim=2 is out of range for the 2-D input (N, 4)", diags.all().get(0).message());
        // an index into a symbolic dimension cannot be checked; the dimension is dropped
        assertEquals(ShapeErrorTest.shape(4), net("N", 4).layer("s", LayerCall.of("Select", 0, 3)));
    }
}
