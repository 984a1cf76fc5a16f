# ViT_B_16 as a PyTorch module, exported by nnspec 0.1.0
# from examples/zoo/vit_b_16.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""ViT_B_16: input (N, 3, 224, 224), output (N, 1000), 86,567,656 parameters."""

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


class MLPBlock(Steps):
    """The block MLPBlock(in_dim, mlp_dim, dropout).

    As encoder.layers.encoder_layer_0.mlp in ViT_B_16, MLPBlock(768, 3072, 0): output (N, 197,
    768), 4,722,432 parameters (one of 12 uses).
    """

    def __init__(self, in_dim, mlp_dim, dropout):
        super().__init__()
        self.add_layer(nn.Linear(in_dim, mlp_dim))
        self.add_layer(nn.GELU())
        self.add_layer(nn.Dropout(dropout))
        self.add_layer(nn.Linear(mlp_dim, in_dim))
        self.add_layer(nn.Dropout(dropout))


class EncoderBlock(Steps):
    """The block EncoderBlock(num_heads, hidden_dim, mlp_dim, dropout, attention_dropout).

    As encoder.layers.encoder_layer_0 in ViT_B_16, EncoderBlock(12, 768, 3072, 0, 0): output (N,
    197, 768), 7,087,872 parameters (one of 12 uses).
    """

    def __init__(self, num_heads, hidden_dim, mlp_dim, dropout, attention_dropout):
        super().__init__()
        body, shortcut = [], []
        self.add_layer(nn.LayerNorm(hidden_dim, eps=1e-6), "ln_1", to=body)
        self.add_layer(
            SelfAttention(hidden_dim, num_heads, dropout=attention_dropout, batch_first=True),
            "self_attention",
            to=body,
        )
        self.add_layer(nn.Dropout(dropout), "dropout", to=body)
        self.add_step(Residual(body, shortcut))
        body2, shortcut2 = [], []
        self.add_layer(nn.LayerNorm(hidden_dim, eps=1e-6), "ln_2", to=body2)
        self.add_layer(MLPBlock(hidden_dim, mlp_dim, dropout), "mlp", to=body2)
        self.add_step(Residual(body2, shortcut2))


class EncoderLayers(Steps):
    """The block EncoderLayers(num_heads, hidden_dim, mlp_dim, dropout, attention_dropout).

    As encoder.layers in ViT_B_16, EncoderLayers(12, 768, 3072, 0, 0): output (N, 197, 768),
    85,054,464 parameters.
    """

    def __init__(self, num_heads, hidden_dim, mlp_dim, dropout, attention_dropout):
        super().__init__()
        self.add_layer(
            EncoderBlock(num_heads, hidden_dim, mlp_dim, dropout, attention_dropout),
            "encoder_layer_0",
        )
        self.add_layer(
            EncoderBlock(num_heads, hidden_dim, mlp_dim, dropout, attention_dropout),
            "encoder_layer_1",
        )
        self.add_layer(
            EncoderBlock(num_heads, hidden_dim, mlp_dim, dropout, attention_dropout),
            "encoder_layer_2",
        )
        self.add_layer(
            EncoderBlock(num_heads, hidden_dim, mlp_dim, dropout, attention_dropout),
            "encoder_layer_3",
        )
        self.add_layer(
            EncoderBlock(num_heads, hidden_dim, mlp_dim, dropout, attention_dropout),
            "encoder_layer_4",
        )
        self.add_layer(
            EncoderBlock(num_heads, hidden_dim, mlp_dim, dropout, attention_dropout),
            "encoder_layer_5",
        )
        self.add_layer(
            EncoderBlock(num_heads, hidden_dim, mlp_dim, dropout, attention_dropout),
            "encoder_layer_6",
        )
        self.add_layer(
            EncoderBlock(num_heads, hidden_dim, mlp_dim, dropout, attention_dropout),
            "encoder_layer_7",
        )
        self.add_layer(
            EncoderBlock(num_heads, hidden_dim, mlp_dim, dropout, attention_dropout),
            "encoder_layer_8",
        )
        self.add_layer(
            EncoderBlock(num_heads, hidden_dim, mlp_dim, dropout, attention_dropout),
            "encoder_layer_9",
        )
        self.add_layer(
            EncoderBlock(num_heads, hidden_dim, mlp_dim, dropout, attention_dropout),
            "encoder_layer_10",
        )
        self.add_layer(
            EncoderBlock(num_heads, hidden_dim, mlp_dim, dropout, attention_dropout),
            "encoder_layer_11",
        )


class Encoder(Steps):
    """The block Encoder(seq_length, num_heads, hidden_dim, mlp_dim, dropout, attention_dropout).

    As encoder in ViT_B_16, Encoder(197, 12, 768, 3072, 0, 0): output (N, 197, 768), 85,207,296
    parameters.
    """

    def __init__(self, seq_length, num_heads, hidden_dim, mlp_dim, dropout, attention_dropout):
        super().__init__()
        branches = []
        branch = []
        branches.append(branch)
        branch2 = []
        branches.append(branch2)
        self.add_parameter((1, seq_length, hidden_dim), "pos_embedding", to=branch2)
        self.add_step(Add(branches))
        self.add_layer(nn.Dropout(dropout), "dropout")
        self.add_layer(
            EncoderLayers(num_heads, hidden_dim, mlp_dim, dropout, attention_dropout), "layers"
        )
        self.add_layer(nn.LayerNorm(hidden_dim, eps=1e-6), "ln")


class Heads(Steps):
    """The block Heads(hidden_dim, num_classes).

    As heads in ViT_B_16, Heads(768, 1000): output (N, 1000), 769,000 parameters.
    """

    def __init__(self, hidden_dim, num_classes):
        super().__init__()
        self.add_layer(nn.Linear(hidden_dim, num_classes), "head")


class ViT_B_16(Steps):
    """ViT_B_16: input (N, 3, 224, 224), output (N, 1000), 86,567,656 parameters."""

    def __init__(
        self,
        image_size=224,
        patch_size=16,
        num_heads=12,
        hidden_dim=768,
        mlp_dim=3072,
        dropout=0.0,
        attention_dropout=0.0,
        num_classes=1000,
    ):
        super().__init__()
        self.input_shape = ("N", 3, image_size, image_size)
        seq_length = (image_size // patch_size) ** 2 + 1
        self.add_layer(
            nn.Conv2d(3, hidden_dim, kernel_size=patch_size, stride=patch_size), "conv_proj"
        )
        self.add_layer(nn.Flatten(2))
        self.add_layer(Permute([0, 2, 1]))
        branches = []
        branch = []
        branches.append(branch)
        self.add_parameter((1, 1, hidden_dim), "class_token", to=branch)
        self.add_layer(Expand("N", -1, -1), to=branch)
        branch2 = []
        branches.append(branch2)
        self.add_step(Concat(branches, dim=1))
        self.add_layer(
            Encoder(seq_length, num_heads, hidden_dim, mlp_dim, dropout, attention_dropout),
            "encoder",
        )
        self.add_layer(Select(1, 0))
        self.add_layer(Heads(hidden_dim, num_classes), "heads")

    def forward(self, x):
        bind_sizes(self.input_shape, x)
        return super().forward(x)
