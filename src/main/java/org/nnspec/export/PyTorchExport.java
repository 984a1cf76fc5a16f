package org.nnspec.export;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nnspec.ast.Expr;
import org.nnspec.ast.Stmt;
import org.nnspec.diag.NnspecException;
import org.nnspec.diag.Span;
import org.nnspec.eval.ExportSource;
import org.nnspec.eval.Scope;
import org.nnspec.nn.LayerCatalog;
import org.nnspec.nn.Network;
import org.nnspec.nn.NetworkLayer;
import org.nnspec.render.Numbers;

/**
 * Writes a network as a PyTorch module (docs/language.md section 15): one class per block, with
 * the block's parameters as its constructor's, and one for the network. A class's constructor
 * is the body translated statement by statement (local names, {@code for}, {@code if} and the
 * layers' arguments become the same Python), so the module builds the same layers for any
 * arguments, named as nnspec names them; the layers' order is the forward order.
 */
public final class PyTorchExport {
    /** Names the generated code defines or uses, which a file's names must not take. */
    private static final Set<String> RESERVED = Set.of(
            "self", "nn", "torch", "math", "_", "super", "range", "len", "max", "min", "round", "abs", "sum", "getattr",
            "str", "int", "float", "bool", "list", "tuple", "dict", "set", "print", "isinstance", "zip", "enumerate", "type",
            "object", "sorted", "reversed", "map", "filter", "any", "all", "iter", "next", "hasattr", "setattr", "__class__");

    /**
     * The attributes of torch's nn.Module (torch 1.13 to 2.5) and of Steps: a layer named so
     * could not be registered (names that start with "__" are refused as a whole).
     */
    private static final Set<String> MODULE_ATTRIBUTES = Set.of(
            "T_destination", "add_module", "apply", "bfloat16", "buffers", "call_super_init", "children", "compile", "cpu",
            "cuda", "double", "dump_patches", "eval", "extra_repr", "float", "forward", "get_buffer", "get_extra_state",
            "get_parameter", "get_submodule", "half", "ipu", "load_state_dict", "modules", "mtia", "named_buffers",
            "named_children", "named_modules", "named_parameters", "parameters", "register_backward_hook",
            "register_buffer", "register_forward_hook", "register_forward_pre_hook", "register_full_backward_hook",
            "register_full_backward_pre_hook", "register_load_state_dict_post_hook", "register_load_state_dict_pre_hook",
            "register_module", "register_parameter", "register_state_dict_post_hook", "register_state_dict_pre_hook",
            "requires_grad_", "set_extra_state", "set_submodule", "share_memory", "state_dict", "to", "to_empty", "train",
            "training", "type", "xpu", "zero_grad",
            "_apply", "_buffers", "_call_impl", "_modules", "_parameters", "_version", "_backward_hooks", "_forward_hooks",
            "_forward_pre_hooks", "_state_dict_hooks", "_load_state_dict_pre_hooks", "_non_persistent_buffers_set",
            "add_layer", "add_step", "add_group", "add_parameter", "input_shape", "_steps", "_next_name");

    /** nnspec's scalar functions that Python's math module has. */
    private static final Map<String, String> MATH = Map.of("floor", "math.floor", "ceil", "math.ceil", "sqrt", "math.sqrt",
            "exp", "math.exp", "ln", "math.log", "log", "math.log", "log2", "math.log2", "log10", "math.log10");

    /** Functions whose result is a float in Python. */
    private static final Set<String> FLOAT_FUNCTIONS = Set.of("sqrt", "exp", "ln", "log", "log2", "log10");

    private final ExportSource.NetworkSource source;
    private final String fileLabel;
    private final String version;
    private final PyTorchLayers layers = new PyTorchLayers();
    /** Blocks by nnspec name, in the order their classes are written (a block before its users). */
    private final Map<String, ExportSource.Block> blocks = new LinkedHashMap<>();
    private final Map<String, String> classNames = new HashMap<>();
    private final Map<String, ClassWriter> writers = new LinkedHashMap<>();
    private ClassWriter networkWriter;
    /** File-level values the bodies read, by nnspec name: their Python names and values. */
    private final Map<String, String> constantNames = new LinkedHashMap<>();
    private final Map<String, Object> constantValues = new LinkedHashMap<>();
    private boolean usesMath;
    /** Whether a layer names one of the input's symbolic sizes (Expand(N, -1, -1)), which the network's forward binds. */
    private boolean usesSizes;

