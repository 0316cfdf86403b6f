# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Autodiff from scratch
#
# One call to `backward()` gives PyTorch the exact gradient of a loss with
# respect to millions of parameters, at a cost of a few times that of computing
# the loss itself. This chapter opens that black box.
#
# **What you will learn.** Why automatic differentiation (AD) is neither
# numerical differentiation (small steps) nor symbolic differentiation
# (rewriting formulas); what an evaluation trace and a computational graph
# are; how forward mode (dual numbers, Jacobian–vector products) and reverse
# mode (a recorded graph, adjoints, vector–Jacobian products) work, and when
# each one pays off. We build both in plain Python, in about two hundred
# lines of code, check them against PyTorch, and train a tiny model with them.
#
# **What you need.** Derivatives, gradients and the chain rule
# ([Calculus](01_calculus.ipynb)), and PyTorch's `backward()`
# ([Automatic differentiation](02_autograd.ipynb)). Python classes with
# operator methods such as `__add__` help too.
#
# The cells marked `#@save autodiff` are the engine: `make lib` copies them
# into `d2lutils/autodiff.py`, so that other notebooks and the tests can use
# it as `from d2lutils import autodiff`. The helpers that print the traces as
# tables and draw the graphs are not part of the lesson; they live in the
# utilities notebook [91_utilities_autodiff](91_utilities_autodiff.ipynb)
# (module `d2lutils.autodiff_draw`), and we import them when we need them.

# %%
# In Colab, Kaggle, Studio Lab or a notebook alone, this installs d2lutils.
import importlib.util, os, sys
if importlib.util.find_spec('d2lutils') is None:
    repository = 'git+https://github.com/d2l-companion/d2l-calculus-companion'
    source = os.environ.get('D2LUTILS_PIP_SOURCE', repository)
    print(f'Installing d2lutils from {source}')
    get_ipython().system(f'"{sys.executable}" -m pip install --quiet {source}')

# %%
import math
import sys
import time

import numpy as np
import sympy
import torch

import d2lutils as d2l

# %% [markdown]
# ## 1 Not numerical differentiation
#
# The derivative is a limit, so the most obvious program replaces the limit by a
# small step $h$. The *forward difference* and the *central difference* are
#
# $$\frac{f(x+h) - f(x)}{h} = f'(x) + \frac{h}{2} f''(\xi), \qquad
# \frac{f(x+h) - f(x-h)}{2h} = f'(x) + \frac{h^2}{6} f'''(\xi')$$
#
# for some $\xi, \xi'$ near $x$ (Taylor's theorem). The second term, the
# *truncation error*, shrinks with $h$: linearly for the forward difference,
# quadratically for the central one. But a computer stores $f(x)$ only to a
# relative precision of about $\epsilon = 2.2 \times 10^{-16}$ in float64, and
# subtracting two nearly equal numbers, then dividing by the small $h$, blows
# that *round-off error* up to about $\epsilon |f(x)| / h$. The total error is
# smallest where the two balance: near $h \approx \sqrt{\epsilon} \approx
# 10^{-8}$ for the forward difference and $h \approx \epsilon^{1/3} \approx
# 10^{-5}$ for the central one.
#
# Let us measure it for $f(x) = \sin x$ at $x = 1$, where $f'(1) = \cos 1$,
# with $h = 1, 0.1, \ldots, 10^{-16}$.

# %%
x0 = 1.0
hs = np.array([10.0 ** -k for k in range(17)])
forward_error = np.array([abs((math.sin(x0 + h) - math.sin(x0)) / h
                              - math.cos(x0)) for h in hs])
central_error = np.array([abs((math.sin(x0 + h) - math.sin(x0 - h)) / (2 * h)
                              - math.cos(x0)) for h in hs])
d2l.plot(hs, [forward_error, central_error], 'step h', 'absolute error',
         legend=['forward difference', 'central difference'],
         xscale='log', yscale='log',
         ylim=(1e-12, 1e6))  # room above the curves for the legend
d2l.plt.gca().get_legend().set_loc('upper center')

# %% [markdown]
# Read from right to left, each curve falls while truncation dominates and
# rises again once round-off takes over: the V shape. The bottoms of the two V's
# sit where the estimate above put them.

# %%
eps = np.finfo(np.float64).eps
for name, error, theory in [('forward', forward_error, eps ** (1 / 2)),
                            ('central', central_error, eps ** (1 / 3))]:
    best = hs[error.argmin()]
    print(f'{name}: best h = {best:.0e}, error {error.min():.1e}; '
          f'estimate eps^(1/{2 if name == "forward" else 3}) = {theory:.1e}')
assert math.isclose(hs[forward_error.argmin()], 1e-8)
assert math.isclose(hs[central_error.argmin()], 1e-5)

# %% [markdown]
# So even with the best step, a finite difference keeps only about half
# (forward) or two thirds (central) of the sixteen digits of float64.
#
# It is also slow in many dimensions. The gradient of $f: \mathbb{R}^n \to
# \mathbb{R}$ needs one difference per coordinate: $n + 1$ evaluations of $f$
# with forward differences, $2n$ with central ones. For $f: \mathbb{R}^n \to
# \mathbb{R}^m$, the same $2n$ evaluations give the whole $m \times n$
# Jacobian, one column per coordinate, so $2mn$ output values are computed. A
# network with a million parameters would need two million evaluations of its
# loss for one gradient step. We count the calls:

# %%
def central_jacobian(f, x, h=1e-5):
    """Jacobian (m x n) of f: R^n -> R^m at NumPy x, by central differences."""
    columns = []
    for i in range(len(x)):
        step = np.zeros_like(x)
        step[i] = h
        columns.append((f(x + step) - f(x - step)) / (2 * h))
    return np.stack(columns, axis=1)


def counted(f):
    """f, wrapped so that calls[0] counts its calls."""
    calls = [0]

    def wrapper(x):
        calls[0] += 1
        return f(x)
    return wrapper, calls


rng = np.random.default_rng(0)
for n, m in [(1, 1), (10, 1), (100, 1), (100, 10)]:
    A = rng.normal(size=(m, n))
    f, calls = counted(lambda x: np.sin(A @ x))  # f: R^n -> R^m
    x = rng.normal(size=n)
    J = central_jacobian(f, x)
    exact = np.cos(A @ x)[:, None] * A
    print(f'n={n:3d}, m={m:2d}: {calls[0]:3d} calls of f, '
          f'{calls[0] * m:4d} output values')
    assert calls[0] == 2 * n and np.abs(J - exact).max() < 1e-8

# %% [markdown]
# ## 2 Not symbolic differentiation
#
# A computer algebra system differentiates the way we learned to by hand: it
# stores the formula as an expression tree and applies the sum, product and
# chain rules to the tree, node by node. SymPy does this for the function of
# the next section, $y = x_1 x_2 + x_2 - \ln x_1$:

# %%
x1, x2 = sympy.symbols('x1 x2')
y = x1 * x2 + x2 - sympy.log(x1)
print('dy/dx1 =', sympy.diff(y, x1))
print('dy/dx2 =', sympy.diff(y, x2))

