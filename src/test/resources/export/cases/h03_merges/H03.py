# H03 as a PyTorch module, exported by nnspec 0.1.0
# from src/test/resources/export/cases/h03_merges.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""H03: input (N, 6, 12, 12), output (N, 2880), 12,295 parameters."""

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


class Incept(Steps):
    """The block Incept(c).

    As 0 in H03, Incept(6): output (N, 20, 12, 12), 908 parameters (one of 2 uses).
    """

    def __init__(self, c):
        super().__init__()
        mix = self.add_group("mix")
        branches = []
        branch = []
        branches.append(branch)
        b0 = mix.add_group("b0")
        b0.add_layer(nn.Conv2d(c, 4, 1), to=branch)
        for k in [1, 3, 5]:
            branch2 = []
            branches.append(branch2)
            mix.add_layer(nn.Conv2d(c, 4, k, padding=k // 2), to=branch2)
            mix.add_layer(nn.ReLU(), to=branch2)
        if c > 8:
            branch3 = []
            branches.append(branch3)
            pool = mix.add_group("pool")
            pool.add_layer(nn.MaxPool2d(3, stride=1, padding=1), to=branch3)
            pool.add_layer(nn.Conv2d(c, 4, 1), to=branch3)
        else:
            branch4 = []
            branches.append(branch4)
            mix.add_layer(nn.AvgPool2d(3, stride=1, padding=1), to=branch4)
            mix.add_layer(nn.Conv2d(c, 4, 1), to=branch4)
        self.add_step(Concat(branches, dim=1))


class SE(Steps):
    """The block SE(c, r=4).

    As se in H03, SE(20): output (N, 20, 12, 12), 225 parameters (one of 2 uses).
    """

    def __init__(self, c, r=4):
        super().__init__()
        branches = []
        branch = []
        branches.append(branch)
        branch2 = []
        branches.append(branch2)
        self.add_layer(nn.AdaptiveAvgPool2d(1), to=branch2)
        self.add_layer(nn.Conv2d(c, max(1, c // r), 1), "fc1", to=branch2)
        self.add_layer(nn.ReLU(), to=branch2)
        self.add_layer(nn.Conv2d(max(1, c // r), c, 1), "fc2", to=branch2)
        self.add_layer(nn.Sigmoid(), to=branch2)
        self.add_step(Multiply(branches))


class H03(Steps):
    """H03: input (N, 6, 12, 12), output (N, 2880), 12,295 parameters."""

    def __init__(self):
        super().__init__()
        self.input_shape = ("N", 6, 12, 12)
        self.add_layer(Incept(6))
        self.add_layer(SE(20), "se")
        res = self.add_group("res")
        body, shortcut = [], []
        res.add_layer(nn.Conv2d(20, 20, 3, padding=1), "conv_a", to=body)
        res.add_layer(SE(20, r=8), to=body)
        res.add_layer(nn.Conv2d(20, 20, 1), "proj", to=shortcut)
        self.add_step(Residual(body, shortcut))
        body2, shortcut2 = [], []
        self.add_layer(nn.Conv2d(20, 20, 3, padding=1), to=body2)
        self.add_step(Residual(body2, shortcut2))
        sum2 = self.add_group("sum")
        branches = []
        branch = []
        branches.append(branch)
        branch2 = []
        branches.append(branch2)
        left = sum2.add_group("left")
        left.add_layer(nn.Conv2d(20, 20, 1, bias=False), to=branch2)
        branch3 = []
        branches.append(branch3)
        sum2.add_parameter((1, 20, 1, 1), "bias_map", to=branch3)
        self.add_step(Add(branches))
        self.add_layer(Incept(20))
        self.add_layer(nn.Flatten(1))
