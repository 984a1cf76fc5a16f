# GPT as a PyTorch module, exported by nnspec 0.1.0
# from src/test/resources/export/cases/n06_gpt.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""GPT: input (N, 12), output (N, 12, 50), 7,584 parameters."""

import torch
from torch import nn

n_embd = 16


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


class MLP(Steps):
    """The block MLP(d=n_embd, mult=4).

    As h.0.mlp in GPT, MLP(d=16): output (N, 12, 16), 2,128 parameters (one of 2 uses).
    """

    def __init__(self, d=n_embd, mult=4):
        super().__init__()
        self.add_layer(nn.Linear(d, mult * d), "c_fc")
        self.add_layer(nn.GELU(approximate="tanh"), "gelu")
        self.add_layer(nn.Linear(mult * d, d), "c_proj")
        self.add_layer(nn.Dropout(0.1), "dropout")


class GPTBlock(Steps):
    """The block GPTBlock(d=n_embd, heads=2).

    As h.0 in GPT, GPTBlock(d=16): output (N, 12, 16), 3,280 parameters (one of 2 uses).
    """

    def __init__(self, d=n_embd, heads=2):
        super().__init__()
        body, shortcut = [], []
        self.add_layer(nn.LayerNorm(d), "ln_1", to=body)
        self.add_layer(SelfAttention(d, heads, batch_first=True), "attn", to=body)
        self.add_step(Residual(body, shortcut))
        body2, shortcut2 = [], []
        self.add_layer(nn.LayerNorm(d), "ln_2", to=body2)
        self.add_layer(MLP(d=d), "mlp", to=body2)
        self.add_step(Residual(body2, shortcut2))


class GPT(Steps):
    """GPT: input (N, 12), output (N, 12, 50), 7,584 parameters."""

    def __init__(self, vocab=50, ctx=12, layers=2, d=n_embd):
        super().__init__()
        self.input_shape = ("N", 12)
        self.add_layer(nn.Embedding(vocab, d), "wte")
        self.add_layer(PositionalEmbedding(ctx, d), "wpe")
        self.add_layer(nn.Dropout(0.1), "drop")
        h = self.add_layer(Steps(), "h")
        for _ in range(layers):
            h.add_layer(GPTBlock(d=d))
        self.add_layer(nn.LayerNorm(d), "ln_f")
        self.add_layer(nn.Linear(d, vocab, bias=False), "lm_head")
        self.lm_head.weight = self.wte.weight