# %% [markdown]
# The answers are exact formulas, which is the strength of the method. Its
# weakness is *expression swell*. A tree cannot share: a subexpression used
# twice is written out twice, and the product rule $(uv)' = u'v + uv'$ copies
# both $u$ and $v$ into the derivative. Take the logistic map, nested $n$ deep:
# $l_1 = 4x(1-x)$ and $l_{k+1} = 4 l_k (1 - l_k)$. As a *program* it costs three
# operations per level: $1 - l$, a product, and the product with 4. As a
# *tree*, $l_n$ roughly doubles with every level. Its derivative, not
# simplified, starts out smaller (at depth 1 it is $4 - 8x$, two operations)
# but from depth 2 on it is the larger tree, and it grows faster still. We
# measure the trees with `sympy.count_ops`, which counts the operations
# written out in a tree.
#
# AD works on the program instead. Forward mode (section 4) carries a
# derivative next to every value. Python computes $4 l (1 - l)$ as $a = 4l$,
# $b = 1 - l$, then $ab$; the derivatives cost one more operation for $a$
# ($4\dot{l}$), one for $b$ ($-\dot{l}$) and three for $ab$
# ($\dot{a} b + a \dot{b}$). That is $3 + 5 = 8$ operations per level, a
# constant factor of $8/3$ over the program; section 4 counts them again from
# the engine's trace.

# %%
x = sympy.Symbol('x')
depths = list(range(1, 9))
program_ops = [3 * n for n in depths]
forward_mode_ops = [8 * n for n in depths]
tree_ops, derivative_ops = [], []
l = x
for n in depths:
    l = 4 * l * (1 - l)  # l_n as a SymPy expression tree
    tree_ops.append(sympy.count_ops(l))
    derivative_ops.append(sympy.count_ops(sympy.diff(l, x)))
print('depth  program  forward AD  tree of l_n  tree of dl_n/dx')
for row in zip(depths, program_ops, forward_mode_ops, tree_ops, derivative_ops):
    print('{:5d} {:8d} {:11d} {:12d} {:16d}'.format(*row))

# %% [markdown]
# The claims of the paragraph above, checked: the derivative's tree is the
# smaller one at depth 1 only, and from depth 2 on the ratio of the two trees
# grows with every level.

# %%
ratios = [d / t for d, t in zip(derivative_ops, tree_ops)]
print('dl_n/dx tree / l_n tree:', [round(r, 1) for r in ratios])
assert derivative_ops[0] < tree_ops[0]
assert all(d > t for d, t in zip(derivative_ops[1:], tree_ops[1:]))
assert all(a < b for a, b in zip(ratios[1:], ratios[2:]))

# %%
d2l.plot(depths, [derivative_ops, tree_ops, forward_mode_ops, program_ops],
         'nesting depth n', 'operations', yscale='log')
d2l.plt.gca().legend(['dl_n/dx, SymPy tree', 'l_n, SymPy tree',
                      'l_n and derivative, AD', 'l_n, program'],
                     loc='center left', bbox_to_anchor=(1.02, 0.5))
d2l.plt.show()

# %% [markdown]
# (The legend stands beside the axes, where it hides no curve.) At depth
# 8 the unsimplified derivative holds 13,824 operations where the program
# holds 24, and AD needs 64 to get both the value and the derivative.
# Simplification (`sympy.simplify`, common-subexpression elimination) can win
# some of this back, but it is expensive in its own right, and it still needs
# a closed-form expression; a program with loops and branches has none. AD
# keeps the one thing a tree throws away: each intermediate value is computed
# once and reused.

# %% [markdown]
# ## 3 Evaluation trace and computational graph
#
# AD sees a function as its *evaluation trace* (also called a Wengert list):
# the sequence of elementary operations the program actually performs. For
#
# $$y = f(x_1, x_2) = x_1 x_2 + x_2 - \ln x_1$$
#
# we name the inputs $v_{-1} = x_1$ and $v_0 = x_2$, the intermediate values
# $v_1, v_2, \ldots$ in the order they are computed, and the last one is $y$:
#
# $$v_1 = v_{-1} v_0, \quad v_2 = \ln v_{-1}, \quad v_3 = v_1 + v_0, \quad
# v_4 = v_3 - v_2, \quad y = v_4.$$
#
# Each $v_i$ is one *primitive* (a sum, a product, a logarithm, ...) applied to
# earlier values, and for each primitive we know the local derivatives of its
# output with respect to its inputs. Everything AD does is the chain rule
# applied to those local derivatives, in one order or the other.
#
# The engine starts with that knowledge: a table of *rules*. A rule takes
# numbers and returns the value of the primitive and the tuple of its partial
# derivatives with respect to each argument.

# %%
#@save autodiff
import itertools
import math
import numbers

# %% [markdown]
# Four primitives are defined only on part of the real line, or their
# derivative is: these rules check their input and raise a `ValueError` that
# says what went wrong. A rule returns `None` for the partials where the value
# exists but the slope is infinite, as for $\sqrt{x}$ at 0.

# %%
#@save autodiff
def _log_rule(x):
    """ln x and its derivative 1/x, for x > 0."""
    if x <= 0:
        raise ValueError(f'log is defined for positive numbers only, got {x:g}')
    return math.log(x), (1 / x,)


# %%
#@save autodiff
def _sqrt_rule(x):
    """sqrt(x) and its derivative 1/(2 sqrt(x)), for x >= 0 (none at 0)."""
    if x < 0:
        raise ValueError('sqrt is defined for non-negative numbers only, '
                         f'got {x:g}')
    value = math.sqrt(x)
    return value, ((0.5 / value,) if value != 0 else None)


# %%
#@save autodiff
def _power_rule(x, p):
    """x ** p for a constant p; the derivatives p x^(p-1) in x and 0 in p."""
    if p == 0:
        return 1.0, (0.0, 0.0)
    if x < 0 and not p.is_integer():
        raise ValueError(f'x ** {p:g} is undefined for negative x = {x:g}')
    if x == 0 and p < 1:
        if p < 0:
            raise ValueError(f'0 ** {p:g} is undefined (division by zero)')
        return 0.0, None
    return x ** p, (p * x ** (p - 1), 0.0)


# %%
#@save autodiff
def _variable_power_rule(a, b):
    """a ** b when b varies: needs a > 0, because d(a^b)/db = a^b ln a."""
    if a <= 0:
        raise ValueError('a ** b with a variable exponent b needs a positive '
                         f'base a, got a = {a:g}')
    return a ** b, (b * a ** (b - 1), a ** b * math.log(a))


# %% [markdown]
# The whole calculus of the engine fits in one table. For instance
# $\frac{\partial}{\partial a}(a b) = b$ and $\frac{\partial}{\partial b}(a b) =
# a$, and $\frac{d}{dx} e^x = e^x$.

# %%
#@save autodiff
RULES = {
    'add': lambda a, b: (a + b, (1.0, 1.0)),
    'sub': lambda a, b: (a - b, (1.0, -1.0)),
    'mul': lambda a, b: (a * b, (b, a)),
    'div': lambda a, b: (a / b, (1 / b, -a / b ** 2)),
    'neg': lambda a: (-a, (-1.0,)),
    'pow': _power_rule,            # a number as exponent
    'powv': _variable_power_rule,  # a differentiated exponent
    'log': _log_rule,
    'exp': lambda a: (math.exp(a), (math.exp(a),)),
    'sin': lambda a: (math.sin(a), (math.cos(a),)),
    'cos': lambda a: (math.cos(a), (-math.sin(a),)),
    'tanh': lambda a: (math.tanh(a), (1 - math.tanh(a) ** 2,)),
    'sqrt': _sqrt_rule,
}

# %% [markdown]
# Next, one function applies a primitive to its arguments. The arguments may be
# plain numbers, or *differentiable values* of one of two kinds, built in the
# coming sections: a `Var` (reverse mode, this section) or a `Dual` (forward
# mode, section 4). `_apply` computes the value and the local derivatives from
# the numbers, and lets the kind of the arguments build the result with its
# method `_result`. Mixing the two kinds in one expression is a mistake, and
# so is any argument that is not a number.

