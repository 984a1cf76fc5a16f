#!/usr/bin/env python3
"""Reference data for nnspec's model zoo, produced by torchvision itself.

For each torchvision model (weights=None) the script runs one forward pass on a
1×3×224×224 input with a forward hook on every leaf module that owns parameters, and
records those layers in the order they ran: the module's dotted name in torchvision, its
type, its output shape and its parameter count (torch's `numel` over the module's own
parameters; buffers such as BatchNorm running statistics are not parameters). It also
records the model's total parameter count and its MACs, counted from the actual tensor
shapes the hooks saw: convolution `out.numel() · (in_channels/groups) · k_h · k_w`,
linear `out.numel() · in_features` (docs/language.md section 6's convention).

Only parameterised layers are recorded: torchvision calls some parameter-free modules
more than once (ResNet's `relu`) or uses functional forms (DenseNet's final ReLU and
pooling), so their order is not a property of the architecture.

Regenerate (Debian's python3-torchvision 0.14; use /usr/bin/python3):
    /usr/bin/python3 src/test/python/zoo_reference.py > src/test/resources/zoo/torchvision_reference.json
"""
import json
import sys

import torch
import torchvision
from torch import nn

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


def macs(m, y):
    if isinstance(m, nn.Conv2d):
        return y.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]
    if isinstance(m, nn.Linear):
        return y.numel() * m.in_features
    return 0


def record(name):
    model = getattr(torchvision.models, name)(weights=None).eval()
    layers = []
    hooks = []
    for module_name, m in model.named_modules():
        own = list(m.parameters(recurse=False))
        if not own or list(m.children()):
            continue

        def hook(mod, inputs, output, module_name=module_name):
            layers.append({
                "name": module_name,
                "type": type(mod).__name__,
                "output_shape": list(output.shape),
                "params": sum(p.numel() for p in mod.parameters(recurse=False)),
                "macs": macs(mod, output),
            })

        hooks.append(m.register_forward_hook(hook))
    with torch.no_grad():
        y = model(torch.zeros(1, 3, 224, 224))
    for h in hooks:
        h.remove()
    return {
        "output_shape": list(y.shape),
        "total_params": sum(p.numel() for p in model.parameters()),
        "total_macs": sum(l["macs"] for l in layers),
        "layers": layers,
    }


def main():
    out = {
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "input": [1, 3, 224, 224],
        "models": [],
    }
    for name, file in MODELS:
        entry = {"model": name, "file": file}
        entry.update(record(name))
        out["models"].append(entry)
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
