# MobileNetV3Large as a PyTorch module, exported by nnspec 0.1.0
# from examples/zoo/mobilenet_v3_large.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""MobileNetV3Large: input (N, 3, 224, 224), output (N, 1000), 5,483,032 parameters."""

import torch
from torch import nn

norm_eps = 0.001
norm_momentum = 0.01
inverted_residual_setting = [
    [16, 3, 16, 16, False, "RE", 1, 1],
    [16, 3, 64, 24, False, "RE", 2, 1],
    [24, 3, 72, 24, False, "RE", 1, 1],
    [24, 5, 72, 40, True, "RE", 2, 1],
    [40, 5, 120, 40, True, "RE", 1, 1],
    [40, 5, 120, 40, True, "RE", 1, 1],
    [40, 3, 240, 80, False, "HS", 2, 1],
    [80, 3, 200, 80, False, "HS", 1, 1],
    [80, 3, 184, 80, False, "HS", 1, 1],
    [80, 3, 184, 80, False, "HS", 1, 1],
    [80, 3, 480, 112, True, "HS", 1, 1],
    [112, 3, 672, 112, True, "HS", 1, 1],
    [112, 5, 672, 160, True, "HS", 2, 1],
    [160, 5, 960, 160, True, "HS", 1, 1],
    [160, 5, 960, 160, True, "HS", 1, 1],
]
last_channel = 1280


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


class Conv2dNormActivation(Steps):
    """The block Conv2dNormActivation(in_channels, out_channels, kernel_size=3, stride=1, groups=1,
    activation_layer="ReLU", dilation=1).

    As features.0 in MobileNetV3Large, Conv2dNormActivation(3, 16, kernel_size=3, stride=2,
    activa…): output (N, 16, 112, 112), 464 parameters (one of 46 uses).
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
        self.add_layer(nn.BatchNorm2d(out_channels, eps=norm_eps, momentum=norm_momentum))
        if activation_layer == "Hardswish":
            self.add_layer(nn.Hardswish(inplace=True))
        elif activation_layer == "ReLU":
            self.add_layer(nn.ReLU(inplace=True))


class SqueezeExcitation(Steps):
    """The block SqueezeExcitation(input_channels, squeeze_channels).

    As features.4.block.2 in MobileNetV3Large, SqueezeExcitation(72, 24): output (N, 72, 28, 28),
    3,552 parameters (one of 8 uses).
    """

    def __init__(self, input_channels, squeeze_channels):
        super().__init__()
        branches = []
        branch = []
        branches.append(branch)
        self.add_layer(nn.AdaptiveAvgPool2d(1), "avgpool", to=branch)
        self.add_layer(nn.Conv2d(input_channels, squeeze_channels, 1), "fc1", to=branch)
        self.add_layer(nn.ReLU(), "activation", to=branch)
        self.add_layer(nn.Conv2d(squeeze_channels, input_channels, 1), "fc2", to=branch)
        self.add_layer(nn.Hardsigmoid(), "scale_activation", to=branch)
        branch2 = []
        branches.append(branch2)
        self.add_step(Multiply(branches))


class InvertedResidualLayers(Steps):
    """The block InvertedResidualLayers(cnf).

    As features.1.block in MobileNetV3Large, InvertedResidualLayers([16, 3, 16, 16, false, "RE", 1,
    1]): output (N, 16, 112, 112), 464 parameters (one of 15 uses).
    """

    def __init__(self, cnf):
        super().__init__()
        input_channels = cnf[0]
        kernel = cnf[1]
        expanded_channels = cnf[2]
        out_channels = cnf[3]
        use_se = cnf[4]
        stride = cnf[6]
        dilation = cnf[7]
        activation_layer = "ReLU"
        if cnf[5] == "HS":
            activation_layer = "Hardswish"
        if expanded_channels != input_channels:
            self.add_layer(
                Conv2dNormActivation(
                    input_channels,
                    expanded_channels,
                    kernel_size=1,
                    activation_layer=activation_layer,
                )
            )
        if dilation > 1:
            stride = 1
        self.add_layer(
            Conv2dNormActivation(
                expanded_channels,
                expanded_channels,
                kernel_size=kernel,
                stride=stride,
                dilation=dilation,
                groups=expanded_channels,
                activation_layer=activation_layer,
            )
        )
        if use_se:
            v = expanded_channels // 4
            squeeze_channels = max(8, (v + 4) // 8 * 8)
            if squeeze_channels < 0.9 * v:
                squeeze_channels = squeeze_channels + 8
            self.add_layer(SqueezeExcitation(expanded_channels, squeeze_channels))
        self.add_layer(
            Conv2dNormActivation(
                expanded_channels, out_channels, kernel_size=1, activation_layer="None"
            )
        )


class InvertedResidual(Steps):
    """The block InvertedResidual(cnf).

    As features.1 in MobileNetV3Large, InvertedResidual([16, 3, 16, 16, false, "RE", 1, 1]): output
    (N, 16, 112, 112), 464 parameters (one of 15 uses).
    """

    def __init__(self, cnf):
        super().__init__()
        use_res_connect = cnf[6] == 1 and cnf[0] == cnf[3]
        if use_res_connect:
            body, shortcut = [], []
            self.add_layer(InvertedResidualLayers(cnf), "block", to=body)
            self.add_step(Residual(body, shortcut))
        else:
            self.add_layer(InvertedResidualLayers(cnf), "block")


class Features(Steps):
    """The block Features(inverted_residual_setting).

    As features in MobileNetV3Large, Features([[16, 3, 16, 16, false, "RE", 1, 1], [16, 3, 64, 2…):
    output (N, 960, 7, 7), 2,971,952 parameters.
    """

    def __init__(self, inverted_residual_setting):
        super().__init__()
        firstconv_output_channels = inverted_residual_setting[0][0]
        self.add_layer(
            Conv2dNormActivation(
                3, firstconv_output_channels, kernel_size=3, stride=2, activation_layer="Hardswish"
            )
        )
        for cnf in inverted_residual_setting:
            self.add_layer(InvertedResidual(cnf))
        lastconv_input_channels = inverted_residual_setting[-1][3]
        self.add_layer(
            Conv2dNormActivation(
                lastconv_input_channels,
                6 * lastconv_input_channels,
                kernel_size=1,
                activation_layer="Hardswish",
            )
        )


class Classifier(Steps):
    """The block Classifier(in_features, last_channel, num_classes, dropout).

    As classifier in MobileNetV3Large, Classifier(960, 1280, 1000, 0.2): output (N, 1000),
    2,511,080 parameters.
    """

    def __init__(self, in_features, last_channel, num_classes, dropout):
        super().__init__()
        self.add_layer(nn.Linear(in_features, last_channel))
        self.add_layer(nn.Hardswish(inplace=True))
        self.add_layer(nn.Dropout(p=dropout, inplace=True))
        self.add_layer(nn.Linear(last_channel, num_classes))


class MobileNetV3Large(Steps):
    """MobileNetV3Large: input (N, 3, 224, 224), output (N, 1000), 5,483,032 parameters."""

    def __init__(self, num_classes=1000, dropout=0.2):
        super().__init__()
        self.input_shape = ("N", 3, 224, 224)
        self.add_layer(Features(inverted_residual_setting), "features")
        self.add_layer(nn.AdaptiveAvgPool2d(1), "avgpool")
        self.add_layer(nn.Flatten(), "flatten")
        self.add_layer(
            Classifier(6 * inverted_residual_setting[-1][3], last_channel, num_classes, dropout),
            "classifier",
        )
