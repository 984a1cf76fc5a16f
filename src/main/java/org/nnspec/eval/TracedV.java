package org.nnspec.eval;

import org.nnspec.autodiff.Node;

/** A value that carries a node of the autodiff tape while {@code grad} evaluates its first argument. */
record TracedV(Node node) implements Value {
    @Override public String typeName() { return node.describe(); }

    /** The plain value, cut from the tape. */
    Value plain() {
        return node.isScalar() ? new Value.RealV(node.scalar()) : new Value.MatV(node.matrix());
    }
}
