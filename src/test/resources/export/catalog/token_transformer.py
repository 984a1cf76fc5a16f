# token_transformer as a PyTorch module, exported by nnspec 0.1.0
# from target/export-cases/token_transformer.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""token_transformer: input (2, 7), output (2,), 42,452 parameters."""

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


class SelfAttention(nn.MultiheadAttention):
    """nn.MultiheadAttention with its input as query, key and value; returns the output."""

    def forward(self, x):
        return super().forward(x, x, x, need_weights=False)[0]


class PositionalEmbedding(nn.Module):
    """Learned positions (max_len, dim) added to the input; shorter sequences use the first."""

    def __init__(self, max_len, dim):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(max_len, dim))

    def forward(self, x):
        return x + self.weight[: x.shape[-2]]


class TokenTypeEmbedding(nn.Embedding):
    """BERT's token type embedding added to the input, every position of type 0."""

    def forward(self, x):
        token_type_ids = torch.zeros(x.shape[:-1], dtype=torch.long, device=x.device)
        return x + super().forward(token_type_ids)


class Select(nn.Module):
    """x.select(dim, index), as x[:, 0]."""

    def __init__(self, dim, index):
        super().__init__()
        self.dim, self.index = dim, index

    def forward(self, x):
        return x.select(self.dim, self.index)


class token_transformer(Steps):
    """token_transformer: input (2, 7), output (2,), 42,452 parameters."""

    def __init__(self):
        super().__init__()
        self.input_shape = (2, 7)
        self.add_layer(nn.Embedding(100, 32, padding_idx=0))
        self.add_layer(PositionalEmbedding(16, 32))
        self.add_layer(TokenTypeEmbedding(2, 32))
        self.add_layer(SelfAttention(32, 4, batch_first=True))
        self.add_layer(nn.TransformerEncoderLayer(32, 4, dim_feedforward=64, batch_first=True))
        self.add_layer(
            nn.TransformerEncoderLayer(
                32, 8, 48, norm_first=True, activation="gelu", batch_first=True
            )
        )
        self.add_layer(nn.TransformerEncoderLayer(32, 2, 40, batch_first=True, bias=False))
        self.add_layer(SelfAttention(32, 2, bias=False, add_bias_kv=True, batch_first=True))
        self.add_layer(
            SelfAttention(32, 4, add_zero_attn=True, batch_first=True, kdim=32, vdim=32)
        )
        self.add_layer(nn.Linear(32, 100))
        self.add_layer(Select(1, -7))
        self.add_layer(Select(-1, index=99))
