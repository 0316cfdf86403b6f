# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Solutions: 2.5 Automatic differentiation
#
# Worked solutions to the exercises of
# [2.5 Automatic differentiation](../02_autograd.ipynb). Each solution derives
# its answer first, then computes it and checks it against a second,
# independent route: autograd against a closed form on a grid of points, a
# finite difference, a symbolic derivative from SymPy, or an operation count
# measured by PyTorch. Every check is an `assert`, so a wrong formula makes the
# notebook fail.

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
import re
import warnings

import numpy as np
import sympy as sp
import torch
from torch.utils.flop_counter import FlopCounterMode

import d2lutils as d2l

# %% [markdown]
# ## Exercise 1: why a second derivative costs more
#
# Reverse mode computes the gradient of a scalar function
# $f: \mathbb{R}^n \to \mathbb{R}$ in one backward pass, at a small constant
# multiple of the cost of evaluating $f$, however large $n$ is. A second
# derivative is dearer for three reasons.
#
# 1. **The backward pass must itself be recorded.** To differentiate the
#    gradient, autograd has to keep a graph of how the gradient was computed
#    (`create_graph=True`). That graph contains the original one *plus* a node
#    for every step of the backward pass, and it keeps all their inputs alive
#    in memory.
# 2. **That bigger graph is then differentiated.** Each local derivative, like
#    $\cos u$ for $\sin u$, is a new function of the inputs, and by the product
#    rule differentiating a product of $k$ such factors gives $k$ terms. The
#    graph of the second derivative is several times larger than that of the
#    first.
# 3. **The Hessian has $n$ rows.** The gradient is a function from
#    $\mathbb{R}^n$ to $\mathbb{R}^n$, and one reverse pass yields one row of
#    its Jacobian, the Hessian. The full Hessian takes $n$ passes, each through
#    the bigger graph of point 2, so it costs about $n$ times a gradient.
#
# Point 1 is visible in the graph itself. Without `create_graph` the gradient
# is a plain tensor with no history, so it cannot be differentiated again:

# %%
x = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
y = torch.sin(torch.sin(x))
g_plain, = torch.autograd.grad(y, x)
y = torch.sin(torch.sin(x))
g_recorded, = torch.autograd.grad(y, x, create_graph=True)
print('without create_graph: requires_grad =', g_plain.requires_grad)
print('with create_graph:    requires_grad =', g_recorded.requires_grad,
      ' grad_fn =', type(g_recorded.grad_fn).__name__)


# %% [markdown]
# For point 2, count the nodes of each graph. We nest $\sin$ $k$ times,
# $y = \sin(\sin(\cdots\sin(x)))$, and count the nodes reachable from $y$, from
# $dy/dx$ and from $d^2y/dx^2$ (each computed with `create_graph=True`, so that
# its graph exists). The walk goes through `grad_fn.next_functions`.

# %%
def count_graph_nodes(tensor):
    """Number of distinct autograd nodes reachable from tensor.grad_fn."""
    seen, stack = set(), [tensor.grad_fn]
    while stack:
        node = stack.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        stack.extend(parent for parent, _ in node.next_functions)
    return len(seen)


def nested_sin(x, k, sin=torch.sin):
    """sin(sin(...sin(x))), k times; sin=sympy.sin builds the same symbolically."""
    for _ in range(k):
        x = sin(x)
    return x


# %% [markdown]
# The second derivative by autograd is checked against SymPy's symbolic second
# derivative of the same nested function at the same point.

# %%
s = sp.Symbol('x')
table = [' k   nodes: y   dy/dx   d2y/dx2   ratios: dy/dx : y   d2y/dx2 : y']
ratios = []
for k in [1, 2, 4, 8]:
    x = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
    y = nested_sin(x, k)
    dy, = torch.autograd.grad(y, x, create_graph=True)
    d2y, = torch.autograd.grad(dy, x, create_graph=True)
    nodes = [count_graph_nodes(t) for t in (y, dy, d2y)]
    ratios.append((nodes[1] / nodes[0], nodes[2] / nodes[0]))
    table.append(f'{k:2d}   {nodes[0]:8d}   {nodes[1]:5d}   {nodes[2]:7d}   '
                 f'{ratios[-1][0]:17.1f}   {ratios[-1][1]:11.1f}')
    assert nodes[0] == k + 1
    by_sympy = float(sp.diff(nested_sin(s, k, sin=sp.sin), s, 2).subs(s, 0.5))
    assert math.isclose(d2y.item(), by_sympy, rel_tol=1e-12), \
        (k, d2y.item(), by_sympy)
# one print, so the output is one block however long the loop takes
print('\n'.join(table))
for column in zip(*ratios):  # both ratios grow with the depth k
    assert all(a < b for a, b in zip(column, column[1:]))

# %% [markdown]
# The graph of $y$ has $k + 1$ nodes. The graph of $dy/dx$ has 1.5 to 2.7
# times as many, and the graph of $d^2y/dx^2$ 2 to 9.2 times as many, and both
# ratios grow with the depth $k$: each further derivative is a graph several
# times larger than the last, which the next differentiation must walk.
#
# For point 3, take $f(\mathbf{x}) = \sum_j \tanh\big((\mathbf{x}^\top
# \mathbf{W})_j\big)$ with $\mathbf{x} \in \mathbb{R}^n$ and
# $\mathbf{W} \in \mathbb{R}^{n \times m}$. Writing
# $\mathbf{t} = \tanh(\mathbf{W}^\top\mathbf{x})$, its gradient and Hessian are
#
# $$\nabla f = \mathbf{W}(\mathbf{1} - \mathbf{t}^2), \qquad
# \nabla^2 f = \mathbf{W}\, \mathrm{diag}\big(-2\mathbf{t}(\mathbf{1} -
# \mathbf{t}^2)\big)\, \mathbf{W}^\top.$$
#
# PyTorch's `FlopCounterMode` counts the floating-point operations of matrix
# products as they run (2 per multiply-add; element-wise operations such as
# `tanh` are not counted). Evaluating $f$ costs $F = 2nm$. The gradient adds
# one matrix product of the same size, $F$ more. Each of the $n$ rows of the
# Hessian is a backward pass through the recorded gradient graph, which holds
# two such products, so the Hessian costs $F + F + n \cdot 2F = (2n + 2)F$.
# The counts are exact, so we assert them, and the Hessian against its closed
# form.

# %%
def count_flops(fn):
    """Run fn() and return (its result, the FLOPs of its matrix products)."""
    with FlopCounterMode(display=False) as counter:
        result = fn()
    return result, counter.get_total_flops()


