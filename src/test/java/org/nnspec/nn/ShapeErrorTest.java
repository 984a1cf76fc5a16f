package org.nnspec.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nnspec.diag.Diagnostic;
import org.nnspec.diag.Diagnostics;
import org.nnspec.diag.Severity;
import org.nnspec.diag.SourceFile;
import org.nnspec.diag.Span;

/** Each kind of shape and argument error: message, help, place, and that checking goes on. */
class ShapeErrorTest {
    private final Diagnostics diags = new Diagnostics();
    private final SourceFile file = new SourceFile("bad.nnspec", "line\n".repeat(50));

    private NetworkBuilder net(Object... inputDims) {
        NetworkBuilder b = new NetworkBuilder("Bad", Span.NONE, diags);
        b.input(shape(inputDims), Span.NONE);
        return b;
    }

    static Shape shape(Object... dims) {
        List<Dim> out = new ArrayList<>();
        for (Object d : dims) out.add(d instanceof String s ? Dim.symbolic(s) : Dim.of(((Number) d).longValue()));
        return new Shape(out);
    }

    private Span line(int n) { return new Span(file, n, 7, n, 22); }

    private LayerCall at(int lineNo, LayerCall c) { return new LayerCall(c.type(), line(lineNo), c.positional(), c.keywords()); }

    private Diagnostic only() {
        List<Diagnostic> errors = diags.all().stream().filter(d -> d.severity() == Severity.ERROR).toList();
        assertEquals(1, errors.size(), errors.toString());
        return errors.get(0);
    }

    @Test
    void linearInFeaturesMismatchAsInTheLanguageSpec() {
        NetworkBuilder b = net("N", 576);
        Shape out = b.layer("fc", at(9, LayerCall.of("Linear", 512, 10)));
        Diagnostic d = only();
        assertEquals("Linear expects 512 input features, but its input (N, 576) has 576", d.message());
        assertEquals("write Linear(576, 10)", d.help());
        assertEquals(9, d.span().line());
        assertEquals(shape("N", 10), out, "checking goes on with the declared output size");
    }

    @Test
    void independentMistakesAreAllReported() {
        NetworkBuilder b = net("N", 3, 32, 32);
        b.layer("conv", at(2, LayerCall.of("Conv2d", 4, 8, 3)));          // wrong in_channels, output still known
        b.layer("bn", at(3, LayerCall.of("BatchNorm2d", 16)));            // wrong num_features
        b.layer("flat", at(4, LayerCall.of("Flatten")));
        b.layer("fc", at(5, LayerCall.of("Linear", 100, 10)));            // 8·30·30 = 7200 features
        List<Diagnostic> all = diags.all();
        assertEquals(3, all.size(), all.toString());
        assertEquals("Conv2d expects 4 input channels, but its input (N, 3, 32, 32) has 3", all.get(0).message());
        assertEquals("write in_channels=3 (the input has 3 channels at dimension 1)", all.get(0).help());
        assertEquals("BatchNorm2d expects 16 channels, but its input (N, 8, 30, 30) has 8", all.get(1).message());
        assertEquals("write BatchNorm2d(8)", all.get(1).help());
        assertEquals("Linear expects 100 input features, but its input (N, 7200) has 7200", all.get(2).message());
        assertEquals(List.of(2, 3, 5), all.stream().map(d -> d.span().line()).toList());
    }

    @Test
    void wrongRank() {
        NetworkBuilder b = net("N", 576);
        assertNull(b.layer("c", at(4, LayerCall.of("Conv2d", 576, 8, 3))));
        Diagnostic d = only();
        assertEquals("Conv2d expects a 4-D (N, C, H, W) or 3-D (C, H, W) input, but its input (N, 576) is 2-D", d.message());
        assertTrue(d.help().contains("Flatten or Unflatten"), d.help());
        b.layer("fc", LayerCall.of("Linear", 3, 4));
        assertEquals(1, diags.errorCount(), "layers after an unknown shape are not checked again");
    }

    @Test
    void kernelLargerThanInput() {
        net("N", 3, 4, 4).layer("c", at(3, LayerCall.of("Conv2d", 3, 8, 5)));
        Diagnostic d = only();
        assertEquals("Conv2d's window along the height (kernel 5) is larger than the padded input height 4 of input (N, 3, 4, 4)", d.message());
        assertEquals("use a smaller kernel_size or more padding, or remove a downsampling layer before it", d.help());
    }

