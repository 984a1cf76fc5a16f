# ResNet18 as a PyTorch module, exported by nnspec 0.1.0
# from examples/zoo/resnet18.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""ResNet18: input (N, 3, 224, 224), output (N, 1000), 11,689,512 parameters."""

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


class BasicBlock(Steps):
    """The block BasicBlock(in_c, out_c, stride=1).

    As layer1.0 in ResNet18, BasicBlock(64, 64, stride=1): output (N, 64, 56, 56), 73,984
    parameters (one of 8 uses).
    """

    def __init__(self, in_c, out_c, stride=1):
        super().__init__()
        body, shortcut = [], []
        self.add_layer(
            nn.Conv2d(in_c, out_c, 3, stride=stride, padding=1, bias=False), "conv1", to=body
        )
        self.add_layer(nn.BatchNorm2d(out_c), "bn1", to=body)
        self.add_layer(nn.ReLU(), to=body)
        self.add_layer(nn.Conv2d(out_c, out_c, 3, padding=1, bias=False), "conv2", to=body)
        self.add_layer(nn.BatchNorm2d(out_c), "bn2", to=body)
        if stride != 1 or in_c != out_c:
            self.add_layer(
                nn.Conv2d(in_c, out_c, 1, stride=stride, bias=False),
                "downsample_conv",
                to=shortcut,
            )
            self.add_layer(nn.BatchNorm2d(out_c), "downsample_bn", to=shortcut)
        self.add_step(Residual(body, shortcut))
        self.add_layer(nn.ReLU())


class Stage(Steps):
    """The block Stage(in_c, out_c, blocks, stride=1).

    As layer1 in ResNet18, Stage(64, 64, blocks=2): output (N, 64, 56, 56), 147,968 parameters (one
    of 4 uses).
    """

    def __init__(self, in_c, out_c, blocks, stride=1):
        super().__init__()
        self.add_layer(BasicBlock(in_c, out_c, stride=stride))
        for _ in range(blocks - 1):
            self.add_layer(BasicBlock(out_c, out_c))


class ResNet18(Steps):
    """ResNet18: input (N, 3, 224, 224), output (N, 1000), 11,689,512 parameters."""

    def __init__(self, num_classes=1000):
        super().__init__()
        self.input_shape = ("N", 3, 224, 224)
        self.add_layer(nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False), "conv1")
        self.add_layer(nn.BatchNorm2d(64), "bn1")
        self.add_layer(nn.ReLU())
        self.add_layer(nn.MaxPool2d(kernel_size=3, stride=2, padding=1), "maxpool")
        self.add_layer(Stage(64, 64, blocks=2), "layer1")
        self.add_layer(Stage(64, 128, blocks=2, stride=2), "layer2")
        self.add_layer(Stage(128, 256, blocks=2, stride=2), "layer3")
        self.add_layer(Stage(256, 512, blocks=2, stride=2), "layer4")
        self.add_layer(nn.AdaptiveAvgPool2d((1, 1)), "avgpool")
        self.add_layer(nn.Flatten())
        self.add_layer(nn.Linear(512, num_classes), "fc")
