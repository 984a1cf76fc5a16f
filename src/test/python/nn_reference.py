#!/usr/bin/env python3
"""Reference data for nnspec's layer catalog, produced by PyTorch itself.

Each case is a sequence of layers, written once here as (type, args, kwargs); the script
builds the matching torch modules, runs a forward pass on zeros of the input shape and
records, per layer, the output shape, the number of parameters (torch's own
`sum(p.numel() for p in m.parameters())`, so buffers such as running statistics are not
counted), the parameter tensors by their state_dict names with their shapes, and, for
Conv*/ConvTranspose*/Linear/Bilinear, the MACs from the actual tensor shapes (Bilinear is
given the input as both of its inputs, as nnspec's one flowing input is). For the attention
layers and Swin's the MACs are those of the formulas nnspec documents, with the shapes torch
saw (attention_macs), checked against the multiply-adds of the matrix products torch actually
ran (MatmulCount counts aten mm, addmm, bmm and baddbmm under a dispatch mode); the script
stops if they differ.

Regenerate (Debian's python3-torch 1.13):
    /usr/bin/python3 src/test/python/nn_reference.py > src/test/resources/nn/torch_reference.json

Layers torch 1.13 lacks are built from torch pieces: PositionalEmbedding (learned
positions added to the input), TokenTypeEmbedding (BERT's nn.Embedding(type_vocab_size,
hidden_size), subclassed here, looked up from token_type_ids, all 0, and added to the input), Select
(torch.select(x, dim, index), the `x[:, 0]` of BERT's pooler), LayerNorm(bias=False) and TransformerEncoderLayer(bias=False)
(both added in torch 2.1; here the bias parameters are removed from the torch modules),
Permute, Transpose and Narrow (x.permute, x.transpose, x.narrow; torchvision's Permute is
x.permute too), RMSNorm (torch 2.4's nn.RMSNorm: a weight of normalized_shape, no bias) and
StochasticDepth (torchvision.ops', which has no parameters and keeps the shape), Parameter
(an nn.Parameter returned whatever the input) and Expand (x.expand), and
GroupedQueryAttention (Hugging Face's LlamaAttention: q_proj, k_proj, v_proj, o_proj, the
key/value heads repeated for their group of query heads). LayerNorm2d is torchvision's own
class (torchvision.models.convnext.LayerNorm2d, ConvNeXt's norm over the channels).

nnspec's networks carry one tensor, so TransformerDecoderLayer's memory is its input and
nn.Transformer's src and tgt are the input: both run here as m(x, x). ShiftedWindowAttention
and PatchMerging are torchvision's (0.14, Swin v1).
"""
import json
import sys

import torch
from torch import nn
from torch.utils._python_dispatch import TorchDispatchMode
from torchvision.models import swin_transformer

torch.manual_seed(0)


class PositionalEmbedding(nn.Module):
    def __init__(self, max_len, dim):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(max_len, dim))

    def forward(self, x):
        return x + self.weight[: x.shape[-2]]


class TokenTypeEmbedding(nn.Embedding):
    def forward(self, x):
        token_type_ids = torch.zeros(x.shape[:-1], dtype=torch.long)
        return x + super().forward(token_type_ids)


class Select(nn.Module):
    def __init__(self, dim, index):
        super().__init__()
        self.dim, self.index = dim, index

    def forward(self, x):
        return x.select(self.dim, self.index)


class Permute(nn.Module):
    def __init__(self, dims):
        super().__init__()
        self.dims = dims

    def forward(self, x):
        return x.permute(*self.dims)


class Transpose(nn.Module):
    def __init__(self, dim0, dim1):
        super().__init__()
        self.dim0, self.dim1 = dim0, dim1

    def forward(self, x):
        return x.transpose(self.dim0, self.dim1)


class Narrow(nn.Module):
    def __init__(self, dim, start, length):
        super().__init__()
        self.dim, self.start, self.length = dim, start, length

    def forward(self, x):
        return x.narrow(self.dim, self.start, self.length)


class RMSNorm(nn.Module):
    def __init__(self, normalized_shape, eps=None, elementwise_affine=True):
        super().__init__()
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        self.dims = tuple(range(-len(shape), 0))
        self.eps = eps if eps is not None else torch.finfo(torch.float32).eps
        self.weight = nn.Parameter(torch.ones(shape)) if elementwise_affine else None

    def forward(self, x):
        y = x * torch.rsqrt(x.pow(2).mean(self.dims, keepdim=True) + self.eps)
        return y * self.weight if self.weight is not None else y


