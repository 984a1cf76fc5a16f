package org.nnspec.lsp;

import java.util.List;
import java.util.Map;
import org.nnspec.ast.Program;
import org.nnspec.ast.Stmt;
import org.nnspec.diag.Diagnostic;
import org.nnspec.diag.SourceFile;
import org.nnspec.eval.Scope;
import org.nnspec.nn.Network;

/**
 * One document version, analysed: its diagnostics, its syntax tree (null when it has syntax
 * errors), the names the run left bound (null when nothing ran) and the networks it built,
 * by definition (a few builds each: a network used with several arguments). Made once, then
 * only read.
 *
 * @param stopped whether the run reached the time limit (what came after was not checked)
 */
record Analysis(int version, String text, SourceFile file, Program program, List<Diagnostic> diagnostics, Scope globals,
                Map<Stmt.NetworkDef, List<Network>> networks, boolean stopped) {
    Analysis {
        diagnostics = List.copyOf(diagnostics);
        networks = Map.copyOf(networks);
    }

    /** An analysis that only reports {@code diagnostics} (a file too large, a run that never returned). */
    static Analysis failed(int version, String text, SourceFile file, List<Diagnostic> diagnostics, boolean stopped) {
        return new Analysis(version, text, file, null, diagnostics, null, Map.of(), stopped);
    }
}
