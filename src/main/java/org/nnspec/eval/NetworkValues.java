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
        /**
         * The errors cost has reported building it again with other sizes (section 13), at
         * {@link #failedVersion}: the same error from another call stays quiet (section 10).
         */
        final java.util.Set<String> failedRebuilds = new java.util.HashSet<>();
        long failedVersion = -1;

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

    /**
     * A built network, with the definition and arguments it was built from (null for none), so
     * that {@code cost} can build it again with its symbolic sizes bound; {@code dtype}, when not
     * null, is the format its summary counts bytes in ({@code summary(Net, dtype="bf16")}), else
     * {@code --dtype}'s.
     */
    record NetworkV(Network network, NetworkDefV def, java.util.List<Args.Given> given, org.nnspec.nn.Cost.DType dtype) implements Value {
        NetworkV(Network network) { this(network, null, java.util.List.of(), null); }
        NetworkV(Network network, NetworkDefV def, java.util.List<Args.Given> given) { this(network, def, given, null); }
        @Override public String typeName() { return "network"; }
        // a network value is itself, whatever it was built from
        @Override public boolean equals(Object o) { return o instanceof NetworkV n && n.network == network; }
        @Override public int hashCode() { return System.identityHashCode(network); }
    }

    /** The result of {@code cost(Net, …)} (docs/language.md section 13). */
    record CostV(org.nnspec.nn.Cost cost) implements Value {
        @Override public String typeName() { return "cost"; }
    }

    record AttentionV(AttentionResult result) implements Value {
        @Override public String typeName() { return "attention result"; }
    }
}
