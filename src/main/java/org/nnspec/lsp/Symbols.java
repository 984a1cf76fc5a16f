package org.nnspec.lsp;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.SymbolKind;
import org.nnspec.ast.Program;
import org.nnspec.ast.Stmt;
import org.nnspec.diag.Span;

/**
 * The document's outline (docs/language.md section 16): its networks and blocks with their
 * layers and labelled composites nested as they are written, and its top-level names and
 * sequences.
 */
final class Symbols {
    private Symbols() {}

    static List<DocumentSymbol> of(Program program) {
        List<DocumentSymbol> out = new ArrayList<>();
        top(program.statements(), out);
        return out;
    }

    private static void top(List<Stmt> statements, List<DocumentSymbol> out) {
        List<String> sequences = new ArrayList<>();
        for (Stmt s : statements) {
            if (s instanceof Stmt.NetworkDef n) {
                out.add(symbol(n.name(), "network", SymbolKind.Class, n.span(), n.nameSpan(), body(n.body())));
            } else if (s instanceof Stmt.BlockDef b) {
                out.add(symbol(b.name(), "block", SymbolKind.Class, b.span(), b.nameSpan(), body(b.body())));
            } else if (s instanceof Stmt.Assign a) {
                out.add(symbol(a.name(), null, SymbolKind.Variable, a.span(), a.nameSpan(), List.of()));
            } else if (s instanceof Stmt.SequenceDef d) {
                if (sequences.contains(d.name())) continue; // one entry per sequence, at its first line
                sequences.add(d.name());
                out.add(symbol(d.name(), "sequence", SymbolKind.Function, d.span(), d.nameSpan(), List.of()));
            } else if (s instanceof Stmt.For f) {
                top(f.body(), out);
            } else if (s instanceof Stmt.If i) {
                top(i.then(), out);
                top(i.otherwise(), out);
            }
        }
    }

    /** The layers and composites of a network or block body; unlabelled composites add their layers to the level around them. */
    private static List<DocumentSymbol> body(List<Stmt> statements) {
        List<DocumentSymbol> out = new ArrayList<>();
        for (Stmt s : statements) {
            if (s instanceof Stmt.Layer l) {
                out.add(symbol(l.name(), l.call().span().text(), SymbolKind.Field, l.span(), l.nameSpan(), List.of()));
            } else if (s instanceof Stmt.Input in) {
                out.add(symbol("input", in.shape().span().text(), SymbolKind.Property, in.span(), in.span(), List.of()));
            } else if (s instanceof Stmt.ExprStmt e) {
                String text = e.expr().span().text();
                int paren = text.indexOf('(');
                out.add(symbol(paren > 0 ? text.substring(0, paren) : text, text, SymbolKind.Field, e.span(), e.span(), List.of()));
            } else {
                String name = null;
                List<Stmt> inner = new ArrayList<>();
                if (s instanceof Stmt.Repeat r) {
                    name = r.name();
                    inner.addAll(r.body());
                } else if (s instanceof Stmt.Residual r) {
                    name = r.name();
                    inner.addAll(r.body());
                    if (r.shortcut() != null) inner.addAll(r.shortcut());
                } else if (s instanceof Stmt.Concat c) {
                    name = c.name();
                    inner.addAll(c.body());
                } else if (s instanceof Stmt.Merge m) {
                    name = m.name();
                    inner.addAll(m.body());
                } else if (s instanceof Stmt.Experts x) {
                    name = x.name();
                    inner.addAll(x.body());
                } else if (s instanceof Stmt.Branch b) {
                    name = b.name();
                    inner.addAll(b.body());
                } else if (s instanceof Stmt.If i) {
                    inner.addAll(i.then());
                    inner.addAll(i.otherwise());
                } else if (s instanceof Stmt.For f) {
                    inner.addAll(f.body());
                }
                List<DocumentSymbol> children = body(inner);
                if (name == null) {
                    out.addAll(children);
                } else {
                    Span at = s.span();
                    Span nameSpan = new Span(at.file(), at.line(), at.column(), at.line(), at.column() + name.codePointCount(0, name.length()));
                    out.add(symbol(name, keyword(s), SymbolKind.Namespace, at, nameSpan, children));
                }
            }
        }
        return out;
    }

    private static String keyword(Stmt s) {
        if (s instanceof Stmt.Repeat) return "repeat";
        if (s instanceof Stmt.Residual) return "residual";
        if (s instanceof Stmt.Concat) return "concat";
        if (s instanceof Stmt.Merge m) return m.multiply() ? "multiply" : "add";
        if (s instanceof Stmt.Experts) return "experts";
        return "branch";
    }

    private static DocumentSymbol symbol(String name, String detail, SymbolKind kind, Span span, Span nameSpan, List<DocumentSymbol> children) {
        DocumentSymbol d = new DocumentSymbol(name.isBlank() ? "?" : name, kind, Positions.range(span), Positions.range(nameSpan),
                detail == null ? null : oneLine(detail));
        if (!children.isEmpty()) d.setChildren(children);
        return d;
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 80 ? t.substring(0, 79) + "…" : t;
    }
}
