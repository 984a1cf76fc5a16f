# EffNetish as a PyTorch module, exported by nnspec 0.1.0
# from src/test/resources/export/cases/n05_se.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""EffNetish: input (N, 3, 32, 32), output (N, 3), 5,181 parameters."""

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


class SE(Steps):
    """The block SE(c, r=4).

    As blocks.0.6 in EffNetish, SE(32, r=16): output (N, 32, 16, 16), 162 parameters (one of 4
    uses).
    """

    def __init__(self, c, r=4):
        super().__init__()
        se = self.add_group("se")
        branches = []
        branch = []
        branches.append(branch)
        branch2 = []
        branches.append(branch2)
        se.add_layer(nn.AdaptiveAvgPool2d(1), to=branch2)
        se.add_layer(nn.Conv2d(c, max(1, c // r), 1), "fc1", to=branch2)
        se.add_layer(nn.SiLU(), to=branch2)
        se.add_layer(nn.Conv2d(max(1, c // r), c, 1), "fc2", to=branch2)
        se.add_layer(nn.Sigmoid(), to=branch2)
        self.add_step(Multiply(branches))


class MBConv(Steps):
    """The block MBConv(cin, cout, expand=4, k=3, stride=1).

    As blocks.0 in EffNetish, MBConv(8, 8, k=5): output (N, 8, 16, 16), 1,618 parameters (one of 3
    uses).
    """

    def __init__(self, cin, cout, expand=4, k=3, stride=1):
        super().__init__()
        hid = cin * expand
        body, shortcut = [], []
        if expand != 1:
            self.add_layer(nn.Conv2d(cin, hid, 1, bias=False), "expand_conv", to=body)
            self.add_layer(nn.BatchNorm2d(hid), "bn0", to=body)
            self.add_layer(nn.SiLU(), to=body)
        self.add_layer(
            nn.Conv2d(hid, hid, k, stride=stride, padding=k // 2, groups=hid, bias=False),
            "dw",
            to=body,
        )
        self.add_layer(nn.BatchNorm2d(hid), "bn1", to=body)
        self.add_layer(nn.SiLU(), to=body)
        self.add_layer(SE(hid, r=4 * expand), to=body)
        self.add_layer(nn.Conv2d(hid, cout, 1, bias=False), "project", to=body)
        self.add_layer(nn.BatchNorm2d(cout), "bn2", to=body)
        self.add_layer(StochasticDepth(0.1, "row"), to=body)
        self.add_step(Residual(body, shortcut))


class EffNetish(Steps):
    """EffNetish: input (N, 3, 32, 32), output (N, 3), 5,181 parameters."""

    def __init__(self):
        super().__init__()
        self.input_shape = ("N", 3, 32, 32)
        self.add_layer(nn.Conv2d(3, 8, 3, stride=2, padding=1), "stem")
        blocks = self.add_layer(Steps(), "blocks")
        for _ in range(3):
            blocks.add_layer(MBConv(8, 8, k=5))
        self.add_layer(SE(8, r=2), "head")
        self.add_layer(nn.AdaptiveAvgPool2d(1))
        self.add_layer(nn.Flatten())
        self.add_layer(nn.Linear(8, 3), "fc")
