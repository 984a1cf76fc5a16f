package org.nnspec.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.StringWriter;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nnspec.diag.Diagnostics;
import org.nnspec.diag.Span;

/**
 * Scopes, residuals, concats and ties through the builder, checked against published model
 * sizes (torchvision's ResNet-18, OpenAI's GPT-2 small) and hand counts.
 */
class CompositionTest {
    private final Diagnostics diags = new Diagnostics();

    private static Shape shape(Object... dims) { return ShapeErrorTest.shape(dims); }

    /** torchvision's BasicBlock: conv-bn-relu-conv-bn plus shortcut, then ReLU. */
    private static void basicBlock(NetworkBuilder b, String name, int in, int out, int stride) {
        b.beginScope(name, "BasicBlock(" + in + ", " + out + ", stride=" + stride + ")", Span.NONE);
        b.beginResidual(null, Span.NONE);
        b.layer("conv1", LayerCall.of("Conv2d", in, out, 3, "stride=", stride, "padding=", 1, "bias=", false));
        b.layer("bn1", LayerCall.of("BatchNorm2d", out));
        b.layer("relu", LayerCall.of("ReLU"));
        b.layer("conv2", LayerCall.of("Conv2d", out, out, 3, "padding=", 1, "bias=", false));
        b.layer("bn2", LayerCall.of("BatchNorm2d", out));
        b.beginShortcut(Span.NONE);
        if (stride != 1 || in != out) {
            b.layer("downsample_conv", LayerCall.of("Conv2d", in, out, 1, "stride=", stride, "bias=", false));
            b.layer("downsample_bn", LayerCall.of("BatchNorm2d", out));
        }
        b.endResidual(Span.NONE);
        b.layer("relu_out", LayerCall.of("ReLU"));
        b.endScope();
    }

    static Network resnet18(Diagnostics diags) {
        NetworkBuilder b = new NetworkBuilder("ResNet18", Span.NONE, diags);
        b.input(shape("N", 3, 224, 224), Span.NONE);
        b.layer("conv1", LayerCall.of("Conv2d", 3, 64, 7, "stride=", 2, "padding=", 3, "bias=", false));
        b.layer("bn1", LayerCall.of("BatchNorm2d", 64));
        b.layer("relu", LayerCall.of("ReLU"));
        b.layer("maxpool", LayerCall.of("MaxPool2d", 3, "stride=", 2, "padding=", 1));
        int in = 64;
        int[] widths = {64, 128, 256, 512};
        for (int i = 0; i < 4; i++) {
            b.beginScope("layer" + (i + 1), "Sequential", Span.NONE);
            basicBlock(b, "0", in, widths[i], i == 0 ? 1 : 2);
            basicBlock(b, "1", widths[i], widths[i], 1);
            b.endScope();
            in = widths[i];
        }
        b.layer("avgpool", LayerCall.of("AdaptiveAvgPool2d", (Object) new Object[]{1, 1}));
        b.layer("flatten", LayerCall.of("Flatten"));
        b.layer("fc", LayerCall.of("Linear", 512, 1000));
        return b.build();
    }

    @Test
    void resnet18MatchesTorchvision() {
        Network net = resnet18(diags);
        assertFalse(diags.hasErrors(), diags.all().toString());
        // torchvision.models.resnet18 documentation: 11,689,512 parameters, 1.81 GFLOPS (MACs of conv and linear)
        assertEquals(BigInteger.valueOf(11_689_512), net.totalParams());
        assertEquals(BigInteger.valueOf(1_814_073_344L), net.totalMacs());
        assertEquals(shape("N", 1000), net.output());
        assertEquals("layer2.0.downsample_conv", net.layers().get(4 + 12 + 5).name());
        assertEquals(shape("N", 128, 28, 28), net.layer("layer2.0.downsample_bn").output());
    }

    @Test
    void depthFoldsScopesButKeepsTotals() {
        Network net = resnet18(diags);
        String full = net.summaryText();
        String folded = net.summaryText(1);
        assertTrue(full.contains("layer1.0.conv1"), full);
        assertFalse(folded.contains("layer1.0.conv1"), folded);
        // layer1: 2 blocks × 2 convs of 3·3·64·64 = 36,864 + 2 BNs of 128 → 4·36,864 + 4·128 = 147,968
        assertTrue(row(folded, "layer1").matches(" *5  layer1 +Sequential +\\(N, 64, 56, 56\\) +147,968 \\(12 layers\\) +462,422,016"), folded);
        String foldedTwo = net.summaryText(2);
        assertTrue(row(foldedTwo, "layer2.0").matches(".*layer2\\.0 +BasicBlock\\(64, 128, stride=2\\) +\\(N, 128, 28, 28\\) .*"), foldedTwo);
        String totals = full.substring(full.indexOf("total params"));
        assertEquals(totals, folded.substring(folded.indexOf("total params")));
        assertTrue(totals.startsWith("total params 11,689,512 (trainable 11,689,512) · MACs per sample 1,814,073,344"), totals);
    }