    @Test
    void symbolicSpatialSizeMustBeKnown() {
        net("N", 3, "H", "W").layer("c", LayerCall.of("Conv2d", 3, 8, 3));
        Diagnostic d = only();
        assertEquals("Conv2d needs the height of its input to be known, but the input (N, 3, H, W) has H there", d.message());
        assertEquals("give H a size in the input shape", d.help());
    }

    @Test
    void flattenOfASymbolicDimension() {
        net("N", "T", 8).layer("f", LayerCall.of("Flatten"));
        assertEquals("Flatten would multiply the symbolic dimension T of its input (N, T, 8)", only().message());
    }

    @Test
    void samePaddingWithStride() {
        net("N", 3, 8, 8).layer("c", LayerCall.of("Conv2d", 3, 8, 3, "stride=", 2, "padding=", "same"));
        Diagnostic d = only();
        assertEquals("Conv2d: padding=\"same\" is not supported for strided convolutions (stride 2)", d.message());
        assertEquals("give the padding explicitly, e.g. padding=1, or use stride=1", d.help());
    }

    @Test
    void poolPaddingMoreThanHalfTheKernel() {
        net("N", 3, 8, 8).layer("p", LayerCall.of("MaxPool2d", 2, "padding=", 2));
        Diagnostic d = only();
        assertEquals("MaxPool2d's padding 2 is more than half its kernel size 2", d.message());
        assertEquals("PyTorch requires padding ≤ kernel_size/2: use padding=1 or a larger kernel", d.help());
    }

    @Test
    void groupsMustDivideChannels() {
        net("N", 6, 8, 8).layer("c", LayerCall.of("Conv2d", 6, 9, 3, "groups=", 2));
        assertEquals("Conv2d's out_channels 9 must be divisible by groups 2", only().message());
    }

    @Test
    void transposedOutputPadding() {
        net("N", 4, 8, 8).layer("t", LayerCall.of("ConvTranspose2d", 4, 4, 3, "stride=", 2, "output_padding=", 2));
        Diagnostic d = only();
        assertEquals("ConvTranspose2d's output_padding 2 must be smaller than either its stride 2 or its dilation 1", d.message());
        assertEquals("use output_padding=1 or less", d.help());
    }

    @Test
    void unflattenProductMismatch() {
        net("N", 576).layer("u", LayerCall.of("Unflatten", 1, new Object[]{4, 12, 11}));
        Diagnostic d = only();
        assertEquals("Unflatten splits dimension 1 of (N, 576) into (4, 12, 11), whose product 528 is not 576", d.message());
        assertEquals("choose sizes whose product is 576", d.help());
    }

    @Test
    void layerNormShapeMismatch() {
        Shape out = net("N", "T", 768).layer("ln", LayerCall.of("LayerNorm", 512));
        Diagnostic d = only();
        assertEquals("LayerNorm expects its input to end with (512,), but its input (N, T, 768) ends with (768,)", d.message());
        assertEquals("write LayerNorm(768)", d.help());
        assertEquals(shape("N", "T", 768), out);
    }

    @Test
    void attentionHeadsMustDivide() {
        net("N", "T", 30).layer("a", LayerCall.of("MultiheadAttention", 30, 4, "batch_first=", true));
        Diagnostic d = only();
        assertEquals("MultiheadAttention's embed_dim 30 must be divisible by num_heads 4", d.message());
        assertEquals("choose num_heads that divides 30", d.help());
    }

    @Test
    void lstmProjectionMustBeSmaller() {
        NetworkBuilder b = net("N", "T", 8);
        LayerCall c = LayerCall.of("LSTM", 8, 4, "batch_first=", true);
        java.util.Map<String, Arg> kw = new java.util.LinkedHashMap<>(c.keywords());
        kw.put("proj_size", new Arg(java.math.BigInteger.valueOf(4), line(7)));
        b.layer("l", new LayerCall("LSTM", line(6), c.positional(), kw));
        Diagnostic d = only();
        assertEquals("LSTM's proj_size 4 must be smaller than its hidden_size 4", d.message());
        assertEquals(7, d.span().line(), "points at the argument");
    }