torch.manual_seed(0)  # the same W and x on every run
m = 6
table = [' n   f (F)   gradient   Hessian   Hessian / gradient']
for n in [2, 4, 8, 16, 32]:
    W = torch.randn(n, m, dtype=torch.float64)
    x = torch.randn(1, n, dtype=torch.float64, requires_grad=True)

    def f(x):
        return torch.tanh(x @ W).sum()

    _, F = count_flops(lambda: f(x))
    grad, G = count_flops(lambda: torch.autograd.grad(f(x), x)[0])
    hessian, H = count_flops(lambda: torch.autograd.functional.hessian(f, x))
    table.append(f'{n:2d}   {F:5d}   {G:8d}   {H:7d}   {H / G:5.0f}')
    assert F == 2 * n * m and G == 2 * F and H == (2 * n + 2) * F
    _, H_batched = count_flops(
        lambda: torch.autograd.functional.hessian(f, x, vectorize=True))
    assert H_batched == H  # batching the n passes does not save arithmetic

    t = torch.tanh(W.T @ x.detach()[0])
    assert torch.allclose(grad[0], W @ (1 - t ** 2))
    assert torch.allclose(hessian.reshape(n, n),
                          W @ torch.diag(-2 * t * (1 - t ** 2)) @ W.T)
print('\n'.join(table))

# %% [markdown]
# The function and its gradient together cost $2F$ whatever $n$ is; the
# Hessian costs $n + 1$ times as much. (PyTorch can batch the $n$ passes with
# `hessian(..., vectorize=True)`. That saves Python overhead but, as the
# assert above checks, not a single multiply-add.)

# %% [markdown]
# The learner's check asks this as a question with five statements: the three
# reasons above are its statements A, B and C, and the two others (finite
# differences, float64) play no part in them. It accepts ABC:

# %%
assert d2l.exercise("02_autograd", 1).check('ABC')

# %% [markdown]
# ## Exercise 2: calling backward twice
#
# Run `backward` on $y = 2\mathbf{x}^\top\mathbf{x}$, then again:

# %%
x = torch.arange(4.0, requires_grad=True)
y = 2 * torch.dot(x, x)
y.backward()
try:
    y.backward()
except RuntimeError as err:
    print(type(err).__name__)
    print(err)

# %% [markdown]
# The second call fails. To compute the backward pass of `dot`, autograd
# saved its inputs during the forward pass (the derivative of
# $\mathbf{x}^\top\mathbf{x}$ needs $\mathbf{x}$). As soon as the first
# backward pass has used these saved tensors, PyTorch frees them: in training,
# a graph is normally used once, and the saved values of a large network take
# a lot of memory. The second call finds them gone.
#
# `retain_graph=True` keeps the saved tensors. Then the second call works, and
# because gradients accumulate in `x.grad` (Section 2.5.1), the result is
# twice the gradient $4\mathbf{x}$:

# %%
x = torch.arange(4.0, requires_grad=True)
y = 2 * torch.dot(x, x)
y.backward(retain_graph=True)
first = x.grad.clone()
y.backward()
print('after one call:  ', first)
print('after two calls: ', x.grad)
assert torch.equal(first, 4 * x.detach())
assert torch.equal(x.grad, first + first)

# %% [markdown]
# The learner's check asks what happens as a multiple-choice question. The
# two runs above are its option A: the second call raises a `RuntimeError`,
# and with `retain_graph=True` it works and `x.grad` doubles.

# %%
assert d2l.exercise("02_autograd", 2).check('A')

# %% [markdown]
# ## Exercise 3: control flow with a vector or a matrix `a`
#
# The function again:

# %%
def f(a):
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c


# %% [markdown]
# For a tensor `a` of any shape, `b.norm()` is the Euclidean norm of all its
# entries together and `b.sum()` adds them all up. So the loop runs the same
# number of times for every entry, the branch is the same for every entry,
# and the result is $f(\mathbf{a}) = k\,\mathbf{a}$ with one scalar
# $k = 2^j$ or $100 \cdot 2^j$, which depends on $\|\mathbf{a}\|$ and on the
# sign of $\sum_i a_i$. (Away from the places where $j$ or the branch change,
# which form a set of measure zero, $k$ is locally constant.)
#
# Now `d = f(a)` has the shape of `a`, and `d.backward()` on its own raises
# an error: `backward` needs a scalar, or a vector $\mathbf{v}$ of the shape
# of `d` passed as `gradient=v`, and then computes $\mathbf{v}^\top\mathbf{J}$.
# Here the Jacobian is $\mathbf{J} = k\mathbf{I}$, so `gradient=v` gives
# $k\mathbf{v}$. With $\mathbf{v}$ all ones (`torch.ones_like(d)`, the same as
# `d.sum().backward()`), each entry of `a.grad` is $k$, which is $d_i / a_i$
# for every $i$.

# %%
try:
    f(torch.ones(3, requires_grad=True)).backward()
except RuntimeError as err:
    print(type(err).__name__, '|', err)

# %% [markdown]
# A random vector, seeded; its entries add up to a negative number, so the
# `100 * b` branch is taken:

# %%
torch.manual_seed(0)
a = torch.randn(5, requires_grad=True)
d = f(a)
d.backward(gradient=torch.ones_like(d))
print('sum of a:  ', round(a.sum().item(), 4))
print('a.grad:    ', a.grad)
print('d / a:     ', (d / a).detach())
a.grad == d / a

# %% [markdown]
# The full Jacobian is $k$ times the identity, with $k = 100 \cdot 2^j$:

# %%
J = torch.autograd.functional.jacobian(f, a.detach())
k = a.grad[0]
print('k =', k.item(), '= 100 * 2 **', int(math.log2(k.item() / 100)))
assert torch.equal(J, k * torch.eye(5))

# %% [markdown]
# A random matrix behaves the same way. This one has a positive sum, so
# $k = 2^j$:

# %%
torch.manual_seed(4)
A = torch.randn(3, 4, requires_grad=True)
D = f(A)
D.backward(gradient=torch.ones_like(D))
print('sum of A:', round(A.sum().item(), 4), '  k =', A.grad[0, 0].item())
A.grad == D / A

# %% [markdown]
# One caution about checking with `==`. In the `100 * b` branch, `D` is
# `100 * b` rounded to the nearest float, and `D / A` is rounded again, so
# `D / A` can miss $k$ in the last bit even though `A.grad` is exactly $k$
# (a product of powers of two and 100, all exact in floating point). Here is a
# matrix in that branch:

# %%
torch.manual_seed(1)
A = torch.randn(3, 4, requires_grad=True)
D = f(A)
D.backward(gradient=torch.ones_like(D))
k = A.grad[0, 0].item()
print('sum of A:', round(A.sum().item(), 4), '  k =', k)
print('A.grad == k everywhere:         ', (A.grad == k).all().item())
print('entries where D / A == A.grad:  ', (D / A == A.grad).sum().item(), 'of',
      A.numel())
