# The Python that exported modules share, one section per helper: the exporter copies the
# sections a module uses into it, in this order. A section starts with a line "# == NAME"
# and runs to the next; its text is copied as it stands.

# == run
def run(steps, x):
    """Passes x through steps in order: modules, merges and learnable tensors."""
    for step in steps:
        x = step(x)
    return x


# == whole
def whole(value):
    """A whole float as an int, as nnspec takes 4 / 2 for the size 2; anything else as it is."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


# == Steps
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


# == ParameterStep
class ParameterStep:
    """Returns its module's parameter `name`, whatever flows in (a step, not a lambda, so
    that copy.deepcopy and pickle give the copy its own parameter)."""

    def __init__(self, module, name):
        self.module, self.name = module, name

    def __call__(self, x):
        return getattr(self.module, self.name)


# == Residual
class Residual:
    """body(x) + shortcut(x); an empty shortcut is the identity."""

    def __init__(self, body, shortcut):
        self.body, self.shortcut = body, shortcut

    def __call__(self, x):
        return run(self.body, x) + run(self.shortcut, x)


# == Concat
class Concat:
    """The branches' outputs joined along dim; an empty branch is the identity."""

    def __init__(self, branches, dim=1):
        self.branches, self.dim = branches, dim

    def __call__(self, x):
        return torch.cat([run(branch, x) for branch in self.branches], dim=self.dim)


# == Add
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


# == Multiply
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


# == MixtureOfExperts
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


# == SIZES
# The input's symbolic sizes (N, T, ...), bound by the network's forward for the layers that
# name them, such as Expand(N, -1, -1).
SIZES = {}


def bind_sizes(shape, x):
    for name, size in zip(shape, x.shape):
        if isinstance(name, str):
            SIZES[name] = size


# == Expand
class Expand(nn.Module):
    """x.expand(*sizes); a size may name one of the input's symbolic sizes, as "N"."""

    def __init__(self, *sizes):
        super().__init__()
        if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)):
            sizes = tuple(sizes[0])
        self.sizes = sizes

    def forward(self, x):
        return x.expand(*[SIZES[size] if isinstance(size, str) else size for size in self.sizes])


# == SelfAttention
class SelfAttention(nn.MultiheadAttention):
    """nn.MultiheadAttention with its input as query, key and value; returns the output."""

    def forward(self, x):
        return super().forward(x, x, x, need_weights=False)[0]


# == SelfBilinear
class SelfBilinear(nn.Bilinear):
    """nn.Bilinear with its input as both of its inputs."""

    def forward(self, x):
        return super().forward(x, x)


# == SelfDecoderLayer
class SelfDecoderLayer(nn.TransformerDecoderLayer):
    """nn.TransformerDecoderLayer whose memory is its input."""

    def forward(self, x):
        return super().forward(x, x)


# == SelfTransformer
class SelfTransformer(nn.Transformer):
    """nn.Transformer whose source and target are its input."""

    def forward(self, x):
        return super().forward(x, x)


# == RNNOutput
class RNNOutput(nn.RNN):
    """nn.RNN returning its output sequence (not the final hidden state)."""

    def forward(self, x):
        return super().forward(x)[0]


# == LSTMOutput
class LSTMOutput(nn.LSTM):
    """nn.LSTM returning its output sequence (not the final states)."""

    def forward(self, x):
        return super().forward(x)[0]


# == GRUOutput
class GRUOutput(nn.GRU):
    """nn.GRU returning its output sequence (not the final hidden state)."""

    def forward(self, x):
        return super().forward(x)[0]


# == LSTMCellOutput
class LSTMCellOutput(nn.LSTMCell):
    """nn.LSTMCell returning its next hidden state h' (not the cell state c')."""

    def forward(self, x):
        return super().forward(x)[0]


# == ValuesOnly
class ValuesOnly(nn.Module):
    """A pooling layer that may return its indices too (return_indices), returning its values."""

    def __init__(self, pool):
        super().__init__()
        self.pool = pool

    def forward(self, x):
        values = self.pool(x)
        return values[0] if self.pool.return_indices else values


# == PositionalEmbedding
class PositionalEmbedding(nn.Module):
    """Learned positions (max_len, dim) added to the input; shorter sequences use the first."""

    def __init__(self, max_len, dim):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(max_len, dim))

    def forward(self, x):
        return x + self.weight[: x.shape[-2]]


# == TokenTypeEmbedding
class TokenTypeEmbedding(nn.Embedding):
    """BERT's token type embedding added to the input, every position of type 0."""

    def forward(self, x):
        token_type_ids = torch.zeros(x.shape[:-1], dtype=torch.long, device=x.device)
        return x + super().forward(token_type_ids)


# == Select
class Select(nn.Module):
    """x.select(dim, index), as x[:, 0]."""

    def __init__(self, dim, index):
        super().__init__()
        self.dim, self.index = dim, index

    def forward(self, x):
        return x.select(self.dim, self.index)


# == Permute
class Permute(nn.Module):
    """x.permute(dims)."""

    def __init__(self, dims):
        super().__init__()
        self.dims = dims

    def forward(self, x):
        return x.permute(*self.dims)


# == Transpose
class Transpose(nn.Module):
    """x.transpose(dim0, dim1)."""

    def __init__(self, dim0, dim1):
        super().__init__()
        self.dim0, self.dim1 = dim0, dim1

    def forward(self, x):
        return x.transpose(self.dim0, self.dim1)


# == Narrow
class Narrow(nn.Module):
    """x.narrow(dim, start, length)."""

    def __init__(self, dim, start, length):
        super().__init__()
        self.dim, self.start, self.length = dim, start, length

    def forward(self, x):
        return x.narrow(self.dim, self.start, self.length)


# == RMSNorm
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


# == LayerNorm2d
class LayerNorm2d(nn.LayerNorm):
    """LayerNorm over the channels of (N, C, H, W), as torchvision's ConvNeXt has it."""

    def forward(self, x):
        return super().forward(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)


# == StochasticDepth
class StochasticDepth(nn.Module):
    """Drops the whole input of a residual branch with probability p while training."""

    def __init__(self, p, mode="row"):
        super().__init__()
        self.p, self.mode = p, mode

    def forward(self, x):
        if not self.training or self.p == 0.0:
            return x
        size = [x.shape[0]] + [1] * (x.dim() - 1) if self.mode == "row" else [1] * x.dim()
        keep = x.new_empty(size).bernoulli_(1.0 - self.p)
        return x * keep / (1.0 - self.p)


# == GroupedQueryAttention
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
