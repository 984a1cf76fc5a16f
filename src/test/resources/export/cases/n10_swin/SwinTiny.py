# SwinTiny as a PyTorch module, exported by nnspec 0.1.0
# from src/test/resources/export/cases/n10_swin.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""SwinTiny: input (N, 3, 32, 32), output (N, 5), 9,699 parameters."""

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


class stemb(Steps):
    """The block stemb(e).

    As features in SwinTiny, stemb(8): output (N, 8, 8, 8), 408 parameters.
    """

    def __init__(self, e):
        super().__init__()
        self.add_layer(nn.Conv2d(3, e, 4, stride=4))
        self.add_layer(Permute([0, 2, 3, 1]))
        self.add_layer(nn.LayerNorm(e))


class Sequentialish(Steps):
    """The block Sequentialish(d, h).

    As 1.0.mlp in SwinTiny, Sequentialish(8, 32): output (N, 8, 8, 8), 552 parameters (one of 4
    uses).
    """

    def __init__(self, d, h):
        super().__init__()
        self.add_layer(nn.Linear(d, h))
        self.add_layer(nn.GELU())
        self.add_layer(nn.Dropout(0.0))
        self.add_layer(nn.Linear(h, d))
        self.add_layer(nn.Dropout(0.0))


class SwinBlock(Steps):
    """The block SwinBlock(dim, heads, ws, shift).

    As 1.0 in SwinTiny, SwinBlock(8, 1, 4, 0): output (N, 8, 8, 8), 921 parameters (one of 4 uses).
    """

    def __init__(self, dim, heads, ws, shift):
        super().__init__()
        body, shortcut = [], []
        self.add_layer(nn.LayerNorm(dim), "norm1", to=body)
        self.add_layer(
            ShiftedWindowAttention(dim, [ws, ws], [shift, shift], heads), "attn", to=body
        )
        self.add_step(Residual(body, shortcut))
        body2, shortcut2 = [], []
        self.add_layer(nn.LayerNorm(dim), "norm2", to=body2)
        self.add_layer(Sequentialish(dim, 4 * dim), "mlp", to=body2)
        self.add_step(Residual(body2, shortcut2))


class SwinTiny(Steps):
    """SwinTiny: input (N, 3, 32, 32), output (N, 5), 9,699 parameters."""

    def __init__(self, embed=8, ws=4, depths=[2, 2], heads=[1, 2]):
        super().__init__()
        self.input_shape = ("N", 3, 32, 32)
        self.add_layer(stemb(embed), "features")
        dim = embed
        for i in range(len(depths)):
            for _ in range(1):
                step = self.add_layer(Steps())
                for j in range(depths[i]):
                    sh = 0
                    if j % 2 == 1:
                        sh = ws // 2
                    step.add_layer(SwinBlock(dim, heads[i], ws, sh))
            if i < len(depths) - 1:
                self.add_layer(PatchMerging(dim))
                dim = dim * 2
        self.add_layer(nn.LayerNorm(dim), "norm")
        self.add_layer(Permute([0, 3, 1, 2]))
        self.add_layer(nn.AdaptiveAvgPool2d(1))
        self.add_layer(nn.Flatten(1))
        self.add_layer(nn.Linear(dim, 5), "head")
