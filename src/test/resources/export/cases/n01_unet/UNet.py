# UNet as a PyTorch module, exported by nnspec 0.1.0
# from src/test/resources/export/cases/n01_unet.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""UNet: input (N, 3, 32, 32), output (N, 2, 32, 32), 38,946 parameters."""

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


class Concat:
    """The branches' outputs joined along dim; an empty branch is the identity."""

    def __init__(self, branches, dim=1):
        self.branches, self.dim = branches, dim

    def __call__(self, x):
        return torch.cat([run(branch, x) for branch in self.branches], dim=self.dim)


class DoubleConv(Steps):
    """The block DoubleConv(cin, cout, mid=0).

    As inc in UNet, DoubleConv(3, 8): output (N, 8, 32, 32), 824 parameters (one of 6 uses).
    """

    def __init__(self, cin, cout, mid=0):
        super().__init__()
        m = cout
        if mid > 0:
            m = mid
        self.add_layer(nn.Conv2d(cin, m, 3, padding=1, bias=False), "c1")
        self.add_layer(nn.BatchNorm2d(m), "b1")
        self.add_layer(nn.ReLU(inplace=True))
        self.add_layer(nn.Conv2d(m, cout, 3, padding=1, bias=False), "c2")
        self.add_layer(nn.BatchNorm2d(cout), "b2")
        self.add_layer(nn.ReLU(inplace=True))


class Inner(Steps):
    """The block Inner(c).

    As body.inner in UNet, Inner(16): output (N, 16, 16, 16), 32,304 parameters.
    """

    def __init__(self, c):
        super().__init__()
        branches = []
        branch = []
        branches.append(branch)
        self.add_group("skip")
        branch2 = []
        branches.append(branch2)
        down = self.add_group("down")
        down.add_layer(nn.MaxPool2d(2), to=branch2)
        down.add_layer(DoubleConv(c, 2 * c), "enc", to=branch2)
        down.add_layer(DoubleConv(2 * c, 2 * c, mid=c), "bott", to=branch2)
        down.add_layer(nn.ConvTranspose2d(2 * c, c, kernel_size=2, stride=2), "up", to=branch2)
        self.add_step(Concat(branches, dim=1))
        self.add_layer(DoubleConv(2 * c, c), "dec")


class Level(Steps):
    """The block Level(c, deep=true).

    As body in UNet, Level(8, deep=true): output (N, 8, 32, 32), 38,104 parameters.
    """

    def __init__(self, c, deep=True):
        super().__init__()
        branches = []
        branch = []
        branches.append(branch)
        branch2 = []
        branches.append(branch2)
        self.add_layer(nn.MaxPool2d(2), to=branch2)
        self.add_layer(DoubleConv(c, 2 * c), "enc", to=branch2)
        if deep:
            self.add_layer(Inner(2 * c), "inner", to=branch2)
        else:
            self.add_layer(nn.Identity(), to=branch2)
        self.add_layer(nn.ConvTranspose2d(2 * c, c, kernel_size=2, stride=2), "up", to=branch2)
        self.add_step(Concat(branches, dim=1))
        self.add_layer(DoubleConv(2 * c, c), "dec")


class UNet(Steps):
    """UNet: input (N, 3, 32, 32), output (N, 2, 32, 32), 38,946 parameters."""

    def __init__(self, base=8, deep=True, classes=2):
        super().__init__()
        self.input_shape = ("N", 3, 32, 32)
        self.add_layer(DoubleConv(3, base), "inc")
        self.add_layer(Level(base, deep=deep), "body")
        self.add_layer(nn.Conv2d(base, classes, 1), "outc")
