package org.nnspec.ast;

import java.util.List;
import java.util.Set;
import org.nnspec.diag.SourceFile;

/**
 * A parsed file: its statements, and the names it calls anywhere ({@code f} of {@code f(x)}),
 * which lets a pass that looks for the calls of one function skip a file that has none.
 */
public record Program(SourceFile file, List<Stmt> statements, Set<String> calledNames) {
    public Program {
        statements = List.copyOf(statements);
        calledNames = Set.copyOf(calledNames);
    }
}