# %%
#@save autodiff
def _apply(name, *args):
    """Apply RULES[name] to numbers (a float), Duals or Vars (not both)."""
    kinds = set()
    for arg in args:
        if hasattr(type(arg), '_result'):  # a Dual or Var, from any engine copy
            kinds.add(type(arg))
        elif not isinstance(arg, numbers.Real):
            raise TypeError(f'{name}: expected a real number, a Dual or a Var, '
                            f'got {type(arg).__name__}')
    if len(kinds) > 1:
        raise TypeError(f'{name}: cannot mix Dual (forward mode) and Var '
                        '(reverse mode) values')
    values = [a._primal() if type(a) in kinds else float(a) for a in args]
    value, partials = RULES[name](*values)
    if not kinds:
        return value
    if partials is None:
        raise ValueError(f'{name} has no finite derivative at '
                         + ', '.join(f'{v:g}' for v in values))
    return kinds.pop()._result(name, args, value, partials)


# %% [markdown]
# Both kinds of values share their arithmetic: each operator, on either side
# of a number or of a value of the same kind, is one primitive. A power with a
# number as exponent uses the power rule; a power whose exponent is itself
# differentiated needs $a^b = e^{b \ln a}$, hence a positive base.

# %%
#@save autodiff
class _Differentiable:
    """The arithmetic operators of Dual and Var: each applies a primitive."""
    __slots__ = ()

    def __add__(self, other):
        return _apply('add', self, other)

    def __radd__(self, other):
        return _apply('add', other, self)

    def __sub__(self, other):
        return _apply('sub', self, other)

    def __rsub__(self, other):
        return _apply('sub', other, self)

    def __mul__(self, other):
        return _apply('mul', self, other)

    def __rmul__(self, other):
        return _apply('mul', other, self)

    def __truediv__(self, other):
        return _apply('div', self, other)

    def __rtruediv__(self, other):
        return _apply('div', other, self)

    def __neg__(self):
        return _apply('neg', self)

    def __pow__(self, other):
        name = 'pow' if isinstance(other, numbers.Real) else 'powv'
        return _apply(name, self, other)

    def __rpow__(self, other):
        return _apply('powv', other, self)


# %% [markdown]
# A `Var` is a node of the computational graph. It holds a value, and, when an
# operation made it, the name of that operation, its arguments, and its
# *parents* (the `Var` arguments) each paired with the local derivative of this
# node with respect to it. Because every node remembers where it came from,
# running an ordinary Python function on `Var`s records its evaluation trace as
# a side effect. Each `Var` also gets a serial number, so that the trace can be
# listed in the order it was computed. The `grad` attribute and `backward()`
# belong to reverse mode, section 5.

# %%
#@save autodiff
class Var(_Differentiable):
    """A value that records how it was computed: a graph node, for reverse mode.

    value: a real number. Arithmetic (+ - * / **, unary -) with numbers or Vars,
    and log, exp, sin, cos, tanh, sqrt, give Vars that record their parents and
    local derivatives. After y.backward(), x.grad is dy/dx for every x below y.

    Defined in notebooks/03_autodiff_from_scratch.ipynb (section 3)."""
    __slots__ = ('value', 'grad', '_op', '_args', '_parents', '_serial',
                 '_order')
    _serials = itertools.count()

    def __init__(self, value):
        self.value = _real(value, 'the value of a Var')
        self.grad = 0.0
        self._op, self._args = None, ()  # the primitive that made it, its args
        self._parents = ()  # (parent Var, local derivative) pairs
        self._serial = next(Var._serials)  # creation order = evaluation order
        self._order = None  # topological order of the graph below, once known

    @classmethod
    def _result(cls, name, args, value, partials):
        """The Var for name(*args): its value, parents and local derivatives."""
        out = cls(value)
        out._op, out._args = name, args
        out._parents = tuple((arg, d) for arg, d in zip(args, partials)
                             if isinstance(arg, Var))
        return out

    def _primal(self):
        return self.value

    def backward(self):
        """Add dself/dx to x.grad for every leaf Var x that self depends on."""
        _backpropagate(self)

    def __repr__(self):
        return f'Var(value={self.value!r}, grad={self.grad!r})'


# %% [markdown]
# Two small checks of arguments, shared by the engine, turn bad input into a
# clear `TypeError`:

# %%
#@save autodiff
def _real(x, what):
    """x as a float; a TypeError names `what` unless it is a real number."""
    if not isinstance(x, numbers.Real):
        raise TypeError(f'{what} must be a real number, got {type(x).__name__}')
    return float(x)


# %%
#@save autodiff
def _reals(values, what):
    """A list of floats from a list or tuple of real numbers, or a TypeError."""
    if isinstance(values, (str, bytes)) or not hasattr(values, '__iter__'):
        raise TypeError(f'{what} must be a list or tuple of real numbers, '
                        f'got {type(values).__name__}')
    return [_real(value, f'{what}[{i}]') for i, value in enumerate(values)]


# %%
#@save autodiff
def _check_callable(f, who):
    """Raise a TypeError unless f can be called."""
    if not callable(f):
        raise TypeError(f'{who}: f must be a function, got {type(f).__name__}')


# %% [markdown]
# The elementary functions are primitives too. Each accepts a number (and then
# returns a float), a `Dual` or a `Var`, so that one Python function can be run
# on all three. They differ only in the name of their rule, so one function
# makes them all.

# %%
#@save autodiff
def _elementary(name, description):
    """The function of one argument that applies the primitive RULES[name]."""
    def function(x):
        return _apply(name, x)
    function.__name__ = function.__qualname__ = name
    function.__doc__ = (f'{description}\n\n    Defined in '
                        'notebooks/03_autodiff_from_scratch.ipynb (section 3).')
    return function


# %%
#@save autodiff
log = _elementary('log', 'Natural logarithm. x: a number, Dual or Var > 0.')
exp = _elementary('exp', 'Exponential. x: a real number, a Dual or a Var.')
sin = _elementary('sin', 'Sine. x: a real number, a Dual or a Var.')
cos = _elementary('cos', 'Cosine. x: a real number, a Dual or a Var.')
tanh = _elementary('tanh', 'Hyperbolic tangent. x: a real number, Dual or Var.')
sqrt = _elementary('sqrt', 'Square root. x: a number >= 0, a Dual or Var > 0.')

# %% [markdown]
# A trace lists operations in the order the program performs them, so we
# write $f$ as a program that computes in the order of the numbering above.
# (Written as `x1 * x2 + x2 - log(x1)`, Python would add before taking the
# logarithm: an equally valid trace, numbered differently.) Running $f$ on two
# `Var`s gives its value, and the graph behind it:

# %%
def f(x1, x2):
    v1 = x1 * x2
    v2 = log(x1)
    v3 = v1 + x2
    return v3 - v2


y = f(Var(2.0), Var(4.0))
print(y)
print('parents of y:', [(parent.value, local) for parent, local in y._parents])

# %% [markdown]
# To list the whole trace we walk the graph backwards from the output and put
# its nodes in a *topological order*: every node after all of its parents.
# The walk is an iterative depth-first search with an explicit stack, not a
# recursive function: Python allows about a thousand nested calls, and a graph
# can be much deeper than that (a loop of 10,000 steps makes one). A node
# reached along several paths is listed once. A `Var` never changes after it is
# made, so neither does the graph below it, and the order is kept on the node
# once computed: asking again costs nothing.

