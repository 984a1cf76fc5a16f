package org.nnspec.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nnspec.ProgramRun;
import org.nnspec.diag.Diagnostics;
import org.nnspec.diag.SourceLoader;
import org.nnspec.eval.ExportSource;
import org.nnspec.eval.Interpreter;
import org.nnspec.eval.Output;
import org.nnspec.eval.OutputFormat;
import org.nnspec.nn.Dim;
import org.nnspec.nn.LayerContext;
import org.nnspec.nn.Network;
import org.nnspec.nn.NetworkLayer;
import org.nnspec.nn.TorchNames;
import org.nnspec.syntax.Parser;

/**
 * {@code nnspec export} (docs/language.md section 15). Every network in examples/, in the
 * held-out files of export/cases/ and in every case of the layer reference
 * (nn/torch_reference.json, which covers the whole catalog) is exported and compared with its committed module under src/test/resources/export/
 * ({@code -Dgolden.update=true} rewrites them: review the diff). PyTorch ran each committed
 * module ({@code src/test/python/export_reference.py}, its answers in
 * export/torch_reference.json): here its parameter count, output shape and parameter names
 * must equal nnspec's summary of the same network.
 */
class ExportTest {
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private static final Path EXPORTS = Path.of("src/test/resources/export");
    private static final Path CASES = Path.of("target/export-cases");
    private static final Pattern NETWORK = Pattern.compile("(?m)^network (\\w+)");

    /** A network to export: the nnspec file, the network's name, and its committed module. */
    private record Target(Path source, String network, Path module) {
        @Override public String toString() { return source + " " + network; }
    }

