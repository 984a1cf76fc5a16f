#!/usr/bin/env python3
"""Reference data for nnspec's model zoo, produced by torchvision itself.

For each torchvision model (weights=None, eval mode) the script runs one forward pass on a
1×3×224×224 input of zeros under torch.no_grad(), with forward hooks, and records the
layers that own parameters in the order they ran: the module's dotted name in torchvision,
its type, its output shape and its parameter count (torch's `numel` over the parameters the
row stands for; buffers such as BatchNorm running statistics are not parameters). It also
records the model's total parameter count (`sum(p.numel() for p in model.parameters())`),
its output shape and its MACs, the sum of the rows' MACs, counted from the actual tensor
shapes the hooks saw (docs/language.md section 6's convention):
  convolution  `out.numel() · (in_channels/groups) · k_h · k_w`
  linear       `out.numel() · in_features`
  anything else 0 (bias, normalisation, activation, pooling, elementwise products and sums).

Only parameterised layers are recorded: torchvision calls some parameter-free modules
more than once (ResNet's `relu`, Swin's `stochastic_depth`) or uses functional forms
(DenseNet's final ReLU and pooling), so their order is not a property of the architecture.

Two sets of models, each in its own file (the v1 file is what ZooTest reads; its content
is unchanged by the v2 additions):

  v1  torchvision_reference.json: alexnet … squeezenet1_0. Every row is a leaf module
      (a module without children) that owns parameters.

  v2  torchvision_v2_reference.json: efficientnet_b0, mobilenet_v3_large, convnext_tiny,
      vit_b_16, swin_t, regnet_y_400mf, shufflenet_v2_x1_0, recorded the way nnspec
      represents them (docs/language.md 6.1):
      - Units, one row holding all their parameters, their children not recorded:
          torch.nn.MultiheadAttention (type "MultiheadAttention"),
          torchvision's ShiftedWindowAttention and PatchMerging.
        MACs (batch B; the hook's output for MultiheadAttention, its input for PatchMerging):
          MultiheadAttention, self-attention, sequence L, embedding E:
            B · (4·L·E² + 2·L·L·E)   (q, k, v, out projections; scores and weighted sum)
          ShiftedWindowAttention on (B, H, W, C), window (wh, ww), T = wh·ww:
            Hp, Wp = H, W padded up to multiples of wh, ww; windows nW = (Hp/wh)·(Wp/ww)
            B · (Hp·Wp·C·3C + Hp·Wp·C·C + nW·2·T²·C)
          PatchMerging on (B, H, W, C):  B · ⌈H/2⌉·⌈W/2⌉ · 4C · 2C
      - Other leaf modules with parameters: one row each, as in v1.
      - A parameter owned directly by a module that has children and is not a unit
        (ViT's `class_token` and `encoder.pos_embedding`, ConvNeXt's CNBlock
        `layer_scale`): a row of type "Parameter" named by the parameter's full dotted
        name, output_shape = the parameter's shape, params = its numel, macs 0.
        Position rule (use order): the row goes where the forward first hands the
        parameter to a torch operation (seen by a TorchFunctionMode), i.e. after the rows
        of the modules that finished before that operation and before the rows of those
        that finish after it. So ViT reads conv_proj, class_token (its `expand`),
        encoder.pos_embedding (the `add`), encoder.layers.encoder_layer_0.ln_1, …; a
        ConvNeXt block reads block.0, block.2, block.3, block.5, then layer_scale (the
        multiply `layer_scale * block(x)` runs after the block).
      v2 rows, like v1 rows, carry "name" = the full torchvision dotted name
      (the state_dict prefix of the row's parameters).

  modules  torchvision_v2_modules.txt: for each v2 model the whole module tree, one line
      per module (name, type with its arguments, own parameters with shapes, the output
      shape of each call that a forward hook saw, which reference row it gives), after a
      comment section listing what torchvision does with functional calls, which no module
      shows. It is for whoever writes the .nnspec files.

Checks made while generating (an AssertionError stops the script): every parameter of
the model is in exactly one row (row params summed over distinct names = total params);
every Parameter-row parameter is used by the forward; and the total MACs equal an
independent op-level count, made in a second forward pass with autograd on (so
MultiheadAttention takes its composite path instead of the fused fast path) under a
TorchDispatchMode that adds up every aten mm/addmm (M·K·N), bmm/baddbmm (B·M·K·N) and
convolution (out.numel()·(C_in/groups)·k_h·k_w) that really ran.

Regenerate (Debian's python3-torchvision 0.14 on python3-torch 1.13; use /usr/bin/python3):
    /usr/bin/python3 src/test/python/zoo_reference.py > src/test/resources/zoo/torchvision_reference.json
    /usr/bin/python3 src/test/python/zoo_reference.py v2 > src/test/resources/zoo/torchvision_v2_reference.json
    /usr/bin/python3 src/test/python/zoo_reference.py modules > src/test/resources/zoo/torchvision_v2_modules.txt
The output is deterministic (zero input, shapes and counts only; no weights are read).
"""
import json
import math
import sys