    private PyTorchExport(ExportSource.NetworkSource source, String fileLabel, String version) {
        this.source = source;
        this.fileLabel = fileLabel;
        this.version = version;
    }

    /**
     * The Python module for {@code source}'s network. {@code fileLabel} names the nnspec file in
     * its first comment. Throws a located error for what cannot be written in Python.
     */
    public static String export(ExportSource.NetworkSource source, String fileLabel, String version) {
        return new PyTorchExport(source, fileLabel, version).write();
    }

    private String write() {
        collectBlocks(source.def().params(), source.def().body(), source.closure(), new ArrayList<>());
        for (String block : blocks.keySet()) classNames.put(block, pythonName(block, Set.of()));
        String networkClass = pythonName(source.def().name(), Set.copyOf(classNames.values()));
        // every class's local names first: a file-level name written at the top must differ
        // from each of them, or the local would hide it
        for (ExportSource.Block b : blocks.values()) {
            writers.put(b.def().name(), new ClassWriter(b.def().name(), classNames.get(b.def().name()), b.def().params(),
                    b.def().body(), b.closure(), false));
        }
        networkWriter = new ClassWriter(source.def().name(), networkClass, source.def().params(), source.def().body(),
                source.closure(), true);
        List<String> classes = new ArrayList<>();
        for (ClassWriter w : writers.values()) classes.add(w.write());
        classes.add(networkWriter.write());

        Network net = source.built();
        StringBuilder out = new StringBuilder();
        out.append("# ").append(source.def().name()).append(" as a PyTorch module, exported by nnspec ").append(version).append('\n');
        out.append("# from ").append(fileLabel).append(".\n");
        out.append("# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.\n");
        out.append(PythonText.docstring("", summaryLine())).append("\n\n");
        if (usesMath) out.append("import math\n\n");
        out.append("import torch\nfrom torch import nn\n");
        for (String line : layers.imports()) out.append(line).append('\n');
        if (!constantNames.isEmpty()) {
            out.append('\n');
            for (Map.Entry<String, String> c : constantNames.entrySet()) {
                out.append(c.getValue()).append(" = ").append(PythonText.constant(constantValues.get(c.getKey()))).append('\n');
            }
        }
        for (String helper : layers.helpers()) out.append("\n\n").append(Prelude.section(helper));
        for (String c : classes) out.append("\n\n").append(c);
        return out.toString();
    }

    private List<ClassWriter> allWriters() {
        List<ClassWriter> all = new ArrayList<>(writers.values());
        if (networkWriter != null) all.add(networkWriter);
        return all;
    }

    /** The network's summary line: its input, output and parameters. */
    private String summaryLine() {
        Network net = source.built();
        return source.def().name() + ": input " + net.input() + ", output " + net.output() + ", "
                + Numbers.grouped(net.totalParams()) + " parameters.";
    }

    /** The blocks {@code body} uses, directly or through other blocks, each after those it uses. */
    private void collectBlocks(List<Stmt.Param> params, List<Stmt> body, Scope closure, List<String> using) {
        Set<String> bound = Bindings.of(params, body);
        forEachCall(body, call -> {
            if (!(call.callee() instanceof Expr.Name n) || bound.contains(n.name()) || blocks.containsKey(n.name())) return;
            ExportSource.Block b = ExportSource.block(closure, n.name());
            if (b == null || using.contains(n.name())) return;
            using.add(n.name());
            collectBlocks(b.def().params(), b.def().body(), b.closure(), using);
            using.remove(using.size() - 1);
            blocks.putIfAbsent(n.name(), b);
        });
    }

    /** Each layer or block call that {@code body} writes as a statement, nested bodies included. */
    private static void forEachCall(List<Stmt> body, java.util.function.Consumer<Expr.Call> visit) {
        for (Stmt s : body) {
            Expr e = s instanceof Stmt.Layer l ? l.call() : s instanceof Stmt.ExprStmt x ? x.expr() : null;
            if (e instanceof Expr.Call c) visit.accept(c);
            for (List<Stmt> inner : Bindings.bodies(s)) forEachCall(inner, visit);
        }
    }

