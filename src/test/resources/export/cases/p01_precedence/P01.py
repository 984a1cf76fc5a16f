# P01 as a PyTorch module, exported by nnspec 0.1.0
# from src/test/resources/export/cases/p01_precedence.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""P01: input (N, 4), output (N, 5), 453 parameters."""

import math

import torch
from torch import nn

a = 2
b = 3


def run(steps, x):
    """Passes x through steps in order: modules, merges and learnable tensors."""
    for step in steps:
        x = step(x)
    return x


def whole(value):
    """A whole float as an int, as nnspec takes 4 / 2 for the size 2; anything else as it is."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


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


class P01(Steps):
    """P01: input (N, 4), output (N, 5), 453 parameters."""

    def __init__(self):
        super().__init__()
        self.input_shape = ("N", 4)
        self.add_layer(nn.Linear(4, whole(10 + -a ** b)))
        self.add_layer(nn.Linear(2, whole(2 ** 3 ** 2 // 64)))
        self.add_layer(nn.Linear(8, (2 ** 3) ** 2 // 16))
        if not a == b:
            self.add_layer(nn.Linear(4, 5))
        else:
            self.add_layer(nn.Linear(4, 6))
        if (a < b) == (b > a):
            self.add_layer(nn.Linear(5, 3))
        else:
            self.add_layer(nn.Linear(5, 7))
        self.add_layer(nn.Linear(3, -7 % 3 + 1))
        self.add_layer(nn.Linear(3, -7 // 2 + 7))
        self.add_layer(nn.Linear(3, whole(round(7 / 2) + round(5 / 2))))
        self.add_layer(nn.Linear(6, whole(math.floor(-a / b) + 4)))
        self.add_layer(nn.Linear(3, a - (b - a) * 2 + 5))
        self.add_layer(nn.Linear(5, whole(math.floor(2 ** (-1) * 10 // 1))))
        if a ** 2 == 4.0 and not (b < a or False):
            self.add_layer(nn.Linear(5, 4))
        if "x\ty\"z\\" == "x\ty\"z\\" and len("a\nb") == 3:
            self.add_layer(nn.Linear(4, 2))
        self.add_layer(nn.Linear(2, max([1, 2, 9]) - min(3, 1) + abs(-2)))
        self.add_layer(nn.Linear(10, 2 * 3 % 4 + 1))
        self.add_layer(nn.Linear(3, 2 * (3 % 4) + 1))
        self.add_layer(nn.Linear(7, 100 // 7 // 2))
        self.add_layer(nn.Linear(7, --5))
