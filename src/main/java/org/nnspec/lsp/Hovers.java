package org.nnspec.lsp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.nnspec.ast.Stmt;
import org.nnspec.eval.Builtin;
import org.nnspec.eval.Builtins;
import org.nnspec.eval.Constants;
import org.nnspec.eval.EditorQueries;
import org.nnspec.eval.Value;
import org.nnspec.nn.LayerCatalog;
import org.nnspec.nn.LayerType;
import org.nnspec.nn.Network;
import org.nnspec.nn.NetworkLayer;
import org.nnspec.render.Numbers;

/**
 * What hovering shows (docs/language.md section 16): on a layer inside a network or block,
 * its output shape, parameters with their formula and MACs, for each place the run built it;
 * on a network's name its summary; on a name its value; on a layer type or a built-in, its
 * signature and doc line from the catalog.
 */
final class Hovers {
    private Hovers() {}

    /** A layer inside a block used many times is shown for its first few uses. */
    private static final int USES_SHOWN = 4;
    private static final int PRECISION = 6;

    static Hover at(Analysis a, Outline outline, Position p) {
        Words.Word w = Words.at(a.text(), p);
        int[] lc = Positions.lineColumn(a.file(), p);
        int line = lc[0], column = lc[1];
        String word = w == null ? null : w.text();
        Range range = w == null ? null : new Range(new Position(w.line(), w.start()), new Position(w.line(), w.start() + word.length()));
        List<Outline.Definition> defs = word == null || outline == null || w.afterDot() ? List.of() : outline.lookup(word, line, column);
        Outline.Definition def = defs.isEmpty() ? null : defs.get(0);

        // a layer's label or its call: the layers the run built from it
        List<NetworkLayer> layers = layersAt(a, line, column);
        if (!layers.isEmpty() && (def == null || def.kind() == Outline.Kind.LAYER || LayerCatalog.has(word))) {
            return hover(layerText(layers, LayerCatalog.find(word == null ? "" : word).orElse(null)), range);
        }
        if (word == null) return null;
        if (w.afterDot()) return null; // a field's value is the expression's, which hover does not evaluate
        if (def != null) {
            String text = definitionText(a, def);
            if (text != null) return hover(text, range);
        }
        if (def == null && a.globals() != null) { // a name an import defines
            Value v = a.globals().lookup(word);
            if (v != null) return hover(valueText(a, word, v), range);
        }
        return catalog(word, range);
    }

    /** The layers whose call holds the position, or whose label it is on. */
    private static List<NetworkLayer> layersAt(Analysis a, int line, int column) {
        List<NetworkLayer> found = new ArrayList<>();
        for (List<Network> builds : a.networks().values()) {
            for (Network n : builds) {
                for (NetworkLayer l : n.layers()) {
                    if (l.span() != null && l.span().file() == a.file() && Positions.contains(l.span(), line, column)) found.add(l);
                }
            }
        }
        if (!found.isEmpty() || a.program() == null) return found;
        // on a label (conv1: Conv2d(…)): the layers of the call it labels
        for (Stmt.Layer label : labels(a.program().statements(), new ArrayList<>())) {
            if (!Positions.contains(label.nameSpan(), line, column)) continue;
            org.nnspec.diag.Span call = label.call().span();
            for (List<Network> builds : a.networks().values()) {
                for (Network n : builds) {
                    for (NetworkLayer l : n.layers()) if (l.span() != null && l.span().equals(call)) found.add(l);
                }
            }
        }
        return found;
    }

    private static List<Stmt.Layer> labels(List<Stmt> statements, List<Stmt.Layer> out) {
        for (Stmt s : statements) {
            if (s instanceof Stmt.Layer l) out.add(l);
            else if (s instanceof Stmt.NetworkDef n) labels(n.body(), out);
            else if (s instanceof Stmt.BlockDef b) labels(b.body(), out);
            else if (s instanceof Stmt.Repeat r) labels(r.body(), out);
            else if (s instanceof Stmt.Residual r) {
                labels(r.body(), out);
                if (r.shortcut() != null) labels(r.shortcut(), out);
            } else if (s instanceof Stmt.Concat c) labels(c.body(), out);
            else if (s instanceof Stmt.Merge m) labels(m.body(), out);
            else if (s instanceof Stmt.Experts x) labels(x.body(), out);
            else if (s instanceof Stmt.Branch b) labels(b.body(), out);
            else if (s instanceof Stmt.If i) {
                labels(i.then(), out);
                labels(i.otherwise(), out);
            } else if (s instanceof Stmt.For f) labels(f.body(), out);
        }
        return out;
    }

