# GPT2Small as a PyTorch module, exported by nnspec 0.1.0
# from examples/zoo/gpt2_small.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""GPT2Small: input (N, 1024), output (N, 1024, 50257), 124,439,808 parameters."""

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


class GPT2Block(Steps):
    """The block GPT2Block(d, heads).

    As h.0 in GPT2Small, GPT2Block(768, 12): output (N, 1024, 768), 7,087,872 parameters (one of 12
    uses).
    """

    def __init__(self, d, heads):
        super().__init__()
        body, shortcut = [], []
        self.add_layer(nn.LayerNorm(d), "ln_1", to=body)
        self.add_layer(SelfAttention(d, heads, batch_first=True), "attn", to=body)
        self.add_layer(nn.Dropout(0.1), to=body)
        self.add_step(Residual(body, shortcut))
        body2, shortcut2 = [], []
        self.add_layer(nn.LayerNorm(d), "ln_2", to=body2)
        self.add_layer(nn.Linear(d, 4 * d), "c_fc", to=body2)
        self.add_layer(nn.GELU(approximate="tanh"), to=body2)
        self.add_layer(nn.Linear(4 * d, d), "c_proj", to=body2)
        self.add_layer(nn.Dropout(0.1), to=body2)
        self.add_step(Residual(body2, shortcut2))


class Blocks(Steps):
    """The block Blocks(n, d, heads).

    As h in GPT2Small, Blocks(12, 768, 12): output (N, 1024, 768), 85,054,464 parameters.
    """

    def __init__(self, n, d, heads):
        super().__init__()
        for _ in range(n):
            self.add_layer(GPT2Block(d, heads))


class GPT2Small(Steps):
    """GPT2Small: input (N, 1024), output (N, 1024, 50257), 124,439,808 parameters."""

    def __init__(self, vocab_size=50257, n_ctx=1024, d=768, n_layer=12, n_head=12):
        super().__init__()
        self.input_shape = ("N", n_ctx)
        self.add_layer(nn.Embedding(vocab_size, d), "wte")
        self.add_layer(PositionalEmbedding(n_ctx, d), "wpe")
        self.add_layer(nn.Dropout(0.1))
        self.add_layer(Blocks(n_layer, d, n_head), "h")
        self.add_layer(nn.LayerNorm(d), "ln_f")
        self.add_layer(nn.Linear(d, vocab_size, bias=False), "lm_head")
        self.lm_head.weight = self.wte.weight