# %%
#@save autodiff
def topological_order(root):
    """Every Var that root depends on, root included, each once, parents first.

    root: a Var. Returns a tuple, computed once per root and then kept.

    Defined in notebooks/03_autodiff_from_scratch.ipynb (section 3)."""
    if not isinstance(root, Var):
        raise TypeError('topological_order needs a Var, '
                        f'got {type(root).__name__}')
    if root._order is None:
        order, seen, stack = [], set(), [(root, False)]
        while stack:
            node, parents_listed = stack.pop()
            if parents_listed:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node, True))  # popped again after all its parents
                stack.extend((parent, False) for parent, _ in node._parents
                             if id(parent) not in seen)
        root._order = tuple(order)
    return root._order


# %%
order = topological_order(y)
print([round(node.value, 3) for node in order])
assert order[-1] is y and len(order) == 6

# %% [markdown]
# This order puts the logarithm before the product: any order with parents
# first will do for the backward pass, and it need not be the order in which
# the program computed the values.
#
# That is all the engine needs to record a trace. To *show* one, the
# utilities notebook defines `trace(f, primals)`, which runs $f$ on fresh
# `Var`s and keeps every node in evaluation order with its name $v_i$, and
# `primal_table`, which prints the trace. (They and the other tables and
# drawings of this chapter are in the module `d2lutils.autodiff_draw`.)

# %%
from d2lutils.autodiff_draw import (adjoint_table, draw_backward_step,
                                    draw_graph, explore_backward, primal_table,
                                    tangent_table, trace)

# %% [markdown]
# The trace of $f$ at $(x_1, x_2) = (2, 4)$, computed by the engine:

# %%
record = trace(f, (2, 4))
print(primal_table(record))

# %%
values = [node.value for node in record.nodes]
expected = [2, 4, 8, math.log(2), 12, 12 - math.log(2)]
print('v₋₁ … v₄:', [round(v, 3) for v in values])
assert all(math.isclose(v, e) for v, e in zip(values, expected))

# %% [markdown]
# Note the last line: $v_4 = v_3 - v_2$, the sum minus the logarithm. (Some
# course notes write $v_4 = v_2 - v_3$, which would be $\ln x_1 - x_1 x_2 - x_2$,
# the negative of $f$.)
#
# The same record is a graph: a node per value, an edge from each argument to
# the result, drawn in layers so that every edge points right.

# %%
draw_graph(record)
d2l.plt.show()

# %% [markdown]
# The inputs are green and the output orange. Each input feeds two
# operations: $x_1 = v_{-1}$ goes into the product and the logarithm,
# $x_2 = v_0$ into the product and the sum. Reverse mode (section 5) will have
# to add up what flows back along both branches of such a fan-out.

# %% [markdown]
# ## 4 Forward mode
#
# Forward mode pushes derivatives *along* the trace. Pick a direction
# $\dot{\mathbf{x}}$ in input space (the *tangent seed*) and carry, next to each
# value $v_i$, its derivative in that direction, the *tangent*
# $\dot{v}_i = \sum_j \frac{\partial v_i}{\partial v_j} \dot{v}_j$, summed over
# the arguments $v_j$ of $v_i$. With the seed $\dot{\mathbf{x}} = (0, 1)$, the
# tangent of the output is $\partial y / \partial x_2$.
#
# *Dual numbers* do this bookkeeping by themselves. Write a value as
# $a + b\varepsilon$ with a symbol $\varepsilon \neq 0$ such that
# $\varepsilon^2 = 0$. Then $(a + b\varepsilon)(c + d\varepsilon) = ac + (ad +
# bc)\varepsilon$, which is the product rule, and for a smooth $g$ Taylor's
# theorem gives $g(a + b\varepsilon) = g(a) + g'(a) b\varepsilon$ exactly,
# which is the chain rule. So a `Dual` holds a *primal* $a$ and a *tangent*
# $b$, and each primitive combines the tangents of its arguments with its local
# derivatives.

# %%
#@save autodiff
class Dual(_Differentiable):
    """A dual number primal + tangent·ε with ε² = 0, for forward mode.

    primal, tangent: real numbers. Arithmetic with numbers or Duals, and log,
    exp, sin, cos, tanh, sqrt, give Duals carrying the directional derivative.

    Defined in notebooks/03_autodiff_from_scratch.ipynb (section 4)."""
    __slots__ = ('primal', 'tangent')

    def __init__(self, primal, tangent=0.0):
        self.primal = _real(primal, 'the primal of a Dual')
        self.tangent = _real(tangent, 'the tangent of a Dual')

    @classmethod
    def _result(cls, name, args, value, partials):
        """The Dual for name(*args), its tangent by the chain rule."""
        return cls(value, sum(d * arg.tangent for arg, d in zip(args, partials)
                              if isinstance(arg, Dual)))

    def _primal(self):
        return self.primal

    def __repr__(self):
        return f'Dual(primal={self.primal!r}, tangent={self.tangent!r})'


# %% [markdown]
# $\varepsilon^2 = 0$, and the derivative of $x^3$ at 2 is $3 \cdot 2^2 = 12$:

# %%
epsilon = Dual(0, 1)
print('ε·ε =', epsilon * epsilon)
print('(2 + ε)³ =', Dual(2, 1) ** 3)

# %% [markdown]
# Seeding $x_2$ with tangent 1 and $x_1$ with 0, one evaluation of $f$ at
# $(3, -4)$ gives $y$ and $\partial y / \partial x_2 = x_1 + 1$:

# %%
y = f(Dual(3, 0), Dual(-4, 1))
print(y)
print(f'y = {y.primal:.3f}, dy/dx2 = {y.tangent:g} (x1 + 1 = {3 + 1})')
assert math.isclose(y.primal, -12 - 4 - math.log(3)) and y.tangent == 4

# %% [markdown]
# So $y \approx -17.099$ and $\partial y/\partial x_2 = 4$. (A table in some
# course notes shows 17.10 and −4 here: both signs are wrong, as the
# computation shows.)
#
# The function `jvp` packs this up: it evaluates $f$ on `Dual`s made from the
# primals and tangents and returns the value and the directional derivative
# $J \dot{\mathbf{x}}$, a *Jacobian–vector product*. It accepts a function
# returning one number or a list of them.

# %%
#@save autodiff
def _split_dual(out, who):
    """(primal, tangent) of a Dual, or (value, 0.0) of a number f returned."""
    if isinstance(out, Dual):
        return out.primal, out.tangent
    if isinstance(out, numbers.Real):  # f did not depend on its arguments
        return float(out), 0.0
    raise TypeError(f'{who}: f must return numbers or Duals, '
                    f'got {type(out).__name__}')


# %%
#@save autodiff
def jvp(f, primals, tangents):
    """Value of f at primals and its derivative along tangents, by forward mode.

    f: a function of len(primals) arguments, built from + - * / ** and this
    module's functions; it returns one number, or a list or tuple of numbers.
    primals, tangents: lists or tuples of real numbers of the same length.
    Returns (value, J·tangents): two floats, or two tuples for a list output.

    Defined in notebooks/03_autodiff_from_scratch.ipynb (section 4)."""
    _check_callable(f, 'jvp')
    primals, tangents = _reals(primals, 'primals'), _reals(tangents, 'tangents')
    if len(tangents) != len(primals):
        raise ValueError(
            f'jvp: one tangent per primal is needed, got {len(primals)} '
            f'primals and {len(tangents)} tangents')
    out = f(*[Dual(p, t) for p, t in zip(primals, tangents)])
    if isinstance(out, (list, tuple)):
        pairs = [_split_dual(o, 'jvp') for o in out]
        return tuple(p for p, _ in pairs), tuple(t for _, t in pairs)
    return _split_dual(out, 'jvp')


# %%
print('jvp:', jvp(f, (3, -4), (0, 1)))

