package org.nnspec.ast;

import java.util.List;
import org.nnspec.diag.SourceFile;

/** A parsed file. */
public record Program(SourceFile file, List<Stmt> statements) {
    public Program { statements = List.copyOf(statements); }
}
