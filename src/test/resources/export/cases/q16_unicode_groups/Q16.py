# Q16 as a PyTorch module, exported by nnspec 0.1.0
# from src/test/resources/export/cases/q16_unicode_groups.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""Q16: input (N, 4), output (N, 4), 100 parameters."""

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


class Concat:
    """The branches' outputs joined along dim; an empty branch is the identity."""

    def __init__(self, branches, dim=1):
        self.branches, self.dim = branches, dim

    def __call__(self, x):
        return torch.cat([run(branch, x) for branch in self.branches], dim=self.dim)


class Add:
    """The sum of the branches' outputs, broadcast as torch does."""

    def __init__(self, branches):
        self.branches = branches

    def __call__(self, x):
        outputs = [run(branch, x) for branch in self.branches]
        total = outputs[0]
        for output in outputs[1:]:
            total = total + output
        return total


class Q16(Steps):
    """Q16: input (N, 4), output (N, 4), 100 parameters."""

    def __init__(self):
        super().__init__()
        self.input_shape = ("N", 4)
        group = self.add_layer(Steps(), "größe")
        for _ in range(2):
            group.add_layer(nn.Linear(4, 4))
        group2 = self.add_group("ëins")
        branches = []
        branch = []
        branches.append(branch)
        group2.add_layer(nn.Linear(4, 2), to=branch)
        branch2 = []
        branches.append(branch2)
        group3 = group2.add_group("zwéi")
        group3.add_layer(nn.Linear(4, 2), to=branch2)
        self.add_step(Concat(branches, dim=1))
        group4 = self.add_group("π")
        body, shortcut = [], []
        group4.add_layer(nn.Linear(4, 4), to=body)
        self.add_step(Residual(body, shortcut))
        group5 = self.add_group("for")
        branches2 = []
        branch3 = []
        branches2.append(branch3)
        branch4 = []
        branches2.append(branch4)
        group5.add_layer(nn.Linear(4, 4), to=branch4)
        self.add_step(Add(branches2))