import torch
import torchvision
from torch import nn
from torch.overrides import TorchFunctionMode
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_flatten
from torchvision.models.swin_transformer import PatchMerging, ShiftedWindowAttention

# torchvision constructor, the examples/zoo file that describes the same network
MODELS = [
    ("alexnet", "alexnet.nnspec"),
    ("vgg16", "vgg16.nnspec"),
    ("resnet18", "resnet18.nnspec"),
    ("resnet50", "resnet50.nnspec"),
    ("mobilenet_v2", "mobilenetv2.nnspec"),
    ("densenet121", "densenet121.nnspec"),
    ("squeezenet1_0", "squeezenet1_0.nnspec"),
]

MODELS_V2 = [
    ("efficientnet_b0", "efficientnet_b0.nnspec"),
    ("mobilenet_v3_large", "mobilenet_v3_large.nnspec"),
    ("convnext_tiny", "convnext_tiny.nnspec"),
    ("vit_b_16", "vit_b_16.nnspec"),
    ("swin_t", "swin_t.nnspec"),
    ("regnet_y_400mf", "regnet_y_400mf.nnspec"),
    ("shufflenet_v2_x1_0", "shufflenet_v2_x1_0.nnspec"),
]

# modules recorded as one row with all their parameters (exact types: the V2 variants of
# Swin's modules are different layers)
UNITS = {
    nn.MultiheadAttention: "MultiheadAttention",
    ShiftedWindowAttention: "ShiftedWindowAttention",
    PatchMerging: "PatchMerging",
}

INPUT = [1, 3, 224, 224]


def first_tensor(output):
    """A module's output tensor; MultiheadAttention returns (attn_output, attn_weights)."""
    return output[0] if isinstance(output, tuple) else output


