package org.nnspec.eval;

import org.nnspec.ast.Stmt;
import org.nnspec.attention.AttentionResult;
import org.nnspec.nn.Network;

/** The values of section 6 and 8: network and block definitions, built networks, attention results. */
final class NetworkValues {
    private NetworkValues() {}

    /** {@code network Name(params) { … }}: built when it is evaluated, with its arguments. */
    static final class NetworkDefV implements Value {
        final Stmt.NetworkDef def;
        final Scope closure;
        long cachedVersion = -1;
        Value cached;

        NetworkDefV(Stmt.NetworkDef def, Scope closure) {
            this.def = def;
            this.closure = closure;
        }

        @Override public String typeName() { return "network definition"; }
    }

    /** {@code block Name(params) { … }}: expanded where it is used inside a network. */
    record BlockDefV(Stmt.BlockDef def, Scope closure) implements Value {
        @Override public String typeName() { return "block"; }
    }

    record NetworkV(Network network) implements Value {
        @Override public String typeName() { return "network"; }
    }

    record AttentionV(AttentionResult result) implements Value {
        @Override public String typeName() { return "attention result"; }
    }
}
