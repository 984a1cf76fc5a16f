# Q15 as a PyTorch module, exported by nnspec 0.1.0
# from src/test/resources/export/cases/q15_builtin_globals.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""Q15: input (N, 3, 4), output (N, 4, 4), 56 parameters."""

import torch
from torch import nn

enumerate_ = 2
isinstance_ = 4
zip_ = 1


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


class MixtureOfExperts:
    """Routes each vector of the input's last dimension to `active` of the experts.

    The gate scores the experts, the softmax over the `active` best gives their weights (as
    Mixtral's router does) and the output is the weighted sum of their outputs. Here every
    expert runs on every vector and unchosen ones are weighted 0: simple and exact; a sparse
    dispatch computes the same with less work.
    """

    def __init__(self, gate, experts, active):
        self.gate, self.experts, self.active = gate, experts, active

    def __call__(self, x):
        logits = self.gate(x)
        scores, chosen = torch.topk(logits, self.active, dim=-1)
        weights = torch.zeros_like(logits).scatter(-1, chosen, torch.softmax(scores, dim=-1))
        experts = self.experts.children()
        return sum(weights[..., i:i + 1] * expert(x) for i, expert in enumerate(experts))


# The input's symbolic sizes (N, T, ...), bound by the network's forward for the layers that
# name them, such as Expand(N, -1, -1).
SIZES = {}


def bind_sizes(shape, x):
    for name, size in zip(shape, x.shape):
        if isinstance(name, str):
            SIZES[name] = size


class Expand(nn.Module):
    """x.expand(*sizes); a size may name one of the input's symbolic sizes, as "N"."""

    def __init__(self, *sizes):
        super().__init__()
        if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)):
            sizes = tuple(sizes[0])
        self.sizes = sizes

    def forward(self, x):
        return x.expand(*[SIZES[size] if isinstance(size, str) else size for size in self.sizes])


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


class Q15(Steps):
    """Q15: input (N, 3, 4), output (N, 4, 4), 56 parameters."""

    def __init__(self):
        super().__init__()
        self.input_shape = ("N", 3, 4)
        gate = nn.Linear(4, enumerate_, bias=False)
        self.add_module("gate", gate)
        experts = self.add_group("experts")
        for _ in range(enumerate_):
            experts.add_layer(nn.Linear(isinstance_, 4))
        self.add_step(MixtureOfExperts(gate, experts, 1))
        self.add_layer(RMSNorm(4))
        branches = []
        branch = []
        branches.append(branch)
        self.add_parameter((1, zip_, 4), "p", to=branch)
        self.add_layer(Expand("N", -1, -1), to=branch)
        branch2 = []
        branches.append(branch2)
        self.add_step(Concat(branches, dim=1))

    def forward(self, x):
        bind_sizes(self.input_shape, x)
        return super().forward(x)
