package org.nnspec.lsp;

import java.util.ArrayList;
import java.util.List;
import org.nnspec.ast.Expr;
import org.nnspec.ast.Program;
import org.nnspec.ast.Stmt;
import org.nnspec.diag.Span;

/**
 * Where a file defines its names, read from its syntax tree alone: networks, blocks,
 * assignments, sequences, loop variables, the parameters of networks and blocks, and layer
 * labels, each with the network or block it is written in (null at the top level: {@code for}
 * and {@code if} open no scope, docs/language.md section 4). Go to definition, completion,
 * hover and the document's symbols read it.
 */
final class Outline {
    enum Kind { NETWORK, BLOCK, VARIABLE, SEQUENCE, LOOP_VARIABLE, PARAMETER, LAYER }

    /**
     * One definition: {@code nameSpan} is the name where it is defined, {@code span} the whole
     * statement, {@code owner} the network or block it is written in (null at the top level).
     */
    record Definition(String name, Kind kind, Span nameSpan, Span span, Stmt owner, Stmt stmt) {}

    private final List<Definition> definitions = new ArrayList<>();
    private final List<Stmt> scopes = new ArrayList<>();
    private final List<Stmt.Import> imports = new ArrayList<>();
    private final List<Expr.Call> calls = new ArrayList<>();

    Outline(Program program) {
        walk(program.statements(), null);
    }

    List<Definition> definitions() { return definitions; }

    /** The top-level imports, in order. */
    List<Stmt.Import> imports() { return imports; }

    /** The innermost network or block whose text holds the position, or null at the top level. */
    Stmt scopeAt(int line, int column) {
        Stmt best = null;
        for (Stmt s : scopes) {
            if (Positions.contains(s.span(), line, column) && (best == null || Positions.within(s.span(), best.span()))) best = s;
        }
        return best;
    }

    /** The calls of {@code name} written inside networks and blocks: a block's uses. */
    List<Expr.Call> callsOf(String name) {
        List<Expr.Call> out = new ArrayList<>();
        for (Expr.Call c : calls) if (c.callee() instanceof Expr.Name n && n.name().equals(name)) out.add(c);
        return out;
    }

    /** The block whose body holds the span, or null. */
    Stmt.BlockDef blockAround(Span span) {
        for (Stmt s : scopes) if (s instanceof Stmt.BlockDef b && Positions.within(span, b.span())) return b;
        return null;
    }

    /**
     * Where {@code name}, used at the position, is defined: in the network or block around the
     * position first (its parameters and own names), then at the top level, the last
     * definition before the use, else the first after it (a network's body may name what the
     * file defines further down). Empty when the file does not define it.
     */
    List<Definition> lookup(String name, int line, int column) {
        Stmt scope = scopeAt(line, column);
        for (Stmt owner = scope; owner != null; owner = enclosing(owner)) {
            List<Definition> local = new ArrayList<>();
            for (Definition d : definitions) {
                if (d.owner() == owner && d.name().equals(name) && d.kind() != Kind.LAYER) local.add(d);
            }
            if (!local.isEmpty()) return List.of(local.get(0));
        }
        Definition before = null, after = null;
        for (Definition d : definitions) {
            if (d.owner() != null || !d.name().equals(name)) continue;
            boolean isBefore = d.nameSpan().line() < line || d.nameSpan().line() == line && d.nameSpan().column() <= column;
            if (isBefore) before = d;
            else if (after == null) after = d;
        }
        Definition found = before != null ? before : after;
        return found == null ? List.of() : List.of(found);
    }

    /** The network or block around {@code s}, or null. */
    private Stmt enclosing(Stmt s) {
        Stmt best = null;
        for (Stmt t : scopes) {
            if (t != s && Positions.within(s.span(), t.span()) && (best == null || Positions.within(t.span(), best.span()))) best = t;
        }
        return best;
    }

    private void walk(List<Stmt> statements, Stmt owner) {
        for (Stmt s : statements) statement(s, owner);
    }

    private void statement(Stmt s, Stmt owner) {
        if (s instanceof Stmt.NetworkDef n) {
            definitions.add(new Definition(n.name(), Kind.NETWORK, n.nameSpan(), n.span(), owner, s));
            scopes.add(s);
            params(n.params(), s);
            walk(n.body(), s);
        } else if (s instanceof Stmt.BlockDef b) {
            definitions.add(new Definition(b.name(), Kind.BLOCK, b.nameSpan(), b.span(), owner, s));
            scopes.add(s);
            params(b.params(), s);
            walk(b.body(), s);
        } else if (s instanceof Stmt.Assign a) {
            definitions.add(new Definition(a.name(), Kind.VARIABLE, a.nameSpan(), a.span(), owner, s));
            expression(a.value(), owner);
        } else if (s instanceof Stmt.SequenceDef d) {
            definitions.add(new Definition(d.name(), Kind.SEQUENCE, d.nameSpan(), d.span(), owner, s));
        } else if (s instanceof Stmt.For f) {
            definitions.add(new Definition(f.variable(), Kind.LOOP_VARIABLE, f.variableSpan(), f.span(), owner, s));
            walk(f.body(), owner);
        } else if (s instanceof Stmt.If i) {
            walk(i.then(), owner);
            walk(i.otherwise(), owner);
        } else if (s instanceof Stmt.Layer l) {
            definitions.add(new Definition(l.name(), Kind.LAYER, l.nameSpan(), l.span(), owner, s));
            expression(l.call(), owner);
        } else if (s instanceof Stmt.ExprStmt e) {
            expression(e.expr(), owner);
        } else if (s instanceof Stmt.Import im) {
            if (owner == null) imports.add(im);
        } else if (s instanceof Stmt.Repeat r) {
            label(r.name(), s, owner);
            walk(r.body(), owner);
        } else if (s instanceof Stmt.Residual r) {
            label(r.name(), s, owner);
            walk(r.body(), owner);
            if (r.shortcut() != null) walk(r.shortcut(), owner);
        } else if (s instanceof Stmt.Concat c) {
            label(c.name(), s, owner);
            walk(c.body(), owner);
        } else if (s instanceof Stmt.Merge m) {
            label(m.name(), s, owner);
            walk(m.body(), owner);
        } else if (s instanceof Stmt.Experts x) {
            label(x.name(), s, owner);
            walk(x.body(), owner);
        } else if (s instanceof Stmt.Branch b) {
            label(b.name(), s, owner);
            walk(b.body(), owner);
        }
    }

    /** A labelled composite ({@code layer1: repeat 2 { … }}): its label is at the start of its statement. */
    private void label(String name, Stmt s, Stmt owner) {
        if (name == null) return;
        Span at = s.span();
        if (!at.text().startsWith(name)) return;
        Span nameSpan = new Span(at.file(), at.line(), at.column(), at.line(), at.column() + name.codePointCount(0, name.length()));
        definitions.add(new Definition(name, Kind.LAYER, nameSpan, at, owner, s));
    }

    private void params(List<Stmt.Param> params, Stmt owner) {
        for (Stmt.Param p : params) {
            Span at = p.span();
            Span nameSpan = new Span(at.file(), at.line(), at.column(), at.line(), at.column() + p.name().codePointCount(0, p.name().length()));
            definitions.add(new Definition(p.name(), Kind.PARAMETER, nameSpan, at, owner, owner));
        }
    }

    private void expression(Expr e, Stmt owner) {
        if (owner == null) return;
        Expr.forEach(e, x -> {
            if (x instanceof Expr.Call c) calls.add(c);
        });
    }
}
