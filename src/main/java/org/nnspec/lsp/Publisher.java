package org.nnspec.lsp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Range;
import org.nnspec.ast.Expr;
import org.nnspec.ast.Stmt;
import org.nnspec.diag.Diagnostic;
import org.nnspec.diag.Severity;
import org.nnspec.diag.Span;

/**
 * An analysis's diagnostics as LSP diagnostics: the command line's message, with its hint on
 * a line of its own ({@code help: …}), at the same span. An error inside a block also names
 * the uses of the block, as related information. A diagnostic in an imported file is shown at
 * the import that reads it, naming the place in that file.
 */
final class Publisher {
    private Publisher() {}

    /** Related places of one diagnostic are at most this many. */
    private static final int RELATED = 5;

    static List<org.eclipse.lsp4j.Diagnostic> of(Analysis a, String uri) {
        Outline outline = a.program() == null ? null : new Outline(a.program());
        List<org.eclipse.lsp4j.Diagnostic> out = new ArrayList<>();
        for (Diagnostic d : a.diagnostics()) {
            Span span = d.span();
            String message = d.message() + (d.help() == null ? "" : "\nhelp: " + d.help());
            List<DiagnosticRelatedInformation> related = new ArrayList<>();
            Range range;
            if (span == null || span.isNone() || span.file() == a.file()) {
                range = Positions.range(span);
                Stmt.BlockDef block = outline == null || span == null || span.isNone() ? null : outline.blockAround(span);
                if (block != null) {
                    for (Expr.Call use : outline.callsOf(block.name())) {
                        if (related.size() == RELATED) break;
                        related.add(new DiagnosticRelatedInformation(new Location(uri, Positions.range(use.span())),
                                "block " + block.name() + " used here"));
                    }
                }
            } else {
                // in an imported file: at the import, pointing into that file
                range = importOf(outline, span);
                message = "in " + span.file().name() + ":" + span.line() + ":" + span.column() + ": " + message;
                try {
                    Path other = Path.of(span.file().name());
                    related.add(new DiagnosticRelatedInformation(new Location(Uris.uri(other), Positions.range(span)), d.message()));
                } catch (java.nio.file.InvalidPathException e) {
                    // a file with no path: the message names it
                }
            }
            org.eclipse.lsp4j.Diagnostic lsp = new org.eclipse.lsp4j.Diagnostic(range, message,
                    d.severity() == Severity.ERROR ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, "nnspec");
            if (!related.isEmpty()) lsp.setRelatedInformation(related);
            out.add(lsp);
        }
        return out;
    }

    /** The import statement that leads to {@code span}'s file, or the first import; the file's start without one. */
    private static Range importOf(Outline outline, Span span) {
        if (outline == null || outline.imports().isEmpty()) return Positions.range(Span.NONE);
        String target = span.file().name();
        for (Stmt.Import im : outline.imports()) {
            Path base = Path.of(im.span().file().name()).toAbsolutePath().getParent();
            try {
                if (base != null && base.resolve(im.path()).normalize().toString().equals(Path.of(target).normalize().toString())) {
                    return Positions.range(im.span());
                }
            } catch (java.nio.file.InvalidPathException e) {
                // not this one
            }
        }
        return Positions.range(outline.imports().get(0).span());
    }
}
