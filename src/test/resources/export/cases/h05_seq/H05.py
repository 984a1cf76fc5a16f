# H05 as a PyTorch module, exported by nnspec 0.1.0
# from src/test/resources/export/cases/h05_seq.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""H05: input (N, 9), output (N, 9, 50), 12,424 parameters."""

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


class LSTMOutput(nn.LSTM):
    """nn.LSTM returning its output sequence (not the final states)."""

    def forward(self, x):
        return super().forward(x)[0]


class GRUOutput(nn.GRU):
    """nn.GRU returning its output sequence (not the final hidden state)."""

    def forward(self, x):
        return super().forward(x)[0]


class PositionalEmbedding(nn.Module):
    """Learned positions (max_len, dim) added to the input; shorter sequences use the first."""

    def __init__(self, max_len, dim):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(max_len, dim))

    def forward(self, x):
        return x + self.weight[: x.shape[-2]]


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


class GroupedQueryAttention(nn.Module):
    """Self-attention whose num_kv_heads key/value heads are shared by groups of query heads
    (Hugging Face's LlamaAttention without its rotary position embedding, which has no
    parameters)."""

    def __init__(self, embed_dim, num_heads, num_kv_heads, head_dim=None, bias=False):
        super().__init__()
        self.num_heads, self.num_kv_heads = num_heads, num_kv_heads
        self.head_dim = head_dim or embed_dim // num_heads
        self.q_proj = nn.Linear(embed_dim, num_heads * self.head_dim, bias=bias)
        self.k_proj = nn.Linear(embed_dim, num_kv_heads * self.head_dim, bias=bias)
        self.v_proj = nn.Linear(embed_dim, num_kv_heads * self.head_dim, bias=bias)
        self.o_proj = nn.Linear(num_heads * self.head_dim, embed_dim, bias=bias)

    def forward(self, x):
        if x.dim() == 2:  # one unbatched sequence (T, E)
            return self.forward(x.unsqueeze(0)).squeeze(0)
        n, t, _ = x.shape
        group = self.num_heads // self.num_kv_heads
        q = self.q_proj(x).view(n, t, self.num_heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(n, t, self.num_kv_heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(n, t, self.num_kv_heads, self.head_dim).transpose(1, 2)
        # each key/value head serves `group` query heads (Hugging Face's repeat_kv)
        grouped = (n, self.num_kv_heads, group, t, self.head_dim)
        k = k[:, :, None].expand(grouped).reshape(n, self.num_heads, t, self.head_dim)
        v = v[:, :, None].expand(grouped).reshape(n, self.num_heads, t, self.head_dim)
        weights = torch.softmax(q @ k.transpose(-1, -2) / self.head_dim ** 0.5, dim=-1)
        return self.o_proj((weights @ v).transpose(1, 2).reshape(n, t, -1))


class Attn(Steps):
    """The block Attn(d, h, kv).

    As blocks.0 in H05, Attn(16, 4, 2): output (N, 9, 16), 784 parameters (one of 2 uses).
    """

    def __init__(self, d, h, kv):
        super().__init__()
        body, shortcut = [], []
        self.add_layer(RMSNorm(d, eps=1e-6), "norm", to=body)
        self.add_layer(GroupedQueryAttention(d, h, kv), "attn", to=body)
        self.add_step(Residual(body, shortcut))


class H05(Steps):
    """H05: input (N, 9), output (N, 9, 50), 12,424 parameters."""

    def __init__(self, vocab=50, d=16, T=9):
        super().__init__()
        self.input_shape = ("N", T)
        self.add_layer(nn.Embedding(vocab, d), "tok")
        self.add_layer(PositionalEmbedding(32, d), "pos")
        self.add_layer(
            LSTMOutput(d, 8, num_layers=2, batch_first=True, bidirectional=True), "lstm"
        )
        self.add_layer(GRUOutput(16, d, batch_first=True), "gru")
        self.add_layer(SelfAttention(d, 4, batch_first=True), "mha")
        self.add_layer(
            nn.TransformerEncoderLayer(
                d, 2, dim_feedforward=24, dropout=0.0, batch_first=True, norm_first=True
            ),
            "enc",
        )
        blocks = self.add_layer(Steps(), "blocks")
        for _ in range(2):
            blocks.add_layer(Attn(d, 4, 2))
        self.add_layer(LSTMOutput(d, 12, proj_size=6, batch_first=True), "lstmp")
        self.add_layer(nn.LayerNorm(6), "ln")
        self.add_layer(nn.Linear(6, vocab, bias=False), "head")
