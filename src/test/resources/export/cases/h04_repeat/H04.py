# H04 as a PyTorch module, exported by nnspec 0.1.0
# from src/test/resources/export/cases/h04_repeat.nnspec.
# Layers carry nnspec's names, so the parameters' names are the summary's dotted names.
"""H04: input (N, 7, 12), output (N, 7, 3), 3,243 parameters."""

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


class MLP(Steps):
    """The block MLP(d, f).

    As layers.0.mlp in H04, MLP(12, 24): output (N, 7, 12), 612 parameters (one of 3 uses).
    """

    def __init__(self, d, f):
        super().__init__()
        self.add_layer(nn.Linear(d, f), "fc1")
        self.add_layer(nn.GELU())
        self.add_layer(nn.Linear(f, d), "fc2")


class Layer(Steps):
    """The block Layer(d).

    As layers.0 in H04, Layer(12): output (N, 7, 12), 636 parameters (one of 3 uses).
    """

    def __init__(self, d):
        super().__init__()
        body, shortcut = [], []
        self.add_layer(nn.LayerNorm(d), "norm", to=body)
        self.add_layer(MLP(d, 2 * d), "mlp", to=body)
        self.add_step(Residual(body, shortcut))


class H04(Steps):
    """H04: input (N, 7, 12), output (N, 7, 3), 3,243 parameters."""

    def __init__(self, d=12, depth=3):
        super().__init__()
        self.input_shape = ("N", 7, d)
        layers = self.add_layer(Steps(), "layers")
        for _ in range(depth):
            layers.add_layer(Layer(d))
        for _ in range(2):
            step = self.add_layer(Steps())
            step.add_layer(nn.Linear(d, d))
            step.add_layer(nn.Tanh())
        for _ in range(2):
            self.add_layer(nn.Linear(d, d))
        stack = self.add_layer(Steps(), "stack")
        for _ in range(2):
            step2 = stack.add_layer(Steps())
            branches = []
            branch = []
            branches.append(branch)
            for _ in range(2):
                step3 = step2.add_layer(Steps(), to=branch)
                step3.add_layer(nn.Linear(d, d))
                step3.add_layer(nn.ReLU())
            branch2 = []
            branches.append(branch2)
            inner = step2.add_layer(Steps(), "inner", to=branch2)
            for _ in range(1):
                step4 = inner.add_layer(Steps())
                step4.add_layer(nn.LayerNorm(d), "ln")
            step2.add_step(Add(branches))
        for _ in range(0):
            self.add_layer(nn.Linear(d, 999))
        final = self.add_layer(Steps(), "final")
        for _ in range(1):
            step5 = final.add_layer(Steps())
            step5.add_layer(nn.Linear(d, d // 4), "proj")