class GroupedQueryAttention(nn.Module):
    def __init__(self, embed_dim, num_heads, num_kv_heads, head_dim=None, bias=False):
        super().__init__()
        self.h, self.g = num_heads, num_kv_heads
        self.d = head_dim or embed_dim // num_heads
        self.q_proj = nn.Linear(embed_dim, self.h * self.d, bias=bias)
        self.k_proj = nn.Linear(embed_dim, self.g * self.d, bias=bias)
        self.v_proj = nn.Linear(embed_dim, self.g * self.d, bias=bias)
        self.o_proj = nn.Linear(self.h * self.d, embed_dim, bias=bias)

    def forward(self, x):
        n, t, _ = x.shape
        q = self.q_proj(x).view(n, t, self.h, self.d).transpose(1, 2)
        k = self.k_proj(x).view(n, t, self.g, self.d).transpose(1, 2).repeat_interleave(self.h // self.g, dim=1)
        v = self.v_proj(x).view(n, t, self.g, self.d).transpose(1, 2).repeat_interleave(self.h // self.g, dim=1)
        w = torch.softmax(q @ k.transpose(-1, -2) / self.d ** 0.5, dim=-1)
        return self.o_proj((w @ v).transpose(1, 2).reshape(n, t, self.h * self.d))


class StochasticDepth(nn.Module):
    def __init__(self, p, mode):
        super().__init__()
        self.p, self.mode = p, mode

    def forward(self, x):
        return x


class Parameter(nn.Module):
    """nnspec's Parameter(*size): an nn.Parameter that is the output, whatever the input."""
    def __init__(self, *size):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(*size))

    def forward(self, x):
        return self.weight


class Expand(nn.Module):
    def __init__(self, *sizes):
        super().__init__()
        self.sizes = sizes

    def forward(self, x):
        return x.expand(*self.sizes)


class MatmulCount(TorchDispatchMode):
    """The multiply-adds of the matrix products run inside it (a linear layer is an addmm or mm)."""

    def __init__(self):
        super().__init__()
        self.macs = 0

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        op = func.overloadpacket
        if op in (torch.ops.aten.mm, torch.ops.aten.bmm):
            self.macs += args[0].numel() * args[1].shape[-1]
        elif op in (torch.ops.aten.addmm, torch.ops.aten.baddbmm):
            self.macs += args[1].numel() * args[2].shape[-1]
        return func(*args, **(kwargs or {}))


def layer_norm_without_bias(*args, **kwargs):
    m = nn.LayerNorm(*args, **kwargs)
    m.register_parameter("bias", None)
    return m


def encoder_layer_without_bias(d_model, nhead, dim_feedforward=2048, **kwargs):
    m = nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward, **kwargs)
    m.self_attn = nn.MultiheadAttention(d_model, nhead, bias=False, batch_first=kwargs.get("batch_first", False))
    m.linear1 = nn.Linear(d_model, dim_feedforward, bias=False)
    m.linear2 = nn.Linear(dim_feedforward, d_model, bias=False)
    m.norm1.register_parameter("bias", None)
    m.norm2.register_parameter("bias", None)
    return m


def make(kind, args, kwargs):
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()}
    args = [tuple(a) if isinstance(a, list) else a for a in args]
    if kind == "PositionalEmbedding":
        return PositionalEmbedding(*args, **kwargs)
    if kind == "TokenTypeEmbedding":
        return TokenTypeEmbedding(*args, **kwargs)
    if kind == "Select":
        return Select(*args, **kwargs)
    if kind in ("Permute", "Transpose", "Narrow", "RMSNorm", "StochasticDepth", "GroupedQueryAttention", "Parameter", "Expand"):
        return globals()[kind](*args, **kwargs)
    if kind == "LayerNorm2d":
        from torchvision.models.convnext import LayerNorm2d
        return LayerNorm2d(*args, **kwargs)
    if kind in ("ShiftedWindowAttention", "PatchMerging"):
        # torchvision takes window_size and shift_size as lists, and norm_layer as a class
        args = [list(a) if isinstance(a, tuple) else a for a in args]
        kwargs = {k: list(v) if isinstance(v, tuple) else getattr(nn, v) if k == "norm_layer" else v for k, v in kwargs.items()}
        return getattr(swin_transformer, kind)(*args, **kwargs)
    if kind == "LayerNorm" and kwargs.get("bias") is False:
        kwargs.pop("bias")
        return layer_norm_without_bias(*args, **kwargs)
    if kind == "TransformerEncoderLayer" and kwargs.get("bias") is False:
        kwargs.pop("bias")
        return encoder_layer_without_bias(*args, **kwargs)
    return getattr(nn, kind)(*args, **kwargs)


def forward(m, x):
    if isinstance(m, nn.Bilinear):
        return m(x, x)  # nnspec's one flowing input is both of Bilinear's inputs
    if isinstance(m, nn.MultiheadAttention):
        return m(x, x, x, need_weights=False)[0]
    if isinstance(m, (nn.TransformerDecoderLayer, nn.Transformer)):
        return m(x, x)  # the memory (the source) is the input
    if isinstance(m, (nn.RNN, nn.LSTM, nn.GRU)):
        return m(x)[0]
    if isinstance(m, nn.LSTMCell):
        return m(x)[0]  # (h', c'): nnspec's output is h'
    return m(x)


