# grouped_query_attention as a PyTorch module, exported by nnspec 0.1.0
# from target/export-cases/grouped_query_attention.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""grouped_query_attention: input (2, 5, 64), output (2, 5, 64), 45,376 parameters."""

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


class grouped_query_attention(Steps):
    """grouped_query_attention: input (2, 5, 64), output (2, 5, 64), 45,376 parameters."""

    def __init__(self):
        super().__init__()
        self.input_shape = (2, 5, 64)
        self.add_layer(GroupedQueryAttention(64, 8, 2))
        self.add_layer(GroupedQueryAttention(64, 4, 4, bias=True))
        self.add_layer(GroupedQueryAttention(64, 8, 1, head_dim=16))
        self.add_layer(RMSNorm(64))
