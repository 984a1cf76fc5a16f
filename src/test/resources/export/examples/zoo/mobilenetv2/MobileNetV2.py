# MobileNetV2 as a PyTorch module, exported by nnspec 0.1.0
# from examples/zoo/mobilenetv2.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""MobileNetV2: input (N, 3, 224, 224), output (N, 1000), 3,504,872 parameters."""

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


class ConvBNReLU(Steps):
    """The block ConvBNReLU(in_c, out_c, kernel_size=3, stride=1, groups=1).

    As stem in MobileNetV2, ConvBNReLU(3, 32, stride=2): output (N, 32, 112, 112), 928 parameters
    (one of 35 uses).
    """

    def __init__(self, in_c, out_c, kernel_size=3, stride=1, groups=1):
        super().__init__()
        self.add_layer(
            nn.Conv2d(
                in_c,
                out_c,
                kernel_size,
                stride=stride,
                padding=(kernel_size - 1) // 2,
                groups=groups,
                bias=False,
            ),
            "conv",
        )
        self.add_layer(nn.BatchNorm2d(out_c), "bn")
        self.add_layer(nn.ReLU6())


class Bottleneck(Steps):
    """The block Bottleneck(in_c, out_c, stride, t).

    As stage1.0.conv in MobileNetV2, Bottleneck(32, 16, 1, 1): output (N, 16, 112, 112), 896
    parameters (one of 17 uses).
    """

    def __init__(self, in_c, out_c, stride, t):
        super().__init__()
        hidden = in_c * t
        if t != 1:
            self.add_layer(ConvBNReLU(in_c, hidden, kernel_size=1), "expand")
        self.add_layer(ConvBNReLU(hidden, hidden, stride=stride, groups=hidden), "depthwise")
        self.add_layer(nn.Conv2d(hidden, out_c, 1, bias=False), "project")
        self.add_layer(nn.BatchNorm2d(out_c), "project_bn")


class InvertedResidual(Steps):
    """The block InvertedResidual(in_c, out_c, stride, t).

    As stage1.0 in MobileNetV2, InvertedResidual(32, 16, 1, 1): output (N, 16, 112, 112), 896
    parameters (one of 17 uses).
    """

    def __init__(self, in_c, out_c, stride, t):
        super().__init__()
        if stride == 1 and in_c == out_c:
            body, shortcut = [], []
            self.add_layer(Bottleneck(in_c, out_c, stride, t), "conv", to=body)
            self.add_step(Residual(body, shortcut))
        else:
            self.add_layer(Bottleneck(in_c, out_c, stride, t), "conv")


class Stage(Steps):
    """The block Stage(in_c, t, c, n, s).

    As stage1 in MobileNetV2, Stage(32, 1, 16, 1, 1): output (N, 16, 112, 112), 896 parameters (one
    of 7 uses).
    """

    def __init__(self, in_c, t, c, n, s):
        super().__init__()
        self.add_layer(InvertedResidual(in_c, c, s, t))
        for _ in range(n - 1):
            self.add_layer(InvertedResidual(c, c, 1, t))


class MobileNetV2(Steps):
    """MobileNetV2: input (N, 3, 224, 224), output (N, 1000), 3,504,872 parameters."""

    def __init__(self, num_classes=1000):
        super().__init__()
        self.input_shape = ("N", 3, 224, 224)
        self.add_layer(ConvBNReLU(3, 32, stride=2), "stem")
        self.add_layer(Stage(32, 1, 16, 1, 1), "stage1")
        self.add_layer(Stage(16, 6, 24, 2, 2), "stage2")
        self.add_layer(Stage(24, 6, 32, 3, 2), "stage3")
        self.add_layer(Stage(32, 6, 64, 4, 2), "stage4")
        self.add_layer(Stage(64, 6, 96, 3, 1), "stage5")
        self.add_layer(Stage(96, 6, 160, 3, 2), "stage6")
        self.add_layer(Stage(160, 6, 320, 1, 1), "stage7")
        self.add_layer(ConvBNReLU(320, 1280, kernel_size=1), "head")
        self.add_layer(nn.AdaptiveAvgPool2d((1, 1)))
        self.add_layer(nn.Flatten())
        self.add_layer(nn.Dropout(0.2))
        self.add_layer(nn.Linear(1280, num_classes), "classifier")