def macs(m, inputs, y):
    if isinstance(m, nn.Conv2d):
        return y.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]
    if isinstance(m, nn.Linear):
        return y.numel() * m.in_features
    if type(m) is nn.MultiheadAttention:
        # called as self-attention (ViT: query=key=value=x); y is (B, L, E) batch first
        b, seq, e = (y.shape[0], y.shape[1], y.shape[2]) if m.batch_first else (y.shape[1], y.shape[0], y.shape[2])
        return b * (4 * seq * e * e + 2 * seq * seq * e)
    if type(m) is ShiftedWindowAttention:
        b, h, w, c = y.shape  # the output has the input's (B, H, W, C) layout, unpadded
        wh, ww = m.window_size
        hp, wp = math.ceil(h / wh) * wh, math.ceil(w / ww) * ww
        t = wh * ww
        windows = (hp // wh) * (wp // ww)
        return b * (hp * wp * c * 3 * c + hp * wp * c * c + windows * 2 * t * t * c)
    if type(m) is PatchMerging:
        b, h, w, c = inputs[0].shape
        return b * math.ceil(h / 2) * math.ceil(w / 2) * 4 * c * 2 * c
    return 0


def inside(name, unit):
    """Whether module `name` is a descendant of module `unit` (dotted names; "" is the root)."""
    return name != unit and (unit == "" or name.startswith(unit + "."))


def plan(model):
    """(units, leaves, owned): the modules that give rows and the Parameter-row parameters.

    units: name → unit module; leaves: name → leaf module with parameters outside units;
    owned: full parameter name → parameter, for parameters owned directly by a module that
    has children, is no unit and is not inside one."""
    units, leaves, owned = {}, {}, {}
    for name, m in model.named_modules():
        if any(inside(name, u) for u in units):
            continue  # the unit's row holds it
        own = list(m.named_parameters(recurse=False))
        if type(m) in UNITS:
            units[name] = m
        elif own and not list(m.children()):
            leaves[name] = m
        else:
            for pname, p in own:
                owned[f"{name}.{pname}" if name else pname] = p
    return units, leaves, owned


class FirstUse(TorchFunctionMode):
    """Calls `on_use(name)` the first time a torch operation receives a watched parameter."""

    def __init__(self, watched, on_use):
        super().__init__()
        self.watched = {id(p): n for n, p in watched.items()}
        self.on_use = on_use
        self.used = set()

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        for a in tree_flatten((args, kwargs))[0]:
            name = self.watched.get(id(a))
            if name is not None and name not in self.used:
                self.used.add(name)
                self.on_use(name)
        return func(*args, **kwargs)


def record(name, v2=False):
    model = getattr(torchvision.models, name)(weights=None).eval()
    units, leaves, owned = plan(model)
    if not v2:
        assert not units and not owned, f"{name}: v1 models have leaf rows only"
    layers = []
    hooks = []
    for module_name, m in list(units.items()) + list(leaves.items()):

        def hook(mod, inputs, output, module_name=module_name):
            y = first_tensor(output)
            layers.append({
                "name": module_name,
                "type": UNITS.get(type(mod), type(mod).__name__),
                "output_shape": list(y.shape),
                "params": sum(p.numel() for p in mod.parameters()),
                "macs": macs(mod, inputs, y),
            })

        hooks.append(m.register_forward_hook(hook))

    def parameter_row(pname):
        p = owned[pname]
        layers.append({"name": pname, "type": "Parameter", "output_shape": list(p.shape), "params": p.numel(), "macs": 0})

    first_use = FirstUse(owned, parameter_row)
    with torch.no_grad():
        if owned:
            with first_use:
                y = model(torch.zeros(*INPUT))
        else:
            y = model(torch.zeros(*INPUT))
    for h in hooks:
        h.remove()
    assert first_use.used == set(owned), f"{name}: parameters never used: {set(owned) - first_use.used}"

    total_params = sum(p.numel() for p in model.parameters())
    by_name = {l["name"]: l["params"] for l in layers}
    assert sum(by_name.values()) == total_params, f"{name}: rows hold {sum(by_name.values())} of {total_params} parameters"
    total_macs = sum(l["macs"] for l in layers)
    counted = op_level_macs(model)
    assert counted == total_macs, f"{name}: rows say {total_macs} MACs, the aten ops {counted}"
    return {
        "output_shape": list(y.shape),
        "total_params": total_params,
        "total_macs": total_macs,
        "layers": layers,
    }


class CountMacs(TorchDispatchMode):
    aten = torch.ops.aten
    UNEXPECTED = {"matmul", "linear", "einsum", "mv", "addmv", "dot", "addbmm", "_native_multi_head_attention",
                  "mkldnn_convolution", "convolution_overrideable", "conv2d", "_convolution"}

    def __init__(self):
        super().__init__()
        self.macs = 0

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        packet = func.overloadpacket
        a = self.aten
        if packet in (a.mm, a.addmm):
            x, w = (args[0], args[1]) if packet is a.mm else (args[1], args[2])
            self.macs += x.shape[0] * x.shape[1] * w.shape[1]
        elif packet in (a.bmm, a.baddbmm):
            x, w = (args[0], args[1]) if packet is a.bmm else (args[1], args[2])
            self.macs += x.shape[0] * x.shape[1] * x.shape[2] * w.shape[2]
        elif packet is a.convolution:
            w = args[1]
            self.macs += out.numel() * w.shape[1] * math.prod(w.shape[2:])
        else:
            assert packet.__name__ not in self.UNEXPECTED, f"uncounted product {func}"
        return out


def op_level_macs(model):
    """The MACs of every matrix product and convolution that a forward really runs."""
    counter = CountMacs()
    with torch.enable_grad(), counter:
        model(torch.zeros(*INPUT))
    return counter.macs


def reference(models, v2):
    out = {
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "input": INPUT,
    }
    if v2:
        out["units"] = list(UNITS.values())
        out["parameter_rows"] = ("type Parameter: a parameter owned directly by a module with children, named by its "
                                 "full name, placed where the forward first uses it (zoo_reference.py's docstring)")
    out["models"] = []
    for name, file in models:
        entry = {"model": name, "file": file}
        entry.update(record(name, v2))
        out["models"].append(entry)
    return out


# ---------------------------------------------------------------------------- module listing

FUNCTIONAL_NOTES = """\
# torchvision's v2 zoo models, module by module (torch {torch}, torchvision {tv}; input 1×3×224×224,
# eval mode; generated by src/test/python/zoo_reference.py — do not edit by hand).
#
# One line per module, in named_modules() order (= state_dict order, = the order of __init__,
# which is not always the order of forward):
#   NAME  TYPE(ARGS)  params NAME[SHAPE] …  → out [SHAPE]  ROW …
# "(root)" is the model itself. "→ out" is the output of each call that a forward hook saw
# ("×2": called twice per forward; "not called": the module's forward never runs, its weights
# are used by its parent through functional calls). "ROW k" marks what gives the k-th row (from 1,
# forward order) in torchvision_v2_reference.json: a leaf row, a unit row (its children are
# "in unit" and give none), or a Parameter row for a parameter owned by a module with children.
#
# What torchvision does with functional calls or plain tensor operations (no module shows these):
#
# efficientnet_b0
#   - MBConv.forward: result = block(x); if use_res_connect (stride 1 and in == out channels):
#     result = stochastic_depth(result) (module, identity in eval); result += input (in-place add).
#   - SqueezeExcitation.forward: scale = avgpool → fc1 → SiLU → fc2 → Sigmoid; return scale * input
#     (a broadcasting multiply, (1,C,1,1)·(1,C,H,W)); squeeze channels = max(1, block input channels // 4).
#   - EfficientNet._forward_impl: features → avgpool → torch.flatten(x, 1) → classifier
#     (Dropout(0.2, inplace), Linear).
# mobilenet_v3_large
#   - InvertedResidual.forward: result = block(x); if use_res_connect: result += input
#     (no stochastic depth); features.1 … features.15 are the blocks themselves (no stage Sequential).
#   - SqueezeExcitation (scale_activation Hardsigmoid, activation ReLU): return scale * input;
#     squeeze channels = _make_divisible(expanded // 4, 8).
#   - BatchNorm2d(eps=0.001, momentum=0.01) everywhere. _forward_impl: features → avgpool →
#     torch.flatten(x, 1) → classifier (Linear, Hardswish, Dropout(0.2), Linear).
# convnext_tiny
#   - LayerNorm2d (a leaf, subclass of nn.LayerNorm over the channels) does x.permute(0,2,3,1),
#     F.layer_norm, x.permute(0,3,1,2) inside its forward: one module, type "LayerNorm2d"
#     (features.0.1, features.{{2,4,6}}.0, classifier.0).
#   - CNBlock.forward: result = self.layer_scale * self.block(input)   (layer_scale (C,1,1)
#     broadcast over (1,C,H,W); the multiply runs after the block); result = stochastic_depth(result)
#     (module); result += input (in-place residual). The block itself is a Sequential with
#     Permute modules (torchvision.ops.misc.Permute) around LayerNorm / Linear / GELU / Linear.
#   - ConvNeXt._forward_impl: features → avgpool → classifier (LayerNorm2d, Flatten, Linear).
# vit_b_16
#   - _process_input: conv_proj (Conv2d 16×16 stride 16) → x.reshape(n, 768, 14·14) →
#     x.permute(0, 2, 1) → (1, 196, 768).
#   - forward: self.class_token.expand(n, -1, -1); x = torch.cat([class_token, x], dim=1)
#     (class token FIRST) → (1, 197, 768); encoder; x = x[:, 0] (select token 0); heads.
#   - Encoder.forward: input = input + self.pos_embedding; ln(layers(dropout(input))).
#   - EncoderBlock.forward: x = ln_1(input); x, _ = self_attention(query=x, key=x, value=x,
#     need_weights=False) (MultiheadAttention, batch_first=True, returns a tuple); dropout;
#     x = x + input; y = mlp(ln_2(x)); return x + y. LayerNorm eps=1e-6.
#   - Encoder layers are named encoder_layer_0 … encoder_layer_11 (an OrderedDict Sequential),
#     not 0 … 11; the MLP is an MLP Sequential: 0 Linear, 1 GELU, 2 Dropout, 3 Linear, 4 Dropout.
#   - MultiheadAttention owns in_proj_weight (3E, E) and in_proj_bias (3E) directly and an
#     out_proj child (NonDynamicallyQuantizableLinear) whose forward never runs: the functional
#     attention reads out_proj.weight/bias (under no_grad in eval torch even takes a fused fast path).
# swin_t
#   - features.0: Sequential(Conv2d 4×4 stride 4, Permute([0,2,3,1]), LayerNorm): channels last
#     from here on, (1, H, W, C).
#   - SwinTransformerBlock.forward: x = x + stochastic_depth(attn(norm1(x)));
#     x = x + stochastic_depth(mlp(norm2(x))). The one stochastic_depth module runs twice.
#   - ShiftedWindowAttention.forward is functional: F.pad H, W to multiples of the window,
#     torch.roll by -shift (odd blocks, shift [3,3]), window partition (view/permute), F.linear with
#     qkv.weight/bias (the qkv and proj Linear children's forwards never run), q·scale @ kᵀ,
#     + relative_position_bias_table[relative_position_index] (table (169, heads) is the unit's own
#     parameter), + shift mask, softmax, @ v, F.linear with proj.weight/bias, reverse windows,
#     torch.roll back, unpad. Where the window (7) covers the padded feature map (stage 4, 7×7),
#     the shift is set to 0 at run time although the module's shift_size says [3, 3].
#   - PatchMerging.forward: _patch_merging_pad (F.pad H, W to even; x[0::2,0::2], x[1::2,0::2],
#     x[0::2,1::2], x[1::2,1::2] concatenated on the last dim → 4C), then norm (LayerNorm(4C)),
#     then reduction (Linear(4C, 2C, bias=False)): norm runs BEFORE reduction although it is
#     registered after it.
#   - SwinTransformer.forward: features → norm → permute (Permute([0,3,1,2]) module) → avgpool →
#     flatten (Flatten module) → head.
# regnet_y_400mf
#   - BlockParams.from_init_params(depth=16, w_0=48, w_a=27.89, w_m=2.09, group_width=8, se_ratio=0.25):
#     stage widths 48, 104, 208, 440, depths 1, 3, 6, 6, stride 2 in each stage's first block,
#     bottleneck multiplier 1, groups = width // 8.
#   - AnyStage names its blocks block{{stage}}-{{i}} (add_module(f"block{{stage_index}}-{{i}}", …)): a '-'
#     in the name, so trunk_output.block2.block2-1 rather than trunk_output.block2.1.
#   - ResBottleneckBlock.forward: x = proj(x) + f(x) when proj exists (width or stride changes),
#     else x = x + f(x); return activation(x). proj is registered before f but runs first too.
#   - SqueezeExcitation (activation ReLU, scale_activation Sigmoid): return scale * input;
#     squeeze channels = int(round(0.25 · the block's INPUT width)), not the bottleneck width.
#   - RegNet.forward: stem → trunk_output → avgpool → x.flatten(start_dim=1) → fc.
# shufflenet_v2_x1_0
#   - InvertedResidual.forward: stride 1: x1, x2 = x.chunk(2, dim=1); out = torch.cat((x1, branch2(x2)), 1);
#     stride 2: out = torch.cat((branch1(x), branch2(x)), 1); then channel_shuffle(out, 2), a function
#     (view (N, 2, C/2, H, W), transpose(1, 2), view back), no module. Stride-1 units have an empty
#     branch1 Sequential (no parameters, never called).
#   - ShuffleNetV2._forward_impl: conv1 → maxpool → stage2 → stage3 → stage4 → conv5 →
#     x.mean([2, 3]) (global pool, no module) → fc.
"""


def describe(m):
    """The module's type with the arguments that decide its shapes."""
    t = type(m)
    if t is nn.MultiheadAttention:
        return (f"MultiheadAttention(embed_dim={m.embed_dim}, num_heads={m.num_heads}, "
                f"bias={m.in_proj_bias is not None}, batch_first={m.batch_first})")
    if t is ShiftedWindowAttention:
        return (f"ShiftedWindowAttention(dim={m.qkv.in_features}, window_size={m.window_size}, "
                f"shift_size={m.shift_size}, num_heads={m.num_heads}, qkv_bias={m.qkv.bias is not None}, "
                f"proj_bias={m.proj.bias is not None})")
    if t is PatchMerging:
        return f"PatchMerging(dim={m.dim})"
    if t.__name__ == "Permute":
        return f"Permute({list(m.dims)})"
    if not list(m.children()):
        return repr(m)
    extra = []
    if hasattr(m, "use_res_connect"):
        extra.append(f"use_res_connect={m.use_res_connect}")
    return f"{t.__name__}({', '.join(extra)})"


def shape_text(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


def module_lines(name):
    model = getattr(torchvision.models, name)(weights=None).eval()
    units, leaves, owned = plan(model)
    rows = record(name, v2=True)
    row_index = {l["name"]: i for i, l in enumerate(rows["layers"])}
    calls = {}
    hooks = []
    for module_name, m in model.named_modules():

        def hook(mod, inputs, output, module_name=module_name):
            y = output
            suffix = ""
            if isinstance(output, tuple):
                y, suffix = output[0], " (tuple, [0])"
            calls.setdefault(module_name, []).append(shape_text(y.shape) + suffix)

        hooks.append(m.register_forward_hook(hook))
    with torch.no_grad():
        model(torch.zeros(*INPUT))
    for h in hooks:
        h.remove()

    lines = [f"## {name}  (file {dict(MODELS_V2)[name]}; output {shape_text(rows['output_shape'])}; "
             f"total params {rows['total_params']:,}; total MACs {rows['total_macs']:,}; "
             f"{len(rows['layers'])} reference rows)"]
    for module_name, m in model.named_modules():
        parts = [module_name or "(root)", describe(m)]
        own = list(m.named_parameters(recurse=False))
        if own:
            parts.append("params " + " ".join(f"{p}{shape_text(t.shape)}" for p, t in own))
        seen = calls.get(module_name, [])
        if not seen:
            parts.append("→ not called")
        else:
            distinct = list(dict.fromkeys(seen))
            parts.append("→ out " + " ".join(distinct) + (f" ×{len(seen)}" if len(seen) > 1 else ""))
        unit = next((u for u in units if inside(module_name, u)), None)
        if module_name in row_index:
            r = rows["layers"][row_index[module_name]]
            kind = "unit " if module_name in units else ""
            parts.append(f"ROW {row_index[module_name] + 1} {kind}{r['type']}, {r['params']:,} params, {r['macs']:,} MACs")
        elif unit is not None:
            parts.append(f"in unit {unit}")
        for pname, p in own:
            full = f"{module_name}.{pname}" if module_name else pname
            if full in owned:
                parts.append(f"ROW {row_index[full] + 1} Parameter {full}{shape_text(p.shape)}, {p.numel():,} params")
        lines.append("  ".join(parts))
    return lines


def modules_listing():
    text = [FUNCTIONAL_NOTES.format(torch=torch.__version__, tv=torchvision.__version__)]
    for name, _ in MODELS_V2:
        text.append("")
        text.extend(module_lines(name))
    return "\n".join(text) + "\n"


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else "v1"
    if what == "v1":
        json.dump(reference(MODELS, v2=False), sys.stdout, indent=1)
        sys.stdout.write("\n")
    elif what == "v2":
        json.dump(reference(MODELS_V2, v2=True), sys.stdout, indent=1)
        sys.stdout.write("\n")
    elif what == "modules":
        sys.stdout.write(modules_listing())
    else:
        sys.exit("usage: zoo_reference.py [v1 | v2 | modules]")


if __name__ == "__main__":
    main()
