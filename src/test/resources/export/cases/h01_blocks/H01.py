# H01 as a PyTorch module, exported by nnspec 0.1.0
# from src/test/resources/export/cases/h01_blocks.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""H01: input (N, 3, 32, 32), output (N, 7), 75,141 parameters."""

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


class ConvBNAct(Steps):
    """The block ConvBNAct(cin, cout, k=3, stride=1, act="relu").

    As stem in H01, ConvBNAct(3, 8, k=3, act="hs"): output (N, 8, 32, 32), 232 parameters (one of 7
    uses).
    """

    def __init__(self, cin, cout, k=3, stride=1, act="relu"):
        super().__init__()
        pad = (k - 1) // 2
        self.add_layer(nn.Conv2d(cin, cout, k, stride=stride, padding=pad, bias=False), "conv")
        self.add_layer(nn.BatchNorm2d(cout), "bn")
        if act == "relu":
            self.add_layer(nn.ReLU())
        elif act == "silu":
            self.add_layer(nn.SiLU())
        elif act == "hs":
            self.add_layer(nn.Hardswish())
        else:
            self.add_layer(nn.Identity())


class Stage(Steps):
    """The block Stage(cin, cout, depth=2, act="silu").

    As s1 in H01, Stage(8, 16): output (N, 16, 16, 16), 7,616 parameters (one of 3 uses).
    """

    def __init__(self, cin, cout, depth=2, act="silu"):
        super().__init__()
        self.add_layer(ConvBNAct(cin, cout, stride=2, act=act), "first")
        rest = self.add_layer(Steps(), "rest")
        for _ in range(depth - 1):
            rest.add_layer(ConvBNAct(cout, cout, k=5, act=act))


class H01(Steps):
    """H01: input (N, 3, 32, 32), output (N, 7), 75,141 parameters."""

    def __init__(self, width=8, classes=7):
        super().__init__()
        self.input_shape = ("N", 3, 32, 32)
        self.add_layer(ConvBNAct(3, width, k=3, act="hs"), "stem")
        self.add_layer(Stage(width, width * 2), "s1")
        self.add_layer(Stage(width * 2, width * 2 ** 2, depth=3, act="relu"), "s2")
        self.add_layer(Stage(width * 4, max(width * 4, 40) - width % 3, depth=1, act="none"), "s3")
        self.add_layer(nn.AdaptiveAvgPool2d((1, None)))
        self.add_layer(nn.AdaptiveMaxPool2d((None, 1)))
        self.add_layer(nn.Flatten())
        self.add_layer(nn.Linear(max(width * 4, 40) - width % 3, classes), "head")