# %% [markdown]
# To see forward mode at work line by line, `tangent_table` prints the primal
# and the tangent of every node of a recorded trace. Its tangent formulas come
# from the local derivatives of each primitive, and its numbers are the sums
# $\sum_j \frac{\partial v_i}{\partial v_j} \dot{v}_j$ along the recorded
# graph: what the `Dual`s compute, node by node. The last line agrees with
# `jvp`.

# %%
record = trace(f, (3, -4))
print(tangent_table(record, (0, 1)))

# %% [markdown]
# One forward pass gives the derivative of every output in *one* input
# direction: one column of the Jacobian. For $g: \mathbb{R}^2 \to
# \mathbb{R}^3$, two passes, seeded with $(1, 0)$ and $(0, 1)$, give the two
# columns; for $f: \mathbb{R}^n \to \mathbb{R}^m$ the full Jacobian takes $n$
# passes, whatever $m$ is.

# %%
def g(x1, x2):
    return [x1 * x2, sin(x1) + x2, exp(x1 - x2)]


point = (0.5, 2.0)
columns = [jvp(g, point, seed)[1] for seed in [(1, 0), (0, 1)]]
J = np.array(columns).T
a, b = point
J_exact = np.array([[b, a], [np.cos(a), 1], [np.exp(a - b), -np.exp(a - b)]])
print('Jacobian of g, one column per forward pass:\n', J.round(4))
assert np.allclose(J, J_exact)

# %% [markdown]
# Forward mode needs no memory beyond one tangent per live value, and it works
# through any program: loops, branches and all. The logistic map of section 2,
# eight levels deep, as a Python loop:

# %%
def logistic(x, depth=8):
    for _ in range(depth):
        x = 4 * x * (1 - x)
    return x


value, slope = jvp(logistic, (0.3,), (1,))
x_sym = sympy.Symbol('x')
sympy_slope = float(sympy.diff(l, x_sym).subs(x_sym, 0.3))
print(f'forward mode: {slope:.10f}   SymPy: {sympy_slope:.10f}')
assert math.isclose(slope, sympy_slope, rel_tol=1e-9)

# %% [markdown]
# The engine's trace of the same loop confirms the operation count of section
# 2. A node with $k$ arguments that are `Var`s costs one operation for its value
# and $2k - 1$ for its tangent ($k$ products with local derivatives, $k - 1$
# sums), so the cost of forward mode is the number of nodes plus $2k - 1$ per
# node:

# %%
logistic_record = trace(logistic, (0.3,))
operations = logistic_record.nodes[1:]  # all nodes but the input
value_ops = len(operations)
tangent_ops = sum(2 * len(node._parents) - 1 for node in operations)
total_ops = value_ops + tangent_ops
print(f'{value_ops} operations for l_8, {total_ops} for l_8 and its '
      f'derivative: {total_ops / value_ops:.2f} times as many')
assert (value_ops, total_ops) == (program_ops[-1], forward_mode_ops[-1])

# %% [markdown]
# ## 5 Reverse mode
#
# Reverse mode pushes derivatives *against* the trace. Each value $v_i$ gets
# an *adjoint* $\bar{v}_i = \partial y / \partial v_i$, the sensitivity of the
# output to it. The output's adjoint is $\bar{y} = 1$, and going backwards,
# each node collects from every node that used it:
#
# $$\bar{v}_j = \sum_{i:\ v_j \text{ is an argument of } v_i} \bar{v}_i \,
# \frac{\partial v_i}{\partial v_j}.$$
#
# When $\bar{v}_j$ is needed, every $\bar{v}_i$ in the sum must be final, so the
# nodes are visited in reverse topological order. The forward run must
# therefore *record* the graph (the tape) and keep every intermediate value
# for the backward run: that is the memory cost of reverse mode. In return,
# one backward pass gives the derivative of the output with respect to *every*
# input: one row of the Jacobian.
#
# The engine does it in a few lines. Each node adds its contributions to its
# parents' `grad` with `+=`, so a value used twice collects from both uses.
# The adjoints of inner nodes start from zero on every pass; the *leaves* (the
# `Var`s we made ourselves) keep adding up over several calls of `backward()`,
# as in PyTorch.

# %%
#@save autodiff
def _backpropagate(root):
    """Reverse mode: the adjoints of root's graph; leaves accumulate (+=)."""
    order = topological_order(root)
    for node in order:
        if node._parents:  # an inner node: start its adjoint afresh
            node.grad = 0.0
    root.grad += 1.0
    for node in reversed(order):  # every node after all the nodes that use it
        for parent, local in node._parents:
            parent.grad += node.grad * local


# %% [markdown]
# `grad` turns a scalar function into the function of its partial derivatives,
# one backward pass per call:

# %%
#@save autodiff
def grad(f):
    """The gradient of f, by reverse mode, as a function.

    f: a function of real arguments, built from + - * / ** and this module's
    functions, returning one number. Returns a function that takes the same
    real numbers as f and returns the tuple of partial derivatives of f there.

    Defined in notebooks/03_autodiff_from_scratch.ipynb (section 5)."""
    _check_callable(f, 'grad')

    def gradient(*primals):
        inputs = [Var(p) for p in primals]
        out = f(*inputs)
        if isinstance(out, Var):
            out.backward()
        elif not isinstance(out, numbers.Real):
            raise TypeError('grad: f must return one number, '
                            f'got {type(out).__name__}')
        return tuple(x.grad for x in inputs)
    return gradient


# %%
dy = grad(f)(3, -4)
print(f'(dy/dx1, dy/dx2) = ({dy[0]:.3f}, {dy[1]:g});  -13/3 = {-13 / 3:.3f}')
assert math.isclose(dy[0], -13 / 3) and math.isclose(dy[1], 4)

# %% [markdown]
# The adjoint trace shows the backward pass node by node, in reverse order.
# `adjoint_table` runs `backward()` on the output of a recorded trace and
# prints the `grad` of every node; the formulas are the sum above, written
# from the recorded graph.

# %%
print(adjoint_table(trace(f, (3, -4))))

# %% [markdown]
# Reading from the top: $\bar{y} = \bar{v}_4 = 1$, $\bar{v}_3 = 1$,
# $\bar{v}_2 = -1$, $\bar{v}_1 = 1$, then the two inputs collect from both of
# their uses: $\bar{x}_2 = \bar{v}_3 + \bar{v}_1 v_{-1} = 1 + 3 = 4$ and
# $\bar{x}_1 = \bar{v}_2 / v_{-1} + \bar{v}_1 v_0 = -\tfrac{1}{3} - 4 =
# -\tfrac{13}{3} \approx -4.333$. One pass, both partial derivatives.

# %% [markdown]
# The table lists the finished pass. To watch it happen node by node,
# `draw_backward_step` draws the graph at one step of the sweep. The node whose
# adjoint is being computed is red, and so are the arrows to the nodes that use
# it, along which its adjoint comes back; nodes already done keep their colours
# and nodes not reached yet are pale. Beside the graph, the adjoint table grows
# row by row, the current row marked ▶, and above it the same sum in numbers,
# $\bar{v}_i \cdot \partial v_i / \partial v_j$ for each use. Step 0 only seeds
# $\bar{y} = 1$; after the last step every adjoint is known and the gradient is
# read off the inputs. The sweep visits the nodes in reverse evaluation order,
# which is a reverse topological order: every user of a node comes before it.
#
# Step 4 of the sweep at $(3, -4)$: $x_2 = v_0$ collects from both of its
# uses, $\bar{v}_3 \cdot 1$ from the sum and $\bar{v}_1 \cdot v_{-1}$ from the
# product.

# %%
record = trace(f, (3, -4))
shown = draw_backward_step(record, 4)
d2l.plt.show()

