package org.nnspec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nnspec.cli.Main;

/**
 * The model zoo ({@code examples/zoo/}) against independent figures.
 *
 * <p>Differential test against torchvision: {@code src/test/python/zoo_reference.py} ran each
 * torchvision model on a 1×3×224×224 input and recorded its parameterised leaf layers in the
 * order they ran (type, output shape, parameters, MACs) and its totals in
 * {@code zoo/torchvision_reference.json}. The matching {@code .nnspec} file runs through the CLI
 * in-process with {@code --format json}; its summary's layers with parameters, in forward order,
 * must agree one for one (the batch dimension {@code N} standing for torch's 1), and so must
 * the totals and the network's output shape.
 *
 * <p>Published totals: each zoo file's summary must show the sizes in the table of issue 4
 * (torchvision's model documentation; OpenAI's GPT-2 small; Google's BERT-base) or the hand
 * count written beside the row.
 */
class ZooTest {
    private static final String ZOO = "examples/zoo/";

    /** file, network, parameters, MACs per sample (null: not checked). */
    private static final Object[][] PUBLISHED = {
        {"alexnet.nnspec", "AlexNet", 61_100_840L, 714_188_480L},
        {"vgg16.nnspec", "VGG16", 138_357_544L, 15_470_264_320L},
        {"resnet18.nnspec", "ResNet18", 11_689_512L, 1_814_073_344L},
        {"resnet50.nnspec", "ResNet50", 25_557_032L, 4_089_184_256L},
        {"mobilenetv2.nnspec", "MobileNetV2", 3_504_872L, 300_774_272L},
        {"densenet121.nnspec", "DenseNet121", 7_978_856L, 2_834_161_664L},
        {"squeezenet1_0.nnspec", "SqueezeNet1_0", 1_248_424L, 818_924_576L},
        // torchvision's documented parameters; MACs from zoo/torchvision_v2_reference.json (0.39 and 0.22 GFLOPS documented)
        {"efficientnet_b0.nnspec", "EfficientNetB0", 5_288_548L, 385_814_752L},
        {"mobilenet_v3_large.nnspec", "MobileNetV3Large", 5_483_032L, 216_589_760L},
        {"gpt2_small.nnspec", "GPT2Small", 124_439_808L, null},
        {"bert_base.nnspec", "BertBase", 109_482_240L, null},
        // torchvision's documented num_params; MACs from torchvision_v2_reference.json
        {"convnext_tiny.nnspec", "ConvNeXtTiny", 28_589_128L, 4_455_531_264L},
        {"vit_b_16.nnspec", "ViT_B_16", 86_567_656L, 17_563_828_224L},
        {"swin_t.nnspec", "Swin_T", 28_288_354L, 4_490_566_656L},
        // torchvision's documented num_params; MACs from torchvision_v2_reference.json (0.40 and 0.14 GFLOPS documented)
        {"regnet_y_400mf.nnspec", "RegNetY_400MF", 4_344_144L, 401_842_848L},
        {"shufflenet_v2_x1_0.nnspec", "ShuffleNetV2_x1_0", 2_278_604L, 144_907_992L},
        // hand counts: C1 156 + C3 2,416 + C5 48,120 + F6 10,164 + output 850;
        // MACs 28·28·6·25 + 10·10·16·150 + 120·400 + 120·84 + 84·10 = 117,600 + 240,000 + 48,000 + 10,080 + 840
        {"lenet5.nnspec", "LeNet5", 61_706L, 416_520L},
        // 4·512² + 4·512 + 512·2048 + 2048 + 2048·512 + 512 + 4·512, both the written-out layer and PyTorch's
        {"transformer_encoder.nnspec", "TransformerEncoder1", 3_152_384L, null},
        {"transformer_encoder.nnspec", "TorchEncoderLayer", 3_152_384L, null},
        // Hugging Face's LlamaForCausalLM, MistralForCausalLM, MixtralForCausalLM on T = 4096 tokens
        // (E = 4096, H = 32 heads of d = 128, G key/value heads; GroupedQueryAttention counts
        // T·(2·E·H·d + 2·E·G·d) + 2·T²·H·d; every model ends with lm_head 4096·4096·32000 = 536,870,912,000).
        // LLaMA-2-7B (G = 32): params 2·32000·4096 + 4096 + 32·(4·4096² + 3·4096·11008 + 2·4096);
        //   MACs per layer 274,877,906,944 + 137,438,953,472 + mlp 3·4096·4096·11008 = 554,050,781,184
        //   → 966,367,641,600; 32 layers + lm_head = 31,460,635,443,200
        {"llama2_7b.nnspec", "Llama2_7B", 6_738_415_616L, 31_460_635_443_200L},
        // Mistral-7B (G = 8): params 2·32000·4096 + 4096 + 32·(2·4096² + 2·4096·1024 + 3·4096·14336 + 2·4096);
        //   MACs per layer 171,798,691,840 + 137,438,953,472 + mlp 3·4096·4096·14336 = 721,554,505,728
        //   → 1,030,792,151,040; 32 layers + lm_head = 33,522,219,745,280
        {"mistral_7b.nnspec", "Mistral7B", 7_241_732_096L, 33_522_219_745_280L},
        // Mixtral-8x7B: Mistral's attention; block_sparse_moe gate 4096·8 + 8 experts of 3·4096·14336;
        //   MACs per layer 171,798,691,840 + 137,438,953,472 + gate 134,217,728 + 2 active experts
        //   2·721,554,505,728 → 1,752,480,874,496; 32 layers + lm_head = 56,616,258,895,872 (active experts;
        //   all eight: mixtralDenseMacs)
        {"mixtral_8x7b.nnspec", "Mixtral8x7B", 46_702_792_704L, 56_616_258_895_872L},
    };

