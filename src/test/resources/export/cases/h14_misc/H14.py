# H14 as a PyTorch module, exported by nnspec 0.1.0
# from src/test/resources/export/cases/h14_misc.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""H14: input (N, 3, 16, 16), output (N, 484), 2,056 parameters."""

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


class Permute(nn.Module):
    """x.permute(dims)."""

    def __init__(self, dims):
        super().__init__()
        self.dims = dims

    def forward(self, x):
        return x.permute(*self.dims)


class Narrow(nn.Module):
    """x.narrow(dim, start, length)."""

    def __init__(self, dim, start, length):
        super().__init__()
        self.dim, self.start, self.length = dim, start, length

    def forward(self, x):
        return x.narrow(self.dim, self.start, self.length)


class LayerNorm2d(nn.LayerNorm):
    """LayerNorm over the channels of (N, C, H, W), as torchvision's ConvNeXt has it."""

    def forward(self, x):
        return super().forward(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)


class StochasticDepth(nn.Module):
    """Drops the whole input of a residual branch with probability p while training."""

    def __init__(self, p, mode="row"):
        super().__init__()
        self.p, self.mode = p, mode

    def forward(self, x):
        if not self.training or self.p == 0.0:
            return x
        size = [x.shape[0]] + [1] * (x.dim() - 1) if self.mode == "row" else [1] * x.dim()
        keep = x.new_empty(size).bernoulli_(1.0 - self.p)
        return x * keep / (1.0 - self.p)


class CNBlock(Steps):
    """The block CNBlock(c, sd=0.1).

    As stage.0 in H14, CNBlock(8): output (N, 8, 8, 8), 968 parameters (one of 2 uses).
    """

    def __init__(self, c, sd=0.1):
        super().__init__()
        body, shortcut = [], []
        self.add_layer(nn.Conv2d(c, c, 7, padding=3, groups=c), "dw", to=body)
        self.add_layer(Permute([0, 2, 3, 1]), to=body)
        self.add_layer(nn.LayerNorm(c, eps=1e-6), "norm", to=body)
        self.add_layer(nn.Linear(c, 4 * c), "pw1", to=body)
        self.add_layer(nn.GELU(approximate="tanh"), to=body)
        self.add_layer(nn.Linear(4 * c, c), "pw2", to=body)
        self.add_layer(Permute([0, 3, 1, 2]), to=body)
        self.add_layer(StochasticDepth(sd, "row"), to=body)
        self.add_step(Residual(body, shortcut))


class H14(Steps):
    """H14: input (N, 3, 16, 16), output (N, 484), 2,056 parameters."""

    def __init__(self):
        super().__init__()
        self.input_shape = ("N", 3, 16, 16)
        self.add_layer(nn.PixelUnshuffle(2))
        self.add_layer(nn.Conv2d(12, 8, 1), "stem")
        self.add_layer(LayerNorm2d(8), "ln")
        stage = self.add_layer(Steps(), "stage")
        for _ in range(2):
            stage.add_layer(CNBlock(8))
        self.add_layer(nn.ChannelShuffle(2))
        self.add_layer(nn.ReflectionPad2d(1))
        self.add_layer(Narrow(1, 2, 4))
        self.add_layer(nn.ReplicationPad2d((0, 1, 0, 1)))
        self.add_layer(nn.Softmax(dim=1))
        self.add_layer(nn.Flatten())
