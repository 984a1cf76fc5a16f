# DenseNetish as a PyTorch module, exported by nnspec 0.1.0
# from src/test/resources/export/cases/n03_densenet.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""DenseNetish: input (N, 3, 16, 16), output (N, 5), 2,601 parameters."""

import torch
from torch import nn

growth = 4


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


class DenseLayer(Steps):
    """The block DenseLayer(c, g=growth, bn_size=2).

    As 1.0 in DenseNetish, DenseLayer(8, g=4): output (N, 12, 16, 16), 384 parameters (one of 5
    uses).
    """

    def __init__(self, c, g=growth, bn_size=2):
        super().__init__()
        branches = []
        branch = []
        branches.append(branch)
        branch2 = []
        branches.append(branch2)
        self.add_layer(nn.BatchNorm2d(c), "norm1", to=branch2)
        self.add_layer(nn.ReLU(), "relu1", to=branch2)
        self.add_layer(nn.Conv2d(c, bn_size * g, 1, bias=False), "conv1", to=branch2)
        self.add_layer(nn.BatchNorm2d(bn_size * g), "norm2", to=branch2)
        self.add_layer(nn.ReLU(), "relu2", to=branch2)
        self.add_layer(nn.Conv2d(bn_size * g, g, 3, padding=1, bias=False), "conv2", to=branch2)
        self.add_step(Concat(branches, dim=1))


class DenseBlock(Steps):
    """The block DenseBlock(c, n, g=growth).

    As 1 in DenseNetish, DenseBlock(8, 2): output (N, 16, 16, 16), 808 parameters (one of 2 uses).
    """

    def __init__(self, c, n, g=growth):
        super().__init__()
        for i in range(n):
            self.add_layer(DenseLayer(c + i * g, g=g))


class Transition(Steps):
    """The block Transition(cin, cout).

    As 2 in DenseNetish, Transition(16, 8): output (N, 8, 8, 8), 160 parameters.
    """

    def __init__(self, cin, cout):
        super().__init__()
        self.add_layer(nn.BatchNorm2d(cin), "norm")
        self.add_layer(nn.ReLU(), "relu")
        self.add_layer(nn.Conv2d(cin, cout, 1, bias=False), "conv")
        self.add_layer(nn.AvgPool2d(2, stride=2), "pool")


class DenseNetish(Steps):
    """DenseNetish: input (N, 3, 16, 16), output (N, 5), 2,601 parameters."""

    def __init__(self, c0=8, blocks=[2, 3]):
        super().__init__()
        self.input_shape = ("N", 3, 16, 16)
        self.add_layer(nn.Conv2d(3, c0, 3, padding=1, bias=False), "conv0")
        c = c0
        for i in range(len(blocks)):
            self.add_layer(DenseBlock(c, blocks[i]))
            c = c + blocks[i] * growth
            if i < len(blocks) - 1:
                self.add_layer(Transition(c, c // 2))
                c = c // 2
        self.add_layer(nn.BatchNorm2d(c), "norm5")
        self.add_layer(nn.AdaptiveAvgPool2d((1, 1)))
        self.add_layer(nn.Flatten())
        self.add_layer(nn.Linear(c, 5), "classifier")
