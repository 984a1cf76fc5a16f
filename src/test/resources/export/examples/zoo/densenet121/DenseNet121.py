# DenseNet121 as a PyTorch module, exported by nnspec 0.1.0
# from examples/zoo/densenet121.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""DenseNet121: input (N, 3, 224, 224), output (N, 1000), 7,978,856 parameters."""

import torch
from torch import nn

bn_size = 4
growth = 32


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
    """The block DenseLayer(in_c).

    As denseblock1.0 in DenseNet121, DenseLayer(64): output (N, 96, 56, 56), 45,440 parameters (one
    of 58 uses).
    """

    def __init__(self, in_c):
        super().__init__()
        branches = []
        branch = []
        branches.append(branch)
        branch2 = []
        branches.append(branch2)
        self.add_layer(nn.BatchNorm2d(in_c), "norm1", to=branch2)
        self.add_layer(nn.ReLU(), to=branch2)
        self.add_layer(nn.Conv2d(in_c, bn_size * growth, 1, bias=False), "conv1", to=branch2)
        self.add_layer(nn.BatchNorm2d(bn_size * growth), "norm2", to=branch2)
        self.add_layer(nn.ReLU(), to=branch2)
        self.add_layer(
            nn.Conv2d(bn_size * growth, growth, 3, padding=1, bias=False), "conv2", to=branch2
        )
        self.add_step(Concat(branches, dim=1))


class DenseBlock(Steps):
    """The block DenseBlock(layers, in_c).

    As denseblock1 in DenseNet121, DenseBlock(6, 64): output (N, 256, 56, 56), 335,040 parameters
    (one of 4 uses).
    """

    def __init__(self, layers, in_c):
        super().__init__()
        for i in range(layers):
            self.add_layer(DenseLayer(in_c + i * growth))


class Transition(Steps):
    """The block Transition(in_c, out_c).

    As transition1 in DenseNet121, Transition(256, 128): output (N, 128, 28, 28), 33,280 parameters
    (one of 3 uses).
    """

    def __init__(self, in_c, out_c):
        super().__init__()
        self.add_layer(nn.BatchNorm2d(in_c), "norm")
        self.add_layer(nn.ReLU())
        self.add_layer(nn.Conv2d(in_c, out_c, 1, bias=False), "conv")
        self.add_layer(nn.AvgPool2d(kernel_size=2, stride=2), "pool")


class DenseNet121(Steps):
    """DenseNet121: input (N, 3, 224, 224), output (N, 1000), 7,978,856 parameters."""

    def __init__(self, num_classes=1000):
        super().__init__()
        self.input_shape = ("N", 3, 224, 224)
        self.add_layer(nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False), "conv0")
        self.add_layer(nn.BatchNorm2d(64), "norm0")
        self.add_layer(nn.ReLU())
        self.add_layer(nn.MaxPool2d(kernel_size=3, stride=2, padding=1), "pool0")
        self.add_layer(DenseBlock(6, 64), "denseblock1")
        self.add_layer(Transition(256, 128), "transition1")
        self.add_layer(DenseBlock(12, 128), "denseblock2")
        self.add_layer(Transition(512, 256), "transition2")
        self.add_layer(DenseBlock(24, 256), "denseblock3")
        self.add_layer(Transition(1024, 512), "transition3")
        self.add_layer(DenseBlock(16, 512), "denseblock4")
        self.add_layer(nn.BatchNorm2d(1024), "norm5")
        self.add_layer(nn.ReLU())
        self.add_layer(nn.AdaptiveAvgPool2d((1, 1)))
        self.add_layer(nn.Flatten())
        self.add_layer(nn.Linear(1024, num_classes), "classifier")