    @Test
    void residualShapesMustMatch() {
        NetworkBuilder b = net("N", 64, 56, 56);
        b.beginResidual(null, line(3));
        b.layer("conv1", LayerCall.of("Conv2d", 64, 128, 3, "stride=", 2, "padding=", 1));
        Shape out = b.endResidual(line(5));
        Diagnostic d = only();
        assertEquals("residual adds its body's output (N, 128, 28, 28) to its input (N, 64, 56, 56), but the shapes differ", d.message());
        assertEquals("add `shortcut { ... }` with layers that turn (N, 64, 56, 56) into (N, 128, 28, 28) (e.g. a 1×1 Conv2d with the body's stride)", d.help());
        assertEquals(5, d.span().line());
        assertEquals(shape("N", 128, 28, 28), out);
    }

    @Test
    void residualWithAWrongShortcut() {
        NetworkBuilder b = net("N", 64, 56, 56);
        b.beginResidual(null, line(3));
        b.layer("conv1", LayerCall.of("Conv2d", 64, 128, 3, "stride=", 2, "padding=", 1));
        b.beginShortcut(line(5));
        b.layer("down", LayerCall.of("Conv2d", 64, 128, 1));
        b.endResidual(line(7));
        Diagnostic d = only();
        assertEquals("residual adds its body's output (N, 128, 28, 28) to its shortcut's output (N, 128, 56, 56), but the shapes differ", d.message());
        assertEquals("make the shortcut produce (N, 128, 28, 28)", d.help());
    }

    @Test
    void concatOtherDimsMustAgree() {
        NetworkBuilder b = net("N", 16, 28, 28);
        b.beginConcat(null, 1, line(2));
        b.beginBranch(null, line(3));
        b.layer("a", LayerCall.of("Conv2d", 16, 8, 1));
        b.endBranch();
        b.beginBranch(null, line(5));
        b.layer("b", LayerCall.of("Conv2d", 16, 8, 3));
        b.endBranch();
        b.endMerge(line(8));
        Diagnostic d = only();
        assertEquals("concat(dim=1) joins branch 1's output (N, 8, 28, 28) and branch 2's output (N, 8, 26, 26), which differ in dimension 2 (26 vs 28)", d.message());
        assertEquals("all dimensions except dim 1 must agree", d.help());
    }

    @Test
    void tieBetweenIncompatibleShapes() {
        NetworkBuilder b = net("N", "T");
        b.layer("wte", LayerCall.of("Embedding", 100, 32));
        LayerCall head = LayerCall.of("Linear", 32, 99, "bias=", false);
        java.util.Map<String, Arg> kw = new java.util.LinkedHashMap<>(head.keywords());
        kw.put("tie", new Arg("wte", line(4)));
        b.layer("head", new LayerCall("Linear", line(4), head.positional(), kw));
        Diagnostic d = only();
        assertEquals("cannot tie head's weight (99, 32) to wte's weight (100, 32): the shapes differ", d.message());
        assertEquals("tied layers need weights of the same shape", d.help());
    }

    @Test
    void tieToAnUnknownLayer() {
        NetworkBuilder b = net("N", 32);
        b.layer("head", LayerCall.of("Linear", 32, 10, "tie=", "nothing"));
        assertEquals("there is no layer named nothing before head to tie to", only().message());
    }

    @Test
    void bindingErrorsPointAtTheArgument() {
        NetworkBuilder b = net("N", 3, 8, 8);
        java.util.Map<String, Arg> kw = new java.util.LinkedHashMap<>();
        kw.put("kernal_size", new Arg(java.math.BigInteger.valueOf(3), line(12)));
        b.layer("c", new LayerCall("Conv2d", line(11), List.of(Arg.of(java.math.BigInteger.valueOf(3)), Arg.of(java.math.BigInteger.valueOf(8))), kw));
        Diagnostic d = only();
        assertEquals("Conv2d has no argument named kernal_size", d.message());
        assertTrue(d.help().startsWith("did you mean kernel_size? the signature is Conv2d(in_channels, out_channels, kernel_size, stride=1,"), d.help());
        assertEquals(12, d.span().line());
    }

