# EfficientNetB0 as a PyTorch module, exported by nnspec 0.1.0
# from examples/zoo/efficientnet_b0.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""EfficientNetB0: input (N, 3, 224, 224), output (N, 1000), 5,288,548 parameters."""

import torch
from torch import nn

inverted_residual_setting = [
    [1, 3, 1, 32, 16, 1],
    [6, 3, 2, 16, 24, 2],
    [6, 5, 2, 24, 40, 2],
    [6, 3, 2, 40, 80, 3],
    [6, 5, 1, 80, 112, 3],
    [6, 5, 2, 112, 192, 4],
    [6, 3, 1, 192, 320, 1],
]


def run(steps, x):
    """Passes x through steps in order: modules, merges and learnable tensors."""
    for step in steps:
        x = step(x)
    return x


def whole(value):
    """A whole float as an int, as nnspec takes 4 / 2 for the size 2; anything else as it is."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


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


class Conv2dNormActivation(Steps):
    """The block Conv2dNormActivation(in_channels, out_channels, kernel_size=3, stride=1, groups=1,
    activation_layer="ReLU", dilation=1).

    As features.0 in EfficientNetB0, Conv2dNormActivation(3, 32, kernel_size=3, stride=2, activa…):
    output (N, 32, 112, 112), 928 parameters (one of 49 uses).
    """

    def __init__(
        self,
        in_channels,
        out_channels,
        kernel_size=3,
        stride=1,
        groups=1,
        activation_layer="ReLU",
        dilation=1,
    ):
        super().__init__()
        self.add_layer(
            nn.Conv2d(
                in_channels,
                out_channels,
                kernel_size,
                stride,
                (kernel_size - 1) // 2 * dilation,
                dilation,
                groups,
                bias=False,
            )
        )
        self.add_layer(nn.BatchNorm2d(out_channels))
        if activation_layer == "SiLU":
            self.add_layer(nn.SiLU(inplace=True))
        elif activation_layer == "ReLU":
            self.add_layer(nn.ReLU(inplace=True))


class SqueezeExcitation(Steps):
    """The block SqueezeExcitation(input_channels, squeeze_channels, activation="ReLU").

    As features.1.0.block.1 in EfficientNetB0, SqueezeExcitation(32, 8, activation="SiLU"): output
    (N, 32, 112, 112), 552 parameters (one of 16 uses).
    """

    def __init__(self, input_channels, squeeze_channels, activation="ReLU"):
        super().__init__()
        branches = []
        branch = []
        branches.append(branch)
        self.add_layer(nn.AdaptiveAvgPool2d(1), "avgpool", to=branch)
        self.add_layer(nn.Conv2d(input_channels, squeeze_channels, 1), "fc1", to=branch)
        if activation == "SiLU":
            self.add_layer(nn.SiLU(inplace=True), "activation", to=branch)
        else:
            self.add_layer(nn.ReLU(), "activation", to=branch)
        self.add_layer(nn.Conv2d(squeeze_channels, input_channels, 1), "fc2", to=branch)
        self.add_layer(nn.Sigmoid(), "scale_activation", to=branch)
        branch2 = []
        branches.append(branch2)
        self.add_step(Multiply(branches))


class MBConvLayers(Steps):
    """The block MBConvLayers(expand_ratio, kernel, stride, input_channels, out_channels).

    As features.1.0.block in EfficientNetB0, MBConvLayers(1, 3, 1, 32, 16): output (N, 16, 112,
    112), 1,448 parameters (one of 16 uses).
    """

    def __init__(self, expand_ratio, kernel, stride, input_channels, out_channels):
        super().__init__()
        expanded_channels = input_channels * expand_ratio
        if expanded_channels != input_channels:
            self.add_layer(
                Conv2dNormActivation(
                    input_channels, expanded_channels, kernel_size=1, activation_layer="SiLU"
                )
            )
        self.add_layer(
            Conv2dNormActivation(
                expanded_channels,
                expanded_channels,
                kernel_size=kernel,
                stride=stride,
                groups=expanded_channels,
                activation_layer="SiLU",
            )
        )
        squeeze_channels = max(1, input_channels // 4)
        self.add_layer(SqueezeExcitation(expanded_channels, squeeze_channels, activation="SiLU"))
        self.add_layer(
            Conv2dNormActivation(
                expanded_channels, out_channels, kernel_size=1, activation_layer="None"
            )
        )


class MBConv(Steps):
    """The block MBConv(expand_ratio, kernel, stride, input_channels, out_channels,
    stochastic_depth_prob).

    As features.1.0 in EfficientNetB0, MBConv(1, 3, 1, 32, 16, 0): output (N, 16, 112, 112), 1,448
    parameters (one of 16 uses).
    """

    def __init__(
        self, expand_ratio, kernel, stride, input_channels, out_channels, stochastic_depth_prob
    ):
        super().__init__()
        use_res_connect = stride == 1 and input_channels == out_channels
        if use_res_connect:
            body, shortcut = [], []
            self.add_layer(
                MBConvLayers(expand_ratio, kernel, stride, input_channels, out_channels),
                "block",
                to=body,
            )
            self.add_layer(
                StochasticDepth(stochastic_depth_prob, "row"), "stochastic_depth", to=body
            )
            self.add_step(Residual(body, shortcut))
        else:
            self.add_layer(
                MBConvLayers(expand_ratio, kernel, stride, input_channels, out_channels), "block"
            )


class Stage(Steps):
    """The block Stage(cnf, stage_block_id, total_stage_blocks, stochastic_depth_prob).

    As features.1 in EfficientNetB0, Stage([1 3 1 32 16 1], 0, 16, 0.2): output (N, 16, 112, 112),
    1,448 parameters (one of 7 uses).
    """

    def __init__(self, cnf, stage_block_id, total_stage_blocks, stochastic_depth_prob):
        super().__init__()
        expand_ratio = cnf[0]
        kernel = cnf[1]
        stride = cnf[2]
        input_channels = cnf[3]
        out_channels = cnf[4]
        num_layers = cnf[5]
        for i in range(num_layers):
            if i > 0:
                input_channels = out_channels
                stride = 1
            sd_prob = whole(stochastic_depth_prob * (stage_block_id + i) / total_stage_blocks)
            self.add_layer(
                MBConv(expand_ratio, kernel, stride, input_channels, out_channels, sd_prob)
            )


class Features(Steps):
    """The block Features(inverted_residual_setting, stochastic_depth_prob).

    As features in EfficientNetB0, Features([1 3 1 32 16 1; 6 3 2 16 24 2; 6 5 2 24 40 2; 6 3 …):
    output (N, 1280, 7, 7), 4,007,548 parameters.
    """

    def __init__(self, inverted_residual_setting, stochastic_depth_prob):
        super().__init__()
        firstconv_output_channels = inverted_residual_setting[0][3]
        self.add_layer(
            Conv2dNormActivation(
                3, firstconv_output_channels, kernel_size=3, stride=2, activation_layer="SiLU"
            )
        )
        total_stage_blocks = 0
        for cnf in inverted_residual_setting:
            total_stage_blocks = total_stage_blocks + cnf[5]
        stage_block_id = 0
        for cnf in inverted_residual_setting:
            self.add_layer(Stage(cnf, stage_block_id, total_stage_blocks, stochastic_depth_prob))
            stage_block_id = stage_block_id + cnf[5]
        lastconv_input_channels = inverted_residual_setting[-1][4]
        self.add_layer(
            Conv2dNormActivation(
                lastconv_input_channels,
                4 * lastconv_input_channels,
                kernel_size=1,
                activation_layer="SiLU",
            )
        )


class Classifier(Steps):
    """The block Classifier(in_features, num_classes, dropout).

    As classifier in EfficientNetB0, Classifier(1280, 1000, 0.2): output (N, 1000), 1,281,000
    parameters.
    """

    def __init__(self, in_features, num_classes, dropout):
        super().__init__()
        self.add_layer(nn.Dropout(p=dropout, inplace=True))
        self.add_layer(nn.Linear(in_features, num_classes))


class EfficientNetB0(Steps):
    """EfficientNetB0: input (N, 3, 224, 224), output (N, 1000), 5,288,548 parameters."""

    def __init__(self, num_classes=1000, dropout=0.2, stochastic_depth_prob=0.2):
        super().__init__()
        self.input_shape = ("N", 3, 224, 224)
        self.add_layer(Features(inverted_residual_setting, stochastic_depth_prob), "features")
        self.add_layer(nn.AdaptiveAvgPool2d(1), "avgpool")
        self.add_layer(nn.Flatten(), "flatten")
        self.add_layer(
            Classifier(4 * inverted_residual_setting[-1][4], num_classes, dropout), "classifier"
        )
