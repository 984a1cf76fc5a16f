# ResNeXtish as a PyTorch module, exported by nnspec 0.1.0
# from src/test/resources/export/cases/n04_resnext.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""ResNeXtish: input (N, 3, 32, 32), output (N, 10), 34,554 parameters."""

import torch
from torch import nn


def run(steps, x):
    """Passes x through steps in order: modules, merges and learnable tensors."""
    for step in steps:
        x = step(x)
    return x


class Steps(nn.Module):
    """Runs its steps in order, as an nnspec network or block does.

    Each layer is registered under its nnspec name, an unnamed one under its index among
    its siblings (as nn.Sequential numbers them), so the state_dict keys are the dotted
    names of nnspec's summary. A merge (Residual, Concat, Add, Multiply, MixtureOfExperts)
    is a step too: it runs lists of steps whose layers are registered here as well, as
    PyTorch's functional x + f(x) adds no module of its own.
    """

    def __init__(self):
        super().__init__()
        self._steps = []

    def _next_name(self):
        """The index of the next child: how many it has, or the next index not yet taken."""
        index = len(self._modules) + len(self._parameters)
        while str(index) in self._modules or str(index) in self._parameters:
            index += 1
        return str(index)

    def add_layer(self, module, name=None, to=None):
        """Registers module under name (or the next index) and runs it as a step of `to`."""
        self.add_module(self._next_name() if name is None else name, module)
        (self._steps if to is None else to).append(module)
        return module

    def add_step(self, step):
        """Runs step, a merge of lists of steps, next."""
        self._steps.append(step)

    def add_group(self, name):
        """A named group of layers that another step runs (a named branch or merge)."""
        group = Steps()
        self.add_module(name, group)
        return group

    def add_parameter(self, size, name=None, to=None):
        """A learnable tensor of the given size that replaces the tensor flowing in."""
        name = self._next_name() if name is None else name
        self.register_parameter(name, nn.Parameter(torch.zeros(size)))
        (self._steps if to is None else to).append(ParameterStep(self, name))

    def forward(self, x):
        return run(self._steps, x)


class ParameterStep:
    """Returns its module's parameter `name`, whatever flows in (a step, not a lambda, so
    that copy.deepcopy and pickle give the copy its own parameter)."""

    def __init__(self, module, name):
        self.module, self.name = module, name

    def __call__(self, x):
        return getattr(self.module, self.name)


class Residual:
    """body(x) + shortcut(x); an empty shortcut is the identity."""

    def __init__(self, body, shortcut):
        self.body, self.shortcut = body, shortcut

    def __call__(self, x):
        return run(self.body, x) + run(self.shortcut, x)


class Bottleneck(Steps):
    """The block Bottleneck(cin, planes, stride=1, groups=4, width_per_group=4, expansion=2).

    As layer1.0 in ResNeXtish, Bottleneck(16, 8, groups=4): output (N, 16, 32, 32), 3,488
    parameters (one of 4 uses).
    """

    def __init__(self, cin, planes, stride=1, groups=4, width_per_group=4, expansion=2):
        super().__init__()
        width = planes * width_per_group // 4 * groups
        body, shortcut = [], []
        self.add_layer(nn.Conv2d(cin, width, 1, bias=False), "conv1", to=body)
        self.add_layer(nn.BatchNorm2d(width), "bn1", to=body)
        self.add_layer(nn.ReLU(), to=body)
        self.add_layer(
            nn.Conv2d(width, width, 3, stride=stride, padding=1, groups=groups, bias=False),
            "conv2",
            to=body,
        )
        self.add_layer(nn.BatchNorm2d(width), "bn2", to=body)
        self.add_layer(nn.ReLU(), to=body)
        self.add_layer(nn.Conv2d(width, planes * expansion, 1, bias=False), "conv3", to=body)
        self.add_layer(nn.BatchNorm2d(planes * expansion), "bn3", to=body)
        if stride != 1 or cin != planes * expansion:
            self.add_layer(
                nn.Conv2d(cin, planes * expansion, 1, stride=stride, bias=False),
                "downsample",
                to=shortcut,
            )
            self.add_layer(nn.BatchNorm2d(planes * expansion), "dbn", to=shortcut)
        self.add_step(Residual(body, shortcut))
        self.add_layer(nn.ReLU())


class ResNeXtish(Steps):
    """ResNeXtish: input (N, 3, 32, 32), output (N, 10), 34,554 parameters."""

    def __init__(self, g=4, planes=8):
        super().__init__()
        self.input_shape = ("N", 3, 32, 32)
        self.add_layer(nn.Conv2d(3, 16, 3, padding=1, bias=False), "conv1")
        layer1 = self.add_layer(Steps(), "layer1")
        for _ in range(2):
            layer1.add_layer(Bottleneck(16, planes, groups=g))
        self.add_layer(Bottleneck(16, 2 * planes, stride=2, groups=g), "layer2")
        self.add_layer(Bottleneck(4 * planes, 2 * planes, groups=g), "layer3")
        self.add_layer(nn.AdaptiveAvgPool2d(1))
        self.add_layer(nn.Flatten(1))
        self.add_layer(nn.Linear(4 * planes, 10), "fc")