gap = ((D / A).detach().double() - k).abs().max().item() / k
print('largest relative gap of D / A:  ', f'{gap:.1e}')
# float32 rounds each operation to within this relative error
unit_roundoff = 2.0 ** -24
assert (A.grad == k).all() and gap <= 2 * unit_roundoff + unit_roundoff ** 2

# %% [markdown]
# The gradient is right; the gaps are rounding in `D / A`. Float32 rounds each
# operation to within a relative error of $u = 2^{-24} \approx 6 \times
# 10^{-8}$, and `D / A` went through two roundings (the product `100 * b` and
# the division), so it can be off by up to about $2u \approx 1.2 \times
# 10^{-7}$, which the assert checks.

# %% [markdown]
# The check a learner runs asks for `a.grad` as a function of `a` and
# `d = f(a)`, computed without autograd; $k = d_i / a_i$ passes, for vectors
# and matrices in both branches:

# %%
assert d2l.exercise("02_autograd", 3).check(lambda a, d: d / a)

# %% [markdown]
# ## Exercise 4: sin and its derivative by autograd
#
# Evaluate $\sin$ on a grid of points that requires gradients and call
# `backward` on the sum. Since each $\sin(x_i)$ depends on $x_i$ only, the
# gradient of the sum holds $\frac{d}{dx}\sin x$ at every $x_i$. The formula
# $\cos x$ is used only to check the result afterwards.

# %%
x = torch.linspace(-2 * math.pi, 2 * math.pi, 101, dtype=torch.float64,
                   requires_grad=True)
y = torch.sin(x)
y.sum().backward()
gap = (x.grad - torch.cos(x.detach())).abs().max().item()
print(f'largest gap between autograd and cos on the grid: {gap:.1e}')
assert torch.allclose(x.grad, torch.cos(x.detach()), rtol=0, atol=1e-15)

# %%
d2l.plot(x, [y, x.grad], 'x', legend=['sin(x)', 'derivative by autograd'],
         ylim=(-1.15, 2.1))  # room above the curves for the legend
d2l.plt.gca().get_legend().set_loc('upper center')

# %% [markdown]
# The check a learner runs asks for a function of `x`; the steps of the first
# cell, wrapped in one, give the same values on the grid, and pass:

# %%
def sin_derivative_by_autograd(x):
    """d/dx sin at every entry of x: backward through the sum, as above
    (no cos)."""
    x = x.detach().clone().requires_grad_(True)
    torch.sin(x).sum().backward()
    return x.grad


assert torch.equal(sin_derivative_by_autograd(x), x.grad)
assert d2l.exercise("02_autograd", 4).check(sin_derivative_by_autograd)

# %% [markdown]
# ## Exercise 5: the dependency graph of $f(x) = (\log x^2) \cdot \sin x + x^{-1}$
#
# Break $f$ into elementary steps, each one operation on values computed
# before it (an evaluation trace, or Wengert list):
#
# $$u_1 = x^2, \quad u_2 = \log u_1, \quad u_3 = \sin x, \quad
# u_4 = u_2 \cdot u_3, \quad u_5 = x^{-1}, \quad f = u_4 + u_5.$$
#
# The function is defined for $x \neq 0$. Below, each step is one entry of a
# list: its name, its formula, the names of its inputs, how to compute it, its
# *local* partial derivatives with respect to each input, and the same
# derivatives written in LaTeX. The graph, the chain rule (Exercise 6) and
# both directions of differentiation (Exercise 7) are all computed from this
# one list.

# %%
TRACE = [
    # name, formula,     inputs,        value,                   local partials,
    # as LaTeX
    ('u1', 'x^2',        ('x',),        lambda x: x ** 2,
     lambda x: (2 * x,),        ('2x',)),
    ('u2', r'\log u_1',  ('u1',),       math.log,
     lambda u: (1 / u,),        ('1/u_1',)),
    ('u3', r'\sin x',    ('x',),        math.sin,
     lambda x: (math.cos(x),),  (r'\cos x',)),
    ('u4', 'u_2 u_3',    ('u2', 'u3'),  lambda p, q: p * q,      lambda p,
     q: (q, p),       ('u_3', 'u_2')),
    ('u5', 'x^{-1}',     ('x',),        lambda x: 1 / x,
     lambda x: (-1 / x ** 2,),  ('-x^{-2}',)),
    ('f',  'u_4 + u_5',  ('u4', 'u5'),  lambda p, q: p + q,      lambda p,
     q: (1.0, 1.0),   ('1', '1')),
]


def evaluate(x):
    """Run the trace forward from x; return every intermediate value by name."""
    values = {'x': x}
    for name, _, inputs, value, _, _ in TRACE:
        values[name] = value(*(values[i] for i in inputs))
    return values


# %% [markdown]
# First, the trace really is $f$: on a grid of points it gives the same values
# as the formula written in one line.

# %%
def f_direct(x):
    return math.log(x ** 2) * math.sin(x) + 1 / x


grid = [i / 4 for i in range(-16, 17) if i != 0]  # -4 ... 4 without 0
assert all(math.isclose(evaluate(x)['f'], f_direct(x),
                        rel_tol=1e-13) for x in grid)
print('the trace equals f at all', len(grid), 'grid points')


# %% [markdown]
# Now the layout. Each node goes in the column given by its longest distance
# from $x$, so every arrow points to the right; a node sits at the average
# height of its inputs, and nodes that would share a spot are spread out
# vertically. Nothing is placed by hand.

# %%
def layout(trace):
    """Map each node name to an (x, y) position computed from the trace."""
    inputs_of = {name: inputs for name, _, inputs, *_ in trace}
    column = {'x': 0}
    for name, _, inputs, *_ in trace:
        column[name] = 1 + max(column[i] for i in inputs)
    row = {'x': 0.0}
    for c in range(1, max(column.values()) + 1):
        here = [n for n in column if column[n] == c]
        for i, n in enumerate(here):
            mean = sum(row[j] for j in inputs_of[n]) / len(inputs_of[n])
            # spread the nodes of a crowded column
            row[n] = mean + (len(here) - 1) / 2 - i
    return {n: (column[n], row[n]) for n in column}


def edges(trace):
    """(input, output, index of the input) for every arrow of the graph."""
    return [(i, name,
             k) for name, _, inputs, *_ in trace for k, i in enumerate(inputs)]


def label(name):
    return '$x$' if name == 'x' else ('$f$' if name == 'f' else f'$u_{name[1:]}$')