def macs(m, x, y):
    if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Conv3d)):
        k = 1
        for v in m.kernel_size:
            k *= v
        return y.numel() * (m.in_channels // m.groups) * k
    if isinstance(m, (nn.ConvTranspose1d, nn.ConvTranspose2d, nn.ConvTranspose3d)):
        k = 1
        for v in m.kernel_size:
            k *= v
        return x.numel() * (m.out_channels // m.groups) * k
    if isinstance(m, nn.Linear):
        return y.numel() * m.in_features
    if isinstance(m, nn.Bilinear):
        return y.numel() * m.in1_features * m.in2_features
    if isinstance(m, (nn.RNNCell, nn.LSTMCell, nn.GRUCell)):
        rows = x.numel() // m.input_size  # W_ih·x and W_hh·h per row (h starts at zero, torch still multiplies)
        return rows * m.weight_ih.shape[0] * (m.input_size + m.hidden_size)
    return None


def sequence(x, batch_first):
    """(rows, batches, L) of a sequence layer's input: (L, N, E), (N, L, E) with batch_first, or (L, E)."""
    if x.dim() == 2:
        return x.shape[0], 1, x.shape[0]
    n, length = (x.shape[0], x.shape[1]) if batch_first else (x.shape[1], x.shape[0])
    return n * length, n, length


def self_attention_macs(x, e, batch_first, extra_keys=0):
    """Projections 4·L·E² and scores and weighted sum 2·L·S·E per sequence, S = L (+ extra keys)."""
    rows, batches, length = sequence(x, batch_first)
    return 4 * rows * e * e + 2 * batches * length * (length + extra_keys) * e


def layer_macs(x, d, ff, batch_first, decoder):
    """An encoder layer (one attention) or a decoder layer whose memory is x (two), plus the feed-forward block."""
    rows = sequence(x, batch_first)[0]
    return (2 if decoder else 1) * self_attention_macs(x, d, batch_first) + 2 * rows * d * ff


def attention_macs(m, x):
    """The MACs nnspec documents for the attention layers and Swin's, from the shapes torch saw; None for the others."""
    if isinstance(m, nn.MultiheadAttention):
        extra = (m.bias_k is not None) + m.add_zero_attn
        return self_attention_macs(x, m.embed_dim, m.batch_first, extra)
    if isinstance(m, nn.TransformerEncoderLayer):
        return layer_macs(x, m.linear1.in_features, m.linear1.out_features, m.self_attn.batch_first, False)
    if isinstance(m, nn.TransformerDecoderLayer):
        return layer_macs(x, m.linear1.in_features, m.linear1.out_features, m.self_attn.batch_first, True)
    if isinstance(m, nn.Transformer):
        enc, dec = m.encoder.layers, m.decoder.layers
        return (sum(layer_macs(x, l.linear1.in_features, l.linear1.out_features, l.self_attn.batch_first, False) for l in enc)
                + sum(layer_macs(x, l.linear1.in_features, l.linear1.out_features, l.self_attn.batch_first, True) for l in dec))
    if isinstance(m, GroupedQueryAttention):
        n, t, e = x.shape if x.dim() == 3 else (1, *x.shape)
        return n * t * (2 * e * m.h * m.d + 2 * e * m.g * m.d) + 2 * n * t * t * m.h * m.d
    if isinstance(m, swin_transformer.ShiftedWindowAttention):
        b, h, w, c = x.shape
        wh, ww = m.window_size
        windows = -(-h // wh) * -(-w // ww)  # H and W padded up to multiples of the window
        t = wh * ww
        return b * windows * (4 * t * c * c + 2 * t * t * c)
    if isinstance(m, swin_transformer.PatchMerging):
        h, w, c = x.shape[-3:]
        return x[..., 0, 0, 0].numel() * -(-h // 2) * -(-w // 2) * (4 * c) * (2 * c)
    return None


# (name, input shape, integer input?, [(type, args, kwargs), ...]); the first dim is the batch.
CASES = [
    ("conv2d_options", [2, 3, 32, 32], False, [
        ("Conv2d", [3, 8], {"kernel_size": 3}),
        ("Conv2d", [8, 16, [3, 5]], {"stride": [2, 1], "padding": [1, 2], "dilation": [2, 1]}),
        ("Conv2d", [16, 16, 3], {"groups": 4, "bias": False, "padding": "same"}),
        ("Conv2d", [16, 32], {"kernel_size": 3, "padding": "valid", "dilation": 3}),
        ("Conv2d", [32, 32, 3], {"stride": 2, "padding": 1, "groups": 32}),
        ("Conv2d", [32, 8, 1], {"padding": 1, "padding_mode": "reflect"}),
        ("Conv2d", [8, 6, [2, 4]], {"padding": "same", "dilation": [3, 2]}),
        ("Conv2d", [6, 4, 3, 3, 2, 1, 2, False], {}),
    ]),
    ("conv_transpose", [2, 8, 7, 9], False, [
        ("ConvTranspose2d", [8, 4, 3], {"stride": 2, "padding": 1, "output_padding": 1}),
        ("ConvTranspose2d", [4, 6, [3, 2]], {"stride": [2, 3], "padding": [0, 1], "output_padding": [1, 2], "groups": 2, "dilation": [1, 2]}),
        ("ConvTranspose2d", [6, 3, 4], {"stride": 1, "bias": False}),
        ("ConvTranspose2d", [3, 3, 1], {"output_padding": 1, "dilation": 2}),
    ]),
    ("pool2d_ceil_mode", [2, 3, 5, 7], False, [
        ("MaxPool2d", [2], {"stride": 2, "padding": 1, "ceil_mode": True}),
        ("MaxPool2d", [2], {"stride": 1, "ceil_mode": True}),
        ("AvgPool2d", [3], {"stride": 2, "padding": 1, "ceil_mode": True}),
    ]),
    ("pool2d_options", [2, 4, 29, 31], False, [
        ("MaxPool2d", [[3, 2]], {"stride": [1, 2], "dilation": [2, 1]}),
        ("AvgPool2d", [2], {}),
        ("MaxPool2d", [3], {"ceil_mode": True}),
        ("AvgPool2d", [[3, 1]], {"stride": [2, 1], "padding": [1, 0], "count_include_pad": False}),
        ("AdaptiveAvgPool2d", [[None, 3]], {}),
        ("AdaptiveMaxPool2d", [2], {}),
        ("AdaptiveAvgPool2d", [1], {}),
        ("Flatten", [], {}),
    ]),
    ("conv1d_pool1d", [2, 4, 50], False, [
        ("Conv1d", [4, 8, 5], {"stride": 3, "padding": 2, "dilation": 2}),
        ("MaxPool1d", [3], {"stride": 2, "padding": 1, "ceil_mode": True}),
        ("Conv1d", [8, 8, 3], {"padding": "same", "groups": 2}),
        ("MaxPool1d", [2], {}),
        ("Conv1d", [8, 2, 2], {"bias": False, "padding": 1}),
        ("MaxPool1d", [3], {"stride": 1, "dilation": 2}),
        ("BatchNorm1d", [2], {}),
    ]),
    ("dense_and_activations", [2, 3, 8, 8], False, [
        ("BatchNorm2d", [3], {}),
        ("ReLU", [], {}),
        ("Flatten", [], {}),
        ("Linear", [192, 64], {}),
        ("BatchNorm1d", [64], {}),
        ("LeakyReLU", [0.2], {}),
        ("Dropout", [0.3], {}),
        ("Unflatten", [1, [4, 16]], {}),
        ("BatchNorm1d", [4], {"affine": False}),
        ("GELU", [], {"approximate": "tanh"}),
        ("Linear", [16, 10], {"bias": False}),
        ("SiLU", [], {}),
        ("Sigmoid", [], {}),
        ("Tanh", [], {}),
        ("ReLU6", [], {}),
        ("Hardswish", [], {}),
        ("Softmax", [], {"dim": -1}),
        ("Identity", [], {}),
        ("Flatten", [0, 1], {}),
        ("Unflatten", [0], {"unflattened_size": [2, -1]}),
        ("Flatten", [], {"start_dim": 1, "end_dim": 2}),
    ]),
    ("norms", [2, 6, 5, 5], False, [
        ("GroupNorm", [3, 6], {}),
        ("GroupNorm", [2, 6], {"affine": False}),
        ("LayerNorm", [[5, 5]], {}),
        ("LayerNorm", [5], {"elementwise_affine": False}),
        ("LayerNorm", [5], {"bias": False}),
        ("BatchNorm2d", [6], {"affine": False}),
        ("BatchNorm2d", [6], {"momentum": None, "track_running_stats": False}),
        ("LayerNorm", [[6, 5, 5]], {"eps": 1e-3}),
        ("LayerNorm2d", [6], {"eps": 1e-6}),
        ("LayerNorm2d", [[6]], {"elementwise_affine": False}),
        ("LayerNorm2d", [[5, 6]], {}),
    ]),
    ("token_transformer", [2, 7], True, [
        ("Embedding", [100, 32], {"padding_idx": 0}),
        ("PositionalEmbedding", [16, 32], {}),
        ("TokenTypeEmbedding", [2, 32], {}),
        ("MultiheadAttention", [32, 4], {"batch_first": True}),
        ("TransformerEncoderLayer", [32, 4], {"dim_feedforward": 64, "batch_first": True}),
        ("TransformerEncoderLayer", [32, 8, 48], {"norm_first": True, "activation": "gelu", "batch_first": True}),
        ("TransformerEncoderLayer", [32, 2, 40], {"batch_first": True, "bias": False}),
        ("MultiheadAttention", [32, 2], {"bias": False, "add_bias_kv": True, "batch_first": True}),
        ("MultiheadAttention", [32, 4], {"add_zero_attn": True, "batch_first": True, "kdim": 32, "vdim": 32}),
        ("Linear", [32, 100], {}),
        ("Select", [1, -7], {}),
        ("Select", [-1], {"index": 99}),
    ]),
    ("sequence_first_attention", [7, 2, 16], False, [
        ("MultiheadAttention", [16, 2], {}),
        ("TransformerEncoderLayer", [16, 4, 32], {}),
        ("LSTM", [16, 8], {"proj_size": 3}),
        ("GRU", [3, 5], {"num_layers": 3, "bidirectional": True, "dropout": 0.2}),
        ("RNN", [10, 4], {}),
    ]),
    ("recurrent_batch_first", [2, 7, 10], False, [
        ("RNN", [10, 20], {"batch_first": True}),
        ("RNN", [20, 12], {"num_layers": 3, "nonlinearity": "relu", "bias": False, "batch_first": True, "bidirectional": True}),
        ("LSTM", [24, 16], {"num_layers": 2, "batch_first": True, "dropout": 0.1, "bidirectional": True, "proj_size": 6}),
        ("GRU", [12, 9], {"num_layers": 2, "batch_first": True, "bias": False}),
        ("GRU", [9, 5], {"bidirectional": True, "batch_first": True}),
        ("LSTM", [10, 4, 2, False, True, 0.0, True], {}),
    ]),
    ("more_activations", [2, 6, 4, 4], False, [
        ("Hardsigmoid", [], {}),
        ("Hardtanh", [-2.0, 2.0], {}),
        ("ELU", [], {"alpha": 0.5}),
        ("SELU", [], {}),
        ("CELU", [], {"alpha": 2.0}),
        ("Mish", [], {}),
        ("Softplus", [], {"beta": 2, "threshold": 10}),
        ("Softsign", [], {}),
        ("LogSigmoid", [], {}),
        ("Tanhshrink", [], {}),
        ("Hardshrink", [], {"lambd": 0.25}),
        ("Softshrink", [0.1], {}),
        ("Threshold", [0.1, 20.0], {}),
        ("RReLU", [], {}),
        ("LogSoftmax", [], {"dim": 1}),
        ("Softmin", [-1], {}),
        ("Softmax2d", [], {}),
        ("PReLU", [], {}),
        ("PReLU", [6], {"init": 0.1}),
        ("Dropout2d", [0.2], {}),
        ("AlphaDropout", [], {"p": 0.1}),
        ("GLU", [], {"dim": 1}),
        ("Unflatten", [2, [2, 2]], {}),
        ("Dropout3d", [], {}),
        ("Flatten", [2, 3], {}),
        ("Flatten", [2], {}),
        ("Dropout1d", [], {}),
        ("GLU", [], {}),
    ]),
    ("reshapes_and_rms", [2, 8, 4, 6], False, [
        ("Permute", [[0, 2, 3, 1]], {}),
        ("RMSNorm", [8], {}),
        ("RMSNorm", [[6, 8]], {"eps": 1e-6}),
        ("RMSNorm", [8], {"elementwise_affine": False}),
        ("StochasticDepth", [0.1, "row"], {}),
        ("Permute", [[0, -1, 1, 2]], {}),
        ("Flatten", [2], {}),
        ("Transpose", [1, 2], {}),
        ("Narrow", [1, 0, 1], {}),
        ("Narrow", [2, -3, 2], {}),
        ("Transpose", [-1, 0], {}),
        ("StochasticDepth", [0.5], {"mode": "batch"}),
    ]),
    ("resize_and_pad", [2, 8, 6, 6], False, [
        ("ZeroPad2d", [1], {}),
        ("ConstantPad2d", [[1, 2, 0, 3], 0.5], {}),
        ("ReflectionPad2d", [2], {}),
        ("ReplicationPad2d", [[0, 1, 2, 3]], {}),
        ("PixelUnshuffle", [2], {}),
        ("ChannelShuffle", [4], {}),
        ("PixelShuffle", [2], {}),
        ("InstanceNorm2d", [8], {}),
        ("InstanceNorm2d", [8], {"affine": True}),
        ("LocalResponseNorm", [3], {}),
        ("Upsample", [], {"scale_factor": 1.5}),
        ("Upsample", [], {"size": [7, 9], "mode": "bilinear"}),
        ("Flatten", [2], {}),
        ("ConstantPad1d", [2, 1.0], {}),
        ("ReflectionPad1d", [[3, 1]], {}),
        ("ReplicationPad1d", [1], {}),
        ("InstanceNorm1d", [8], {"affine": True}),
        ("Upsample", [10], {}),
        ("Upsample", [], {"scale_factor": 2.5, "mode": "linear"}),
    ]),
    ("grouped_query_attention", [2, 5, 64], False, [
        ("GroupedQueryAttention", [64, 8, 2], {}),
        ("GroupedQueryAttention", [64, 4, 4], {"bias": True}),
        ("GroupedQueryAttention", [64, 8, 1], {"head_dim": 16}),
        ("RMSNorm", [64], {}),
    ]),
    # a class token: a learnable (1, 1, 8) stretched over the batch, as ViT's is
    ("tensors", [2, 5, 8], False, [
        ("Expand", [3, 2, 5, 8], {}),
        ("Expand", [4, -1, -1, -1, -1], {}),
        ("Parameter", [1, 1, 8], {}),
        ("Expand", [2, -1, -1], {}),
        ("Parameter", [7], {}),
        ("Expand", [3, 7], {}),
    ]),
    ("recurrent_cells", [4, 10], False, [
        ("RNNCell", [10, 6], {}),
        ("LSTMCell", [6, 5], {"bias": False}),
        ("GRUCell", [5, 7], {}),
        ("RNNCell", [7, 3], {"nonlinearity": "relu", "bias": False}),
    ]),
    ("unbatched_cells", [10], False, [
        ("LSTMCell", [10, 4], {}),
        ("GRUCell", [4, 2], {"bias": False}),
    ]),
    ("unbatched", [3, 16, 16], False, [
        ("Conv2d", [3, 4, 3], {}),
        ("MaxPool2d", [2], {}),
        ("ConvTranspose2d", [4, 2, 2], {"stride": 2}),
        ("AdaptiveMaxPool2d", [[5, None]], {}),
        ("Flatten", [0, 1], {}),
        ("LSTM", [14, 6], {"bidirectional": True}),
        ("MultiheadAttention", [12, 3], {}),
    ]),
    ("conv3d_pool3d", [2, 3, 9, 10, 11], False, [
        ("Conv3d", [3, 8, 3], {"padding": 1}),
        ("Conv3d", [8, 8, [3, 1, 2]], {"stride": [2, 1, 2], "padding": [1, 0, 1], "dilation": [1, 2, 1], "groups": 4, "bias": False}),
        ("Conv3d", [8, 6, [2, 3, 1]], {"padding": "same", "dilation": [1, 2, 1], "padding_mode": "replicate"}),
        ("MaxPool3d", [[2, 3, 2]], {"stride": 1, "padding": 1, "dilation": [1, 2, 1], "ceil_mode": True}),
        ("AvgPool3d", [3], {"stride": 2, "padding": 1, "ceil_mode": True, "count_include_pad": False}),
        ("ConvTranspose3d", [6, 4, 3], {"stride": 2, "padding": 1, "output_padding": 1}),
        ("ConvTranspose3d", [4, 4, [2, 3, 1]], {"stride": [1, 2, 3], "dilation": [2, 1, 1], "groups": 2, "output_padding": [1, 1, 0]}),
        ("AvgPool3d", [[1, 2, 3]], {"divisor_override": 2}),
        ("MaxPool3d", [2], {"ceil_mode": True}),
        ("AdaptiveAvgPool3d", [[None, 3, 2]], {}),
        ("AdaptiveMaxPool3d", [2], {}),
    ]),
    ("conv_transpose1d_pool1d", [2, 4, 30], False, [
        ("ConvTranspose1d", [4, 6, 3], {"stride": 2, "padding": 1, "output_padding": 1}),
        ("ConvTranspose1d", [6, 6, 4], {"groups": 3, "dilation": 2, "bias": False}),
        ("AvgPool1d", [3], {"stride": 2, "padding": 1, "ceil_mode": True}),
        ("LPPool1d", [2, 3], {"stride": 2, "ceil_mode": True}),
        ("AdaptiveAvgPool1d", [7], {}),
        ("AdaptiveMaxPool1d", [[4]], {"return_indices": False}),
        ("AvgPool1d", [2], {"count_include_pad": False}),
        ("ConvTranspose1d", [6, 2, 1], {"stride": 3, "output_padding": 2}),
        ("LPPool1d", [1.5, 2], {}),
    ]),
    ("lp_pool2d", [2, 3, 9, 10], False, [
        ("LPPool2d", [2, 3], {"stride": 2, "ceil_mode": True}),
        ("LPPool2d", [1.5, [2, 1]], {}),
    ]),
    ("unbatched_conv_pool_3d", [3, 6, 7, 8], False, [
        ("Conv3d", [3, 4, 3], {"padding": [1, 0, 1]}),
        ("MaxPool3d", [2], {"ceil_mode": True}),
        ("ConvTranspose3d", [4, 2, 2], {"stride": 2}),
        ("AvgPool3d", [2], {"stride": 1}),
        ("AdaptiveAvgPool3d", [[2, None, 3]], {}),
        ("AdaptiveMaxPool3d", [[1, 2, 1]], {}),
        ("Flatten", [0], {}),
    ]),
    ("unbatched_conv_pool_1d", [4, 20], False, [
        ("ConvTranspose1d", [4, 2, 3], {"stride": 2}),
        ("AvgPool1d", [2], {}),
        ("LPPool1d", [3, 2], {"ceil_mode": True}),
        ("AdaptiveMaxPool1d", [3], {}),
        ("AdaptiveAvgPool1d", [2], {}),
        ("Unflatten", [1, [1, 2]], {}),
        ("LPPool2d", [2, 1], {}),
    ]),
    ("norm3d_pad3d", [2, 4, 5, 6, 7], False, [
        ("BatchNorm3d", [4], {}),
        ("InstanceNorm3d", [4], {"affine": True}),
        ("ReplicationPad3d", [[1, 0, 2, 1, 0, 3]], {}),
        ("ReflectionPad3d", [1], {}),
        ("ConstantPad3d", [[0, 1, 1, 0, 2, 2], 0.5], {}),
        ("InstanceNorm3d", [4], {}),
        ("BatchNorm3d", [4], {"affine": False}),
    ]),
    ("unbatched_norm_pad_3d", [2, 5, 5, 7], False, [
        ("InstanceNorm3d", [2], {"affine": True}),
        ("ReflectionPad3d", [1], {}),
        ("ReplicationPad3d", [[1, 0, 0, 1, 1, 0]], {}),
        ("ConstantPad3d", [1, 0.5], {}),
    ]),
    ("constant_pad_any_rank", [2, 3, 4, 5, 6], False, [
        ("ZeroPad2d", [1], {}),
        ("ConstantPad1d", [[1, 2], 0.5], {}),
        ("ConstantPad3d", [[1, 0, 0, 1, 2, 2], -1.0], {}),
        ("Unflatten", [1, [3, 1]], {}),
        ("ConstantPad3d", [1, 0.0], {}),
    ]),
    # a negative padding crops, as F.pad does
    ("constant_pad_cropping", [2, 3, 5, 6], False, [
        ("ConstantPad2d", [[-1, 2, 0, -2], 0.0], {}),
        ("ZeroPad2d", [[1, -3, -1, 1]], {}),
        ("ConstantPad1d", [[-2, -1], 1.0], {}),
    ]),
    ("sync_batch_norm_feature_alpha_dropout", [2, 6, 5, 4], False, [
        ("SyncBatchNorm", [6], {}),
        ("FeatureAlphaDropout", [0.2], {}),
        ("SyncBatchNorm", [6], {"affine": False}),
    ]),
    ("constant_pad_low_rank", [4, 6], False, [
        ("ZeroPad2d", [[1, 2, 0, 0]], {}),
        ("ConstantPad1d", [1, 0.0], {}),
    ]),
    ("upsampling_fold", [2, 3, 4, 5], False, [
        ("UpsamplingNearest2d", [], {"scale_factor": 2}),
        ("UpsamplingBilinear2d", [], {"size": [9, 11]}),
        ("UpsamplingNearest2d", [12], {}),
        ("UpsamplingBilinear2d", [None, 1.5], {}),
        ("Unfold", [[2, 3]], {"dilation": 2, "padding": 1, "stride": [1, 2]}),
        ("Fold", [[18, 18], [2, 3]], {"dilation": 2, "padding": 1, "stride": [1, 2]}),
        ("Unfold", [3], {"stride": 3}),
        ("Fold", [[19, 20], 3], {"stride": 3}),
    ]),
    ("unbatched_fold", [2, 1, 3], False, [
        ("Unfold", [[1, 2]], {}),
        ("Fold", [[1, 3], [1, 2]], {}),
        ("UpsamplingNearest2d", [], {"scale_factor": 2.5}),
    ]),
    ("bilinear", [2, 3, 8], False, [
        ("Bilinear", [8, 8, 5], {}),
        ("Bilinear", [5, 5, 4], {"bias": False}),
    ]),
    ("embedding_bag_sum", [3, 5], True, [
        ("EmbeddingBag", [20, 4], {"mode": "sum", "padding_idx": -1}),
        ("Bilinear", [4, 4, 3], {}),
        ("Bilinear", [3, 3, 3, False], {}),
    ]),
    ("embedding_bag_max", [2, 6], True, [
        ("EmbeddingBag", [50, 8, 1.0, 2.0, False, "max"], {"padding_idx": 0}),
        ("Unflatten", [1, [2, 4]], {}),
        ("Bilinear", [4, 4, 5], {}),
    ]),
    ("embedding_bag_mean", [2, 3], True, [
        ("EmbeddingBag", [10, 6], {"scale_grad_by_freq": True, "sparse": True}),
    ]),
    ("decoder_batch_first", [2, 5, 16], False, [
        ("TransformerDecoderLayer", [16, 4], {"dim_feedforward": 32, "batch_first": True}),
        ("TransformerDecoderLayer", [16, 2, 24], {"norm_first": True, "activation": "gelu", "batch_first": True}),
        ("Transformer", [], {"d_model": 16, "nhead": 4, "num_encoder_layers": 2, "num_decoder_layers": 3, "dim_feedforward": 24,
                             "batch_first": True}),
        ("Transformer", [16, 2, 1, 1, 20], {"norm_first": True, "batch_first": True, "activation": "gelu", "layer_norm_eps": 1e-6}),
        ("Transformer", [16, 8], {"num_encoder_layers": 1, "num_decoder_layers": 0, "dim_feedforward": 8, "batch_first": True}),
    ]),
    ("decoder_sequence_first", [7, 2, 16], False, [
        ("TransformerDecoderLayer", [16, 4, 32], {}),
        ("Transformer", [16, 4, 1, 2, 32], {}),
        ("TransformerDecoderLayer", [16, 8], {"dim_feedforward": 16, "norm_first": True, "dropout": 0.0}),
    ]),
    ("unbatched_transformer", [6, 16], False, [
        ("TransformerDecoderLayer", [16, 2, 32], {}),
        ("Transformer", [16, 2, 1, 1, 32], {"batch_first": True}),
    ]),
    ("transformer_defaults", [3, 2, 512], False, [
        ("Transformer", [], {}),
    ]),
    ("swin", [2, 56, 56, 96], False, [
        ("ShiftedWindowAttention", [96, [7, 7], [0, 0], 3], {}),
        ("ShiftedWindowAttention", [96, [7, 7], [3, 3], 3], {}),
        ("PatchMerging", [96], {}),
        ("ShiftedWindowAttention", [192], {"window_size": [7, 7], "shift_size": [3, 3], "num_heads": 6, "qkv_bias": False,
                                           "proj_bias": False, "attention_dropout": 0.1, "dropout": 0.1}),
    ]),
    ("swin_window_padding", [2, 7, 9, 8], False, [
        ("ShiftedWindowAttention", [8, [4, 4], [2, 2], 2], {}),
        ("PatchMerging", [8], {"norm_layer": "LayerNorm"}),
        ("ShiftedWindowAttention", [16, [7, 7], [3, 3], 4], {}),
        ("ShiftedWindowAttention", [16, [3, 2], [1, 1], 8], {"qkv_bias": False}),
        ("PatchMerging", [16], {}),
    ]),
    ("patch_merging_unbatched", [7, 9, 4], False, [
        ("PatchMerging", [4], {}),
        ("PatchMerging", [8], {}),
    ]),
    ("patch_merging_5d", [2, 3, 5, 6, 4], False, [
        ("PatchMerging", [4], {}),
    ]),
]


def tensors(kind, m):
    """The parameter tensors by state_dict name (relative to the layer) and shape. nnspec's
    Parameter is a bare nn.Parameter, which has no module of its own: its state_dict key is
    its label, so its one tensor's relative name is empty."""
    if kind == "Parameter":
        return {"": list(m.weight.shape)}
    return {n: list(p.shape) for n, p in m.named_parameters()}


def run(case):
    name, shape, integer, layers = case
    x = torch.zeros(shape, dtype=torch.long) if integer else torch.zeros(shape)
    out = []
    for kind, args, kwargs in layers:
        m = make(kind, args, kwargs)
        m.train()  # the eval fast path of TransformerEncoderLayer cannot run without biases
        with torch.no_grad(), MatmulCount() as counted:
            # SyncBatchNorm runs only on a GPU in torch 1.13: its output is its input's shape,
            # as BatchNorm's, and its parameters are the module's own
            y = x if kind == "SyncBatchNorm" else forward(m, x)
        documented = attention_macs(m, x)
        if documented is not None and documented != counted.macs:
            raise AssertionError(f"{name}: {kind} {args} {kwargs}: the formula gives {documented} MACs, torch ran {counted.macs}")
        out.append({
            "type": kind, "args": args, "kwargs": kwargs,
            "output_shape": list(y.shape),
            "params": sum(p.numel() for p in m.parameters()),
            "macs": macs(m, x, y) if documented is None else documented,
            "tensors": tensors(kind, m),
        })
        x = y
    return {"name": name, "input": shape, "layers": out}


def main():
    doc = {"torch": torch.__version__, "cases": [run(c) for c in CASES]}
    json.dump(doc, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
