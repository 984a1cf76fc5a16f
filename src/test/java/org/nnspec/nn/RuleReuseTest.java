package org.nnspec.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nnspec.diag.Diagnostics;
import org.nnspec.diag.SourceFile;
import org.nnspec.diag.Span;

/**
 * When one call site gives the same type, arguments and input again (a block used in a
 * loop), the builder copies the layer it built there last, and the summary reuses that
 * row's cells. Whatever differs must be worked out afresh. Expected values are hand counts
 * written beside each assertion.
 */
class RuleReuseTest {
    private final Diagnostics diags = new Diagnostics();
    private final SourceFile file = new SourceFile("reuse.nnspec", "block B(c) {\n  Conv2d(c, 8, 3)\n}\n");
    /** One call site, as every use of a block's layer has. */
    private final Span site = new Span(file, 2, 3, 2, 17);

    private static Shape shape(Object... dims) { return ShapeErrorTest.shape(dims); }

    private LayerCall at(Span span, String type, Object... args) {
        LayerCall c = LayerCall.of(type, args);
        return new LayerCall(c.type(), span, c.positional(), c.keywords());
    }

    private NetworkBuilder builder(Shape input) {
        NetworkBuilder b = new NetworkBuilder("Net", Span.NONE, diags);
        b.input(input, Span.NONE);
        return b;
    }

    /** A summary row holding exactly these cells, columns two or more spaces apart. */
    private static void assertRow(String summary, String... cells) {
        String row = " *" + java.util.Arrays.stream(cells).map(java.util.regex.Pattern::quote)
                .collect(java.util.stream.Collectors.joining(" {2,}"));
        assertTrue(summary.lines().anyMatch(line -> line.matches(row)), String.join(" | ", cells) + " in\n" + summary);
    }

    @Test
    void sameSiteWithAnotherInputOrArgumentIsWorkedOutAgain() {
        NetworkBuilder b = builder(shape("N", 8, 32, 32));
        b.layer(null, at(site, "Conv2d", 8, 8, 3, "padding=", 1));   // (N, 8, 32, 32)
        b.layer(null, at(site, "Conv2d", 8, 8, 3, "padding=", 1));   // same arguments and input: reused
        b.layer(null, at(Span.NONE, "MaxPool2d", 2));                // (N, 8, 16, 16)
        b.layer(null, at(site, "Conv2d", 8, 8, 3, "padding=", 1));   // same arguments, new input
        b.layer(null, at(site, "Conv2d", 8, 16, 3, "padding=", 1));  // same input, new argument
        Network net = b.build();
        assertFalse(diags.hasErrors(), diags.all().toString());
        List<NetworkLayer> l = net.layers();
        // 3·3·8·8 weights + 8 biases = 584; MACs 32·32 positions · 8 outputs · 3·3·8 = 589,824
        assertEquals(shape("N", 8, 32, 32), l.get(1).output());
        assertEquals(BigInteger.valueOf(584), l.get(1).params());
        assertEquals(BigInteger.valueOf(589_824), l.get(1).macs());
        assertEquals(BigInteger.valueOf(8 * 32 * 32), l.get(1).activations());
        // on 16×16: 16·16 · 8 · 72 = 147,456 MACs, 2,048 activations
        assertEquals(shape("N", 8, 16, 16), l.get(3).output());
        assertEquals(BigInteger.valueOf(147_456), l.get(3).macs());
        assertEquals(BigInteger.valueOf(8 * 16 * 16), l.get(3).activations());
        // 16 outputs: 3·3·8·16 + 16 = 1,168 parameters, 16·16 · 16 · 72 = 294,912 MACs
        assertEquals(shape("N", 16, 16, 16), l.get(4).output());
        assertEquals(BigInteger.valueOf(1_168), l.get(4).params());
        assertEquals(BigInteger.valueOf(294_912), l.get(4).macs());
        assertEquals(List.of("conv2d_1", "conv2d_2", "maxpool2d_1", "conv2d_3", "conv2d_4"),
                l.stream().map(NetworkLayer::name).toList());
        // 584 + 584 + 584 + 1,168
        assertEquals(BigInteger.valueOf(2_920), net.totalParams());
    }