# %%
print('rows shown at step 4:',
      [(adjoint, round(value, 3)) for adjoint, value in shown])
assert shown[-1] == ('v̄₀', 4.0)

# %% [markdown]
# `explore_backward` puts a slider over the steps. Move it from 0 to 6 and
# watch the red node travel from the output back to the inputs, the table
# filling in until $\bar{x}_1 \approx -4.333$ and $\bar{x}_2 = 4$. (Sliders need a
# running kernel: in a static view of this page, only the figure above shows.)

# %% tags=["nbval-ignore-output"]
explore_backward(f, (3, -4))

# %% [markdown]
# Adjoints add up the same way for a value used many times. Here $x$ appears 100 times, and
# its adjoint collects all 100 contributions:

# %%
def many_uses(x):
    total = 0
    for k in range(1, 101):
        total = total + k * x  # d/dx = 1 + 2 + ... + 100
    return total


print('d/dx =', grad(many_uses)(0.7)[0], ' expected', sum(range(1, 101)))
assert grad(many_uses)(0.7) == (5050.0,)

# %% [markdown]
# Because the topological sort is iterative, the depth of the graph is no
# problem. A chain of 10,000 sines is far deeper than Python's recursion
# limit; its derivative is the product of the cosines along the chain, which a
# plain loop checks:

# %%
def sine_chain(x, depth=10_000):
    for _ in range(depth):
        x = sin(x)
    return x


x, expected = 1.0, 1.0
for _ in range(10_000):
    expected *= math.cos(x)
    x = math.sin(x)
by_reverse = grad(sine_chain)(1.0)[0]
print('recursion limit:', sys.getrecursionlimit())
print(f'reverse mode: {by_reverse:.12f}   product of cosines: {expected:.12f}')
assert math.isclose(by_reverse, expected, rel_tol=1e-12)

# %% [markdown]
# That chain also shows the memory bill. Forward mode could forget each value
# as soon as the next one is computed. Reverse mode keeps the whole tape, one
# node per operation, because the backward pass needs the local derivatives of
# every step:

# %%
y = sine_chain(Var(1.0))
print('nodes kept for the backward pass:', len(topological_order(y)))

# %% [markdown]
# A backward pass seeded with $\bar{y} = 1$ gives one row of the Jacobian.
# Seeding the outputs of $g: \mathbb{R}^n \to \mathbb{R}^m$ with a vector
# $\mathbf{u}$ instead gives $\mathbf{u}^\top J$, a *vector–Jacobian product*;
# with the engine, that is the gradient of the scalar $\sum_i u_i g_i$. The
# rows of $J$ are the VJPs with the unit vectors: $m$ passes for the full
# Jacobian, whatever $n$ is.

# %%
u = (2.0, -1.0, 0.5)
uJ = grad(lambda x1, x2: sum(ui * gi for ui, gi in zip(u, g(x1, x2))))(*point)
print('uᵀJ by one backward pass:', np.round(uJ, 4))
print('uᵀJ from the Jacobian:   ', (np.array(u) @ J_exact).round(4))
assert np.allclose(uJ, np.array(u) @ J_exact)

# %%
rows = [grad(lambda x1, x2, i=i: g(x1, x2)[i])(*point) for i in range(3)]
print('Jacobian of g, one row per backward pass:\n', np.array(rows).round(4))
assert np.allclose(rows, J_exact)

# %% [markdown]
# This is why neural networks are trained with reverse mode. A loss maps
# $n$ parameters, often millions, to $m = 1$ number. Forward mode would need
# $n$ passes for the gradient, reverse mode needs one, at a cost of a small
# constant times one evaluation of the loss. The price is memory: every
# intermediate activation is kept until the backward pass has used it.

# %% [markdown]
# ## 6 A worked example, both ways
#
# Take $f(x_1, x_2) = \ln x_1 + x_1 x_2 - \sin x_2$ at $(2, 5)$. By hand,
# $\partial f / \partial x_1 = 1/x_1 + x_2 = 5.5$ and
# $\partial f / \partial x_2 = x_1 - \cos x_2 = 2 - \cos 5 \approx 1.716$.
# Forward mode needs one pass per input:

# %%
def f2(x1, x2):
    return log(x1) + x1 * x2 - sin(x2)


record = trace(f2, (2, 5))
print(tangent_table(record, (1, 0)))

# %%
print(tangent_table(record, (0, 1)))

# %% [markdown]
# Reverse mode gets both in one pass:

# %%
print(adjoint_table(record))

# %% [markdown]
# The two modes and `torch.autograd` agree with each other and with the hand
# computation:

# %%
by_forward = [jvp(f2, (2, 5), seed)[1] for seed in [(1, 0), (0, 1)]]
by_reverse = grad(f2)(2, 5)
x = torch.tensor([2.0, 5.0], dtype=torch.float64, requires_grad=True)
y = torch.log(x[0]) + x[0] * x[1] - torch.sin(x[1])
y.backward()
print(f'y = {f2(2, 5):.3f} (torch: {y.item():.3f})')
print('forward mode:  ', np.round(by_forward, 3))
print('reverse mode:  ', np.round(by_reverse, 3))
print('torch.autograd:', x.grad.numpy().round(3))
print('by hand:       ', np.round([1 / 2 + 5, 2 - math.cos(5)], 3))
for derivatives in (by_forward, by_reverse):
    assert np.allclose(derivatives, x.grad.numpy(), rtol=1e-14)
assert np.allclose(by_reverse, [5.5, 2 - math.cos(5)])

# %% [markdown]
# ## 7 In PyTorch
#
# `torch.func` offers both modes as function transforms: `jvp` and `jacfwd`
# (forward mode), `vjp` and `jacrev` (reverse mode). We write one function
# $h: \mathbb{R}^3 \to \mathbb{R}^2$ that runs on the engine's numbers and on
# tensors alike, by passing in the elementary functions, and compare.

# %%
def h(x, sin=sin, exp=exp, log=log):
    return [x[0] * x[1] + sin(x[2]), exp(x[0]) / x[2] - log(x[1]) * x[2] ** 2]


def h_torch(x):
    return torch.stack(h(x, torch.sin, torch.exp, torch.log))


x_point, tangent, cotangent = (0.5, 1.5, -2.0), (1.0, 2.0, -1.0), (1.5, -0.5)
xt, vt, ut = (torch.tensor(v, dtype=torch.float64)
              for v in (x_point, tangent, cotangent))

# %%
value, jv = jvp(lambda *x: h(x), x_point, tangent)
_, jv_torch = torch.func.jvp(h_torch, (xt,), (vt,))
_, vjp_fn = torch.func.vjp(h_torch, xt)
uj_torch = vjp_fn(ut)[0]
uj = grad(lambda *x: sum(c * hi for c, hi in zip(cotangent, h(x))))(*x_point)
print('J v: engine', np.round(jv, 6),
      ' torch.func.jvp', jv_torch.numpy().round(6))
print('uᵀJ: engine', np.round(uj, 6),
      ' torch.func.vjp', uj_torch.numpy().round(6))
assert np.allclose(jv, jv_torch.numpy()) and np.allclose(uj, uj_torch.numpy())

# %%
J_forward = np.array([jvp(lambda *x: h(x), x_point, e)[1] for e in np.eye(3)]).T
J_reverse = np.array([grad(lambda *x, i=i: h(x)[i])(*x_point)
                      for i in range(2)])
J_jacfwd = torch.func.jacfwd(h_torch)(xt).numpy()
J_jacrev = torch.func.jacrev(h_torch)(xt).numpy()
print('engine, 3 forward passes:\n', J_forward.round(6))
print('torch.func.jacrev:\n', J_jacrev.round(6))
for J_other in (J_reverse, J_jacfwd, J_jacrev):
    assert np.allclose(J_forward, J_other)