    private static String row(String table, String name) {
        for (String line : table.split("\n")) if (line.contains("  " + name + "  ")) return line;
        return "";
    }

    /** GPT-2 small: 124,439,808 parameters with the output head tied to the token embedding (OpenAI's release). */
    @Test
    void gpt2SmallWithTiedHead() {
        NetworkBuilder b = new NetworkBuilder("GPT2", Span.NONE, diags);
        b.input(shape("N", 1024), Span.NONE);
        b.layer("wte", LayerCall.of("Embedding", 50257, 768));
        b.layer("wpe", LayerCall.of("PositionalEmbedding", 1024, 768));
        for (int i = 0; i < 12; i++) {
            b.beginScope("h" , "Block", Span.NONE);
            b.endScope();
        }
        for (int i = 0; i < 12; i++) {
            b.beginScope(String.valueOf(i), "Block", Span.NONE);
            b.beginResidual(null, Span.NONE);
            b.layer("ln_1", LayerCall.of("LayerNorm", 768));
            b.layer("attn", LayerCall.of("MultiheadAttention", 768, 12, "batch_first=", true));
            b.endResidual(Span.NONE);
            b.beginResidual(null, Span.NONE);
            b.layer("ln_2", LayerCall.of("LayerNorm", 768));
            b.layer("c_fc", LayerCall.of("Linear", 768, 3072));
            b.layer("gelu", LayerCall.of("GELU"));
            b.layer("c_proj", LayerCall.of("Linear", 3072, 768));
            b.endResidual(Span.NONE);
            b.endScope();
        }
        b.layer("ln_f", LayerCall.of("LayerNorm", 768));
        b.layer("lm_head", LayerCall.of("Linear", 768, 50257, "bias=", false, "tie=", "wte"));
        Network net = b.build();
        // the empty scope named "h" was opened 12 times: 11 duplicate-name errors, nothing else
        assertEquals(11, diags.errorCount(), diags.all().toString());
        assertEquals(BigInteger.valueOf(124_439_808), net.totalParams());
        NetworkLayer head = net.layer("lm_head");
        assertEquals(BigInteger.ZERO, head.params());
        assertEquals("wte", head.tiedTo());
        assertEquals("0", head.paramsFormula());
        assertEquals(" (weight tied to wte)", head.tieNote());
        // MACs of the head still count: 1024 rows · 768 · 50257
        assertEquals(BigInteger.valueOf(1024L * 768 * 50257), head.macs());
        assertEquals(shape("N", 1024, 50257), net.output());
    }

    @Test
    void unnamedLayersAreNamedByTheirIndexAmongTheirSiblings() {
        NetworkBuilder b = new NetworkBuilder("Names", Span.NONE, diags);
        b.input(shape("N", 8), Span.NONE);
        b.layer(null, LayerCall.of("Linear", 8, 8));
        b.layer(null, LayerCall.of("ReLU"));
        b.layer(null, LayerCall.of("Linear", 8, 8));
        b.beginScope("block", "Block", Span.NONE);
        b.layer(null, LayerCall.of("Linear", 8, 8));
        b.endScope();
        b.beginConcat("cat", -1, Span.NONE);
        b.beginBranch(null, Span.NONE);
        b.endBranch();
        b.beginBranch(null, Span.NONE);
        b.layer(null, LayerCall.of("Linear", 8, 4));
        b.endBranch();
        Shape out = b.endMerge(Span.NONE);
        b.layer(null, LayerCall.of("ReLU"));
        Network net = b.build();
        assertFalse(diags.hasErrors(), diags.all().toString());
        // as nn.Sequential numbers its children: the named block and concat take indices 3 and 4
        assertEquals(List.of("0", "1", "2", "block.0", "cat.0", "5"),
                net.layers().stream().map(NetworkLayer::name).toList());
        // an empty branch is the identity: 8 + 4 features
        assertEquals(shape("N", 12), out);
    }

