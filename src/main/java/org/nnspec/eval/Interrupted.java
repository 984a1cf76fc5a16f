package org.nnspec.eval;

import org.nnspec.diag.NnspecException;
import org.nnspec.diag.Span;

/**
 * The statement was stopped by Ctrl-C in the REPL ({@link Interpreter#requestStop}): a
 * diagnostic at the statement, and nothing inside it (a network's walk, a loop) goes on.
 */
final class Interrupted extends NnspecException {
    Interrupted(Span span) {
        super(span, "interrupted (Ctrl-C)", "everything defined before this statement is still there");
    }

    @Override
    public NnspecException at(Span where) {
        return span().isNone() ? new Interrupted(where) : this;
    }
}
