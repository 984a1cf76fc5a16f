package org.nnspec.export;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.nnspec.ast.Expr;
import org.nnspec.nn.LayerCatalog;

/**
 * Each catalog layer as a PyTorch module (docs/language.md section 15), and the helpers and
 * imports the module then needs. A layer is torch's {@code nn.Name} with the same arguments
 * unless it is listed here: layers torch has no module for are defined in the exported file,
 * and torch modules that take more than one tensor or return more than one get a subclass
 * whose forward takes and returns the one tensor nnspec's network carries.
 */
final class PyTorchLayers {
    /** Layers defined in the exported file under their own name. */
    private static final Set<String> OWN = Set.of("PositionalEmbedding", "TokenTypeEmbedding", "Select", "Permute",
            "Transpose", "Narrow", "RMSNorm", "LayerNorm2d", "StochasticDepth", "GroupedQueryAttention", "Expand");

    /** torch modules run on nnspec's one tensor through a subclass of the file's. */
    private static final Map<String, String> ONE_TENSOR = Map.of(
            "MultiheadAttention", "SelfAttention", "Bilinear", "SelfBilinear",
            "TransformerDecoderLayer", "SelfDecoderLayer", "Transformer", "SelfTransformer",
            "RNN", "RNNOutput", "LSTM", "LSTMOutput", "GRU", "GRUOutput", "LSTMCell", "LSTMCellOutput");

    /** torchvision's Swin v1 modules. */
    private static final Set<String> TORCHVISION_SWIN = Set.of("ShiftedWindowAttention", "PatchMerging");

    /** Helpers a helper's code uses. */
    private static final Map<String, List<String>> USES = Map.of(
            "Steps", List.of("run", "ParameterStep"), "Residual", List.of("run"), "Concat", List.of("run"), "Add", List.of("run"),
            "Multiply", List.of("run"), "Expand", List.of("SIZES"));

    private final Set<String> helpers = new LinkedHashSet<>();
    private final Set<String> swin = new TreeSet<>();

    void need(String helper) {
        if (!helpers.add(helper)) return;
        for (String used : USES.getOrDefault(helper, List.of())) need(used);
    }

    /** The helpers needed, in the prelude's order. */
    List<String> helpers() {
        List<String> out = new ArrayList<>();
        for (String name : Prelude.ORDER) if (helpers.contains(name)) out.add(name);
        return out;
    }

    List<String> imports() {
        return swin.isEmpty() ? List.of() : List.of("from torchvision.models.swin_transformer import " + String.join(", ", swin));
    }

    /**
     * The Python that constructs a {@code type} layer called as {@code call}; {@code args}
     * writes a list of arguments as Python.
     */
    String constructor(String type, Expr.Call call, Function<List<Expr.Argument>, String> args) {
        if (OWN.contains(type)) {
            need(type);
            return type + "(" + args.apply(call.args()) + ")";
        }
        if (ONE_TENSOR.containsKey(type)) {
            need(ONE_TENSOR.get(type));
            return ONE_TENSOR.get(type) + "(" + args.apply(call.args()) + ")";
        }
        if (TORCHVISION_SWIN.contains(type)) {
            swin.add(type);
            return type + "(" + swinArguments(type, call.args(), args) + ")";
        }
        String module = "nn." + type + "(" + args.apply(call.args()) + ")";
        if (returnsIndices(type, call)) {
            need("ValuesOnly");
            return "ValuesOnly(" + module + ")";
        }
        return module;
    }

    /**
     * torchvision's Swin modules take window_size and shift_size as lists (they copy them),
     * and PatchMerging its norm_layer as a class: "LayerNorm" is nn.LayerNorm.
     */
    private static String swinArguments(String type, List<Expr.Argument> given, Function<List<Expr.Argument>, String> args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            Expr.Argument a = given.get(i);
            String param = LayerCatalog.get(type).signature().parameterName(a.name(), i);
            boolean sizes = "window_size".equals(param) || "shift_size".equals(param);
            if (sizes && a.value() instanceof Expr.Tuple t) {
                Expr list = new Expr.Matrix(List.of(t.items()), List.of(t.span()), t.span());
                out.add(args.apply(List.of(new Expr.Argument(a.name(), a.nameSpan(), list, a.span()))));
            } else if (sizes && !(a.value() instanceof Expr.Matrix)) {
                out.add((a.name() == null ? "" : a.name() + "=") + "list(" + args.apply(List.of(new Expr.Argument(null, null, a.value(), a.span()))) + ")");
            } else if ("norm_layer".equals(param)) {
                out.add((a.name() == null ? "" : "norm_layer=") + (a.value() instanceof Expr.StrLit s && PythonText.identifier(s.value())
                        ? "nn." + s.value() : "getattr(nn, " + args.apply(List.of(new Expr.Argument(null, null, a.value(), a.span()))) + ")"));
            } else {
                out.add(args.apply(List.of(a)));
            }
        }
        return String.join(", ", out);
    }

    /** Whether a pooling layer is asked for its indices too (return_indices=True), by name or position. */
    private static boolean returnsIndices(String type, Expr.Call call) {
        for (int i = 0; i < call.args().size(); i++) {
            Expr.Argument a = call.args().get(i);
            if ("return_indices".equals(LayerCatalog.get(type).signature().parameterName(a.name(), i))) {
                // a literal false needs no wrapper; any other value is decided when it runs
                return !(a.value() instanceof Expr.BoolLit b && !b.value());
            }
        }
        return false;
    }
}