    @Test
    void sameSiteWithAnotherKeywordIsWorkedOutAgain() {
        NetworkBuilder b = builder(shape("N", 8, 16, 16));
        b.layer(null, at(site, "Conv2d", 8, 8, 3, "padding=", 1)); // 16 + 2 − 3 + 1 = 16
        b.layer(null, at(site, "Conv2d", 8, 8, 3, "padding=", 0)); // same input, 16 − 3 + 1 = 14
        Network net = b.build();
        assertFalse(diags.hasErrors(), diags.all().toString());
        assertEquals(shape("N", 8, 14, 14), net.output());
    }

    @Test
    void summaryRowsOfReusedLayersShowTheirOwnCells() {
        NetworkBuilder b = builder(shape("N", 8, 32, 32));
        b.layer(null, at(site, "Conv2d", 8, 8, 3, "padding=", 1));
        b.layer(null, at(site, "Conv2d", 8, 8, 3, "padding=", 1));  // reused, cells too
        b.layer(null, at(Span.NONE, "MaxPool2d", 2));
        b.layer(null, at(site, "Conv2d", 8, 8, 3, "padding=", 1));  // worked out again on 16×16
        String summary = b.build().summaryText();
        // 3·3·8·8 + 8 = 584 parameters; dense: 8·32·32 = 8,192 inputs and outputs,
        // 8192·8192 + 8192 = 67,117,056; MACs 589,824 on 32×32, 147,456 on 16×16;
        // on 16×16 the dense equivalent is 2048·2048 + 2048 = 4,196,352
        assertRow(summary, "1", "conv2d_1", "Conv2d(8, 8, k=3, s=1, p=1)", "(N, 8, 32, 32)", "3·3·8·8 + 8 = 584",
                "8192·8192 + 8192 = 67,117,056", "589,824");
        assertRow(summary, "2", "conv2d_2", "Conv2d(8, 8, k=3, s=1, p=1)", "(N, 8, 32, 32)", "3·3·8·8 + 8 = 584",
                "8192·8192 + 8192 = 67,117,056", "589,824");
        assertRow(summary, "4", "conv2d_3", "Conv2d(8, 8, k=3, s=1, p=1)", "(N, 8, 16, 16)", "3·3·8·8 + 8 = 584",
                "2048·2048 + 2048 = 4,196,352", "147,456");
    }

    @Test
    void aRowTakesAnEarlierRowsCellsOnlyWhenItsLayerIsRecordedAsACopy() {
        Shape out = shape("N", 2);
        NetworkLayer a = new NetworkLayer("a", "X", "X()", out, out, BigInteger.TWO, "2", null, null, BigInteger.TEN,
                BigInteger.TWO, null, List.of(), List.of(), Span.NONE, null, List.of());
        NetworkLayer b = new NetworkLayer("b", "X", "X()", out, out, BigInteger.TWO, "2", null, null, BigInteger.valueOf(7),
                BigInteger.TWO, null, List.of(), List.of(), Span.NONE, null, List.of());
        // params 2 each; MACs 10 and 7, after the empty dense-equivalent column
        String own = new Network("Net", out, List.of(a, b), out, new int[] {-1, -1}).summaryText();
        assertRow(own, "1", "a", "X()", "(N, 2)", "2", "10");
        assertRow(own, "2", "b", "X()", "(N, 2)", "2", "7");
        // told that b copies a (which the builder only says when their counts are a's), its
        // row shows a's cells: the summary takes the builder's word
        String copied = new Network("Net", out, List.of(a, b), out, new int[] {-1, 0}).summaryText();
        assertRow(copied, "2", "b", "X()", "(N, 2)", "2", "10");
    }