    @Test
    void missingArgument() {
        net("N", 3, 8, 8).layer("c", at(4, LayerCall.of("Conv2d", 3, 8)));
        Diagnostic d = only();
        assertEquals("Conv2d is missing its argument kernel_size", d.message());
        assertEquals(4, d.span().line(), "at the call when the argument is absent");
    }

    @Test
    void wrongTypeAndNonIntegralReal() {
        net("N", 3, 8, 8).layer("c", LayerCall.of("Conv2d", 3, 8, "kernel_size=", true));
        assertEquals("Conv2d's kernel_size must be an integer, got true", only().message());
        Diagnostics d2 = new Diagnostics();
        NetworkBuilder b = new NetworkBuilder("B", Span.NONE, d2);
        b.input(shape("N", 3, 8, 8), Span.NONE);
        b.layer("c", LayerCall.of("Conv2d", 3, 8.5, 3));
        assertEquals("Conv2d's out_channels must be an integer, got 8.5", d2.all().get(0).message());
        assertEquals("write 8 or 9", d2.all().get(0).help());
    }

    @Test
    void integralRealIsAccepted() {
        Shape out = net("N", 3, 8, 8).layer("c", LayerCall.of("Conv2d", 3.0, 8.0, 3.0, "padding=", 1.0));
        assertTrue(diags.all().isEmpty(), diags.all().toString());
        assertEquals(shape("N", 8, 8, 8), out);
    }

    @Test
    void tooManyAndDuplicatedArguments() {
        net("N", 4).layer("l", LayerCall.of("Linear", 4, 4, true, 1, 2, 3));
        assertEquals("Linear takes at most 5 arguments, but 6 were given", only().message());
        Diagnostics d2 = new Diagnostics();
        NetworkBuilder b = new NetworkBuilder("B", Span.NONE, d2);
        b.input(shape("N", 4), Span.NONE);
        b.layer("l", LayerCall.of("Linear", 4, 4, "in_features=", 4));
        assertEquals("Linear got in_features twice (by position and by name)", d2.all().get(0).message());
    }

    @Test
    void unknownLayerAndBadChoice() {
        net("N", 4).layer("l", LayerCall.of("linear", 4, 4));
        Diagnostic d = only();
        assertEquals("unknown layer linear", d.message());
        assertEquals("did you mean Linear?", d.help());
        Diagnostics d2 = new Diagnostics();
        NetworkBuilder b = new NetworkBuilder("B", Span.NONE, d2);
        b.input(shape("N", 4), Span.NONE);
        b.layer("g", LayerCall.of("GELU", "approximate=", "fast"));
        assertEquals("GELU's approximate must be one of \"none\", \"tanh\", got the string \"fast\"", d2.all().get(0).message());
    }

    @Test
    void duplicateNames() {
        NetworkBuilder b = net("N", 4);
        b.layer("fc", LayerCall.of("Linear", 4, 4));
        b.layer("fc", at(3, LayerCall.of("Linear", 4, 4)));
        assertEquals("network Bad already has a layer or block named fc", only().message());
    }

    @Test
    void flooringWarnsWhenInputRowsAreDropped() {
        NetworkBuilder b = net("N", 3, 7, 8);
        b.layer("c", at(2, LayerCall.of("Conv2d", 3, 4, 2, "stride=", 2)));
        Network n = b.build();
        assertTrue(diags.all().isEmpty(), "warnings only come with explain");
        List<Diagnostic> w = n.explainWarnings();
        assertEquals(1, w.size(), w.toString());
        // H: (7 − 1·(2−1) − 1)/2 = 5/2, remainder 1 → the last input row is dropped; W: 6/2 exact
        assertEquals("Conv2d: (7 + 2·0 − 1·(2−1) − 1)/2 = 5/2 is not exact; PyTorch floors it, so the last input row along the height is dropped",
                w.get(0).message());
        assertEquals(Severity.WARNING, w.get(0).severity());
        assertEquals(2, w.get(0).span().line());
        assertTrue(n.explainText().contains("H_out = ⌊(7 + 2·0 − 1·(2−1) − 1)/2⌋ + 1 = ⌊5/2⌋ + 1 = 3"), n.explainText());
    }
}
