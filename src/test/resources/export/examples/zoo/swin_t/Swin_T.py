# Swin_T as a PyTorch module, exported by nnspec 0.1.0
# from examples/zoo/swin_t.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""Swin_T: input (N, 3, 224, 224), output (N, 1000), 28,288,354 parameters."""

import torch
from torch import nn
from torchvision.models.swin_transformer import PatchMerging, ShiftedWindowAttention


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


class PatchEmbedding(Steps):
    """The block PatchEmbedding(embed_dim).

    As features.0 in Swin_T, PatchEmbedding(96): output (N, 56, 56, 96), 4,896 parameters.
    """

    def __init__(self, embed_dim):
        super().__init__()
        self.add_layer(nn.Conv2d(3, embed_dim, kernel_size=4, stride=4))
        self.add_layer(Permute([0, 2, 3, 1]))
        self.add_layer(nn.LayerNorm(embed_dim, eps=1e-5))


class MLP(Steps):
    """The block MLP(dim, hidden).

    As features.1.0.mlp in Swin_T, MLP(96, 384): output (N, 56, 56, 96), 74,208 parameters (one of
    12 uses).
    """

    def __init__(self, dim, hidden):
        super().__init__()
        self.add_layer(nn.Linear(dim, hidden))
        self.add_layer(nn.GELU())
        self.add_layer(nn.Dropout(0.0))
        self.add_layer(nn.Linear(hidden, dim))
        self.add_layer(nn.Dropout(0.0))


class SwinTransformerBlock(Steps):
    """The block SwinTransformerBlock(dim, num_heads, shift, p).

    As features.1.0 in Swin_T, SwinTransformerBlock(96, 3, 0, 0): output (N, 56, 56, 96), 112,347
    parameters (one of 12 uses).
    """

    def __init__(self, dim, num_heads, shift, p):
        super().__init__()
        body, shortcut = [], []
        self.add_layer(nn.LayerNorm(dim, eps=1e-5), "norm1", to=body)
        self.add_layer(
            ShiftedWindowAttention(dim, [7, 7], [shift, shift], num_heads), "attn", to=body
        )
        self.add_layer(StochasticDepth(p, "row"), to=body)
        self.add_step(Residual(body, shortcut))
        body2, shortcut2 = [], []
        self.add_layer(nn.LayerNorm(dim, eps=1e-5), "norm2", to=body2)
        self.add_layer(MLP(dim, 4 * dim), "mlp", to=body2)
        self.add_layer(StochasticDepth(p, "row"), to=body2)
        self.add_step(Residual(body2, shortcut2))


class Stage(Steps):
    """The block Stage(dim, num_heads, depth, first).

    As features.1 in Swin_T, Stage(96, 3, 2, 0): output (N, 56, 56, 96), 224,694 parameters (one of
    4 uses).
    """

    def __init__(self, dim, num_heads, depth, first):
        super().__init__()
        for i in range(depth):
            self.add_layer(
                SwinTransformerBlock(dim, num_heads, 3 * (i % 2), 0.2 * (first + i) / 11)
            )


class Features(Steps):
    """The block Features(embed_dim).

    As features in Swin_T, Features(96): output (N, 7, 7, 768), 27,517,818 parameters.
    """

    def __init__(self, embed_dim):
        super().__init__()
        self.add_layer(PatchEmbedding(embed_dim))
        self.add_layer(Stage(embed_dim, 3, 2, 0))
        self.add_layer(PatchMerging(embed_dim))
        self.add_layer(Stage(2 * embed_dim, 6, 2, 2))
        self.add_layer(PatchMerging(2 * embed_dim))
        self.add_layer(Stage(4 * embed_dim, 12, 6, 4))
        self.add_layer(PatchMerging(4 * embed_dim))
        self.add_layer(Stage(8 * embed_dim, 24, 2, 10))


class Swin_T(Steps):
    """Swin_T: input (N, 3, 224, 224), output (N, 1000), 28,288,354 parameters."""

    def __init__(self, embed_dim=96, num_classes=1000):
        super().__init__()
        self.input_shape = ("N", 3, 224, 224)
        self.add_layer(Features(embed_dim), "features")
        self.add_layer(nn.LayerNorm(8 * embed_dim, eps=1e-5), "norm")
        self.add_layer(Permute([0, 3, 1, 2]), "permute")
        self.add_layer(nn.AdaptiveAvgPool2d(1), "avgpool")
        self.add_layer(nn.Flatten(1), "flatten")
        self.add_layer(nn.Linear(8 * embed_dim, num_classes), "head")