def draw_graph(trace, ax, edge_color=None, edge_text=None):
    """Draw the trace's graph on ax: nodes, formulas above them, arrows.

    edge_color(src, dst) gives a colour, or a list of them for an edge that
    several paths share (one arrow each)."""
    pos = layout(trace)
    formulas = {name: formula for name, formula, *_ in trace}
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 0.4, max(xs) + 0.4)
    ax.set_ylim(min(ys) - 0.9, max(ys) + 0.7)
    ax.axis('off')
    for src, dst, k in edges(trace):
        colors = edge_color(src, dst) if edge_color else 'black'
        colors = [colors] if isinstance(colors, str) else list(colors)
        color = colors[0] if len(colors) == 1 else 'black'  # of the label
        for i, arrow_color in enumerate(colors):
            # an edge on several paths: one arrow per path, bent apart
            bend = 0.12 * (i - (len(colors) - 1) / 2)
            ax.annotate('', xy=pos[dst], xytext=pos[src],
                        arrowprops=dict(arrowstyle='->', color=arrow_color, lw=1.2,
                                        shrinkA=10, shrinkB=10,
                                        connectionstyle=f'arc3,rad={bend}'))
        if edge_text:
            # the label sits beside the middle of the arrow, on its left
            (x0, y0), (x1, y1) = ax.transData.transform([pos[src], pos[dst]])
            length = math.hypot(x1 - x0, y1 - y0)
            nx, ny = -(y1 - y0) / length, (x1 - x0) / length
            ax.annotate(edge_text(src, dst, k),
                        np.mean([pos[src], pos[dst]], axis=0),
                        xytext=(3 * nx, 3 * ny), textcoords='offset points',
                        fontsize=9,
                        ha='left' if nx > 0.3
                        else ('right' if nx < -0.3 else 'center'),
                        va='bottom' if ny > 0.3
                        else ('top' if ny < -0.3 else 'center'),
                        color=color)
    for name, (px, py) in pos.items():
        ax.text(px, py, label(name), ha='center', va='center', fontsize=9,
                bbox=dict(boxstyle='circle,pad=0.3', fc='lightyellow', ec='black'))
        if name in formulas:
            ax.text(px, py + 0.3, f'${formulas[name]}$', ha='center', va='bottom',
                    fontsize=9)


# %%
d2l.set_figsize((6.5, 3.6))  # room for 9-point labels that do not collide
fig, ax = d2l.plt.subplots()
draw_graph(TRACE, ax)
d2l.plt.show()

# %% [markdown]
# $x$ feeds three nodes, $u_1$, $u_3$ and $u_5$, so there are three paths from
# $x$ to $f$. Autograd records the same graph when it computes $f$: walking
# back from `f` through `grad_fn`, we meet six operations (one per entry of the
# trace) and reach $x$ through three edges.

# %%
xt = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
ft = torch.log(xt ** 2) * torch.sin(xt) + xt ** -1
operations, edges_into_x, stack, seen = [], 0, [ft.grad_fn], set()
while stack:
    node = stack.pop()
    if node in seen:
        continue
    seen.add(node)
    if type(node).__name__ != 'AccumulateGrad':
        operations.append(type(node).__name__)
    for parent, _ in node.next_functions:
        if parent is not None:
            edges_into_x += type(parent).__name__ == 'AccumulateGrad'
            stack.append(parent)
print('operations recorded by autograd:', sorted(operations))
print('edges into x:', edges_into_x)
assert len(operations) == len(TRACE) and edges_into_x == 3

# %% [markdown]
# The check a learner runs asks for the trace as a dict from step names to
# SymPy expressions. The trace's LaTeX formulas become SymPy's with two
# substitutions (`u_1` to `u1`, braces to parentheses) and SymPy's parser,
# told to read `u_2 u_3` as a product and `\log u_1` as a call:

# %%
from sympy.parsing.sympy_parser import (convert_xor, implicit_application,
                                        implicit_multiplication, parse_expr,
                                        standard_transformations)


def sympy_step(tex):
    """A step's LaTeX formula as a SymPy expression: the formula of u2 gives
    log(u1)."""
    text = re.sub(r'u_(\d)', r'u\1', tex).replace('\\', '')
    text = text.replace('{', '(').replace('}', ')')
    return parse_expr(text, transformations=standard_transformations + (
        implicit_multiplication, implicit_application, convert_xor))


trace_in_sympy = {name: sympy_step(formula) for name, formula, *_ in TRACE}
print(trace_in_sympy)
assert d2l.exercise("02_autograd", 5).check(trace_in_sympy)

# %% [markdown]
# ## Exercise 6: the derivative by the chain rule, on the graph
#
# Write each local partial derivative on its arrow:
# $\partial u_1/\partial x = 2x$, $\partial u_2/\partial u_1 = 1/u_1$,
# $\partial u_3/\partial x = \cos x$, $\partial u_4/\partial u_2 = u_3$,
# $\partial u_4/\partial u_3 = u_2$, $\partial u_5/\partial x = -x^{-2}$, and
# $\partial f/\partial u_4 = \partial f/\partial u_5 = 1$. By the chain rule,
# $df/dx$ is the sum, over all paths from $x$ to $f$, of the product of the
# partial derivatives along the path. The three paths give the three terms:
#
# $$\frac{df}{dx} =
# \underbrace{2x \cdot \frac{1}{u_1} \cdot u_3 \cdot 1}_{x \to u_1 \to u_2 \to u_4 \to f}
# + \underbrace{\cos x \cdot u_2 \cdot 1}_{x \to u_3 \to u_4 \to f}
# + \underbrace{\left(-x^{-2}\right) \cdot 1}_{x \to u_5 \to f}
# = \frac{2}{x}\sin x + \log(x^2)\cos x - \frac{1}{x^2},$$
#
# using $u_1 = x^2$, $u_2 = \log x^2$ and $u_3 = \sin x$. The figure colours
# each path, labels each arrow with its local derivative, and names in the
# legend the term each path contributes. The paths are found by code, by
# walking back from $f$.

# %%
def paths(trace, start='x', end='f'):
    """Every path from start to end, as a list of (input, output, index) edges."""
    into = {}
    for src, dst, k in edges(trace):
        into.setdefault(dst, []).append((src, dst, k))
    if end == start:
        return [[]]
    return [p + [e] for e in into.get(end, []) for p in paths(trace, start, e[0])]


PATHS = paths(TRACE)
TERMS = {
    ('u1', 'u2', 'u4', 'f'): r'$\frac{2}{x}\sin x$',
    ('u3', 'u4', 'f'): r'$\log(x^2)\cos x$',
    ('u5', 'f'): r'$-\frac{1}{x^2}$',
}
COLORS = ['tab:blue', 'tab:red', 'tab:green']
for path in PATHS:
    print(' -> '.join(['x'] + [dst for _, dst, _ in path]))
assert sorted(tuple(dst for _, dst, _ in p) for p in PATHS) == sorted(TERMS)

