#!/usr/bin/env python3
"""Reference data for `nnspec export`, produced by PyTorch itself.

For every exported module under src/test/resources/export/ (one per network in examples/,
written by ExportTest with -Dgolden.update=true), this script imports the module,
instantiates the network class with its defaults, runs a forward pass on a tensor of the
module's input_shape (the summary's input: symbolic sizes are bound to the values in SIZES,
8 for the others;
a network that starts with an embedding gets token ids, zeros, as a long tensor) and records
torch's own answers: the parameter count (sum(p.numel() for p in model.parameters()), so a
tied weight counts once), the output shape, and the parameters' names
(named_parameters(remove_duplicate=False), so a tied weight is listed under both names).
It also records each file's SHA-256, so ExportTest can tell when a module changed and this
reference must be made again. The
modules are written for torch 2.1 and later; on an older torch, LayerNorm and
TransformerEncoderLayer are given their `bias` argument here (as nn_reference.py builds them).
Networks of more than a billion parameters are built and run
on torch's meta device (shapes without storage). SyncBatchNorm's forward needs a GPU, so a
network holding one is built and counted but not run (its output_shape is null).

Regenerate (Debian's python3-torch 1.13):
    /usr/bin/python3 src/test/python/export_reference.py > src/test/resources/export/torch_reference.json
"""
import hashlib
import importlib.util
import json
import pathlib
import sys

import torch
from torch import nn

ROOT = pathlib.Path(__file__).resolve().parents[3]
EXPORTS = ROOT / "src" / "test" / "resources" / "export"
SIZES = {"N": 2, "B": 2}  # the batch; any other symbolic size is 8 (size())
META_ABOVE = 1_000_000_000

FACTORIES = ["empty", "zeros", "ones", "randn", "rand", "full", "tensor", "arange"]


class OnMeta:
    """Makes torch's factory functions allocate on the meta device while it is entered."""

    def __enter__(self):
        self.saved = {name: getattr(torch, name) for name in FACTORIES}
        for name, f in self.saved.items():
            setattr(torch, name, self.wrap(f))

    def __exit__(self, *exc):
        for name, f in self.saved.items():
            setattr(torch, name, f)

    @staticmethod
    def wrap(f):
        def on_meta(*args, **kwargs):
            kwargs["device"] = "meta"
            return f(*args, **kwargs)
        return on_meta


class LayerNorm(nn.LayerNorm):
    """torch 2.1's nn.LayerNorm(bias=False) on torch 1.13: the bias parameter removed."""

    def __init__(self, *args, bias=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not bias:
            self.register_parameter("bias", None)


class TransformerEncoderLayer(nn.TransformerEncoderLayer):
    """torch 2.1's nn.TransformerEncoderLayer(bias=False) on torch 1.13: no bias anywhere."""

    def __init__(self, d_model, nhead, dim_feedforward=2048, *args, bias=True, **kwargs):
        super().__init__(d_model, nhead, dim_feedforward, *args, **kwargs)
        if not bias:
            self.self_attn = nn.MultiheadAttention(d_model, nhead, bias=False, batch_first=kwargs.get("batch_first", False))
            self.linear1 = nn.Linear(d_model, dim_feedforward, bias=False)
            self.linear2 = nn.Linear(dim_feedforward, d_model, bias=False)
            self.norm1.register_parameter("bias", None)
            self.norm2.register_parameter("bias", None)
            # torch 1.13's eval-mode fast path reads every bias; this flag is what turns it off
            self.activation_relu_or_gelu = False


if torch.__version__ < "2.1":
    # the exported modules are written for torch 2.1 and later
    nn.LayerNorm, nn.TransformerEncoderLayer = LayerNorm, TransformerEncoderLayer


def load(path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def network_class(module):
    """The network's class: the module defines it last (its name may have had a '_' added)."""
    return [v for v in vars(module).values() if isinstance(v, type) and v.__module__ == module.__name__][-1]


def parameter_count(module):
    """The count from a meta-device build: cheap for any size."""
    with OnMeta():
        model = network_class(module)()
    return sum(p.numel() for p in model.parameters())


def parameter_names(model):
    """Every parameter's dotted name, a tied weight under each module that holds it (torch
    1.13's named_parameters lists a shared tensor once)."""
    names = []
    for prefix, m in model.named_modules(remove_duplicate=False):
        for name, p in m._parameters.items():
            if p is not None:
                names.append(prefix + "." + name if prefix else name)
    return names


def size(name):
    return SIZES.get(name, 8)


def first_layer(model):
    for m in model.modules():
        if not list(m.children()):
            return m
    return None


def check(path):
    module = load(path)
    name = path.stem
    meta = parameter_count(module) > META_ABOVE
    if meta:
        with OnMeta():
            model = network_class(module)()
    else:
        torch.manual_seed(0)
        model = network_class(module)()
    model.eval()
    shape = [size(d) if isinstance(d, str) else d for d in model.input_shape]
    device = "meta" if meta else "cpu"
    if isinstance(first_layer(model), (nn.Embedding, nn.EmbeddingBag)):
        x = torch.zeros(shape, dtype=torch.long, device=device)
    else:
        x = torch.randn(shape, device=device)
    if any(isinstance(m, nn.SyncBatchNorm) for m in model.modules()):
        y = None  # SyncBatchNorm's forward runs only on a GPU
    else:
        # gradients on: torch 1.13's eval-mode fast path of MultiheadAttention fails on bias=False
        y = model(x)
    return {
        "file": path.relative_to(EXPORTS).as_posix() if path.is_relative_to(EXPORTS) else str(path),
        "network": name,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "sizes": {d: size(d) for d in model.input_shape if isinstance(d, str)},
        "input_shape": shape,
        "params": sum(p.numel() for p in model.parameters()),
        "output_shape": None if y is None else list(y.shape),
        "parameter_names": parameter_names(model),
        "device": device,
    }


def main():
    results = []
    for path in sorted(EXPORTS.rglob("*.py")):
        print(path.relative_to(EXPORTS), file=sys.stderr)
        results.append(check(path))
    json.dump({"torch": torch.__version__, "networks": results}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