    @TestFactory
    Stream<DynamicTest> publishedTotals() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Object[] row : PUBLISHED) {
            tests.add(DynamicTest.dynamicTest(row[1] + " in " + row[0], () -> {
                JsonNode s = summary((String) row[0], (String) row[1]);
                assertEquals(BigInteger.valueOf((Long) row[2]), s.get("total_params").bigIntegerValue(), row[1] + " parameters");
                if (row[3] != null) {
                    assertEquals(BigInteger.valueOf((Long) row[3]), s.get("total_macs").bigIntegerValue(), row[1] + " MACs");
                }
            }));
        }
        return tests.stream();
    }

    /**
     * Mixtral-8x7B's MACs with every expert running ({@code dense_macs}) against the 2 of 8 that
     * run per token ({@code total_macs}), by hand, T = 4096: per layer attention 171,798,691,840
     * + 137,438,953,472 and the router 4096·4096·8 = 134,217,728 run either way; one expert is
     * 3·4096·4096·14336 = 721,554,505,728. Dense: 32·(309,371,863,040 + 8·721,554,505,728)
     * + lm_head 536,870,912,000 = 195,154,723,995,648; their difference is 32·6 experts.
     */
    @org.junit.jupiter.api.Test
    void mixtralDenseMacs() throws Exception {
        JsonNode s = summary("mixtral_8x7b.nnspec", "Mixtral8x7B");
        BigInteger expert = BigInteger.valueOf(721_554_505_728L);
        assertEquals(BigInteger.valueOf(56_616_258_895_872L), s.get("total_macs").bigIntegerValue(), "active experts");
        assertEquals(BigInteger.valueOf(195_154_723_995_648L), s.get("dense_macs").bigIntegerValue(), "all experts");
        assertEquals(expert.multiply(BigInteger.valueOf(32 * 6)),
                s.get("dense_macs").bigIntegerValue().subtract(s.get("total_macs").bigIntegerValue()), "6 idle experts in 32 layers");
        int experts = 0;
        for (JsonNode l : s.get("layers")) {
            if (l.get("name").asText().contains(".block_sparse_moe.experts.")) {
                experts++;
                assertEquals(8, l.get("copies").asInt(), l.get("name").asText() + " copies");
                assertEquals(2, l.get("active").asInt(), l.get("name").asText() + " active");
            }
        }
        assertEquals(32 * 4, experts, "w1, act_fn, w3, w2 once per layer for all eight experts");
    }

    @TestFactory
    Stream<DynamicTest> torchvisionLayersInForwardOrder() throws Exception {
        JsonNode ref;
        try (InputStream in = ZooTest.class.getResourceAsStream("/zoo/torchvision_reference.json")) {
            ref = new ObjectMapper().readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode model : ref.get("models")) {
            tests.add(DynamicTest.dynamicTest(model.get("model").asText(), () -> compare(model)));
        }
        return tests.stream();
    }

    private static void compare(JsonNode model) throws Exception {
        String file = model.get("file").asText();
        JsonNode s = summary(file, null);
        List<JsonNode> mine = new ArrayList<>();
        for (JsonNode l : s.get("layers")) if (l.get("params").bigIntegerValue().signum() != 0) mine.add(l);
        JsonNode theirs = model.get("layers");
        int n = Math.min(mine.size(), theirs.size());
        for (int i = 0; i < n; i++) {
            JsonNode a = mine.get(i), t = theirs.get(i);
            String where = file + ": parameterised layer " + (i + 1) + " " + a.get("name").asText() + " (torchvision "
                    + t.get("name").asText() + ")";
            assertEquals(t.get("type").asText(), a.get("type").asText(), where + " type");
            assertEquals(t.get("output_shape").toString(), batchOne(a.get("output_shape")), where + " output shape");
            assertEquals(t.get("params").bigIntegerValue(), a.get("params").bigIntegerValue(), where + " parameters");
            assertEquals(t.get("macs").bigIntegerValue(), a.get("macs").bigIntegerValue(), where + " MACs");
        }
        assertEquals(theirs.size(), mine.size(), file + ": number of layers with parameters");
        assertEquals(model.get("total_params").bigIntegerValue(), s.get("total_params").bigIntegerValue(), file + " total parameters");
        assertEquals(model.get("total_macs").bigIntegerValue(), s.get("total_macs").bigIntegerValue(), file + " total MACs");
        JsonNode layers = s.get("layers");
        assertEquals(model.get("output_shape").toString(), batchOne(layers.get(layers.size() - 1).get("output_shape")), file + " output shape");
    }

    /**
     * The v2 models (issue #23), whose layer names equal torchvision's module names: the
     * models of {@code zoo/torchvision_v2_reference.json} listed here, each compared row by row
     * by name (reference rows are torchvision's parameterised leaf modules, its attention and
     * PatchMerging units, and parameters owned by other modules as {@code Parameter} rows;
     * see {@code zoo_reference.py}).
     */
    private static final List<String> V2_MODELS = List.of(
            "efficientnet_b0",
            "mobilenet_v3_large",
            "convnext_tiny",
            "vit_b_16",
            "swin_t",
            "shufflenet_v2_x1_0"
    );

    /**
     * v2 models whose torchvision names nnspec cannot spell, compared by name after a fixed
     * translation of torchvision's names. RegNet's AnyStage names its blocks {@code block2-1}
     * ({@code add_module(f"block{stage_index}-{i}", …)}); a '-' cannot be part of an nnspec
     * name (docs/language.md section 2), so regnet_y_400mf.nnspec writes {@code block2_1}.
     * Everything else (types, shapes, parameters, MACs, totals, which layers exist) is compared
     * as for {@link #V2_MODELS}.
     */
    private static final java.util.Map<String, java.util.function.UnaryOperator<String>> V2_MODELS_RENAMED = java.util.Map.of(
            "regnet_y_400mf", name -> name.replace('-', '_')
    );

    @TestFactory
    Stream<DynamicTest> torchvisionLayersByName() throws Exception {
        JsonNode ref;
        try (InputStream in = ZooTest.class.getResourceAsStream("/zoo/torchvision_v2_reference.json")) {
            ref = new ObjectMapper().readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode model : ref.get("models")) {
            String name = model.get("model").asText();
            if (V2_MODELS.contains(name)) {
                tests.add(DynamicTest.dynamicTest(name, () -> compareByName(model, n -> n)));
            } else if (V2_MODELS_RENAMED.containsKey(name)) {
                tests.add(DynamicTest.dynamicTest(name + " (names translated)", () -> compareByName(model, V2_MODELS_RENAMED.get(name))));
            }
        }
        assertEquals(V2_MODELS.size() + V2_MODELS_RENAMED.size(), tests.size(), "every listed model has reference data");
        return tests.stream();
    }

    /** Compares by name; {@code rename} maps a torchvision name to the name the .nnspec file uses. */
    private static void compareByName(JsonNode model, java.util.function.UnaryOperator<String> rename) throws Exception {
        String file = model.get("file").asText();
        JsonNode s = summary(file, null);
        java.util.Map<String, JsonNode> mine = new java.util.LinkedHashMap<>();
        for (JsonNode l : s.get("layers")) {
            if (l.get("params").bigIntegerValue().signum() != 0) mine.put(l.get("name").asText(), l);
        }
        List<String> missing = new ArrayList<>();
        for (JsonNode t : model.get("layers")) {
            String name = rename.apply(t.get("name").asText());
            JsonNode a = mine.remove(name);
            if (a == null) {
                missing.add(name);
                continue;
            }
            String where = file + ": " + name;
            assertEquals(t.get("type").asText(), a.get("type").asText(), where + " type");
            assertEquals(t.get("output_shape").toString(), batchOne(a.get("output_shape")), where + " output shape");
            assertEquals(t.get("params").bigIntegerValue(), a.get("params").bigIntegerValue(), where + " parameters");
            assertEquals(t.get("macs").bigIntegerValue(), a.get("macs").bigIntegerValue(), where + " MACs");
        }
        assertEquals(List.of(), missing, file + ": torchvision modules with no layer of that name");
        assertEquals(List.of(), new ArrayList<>(mine.keySet()), file + ": layers with parameters that torchvision does not have");
        assertEquals(model.get("total_params").bigIntegerValue(), s.get("total_params").bigIntegerValue(), file + " total parameters");
        assertEquals(model.get("total_macs").bigIntegerValue(), s.get("total_macs").bigIntegerValue(), file + " total MACs");
        JsonNode layers = s.get("layers");
        assertEquals(model.get("output_shape").toString(), batchOne(layers.get(layers.size() - 1).get("output_shape")), file + " output shape");
    }

    /** The shape as JSON text with the symbolic batch {@code N} as torch's 1. */
    private static String batchOne(JsonNode shape) {
        List<String> dims = new ArrayList<>();
        for (JsonNode d : shape) dims.add(d.isTextual() && d.asText().equals("N") ? "1" : d.toString());
        return "[" + String.join(",", dims) + "]";
    }

    /** Runs {@code file} with {@code --format json}; the summary named {@code name} (null: the only one). */
    private static JsonNode summary(String file, String name) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(new String[] {"--format", "json", ZOO + file}, new ByteArrayInputStream(new byte[0]), o, e, false);
        }
        String errText = err.toString(StandardCharsets.UTF_8);
        if (code != 0 || !errText.isEmpty()) fail(file + " exited with " + code + ":\n" + errText);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> summaries = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) continue;
            JsonNode node = json.readTree(line);
            if ("summary".equals(node.path("kind").asText())) summaries.add(node);
        }
        if (name == null) {
            assertEquals(1, summaries.size(), file + " prints one summary");
            return summaries.get(0);
        }
        for (JsonNode sNode : summaries) if (name.equals(sNode.get("name").asText())) return sNode;
        assertNotNull(null, file + " prints no summary of " + name);
        return null;
    }
}
