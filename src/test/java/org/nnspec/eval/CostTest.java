package org.nnspec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nnspec.ProgramRun;
import org.nnspec.cli.Main;

/**
 * {@code cost} (docs/language.md section 13) against figures from independent sources: the
 * models' published configurations (Hugging Face's config.json for LLaMA-2-7B and Mistral-7B),
 * EleutherAI's "Transformer Math 101" (bytes per parameter of mixed-precision AdamW), the ZeRO
 * paper (Rajbhandari et al. 2020: 2 + 2 + 12 = 16 bytes per parameter), torchvision's
 * ResNet-50 (4.09 GFLOPS, counted as MACs), and small networks worked out by hand here.
 */
class CostTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The {"kind":"cost"} objects the program prints, in order (with --format json). */
    private static List<JsonNode> costs(String program) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(new String[] {"--format", "json", "-"}, new ByteArrayInputStream(program.getBytes(StandardCharsets.UTF_8)), o, e, false);
        }
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        List<JsonNode> found = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) continue;
            JsonNode n = JSON.readTree(line);
            if (n.path("kind").asText().equals("cost")) found.add(n);
        }
        return found;
    }

    /** A zoo file's definitions without the line at its end that prints the summary. */
    private static String zoo(String file) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("examples/zoo/" + file)));
        while (!lines.isEmpty() && (lines.get(lines.size() - 1).isBlank() || lines.get(lines.size() - 1).matches("[A-Za-z0-9_]+"))) {
            lines.remove(lines.size() - 1);
        }
        return String.join("\n", lines) + "\n";
    }

    /** The program's standard output with these arguments; it must succeed. */
    private static String run(String[] args, String program) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, new ByteArrayInputStream(program.getBytes(StandardCharsets.UTF_8)), o, e, false);
        }
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static BigInteger big(JsonNode n, String key) { return n.get(key).bigIntegerValue(); }

    private static BigInteger big(long n) { return BigInteger.valueOf(n); }

    @Test
    void llama2InferenceInBf16() throws IOException {
        JsonNode c = costs(zoo("llama2_7b.nnspec") + "cost(Llama2_7B, batch=1, context=4096, dtype=\"bf16\")\n").get(0);
        // meta-llama/Llama-2-7b-hf: 6,738,415,616 parameters (Hugging Face's num_parameters) · 2 bytes
        assertEquals(new BigInteger("13476831232"), big(c, "weights_bytes"));
        // config.json: 32 layers, 32 key/value heads, head_dim 4096/32 = 128; keys and values
        // 2 · 32 · 32 · 128 · 4096 tokens · 1 sequence · 2 bytes = 2 GiB
        assertEquals(new BigInteger("2147483648"), big(c, "kv_cache_bytes"));
        assertEquals(BigInteger.ZERO, big(c, "gradient_bytes"));
        assertEquals(BigInteger.ZERO, big(c, "optimizer_bytes"));
        assertEquals(BigInteger.ZERO, big(c, "backward_flops"));
        // forward FLOPs 2 · MACs (ZooTest's hand count 31,460,635,443,200 per 4,096-token sequence);
        // per token 2 · 31,460,635,443,200 / 4096 = 15,361,638,400
        assertEquals(new BigInteger("62921270886400"), big(c, "forward_flops"));
        assertEquals(new BigInteger("15361638400"), big(c, "flops_per_token"));
        // inference keeps the largest input and output of one layer: lm_head's input, the final
        // norm's output (4096 · 4096), and its logits (4096 · 32000), 147,849,216 elements · 2 bytes
        assertEquals(big(147_849_216L * 2), big(c, "activation_bytes"));
        // 13,476,831,232 + 295,698,432 + 2,147,483,648
        assertEquals(new BigInteger("15920013312"), big(c, "total_bytes"));
        for (String key : List.of("weights_bytes", "gradient_bytes", "optimizer_bytes", "activation_bytes", "kv_cache_bytes",
                "total_bytes", "forward_flops", "backward_flops", "flops_per_token")) {
            assertTrue(c.has(key), key);
        }
    }

    @Test
    void kvCacheGrowsWithBatchAndContext() throws IOException {
        List<JsonNode> c = costs(zoo("llama2_7b.nnspec")
                + "cost(Llama2_7B, batch=8, context=4096, dtype=\"bf16\")\n"
                + "cost(Llama2_7B, batch=1, context=2048, dtype=\"bf16\")\n"
                + "cost(Llama2_7B, batch=1, context=4096, dtype=\"int4\")\n");
        assertEquals(new BigInteger("2147483648").multiply(big(8)), big(c.get(0), "kv_cache_bytes"));
        assertEquals(new BigInteger("1073741824"), big(c.get(1), "kv_cache_bytes"));
        // int4 weights: half a byte per parameter; the cache stays bf16 (section 13)
        assertEquals(new BigInteger("3369207808"), big(c.get(2), "weights_bytes"));
        assertEquals("bf16", c.get(2).get("kv_dtype").asText());
        assertEquals(new BigInteger("2147483648"), big(c.get(2), "kv_cache_bytes"));
        // and so do the activations (weight-only quantisation computes in 16 bits): lm_head's
        // input and output 147,849,216 elements · 2 bytes, not · ½
        assertEquals(big(147_849_216L * 2), big(c.get(2), "activation_bytes"));
        // 3,369,207,808 + 295,698,432 + 2,147,483,648
        assertEquals(big(5_812_389_888L), big(c.get(2), "total_bytes"));
    }

    @Test
    void mistralGroupedQueryCache() throws IOException {
        JsonNode c = costs(zoo("mistral_7b.nnspec") + "cost(Mistral7B, batch=1, context=4096, dtype=\"bf16\")\n").get(0);
        // mistralai/Mistral-7B-v0.1 config.json: 32 layers, num_key_value_heads 8, head_dim 128:
        // 2 · 32 · 8 · 128 · 4096 · 1 · 2 bytes = 512 MiB, a quarter of LLaMA-2-7B's
        assertEquals(new BigInteger("536870912"), big(c, "kv_cache_bytes"));
        // 7,241,732,096 parameters (ZooTest) · 2 bytes
        assertEquals(new BigInteger("14483464192"), big(c, "weights_bytes"));
    }

    @Test
    void gpt2CacheAtItsOwnContext() throws IOException {
        JsonNode c = costs(zoo("gpt2_small.nnspec") + "cost(GPT2Small, dtype=\"fp16\")\n").get(0);
        // GPT-2 small: 12 layers of 12 heads of 64 (d_model 768), n_ctx 1024: keys and values
        // 2 · 12 · 768 · 1024 · 2 bytes = 36 MiB; its context is n_ctx, written in its input
        assertEquals(big(2L * 12 * 768 * 1024 * 2), big(c, "kv_cache_bytes"));
        assertEquals(1024, c.get("context").asInt());
        // 124,439,808 parameters (OpenAI's released model, the head tied to wte) · 2 bytes
        assertEquals(big(124_439_808L * 2), big(c, "weights_bytes"));
    }

    @Test
    void mixedPrecisionAdamWIsSixteenBytesPerParameter() throws IOException {
        List<JsonNode> c = costs(zoo("llama2_7b.nnspec")
                + "cost(Llama2_7B, batch=1, context=4096, dtype=\"bf16\", training=true, optimizer=\"adamw\")\n"
                + "cost(Llama2_7B, batch=1, context=4096, dtype=\"bf16\", training=true, optimizer=\"sgd\")\n"
                + "cost(Llama2_7B, batch=1, context=4096, training=true, optimizer=\"adam\")\n"
                + "cost(Llama2_7B, batch=1, context=4096, training=true, optimizer=\"sgd\", momentum=0)\n");
        BigInteger params = big(6_738_415_616L);
        // Transformer Math 101 / ZeRO: bf16 weights 2 + bf16 gradients 2 + fp32 master copy 4 + Adam's m and v 4 + 4
        JsonNode adamw = c.get(0);
        assertEquals(params.multiply(big(2)), big(adamw, "weights_bytes"));
        assertEquals(params.multiply(big(2)), big(adamw, "gradient_bytes"));
        assertEquals(params.multiply(big(12)), big(adamw, "optimizer_bytes"));
        assertEquals(params.multiply(big(16)), big(adamw, "weights_bytes").add(big(adamw, "gradient_bytes")).add(big(adamw, "optimizer_bytes")));
        assertEquals(BigInteger.ZERO, big(adamw, "kv_cache_bytes"));
        assertEquals(big(adamw, "forward_flops").multiply(big(2)), big(adamw, "backward_flops"));
        // SGD with momentum in mixed precision: master copy 4 + momentum 4
        assertEquals(params.multiply(big(8)), big(c.get(1), "optimizer_bytes"));
        // fp32 Adam: weights 4, gradients 4, moments 8: 16 bytes too
        assertEquals(params.multiply(big(4)), big(c.get(2), "gradient_bytes"));
        assertEquals(params.multiply(big(8)), big(c.get(2), "optimizer_bytes"));
        // fp32 SGD without momentum keeps nothing
        assertEquals(BigInteger.ZERO, big(c.get(3), "optimizer_bytes"));
    }

    @Test
    void resnet50Flops() throws IOException {
        List<JsonNode> c = costs(zoo("resnet50.nnspec")
                + "cost(ResNet50)\n"
                + "cost(ResNet50, batch=32, training=true, optimizer=\"sgd\")\n");
        // torchvision: 4.09 GFLOPS per 224×224 image, which are 4,089,184,256 MACs; a FLOP is half a MAC
        assertEquals(big(2L * 4_089_184_256L), big(c.get(0), "forward_flops"));
        assertEquals(big(2L * 4_089_184_256L * 32), big(c.get(1), "forward_flops"));
        assertEquals(big(4L * 4_089_184_256L * 32), big(c.get(1), "backward_flops"));
        assertTrue(c.get(0).get("flops_per_token").isNull());
        // fp32 SGD with momentum: weights 4, gradients 4, momentum 4 per parameter (25,557,032)
        assertEquals(big(25_557_032L * 4), big(c.get(1), "optimizer_bytes"));
        // saved activations: 21,276,672 elements per sample. The stem's max pooling keeps its
        // input and its indices, and its output 64 · 56 · 56 = 200,704 is kept besides, since
        // layer1's first conv1 and downsample read it (counting it as the indices lost it:
        // 21,075,968 + 200,704 = 21,276,672); · 32 samples · 4 bytes = 2,723,414,016
        assertEquals(big(21_276_672L * 32 * 4), big(c.get(1), "activation_bytes"));
        // 3 · 102,228,128 (weights, gradients, momentum) + 2,723,414,016
        assertEquals(big(3L * 102_228_128L + 2_723_414_016L), big(c.get(1), "total_bytes"));
    }

    /** Max pooling's backward reads its input and the indices; the next layer reads its output besides. */
    @Test
    void maxPoolIndicesAreNotItsOutput() throws IOException {
        JsonNode c = costs("""
                network MP {
                  input (N, 1, 4, 4)
                  pool: MaxPool2d(2)
                  Flatten()
                  fc: Linear(4, 1)
                }
                cost(MP, training=true, layers=true)
                """).get(0);
        // pool: input 1·4·4 = 16, indices 1·2·2 = 4; fc reads the pooled output through the
        // Flatten view, 4 more: 24 elements · 4 bytes = 96
        assertEquals(big(24 * 4), big(c, "activation_bytes"));
        JsonNode rows = c.get("layers");
        assertEquals(big((16 + 4) * 4), rows.get(0).get("activation_bytes").bigIntegerValue());
        assertEquals(BigInteger.ZERO, rows.get(1).get("activation_bytes").bigIntegerValue());
        assertEquals(big(4 * 4), rows.get(2).get("activation_bytes").bigIntegerValue());
    }

    /** A merge's output inside experts exists once per active expert, like the layers' outputs. */
    @Test
    void mergeInsideExpertsCountsPerActiveExpert() throws IOException {
        JsonNode c = costs("""
                network Moe {
                  input (N, 8)
                  moe: experts(count=4, active=2) {
                    multiply {
                      branch { w1: Linear(8, 16, bias=false) }
                      branch { w3: Linear(8, 16, bias=false) }
                    }
                    w2: Linear(16, 8, bias=false)
                  }
                }
                cost(Moe, training=true, layers=true)
                """).get(0);
        // gate reads the input (8); w1 and w3 share it; the product reads w1's and w3's outputs,
        // 16 each, × 2 active; w2 reads the product, 16 × 2 active:
        // 8 + 2·16·2 + 16·2 = 104 elements · 4 bytes = 416
        assertEquals(big(104 * 4), big(c, "activation_bytes"));
        JsonNode rows = c.get("layers");
        assertEquals(big(8 * 4), rows.get(0).get("activation_bytes").bigIntegerValue()); // gate
        assertEquals(big(16 * 2 * 4), rows.get(1).get("activation_bytes").bigIntegerValue()); // w1's output, kept for the product
        assertEquals(big(16 * 2 * 4), rows.get(2).get("activation_bytes").bigIntegerValue()); // w3's
        assertEquals(big(16 * 2 * 4), rows.get(3).get("activation_bytes").bigIntegerValue()); // w2: the product, 2 active
    }

    @Test
    void mixtralTrainingCountsTheExpertsProducts() throws IOException {
        JsonNode c = costs(zoo("mixtral_8x7b.nnspec") + "cost(Mixtral8x7B, context=1024, dtype=\"bf16\", training=true)\n").get(0);
        // each of 32 layers' experts multiplies act(w1 x) by w3 x, 14,336 per token, and w2 reads
        // the product once per active expert (2): 32 · 1,024 · 14,336 · (2 − 1) = 469,762,048
        // elements were missing from 5,242,881,024, giving 5,712,643,072; · 2 bytes = 11,425,286,144
        assertEquals(big(5_712_643_072L * 2), big(c, "activation_bytes"));
    }

    /** A network without parameters: the zeros have their formulas, not placeholders' text. */
    @Test
    void zeroParametersPrintPlainly() throws IOException {
        String out = run(new String[] {"-"}, "network Pool {\n  input (N, 4)\n  ReLU()\n}\ncost(Pool)\n");
        // 0 parameters · 4 bytes; ReLU's input 4 and output 4, 8 elements · 4 bytes = 32
        assertTrue(out.contains("  weights = 0 params · 4 B = 0 B\n"), out);
        assertTrue(out.contains("  total = 0 + 0 + 0 + 32 + 0 B = 32 B\n"), out);
        assertTrue(out.contains("  gradients = 0 B (inference)\n"), out);
    }

    /** A tensor only a merge reads, which no layer made, is shown at the first layer that reads it. */
    @Test
    void mergeReadsAddUpPerLayer() throws IOException {
        JsonNode c = costs("""
                network Gate {
                  input (N, 4)
                  multiply {
                    branch { }
                    branch { s: Sigmoid() }
                  }
                }
                cost(Gate, training=true, layers=true)
                """).get(0);
        // Sigmoid keeps its output (4); the product reads the input (4) and Sigmoid's output
        // (counted): 8 elements · 4 bytes = 32, all at s, the input's first reader
        assertEquals(big(8 * 4), big(c, "activation_bytes"));
        assertEquals(big(8 * 4), c.get("layers").get(0).get("activation_bytes").bigIntegerValue());
    }

    /** Inference: a layer's actual input and output, a merge's output being the next layer's input. */
    @Test
    void inferencePairsEachLayerWithItsInput() throws IOException {
        List<JsonNode> c = costs("""
                network Cat {
                  input (N, 4)
                  concat {
                    branch { a: Linear(4, 1000) }
                    branch { b: Linear(4, 10) }
                  }
                  fc: Linear(1010, 2)
                }
                network V {
                  input (N, 2, 8)
                  fc: Linear(8, 8)
                  Flatten()
                }
                cost(Cat)
                cost(V)
                """);
        // fc reads the concatenation, 1,000 + 10 = 1,010, and writes 2: 1,012 elements · 4 = 4,048
        // (a: 4 + 1,000 is smaller; b's output is not a's input)
        assertEquals(big(1012 * 4), big(c.get(0), "activation_bytes"));
        // fc: 16 in + 16 out; Flatten's output is a view of its input, 16: 32 elements · 4 = 128
        assertEquals(big(32 * 4), big(c.get(1), "activation_bytes"));
    }

    /** A small network whose saved activations are counted by hand. */
    @Test
    void savedActivationsByHand() throws IOException {
        String program = """
                network Small {
                  input (N, 8)
                  fc1: Linear(8, 16)
                  act: ReLU()
                  drop: Dropout(0.1)
                  fc2: Linear(16, 4)
                }
                network Gate {
                  input (N, 4, 2, 2)
                  flat: Flatten()
                  residual { fc: Linear(16, 16); act: Sigmoid() }
                  norm: LayerNorm(16)
                  multiply { branch { g: Linear(16, 16) } branch { } }
                  head: Linear(16, 2)
                }
                cost(Small, batch=3, training=true)
                cost(Small, batch=3)
                cost(Gate, batch=2, training=true, layers=true)
                """;
        List<JsonNode> c = costs(program);
        // Small, per sample: fc1 reads its input (8); ReLU keeps its output (16), which fc1's
        // output is not needed beside; dropout keeps its mask (16); fc2 reads dropout's output
        // (16): 56 elements · 3 samples · 4 bytes = 672
        assertEquals(big(56 * 3 * 4), big(c.get(0), "activation_bytes"));
        // inference: the largest input and output of one layer (act: 16 in, 16 out) · 3 · 4 bytes
        assertEquals(big(32 * 3 * 4), big(c.get(1), "activation_bytes"));
        // Gate, per sample: fc reads Flatten's output, a view of the input (16); Sigmoid keeps its
        // output (16); the residual sum is new and the LayerNorm reads it (16); g reads the norm's
        // output (16); the product reads both factors, g's output (16) and the norm's output (already
        // counted); head reads the product (16): 96 elements · 2 · 4 bytes = 768
        JsonNode gate = c.get(2);
        assertEquals(big(96 * 2 * 4), big(gate, "activation_bytes"));
        // the per-layer rows add up to the total: each tensor is counted at the first layer that
        // reads it, and one that only a merge reads (g's output) at the layer that made it
        BigInteger sum = BigInteger.ZERO;
        for (JsonNode row : gate.get("layers")) sum = sum.add(row.get("activation_bytes").bigIntegerValue());
        assertEquals(big(768), sum);
        assertEquals(big(2 * 16 * 2 * 4), gate.get("layers").get(4).get("activation_bytes").bigIntegerValue()); // g: its input and output
        assertEquals(6, gate.get("layers").size());
    }

    /** Every zoo model: the per-layer rows add up to the totals, and the totals to total_bytes. */
    @Test
    void zooRowsAddUp() throws IOException {
        try (var files = Files.list(Path.of("examples/zoo"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".nnspec")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                String net = lines.get(lines.size() - 1).trim();
                JsonNode c = costs(zoo(f.getFileName().toString())
                        + "cost(" + net + ", batch=2, dtype=\"bf16\", training=true, layers=true)\n").get(0);
                BigInteger weights = BigInteger.ZERO, saved = BigInteger.ZERO, flops = BigInteger.ZERO;
                for (JsonNode row : c.get("layers")) {
                    weights = weights.add(row.get("weights_bytes").bigIntegerValue());
                    saved = saved.add(row.get("activation_bytes").bigIntegerValue());
                    flops = flops.add(row.get("forward_flops").bigIntegerValue());
                }
                assertEquals(big(c, "weights_bytes"), weights, net + " weights");
                assertEquals(big(c, "activation_bytes"), saved, net + " saved activations");
                assertEquals(big(c, "forward_flops"), flops, net + " forward FLOPs");
                assertEquals(big(c, "weights_bytes").add(big(c, "gradient_bytes")).add(big(c, "optimizer_bytes"))
                        .add(big(c, "activation_bytes")).add(big(c, "kv_cache_bytes")), big(c, "total_bytes"), net + " total");
                // bf16 mixed-precision AdamW: 16 bytes per parameter before activations
                assertEquals(big(c, "params").multiply(big(16)),
                        big(c, "weights_bytes").add(big(c, "gradient_bytes")).add(big(c, "optimizer_bytes")), net + " AdamW");
            }
        }
    }

    @Test
    void contextBindsTheSequenceDimension() throws IOException {
        String program = """
                network Toy {
                  input (N, T)
                  wte: Embedding(100, 16)
                  attn: GroupedQueryAttention(16, 4, 2)
                }
                cost(Toy, batch=2, context=8)
                """;
        JsonNode c = costs(program).get(0);
        // KV cache: 2 · 1 layer · 2 kv heads · head_dim 4 · 8 positions · 2 sequences · 4 bytes
        assertEquals(big(2 * 2 * 4 * 8 * 2 * 4), big(c, "kv_cache_bytes"));
        // MACs per sequence: 8·(2·16·16 + 2·16·8) projections + 2·8·8·16 scores and sums = 8,192
        assertEquals(big(2L * 8192 * 2), big(c, "forward_flops"));
        assertEquals(big(2L * 8192 * 2 / 16), big(c, "flops_per_token"));
    }

    @Test
    void summaryBytesFollowDtype() {
        String program = "network A {\n  input (N, 3)\n  fc: Linear(3, 5)\n}\nA\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(new String[] {"--dtype", "bf16", "-"}, new ByteArrayInputStream(program.getBytes(StandardCharsets.UTF_8)), o, e, false);
        }
        assertEquals(0, code);
        // 3·5 + 5 = 20 parameters · 2 bytes; 5 outputs per sample · 2 bytes
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("activations per sample 10 bytes · parameters 40 bytes (bf16)"), out.toString());
        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err2, true, StandardCharsets.UTF_8)) {
            code = Main.run(new String[] {"--dtype", "bf17", "-"}, new ByteArrayInputStream(program.getBytes(StandardCharsets.UTF_8)), o, e, false);
        }
        assertEquals(2, code);
        assertTrue(err2.toString(StandardCharsets.UTF_8).contains("'bf17' is not a dtype"), err2.toString());
    }

    /**
     * Random calls of cost, well-formed and not, on networks with symbolic sizes, merges,
     * experts and errors: each ends in results or located diagnostics, never a Java exception.
     */
    @Test
    void randomCallsNeverCrash() {
        String nets = """
                network Seq(d=16) {
                  input (N, T)
                  wte: Embedding(50, d)
                  attn: GroupedQueryAttention(d, 4, 2)
                  experts(count=4, active=2) { Linear(d, d) }
                  multiply { branch { g: Linear(d, d); SiLU() } branch { } }
                  head: Linear(d, 50)
                }
                network Img {
                  input (N, 3, H, W)
                  conv: Conv2d(3, 8, 3, stride=2)
                  MaxPool2d(2)
                  residual { Conv2d(8, 8, 3, padding=1); BatchNorm2d(8); ReLU() }
                  AdaptiveAvgPool2d(1)
                  Flatten()
                  Dropout(0.5)
                  fc: Linear(8, 10)
                }
                network Enc {
                  input (N, 12, 16)
                  TransformerEncoderLayer(16, 4, 32, batch_first=true)
                  TransformerDecoderLayer(16, 4, 32, batch_first=true)
                }
                network Broken {
                  input (N, 8)
                  Linear(9, 2)
                }
                """;
        String[] targets = {"Seq", "Img", "Enc", "Broken", "Seq(d=8)", "3", "\"Seq\"", "Nope"};
        String[] values = {"1", "0", "-3", "2", "64", "10^120", "2.5", "\"bf16\"", "\"int4\"", "\"fp8\"", "\"x\"", "true",
                "false", "\"sgd\"", "\"adamw\"", "0.9", "[1, 2]", "(N, 3)"};
        String[] names = {"batch", "context", "dtype", "kv_dtype", "training", "optimizer", "momentum", "layers", "H", "W", "T",
                "N", "d", "Q", "net"};
        java.util.Random r = new java.util.Random(24);
        StringBuilder program = new StringBuilder(nets);
        for (int i = 0; i < 300; i++) {
            StringBuilder call = new StringBuilder(r.nextInt(8) == 0 ? "explain " : "").append("cost(")
                    .append(targets[r.nextInt(targets.length)]);
            int n = r.nextInt(5);
            for (int k = 0; k < n; k++) {
                call.append(", ").append(names[r.nextInt(names.length)]).append('=').append(values[r.nextInt(values.length)]);
            }
            call.append(')');
            if (r.nextInt(4) == 0) call.append('.').append(org.nnspec.nn.Cost.FIELDS.get(r.nextInt(9)));
            program.append(call).append('\n');
        }
        ProgramRun run = ProgramRun.of(program.toString());
        assertTrue(run.code() == 0 || run.code() == 1, "exit " + run.code());
        assertTrue(!run.err().contains("Exception") && !run.err().contains("\tat org."), run.err());
        assertTrue(run.out().contains("inference of"), run.out()); // some calls succeed
    }

    /** PyTorch's default sequence-first (T, N, E) costs what the batch-first (N, T, E) does. */
    @Test
    void sequenceFirstEqualsBatchFirst() throws IOException {
        String program = """
                network SeqFirst {
                  input (T, N, 16)
                  attn: MultiheadAttention(16, 4)
                  fc: Linear(16, 16)
                }
                network BatchFirst {
                  input (N, T, 16)
                  attn: MultiheadAttention(16, 4, batch_first=true)
                  fc: Linear(16, 16)
                }
                cost(SeqFirst, batch=3, context=10, training=true)
                cost(BatchFirst, batch=3, context=10, training=true)
                cost(SeqFirst, batch=3, context=1)
                cost(BatchFirst, batch=3, context=1)
                """;
        List<JsonNode> c = costs(program);
        for (int i = 0; i < 4; i += 2) {
            for (String key : List.of("activation_bytes", "kv_cache_bytes", "forward_flops", "backward_flops", "flops_per_token")) {
                assertEquals(c.get(i + 1).get(key), c.get(i).get(key), key);
            }
        }
        // KV cache at context 1: 2 · 1 layer · 4 heads · 4 · 1 · 3 sequences · 4 bytes
        assertEquals(big(2 * 4 * 4 * 3 * 4), big(c.get(2), "kv_cache_bytes"));
    }

    @Test
    void symbolicSequenceWithoutContextIsAnError() {
        ProgramRun r = ProgramRun.of("network GPT {\n  input (N, T)\n  wte: Embedding(100, 16)\n}\ncost(GPT)\n");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("the sequence length T is symbolic; give context="), r.err());
        assertTrue(r.err().contains("5:1"), r.err());
        assertTrue(!r.err().contains("Exception"), r.err());
    }

    /** A network parameter without a default is given by its own name (section 13). */
    @Test
    void requiredNetworkParameterByName() throws IOException {
        JsonNode c = costs("network Q(d) {\n  input (N, d)\n  fc: Linear(d, 2)\n}\ncost(Q, d=4)\n").get(0);
        // Linear(4, 2): 4·2 + 2 = 10 parameters · 4 bytes = 40; its input 4 and output 2, 6 elements · 4 = 24
        assertEquals(big(40), big(c, "weights_bytes"));
        assertEquals(big(24), big(c, "activation_bytes"));
        ProgramRun r = ProgramRun.of("network Q(d) {\n  input (N, d)\n  fc: Linear(d, 2)\n}\ncost(Q)\n");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("Q needs its argument 'd'") && r.err().contains("cost(Q, d=…)"), r.err());
    }

    /** summary(Net) without dtype= follows --dtype; a wrong dtype names summary. */
    @Test
    void summaryDefaultsToTheRunsDtype() {
        String out = run(new String[] {"--dtype", "bf16", "-"}, "network Odd {\n  input (N, 3)\n  fc: Linear(3, 3)\n}\nsummary(Odd)\n");
        // 3·3 + 3 = 12 parameters · 2 bytes = 24; 3 outputs · 2 bytes = 6
        assertTrue(out.contains("activations per sample 6 bytes · parameters 24 bytes (bf16)"), out);
        ProgramRun r = ProgramRun.of("network Odd {\n  input (N, 3)\n  fc: Linear(3, 3)\n}\nsummary(Odd, dtype=\"int2\")\n");
        assertTrue(r.err().contains("unknown dtype \"int2\": summary knows"), r.err());
    }

    /** A network broken whatever is bound reports its error once, at the network, before the batch is checked. */
    @Test
    void brokenNetworkReportsOnce() {
        ProgramRun r = ProgramRun.of("network Br {\n  input (4, 3)\n  fc: Linear(5, 2)\n}\ncost(Br, batch=3)\ncost(Br)\n");
        assertEquals(1, r.code());
        assertEquals(1, r.err().split("error:", -1).length - 1, r.err());
        assertTrue(r.err().contains("Linear expects 5 input features") && r.err().contains(":3:7"), r.err());
        // broken only with the bound size: reported at the first call, quiet at the second
        ProgramRun t = ProgramRun.of("network B2 {\n  input (N, T)\n  e: Embedding(10, 4)\n  fc: Linear(5, 2)\n}\n"
                + "cost(B2, context=8)\ncost(B2, context=8)\n");
        assertEquals(1, t.err().split("error:", -1).length - 1, t.err());
        assertTrue(t.err().contains("with T=8, B2 cannot be built"), t.err());
    }

    @Test
    void sequenceFirstAttentionHintsBatchFirst() {
        ProgramRun r = ProgramRun.of("network TF {\n  input (N, T, 16)\n  a: MultiheadAttention(16, 2)\n}\ncost(TF, context=5)\n");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("batch_first=true"), r.err());
    }

    @Test
    void flopsPerTokenFollowsPrecisionAndNegativeBatchHints() {
        String program = "network P {\n  input (N, T)\n  e: Embedding(10, 4)\n  Flatten()\n  a: Linear(12, 5)\n  b: Linear(5, 1)\n}\n"
                + "cost(P, context=3)\n";
        // MACs per sample at T = 3: 12·5 + 5·1 = 65; forward 130 FLOPs / 3 tokens = 43.33…
        assertTrue(run(new String[] {"--precision", "3", "-"}, program).contains("FLOPs per token = 130 / (1 · 3) = 43.3\n"));
        ProgramRun r = ProgramRun.of(program.replace("cost(P, context=3)", "cost(P, batch=-2, context=3)"));
        assertTrue(r.err().contains("batch must be at least 1, got -2") && r.err().contains("help: batch= is the number of samples"), r.err());
    }

    /** An input that fixes its sequence: the context is its attention's length, and context= is refused. */
    @Test
    void fixedSequenceIsTheContext() throws IOException {
        JsonNode c = costs(zoo("bert_base.nnspec") + "cost(BertBase)\n").get(0);
        // bert-base: 12 layers of 12 heads of 64 at 512 positions, fp32:
        // 2 · 12 · 12 · 64 · 512 · 1 · 4 bytes = 37,748,736
        assertEquals(512, c.get("context").asInt());
        assertEquals(big(2L * 12 * 12 * 64 * 512 * 4), big(c, "kv_cache_bytes"));
        // flops per token: the forward FLOPs over 1 · 512 tokens
        assertEquals(big(c, "forward_flops").divide(big(512)), big(c, "flops_per_token"));
        ProgramRun r = ProgramRun.of(zoo("bert_base.nnspec") + "cost(BertBase, context=128)\n");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("BertBase's input (N, 512) fixes its sequence length at 512"), r.err());
    }

    /** nn.Transformer's cache counts attention modules (2 per decoder layer), and says so. */
    @Test
    void transformerCacheCountsModules() {
        String out = run(new String[] {"-"}, "network TT {\n  input (T, N, 16)\n  t: Transformer(16, 2, 2, 3, 32)\n}\n"
                + "cost(TT, batch=2, context=4)\n");
        // 3 decoder layers, self- and cross-attention each: 6 modules · 2 heads · head_dim 8 · 4
        // positions · 2 sequences, keys and values, 4 bytes = 2 · 6 · 2 · 8 · 4 · 2 · 4 = 6,144
        assertTrue(out.contains("KV cache = 2 · 6 attention modules · 2 kv_heads · 8 · 4 · 2 · 4 B = 6,144 B"), out);
    }
}