# %%
partial_tex = {name: tex for name, _, _, _, _, tex in TRACE}
path_colors = {}  # the colours of the paths through each edge
for path, color in zip(PATHS, COLORS):
    for src, dst, _ in path:
        path_colors.setdefault((src, dst), []).append(color)
assert path_colors[('u4', 'f')] == COLORS[:2]  # u4 -> f is on two paths

d2l.set_figsize((6.5, 3.6))  # room for 9-point labels that do not collide
fig, ax = d2l.plt.subplots()
draw_graph(TRACE, ax, edge_color=lambda s, d: path_colors[(s, d)],
           edge_text=lambda s, d, k: f'${partial_tex[d][k]}$')
for path, color in zip(PATHS, COLORS):
    ax.plot([], [], color=color, label=TERMS[tuple(dst for _, dst, _ in path)])
ax.legend(loc='lower right', fontsize=9, frameon=False)
d2l.plt.show()

# %% [markdown]
# The edge $u_4 \to f$ lies on two paths, so it is drawn twice, once in the
# colour of each. Now the checks. For every path we multiply the numerical local
# derivatives along it and compare with that path's closed-form term; the sum
# of the terms must equal autograd's derivative on a grid of points.

# %%
TERM_FORMULAS = {
    ('u1', 'u2', 'u4', 'f'): lambda x: 2 / x * math.sin(x),
    ('u3', 'u4', 'f'): lambda x: math.log(x ** 2) * math.cos(x),
    ('u5', 'f'): lambda x: -1 / x ** 2,
}


def local_partial(values, src, dst, k):
    """The derivative of node dst with respect to its k-th input src, at values."""
    _, _, inputs, _, partials, _ = next(t for t in TRACE if t[0] == dst)
    return partials(*(values[i] for i in inputs))[k]


def f_prime(x):
    """The closed form of Exercise 6."""
    return 2 / x * math.sin(x) + math.log(x ** 2) * math.cos(x) - 1 / x ** 2


xs = torch.tensor(grid, dtype=torch.float64, requires_grad=True)
(torch.log(xs ** 2) * torch.sin(xs) + 1 / xs).sum().backward()
for x, by_autograd in zip(grid, xs.grad.tolist()):
    values = evaluate(x)
    total = 0.0
    for path in PATHS:
        term = math.prod(local_partial(values, *edge) for edge in path)
        assert math.isclose(term, TERM_FORMULAS[tuple(d for _, d, _ in path)](x),
                            rel_tol=1e-12)
        total += term
    assert math.isclose(total, by_autograd, rel_tol=1e-12, abs_tol=1e-12)
    assert math.isclose(f_prime(x), by_autograd, rel_tol=1e-12, abs_tol=1e-12)
print('path terms, closed form and autograd agree at all', len(grid),
      'grid points')

# %% [markdown]
# SymPy, which knows nothing of our graph, differentiates $f$ symbolically;
# the difference from our closed form simplifies to zero.

# %%
s = sp.Symbol('x', real=True, nonzero=True)
f_sym = sp.log(s ** 2) * sp.sin(s) + 1 / s
ours = 2 / s * sp.sin(s) + sp.log(s ** 2) * sp.cos(s) - 1 / s ** 2
print("SymPy's f'(x):", sp.diff(f_sym, s))
assert sp.simplify(sp.diff(f_sym, s) - ours) == 0

# %% [markdown]
# The check a learner runs accepts the closed form:

# %%
assert d2l.exercise("02_autograd", 6).check(f_prime)

# %% [markdown]
# ## Exercise 7: from $x$ to $f$, and from $f$ back to $x$
#
# **Forward** (from $x$ to $f$). Next to each value $u_i$ we carry its
# derivative with respect to the input, $\dot u_i = du_i/dx$, starting from
# $\dot x = 1$. Each step applies the chain rule once, using the tangents of its
# inputs, which are already known:
# $\dot u_i = \sum_{j \in \text{inputs}(i)} \frac{\partial u_i}{\partial u_j}\dot u_j$.
# At the end, $\dot f = df/dx$. Values and derivatives travel together, so
# each can be dropped as soon as the last step that reads it has run.
#
# **Backward** (from $f$ to $x$). First run the trace forward and *store* every
# value, since the local derivatives need them. Then carry the *adjoint*
# $\bar u_j = \partial f/\partial u_j$ backwards, starting from $\bar f = 1$:
# each node passes $\bar u_i \cdot \frac{\partial u_i}{\partial u_j}$ to each
# of its inputs $u_j$, where contributions from several uses *add up*. At the
# end, $\bar x = df/dx$.
#
# We evaluate both at $x = 2$.

# %%
def forward_mode(x):
    """Values and tangents du/dx of every node, carried from x to f."""
    values, tangents = {'x': x}, {'x': 1.0}
    rows = [('x', values['x'], tangents['x'])]
    for name, _, inputs, value, partials, _ in TRACE:
        args = [values[i] for i in inputs]
        values[name] = value(*args)
        tangents[name] = sum(p * tangents[i]
                             for p, i in zip(partials(*args), inputs))
        rows.append((name, values[name], tangents[name]))
    return rows


rows = forward_mode(2.0)
print('node     value u    tangent du/dx')
for name, value, tangent in rows:
    print(f'{name:4s} {value:10.6f} {tangent:14.6f}')


# %%
def reverse_mode(x):
    """Adjoints df/du of every node, carried from f back to x.

    Returns the table rows, df/dx, and what each node passed on to x."""
    values = evaluate(x)  # the forward pass, storing every value
    adjoints = {name: 0.0 for name in values}
    adjoints['f'] = 1.0
    rows, into_x = [], {}
    for name, _, inputs, _, partials, _ in reversed(TRACE):
        rows.append((name, adjoints[name], ''))
        for p, i in zip(partials(*(values[j] for j in inputs)), inputs):
            adjoints[i] += adjoints[name] * p
            if i == 'x':  # x is reached three times: show each contribution
                into_x[name] = adjoints[name] * p
                rows.append(('x', adjoints['x'],
                             f'+= {into_x[name]:.6f} from {name}'))
    return rows, adjoints['x'], into_x


rows, x_bar, into_x = reverse_mode(2.0)
print('node     adjoint df/du')
for name, adjoint, note in rows:
    print(f'{name:4s} {adjoint:14.6f}   {note}')

# %% [markdown]
# In the backward table, the adjoint of $x$ is built up from three
# contributions, one per path of Exercise 6, and they are exactly the three
# terms of the closed form: at $x = 2$, $-1/x^2 = -0.25$ comes from $u_5$,
# $\log(4)\cos 2$ from $u_3$, and $\frac{2}{2}\sin 2 = \sin 2$ from $u_1$.
# The forward table carries the same terms inside its tangents:
# $\dot u_4 = \frac{2}{x}\sin x + \log(x^2)\cos x$ holds the terms that
# come through $u_1$ and $u_3$, and $\dot u_5 = -1/x^2$ the one that comes
# through $u_5$.
#
# Both directions must give autograd's $df/dx$ and the closed form, at $x = 2$
# and on the whole grid, and agree with a central finite difference too; and
# at every grid point, the three contributions that reach $x$ in the backward
# pass must be the three terms of Exercise 6:

# %%
def autograd_derivative(x):
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    (torch.log(xt ** 2) * torch.sin(xt) + xt ** -1).backward()
    return xt.grad.item()


x0 = 2.0
forward_result = forward_mode(x0)[-1][2]
h = 1e-6
_, backward_result, _ = reverse_mode(x0)
print(f'forward:           {forward_result:.12f}')
print(f'backward:          {backward_result:.12f}')
print(f'autograd:          {autograd_derivative(x0):.12f}')
print(f'closed form:       {f_prime(x0):.12f}')
print(f'central difference {(f_direct(x0 + h) - f_direct(x0 - h)) / (2 * h):.12f}')
for x in grid:
    by_autograd = autograd_derivative(x)
    assert math.isclose(forward_mode(x)[-1][2], by_autograd, rel_tol=1e-12,
                        abs_tol=1e-12)
    _, x_bar, into_x = reverse_mode(x)
    assert math.isclose(x_bar, by_autograd, rel_tol=1e-12, abs_tol=1e-12)
    for path, term in TERM_FORMULAS.items():  # path[0] is the node next to x
        assert math.isclose(into_x[path[0]], term(x), rel_tol=1e-12), (x, path)
    tangents = {name: t for name, _, t in forward_mode(x)}  # u4 and u5 carry:
    via_u4 = (TERM_FORMULAS[('u1', 'u2', 'u4', 'f')](x)
              + TERM_FORMULAS[('u3', 'u4', 'f')](x))
    assert math.isclose(tangents['u4'], via_u4, rel_tol=1e-12, abs_tol=1e-12)
    via_u5 = TERM_FORMULAS[('u5', 'f')](x)
    assert math.isclose(tangents['u5'], via_u5, rel_tol=1e-12)
    central = (f_direct(x + h) - f_direct(x - h)) / (2 * h)
    assert math.isclose(central, by_autograd, rel_tol=1e-6, abs_tol=1e-6)

# %% [markdown]
# The check a learner runs asks for two numbers at $x = 2$: $df/dx$, here
# from the forward table, and the adjoint $\partial f/\partial u_1$, read
# from the backward table:

# %%
reverse_rows, _, _ = reverse_mode(2.0)
df_du1 = next(adjoint for name, adjoint, _ in reverse_rows if name == 'u1')
assert d2l.exercise("02_autograd", 7).check((forward_result, df_du1))

# %% [markdown]
# ## Exercise 8: when forward pays off, and when backward
#
# For $f: \mathbb{R}^n \to \mathbb{R}^m$ built from $L$ steps, the chain rule
# writes the Jacobian as a product of the steps' Jacobians,
#
# $$\mathbf{J} = \mathbf{J}_L \mathbf{J}_{L-1} \cdots \mathbf{J}_1, \qquad
# \mathbf{J}_k \in \mathbb{R}^{d_k \times d_{k-1}}, \quad d_0 = n,\ d_L = m.$$
#
# Matrix multiplication is associative, so the product can be formed in any
# order, but the orders differ in cost. Multiplying a $p \times q$ by a
# $q \times r$ matrix takes $pqr$ multiply-adds.
#
# * **Forward** accumulates from the right, as in Exercise 7's forward table:
#   $\mathbf{J}_2\mathbf{J}_1$, then $\mathbf{J}_3(\mathbf{J}_2\mathbf{J}_1)$,
#   and so on. The running product is $d_k \times n$, and step $k$ costs
#   $d_k d_{k-1} n$. Each of the $n$ columns is one forward pass with one input
#   direction (a Jacobian–vector product).
# * **Backward** accumulates from the left: $\mathbf{J}_L\mathbf{J}_{L-1}$,
#   and so on. The running product is $m \times d_{k-1}$, and step $k$ costs
#   $m d_k d_{k-1}$. Each of the $m$ rows is one backward pass
#   (a vector–Jacobian product).
#
# So forward wins when $n \ll m$ (few inputs, many outputs), backward when
# $n \gg m$. Training a network is the extreme case $m = 1$ (a scalar loss)
# and $n$ in the millions, which is why deep learning uses backward mode.
#
# The other two considerations of the hint:
#
# * **Intermediate storage.** Forward mode uses each $\mathbf{J}_k$ as soon as
#   it is computed and can then drop it, along with the values it came from.
#   Backward mode needs $\mathbf{J}_L$ first, but the evaluation produces
#   $\mathbf{J}_1$ first, so every intermediate value from the whole forward
#   pass must be stored until the backward pass reaches it. That is why
#   training uses far more memory than inference, and why tricks such as
#   checkpointing (recomputing some values instead of storing them) exist.
# * **Parallelism.** In forward mode, derivatives travel with the values, so
#   there is a single sweep, and the $n$ input directions are independent and
#   can run side by side. Backward mode needs two sweeps, the second of which
#   can only start once the first has finished. Within one sweep, both modes
#   follow the chain of steps in order.
#
# A small demonstration: random Jacobians for two chains with the same middle
# widths, one with $n \gg m$ and one with $m \gg n$. We count multiply-adds
# with the formulas above, check them against `FlopCounterMode` (which counts
# two FLOPs per multiply-add), check that both orders give the same Jacobian,
# and count the matrix entries each order must hold in memory at once. At
# step $k$, forward holds $\mathbf{J}_k$, the running product
# $\mathbf{P}_{k-1} \in \mathbb{R}^{d_{k-1} \times n}$ and the new one
# $\mathbf{P}_k$; its peak is $\max_k (d_k d_{k-1} + d_{k-1} n + d_k n)$.
# Backward needs $\mathbf{J}_1, \ldots, \mathbf{J}_k$ still stored from the
# forward pass while it turns the running product
# $\mathbf{Q}_k \in \mathbb{R}^{m \times d_k}$ into $\mathbf{Q}_{k-1}$; its peak
# is $\max_k (\sum_{j \le k} d_j d_{j-1} + m d_k + m d_{k-1})$. The formulas are
# checked against the sizes of the tensors that are alive at each step of the
# actual products.

# %%
def multiply_adds(dims, order):
    """Multiply-adds to form J_L ... J_1, where J_k is dims[k] x dims[k-1]."""
    n, m, L = dims[0], dims[-1], len(dims) - 1
    if order == 'forward':
        return sum(dims[k] * dims[k - 1] * n for k in range(2, L + 1))
    return sum(m * dims[k] * dims[k - 1] for k in range(1, L))


