package org.nnspec.nn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nnspec.diag.NnspecException;

/**
 * The layer catalog: one {@link LayerType} per layer, registered by the group classes
 * (convolutions, pooling, ...). Adding a layer is one entry in its group; {@code bin/nnspec
 * layers}, the REPL's help and the network builder all read the same entries.
 */
public final class LayerCatalog {
    /** Where the group classes add their entries. */
    static final class Registry {
        private final Map<String, LayerType> types = new LinkedHashMap<>();

        void add(LayerType t) {
            if (types.put(t.name(), t) != null) throw new IllegalStateException("layer registered twice: " + t.name());
        }
    }

    private static final Map<String, LayerType> TYPES;

    static {
        Registry r = new Registry();
        ConvLayers.register(r);
        PoolLayers.register(r);
        ShapeLayers.register(r);
        ActivationLayers.register(r);
        NormLayers.register(r);
        SequenceLayers.register(r);
        AttentionLayers.register(r);
        ResizeLayers.register(r);
        TensorLayers.register(r);
        TYPES = Collections.unmodifiableMap(r.types);
    }

    private LayerCatalog() {}

    public static Optional<LayerType> find(String name) { return Optional.ofNullable(TYPES.get(name)); }

    public static boolean has(String name) { return TYPES.containsKey(name); }

    public static Collection<LayerType> all() { return TYPES.values(); }

    /**
     * What a PyTorch user writes for operations that are tensor methods or functions rather
     * than modules, and how nnspec says each (docs/language.md sections 6 and 6.1).
     */
    private static final Map<String, String> FUNCTIONAL = Map.ofEntries(
            Map.entry("chunk", "a chunk or split is a Narrow(dim, start, length) in each branch of a concat, add or multiply"),
            Map.entry("split", "a chunk or split is a Narrow(dim, start, length) in each branch of a concat, add or multiply"),
            Map.entry("cat", "write concat(dim=1) { branch { … } branch { … } }"),
            Map.entry("concat", "write concat(dim=1) { branch { … } branch { … } }"),
            Map.entry("add", "write add { branch { } branch { … } } (or residual { … } for x + f(x))"),
            Map.entry("mul", "write multiply { branch { } branch { … } }"),
            Map.entry("multiply", "write multiply { branch { } branch { … } }"),
            Map.entry("mean", "a mean over the spatial dimensions is AdaptiveAvgPool2d(1) then Flatten()"),
            Map.entry("reshape", "write Flatten(start_dim, end_dim) or Unflatten(dim, sizes)"),
            Map.entry("view", "write Flatten(start_dim, end_dim) or Unflatten(dim, sizes)"),
            Map.entry("expand", "write Expand(N, -1, -1)"),
            Map.entry("parameter", "write Parameter(1, 1, 768)"));

    /** The type named {@code name}, or an error suggesting the nearest name. */
    public static LayerType get(String name) {
        LayerType t = TYPES.get(name);
        if (t != null) return t;
        String near = null;
        for (String n : TYPES.keySet()) {
            if (n.equalsIgnoreCase(name)) near = n;
        }
        String functional = FUNCTIONAL.get(name.toLowerCase(java.util.Locale.ROOT));
        throw new NnspecException("unknown layer " + name,
                near != null ? "did you mean " + near + "?"
                        : functional != null ? functional
                        : "`bin/nnspec layers` lists the layers nnspec knows");
    }

    /** The text of {@code bin/nnspec layers}: each layer's signature and doc line, grouped. */
    public static String listing() {
        StringBuilder sb = new StringBuilder();
        Map<String, List<LayerType>> groups = new LinkedHashMap<>();
        for (LayerType t : TYPES.values()) groups.computeIfAbsent(t.group(), g -> new ArrayList<>()).add(t);
        for (Map.Entry<String, List<LayerType>> g : groups.entrySet()) {
            sb.append(g.getKey()).append('\n');
            for (LayerType t : g.getValue()) {
                sb.append("  ").append(t.signature().display()).append('\n');
                sb.append("      ").append(t.doc()).append('\n');
            }
        }
        sb.append("`bin/nnspec layers NAME` shows a layer's shape, parameter and MACs rules.\n");
        return sb.toString();
    }

    /** The text of {@code bin/nnspec layers NAME}. */
    public static String entry(String name) { return get(name).describe(); }
}
