# H02 as a PyTorch module, exported by nnspec 0.1.0
# from src/test/resources/export/cases/h02_tables.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""H02: input (N, 3, 24, 24), output (N, 10), 54,394 parameters."""

import math

import torch
from torch import nn

cfg = [[16, 1, 1], [24, 2, 2], [32, 3, 2]]
expand = (1, 4, 6)


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


class Inv(Steps):
    """The block Inv(cin, cout, stride, t).

    As 1 in H02, Inv(16, 16, 1, 1): output (N, 16, 24, 24), 704 parameters (one of 6 uses).
    """

    def __init__(self, cin, cout, stride, t):
        super().__init__()
        hid = round(cin * t)
        if stride == 1 and cin == cout:
            body, shortcut = [], []
            self.add_layer(nn.Conv2d(cin, hid, 1), to=body)
            self.add_layer(nn.ReLU6(), to=body)
            self.add_layer(nn.Conv2d(hid, hid, 3, padding=1, groups=hid), to=body)
            self.add_layer(nn.ReLU6(), to=body)
            self.add_layer(nn.Conv2d(hid, cout, 1), to=body)
            self.add_step(Residual(body, shortcut))
        else:
            if t != 1:
                self.add_layer(nn.Conv2d(cin, hid, 1))
                self.add_layer(nn.ReLU6())
            self.add_layer(nn.Conv2d(hid, hid, 3, stride=stride, padding=1, groups=hid))
            self.add_layer(nn.ReLU6())
            self.add_layer(nn.Conv2d(hid, cout, 1))


class H02(Steps):
    """H02: input (N, 3, 24, 24), output (N, 10), 54,394 parameters."""

    def __init__(self, mult=1.0):
        super().__init__()
        self.input_shape = ("N", 3, 24, 24)
        c = math.floor(16 * mult)
        self.add_layer(nn.Conv2d(3, c, 3, padding=1), "features")
        for i in range(len(cfg)):
            row = cfg[i]
            out = math.floor(row[0] * mult)
            for j in range(row[1]):
                if j == 0:
                    self.add_layer(Inv(c, out, row[2], expand[i]))
                else:
                    self.add_layer(Inv(out, out, 1, expand[-1]))
                c = out
        for pair in [[2, 2], [1, 1]]:
            self.add_layer(nn.AvgPool2d(pair[0], stride=pair[1]))
        self.add_layer(nn.Flatten())
        self.add_layer(nn.Linear(c * 9, 10), "classifier")
