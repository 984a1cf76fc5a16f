# BertBase as a PyTorch module, exported by nnspec 0.1.0
# from examples/zoo/bert_base.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""BertBase: input (N, 512), output (N, 768), 109,482,240 parameters."""

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


class BertLayer(Steps):
    """The block BertLayer(hidden=768, heads=12, intermediate=3072, p=0.1).

    As encoder.0 in BertBase, BertLayer(): output (N, 512, 768), 7,087,872 parameters (one of 12
    uses).
    """

    def __init__(self, hidden=768, heads=12, intermediate=3072, p=0.1):
        super().__init__()
        body, shortcut = [], []
        self.add_layer(SelfAttention(hidden, heads, batch_first=True), "attention", to=body)
        self.add_layer(nn.Dropout(p), to=body)
        self.add_step(Residual(body, shortcut))
        self.add_layer(nn.LayerNorm(hidden, eps=1e-12), "attention_norm")
        body2, shortcut2 = [], []
        self.add_layer(nn.Linear(hidden, intermediate), "intermediate", to=body2)
        self.add_layer(nn.GELU(), to=body2)
        self.add_layer(nn.Linear(intermediate, hidden), "output", to=body2)
        self.add_layer(nn.Dropout(p), to=body2)
        self.add_step(Residual(body2, shortcut2))
        self.add_layer(nn.LayerNorm(hidden, eps=1e-12), "output_norm")


class Encoder(Steps):
    """The block Encoder(layers).

    As encoder in BertBase, Encoder(12): output (N, 512, 768), 85,054,464 parameters.
    """

    def __init__(self, layers):
        super().__init__()
        for _ in range(layers):
            self.add_layer(BertLayer())


class BertBase(Steps):
    """BertBase: input (N, 512), output (N, 768), 109,482,240 parameters."""

    def __init__(self, vocab_size=30522, max_position=512, type_vocab_size=2, layers=12):
        super().__init__()
        self.input_shape = ("N", 512)
        self.add_layer(nn.Embedding(vocab_size, 768, padding_idx=0), "word_embeddings")
        self.add_layer(PositionalEmbedding(max_position, 768), "position_embeddings")
        self.add_layer(TokenTypeEmbedding(type_vocab_size, 768), "token_type_embeddings")
        self.add_layer(nn.LayerNorm(768, eps=1e-12), "embeddings_norm")
        self.add_layer(nn.Dropout(0.1))
        self.add_layer(Encoder(layers), "encoder")
        self.add_layer(Select(1, 0), "cls")
        self.add_layer(nn.Linear(768, 768), "pooler")
        self.add_layer(nn.Tanh())
