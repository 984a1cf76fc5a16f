package org.nnspec.cli.repl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nnspec.eval.Builtin;
import org.nnspec.eval.Builtins;
import org.nnspec.nn.LayerCatalog;

/**
 * The texts of {@code :help}: an overview, and per topic a layer's catalog entry, a
 * built-in's signature and doc, or a few lines with an example for a keyword or statement.
 */
final class Help {
    /** Functions the interpreter handles itself rather than through the built-in table. */
    static final Map<String, String> SPECIAL_FUNCTIONS = new LinkedHashMap<>();
    /** The named constants. */
    static final Map<String, String> CONSTANTS = new LinkedHashMap<>();
    private static final Map<String, String> STATEMENTS = new LinkedHashMap<>();

    static {
        SPECIAL_FUNCTIONS.put("grad", "grad(y, x)\n  the derivative of y with respect to x by reverse-mode automatic "
                + "differentiation;\n  x is a sequence element (h[1]), a variable (w) or a matrix variable (W)\n"
                + "  example:  h[1] = 1; h[t] = relu(0.3*h[t-1] + 1); grad(h[3], h[1])   # 0.09");
        CONSTANTS.putAll(org.nnspec.eval.Constants.docs());

        STATEMENTS.put("network", "network Name[(params)] { input SHAPE; layers… }\n"
                + "  defines a network; evaluating its name prints the summary (shapes, params, MACs)\n"
                + "  example:\n    network Tiny {\n      input (N, 3, 32, 32)\n      conv: Conv2d(3, 8, 3, padding=1)\n"
                + "      pool: MaxPool2d(2)\n    }\n    Tiny");
        STATEMENTS.put("block", "block Name(params) { … }\n  a reusable sub-network, used like a layer inside a network\n"
                + "  example:  block ConvReLU(c_in, c_out) { Conv2d(c_in, c_out, 3, padding=1); ReLU() }");
        STATEMENTS.put("input", "input SHAPE\n  the first line of a network body: the shape of what goes in\n"
                + "  example:  input (N, 3, 64, 64)      # N is a symbolic batch size");
        STATEMENTS.put("residual", "residual { body } [shortcut { … }]\n  output = body(x) + shortcut(x); "
                + "the shortcut is the identity when absent, and shapes must match\n"
                + "  example:  residual { Conv2d(64, 64, 3, padding=1); ReLU() }");
        STATEMENTS.put("shortcut", "shortcut { … }\n  the other path of a residual (see :help residual)\n"
                + "  example:  residual { Conv2d(64, 128, 3, stride=2, padding=1) } shortcut { Conv2d(64, 128, 1, stride=2) }");
        STATEMENTS.put("concat", "concat(dim=1) { branch { … } branch { … } }\n  runs the branches on the same input "
                + "and concatenates their outputs along dim");
        STATEMENTS.put("add", "add { branch { … } branch { … } }\n  the elementwise sum of the branches' outputs, "
                + "broadcasting as PyTorch does; an empty branch is the identity\n"
                + "  example:  add { branch { } branch { pos_embedding: Parameter(1, 197, 768) } }");
        STATEMENTS.put("multiply", "multiply { branch { … } branch { … } }\n  the elementwise product of the branches' outputs, "
                + "broadcasting (squeeze-and-excitation, SwiGLU, layer scale)\n"
                + "  example:  multiply { branch { } branch { AdaptiveAvgPool2d(1); Conv2d(64, 16, 1); ReLU(); Conv2d(16, 64, 1); Sigmoid() } }");
        STATEMENTS.put("experts", "experts(count=8, active=2) { one expert }\n  a sparse mixture of experts: a router gate: "
                + "Linear(d, count, bias=False), then the expert, counted count times in parameters and active times in MACs\n"
                + "  example:  moe: experts(count=8, active=2) { w1: Linear(4096, 14336, bias=false); SiLU(); w2: Linear(14336, 4096, bias=false) }");
        STATEMENTS.put("branch", "[name:] branch { … }\n  one path of a concat, add or multiply (see :help concat, :help add)");
        STATEMENTS.put("repeat", "[name:] repeat n { … }\n  repeats the layers n times inside a network (repeat 0 is fine); "
                + "iterations are named 0, 1, … (name.0, name.1, … when labelled)\n"
                + "  example:  repeat 3 { Linear(64, 64); ReLU() }");
        STATEMENTS.put("for", "for x in LIST { … }\n  runs the body once per item of a list, a 1×n matrix or range(a, b);\n"
                + "  opens no new scope\n  example:  for w in [0.3, 3] { print w, w^2 }");
        STATEMENTS.put("in", STATEMENTS.get("for"));
        STATEMENTS.put("if", "if cond { … } else { … }\n  runs one of the bodies (also inside networks and blocks)\n"
                + "  example:  if 3 > 2 { print \"yes\" } else { print \"no\" }");
        STATEMENTS.put("else", STATEMENTS.get("if"));
        STATEMENTS.put("print", "print expr, …\n  prints the values separated by spaces, without labels\n"
                + "  example:  print \"area\", 3*4");
        STATEMENTS.put("explain", "explain expr\n  prints the value and the work that produced it "
                + "(:explain on does this for every result)\n  example:  explain softmax([1 2 3])");
        STATEMENTS.put("import", "import \"file.nnspec\"\n  runs another file once (in the session, paths are "
                + "relative to the current directory)\n  example:  import \"layers.nnspec\"");
        for (String op : List.of("and", "or", "not")) {
            STATEMENTS.put(op, op + ": boolean operator (loosest first: or, and, not, comparisons)\n"
                    + "  example:  2 < 3 and not (1 == 2)");
        }
        STATEMENTS.put("true", "true, false: the boolean values");
        STATEMENTS.put("false", STATEMENTS.get("true"));
        STATEMENTS.put("=", "name = expr binds a value; seq[0] = expr and seq[t] = expr define a sequence\n"
                + "  example:  h[0] = 1\n            h[t] = 0.5 * h[t-1]\n            h[10]");
    }