    @Test
    void emptyShortcutIsTheIdentity() {
        NetworkBuilder b = new NetworkBuilder("R", Span.NONE, diags);
        b.input(shape("N", "T", 16), Span.NONE);
        b.beginResidual("res", Span.NONE);
        b.layer("fc", LayerCall.of("Linear", 16, 16));
        b.beginShortcut(Span.NONE);
        Shape out = b.endResidual(Span.NONE);
        assertFalse(diags.hasErrors(), diags.all().toString());
        assertEquals(shape("N", "T", 16), out);
        assertEquals("res.fc", b.build().layers().get(0).name());
    }

    @Test
    void symbolicDimsPassThroughAndMakeCountsUnknown() throws Exception {
        NetworkBuilder b = new NetworkBuilder("Seq", Span.NONE, diags);
        b.input(shape("N", "T", 10), Span.NONE);
        b.layer("lstm", LayerCall.of("LSTM", 10, 20, "batch_first=", true, "bidirectional=", true));
        b.layer("fc", LayerCall.of("Linear", 40, 5));
        Network net = b.build();
        assertFalse(diags.hasErrors(), diags.all().toString());
        assertEquals(shape("N", "T", 5), net.output());
        // LSTM(10, 20) bidirectional, by hand: 2·(4·20·(10 + 20) + 2·4·20) = 2·(2400 + 160) = 5,120
        assertEquals(BigInteger.valueOf(5120), net.layers().get(0).params());
        assertEquals("2·(4·20·(10 + 20) + 2·4·20)", net.layers().get(0).paramsFormula());
        assertNull(net.totalMacs(), "T is not the batch, so MACs per sample depend on it");
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) { net.writeJson(g); }
        assertTrue(out.toString().contains("\"output_shape\":[\"N\",\"T\",5]"), out.toString());
        assertTrue(out.toString().contains("\"total_macs\":null"), out.toString());
        assertTrue(net.summaryText().contains("MACs per sample depends on a symbolic size"), net.summaryText());
    }

    @Test
    void recurrentAndAttentionMacsByHand() {
        NetworkBuilder b = new NetworkBuilder("Seq", Span.NONE, diags);
        b.input(shape("N", 7, 10), Span.NONE);
        b.layer("gru", LayerCall.of("GRU", 10, 16, "num_layers=", 2, "batch_first=", true));
        b.layer("attn", LayerCall.of("MultiheadAttention", 16, 4, "batch_first=", true));
        b.layer("enc", LayerCall.of("TransformerEncoderLayer", 16, 4, 32, "batch_first=", true));
        Network net = b.build();
        assertFalse(diags.hasErrors(), diags.all().toString());
        // GRU per step: layer 0 3·16·(10 + 16) = 1,248; layer 1 3·16·(16 + 16) = 1,536; × 7 steps = 19,488
        assertEquals(BigInteger.valueOf(19_488), net.layers().get(0).macs());
        // attention, L = 7, E = 16: projections 4·7·16·16 = 7,168; scores and weighted sum 2·7·7·16 = 1,568 → 8,736
        assertEquals(BigInteger.valueOf(8_736), net.layers().get(1).macs());
        // encoder layer adds the feed-forward 2·7·16·32 = 7,168 → 15,904
        assertEquals(BigInteger.valueOf(15_904), net.layers().get(2).macs());
        // GRU params by hand: 3·16·(10+16) + 2·3·16 + 3·16·(16+16) + 2·3·16 = 1248 + 96 + 1536 + 96 = 2,976
        assertEquals(BigInteger.valueOf(2_976), net.layers().get(0).params());
    }

    @Test
    void exactAtAnySize() {
        BigInteger huge = BigInteger.TEN.pow(20);
        NetworkBuilder b = new NetworkBuilder("Huge", Span.NONE, diags);
        b.input(new Shape(List.of(Dim.symbolic("N"), Dim.of(huge), Dim.of(4), Dim.of(4))), Span.NONE);
        LayerCall conv = new LayerCall("Conv2d", Span.NONE, List.of(Arg.of(huge), Arg.of(huge), Arg.of(BigInteger.ONE)), java.util.Map.of());
        b.layer("conv", conv);
        Network net = b.build();
        assertFalse(diags.hasErrors(), diags.all().toString());
        // 1·1·10^20·10^20 + 10^20
        assertEquals(huge.multiply(huge).add(huge), net.totalParams());
        assertEquals(new BigInteger("10000000000000000000100000000000000000000"), net.totalParams());
        // MACs: 10^20 · 4 · 4 · 10^20 · 1 = 16·10^40
        assertEquals(BigInteger.valueOf(16).multiply(huge).multiply(huge), net.totalMacs());
        assertTrue(net.summaryText().contains("10,000,000,000,000,000,000,100,000,000,000,000,000,000"), net.summaryText());
    }
}
