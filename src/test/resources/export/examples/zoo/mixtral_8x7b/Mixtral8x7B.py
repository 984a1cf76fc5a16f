# Mixtral8x7B as a PyTorch module, exported by nnspec 0.1.0
# from examples/zoo/mixtral_8x7b.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""Mixtral8x7B: input (N, 4096), output (N, 4096, 32000), 46,702,792,704 parameters."""

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


class Multiply:
    """The product of the branches' outputs, broadcast as torch does."""

    def __init__(self, branches):
        self.branches = branches

    def __call__(self, x):
        outputs = [run(branch, x) for branch in self.branches]
        product = outputs[0]
        for output in outputs[1:]:
            product = product * output
        return product


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


class MixtralSparseMoeBlock(Steps):
    """The block MixtralSparseMoeBlock(hidden_size, intermediate_size, num_experts, top_k).

    As model.layers.0.block_sparse_moe in Mixtral8x7B, MixtralSparseMoeBlock(4096, 14336, 8, 2):
    output (N, 4096, 4096), 1,409,318,912 parameters (one of 32 uses).
    """

    def __init__(self, hidden_size, intermediate_size, num_experts, top_k):
        super().__init__()
        gate = nn.Linear(4096, num_experts, bias=False)
        self.add_module("gate", gate)
        experts = self.add_group("experts")
        for _ in range(num_experts):
            step = experts.add_layer(Steps())
            branches = []
            branch = []
            branches.append(branch)
            step.add_layer(nn.Linear(hidden_size, intermediate_size, bias=False), "w1", to=branch)
            step.add_layer(nn.SiLU(), "act_fn", to=branch)
            branch2 = []
            branches.append(branch2)
            step.add_layer(nn.Linear(hidden_size, intermediate_size, bias=False), "w3", to=branch2)
            step.add_step(Multiply(branches))
            step.add_layer(nn.Linear(intermediate_size, hidden_size, bias=False), "w2")
        self.add_step(MixtureOfExperts(gate, experts, top_k))


class MixtralDecoderLayer(Steps):
    """The block MixtralDecoderLayer(hidden_size, heads, kv_heads, intermediate_size, num_experts,
    top_k, eps).

    As model.layers.0 in Mixtral8x7B, MixtralDecoderLayer(4096, 32, 8, 14336, 8, 2, 1e-05): output
    (N, 4096, 4096), 1,451,270,144 parameters (one of 32 uses).
    """

    def __init__(self, hidden_size, heads, kv_heads, intermediate_size, num_experts, top_k, eps):
        super().__init__()
        body, shortcut = [], []
        self.add_layer(RMSNorm(hidden_size, eps=eps), "input_layernorm", to=body)
        self.add_layer(GroupedQueryAttention(hidden_size, heads, kv_heads), "self_attn", to=body)
        self.add_step(Residual(body, shortcut))
        body2, shortcut2 = [], []
        self.add_layer(RMSNorm(hidden_size, eps=eps), "post_attention_layernorm", to=body2)
        self.add_layer(
            MixtralSparseMoeBlock(hidden_size, intermediate_size, num_experts, top_k),
            "block_sparse_moe",
            to=body2,
        )
        self.add_step(Residual(body2, shortcut2))


class DecoderLayers(Steps):
    """The block DecoderLayers(n, hidden_size, heads, kv_heads, intermediate_size, num_experts,
    top_k, eps).

    As model.layers in Mixtral8x7B, DecoderLayers(32, 4096, 32, 8, 14336, 8, 2, 1e-05): output (N,
    4096, 4096), 46,440,644,608 parameters.
    """

    def __init__(
        self, n, hidden_size, heads, kv_heads, intermediate_size, num_experts, top_k, eps
    ):
        super().__init__()
        for _ in range(n):
            self.add_layer(
                MixtralDecoderLayer(
                    hidden_size, heads, kv_heads, intermediate_size, num_experts, top_k, eps
                )
            )


class MixtralModel(Steps):
    """The block MixtralModel(vocab_size, hidden_size, n_layers, heads, kv_heads,
    intermediate_size, num_experts, top_k, eps).

    As model in Mixtral8x7B, MixtralModel(32000, 4096, 32, 32, 8, 14336, 8, 2, 1e-05): output (N,
    4096, 4096), 46,571,720,704 parameters.
    """

    def __init__(
        self,
        vocab_size,
        hidden_size,
        n_layers,
        heads,
        kv_heads,
        intermediate_size,
        num_experts,
        top_k,
        eps,
    ):
        super().__init__()
        self.add_layer(nn.Embedding(vocab_size, hidden_size), "embed_tokens")
        self.add_layer(
            DecoderLayers(
                n_layers, hidden_size, heads, kv_heads, intermediate_size, num_experts, top_k, eps
            ),
            "layers",
        )
        self.add_layer(RMSNorm(hidden_size, eps=eps), "norm")


class Mixtral8x7B(Steps):
    """Mixtral8x7B: input (N, 4096), output (N, 4096, 32000), 46,702,792,704 parameters."""

    def __init__(
        self,
        vocab_size=32000,
        hidden_size=4096,
        num_hidden_layers=32,
        num_attention_heads=32,
        num_key_value_heads=8,
        intermediate_size=14336,
        num_local_experts=8,
        num_experts_per_tok=2,
        rms_norm_eps=1e-5,
        T=4096,
    ):
        super().__init__()
        self.input_shape = ("N", T)
        self.add_layer(
            MixtralModel(
                vocab_size,
                hidden_size,
                num_hidden_layers,
                num_attention_heads,
                num_key_value_heads,
                intermediate_size,
                num_local_experts,
                num_experts_per_tok,
                rms_norm_eps,
            ),
            "model",
        )
        self.add_layer(nn.Linear(hidden_size, vocab_size, bias=False), "lm_head")
