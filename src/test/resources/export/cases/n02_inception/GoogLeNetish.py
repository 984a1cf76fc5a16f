# GoogLeNetish as a PyTorch module, exported by nnspec 0.1.0
# from src/test/resources/export/cases/n02_inception.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""GoogLeNetish: input (N, 3, 32, 32), output (N, 10), 13,786 parameters."""

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


class BasicConv(Steps):
    """The block BasicConv(cin, cout, k, pad=0).

    As stem in GoogLeNetish, BasicConv(3, 16, 3, pad=1): output (N, 16, 32, 32), 464 parameters
    (one of 17 uses).
    """

    def __init__(self, cin, cout, k, pad=0):
        super().__init__()
        self.add_layer(nn.Conv2d(cin, cout, k, padding=pad, bias=False), "conv")
        self.add_layer(nn.BatchNorm2d(cout, eps=0.001), "bn")
        self.add_layer(nn.ReLU())


class Inception(Steps):
    """The block Inception(cin, c1, c3r, c3, ks=[3, 5], pp=8).

    As a in GoogLeNetish, Inception(16, 8, 8, 16): output (N, 48, 32, 32), 4,992 parameters (one of
    2 uses).
    """

    def __init__(self, cin, c1, c3r, c3, ks=[3, 5], pp=8):
        super().__init__()
        branches = []
        branch = []
        branches.append(branch)
        branch1 = self.add_group("branch1")
        branch1.add_layer(BasicConv(cin, c1, 1), to=branch)
        for k in ks:
            branch2 = []
            branches.append(branch2)
            self.add_layer(BasicConv(cin, c3r, 1), to=branch2)
            self.add_layer(BasicConv(c3r, c3, k, pad=k // 2), to=branch2)
        branch3 = []
        branches.append(branch3)
        branch_pool = self.add_group("branch_pool")
        branch_pool.add_layer(nn.MaxPool2d(3, stride=1, padding=1), to=branch3)
        branch_pool.add_layer(BasicConv(cin, pp, 1), to=branch3)
        self.add_step(Concat(branches, dim=1))


class GoogLeNetish(Steps):
    """GoogLeNetish: input (N, 3, 32, 32), output (N, 10), 13,786 parameters."""

    def __init__(self, w=8):
        super().__init__()
        self.input_shape = ("N", 3, 32, 32)
        self.add_layer(BasicConv(3, 2 * w, 3, pad=1), "stem")
        self.add_layer(Inception(2 * w, w, w, 2 * w), "a")
        self.add_layer(Inception(w + 4 * w + 8, w, w, w, ks=[1, 3, 5, 7], pp=w), "b")
        self.add_layer(nn.AdaptiveAvgPool2d(1))
        self.add_layer(nn.Flatten())
        self.add_layer(nn.Linear(w + 4 * w + w, 10), "fc")
