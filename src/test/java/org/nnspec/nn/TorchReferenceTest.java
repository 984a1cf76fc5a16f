package org.nnspec.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nnspec.diag.Diagnostics;
import org.nnspec.diag.Span;

/**
 * Differential test against PyTorch: {@code src/test/python/nn_reference.py} built the same
 * layer sequences as torch modules and recorded each output shape, parameter count, parameter
 * tensors (state_dict names and shapes) and (for convolutions, linear layers, attention and Swin's layers) MACs in
 * {@code nn/torch_reference.json}; here the same calls go through {@link NetworkBuilder} and
 * must agree exactly.
 */
class TorchReferenceTest {
    /** The cases whose input's first dimension is not the batch (see the MACs check). */
    private static final Set<String> WHOLE_INPUT = Set.of("unbatched", "sequence_first_attention", "unbatched_conv_pool_3d",
            "unbatched_conv_pool_1d", "decoder_sequence_first", "unbatched_transformer", "transformer_defaults",
            "patch_merging_unbatched");

    private static JsonNode reference() throws Exception {
        try (InputStream in = TorchReferenceTest.class.getResourceAsStream("/nn/torch_reference.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesTorch() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : reference().get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c)));
        }
        return tests.stream();
    }

    @Test
    void referenceCoversEveryCatalogLayer() throws Exception {
        Set<String> covered = new HashSet<>();
        for (JsonNode c : reference().get("cases")) for (JsonNode l : c.get("layers")) covered.add(l.get("type").asText());
        for (LayerType t : LayerCatalog.all()) assertTrue(covered.contains(t.name()), t.name() + " has no PyTorch reference case");
    }

    private static void check(JsonNode c) {
        Diagnostics diags = new Diagnostics();
        NetworkBuilder b = new NetworkBuilder(c.get("name").asText(), Span.NONE, diags);
        List<Dim> in = new ArrayList<>();
        for (JsonNode d : c.get("input")) in.add(Dim.of(d.asLong()));
        b.input(new Shape(in), Span.NONE);
        for (JsonNode l : c.get("layers")) {
            List<Arg> pos = new ArrayList<>();
            for (JsonNode a : l.get("args")) pos.add(Arg.of(value(a)));
            Map<String, Arg> kw = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = l.get("kwargs").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                kw.put(e.getKey(), Arg.of(value(e.getValue())));
            }
            LayerCall call = new LayerCall(l.get("type").asText(), Span.NONE, pos, kw);
            Shape out = b.layer(null, call);
            String what = c.get("name").asText() + ": " + call.type() + " " + l.get("args") + " " + l.get("kwargs");
            assertTrue(diags.all().isEmpty(), what + ": " + diags.all());
            List<Dim> expected = new ArrayList<>();
            for (JsonNode d : l.get("output_shape")) expected.add(Dim.of(d.asLong()));
            assertEquals(new Shape(expected), out, what);
        }
        Network net = b.build();
        for (int i = 0; i < net.layers().size(); i++) {
            JsonNode l = c.get("layers").get(i);
            NetworkLayer mine = net.layers().get(i);
            assertEquals(BigInteger.valueOf(l.get("params").asLong()), mine.params(), mine.name() + " " + mine.description());
            if (l.has("tensors")) {
                // the parameter tensors by their state_dict names, with their shapes
                Map<String, List<BigInteger>> torch = new LinkedHashMap<>(), own = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = l.get("tensors").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    List<BigInteger> shape = new ArrayList<>();
                    for (JsonNode d : e.getValue()) shape.add(d.bigIntegerValue());
                    torch.put(e.getKey(), shape);
                }
                for (LayerContext.ParamTensor t : mine.tensors()) stacked(t, own);
                if (own.remove("upper_layers") != null) {
                    // a recurrent layer's layers 1.. are one tensor of their exact total size in
                    // nnspec (SequenceLayers), not torch's weight_ih_l1, ...: layer 0 is compared
                    torch.keySet().removeIf(name -> !name.matches(".*_l0(_reverse)?"));
                }
                assertEquals(torch, own, mine.name() + " " + mine.description() + ": parameter tensors");
            }
            if (!l.get("macs").isNull()) {
                // the torch hook counts the whole batch it was given; nnspec's MACs are per
                // sample (docs/language.md section 6), the first dimension being the batch,
                // except in the WHOLE_INPUT cases, whose inputs have none there: unbatched
                // (C, H, W), (C, D, H, W) and (C, L), and a sequence-first (L, N, E), which
                // nnspec counts whole, as torch does
                BigInteger torch = BigInteger.valueOf(l.get("macs").asLong());
                // a 1-D input (a cell's (input_size,)) has no batch at all: its counts are whole
                boolean oneDimensional = c.get("input").size() == 1;
                boolean whole = WHOLE_INPUT.contains(c.get("name").asText()) || oneDimensional;
                if (!oneDimensional) assertEquals(whole, net.countsWholeInput(), c.get("name").asText());
                BigInteger batch = whole ? BigInteger.ONE : BigInteger.valueOf(c.get("input").get(0).asLong());
                assertEquals(torch.divide(batch), mine.macs(), mine.name() + " MACs (torch " + torch + " for a batch of " + batch + ")");
                assertEquals(BigInteger.ZERO, torch.mod(batch), mine.name() + ": torch's count is a multiple of the batch");
            }
        }
    }

    /** A stack of layers 1 to n ({@code encoder.layers.1-5.linear1.weight} of shape (5, ff, d)) as torch's n tensors. */
    private static void stacked(LayerContext.ParamTensor t, Map<String, List<BigInteger>> into) {
        List<String> names = TorchNames.of(t.name());
        if (names.equals(List.of(t.name()))) {
            into.put(t.name(), t.shape());
            return;
        }
        assertEquals(BigInteger.valueOf(names.size()), t.shape().get(0), t.name() + ": a stack of " + names.size() + " layers");
        for (String name : names) into.put(name, t.shape().subList(1, t.shape().size()));
    }

    private static Object value(JsonNode n) {
        if (n.isNull()) return null;
        if (n.isBoolean()) return n.asBoolean();
        if (n.isIntegralNumber()) return n.bigIntegerValue();
        if (n.isNumber()) return n.asDouble();
        if (n.isTextual()) return n.asText();
        List<Object> out = new ArrayList<>();
        for (JsonNode e : n) out.add(value(e));
        return out;
    }
}