    /** Each built layer: name, description, input → output, parameters with the formula, MACs. */
    static String layerText(List<NetworkLayer> layers, LayerType type) {
        // the same layer built twice the same way (a network evaluated twice) is shown once
        Map<String, NetworkLayer> distinct = new LinkedHashMap<>();
        for (NetworkLayer l : layers) distinct.putIfAbsent(l.name() + " " + l.input() + " " + l.output(), l);
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (NetworkLayer l : distinct.values()) {
            if (shown == USES_SHOWN) {
                sb.append("\n… and ").append(distinct.size() - shown).append(" more\n");
                break;
            }
            if (shown > 0) sb.append("\n---\n\n");
            sb.append("**").append(markdown(l.name())).append("**: `").append(l.description().replace('`', '\'')).append('`')
                    .append(markdown(l.copiesText())).append("\n\n");
            if (l.output() == null) {
                sb.append("output shape unknown: this layer or one before it has an error\n");
            } else {
                sb.append("`").append(l.input() == null ? "?" : l.input()).append(" → ").append(l.output()).append("`\n\n");
                sb.append("params: ").append(markdown(l.paramsText())).append("  \n");
                sb.append("MACs: ").append(l.macs() == null ? "depends on a symbolic size" : Numbers.grouped(l.macs())).append('\n');
            }
            shown++;
        }
        if (type != null) sb.append("\n---\n\n").append(signature(type));
        return sb.toString();
    }

    private static String definitionText(Analysis a, Outline.Definition def) {
        switch (def.kind()) {
            case NETWORK: {
                List<Network> builds = a.networks().get((Stmt.NetworkDef) def.stmt());
                if (builds == null || builds.isEmpty()) return code(header(def)) + "not built: it needs arguments, or has errors";
                return code(builds.get(0).summaryText());
            }
            case BLOCK:
                return code(header(def)) + "a block: used inside a network like a layer";
            case PARAMETER:
                return code(def.span().text()) + "a parameter of " + ownerName(def.owner());
            case LAYER:
                return null;
            case SEQUENCE:
                if (def.owner() != null || a.program() == null) return code(def.span().text());
                List<String> lines = new ArrayList<>();
                for (Stmt s : a.program().statements()) {
                    if (s instanceof Stmt.SequenceDef d && d.name().equals(def.name())) lines.add(d.span().text());
                }
                return code(String.join("\n", lines)) + "a sequence";
            default:
                if (def.owner() != null) return code(def.span().text()) + "inside " + ownerName(def.owner());
                Value v = a.globals() == null ? null : a.globals().lookup(def.name());
                return v == null ? code(firstLine(def.span().text())) : valueText(a, def.name(), v);
        }
    }

    private static String valueText(Analysis a, String name, Value v) {
        if (EditorQueries.isDefinition(v)) {
            for (Map.Entry<Stmt.NetworkDef, List<Network>> e : a.networks().entrySet()) {
                if (e.getKey().name().equals(name) && !e.getValue().isEmpty()) return code(e.getValue().get(0).summaryText());
            }
            return name + ": " + EditorQueries.typeName(v);
        }
        String text = EditorQueries.hoverText(v, PRECISION);
        return code(text.contains("\n") ? name + " =\n" + text : name + " = " + text);
    }

    /** A layer type, a built-in function or a constant: its signature and doc line. */
    private static Hover catalog(String word, Range range) {
        LayerType t = LayerCatalog.find(word).orElse(null);
        if (t != null) return hover(signature(t), range);
        Builtin b = Builtins.get(word);
        if (b != null) return hover(code(b.signature()) + markdown(b.doc()), range);
        if (word.equals("grad")) {
            return hover(code("grad(y, x)") + "the derivative of y with respect to x, by reverse-mode automatic differentiation", range);
        }
        String constant = Constants.docs().get(word);
        if (constant != null) return hover(markdown(constant), range);
        return null;
    }

    private static String signature(LayerType t) {
        return code(t.signature().display()) + markdown(t.doc());
    }

    private static String header(Outline.Definition def) {
        return firstLine(def.span().text()).replaceAll("\\s*\\{.*$", "");
    }

    private static String ownerName(Stmt owner) {
        if (owner instanceof Stmt.NetworkDef n) return "network " + n.name();
        if (owner instanceof Stmt.BlockDef b) return "block " + b.name();
        return "the file";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " …";
    }

    private static String code(String text) {
        return "```nnspec\n" + text.replace("```", "'''") + "\n```\n";
    }

    /** Text with markdown's special characters escaped. */
    private static String markdown(String text) {
        return text.replaceAll("([\\\\`*_\\[\\]<>#|])", "\\\\$1");
    }

    private static Hover hover(String markdown, Range range) {
        Hover h = new Hover(new MarkupContent(MarkupKind.MARKDOWN, markdown));
        if (range != null) h.setRange(range);
        return h;
    }
}
