# SmallCNN as a PyTorch module, exported by nnspec 0.1.0
# from examples/section09.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""SmallCNN: input (N, 3, 64, 64), output (N, 10), 11,926 parameters."""

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


class SmallCNN(Steps):
    """SmallCNN: input (N, 3, 64, 64), output (N, 10), 11,926 parameters."""

    def __init__(self):
        super().__init__()
        self.input_shape = ("N", 3, 64, 64)
        self.add_layer(
            nn.Conv2d(in_channels=3, out_channels=16, kernel_size=3, stride=1, padding=1), "conv1"
        )
        self.add_layer(nn.MaxPool2d(kernel_size=2, stride=2, padding=0), "pool1")
        self.add_layer(
            nn.Conv2d(in_channels=16, out_channels=32, kernel_size=3, stride=1, padding=0), "conv2"
        )
        self.add_layer(nn.MaxPool2d(kernel_size=2, stride=2, padding=1), "pool2")
        self.add_layer(
            nn.Conv2d(in_channels=32, out_channels=8, kernel_size=1, stride=1, padding=0), "conv3"
        )
        self.add_layer(
            nn.Conv2d(in_channels=8, out_channels=4, kernel_size=5, stride=1, padding=0), "conv4"
        )
        self.add_layer(nn.Flatten(), "flat")
        self.add_layer(nn.Linear(in_features=576, out_features=10), "fc")