    private Help() {}

    static String overview() {
        return String.join("\n",
                "Type a statement and press Enter: its result is printed at once, and names stay defined.",
                "  W = [1 2; 3 4]                 bind a name (an input ends at the line's end unless",
                "  softmax(W)                     a bracket is open or the line ends with an operator)",
                "  print a, b   explain expr      print plainly / show the work",
                "  network Name { … }             define a network; evaluate Name for its summary",
                "  h[0] = 1   h[t] = 0.5*h[t-1]   a sequence;  grad(h[3], h[0]) differentiates",
                "Commands:",
                "  :help [topic]       this text, or a layer (:help Conv2d), a built-in (:help softmax),",
                "                      a keyword (:help network)",
                "  :load FILE          run a file into the session",
                "  :vars               the names defined so far",
                "  :reset              forget every definition",
                "  :explain on|off     show the work behind every result",
                "  :format text|json   how results are printed",
                "  :quit               leave (also :q, :exit, or Ctrl-D on an empty line)",
                "Tab completes keywords, built-ins, layers and your names; Up/Down recall earlier inputs;",
                "Ctrl-C cancels the input being typed. Layers: nnspec layers, or :help layers.");
    }

    /** The help text for {@code topic}, or null when there is none. */
    static String topic(String topic) {
        if (topic.equals("layers")) return LayerCatalog.listing().stripTrailing();
        if (topic.equals("builtins") || topic.equals("functions")) return builtins();
        if (LayerCatalog.has(topic)) return LayerCatalog.entry(topic).stripTrailing();
        Builtin b = Builtins.get(topic);
        if (b != null) return b.signature() + "\n  " + b.doc();
        if (SPECIAL_FUNCTIONS.containsKey(topic)) return SPECIAL_FUNCTIONS.get(topic);
        if (CONSTANTS.containsKey(topic)) return CONSTANTS.get(topic);
        String t = topic.startsWith(":") ? topic.substring(1) : topic;
        if (MetaCommands.NAMES.contains(t)) return MetaCommands.usage(t);
        return STATEMENTS.get(topic);
    }

    /** Topics close to {@code topic} (case-insensitive match or prefix), for "did you mean". */
    static List<String> near(String topic) {
        List<String> out = new ArrayList<>();
        String low = topic.toLowerCase(java.util.Locale.ROOT);
        for (String name : allTopics()) {
            String n = name.toLowerCase(java.util.Locale.ROOT);
            if (n.equals(low) || (low.length() >= 3 && n.startsWith(low))) out.add(name);
        }
        return out;
    }

    static List<String> allTopics() {
        List<String> all = new ArrayList<>();
        LayerCatalog.all().forEach(t -> all.add(t.name()));
        all.addAll(Builtins.all().keySet());
        all.addAll(SPECIAL_FUNCTIONS.keySet());
        all.addAll(CONSTANTS.keySet());
        all.addAll(STATEMENTS.keySet());
        all.add("layers");
        all.add("builtins");
        return all;
    }

    private static String builtins() {
        StringBuilder sb = new StringBuilder("Built-in functions:");
        for (Builtin b : Builtins.all().values()) sb.append("\n  ").append(b.signature());
        for (String s : SPECIAL_FUNCTIONS.keySet()) sb.append("\n  ").append(SPECIAL_FUNCTIONS.get(s).lines().findFirst().orElse(s));
        sb.append("\nConstants: pi, e.  :help NAME shows one function's doc.");
        return sb.toString();
    }
}
