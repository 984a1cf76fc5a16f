# RegNetY_400MF as a PyTorch module, exported by nnspec 0.1.0
# from examples/zoo/regnet_y_400mf.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""RegNetY_400MF: input (N, 3, 224, 224), output (N, 1000), 4,344,144 parameters."""

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


class ConvNormActivation(Steps):
    """The block ConvNormActivation(c_in, c_out, k, stride, groups, act=true).

    As stem in RegNetY_400MF, ConvNormActivation(3, 32, 3, 2, 1): output (N, 32, 112, 112), 928
    parameters (one of 53 uses).
    """

    def __init__(self, c_in, c_out, k, stride, groups, act=True):
        super().__init__()
        self.add_layer(nn.Conv2d(c_in, c_out, k, stride, (k - 1) // 2, groups=groups, bias=False))
        self.add_layer(nn.BatchNorm2d(c_out))
        if act:
            self.add_layer(nn.ReLU())


class SqueezeExcitation(Steps):
    """The block SqueezeExcitation(c, s).

    As trunk_output.block1.block1_0.f.se in RegNetY_400MF, SqueezeExcitation(48, 8): output (N, 48,
    56, 56), 824 parameters (one of 16 uses).
    """

    def __init__(self, c, s):
        super().__init__()
        branches = []
        branch = []
        branches.append(branch)
        branch2 = []
        branches.append(branch2)
        self.add_layer(nn.AdaptiveAvgPool2d(1), "avgpool", to=branch2)
        self.add_layer(nn.Conv2d(c, s, 1), "fc1", to=branch2)
        self.add_layer(nn.ReLU(), "activation", to=branch2)
        self.add_layer(nn.Conv2d(s, c, 1), "fc2", to=branch2)
        self.add_layer(nn.Sigmoid(), "scale_activation", to=branch2)
        self.add_step(Multiply(branches))


class BottleneckTransform(Steps):
    """The block BottleneckTransform(w_in, w_out, stride, group_width=8, se_ratio=0.25).

    As trunk_output.block1.block1_0.f in RegNetY_400MF, BottleneckTransform(32, 48, 2): output (N,
    48, 56, 56), 8,408 parameters (one of 16 uses).
    """

    def __init__(self, w_in, w_out, stride, group_width=8, se_ratio=0.25):
        super().__init__()
        self.add_layer(ConvNormActivation(w_in, w_out, 1, 1, 1), "a")
        self.add_layer(ConvNormActivation(w_out, w_out, 3, stride, w_out // group_width), "b")
        self.add_layer(SqueezeExcitation(w_out, round(se_ratio * w_in)), "se")
        self.add_layer(ConvNormActivation(w_out, w_out, 1, 1, 1, act=False), "c")


class ResBottleneckBlock(Steps):
    """The block ResBottleneckBlock(w_in, w_out, stride).

    As trunk_output.block1.block1_0 in RegNetY_400MF, ResBottleneckBlock(32, 48, 2): output (N, 48,
    56, 56), 10,040 parameters (one of 16 uses).
    """

    def __init__(self, w_in, w_out, stride):
        super().__init__()
        if w_in != w_out or stride != 1:
            body, shortcut = [], []
            self.add_layer(BottleneckTransform(w_in, w_out, stride), "f", to=body)
            self.add_layer(
                ConvNormActivation(w_in, w_out, 1, stride, 1, act=False), "proj", to=shortcut
            )
            self.add_step(Residual(body, shortcut))
        else:
            body2, shortcut2 = [], []
            self.add_layer(BottleneckTransform(w_in, w_out, stride), "f", to=body2)
            self.add_step(Residual(body2, shortcut2))
        self.add_layer(nn.ReLU(), "activation")


class Stage1(Steps):
    """The block Stage1().

    As trunk_output.block1 in RegNetY_400MF, Stage1(): output (N, 48, 56, 56), 10,040 parameters.
    """

    def __init__(self):
        super().__init__()
        self.add_layer(ResBottleneckBlock(32, 48, 2), "block1_0")


class Stage2(Steps):
    """The block Stage2().

    As trunk_output.block2 in RegNetY_400MF, Stage2(): output (N, 104, 28, 28), 102,296 parameters.
    """

    def __init__(self):
        super().__init__()
        self.add_layer(ResBottleneckBlock(48, 104, 2), "block2_0")
        self.add_layer(ResBottleneckBlock(104, 104, 1), "block2_1")
        self.add_layer(ResBottleneckBlock(104, 104, 1), "block2_2")


class Stage3(Steps):
    """The block Stage3().

    As trunk_output.block3 in RegNetY_400MF, Stage3(): output (N, 208, 14, 14), 737,438 parameters.
    """

    def __init__(self):
        super().__init__()
        self.add_layer(ResBottleneckBlock(104, 208, 2), "block3_0")
        self.add_layer(ResBottleneckBlock(208, 208, 1), "block3_1")
        self.add_layer(ResBottleneckBlock(208, 208, 1), "block3_2")
        self.add_layer(ResBottleneckBlock(208, 208, 1), "block3_3")
        self.add_layer(ResBottleneckBlock(208, 208, 1), "block3_4")
        self.add_layer(ResBottleneckBlock(208, 208, 1), "block3_5")


class Stage4(Steps):
    """The block Stage4().

    As trunk_output.block4 in RegNetY_400MF, Stage4(): output (N, 440, 7, 7), 3,052,442 parameters.
    """

    def __init__(self):
        super().__init__()
        self.add_layer(ResBottleneckBlock(208, 440, 2), "block4_0")
        self.add_layer(ResBottleneckBlock(440, 440, 1), "block4_1")
        self.add_layer(ResBottleneckBlock(440, 440, 1), "block4_2")
        self.add_layer(ResBottleneckBlock(440, 440, 1), "block4_3")
        self.add_layer(ResBottleneckBlock(440, 440, 1), "block4_4")
        self.add_layer(ResBottleneckBlock(440, 440, 1), "block4_5")


class TrunkOutput(Steps):
    """The block TrunkOutput().

    As trunk_output in RegNetY_400MF, TrunkOutput(): output (N, 440, 7, 7), 3,902,216 parameters.
    """

    def __init__(self):
        super().__init__()
        self.add_layer(Stage1(), "block1")
        self.add_layer(Stage2(), "block2")
        self.add_layer(Stage3(), "block3")
        self.add_layer(Stage4(), "block4")


class RegNetY_400MF(Steps):
    """RegNetY_400MF: input (N, 3, 224, 224), output (N, 1000), 4,344,144 parameters."""

    def __init__(self, num_classes=1000):
        super().__init__()
        self.input_shape = ("N", 3, 224, 224)
        self.add_layer(ConvNormActivation(3, 32, 3, 2, 1), "stem")
        self.add_layer(TrunkOutput(), "trunk_output")
        self.add_layer(nn.AdaptiveAvgPool2d((1, 1)), "avgpool")
        self.add_layer(nn.Flatten())
        self.add_layer(nn.Linear(440, num_classes), "fc")