# %% [markdown]
# `jacfwd` pushes all $n$ unit tangents through the function at once
# (vectorized with `vmap`), `jacrev` pulls all $m$ unit cotangents. Their costs
# should therefore grow with $n$ and with $m$ respectively. We time both on
# $\mathbf{x} \mapsto W_2 \tanh(W_1 \mathbf{x})$ with 256 hidden units, first
# with $m = 16$ outputs and a growing number of inputs $n$, then the other way
# round.

# %% tags=["nbval-ignore-output"]
# Timings change from run to run and machine to machine.
def best_time(fn, x, repeat=3):
    """Shortest of `repeat` wall-clock times of fn(x), in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(x)
        times.append(time.perf_counter() - start)
    return 1e3 * min(times)


def jacobian_times(n, m, hidden=256):
    """Times of jacfwd and jacrev for x -> W2 tanh(W1 x), from R^n to R^m."""
    W1 = torch.randn(hidden, n, dtype=torch.float64) / n ** 0.5
    W2 = torch.randn(m, hidden, dtype=torch.float64) / hidden ** 0.5
    fn = lambda x: W2 @ torch.tanh(W1 @ x)
    x = torch.randn(n, dtype=torch.float64)
    return (best_time(torch.func.jacfwd(fn), x),
            best_time(torch.func.jacrev(fn), x))


threads = torch.get_num_threads()
torch.set_num_threads(1)  # one thread: steadier timings
torch.manual_seed(0)
sizes = [4, 16, 64, 256, 1024]
by_inputs = np.array([jacobian_times(n, 16) for n in sizes]).T
by_outputs = np.array([jacobian_times(16, m) for m in sizes]).T
torch.set_num_threads(threads)

d2l.use_svg_display()
fig, axes = d2l.plt.subplots(1, 2, figsize=(7, 2.5), sharey=True)
d2l.plot(sizes, by_inputs, 'inputs n (m = 16)', 'time (ms)',
         legend=['jacfwd', 'jacrev'], xscale='log', yscale='log',
         figsize=(7, 2.5), axes=axes[0])
d2l.plot(sizes, by_outputs, 'outputs m (n = 16)', None,
         legend=['jacfwd', 'jacrev'], xscale='log', yscale='log',
         figsize=(7, 2.5), axes=axes[1])
d2l.plt.show()

# %% [markdown]
# Timings change from run to run and from machine to machine, so the details
# of this figure are not something to quote: for small Jacobians, where both
# transforms take a fraction of a millisecond, the two curves can come in
# either order. What does not change is the arithmetic. PyTorch's
# `FlopCounterMode` counts the floating-point operations each transform
# performs, the same on every run:

# %%
from torch.utils.flop_counter import FlopCounterMode


def jacobian_flops(n, m, hidden=256):
    """Floating-point operations of jacfwd and jacrev for x -> W2 tanh(W1 x)."""
    W1 = torch.randn(hidden, n, dtype=torch.float64) / n ** 0.5
    W2 = torch.randn(m, hidden, dtype=torch.float64) / hidden ** 0.5
    fn = lambda x: W2 @ torch.tanh(W1 @ x)
    counts = []
    for transform in (torch.func.jacfwd, torch.func.jacrev):
        with FlopCounterMode(display=False) as counter:
            transform(fn)(torch.randn(n, dtype=torch.float64))
        counts.append(counter.get_total_flops())
    return counts


print(f'{"n":>5} {"m":>5} {"jacfwd flops":>13} {"jacrev flops":>13}'
      '  jacfwd / jacrev')
for n, m in [(n, 16) for n in sizes] + [(16, m) for m in sizes]:
    forward, reverse = jacobian_flops(n, m)
    print(f'{n:5d} {m:5d} {forward:13,d} {reverse:13,d}'
          f'  {forward / reverse:8.4g}')
    assert (forward < reverse) == (n < m) and (forward > reverse) == (n > m)

# %% [markdown]
# The counts follow the rule exactly: with $m = 16$ outputs, `jacfwd` does
# fewer operations while $n < 16$, as many at $n = 16$, and 64 times more at
# $n = 1024$; with the shapes swapped, the roles swap. The time of a call adds
# a fixed overhead that these counts leave out, and for small Jacobians that
# overhead can outweigh the arithmetic, which is why the figure need not
# follow the rule at small sizes. Where the counts differ many times over,
# the arithmetic decides. A training loss, with $m = 1$, is the extreme case
# of the left panel: reverse mode needs one pass for any number of inputs.

# %% [markdown]
# ## 8 Backpropagation at work
#
# The engine is enough to train a model. We fit a small network with one hidden
# layer of four $\tanh$ units,
# $\hat{y} = \sum_k w_{2,k} \tanh(w_{1,k} x + b_{1,k}) + b_2$ (13 parameters),
# to 8 points of $\sin(\pi x)$ on $[-1, 1]$ by gradient descent on the mean
# squared error. Each step builds the graph of the loss from fresh `Var`s,
# runs `backward()`, and moves every parameter against its gradient.

# %%
xs = np.linspace(-1, 1, 8)
ys = np.sin(np.pi * xs)
torch.manual_seed(0)
initial = torch.randn(13, dtype=torch.float64)
lr, steps = 0.3, 200


def mse_loss(params, xs, ys):
    """MSE of the 1-4-1 tanh network; params: 13 numbers, Vars or tensors."""
    w1, b1, w2, b2 = params[0:4], params[4:8], params[8:12], params[12]
    total = 0
    for x, y in zip(xs, ys):
        hidden = [tanh(w * x + b) for w, b in zip(w1, b1)]
        prediction = sum((w * z for w, z in zip(w2, hidden)), b2)
        total = total + (prediction - y) ** 2
    return total / len(xs)


params = [float(p) for p in initial]
engine_losses = []
for step in range(steps):
    variables = [Var(p) for p in params]
    loss = mse_loss(variables, xs.tolist(), ys.tolist())
    loss.backward()
    engine_losses.append(loss.value)
    params = [p - lr * v.grad for p, v in zip(params, variables)]

# %% [markdown]
# The same model in PyTorch, written the usual way with tensor operations, from
# the same starting point:

# %%
theta = initial.clone().requires_grad_(True)
X, Y = torch.tensor(xs), torch.tensor(ys)
torch_losses = []
for step in range(steps):
    w1, b1, w2, b2 = theta[0:4], theta[4:8], theta[8:12], theta[12]
    loss = ((torch.tanh(X[:, None] * w1 + b1) @ w2 + b2 - Y) ** 2).mean()
    loss.backward()
    torch_losses.append(loss.item())
    with torch.no_grad():
        theta -= lr * theta.grad
        theta.grad.zero_()

# %%
d2l.plot(list(range(steps)), [engine_losses, torch_losses], 'step',
         'training loss', ylim=(0, 0.3), legend=['our engine', 'PyTorch'],
         fmts=('-', 'm--'))

# %%
gap = np.abs(np.array(params) - theta.detach().numpy()).max()
print(f'loss: {engine_losses[0]:.4f} at the start, '
      f'{engine_losses[-1]:.6f} (engine) and '
      f'{torch_losses[-1]:.6f} (PyTorch) after {steps} steps')
print('final weights agree to 1e-10:', gap < 1e-10)
assert np.allclose(engine_losses, torch_losses, rtol=1e-10)
assert gap < 1e-10

# %% [markdown]
# The two runs agree to at least ten digits at every step: our reverse mode, a
# few dozen lines of Python, computes what `loss.backward()` computes. PyTorch is faster because its
# nodes are whole tensor operations, not single numbers, and because its
# primitives are written in C++; the algorithm is the same.

# %% [markdown]
# ## 9 Summary
#
# - Automatic differentiation is neither numerical nor symbolic: it applies the
#   chain rule to the local derivatives of the elementary operations that a
#   program actually performs (its evaluation trace), so it is exact up to
#   rounding and works through loops and branches.
# - Forward mode carries a tangent next to each value (dual numbers). One pass
#   gives a Jacobian–vector product, one column of the Jacobian; it needs no
#   extra memory.
# - Reverse mode records the graph, then sends adjoints from the output back
#   to the inputs in reverse topological order, adding up over every use of a
#   value. One pass gives a vector–Jacobian product, one row of the Jacobian:
#   the whole gradient of a scalar loss, at the price of keeping every
#   intermediate value.
# - Our engine, about two hundred lines of Python, computes what
#   `torch.autograd` and `torch.func` compute, and trains a small network to
#   the same weights.
#
# For $f: \mathbb{R}^n \to \mathbb{R}^m$, with "cost of $f$" the work of one
# evaluation:
#
# | | numerical (finite differences) | symbolic | forward mode AD | reverse mode AD |
# |---|---|---|---|---|
# | gradient ($m = 1$) | $n + 1$ or $2n$ evaluations of $f$ | one expression per input, which can swell | $n$ passes, each a small constant × cost of $f$ | **one** pass, a small constant × cost of $f$ |
# | full Jacobian | $2n$ evaluations (central), $2mn$ output values | $mn$ expressions | $n$ passes, one column each | $m$ passes, one row each |
# | accuracy | about 8 digits (forward) or 11 (central) in float64, at the best $h$ | exact formula | exact up to floating-point rounding | exact up to floating-point rounding |
# | memory | that of $f$ | the expression trees, can grow exponentially with nesting | that of $f$, plus a tangent per live value | every intermediate value (the tape), in proportion to the number of operations |
# | needs | $f$ as a black box | a closed-form expression | the program | the program, run once forward and recorded |
#
# The engine we built lives in `d2lutils.autodiff` (`Dual`, `Var`, `jvp`,
# `grad`, `log`, `exp`, `sin`, `cos`, `tanh`, `sqrt`, `topological_order`), and
# its tables and drawings in `d2lutils.autodiff_draw` (`trace`,
# `primal_table`, `tangent_table`, `adjoint_table`, `draw_graph`,
# `draw_backward_step`, `explore_backward`). Imported from the library, it
# gives the same answers as the cells above:

# %%
from d2lutils import autodiff

grad_lib = autodiff.grad(
    lambda x1, x2: autodiff.log(x1) + x1 * x2 - autodiff.sin(x2))
print(grad_lib(2, 5))
print(autodiff.jvp(lambda x1, x2: x1 * x2 + x2 - autodiff.log(x1),
                   (3, -4), (0, 1)))

# %% [markdown]
# ## 10 Exercises
#
# Checked solutions are in
# [solutions/03_autodiff_from_scratch_solutions](solutions/03_autodiff_from_scratch_solutions.ipynb).
#
# Under each exercise is an answer cell. Replace `None` with your answer and run
# the cell: the check says whether the answer is right and, if it is not, what
# looks wrong, without giving the answer away. Stuck? `d2l.exercise("03_autodiff_from_scratch", 1).hint()`
# gives a nudge (call it again for more), and `.solution()` shows the worked
# solution. [Exercise checks](92_utilities_exercises.ipynb) explains how the
# checks work.

# %% [markdown]
# 1. **A new primitive.** Add $\tan$ to the engine, so that `tan(x)` works on
#    numbers, `Dual`s and `Var`s. How many rules do you need to write for the
#    two modes? Check `jvp` and `grad` of $\tan x \cdot x$ at $x = 0.5$
#    against $\frac{d}{dx}(x \tan x) = \tan x + x / \cos^2 x \approx 1.1955$.

# %%
# Your answer: replace None with a function tan(x) that accepts a float, an
# autodiff.Dual and an autodiff.Var and returns the same kind.
answer = None
d2l.exercise("03_autodiff_from_scratch", 1).check(answer)

# %% [markdown]
# 2. **A bug in a backward rule.** Someone replaced the rule for division by
#    `lambda a, b: (a / b, (1 / b, a / b ** 2))`. Which partial derivative is
#    wrong? Write a *gradient check* that compares `grad` with central
#    differences and finds the faulty rule on $f(x_1, x_2) = x_1 / x_2$ at
#    $(3, 2)$, without reading the rule. Then fix it.

# %%
# Your answer: replace None with the fixed rule: a function of two floats (a, b)
# returning (a / b, (d/da, d/db)), e.g. lambda a, b: (a / b, (..., ...)).
answer = None
d2l.exercise("03_autodiff_from_scratch", 2).check(answer)

# %% [markdown]
# 3. **Forward over reverse.** A second derivative is the derivative of a
#    derivative. With `torch.func`, compute the Hessian–vector product
#    $H\mathbf{v}$ of the worked example
#    $f(x_1, x_2) = \ln x_1 + x_1 x_2 - \sin x_2$ at $(2, 5)$, for
#    $\mathbf{v} = (1, 0)$ and $(0, 1)$, by forward mode (`jvp`) over reverse
#    mode (`grad`). Check it against the Hessian by hand and against central
#    differences of our engine's `grad`.

# %%
# Your answer: replace None with the two Hessian-vector products H e1 and H e2
# of f at (2, 5), stacked as a 2 x 2 tensor, array or nested list (rows H e1, H
# e2).
answer = None
d2l.exercise("03_autodiff_from_scratch", 3).check(answer)

# %% [markdown]
# 4. **Which mode, and what does it cost?** For a function $\mathbb{R}^n \to
#    \mathbb{R}^m$ with $n = 300$ inputs and $m = 2$ outputs, how many passes
#    does the full Jacobian take in forward mode, and how many in reverse
#    mode? Count them with our engine on $\mathbf{x} \mapsto
#    (\sum_i \sin x_i, \sum_i x_i^2)$ (count how many times each mode
#    evaluates the function), and check the Jacobian against
#    `torch.func.jacrev`.

# %%
# Your answer: replace None with a pair of whole numbers: (passes in forward
# mode, passes in reverse mode) for the full Jacobian of x -> (sum sin x_i, sum
# x_i^2), x in R^300.
answer = None
d2l.exercise("03_autodiff_from_scratch", 4).check(answer)

# %% [markdown]
# 5. **Finite differences in single precision.** Section 1 found the best
#    step of the central difference near $10^{-5}$ in float64. Where is it in
#    float32, whose $\epsilon \approx 1.2 \times 10^{-7}$? Predict it from
#    $\epsilon^{1/3}$, then measure it for $\sin$ at $x = 1$ with
#    $h = 10^{-1}, 10^{-1.5}, \ldots, 10^{-6}$.

# %%
# Your answer: replace None with a number: the best step h of the central
# difference in float32.
answer = None
d2l.exercise("03_autodiff_from_scratch", 5).check(answer)

# %%
# Which exercises of this chapter are answered right in this kernel (run it
# again after answering some)
d2l.progress("03_autodiff_from_scratch")

# %% [markdown]
# ---
#
# [Contents](00_index.ipynb) ·
# Previous: [Automatic differentiation](02_autograd.ipynb) ·
# Next: [Calculus for deep learning](04_calculus_for_deep_learning.ipynb) ·
# [Solutions to the exercises](solutions/03_autodiff_from_scratch_solutions.ipynb) ·
# [Utilities: traces, tables and graphs](91_utilities_autodiff.ipynb)