def entries_held(dims, order):
    """Most matrix entries held at once: Jacobians still needed plus running
    products."""
    n, m, L = dims[0], dims[-1], len(dims) - 1
    # size[k] of J_k
    size = [None] + [dims[k] * dims[k - 1] for k in range(1, L + 1)]
    if order == 'forward':  # J_k @ P_{k-1} -> P_k, then J_k and P_{k-1} can go
        return max(size[k] + dims[k - 1] * n
                   + dims[k] * n for k in range(2, L + 1))
    # Q_k @ J_k -> Q_{k-1} (Q_L = J_L), with J_1 ... J_k still stored
    return max(sum(size[1:k + 1]) + m * dims[k]
               + m * dims[k - 1] for k in range(1, L))


def chain_product(jacobians, order):
    """J_L ... J_1 in the given order, and the most entries alive at once while
    forming it.

    forward: each J_k is made when needed, so only J_k and the running products
    live; backward: the forward pass stored all J_k, and each is freed once
    used."""
    peak = 0
    if order == 'forward':
        product = jacobians[0]
        for J in jacobians[1:]:
            new = J @ product
            peak = max(peak, J.numel() + product.numel() + new.numel())
            product = new
    else:
        stored = list(jacobians[:-1])
        product = jacobians[-1]
        while stored:
            new = product @ stored[-1]
            peak = max(peak,
                       sum(J.numel() for J in stored) + product.numel()
                       + new.numel())
            stored.pop()
            product = new
    return product, peak


torch.manual_seed(0)  # the same Jacobians on every run
table = ['chain widths                        order     multiply-adds   entries '
         'held at once']
for dims in [(200, 100, 100, 100, 100, 100, 2), (2, 100, 100, 100, 100, 100, 200)]:
    jacobians = [torch.randn(dims[k], dims[k - 1], dtype=torch.float64)
                 for k in range(1, len(dims))]
    products = {}
    for order in ['forward', 'backward']:
        (products[order],
         peak), flops = count_flops(lambda: chain_product(jacobians, order))
        assert flops == 2 * multiply_adds(dims, order)
        assert peak == entries_held(dims, order)
        table.append(f'{str(dims):34s}  {order:8s}  '
                     f'{multiply_adds(dims, order):13,d}   '
                     f'{entries_held(dims, order):20,d}')
    assert torch.allclose(products['forward'], products['backward'])
    costs = {order: multiply_adds(dims, order)
             for order in ['forward', 'backward']}
    cheaper = min(costs, key=costs.get)
    table.append(f'{"":34s}  {cheaper} is '
                 f'{max(costs.values()) / costs[cheaper]:.0f} times cheaper')
print('\n'.join(table))

# %% [markdown]
# With $n = 200$ inputs and $m = 2$ outputs, backward needs 67 times fewer
# multiply-adds; with $n = 2$ and $m = 200$, forward does, by the same
# factor. In memory, backward pays for the stored chain: it holds at most
# 60,400 entries against forward's 50,000 with $n = 200$, and 80,200 against
# 20,600 with $m = 200$. Forward stores no chain, but its running product has
# $n$ columns, so with many inputs it too holds a lot (50,000 entries, two
# of its $100 \times 200$ products and one Jacobian).
#
# The learner's check asks this as a question with five statements. The cost
# of the two orders, the stored chain and the two sweeps in sequence are its
# statements A, B and E; forward mode stores no Jacobians (C), and backward is
# cheaper only when there are fewer outputs than inputs (D). It accepts ABE:

# %%
assert d2l.exercise("02_autograd", 8).check('ABE')

# %% [markdown]
# ## Exercise 9: `no_grad`, `detach` and `requires_grad_(False)`
#
# Each statement of the check can be tried in a line or two. Start with a leaf
# `w` that requires gradients:

# %%
w = torch.ones(2, requires_grad=True)

# A: inside no_grad results do not require grad, and w is unchanged afterwards.
with torch.no_grad():
    inside = 2 * w
statement_a = (not inside.requires_grad) and w.requires_grad

# B: detach gives a new tensor, sharing w's memory, outside any graph; w keeps its
# flag.
w_detached = w.detach()
statement_b = (w_detached is not w and w_detached.data_ptr() == w.data_ptr()
               and w_detached.grad_fn is None and not w_detached.requires_grad
               and w.requires_grad)

# C: requires_grad_(False) changes w itself, until requires_grad_(True).
frozen = torch.ones(2, requires_grad=True)
frozen.requires_grad_(False)
stopped = not (2 * frozen).requires_grad
frozen.requires_grad_(True)
statement_c = stopped and (2 * frozen).requires_grad

# D: an in-place update of the leaf outside no_grad.
(w ** 2).sum().backward()
try:
    w -= 0.1 * w.grad
    statement_d = True
except RuntimeError as err:
    statement_d = False
    print('D raises:', err)

# E: does changing the detached tensor in place leave w unchanged?
w_detached[0] = 5.0
statement_e = w[0].item() != 5.0
print('after w_detached[0] = 5, w =', w.detach())

# F: a non-leaf's .grad after backward (read while recording the warning it
# raises).
v = torch.ones(2, requires_grad=True)
y = 2 * v
(y ** 2).sum().backward()
with warnings.catch_warnings(record=True):
    warnings.simplefilter('always')
    statement_f = y.grad is not None

statements = dict(A=statement_a, B=statement_b, C=statement_c, D=statement_d,
                  E=statement_e, F=statement_f)
print(statements)
true_letters = ''.join(letter for letter, holds in statements.items() if holds)
assert true_letters == 'ABC'
assert d2l.exercise("02_autograd", 9).check(true_letters)

# %% [markdown]
# So A, B and C are true. D is false: outside `no_grad` autograd would have to
# record the in-place change of a leaf, which has no history to put it in, so
# PyTorch raises. E is false: `detach` copies nothing, so writing into the
# detached tensor writes into `w` (which is why a detached tensor must not be
# modified when `w` is still needed for a backward pass). F is false: only
# leaves get a `.grad`, unless `y.retain_grad()` was called before `backward`.

# %% [markdown]
# ## Exercise 10: forgetting `zero_grad`
#
# The gradient of $(w - 3)^2$ is $2(w - 3)$. Without `zero_grad`, after each
# `backward` the buffer `w.grad` holds the sum of all the gradients so far,
# and `step` moves $w$ by $-0.1$ times that sum. Step by step, from $w = 1$:
#
# | step | new gradient $2(w-3)$ | `w.grad` after `backward` | $w$ after `step` |
# | --- | --- | --- | --- |
# | 1 | $-4$ | $-4$ | $1 + 0.4 = 1.4$ |
# | 2 | $-3.2$ | $-7.2$ | $1.4 + 0.72 = 2.12$ |
# | 3 | $-1.76$ | $-8.96$ | $2.12 + 0.896 = 3.016$ |
#
# So $w = 3.016$: it has overshot the minimum at 3, pushed by the old
# gradients. With `zero_grad` each step would use only its own gradient, and
# $w$ would be $1.4$, $1.72$, $1.976$. Running the loop confirms both:

