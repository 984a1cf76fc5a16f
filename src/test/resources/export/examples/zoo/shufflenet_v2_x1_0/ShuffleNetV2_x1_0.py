# ShuffleNetV2_x1_0 as a PyTorch module, exported by nnspec 0.1.0
# from examples/zoo/shufflenet_v2_x1_0.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""ShuffleNetV2_x1_0: input (N, 3, 224, 224), output (N, 1000), 2,278,604 parameters."""

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


class Narrow(nn.Module):
    """x.narrow(dim, start, length)."""

    def __init__(self, dim, start, length):
        super().__init__()
        self.dim, self.start, self.length = dim, start, length

    def forward(self, x):
        return x.narrow(self.dim, self.start, self.length)


class ConvBNReLU(Steps):
    """The block ConvBNReLU(inp, oup, k, s, p).

    As conv1 in ShuffleNetV2_x1_0, ConvBNReLU(3, 24, 3, 2, 1): output (N, 24, 112, 112), 696
    parameters (one of 2 uses).
    """

    def __init__(self, inp, oup, k, s, p):
        super().__init__()
        self.add_layer(nn.Conv2d(inp, oup, k, s, p, bias=False))
        self.add_layer(nn.BatchNorm2d(oup))
        self.add_layer(nn.ReLU())


class Branch2(Steps):
    """The block Branch2(inp, c, stride).

    As stage2.0.branch2 in ShuffleNetV2_x1_0, Branch2(24, 58, 2): output (N, 58, 28, 28), 5,626
    parameters (one of 16 uses).
    """

    def __init__(self, inp, c, stride):
        super().__init__()
        self.add_layer(nn.Conv2d(inp, c, 1, bias=False))
        self.add_layer(nn.BatchNorm2d(c))
        self.add_layer(nn.ReLU())
        self.add_layer(nn.Conv2d(c, c, 3, stride, 1, groups=c, bias=False))
        self.add_layer(nn.BatchNorm2d(c))
        self.add_layer(nn.Conv2d(c, c, 1, bias=False))
        self.add_layer(nn.BatchNorm2d(c))
        self.add_layer(nn.ReLU())


class InvertedResidual(Steps):
    """The block InvertedResidual(inp, oup, stride).

    As stage2.0 in ShuffleNetV2_x1_0, InvertedResidual(24, 116, 2): output (N, 116, 28, 28), 7,398
    parameters (one of 16 uses).
    """

    def __init__(self, inp, oup, stride):
        super().__init__()
        c = oup // 2
        if stride > 1:
            branches = []
            branch = []
            branches.append(branch)
            branch1 = self.add_group("branch1")
            branch1.add_layer(nn.Conv2d(inp, inp, 3, stride, 1, groups=inp, bias=False), to=branch)
            branch1.add_layer(nn.BatchNorm2d(inp), to=branch)
            branch1.add_layer(nn.Conv2d(inp, c, 1, bias=False), to=branch)
            branch1.add_layer(nn.BatchNorm2d(c), to=branch)
            branch1.add_layer(nn.ReLU(), to=branch)
            branch2 = []
            branches.append(branch2)
            self.add_layer(Branch2(inp, c, stride), "branch2", to=branch2)
            self.add_step(Concat(branches, dim=1))
        else:
            branches2 = []
            branch3 = []
            branches2.append(branch3)
            self.add_layer(Narrow(1, 0, c), to=branch3)
            branch4 = []
            branches2.append(branch4)
            self.add_layer(Narrow(1, c, c), to=branch4)
            self.add_layer(Branch2(c, c, 1), "branch2", to=branch4)
            self.add_step(Concat(branches2, dim=1))
        self.add_layer(nn.ChannelShuffle(2))


class Stage(Steps):
    """The block Stage(inp, oup, repeats).

    As stage2 in ShuffleNetV2_x1_0, Stage(24, 116, 4): output (N, 116, 28, 28), 30,192 parameters
    (one of 3 uses).
    """

    def __init__(self, inp, oup, repeats):
        super().__init__()
        self.add_layer(InvertedResidual(inp, oup, 2))
        for _ in range(repeats - 1):
            self.add_layer(InvertedResidual(oup, oup, 1))


class ShuffleNetV2_x1_0(Steps):
    """ShuffleNetV2_x1_0: input (N, 3, 224, 224), output (N, 1000), 2,278,604 parameters."""

    def __init__(self, num_classes=1000):
        super().__init__()
        self.input_shape = ("N", 3, 224, 224)
        self.add_layer(ConvBNReLU(3, 24, 3, 2, 1), "conv1")
        self.add_layer(nn.MaxPool2d(kernel_size=3, stride=2, padding=1), "maxpool")
        self.add_layer(Stage(24, 116, 4), "stage2")
        self.add_layer(Stage(116, 232, 8), "stage3")
        self.add_layer(Stage(232, 464, 4), "stage4")
        self.add_layer(ConvBNReLU(464, 1024, 1, 1, 0), "conv5")
        self.add_layer(nn.AdaptiveAvgPool2d(1))
        self.add_layer(nn.Flatten())
        self.add_layer(nn.Linear(1024, num_classes), "fc")
