# reshapes_and_rms as a PyTorch module, exported by nnspec 0.1.0
# from target/export-cases/reshapes_and_rms.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""reshapes_and_rms: input (2, 8, 4, 6), output (2, 1, 2), 56 parameters."""

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


class Permute(nn.Module):
    """x.permute(dims)."""

    def __init__(self, dims):
        super().__init__()
        self.dims = dims

    def forward(self, x):
        return x.permute(*self.dims)


class Transpose(nn.Module):
    """x.transpose(dim0, dim1)."""

    def __init__(self, dim0, dim1):
        super().__init__()
        self.dim0, self.dim1 = dim0, dim1

    def forward(self, x):
        return x.transpose(self.dim0, self.dim1)


class Narrow(nn.Module):
    """x.narrow(dim, start, length)."""

    def __init__(self, dim, start, length):
        super().__init__()
        self.dim, self.start, self.length = dim, start, length

    def forward(self, x):
        return x.narrow(self.dim, self.start, self.length)


class RMSNorm(nn.Module):
    """Root-mean-square normalisation over the last dimensions, as PyTorch 2.4's nn.RMSNorm."""

    def __init__(self, normalized_shape, eps=None, elementwise_affine=True):
        super().__init__()
        if isinstance(normalized_shape, int):
            normalized_shape = (normalized_shape,)
        shape = tuple(normalized_shape)
        self.dims = tuple(range(-len(shape), 0))
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(shape)) if elementwise_affine else None

    def forward(self, x):
        eps = self.eps if self.eps is not None else torch.finfo(x.dtype).eps
        y = x * torch.rsqrt(x.pow(2).mean(self.dims, keepdim=True) + eps)
        return y * self.weight if self.weight is not None else y


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


class reshapes_and_rms(Steps):
    """reshapes_and_rms: input (2, 8, 4, 6), output (2, 1, 2), 56 parameters."""

    def __init__(self):
        super().__init__()
        self.input_shape = (2, 8, 4, 6)
        self.add_layer(Permute((0, 2, 3, 1)))
        self.add_layer(RMSNorm(8))
        self.add_layer(RMSNorm((6, 8), eps=1.0E-6))
        self.add_layer(RMSNorm(8, elementwise_affine=False))
        self.add_layer(StochasticDepth(0.1, "row"))
        self.add_layer(Permute((0, -1, 1, 2)))
        self.add_layer(nn.Flatten(2))
        self.add_layer(Transpose(1, 2))
        self.add_layer(Narrow(1, 0, 1))
        self.add_layer(Narrow(2, -3, 2))
        self.add_layer(Transpose(-1, 0))
        self.add_layer(StochasticDepth(0.5, mode="batch"))
