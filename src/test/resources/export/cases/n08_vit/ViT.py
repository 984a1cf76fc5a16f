# ViT as a PyTorch module, exported by nnspec 0.1.0
# from src/test/resources/export/cases/n08_vit.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""ViT: input (N, 3, 16, 16), output (N, 10), 5,722 parameters."""

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


class SelfAttention(nn.MultiheadAttention):
    """nn.MultiheadAttention with its input as query, key and value; returns the output."""

    def forward(self, x):
        return super().forward(x, x, x, need_weights=False)[0]


class Select(nn.Module):
    """x.select(dim, index), as x[:, 0]."""

    def __init__(self, dim, index):
        super().__init__()
        self.dim, self.index = dim, index

    def forward(self, x):
        return x.select(self.dim, self.index)


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


class MLPBlock(Steps):
    """The block MLPBlock(d, m).

    As encoder.layers.0.mlp in ViT, MLPBlock(16, 32): output (N, 17, 16), 1,072 parameters (one of
    2 uses).
    """

    def __init__(self, d, m):
        super().__init__()
        self.add_layer(nn.Linear(d, m))
        self.add_layer(nn.GELU())
        self.add_layer(nn.Dropout(0.0))
        self.add_layer(nn.Linear(m, d))
        self.add_layer(nn.Dropout(0.0))


class EncoderBlock(Steps):
    """The block EncoderBlock(d, heads, mlp).

    As encoder.layers.0 in ViT, EncoderBlock(16, 2, 32): output (N, 17, 16), 2,224 parameters (one
    of 2 uses).
    """

    def __init__(self, d, heads, mlp):
        super().__init__()
        body, shortcut = [], []
        self.add_layer(nn.LayerNorm(d, eps=1e-6), "ln_1", to=body)
        self.add_layer(
            SelfAttention(d, heads, dropout=0.0, batch_first=True), "self_attention", to=body
        )
        self.add_layer(nn.Dropout(0.0), "dropout", to=body)
        self.add_step(Residual(body, shortcut))
        body2, shortcut2 = [], []
        self.add_layer(nn.LayerNorm(d, eps=1e-6), "ln_2", to=body2)
        self.add_layer(MLPBlock(d, mlp), "mlp", to=body2)
        self.add_step(Residual(body2, shortcut2))


class block_wrapper(Steps):
    """The block block_wrapper(d, depth, T).

    As encoder in ViT, block_wrapper(16, 2, 17): output (N, 17, 16), 4,752 parameters.
    """

    def __init__(self, d, depth, T):
        super().__init__()
        branches = []
        branch = []
        branches.append(branch)
        branch2 = []
        branches.append(branch2)
        self.add_parameter((1, T, d), "pos_embedding", to=branch2)
        self.add_step(Add(branches))
        self.add_layer(nn.Dropout(0.0), "dropout")
        layers = self.add_layer(Steps(), "layers")
        for _ in range(depth):
            layers.add_layer(EncoderBlock(d, 2, 2 * d))
        self.add_layer(nn.LayerNorm(d, eps=1e-6), "ln")


class ViT(Steps):
    """ViT: input (N, 3, 16, 16), output (N, 10), 5,722 parameters."""

    def __init__(self, patch=4, d=16, depth=2, img=16):
        super().__init__()
        self.input_shape = ("N", 3, 16, 16)
        self.add_layer(nn.Conv2d(3, d, patch, stride=patch), "conv_proj")
        self.add_layer(nn.Flatten(2))
        self.add_layer(Permute([0, 2, 1]))
        branches = []
        branch = []
        branches.append(branch)
        self.add_parameter((1, 1, d), "class_token", to=branch)
        self.add_layer(Expand("N", -1, -1), to=branch)
        branch2 = []
        branches.append(branch2)
        self.add_step(Concat(branches, dim=1))
        self.add_layer(block_wrapper(d, depth, (img // patch) ** 2 + 1), "encoder")
        self.add_layer(Narrow(1, 0, 1))
        self.add_layer(Select(1, 0))
        self.add_layer(nn.Linear(d, 10), "heads")

    def forward(self, x):
        bind_sizes(self.input_shape, x)
        return super().forward(x)
