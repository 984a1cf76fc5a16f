package org.nnspec.eval;

import org.nnspec.diag.NnspecException;
import org.nnspec.diag.Span;

/**
 * The running statement was stopped from outside ({@link Interpreter#requestStop}): by Ctrl-C
 * in the REPL, or by a run's time or output limit. A diagnostic at the statement, and nothing
 * inside it (a network's walk, a loop) goes on; after a limit, nothing after it either.
 */
final class Interrupted extends NnspecException {
    private final StopReason reason;

    Interrupted(Span span, StopReason reason) {
        super(span, reason.message, reason.help);
        this.reason = reason;
    }

    StopReason reason() { return reason; }

    @Override
    public NnspecException at(Span where) {
        return span().isNone() ? new Interrupted(where, reason) : this;
    }
}