# %%
def three_steps(zero_grad):
    w = torch.tensor(1.0, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=0.1)
    for step in range(3):
        if zero_grad:
            optimizer.zero_grad()
        loss = (w - 3) ** 2
        loss.backward()
        optimizer.step()
    return w.item(), w.grad.item()


by_hand_w, by_hand_grad = 3.016, -8.96
forgot = three_steps(zero_grad=False)
cleared = three_steps(zero_grad=True)
print('without zero_grad: w = %.4f, w.grad = %.4f' % forgot)
print('with zero_grad:    w = %.4f, w.grad = %.4f' % cleared)
assert math.isclose(forgot[0], by_hand_w, rel_tol=1e-6)
assert math.isclose(forgot[1], by_hand_grad, rel_tol=1e-6)
assert math.isclose(cleared[0], 1.976, rel_tol=1e-6)
assert d2l.exercise("02_autograd", 10).check(forgot[0])

# %% [markdown]
# ## Exercise 11: the factor for a micro-batch
#
# Let the batch $B$ of $N$ examples be cut into micro-batches $B_1, \ldots, B_k$
# of sizes $n_1, \ldots, n_k$, with $n_1 + \cdots + n_k = N$. The mean loss over
# the batch is a sum over the micro-batches,
#
# $$\frac{1}{N}\sum_{i \in B} \ell_i = \sum_{j=1}^{k} \frac{n_j}{N} \cdot
# \underbrace{\frac{1}{n_j}\sum_{i \in B_j} \ell_i}_{\text{mean over } B_j},$$
#
# and the gradient of a sum is the sum of the gradients, which is what `.grad`
# accumulates. So the mean loss of micro-batch $j$ must be multiplied by
# $n_j / N$: its share of the examples. When all micro-batches have the same
# size, that is $1/k$, as in 2.5.A; when the last one is smaller, dividing by
# $k$ would give its examples more weight than the others'.

# %%
def factor(batch_size, micro_batch_size):
    return micro_batch_size / batch_size


# %% [markdown]
# A check with torch: a batch of 10 examples on a seeded linear model, cut into
# micro-batches of 4, 4 and 2. With these factors the accumulated gradient is
# the full batch's; with $1/k = 1/3$ for every micro-batch it is not:

# %%
torch.manual_seed(0)
X = torch.randn(10, 3)
targets = torch.randn(10)
mse = lambda w, X, t: ((X @ w - t) ** 2).mean()  # noqa: E731

w = torch.zeros(3, requires_grad=True)
mse(w, X, targets).backward()
full_batch = w.grad.clone()


def accumulated(scale):
    w.grad = None
    for X_part, t_part in zip(X.split(4), targets.split(4)):
        (scale(len(t_part)) * mse(w, X_part, t_part)).backward()
    return w.grad.clone()


by_share = accumulated(lambda n: factor(10, n))
by_count = accumulated(lambda n: 1 / 3)
print('full batch:           ', full_batch)
print('factor n_j / N:       ', by_share)
print('factor 1/3 for each:  ', by_count)
assert [len(t) for t in targets.split(4)] == [4, 4, 2]
assert torch.allclose(by_share, full_batch)
assert not torch.allclose(by_count, full_batch)
assert d2l.exercise("02_autograd", 11).check(factor)

# %% [markdown]
# ## Exercise 12: what a logging line keeps alive
#
# A loss tensor refers, through `grad_fn`, to the graph that computed it, and
# the graph holds the values saved for the backward pass: whatever keeps the
# tensor keeps the graph. `total += loss` makes `total` the result of a
# recorded addition of every loss so far, and `losses.append(loss)` keeps every
# loss in the list. `item()`, `float()` and `detach()` each give something
# with no history. Three steps' losses, logged each way:

# %%
w = torch.zeros(2, requires_grad=True)
step_losses = [((w - 3) ** 2).sum() for _ in range(3)]  # each with its own graph

total = 0
for loss in step_losses:
    total = total + loss
# float() of a tensor that requires grad warns that it drops the graph
with warnings.catch_warnings():
    warnings.simplefilter('ignore')
    floats = [float(loss) for loss in step_losses]
logs = {
    'total += loss': total,
    'total += loss.item()': sum(loss.item() for loss in step_losses),
    'total += loss.detach()': sum(loss.detach() for loss in step_losses),
    'losses.append(loss)': list(step_losses),
    'losses.append(float(loss))': floats,
}


def keeps_a_graph(log):
    items = log if isinstance(log, list) else [log]
    return any(getattr(item, 'grad_fn', None) is not None for item in items)


for line, log in logs.items():
    print(f'{line:28s} keeps a graph: {keeps_a_graph(log)}')
assert ([keeps_a_graph(log) for log in logs.values()]
        == [True, False, False, True, False])

# %%
assert d2l.exercise("02_autograd", 12).check('AD')

# %% [markdown]
# ## Exercise 13: per-example gradient norms
#
# The loss of one example is a function of `w`; `torch.func.grad` gives its
# gradient, and `torch.func.vmap` maps that over the examples with `w` shared
# (`in_dims=(None, 0, 0)`). The norm of each row is the answer. By hand, the
# gradient of $(\mathbf{x}_i^\top \mathbf{w} - y_i)^2$ is
# $2(\mathbf{x}_i^\top \mathbf{w} - y_i)\,\mathbf{x}_i$, which we use only to
# check:

# %%
def one_loss(w, x, y):
    return (x @ w - y) ** 2


def per_example_norms(X, y, w):
    per_example = torch.func.vmap(torch.func.grad(one_loss), in_dims=(None, 0, 0))
    grads = per_example(w, X, y)
    return torch.linalg.vector_norm(grads, dim=1)


torch.manual_seed(0)
X5 = torch.randn(5, 3, dtype=torch.float64)
y5, w5 = torch.randn(5, dtype=torch.float64), torch.randn(3, dtype=torch.float64)
by_hand = (2 * (X5 @ w5 - y5)[:, None] * X5).norm(dim=1)
print('vmap(grad) agrees with 2 |x_i w - y_i| ||x_i||:',
      torch.allclose(per_example_norms(X5, y5, w5), by_hand))
assert torch.allclose(per_example_norms(X5, y5, w5), by_hand)

# %%
assert d2l.exercise("02_autograd", 13).check(per_example_norms)