    @Test
    void layersLongAfterTheLastCopyKeepTheirOwnCells() {
        NetworkBuilder b = builder(shape("N", 4));
        b.layer(null, at(site, "Linear", 4, 4), true);
        b.layer(null, at(site, "Linear", 4, 4), true); // a copy of layer 1
        for (int i = 0; i < 100; i++) b.layer(null, LayerCall.of("Linear", 4, 4), false);
        b.layer(null, LayerCall.of("Linear", 4, 8), false);
        String summary = b.build().summaryText();
        // the 103rd layer: 4·8 + 8 = 40 parameters, 4·8 = 32 MACs, output (N, 8)
        assertRow(summary, "103", "linear_103", "Linear(4, 8)", "(N, 8)", "4·8 + 8 = 40", "32");
    }

    /** Linear(4, 4) twice at one call site, which may or may not be reached again. */
    private Network twoLinears(boolean mayRepeat) {
        NetworkBuilder b = builder(shape("N", 4));
        b.layer(null, at(site, "Linear", 4, 4), mayRepeat);
        b.layer(null, at(site, "Linear", 4, 4), mayRepeat);
        return b.build();
    }

    @Test
    void onlyASiteThatMayRepeatIsKept() {
        Network once = twoLinears(false);
        assertFalse(once.hasCopies());
        assertNotSame(once.layers().get(0).tensors(), once.layers().get(1).tensors());
        Network twice = twoLinears(true);
        assertTrue(twice.hasCopies());
        assertSame(twice.layers().get(0).tensors(), twice.layers().get(1).tensors());
        // either way: 4·4 + 4 = 20 parameters a layer
        assertEquals(once.summaryText(), twice.summaryText());
        assertEquals(BigInteger.valueOf(40), twice.totalParams());
    }

    @Test
    void callsWithoutAPositionDifferByType() {
        NetworkBuilder b = builder(shape("N", 4));
        b.layer(null, LayerCall.of("ReLU"));
        b.layer(null, LayerCall.of("Sigmoid"));
        b.layer(null, LayerCall.of("Linear", 4, 2));
        b.layer(null, LayerCall.of("Linear", 2, 2));
        Network net = b.build();
        assertFalse(diags.hasErrors(), diags.all().toString());
        assertEquals(List.of("ReLU", "Sigmoid", "Linear", "Linear"), net.layers().stream().map(NetworkLayer::type).toList());
        // 4·2 + 2 = 10, then 2·2 + 2 = 6
        assertEquals(BigInteger.valueOf(10), net.layers().get(2).params());
        assertEquals(BigInteger.valueOf(6), net.layers().get(3).params());
    }

    @Test
    void aReusedLayerKeepsItsWarning() {
        NetworkBuilder b = builder(shape("N", 1, 5, 5));
        // each branch starts from (N, 1, 5, 5); (5 − 2)/2 = 3/2 is not exact, so PyTorch drops
        // the last row and column: both uses warn, once per spatial axis
        b.beginConcat(null, 1, Span.NONE);
        b.beginBranch(Span.NONE);
        b.layer(null, at(site, "MaxPool2d", 2));
        b.endBranch();
        b.beginBranch(Span.NONE);
        b.layer(null, at(site, "MaxPool2d", 2));
        b.endBranch();
        b.endConcat(Span.NONE);
        Network net = b.build();
        assertFalse(diags.hasErrors(), diags.all().toString());
        assertEquals(shape("N", 2, 2, 2), net.output());
        for (NetworkLayer pool : net.layers()) {
            List<String> messages = pool.warnings().stream().map(org.nnspec.diag.Diagnostic::message).toList();
            assertEquals(2, messages.size(), messages.toString());
            for (String m : messages) assertTrue(m.contains("= 3/2 is not exact; PyTorch floors it"), m);
        }
    }

    @Test
    void aResultWithAnErrorIsNotReused() {
        NetworkBuilder b = builder(shape("N", 3, 8, 8));
        // Conv2d(4, …) on 3 channels: reported, checking goes on with the declared 4
        b.layer(null, at(site, "Conv2d", 4, 4, 1));
        b.layer(null, at(Span.NONE, "Conv2d", 4, 3, 1));
        b.layer(null, at(site, "Conv2d", 4, 4, 1));
        b.build();
        assertEquals(2, diags.errorCount(), diags.all().toString());
    }
}