    /**
     * {@code name} as a Python name: as Python reads it (NFKC: the ligature ﬁ is fi), and with
     * a trailing '_' while it is a keyword, a name the generated code uses, or taken.
     */
    private static String pythonName(String name, Set<String> taken) {
        String p = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFKC);
        while (PythonText.KEYWORDS.contains(p) || RESERVED.contains(p) || Prelude.NAMES.contains(p) || taken.contains(p)) p = p + "_";
        return p;
    }

    /** The Python name of the file-level value {@code name}, recorded to be written at the top. */
    private String constant(String name, Object value) {
        return constantNames.computeIfAbsent(name, n -> {
            constantValues.put(n, value);
            // not a name bound in a class that reads it: there the local would hide it
            Set<String> taken = new LinkedHashSet<>(classNames.values());
            taken.addAll(constantNames.values());
            for (ClassWriter w : allWriters()) if (w.reads(n)) taken.addAll(w.used);
            return pythonName(n, taken);
        });
    }

    /** One class: a block's or the network's. */
    private final class ClassWriter {
        private final String nnspecName;
        private final String className;
        private final List<Stmt.Param> params;
        private final List<Stmt> body;
        private final Scope closure;
        private final boolean network;
        private final Set<String> bound;
        private final Map<String, String> locals = new HashMap<>();
        private final Set<String> used = new LinkedHashSet<>();
        private final Set<String> mentioned;
        /** Layer calls whose input is read again after them (Bindings.readAgain). */
        private final Set<Expr.Call> readsAgain;
        private final Set<String> readFirst;
        private final PythonText.Lines lines = new PythonText.Lines();
        /** Where each labelled composite's group is made, and its variable. */
        private final List<Integer> groupLines = new ArrayList<>();
        private final List<String> groupNames = new ArrayList<>();

        ClassWriter(String nnspecName, String className, List<Stmt.Param> params, List<Stmt> body, Scope closure, boolean network) {
            this.nnspecName = nnspecName;
            this.className = className;
            this.params = params;
            this.body = body;
            this.closure = closure;
            this.network = network;
            this.bound = Bindings.of(params, body);
            Set<String> taken = new LinkedHashSet<>(classNames.values());
            for (String name : bound) {
                String p = pythonName(name, taken);
                taken.add(p);
                locals.put(name, p);
                used.add(p);
            }
            mentioned = Bindings.mentioned(body);
            for (Stmt.Param p : params) if (p.defaultValue() != null) mentioned.addAll(Expr.names(p.defaultValue()));
            readFirst = Bindings.readBeforeAssigned(params, body);
            readsAgain = Bindings.readAgain(body);
        }

        /** Whether this class reads the file's value of {@code name}. */
        boolean reads(String name) {
            return mentioned.contains(name) && (!bound.contains(name) || readFirst.contains(name));
        }

        /** A fresh Python name for a list or group of this class, starting from {@code base}. */
        private String fresh(String base) {
            String name = base;
            for (int i = 2; used.contains(name) || RESERVED.contains(name) || Prelude.NAMES.contains(name)
                    || classNames.containsValue(name) || constantNames.containsValue(name); i++) {
                name = base + i;
            }
            used.add(name);
            return name;
        }

        String write() {
            lines.indent(2);
            if (network) {
                // the summary's input, symbolic sizes as their names: what the module expects
                Stmt.Input input = findInput(body);
                if (input != null) lines.add("self.input_shape = " + expr(input.shape(), true));
            }
            startingValues();
            statements(body, new Frame("self", null));
            if (network) ties();
            // a group whose body added nothing is registered (it takes its name and index) but
            // needs no variable
            for (int i = 0; i < groupLines.size(); i++) lines.dropUnusedVariable(groupLines.get(i), groupNames.get(i));

            StringBuilder sb = new StringBuilder();
            sb.append("class ").append(className).append("(Steps):\n");
            sb.append("    ").append(docstring()).append("\n\n");
            StringBuilder def = new StringBuilder("    def __init__(self");
            for (Stmt.Param p : params) {
                def.append(", ").append(locals.get(p.name()));
                if (p.defaultValue() != null) def.append("=").append(readsParameter(p) ? "None" : expr(p.defaultValue(), false));
            }
            List<String> signature = PythonText.wrap(def.append(")").toString(), PythonText.MAX_LINE - 1); // then ':' 
            for (int i = 0; i < signature.size(); i++) sb.append(signature.get(i)).append(i == signature.size() - 1 ? ":\n" : "\n");
            sb.append("        super().__init__()\n");
            sb.append(lines.text());
            if (network && usesSizes) {
                layers.need("SIZES");
                sb.append("\n    def forward(self, x):\n");
                sb.append("        bind_sizes(self.input_shape, x)\n");
                sb.append("        return super().forward(x)\n");
            }
            layers.need("Steps");
            return sb.toString();
        }

        /** Whether {@code p}'s default reads one of the parameters, which a Python default cannot. */
        private boolean readsParameter(Stmt.Param p) {
            Set<String> names = Expr.names(p.defaultValue());
            return params.stream().anyMatch(q -> names.contains(q.name()));
        }

        /**
         * Lines that start the constructor: a default that reads another parameter is worked
         * out here ({@code h=c * 4} becomes {@code h=None} and {@code if h is None: h = c * 4});
         * a local name that the file also binds starts as the file's value, since nnspec reads
         * the file's until the body assigns its own and Python reads a name assigned anywhere
         * in a function as its local throughout.
         */
        private void startingValues() {
            for (Stmt.Param p : params) {
                if (p.defaultValue() == null || !readsParameter(p)) continue;
                lines.add("if " + locals.get(p.name()) + " is None:");
                lines.indent(1);
                lines.add(locals.get(p.name()) + " = " + value(p.defaultValue()));
                lines.indent(-1);
            }
            Set<String> paramNames = new java.util.HashSet<>();
            for (Stmt.Param p : params) paramNames.add(p.name());
            for (String name : readFirst) {
                if (!bound.contains(name) || paramNames.contains(name) || closure.lookup(name) == null
                        || ExportSource.block(closure, name) != null || ExportSource.isNetwork(closure, name)) {
                    continue;
                }
                lines.add(locals.get(name) + " = " + constant(name, ExportSource.constant(closure, name, Span.NONE)));
            }
        }

        private static Stmt.Input findInput(List<Stmt> body) {
            for (Stmt s : body) if (s instanceof Stmt.Input in) return in;
            return null;
        }

        /** The summary line: the network's, or a block's first use's. */
        private String docstring() {
            Network net = source.built();
            if (network) return PythonText.docstring("    ", summaryLine());
            List<String> shown = new ArrayList<>();
            for (Stmt.Param p : params) shown.add(p.name() + (p.defaultValue() == null ? "" : "=" + p.defaultValue().span().text()));
            String signature = nnspecName + "(" + String.join(", ", shown) + ")";
            BlockUse first = BlockUse.first(net, nnspecName);
            if (first == null) return PythonText.docstring("    ", "The block " + signature + ".");
            String use = first.scope().description();
            if (use.length() > 60) use = use.substring(0, 59) + "…)";
            String line = "As " + first.scope().name() + " in " + source.def().name() + ", " + use + ": output "
                    + first.scope().output() + ", " + Numbers.grouped(first.params()) + " parameters"
                    + (first.uses() > 1 ? " (one of " + first.uses() + " uses)" : "") + ".";
            return PythonText.docstring("    ", "The block " + signature + ".", line);
        }

        /** Where a statement's layers go: the module that names them, and the steps list that runs them (null: its own). */
        private record Frame(String module, String steps) {}

        /** Runs {@code step} (a merge) as the frame's next step. */
        private void step(Frame f, String step) {
            lines.add(f.steps == null ? f.module + ".add_step(" + step + ")" : f.steps + ".append(" + step + ")");
        }

        private void statements(List<Stmt> body, Frame f) {
            for (Stmt s : body) statement(s, f);
        }

        private void statement(Stmt s, Frame f) {
            if (s instanceof Stmt.Assign a) {
                lines.add(locals.get(a.name()) + " = " + value(a.value()));
            } else if (s instanceof Stmt.For loop) {
                lines.add("for " + locals.get(loop.variable()) + " in " + expr(loop.iterable(), false) + ":");
                block(() -> statements(loop.body(), f));
            } else if (s instanceof Stmt.If i) {
                ifStatement(i, "if ", st -> statement(st, f));
            } else if (s instanceof Stmt.Input || s instanceof Stmt.Print || s instanceof Stmt.Explain) {
                // the input is the class's input_shape; printing belongs to nnspec's run
            } else if (s instanceof Stmt.Layer l) {
                use(l.name(), l.nameSpan(), l.call(), f);
            } else if (s instanceof Stmt.ExprStmt e) {
                use(null, null, e.expr(), f);
            } else if (s instanceof Stmt.Repeat r) {
                repeat(r, f);
            } else if (s instanceof Stmt.Residual r) {
                Frame inner = named(r.name(), f, r.span());
                String bodyList = fresh("body"), shortcutList = fresh("shortcut");
                lines.add(bodyList + ", " + shortcutList + " = [], []");
                statements(r.body(), new Frame(inner.module, bodyList));
                if (r.shortcut() != null) statements(r.shortcut(), new Frame(inner.module, shortcutList));
                layers.need("Residual");
                step(f, "Residual(" + bodyList + ", " + shortcutList + ")");
            } else if (s instanceof Stmt.Concat c) {
                String dim = "1";
                for (Expr.Argument a : c.args()) dim = expr(a.value(), false);
                merge(c.name(), c.span(), c.body(), f, "Concat", ", dim=" + dim);
            } else if (s instanceof Stmt.Merge m) {
                merge(m.name(), m.span(), m.body(), f, m.multiply() ? "Multiply" : "Add", "");
            } else if (s instanceof Stmt.Experts x) {
                experts(x, f);
            } else {
                throw new NnspecException(s.span(), "export cannot write this statement in Python", null);
            }
        }

        /** {@code if}/{@code else if}/{@code else}, each body written by {@code each}. */
        private void ifStatement(Stmt.If i, String keyword, java.util.function.Consumer<Stmt> each) {
            lines.add(keyword + expr(i.condition(), false) + ":");
            block(() -> i.then().forEach(each));
            if (i.otherwise().isEmpty()) return;
            if (i.otherwise().size() == 1 && i.otherwise().get(0) instanceof Stmt.If elif) {
                ifStatement(elif, "elif ", each);
            } else {
                lines.add("else:");
                block(() -> i.otherwise().forEach(each));
            }
        }

        /** An indented body; {@code pass} when it wrote nothing. */
        private void block(Runnable inside) {
            int before = lines.size();
            lines.indent(1);
            inside.run();
            if (lines.size() == before) lines.add("pass");
            lines.indent(-1);
        }

        /**
         * Refuses a label PyTorch cannot give a module: an attribute every nn.Module has
         * ({@code to}, {@code forward}, {@code training}), or one of Steps' own.
         */
        private void checkLabel(String label, Span at) {
            if (MODULE_ATTRIBUTES.contains(label) || label.startsWith("__")) {
                throw new NnspecException(at, "PyTorch's modules have an attribute named " + label
                        + " of their own, so export cannot give a layer that name", "rename the layer");
            }
        }

        /** The frame a composite's layers are named in: a group of its own when it is labelled. */
        private Frame named(String label, Frame f, Span at) {
            if (label == null) return f;
            checkLabel(label, at);
            String group = fresh(PythonText.identifier(label) ? label : "group");
            groupLines.add(lines.size());
            groupNames.add(group);
            lines.add(group + " = " + f.module + ".add_group(" + PythonText.string(label) + ")");
            return new Frame(group, f.steps);
        }

        /** A concat, add or multiply: each {@code branch} a list of steps. */
        private void merge(String label, Span at, List<Stmt> mergeBody, Frame f, String helper, String extra) {
            Frame inner = named(label, f, at);
            String branches = fresh("branches");
            lines.add(branches + " = []");
            branchStatements(mergeBody, inner, branches);
            layers.need(helper);
            step(f, helper + "(" + branches + extra + ")");
        }

        private void branchStatements(List<Stmt> mergeBody, Frame inner, String branches) {
            for (Stmt s : mergeBody) {
                if (s instanceof Stmt.Branch b) {
                    String list = fresh("branch");
                    lines.add(list + " = []");
                    lines.add(branches + ".append(" + list + ")");
                    Frame named = named(b.name(), inner, b.span());
                    statements(b.body(), new Frame(named.module, list));
                } else if (s instanceof Stmt.For loop) {
                    lines.add("for " + locals.get(loop.variable()) + " in " + expr(loop.iterable(), false) + ":");
                    block(() -> branchStatements(loop.body(), inner, branches));
                } else if (s instanceof Stmt.If i) {
                    ifStatement(i, "if ", st -> branchStatements(List.of(st), inner, branches));
                } else {
                    statement(s, inner);
                }
            }
        }

        private void repeat(Stmt.Repeat r, Frame f) {
            Frame at = f;
            if (r.name() != null) {
                checkLabel(r.name(), r.span());
                // a labelled repeat is a module of its own, as an nn.ModuleList
                String group = fresh(PythonText.identifier(r.name()) ? r.name() : "group");
                lines.add(group + " = " + f.module + ".add_layer(Steps(), " + PythonText.string(r.name()) + (f.steps == null ? "" : ", to=" + f.steps) + ")");
                at = new Frame(group, null);
            }
            Frame frame = at;
            lines.add("for _ in range(" + value(r.count()) + "):");
            block(() -> child(r.body(), frame));
        }

        /**
         * A child named by its index (a repeat's iteration, an expert): a lone unlabelled
         * layer or block use is that child itself; anything else is a Steps of its own.
         */
        private void child(List<Stmt> childBody, Frame f) {
            if (childBody.size() == 1 && childBody.get(0) instanceof Stmt.ExprStmt e && e.expr() instanceof Expr.Call c
                    && c.callee() instanceof Expr.Name callee && !bound.contains(callee.name())
                    && (LayerCatalog.has(callee.name()) || blocks.containsKey(callee.name()))) {
                use(null, null, c, f);
                return;
            }
            String step = fresh("step");
            lines.add(step + " = " + f.module + ".add_layer(Steps()" + (f.steps == null ? "" : ", to=" + f.steps) + ")");
            statements(childBody, new Frame(step, null));
        }

        private void experts(Stmt.Experts x, Frame f) {
            String count = null, active = null;
            for (int i = 0; i < x.args().size(); i++) {
                Expr.Argument a = x.args().get(i);
                String name = a.name() != null ? a.name() : i == 0 ? "count" : "active";
                if (name.equals("count")) count = expr(a.value(), false);
                else active = expr(a.value(), false);
            }
            Frame inner = named(x.name(), f, x.span());
            String gate = fresh("gate"), experts = fresh("experts");
            lines.add(gate + " = nn.Linear(" + gateFeatures(x) + ", " + count + ", bias=False)");
            lines.add(inner.module + ".add_module(\"gate\", " + gate + ")");
            lines.add(experts + " = " + inner.module + ".add_group(\"experts\")");
            lines.add("for _ in range(" + count + "):");
            Frame expertsFrame = new Frame(experts, null); // the router runs the experts, not their own steps
            block(() -> child(x.body(), expertsFrame));
            layers.need("MixtureOfExperts");
            step(f, "MixtureOfExperts(" + gate + ", " + experts + ", " + active + ")");
        }

        /**
         * The router's input features: the last dimension of what flows into the experts, read
         * from the built network since no argument states it; every use must agree.
         */
        private String gateFeatures(Stmt.Experts x) {
            Set<BigInteger> seen = new LinkedHashSet<>();
            for (NetworkLayer l : source.built().layers()) {
                if (l.span().equals(x.span()) && l.type().equals("Linear") && l.input() != null && l.input().rank() > 0
                        && l.input().get(l.input().rank() - 1) instanceof org.nnspec.nn.Dim.Known k) {
                    seen.add(k.value());
                }
            }
            if (seen.size() != 1) {
                throw new NnspecException(x.span(), seen.isEmpty()
                        ? "export cannot tell how many features this experts' router reads: no use of it was built"
                        : "export writes this experts' router with one input width, but its uses see " + seen,
                        "give each width its own block");
            }
            return seen.iterator().next().toString();
        }

        /** A layer or block use: registered under its label (or next index) and run in order. */
        private void use(String label, Span labelAt, Expr e, Frame f) {
            if (label != null) checkLabel(label, labelAt);
            if (!(e instanceof Expr.Call c) || !(c.callee() instanceof Expr.Name callee)) {
                throw new NnspecException(e.span(), "export cannot write this statement in Python", null);
            }
            String name = label == null ? "" : ", " + PythonText.string(label);
            String to = f.steps == null ? "" : ", to=" + f.steps;
            String type = callee.name();
            if (!bound.contains(type) && blocks.containsKey(type)) {
                Map<String, String> renamed = writers.get(type).locals;
                List<String> args = new ArrayList<>();
                for (Expr.Argument a : c.args()) {
                    args.add((a.name() == null ? "" : renamed.getOrDefault(a.name(), a.name()) + "=") + value(a.value()));
                }
                lines.add(f.module + ".add_layer(" + classNames.get(type) + "(" + String.join(", ", args) + ")" + name + to + ")");
                return;
            }
            if (type.equals("Parameter")) {
                lines.add(f.module + ".add_parameter(" + sizes(c.args()) + name + to + ")");
                return;
            }
            Expr.Call call = readsAgain.contains(c) ? notInPlace(c) : c;
            String module = layers.constructor(type, call, args -> arguments(args, LayerCatalog.get(type).signature().takesNames(), "tie"));
            if (mentionsSymbolic(c)) usesSizes = true;
            lines.add(f.module + ".add_layer(" + module + name + to + ")");
        }

        /**
         * {@code c} with its {@code inplace} argument false: the tensor it would change in
         * place is read again, by a residual's shortcut or a merge's other branches, or is a
         * learnable tensor (a Parameter's).
         */
        private static Expr.Call notInPlace(Expr.Call c) {
            org.nnspec.nn.Signature signature = LayerCatalog.get(((Expr.Name) c.callee()).name()).signature();
            List<Expr.Argument> args = new ArrayList<>();
            for (int i = 0; i < c.args().size(); i++) {
                Expr.Argument a = c.args().get(i);
                boolean inplace = "inplace".equals(signature.parameterName(a.name(), i));
                args.add(inplace ? new Expr.Argument(a.name(), a.nameSpan(), new Expr.BoolLit(false, a.value().span()), a.span()) : a);
            }
            return new Expr.Call(c.callee(), args, c.span());
        }

        private boolean mentionsSymbolic(Expr.Call c) {
            if (!LayerCatalog.get(((Expr.Name) c.callee()).name()).signature().takesNames()) return false;
            for (Expr.Argument a : c.args()) {
                for (String n : Expr.names(a.value())) {
                    if (!bound.contains(n) && ExportSource.constant(closure, n, a.span()) == null) return true;
                }
            }
            return false;
        }

        /** Parameter(*size)'s sizes as one Python tuple. */
        private String sizes(List<Expr.Argument> args) {
            if (args.size() == 1) {
                String one = expr(args.get(0).value(), false);
                return args.get(0).value() instanceof Expr.Tuple || args.get(0).value() instanceof Expr.Matrix ? one : "(" + one + ",)";
            }
            List<String> items = new ArrayList<>();
            for (Expr.Argument a : args) items.add(expr(a.value(), false));
            return "(" + String.join(", ", items) + ")";
        }

        /** A call's arguments as Python; {@code skip} names a keyword left out (tie). */
        String arguments(List<Expr.Argument> args, boolean symbolic, String skip) {
            List<String> out = new ArrayList<>();
            for (Expr.Argument a : args) {
                if (a.name() != null && a.name().equals(skip)) continue;
                out.add((a.name() == null ? "" : a.name() + "=") + (symbolic ? expr(a.value(), true) : value(a.value())));
            }
            return String.join(", ", out);
        }

        /** The network's tied weights, from the built network: each tied layer shares its target's weight. */
        private void ties() {
            for (NetworkLayer l : source.built().layers()) {
                if (l.tiedTo() == null) continue;
                if (!l.copied()) {
                    tie(l.name(), l.tiedTo());
                    continue;
                }
                // a tie inside an expert: its row experts.0.… stands for every copy, each tied
                // within its own copy (or all to the one layer outside the experts)
                int at = l.name().lastIndexOf("experts.0.");
                if (at < 0 || l.name().indexOf("experts.0.") != at) {
                    throw new NnspecException(l.span(), "export writes a tie inside one level of experts only", null);
                }
                String prefix = l.name().substring(0, at) + "experts.";
                boolean inside = l.tiedTo().startsWith(prefix + "0.");
                for (int i = 0; i < l.copies().intValueExact(); i++) {
                    tie(prefix + i + l.name().substring(at + 9), inside ? prefix + i + l.tiedTo().substring(at + 9) : l.tiedTo());
                }
            }
        }

        private void tie(String layer, String target) {
            String left = PythonText.submodule(layer) + ".weight = ", right = PythonText.submodule(target) + ".weight";
            if (8 + left.length() + right.length() <= PythonText.MAX_LINE) {
                lines.add(left + right);
            } else {
                lines.add(left + "(");
                lines.add("    " + right);
                lines.add(")");
            }
        }

        /**
         * {@code e} where a size or a count may stand: a division, power, square root,
         * exponential or logarithm gives a float in Python where nnspec takes a whole result
         * as an integer (Linear(d, d / 2)), so such an expression goes through whole().
         */
        String value(Expr e) {
            String text = expr(e, false);
            if (!mayBeWholeReal(e)) return text;
            layers.need("whole");
            return "whole(" + text + ")";
        }

        /**
         * Whether {@code e} may be a whole float that nnspec takes as an integer: it divides,
         * takes a power other than a whole one, or calls sqrt, exp or a logarithm, and names
         * no real (a real literal, or a parameter or file-level name whose value is one),
         * which would say it is meant as a real.
         */
        private boolean mayBeWholeReal(Expr e) {
            boolean[] floats = {false}, real = {false};
            Expr.forEach(e, x -> {
                if (x instanceof Expr.Binary b && (b.op() == Expr.BinaryOp.DIV
                        || b.op() == Expr.BinaryOp.POW && !(b.right() instanceof Expr.IntLit))) {
                    floats[0] = true;
                }
                if (x instanceof Expr.Call c && c.callee() instanceof Expr.Name f && FLOAT_FUNCTIONS.contains(f.name())) floats[0] = true;
                if (x instanceof Expr.RealLit || x instanceof Expr.Name n && isReal(n.name())) real[0] = true;
            });
            return floats[0] && !real[0];
        }

        private boolean isReal(String name) {
            for (Stmt.Param p : params) if (p.name().equals(name)) return p.defaultValue() instanceof Expr.RealLit;
            if (bound.contains(name) || closure.lookup(name) == null) return false;
            try {
                return ExportSource.constant(closure, name, Span.NONE) instanceof Double;
            } catch (NnspecException notAValue) {
                return false;
            }
        }

        /** {@code e} as a Python expression; with {@code symbolic}, an unbound name is that symbolic size's name. */
        String expr(Expr e, boolean symbolic) {
            return new PythonExpr(new PythonExpr.Names() {
                @Override public String name(Expr.Name n, boolean sym) { return ClassWriter.this.name(n, sym); }
                @Override public boolean isList(Expr.Name n) {
                    return !locals.containsKey(n.name()) && closure.lookup(n.name()) != null
                            && ExportSource.constant(closure, n.name(), n.span()) instanceof List<?>;
                }
            }, this::call, symbolic).text(e);
        }

        private String name(Expr.Name n, boolean symbolic) {
            String local = locals.get(n.name());
            if (local != null) return local;
            if (n.name().equals("None")) return "None";
            if (ExportSource.isNetwork(closure, n.name()) || ExportSource.block(closure, n.name()) != null) {
                throw new NnspecException(n.span(), "export writes " + n.name() + " only as a layer of a network", null);
            }
            Object value = ExportSource.constant(closure, n.name(), n.span());
            // a name the file binds is written once at the top; pi or True as its value
            if (value != null) return closure.lookup(n.name()) != null ? constant(n.name(), value) : PythonText.constant(value);
            if (symbolic) return PythonText.string(n.name());
            throw new NnspecException(n.span(), "'" + n.name() + "' is not defined", null);
        }

        private String call(String function, List<String> args, Span at) {
            String python = MATH.get(function);
            if (python != null) {
                usesMath = true;
                return python + "(" + String.join(", ", args) + ")";
            }
            if (Set.of("max", "min", "round", "range", "len", "abs", "sum").contains(function)) {
                return function + "(" + String.join(", ", args) + ")";
            }
            throw new NnspecException(at, "export cannot write " + function + "(…) in Python yet",
                    "compute the value outside the network or block and pass it in as an argument");
        }
    }
}
