package org.nnspec.export;

import java.math.BigInteger;
import org.nnspec.nn.Network;
import org.nnspec.nn.NetworkLayer;

/** A block's first use in a built network, for its class's docstring: where, its parameters, how many uses. */
record BlockUse(NetworkLayer.Scope scope, BigInteger params, int uses) {
    static BlockUse first(Network net, String block) {
        NetworkLayer.Scope first = null;
        java.util.Set<NetworkLayer.Scope> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        BigInteger params = BigInteger.ZERO;
        BigInteger copiesOutside = null;
        for (NetworkLayer l : net.layers()) {
            for (NetworkLayer.Scope s = l.scope(); s != null; s = s.parent()) {
                if (s.description() == null || !s.description().startsWith(block + "(")) continue;
                seen.add(s);
                if (first == null) first = s;
                if (s == first) {
                    // a use inside experts stands for its copies: one use's parameters are one copy's
                    copiesOutside = copiesOutside == null ? l.copies() : copiesOutside.min(l.copies());
                    params = params.add(l.params().multiply(l.copies()));
                }
            }
        }
        if (first == null) return null;
        return new BlockUse(first, copiesOutside == null ? params : params.divide(copiesOutside), seen.size());
    }
}