    private static List<Target> targets() throws Exception {
        List<Target> targets = new ArrayList<>();
        // the examples, and held-out networks written to try the language's corners (loops,
        // conditions, keyword names, ties inside experts, whole reals as sizes, …)
        for (Path folder : List.of(Path.of("examples"), EXPORTS.resolve("cases"))) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(folder)) {
                files = walk.filter(p -> p.toString().endsWith(".nnspec")).sorted().toList();
            }
            String into = folder.equals(EXPORTS.resolve("cases")) ? "cases/" : "examples/";
            for (Path file : files) {
                String stem = folder.relativize(file).toString().replace('\\', '/').replaceAll("\\.nnspec$", "");
                Matcher m = NETWORK.matcher(Files.readString(file));
                while (m.find()) targets.add(new Target(file, m.group(1), EXPORTS.resolve(into + stem + "/" + m.group(1) + ".py")));
            }
        }
        // the layer reference's cases, each a network of its own: every catalog layer exports
        Files.createDirectories(CASES);
        for (JsonNode c : json("/nn/torch_reference.json").get("cases")) {
            String name = c.get("name").asText();
            Path source = CASES.resolve(name + ".nnspec");
            Files.writeString(source, caseSource(c));
            targets.add(new Target(source, name, EXPORTS.resolve("catalog/" + name + ".py")));
        }
        return targets;
    }

    /** A reference case as an nnspec network: its input shape, then its layers in order. */
    private static String caseSource(JsonNode c) {
        StringBuilder sb = new StringBuilder("network " + c.get("name").asText() + " {\n  input " + tuple(c.get("input")) + "\n");
        for (JsonNode l : c.get("layers")) {
            List<String> args = new ArrayList<>();
            for (JsonNode a : l.get("args")) args.add(value(a));
            for (Iterator<Map.Entry<String, JsonNode>> it = l.get("kwargs").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                args.add(e.getKey() + "=" + value(e.getValue()));
            }
            sb.append("  ").append(l.get("type").asText()).append('(').append(String.join(", ", args)).append(")\n");
        }
        return sb.append("}\n").toString();
    }

    private static String tuple(JsonNode items) {
        List<String> out = new ArrayList<>();
        for (JsonNode i : items) out.add(value(i));
        return "(" + String.join(", ", out) + (out.size() == 1 ? ",)" : ")");
    }

    private static String value(JsonNode n) {
        if (n.isNull()) return "None";
        if (n.isBoolean()) return n.asBoolean() ? "true" : "false";
        if (n.isArray()) return tuple(n);
        if (n.isTextual()) return "\"" + n.asText() + "\"";
        return n.asText();
    }

    private static JsonNode json(String resource) throws Exception {
        try (InputStream in = ExportTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            return new ObjectMapper().readTree(in);
        }
    }

    private static ProgramRun nnspec(String... args) {
        return ProgramRun.run("", args);
    }

    @TestFactory
    Stream<DynamicTest> exportsMatchTheCommittedModules() throws Exception {
        return targets().stream().map(t -> DynamicTest.dynamicTest(t.toString(), () -> {
            ProgramRun r = nnspec("export", t.source.toString(), t.network);
            assertEquals(0, r.code(), r.err());
            assertEquals("", r.err());
            if (UPDATE) {
                Files.createDirectories(t.module.getParent());
                Files.writeString(t.module, r.out());
            }
            assertTrue(Files.exists(t.module), t.module + " is missing: run with -Dgolden.update=true");
            assertEquals(Files.readString(t.module), r.out(), t.module + " differs from the export: review, then -Dgolden.update=true");
        }));
    }

    @TestFactory
    Stream<DynamicTest> torchAgreesWithTheSummary() throws Exception {
        Map<String, JsonNode> torch = new HashMap<>();
        for (JsonNode n : json("/export/torch_reference.json").get("networks")) torch.put(n.get("file").asText(), n);
        return targets().stream().map(t -> DynamicTest.dynamicTest(t.toString(), () -> {
            String key = EXPORTS.relativize(t.module).toString().replace('\\', '/');
            JsonNode ref = torch.get(key);
            assertNotNull(ref, key + " has no PyTorch result: regenerate export/torch_reference.json with src/test/python/export_reference.py");
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(t.module)));
            assertEquals(ref.get("sha256").asText(), sha, key + " changed since PyTorch ran it: regenerate export/torch_reference.json");
            Network net = build(t.source, t.network);
            assertEquals(net.totalParams(), ref.get("params").bigIntegerValue(), "parameters");
            if (!ref.get("output_shape").isNull()) {
                List<String> expected = new ArrayList<>();
                for (Dim d : net.output().dims()) {
                    expected.add(d instanceof Dim.Known k ? k.value().toString() : ref.get("sizes").get(d.toString()).asText());
                }
                List<String> actual = new ArrayList<>();
                for (JsonNode d : ref.get("output_shape")) actual.add(d.asText());
                assertEquals(expected, actual, "output shape");
            } else {
                // torch cannot run SyncBatchNorm's forward without a GPU; the script says so
                assertTrue(net.layers().stream().anyMatch(l -> l.type().equals("SyncBatchNorm")), "PyTorch ran no forward pass");
            }
            TreeSet<String> names = new TreeSet<>();
            ref.get("parameter_names").forEach(n -> names.add(n.asText()));
            assertEquals(expectedNames(net, names), names, "parameter names");
        }));
    }

    /**
     * The parameter names nnspec's summary gives: each layer's dotted name and its tensors'
     * (a Parameter's tensor is the layer itself), an expert's for every copy
     * ({@code experts.0} stands for experts.0 … experts.7, at each level of experts), a stack of encoder layers
     * ({@code layers.1-5.linear1.weight}) for each. A recurrent layer's layers 1.. are one
     * tensor in nnspec ({@code upper_layers}); torch's names for them are taken as they are,
     * since TorchReferenceTest compares their sizes.
     */
    private static TreeSet<String> expectedNames(Network net, TreeSet<String> torch) {
        TreeSet<String> names = new TreeSet<>();
        for (NetworkLayer l : net.layers()) {
            for (LayerContext.ParamTensor t : l.tensors()) {
                if (t.name().equals("upper_layers")) {
                    for (String n : torch) if (n.matches(Pattern.quote(l.name()) + "\\.\\w+_l[1-9]\\d*(_reverse)?")) names.add(n);
                    continue;
                }
                for (String tensor : TorchNames.of(t.name())) {
                    String full = tensor.isEmpty() ? l.name() : l.name() + "." + tensor;
                    names.addAll(l.copied() ? copies(net, full) : List.of(full));
                }
            }
        }
        return names;
    }

    /**
     * {@code name} for every copy of each experts level it is inside: {@code experts.0} stands
     * for as many copies as that level's router, {@code gate}, has outputs.
     */
    private static List<String> copies(Network net, String name) {
        return copies(net, "", name);
    }

    /** {@code name}'s copies, after {@code row}: the part of the row's name already expanded, as the row spells it (experts.0). */
    private static List<String> copies(Network net, String row, String name) {
        int at = name.indexOf("experts.0.");
        while (at > 0 && name.charAt(at - 1) != '.') at = name.indexOf("experts.0.", at + 1);
        if (at < 0) return List.of(name);
        String prefix = name.substring(0, at);
        NetworkLayer gate = net.layers().stream().filter(l -> l.name().equals(row + prefix + "gate")).findFirst().orElseThrow();
        int count = ((Dim.Known) gate.output().get(gate.output().rank() - 1)).value().intValueExact();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            for (String rest : copies(net, row + prefix + "experts.0.", name.substring(at + 10))) {
                out.add(prefix + "experts." + i + "." + rest);
            }
        }
        return out;
    }

    private static Network build(Path file, String network) throws Exception {
        Diagnostics diags = new Diagnostics();
        PrintStream nowhere = new PrintStream(java.io.OutputStream.nullOutputStream());
        Output out = OutputFormat.TEXT.output(nowhere, nowhere, new Output.Settings(6, false, 0, org.nnspec.nn.Cost.DType.FP32));
        Interpreter interpreter = new Interpreter(out, diags, SourceLoader::forImport);
        interpreter.run(Parser.parse(SourceLoader.file(file.toString(), file), diags), file);
        Diagnostics built = new Diagnostics();
        ExportSource.NetworkSource source = ExportSource.network(interpreter, network, built);
        assertTrue(!diags.hasErrors() && !built.hasErrors(), file + ": " + diags.all() + built.all());
        return source.built();
    }

    // ---- the command ----------------------------------------------------------------------

    @Test
    void aNetworkWithErrorsIsRefusedWithItsDiagnostics(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.nnspec");
        Files.writeString(file, "network Bad {\n  input (N, 3, 8, 8)\n  Conv2d(4, 8, 3)\n}\n");
        ProgramRun r = nnspec("export", file.toString(), "Bad");
        assertEquals(1, r.code());
        assertEquals("", r.out());
        // the diagnostic the command line gives, located at the convolution (line 3, column 3)
        assertTrue(r.err().contains("bad.nnspec:3:3"), r.err());
        assertTrue(r.err().contains("nnspec: Bad has errors, so nothing was exported"), r.err());
    }

    @Test
    void anUnknownNetworkNamesTheFilesNetworks() {
        ProgramRun r = nnspec("export", "examples/cnn_tour.nnspec", "Nope");
        assertEquals(1, r.code());
        assertEquals("nnspec: examples/cnn_tour.nnspec defines no network named 'Nope'; its networks: Classifier, Tour\n", r.err());
    }

    @Test
    void usageMistakesExitTwo() {
        assertEquals(2, nnspec("export", "examples/cnn_tour.nnspec").code());
        ProgramRun r = nnspec("export", "examples/cnn_tour.nnspec", "Tour", "--to", "onnx");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("nnspec: export writes pytorch, not 'onnx'"), r.err());
        assertEquals(2, nnspec("examples/cnn_tour.nnspec", "-o", "x.py").code());
        assertTrue(nnspec("--help").out().contains("export FILE NETWORK"));
    }

    @Test
    void writesTheModuleToOutput(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path out = dir.resolve("tour.py");
        ProgramRun r = nnspec("export", "examples/cnn_tour.nnspec", "Tour", "--to", "pytorch", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        assertEquals(nnspec("export", "examples/cnn_tour.nnspec", "Tour").out(), Files.readString(out));
    }

    @Test
    void whatPythonCannotSayIsALocatedError(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.nnspec");
        Files.writeString(file, "block B(c) {\n  Linear(c, rows([1; 2]))\n}\nnetwork Net {\n  input (N, 4)\n  B(4)\n}\n");
        ProgramRun r = nnspec("export", file.toString(), "Net");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("m.nnspec:2:13"), r.err());
        assertTrue(r.err().contains("export cannot write rows(…) in Python yet"), r.err());
    }

    @Test
    void aLabelPyTorchModulesHaveIsRefusedWhereItIsWritten(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("l.nnspec");
        Files.writeString(file, "network L {\n  input (N, 4)\n  to: Linear(4, 4)\n}\n");
        ProgramRun r = nnspec("export", file.toString(), "L");
        assertEquals(1, r.code());
        // nn.Module.to is a method: add_module("to", …) would raise; the label is at line 3, column 3
        assertTrue(r.err().contains("l.nnspec:3:3"), r.err());
        assertTrue(r.err().contains("PyTorch's modules have an attribute named to of their own"), r.err());
    }

    @Test
    void anInPlaceLayerWhoseInputIsReadAgainIsNotInPlace(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("i.nnspec");
        Files.writeString(file, "network I {\n  input (N, 4)\n  residual { ReLU(inplace=true); fc: Linear(4, 4) }\n"
                + "  ReLU(inplace=true)\n}\n");
        ProgramRun r = nnspec("export", file.toString(), "I");
        assertEquals(0, r.code(), r.err());
        // the body's first ReLU would change the tensor the shortcut adds; the last one may
        assertTrue(r.out().contains("        self.add_layer(nn.ReLU(inplace=False), to=body)\n"), r.out());
        assertTrue(r.out().contains("        self.add_layer(nn.ReLU(inplace=True))\n"), r.out());
    }
}
