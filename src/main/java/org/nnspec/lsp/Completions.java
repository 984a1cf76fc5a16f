package org.nnspec.lsp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.InsertTextFormat;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.nnspec.ast.Stmt;
import org.nnspec.eval.Builtin;
import org.nnspec.eval.Builtins;
import org.nnspec.eval.Constants;
import org.nnspec.eval.EditorQueries;
import org.nnspec.eval.Value;
import org.nnspec.nn.LayerCatalog;
import org.nnspec.nn.LayerType;
import org.nnspec.nn.Param;
import org.nnspec.syntax.Keywords;

/**
 * What completion offers (docs/language.md section 16): the keywords, every layer of the
 * catalog (label its name, detail its signature, inserted as a snippet with its required
 * arguments as placeholders), the built-in functions and constants, and the file's own names
 * and blocks, with the names its imports define. The editor filters them by what is typed.
 */
final class Completions {
    private Completions() {}

    /**
     * @param analysis the latest analysis with a syntax tree, or null; its names and the
     *                 network or block around the cursor ({@code line}, {@code column}) decide
     *                 which of the file's names are offered
     */
    static List<CompletionItem> at(Analysis analysis, Outline outline, int line, int column) {
        Map<String, CompletionItem> items = new LinkedHashMap<>();
        if (outline != null) {
            Stmt scope = outline.scopeAt(line, column);
            for (Outline.Definition d : outline.definitions()) {
                if (d.kind() == Outline.Kind.LAYER) continue;
                boolean visible = d.owner() == null || d.owner() == scope
                        || scope != null && Positions.within(scope.span(), d.owner().span());
                if (visible) items.putIfAbsent(d.name(), name(d, analysis));
            }
        }
        if (analysis != null && analysis.globals() != null) {
            // names an import defines
            for (Map.Entry<String, Value> e : analysis.globals().locals().entrySet()) {
                CompletionItem item = new CompletionItem(e.getKey());
                item.setKind(CompletionItemKind.Variable);
                item.setDetail(EditorQueries.typeName(e.getValue()));
                items.putIfAbsent(e.getKey(), item);
            }
        }
        for (LayerType t : LayerCatalog.all()) items.putIfAbsent(t.name(), layer(t));
        for (Builtin b : Builtins.all().values()) items.putIfAbsent(b.name(), builtin(b));
        CompletionItem grad = function("grad", "grad(y, x)", "the derivative of y with respect to x, by reverse-mode automatic differentiation",
                "grad(${1:y}, ${2:x})$0");
        items.putIfAbsent("grad", grad);
        for (Map.Entry<String, String> c : Constants.docs().entrySet()) {
            CompletionItem item = new CompletionItem(c.getKey());
            item.setKind(CompletionItemKind.Constant);
            item.setDetail(c.getValue());
            items.putIfAbsent(c.getKey(), item);
        }
        for (String k : Keywords.all()) {
            CompletionItem item = new CompletionItem(k);
            item.setKind(CompletionItemKind.Keyword);
            item.setDetail("keyword");
            items.putIfAbsent(k, item);
        }
        return new ArrayList<>(items.values());
    }

    private static CompletionItem name(Outline.Definition d, Analysis analysis) {
        CompletionItem item = new CompletionItem(d.name());
        switch (d.kind()) {
            case NETWORK -> {
                item.setKind(CompletionItemKind.Class);
                item.setDetail("network");
            }
            case BLOCK -> {
                Stmt.BlockDef b = (Stmt.BlockDef) d.stmt();
                item.setKind(CompletionItemKind.Class);
                List<String> params = new ArrayList<>();
                StringBuilder snippet = new StringBuilder(b.name()).append('(');
                int n = 0;
                for (Stmt.Param p : b.params()) {
                    params.add(p.span().text());
                    if (p.defaultValue() == null) snippet.append(n == 0 ? "" : ", ").append("${").append(++n).append(':').append(p.name()).append('}');
                }
                item.setDetail("block " + b.name() + "(" + String.join(", ", params) + ")");
                item.setInsertText(snippet.append(")$0").toString());
                item.setInsertTextFormat(InsertTextFormat.Snippet);
            }
            case SEQUENCE -> {
                item.setKind(CompletionItemKind.Function);
                item.setDetail("sequence");
            }
            case PARAMETER -> {
                item.setKind(CompletionItemKind.Variable);
                item.setDetail("parameter");
            }
            default -> {
                item.setKind(CompletionItemKind.Variable);
                Value v = d.owner() == null && analysis != null && analysis.globals() != null ? analysis.globals().lookup(d.name()) : null;
                item.setDetail(v == null ? "name" : EditorQueries.typeName(v));
            }
        }
        return item;
    }

    /** {@code Conv2d(${1:in_channels}, ${2:out_channels}, ${3:kernel_size})}: the required arguments to fill in. */
    private static CompletionItem layer(LayerType t) {
        StringBuilder snippet = new StringBuilder(t.name()).append('(');
        int n = 0;
        for (Param p : t.signature().params()) {
            if (!p.required()) continue;
            snippet.append(n == 0 ? "" : ", ").append("${").append(++n).append(':').append(p.name()).append('}');
        }
        CompletionItem item = new CompletionItem(t.name());
        item.setKind(CompletionItemKind.Class);
        item.setDetail(t.signature().display());
        item.setDocumentation(new MarkupContent(MarkupKind.PLAINTEXT, t.doc()));
        item.setInsertText(snippet.append(")$0").toString());
        item.setInsertTextFormat(InsertTextFormat.Snippet);
        return item;
    }

    private static CompletionItem builtin(Builtin b) {
        StringBuilder snippet = new StringBuilder(b.name()).append('(');
        int n = 0;
        for (Builtin.Param p : b.params()) {
            if (p.defaultValue() != null) continue;
            snippet.append(n == 0 ? "" : ", ").append("${").append(++n).append(':').append(p.name()).append('}');
        }
        return function(b.name(), b.signature(), b.doc(), snippet.append(")$0").toString());
    }

    private static CompletionItem function(String name, String signature, String doc, String snippet) {
        CompletionItem item = new CompletionItem(name);
        item.setKind(CompletionItemKind.Function);
        item.setDetail(signature);
        item.setDocumentation(new MarkupContent(MarkupKind.PLAINTEXT, doc));
        item.setInsertText(snippet);
        item.setInsertTextFormat(InsertTextFormat.Snippet);
        return item;
    }
}
