# ConvNeXtTiny as a PyTorch module, exported by nnspec 0.1.0
# from examples/zoo/convnext_tiny.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""ConvNeXtTiny: input (N, 3, 224, 224), output (N, 1000), 28,589,128 parameters."""

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


class Permute(nn.Module):
    """x.permute(dims)."""

    def __init__(self, dims):
        super().__init__()
        self.dims = dims

    def forward(self, x):
        return x.permute(*self.dims)


class LayerNorm2d(nn.LayerNorm):
    """LayerNorm over the channels of (N, C, H, W), as torchvision's ConvNeXt has it."""

    def forward(self, x):
        return super().forward(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)


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


class Stem(Steps):
    """The block Stem(out_c).

    As features.0 in ConvNeXtTiny, Stem(96): output (N, 96, 56, 56), 4,896 parameters.
    """

    def __init__(self, out_c):
        super().__init__()
        self.add_layer(nn.Conv2d(3, out_c, kernel_size=4, stride=4, padding=0))
        self.add_layer(LayerNorm2d(out_c, eps=1e-6))


class CNBlock(Steps):
    """The block CNBlock(dim, sd_prob).

    As features.1.0 in ConvNeXtTiny, CNBlock(96, 0): output (N, 96, 56, 56), 79,296 parameters (one
    of 18 uses).
    """

    def __init__(self, dim, sd_prob):
        super().__init__()
        body, shortcut = [], []
        branches = []
        branch = []
        branches.append(branch)
        self.add_parameter((dim, 1, 1), "layer_scale", to=branch)
        branch2 = []
        branches.append(branch2)
        block = self.add_group("block")
        block.add_layer(nn.Conv2d(dim, dim, kernel_size=7, padding=3, groups=dim), to=branch2)
        block.add_layer(Permute([0, 2, 3, 1]), to=branch2)
        block.add_layer(nn.LayerNorm(dim, eps=1e-6), to=branch2)
        block.add_layer(nn.Linear(dim, 4 * dim), to=branch2)
        block.add_layer(nn.GELU(), to=branch2)
        block.add_layer(nn.Linear(4 * dim, dim), to=branch2)
        block.add_layer(Permute([0, 3, 1, 2]), to=branch2)
        body.append(Multiply(branches))
        self.add_layer(StochasticDepth(sd_prob, "row"), "stochastic_depth", to=body)
        self.add_step(Residual(body, shortcut))


class Stage(Steps):
    """The block Stage(dim, layers, first_id, total_blocks, stochastic_depth_prob).

    As features.1 in ConvNeXtTiny, Stage(96, 3, 0, 18, 0.1): output (N, 96, 56, 56), 237,888
    parameters (one of 4 uses).
    """

    def __init__(self, dim, layers, first_id, total_blocks, stochastic_depth_prob):
        super().__init__()
        for i in range(layers):
            self.add_layer(
                CNBlock(dim, stochastic_depth_prob * (first_id + i) / (total_blocks - 1.0))
            )


class Downsampling(Steps):
    """The block Downsampling(in_c, out_c).

    As features.2 in ConvNeXtTiny, Downsampling(96, 192): output (N, 192, 28, 28), 74,112
    parameters (one of 3 uses).
    """

    def __init__(self, in_c, out_c):
        super().__init__()
        self.add_layer(LayerNorm2d(in_c, eps=1e-6))
        self.add_layer(nn.Conv2d(in_c, out_c, kernel_size=2, stride=2))


class Features(Steps):
    """The block Features(stochastic_depth_prob).

    As features in ConvNeXtTiny, Features(0.1): output (N, 768, 7, 7), 27,818,592 parameters.
    """

    def __init__(self, stochastic_depth_prob):
        super().__init__()
        total = 3 + 3 + 9 + 3
        self.add_layer(Stem(96))
        self.add_layer(Stage(96, 3, 0, total, stochastic_depth_prob))
        self.add_layer(Downsampling(96, 192))
        self.add_layer(Stage(192, 3, 3, total, stochastic_depth_prob))
        self.add_layer(Downsampling(192, 384))
        self.add_layer(Stage(384, 9, 6, total, stochastic_depth_prob))
        self.add_layer(Downsampling(384, 768))
        self.add_layer(Stage(768, 3, 15, total, stochastic_depth_prob))


class Classifier(Steps):
    """The block Classifier(c, num_classes).

    As classifier in ConvNeXtTiny, Classifier(768, 1000): output (N, 1000), 770,536 parameters.
    """

    def __init__(self, c, num_classes):
        super().__init__()
        self.add_layer(LayerNorm2d(c, eps=1e-6))
        self.add_layer(nn.Flatten(1))
        self.add_layer(nn.Linear(c, num_classes))


class ConvNeXtTiny(Steps):
    """ConvNeXtTiny: input (N, 3, 224, 224), output (N, 1000), 28,589,128 parameters."""

    def __init__(self, num_classes=1000, stochastic_depth_prob=0.1):
        super().__init__()
        self.input_shape = ("N", 3, 224, 224)
        self.add_layer(Features(stochastic_depth_prob), "features")
        self.add_layer(nn.AdaptiveAvgPool2d(1), "avgpool")
        self.add_layer(Classifier(768, num_classes), "classifier")
