# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 2.4 Calculus
#
# *Framework:* **PyTorch** · [JAX](jax/01_calculus.ipynb)
#
# Deep learning trains a model by nudging its parameters, again and again, in
# whatever direction makes a loss a little smaller. *Which* direction that is
# comes from calculus.
#
# **What you will learn:** derivatives as limits and the rules that compute
# them; the four plot helpers that the rest of the companion uses; partial
# derivatives and gradients, with the vector rules every network needs; and
# the chain rule, which is how gradients flow through a composition.
# **What it assumes:** Python, a little NumPy and PyTorch (tensors), and the
# linear algebra of the textbook's 2.3 (vectors, matrices, norms).
#
# This page follows the textbook's section
# [2.4 Calculus](https://d2l.ai/chapter_preliminaries/calculus.html) with its
# own words and code. Every number below is computed by the cell above it, and
# `make test` re-runs each cell and compares what it prints with what is
# recorded here. [Contents](00_index.ipynb) ·
# next: [2.5 Automatic differentiation](02_autograd.ipynb) ·
# [solutions to the exercises](solutions/01_calculus_solutions.ipynb)

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

import numpy as np
import torch

import d2lutils as d2l

# %% [markdown]
# More than two thousand years ago, Archimedes measured the area of a circle by
# fitting polygons inside it. A regular polygon with $n$ corners on a circle of
# radius $r$ is made of $n$ thin triangles, each with two sides of length $r$
# and an angle of $2\pi/n$ between them, so its area is
#
# $$A_n = \frac{n}{2}\, r^2 \sin\frac{2\pi}{n}.$$
#
# As $n$ grows, the polygon hugs the circle and $A_n$ approaches $\pi r^2$.
# The idea of a quantity reached *in the limit* is the seed of calculus.

# %%
def polygon_area(n, r=1.0):
    """Area of the regular n-gon inscribed in a circle of radius r."""
    return n / 2 * r**2 * math.sin(2 * math.pi / n)


previous_gap = None
for n in [4, 8, 16, 32, 64, 128, 256]:
    area = polygon_area(n)
    gap = math.pi - area
    shrink = ('' if previous_gap is None
              else f'  shrank {previous_gap / gap:.2f}-fold')
    print(f'n={n:4d}  area={area:.6f}  pi - area={gap:.2e}{shrink}')
    previous_gap = gap

# %% [markdown]
# Each time $n$ doubles, the gap to $\pi$ shrinks, and the factor by which it
# shrinks tends to 4: the error behaves like $c/n^2$.
#
# Integral calculus grew out of such areas; *differential* calculus, the
# subject of this chapter, asks how a quantity changes when we change its
# input a little. That is the question we ask when training a model: how does
# the loss change if we move a parameter? Two concerns shape deep learning:
# **optimization**, fitting the parameters to the training data, and
# **generalization**, making sure that what was learned also holds on data the
# model has never seen. Calculus is the engine of the first.

# %% [markdown]
# ## 2.4.1 Derivatives and Differentiation
#
# *Framework:* **PyTorch** · [JAX](jax/01_calculus.ipynb#2.4.1-Derivatives-and-Differentiation)
#
# For a function $f: \mathbb{R} \to \mathbb{R}$, the derivative at $x$ is the
# limit of the slope of a secant line:
#
# $$f'(x) = \lim_{h \to 0} \frac{f(x+h) - f(x)}{h}.$$
#
# When this limit exists, $f$ is *differentiable* at $x$; when it exists at
# every point of a set, $f$ is differentiable on that set. Not every quantity
# we care about is differentiable: the accuracy of a classifier jumps in steps
# as predictions flip, and the area under an ROC curve (AUC) does too. So we
# train on a smooth *surrogate* loss, such as the cross-entropy, and hope that
# improving it improves the measure we care about.
#
# Take $f(x) = 3x^2 - 4x$.

# %%
def f(x):
    return 3 * x ** 2 - 4 * x


# %% [markdown]
# Shrinking $h$ towards zero, the difference quotient at $x = 1$ settles on 2:

# %%
for h in 10.0 ** np.arange(-1, -6, -1):
    print(f'h={h:.5f}, numerical limit={(f(1 + h) - f(1)) / h:.5f}')

# %% [markdown]
# Several notations mean the same thing. For $y = f(x)$,
#
# $$f'(x) = y' = \frac{dy}{dx} = \frac{df}{dx} = \frac{d}{dx} f(x) = Df(x) = D_x f(x).$$
#
# A handful of derivatives cover most needs:
#
# $$\frac{d}{dx} C = 0, \qquad \frac{d}{dx} x^n = n x^{n-1}\ (n \neq 0), \qquad
# \frac{d}{dx} e^x = e^x, \qquad \frac{d}{dx} \ln x = \frac{1}{x}.$$
#
# Multiples, sums, products and quotients of these are differentiated with four
# rules (a composition such as $e^{x^2}$ needs a fifth, the chain rule of
# 2.4.4). For a constant $C$ and differentiable $f$ and $g$:
#
# * constant multiple: $\frac{d}{dx}[C f(x)] = C \frac{d}{dx} f(x)$;
# * sum: $\frac{d}{dx}[f(x) + g(x)] = \frac{d}{dx} f(x) + \frac{d}{dx} g(x)$;
# * product: $\frac{d}{dx}[f(x) g(x)] = f(x) \frac{d}{dx} g(x) + g(x) \frac{d}{dx} f(x)$;
# * quotient: $\frac{d}{dx} \frac{f(x)}{g(x)} = \frac{g(x) \frac{d}{dx} f(x) - f(x) \frac{d}{dx} g(x)}{g(x)^2}$.
#
# With the power rule and the first two rules,
# $\frac{d}{dx}(3x^2 - 4x) = 3 \cdot 2x - 4 = 6x - 4$, which is $2$ at $x = 1$,
# the value the loop above was closing in on. PyTorch's autograd, the topic of
# the next chapter, agrees:

# %%
x = torch.tensor(1.0, requires_grad=True)
f(x).backward()
print(f'by the rules: {6 * 1 - 4},  by autograd: {x.grad.item()}')
assert x.grad.item() == 6 * 1 - 4

# %% [markdown]
# ## 2.4.2 Visualization Utilities
#
# *Framework:* **PyTorch** · [JAX](jax/01_calculus.ipynb#2.4.2-Visualization-Utilities)
#
# Pictures make derivatives easier to think about. Here are four small
# plotting helpers, adapted from the textbook's: they keep its names and
# arguments, and add checks of their input. Each block marked `#@save` is
# copied by `make lib` into the library `d2lutils` (here, its module
# `d2lutils/plotting.py`), so any notebook can use them with
# `import d2lutils as d2l`, as the textbook's notebooks use
# `from d2l import torch as d2l`. The helpers call each other, and a few
# checks, through `d2l.`: the checks of their input, and the settings that make
# an SVG figure the same on every run, are library plumbing rather than
# calculus, and live in the appendix [Utility functions](90_utilities.ipynb).
# `d2l.plt` is Matplotlib's `pyplot`.
#
# Jupyter shows figures as PNG images by default; `use_svg_display` asks for
# SVG, which stays sharp at any zoom.

# %%
#@save plotting
def use_svg_display():
    """Show figures in Jupyter as SVG."""
    d2l.plotting.set_inline_formats('svg')  # and the same SVG text on every run


# %% [markdown]
# `set_figsize` picks the size of new figures, in inches (width, height).

# %%
#@save plotting
def set_figsize(figsize=(3.5, 2.5)):
    """Set the size of new figures, (width, height) in inches."""
    figsize = d2l.plotting.check_figsize(figsize)
    use_svg_display()
    d2l.plt.rcParams['figure.figsize'] = figsize


# %% [markdown]
# `set_axes` labels the axes, chooses their scales (`'linear'`, `'log'`, …)
# and limits, adds a legend when one is given, and turns the grid on.

# %%
#@save plotting
def set_axes(axes, xlabel, ylabel, xlim, ylim, xscale, yscale, legend):
    """Set the labels, scales, limits, legend and grid of Matplotlib axes."""
    axes.set_xlabel(xlabel), axes.set_ylabel(ylabel)
    axes.set_xscale(d2l.plotting.check_scale(xscale, 'xscale'))
    axes.set_yscale(d2l.plotting.check_scale(yscale, 'yscale'))
    axes.set_xlim(xlim), axes.set_ylim(ylim)
    if legend:
        axes.legend([legend] if isinstance(legend, str) else legend)
    axes.grid(True)


# %% [markdown]
# `plot` draws one or several curves: `Y` can be one curve or a list of them,
# all drawn against the same `X` (or each against its own); with `Y=None` the
# curves in `X` are drawn against their index. It clears the axes first and
# gives curve $i$ the format `fmts[i]`. `d2l.plotting.as_curves` turns lists, arrays
# and tensors (even tensors that require gradients) into one-dimensional
# arrays, and raises a clear error for anything it cannot draw.

# %%
#@save plotting
def plot(X, Y=None, xlabel=None, ylabel=None, legend=None, xlim=None,
         ylim=None, xscale='linear', yscale='linear',
         fmts=('-', 'm--', 'g-.', 'r:'), figsize=(3.5, 2.5), axes=None):
    """Plot the curves Y against X, or the curves X against their index if no Y.

    X, Y: lists, arrays or tensors, as d2l.plotting.as_curves takes them; fmts
    repeat when there are more curves than formats; the rest as in set_axes."""
    Xs, Ys = d2l.plotting.as_curves(X, Y)
    fmts = d2l.plotting.check_style(fmts, xscale, yscale)
    set_figsize(figsize)
    if axes is None:
        axes = d2l.plt.gca()
    axes.cla()
    for i, (x, y) in enumerate(zip(Xs, Ys)):
        axes.plot(x, y, fmts[i % len(fmts)])
    set_axes(axes, xlabel, ylabel, xlim, ylim, xscale, yscale, legend)


# %% [markdown]
# Now we can see the function $f(x) = 3x^2 - 4x$ together with its tangent
# line at $x = 1$. The tangent passes through $(1, f(1)) = (1, -1)$ with slope
# $f'(1) = 2$, so it is $y = 2x - 3$.

# %%
x = np.arange(0, 3, 0.1)
plot(x, [f(x), 2 * x - 3], 'x', 'f(x)', legend=['f(x)', 'Tangent line (x=1)'])

# %% [markdown]
# Near $x = 1$ the two curves are hard to tell apart: that is what it means
# for a line to be tangent. `plot` takes tensors that require gradients too,
# so a function and its derivative by autograd go into one call:

# %%
t = torch.linspace(0, 3, 31, requires_grad=True)
f(t).sum().backward()  # f(t_i) depends only on t_i, so t.grad holds f'(t_i)
plot(t, [f(t), t.grad], 't', 'value', legend=['f(t)', "f'(t) by autograd"])

# %% [markdown]
# ### Explore: from secant to tangent
#
# The derivative is the slope that the secant through $(x, f(x))$ and
# $(x + h, f(x + h))$ approaches as $h$ shrinks. `d2l.draw_secant` (from the
# [utilities](90_utilities.ipynb), built on `plot`) draws both lines and
# returns the difference quotient; the slope of the tangent comes from
# autograd. At $h = 0.5$ the two still differ: the quotient is
# $(f(1.5) - f(1))/0.5 = 3h + 2 = 3.5$, against $f'(1) = 2$.

# %%
quotient = d2l.draw_secant(f, x=1.0, h=0.5)
print(f'difference quotient at h = 0.5: {quotient},  3h + 2 = {3 * 0.5 + 2}')
assert abs(quotient - 3.5) < 1e-12

# %% [markdown]
# Move the slider to shrink $h$ from 1 to $10^{-5}$ and watch the secant
# turn into the tangent and the quotient approach $f'(1) = 2$, as in the
# table of 2.4.1. (Sliders need a running kernel: in a static view of this
# page, only the figure above shows.)

# %% tags=["nbval-ignore-output"]
d2l.explore_secant(f, x=1.0)

# %% [markdown]
# ### Explore: the tangent anywhere
#
# The same idea at any point: `d2l.draw_tangent` draws the tangent at $x_0$
# with the slope $f'(x_0)$ that autograd computes. At $x_0 = 2/3$ the tangent
# is flat: $f'(x_0) = 6 x_0 - 4 = 0$, the minimum of $f$.

# %%
slope = d2l.draw_tangent(f, x0=2 / 3)
print(f"f'(2/3) by autograd: {slope},  6 * 2/3 - 4 = {6 * 2 / 3 - 4}")
assert abs(slope) < 1e-12

# %% tags=["nbval-ignore-output"]
d2l.explore_tangent(f, x0=1.0)

# %% [markdown]
# ## 2.4.3 Partial Derivatives and Gradients
#
# *Framework:* **PyTorch** · [JAX](jax/01_calculus.ipynb#2.4.3-Partial-Derivatives-and-Gradients)
#
# Most functions in deep learning have many inputs. For
# $y = f(x_1, \ldots, x_n)$, the *partial derivative* with respect to $x_i$
# treats every other input as a constant:
#
# $$\frac{\partial y}{\partial x_i} = \lim_{h \to 0}
# \frac{f(x_1, \ldots, x_i + h, \ldots, x_n) - f(x_1, \ldots, x_i, \ldots, x_n)}{h}.$$
#
# It is also written $\frac{\partial f}{\partial x_i}$, $f_{x_i}$, $f_i$,
# $D_i f$ or $D_{x_i} f$. Collecting all $n$ partial derivatives gives the
# *gradient*
#
# $$\nabla_{\mathbf{x}} f(\mathbf{x}) = \left[\frac{\partial f}{\partial x_1},
# \ldots, \frac{\partial f}{\partial x_n}\right]^\top.$$
#
# Working out a partial derivative needs nothing new: treat the other inputs
# as numbers and use the rules of 2.4.1. Take
# $f(x_1, x_2) = x_1^2 x_2 + 3 x_2$. Holding $x_2$ fixed, $x_1^2 x_2$ is the
# constant $x_2$ times $x_1^2$, and $3x_2$ is a constant, so
#
# $$\frac{\partial f}{\partial x_1} = x_2 \cdot 2x_1 + 0 = 2x_1x_2, \qquad
# \frac{\partial f}{\partial x_2} = x_1^2 + 3,$$
#
# the second by holding $x_1$ fixed instead. At $(x_1, x_2) = (2, 5)$ they are
# $2 \cdot 2 \cdot 5 = 20$ and $2^2 + 3 = 7$, so
# $\nabla f(2, 5) = [20, 7]^\top$. Autograd, and a difference quotient that
# nudges only $x_1$, agree:

# %%
def f2(x1, x2):
    return x1 ** 2 * x2 + 3 * x2


x1 = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
x2 = torch.tensor(5.0, dtype=torch.float64, requires_grad=True)
f2(x1, x2).backward()
h = 1e-6
nudging_x1 = (f2(2 + h, 5.0) - f2(2.0, 5.0)) / h
print('by hand: [20, 7]   '
      f'autograd: [{x1.grad.item():g}, {x2.grad.item():g}]   '
      f'difference quotient in x1: {nudging_x1:.5f}')
assert (x1.grad.item(), x2.grad.item()) == (2 * 2 * 5, 2 ** 2 + 3)
assert abs(nudging_x1 - 20) < 1e-4

# %% [markdown]
# A few rules, for $\mathbf{x} \in \mathbb{R}^n$ and a matrix $\mathbf{A}$ of
# matching shape, come up again and again:
#
# * $\nabla_{\mathbf{x}} \mathbf{A}\mathbf{x} = \mathbf{A}^\top$ and
#   $\nabla_{\mathbf{x}} \mathbf{x}^\top \mathbf{A} = \mathbf{A}$;
# * $\nabla_{\mathbf{x}} \mathbf{x}^\top \mathbf{A} \mathbf{x} = (\mathbf{A} + \mathbf{A}^\top)\mathbf{x}$;
# * $\nabla_{\mathbf{x}} \|\mathbf{x}\|^2 = \nabla_{\mathbf{x}} \mathbf{x}^\top\mathbf{x} = 2\mathbf{x}$;
# * for a matrix $\mathbf{X}$, $\nabla_{\mathbf{X}} \|\mathbf{X}\|_F^2 = 2\mathbf{X}$.
#
# The first two rules use the *denominator layout*: the gradient of a vector
# $\mathbf{y} \in \mathbb{R}^m$ with respect to $\mathbf{x} \in \mathbb{R}^n$
# is the $n \times m$ matrix whose entry $(i, j)$ is
# $\partial y_j / \partial x_i$, the transpose of the Jacobian. That is why
# $\mathbf{A}\mathbf{x}$ has gradient $\mathbf{A}^\top$, not $\mathbf{A}$.
#
# The textbook states these rules; here each one is checked with autograd on a
# random instance. For a vector output, `torch.autograd.functional.jacobian`
# returns the Jacobian $J_{ji} = \partial y_j / \partial x_i$ (numerator
# layout), so we transpose it to compare.

# %%
torch.manual_seed(0)  # the same random instance on every run
n, m = 4, 3
A = torch.randn(m, n, dtype=torch.float64)
x = torch.randn(n, dtype=torch.float64)
jacobian = torch.autograd.functional.jacobian

grad_Ax = jacobian(lambda x: A @ x, x).T            # n x m, denominator layout
print('grad of Ax equals A^T:  ', torch.allclose(grad_Ax, A.T))
assert torch.allclose(grad_Ax, A.T)

# %%
x_m = torch.randn(m, dtype=torch.float64)
grad_xA = jacobian(lambda x: x @ A, x_m).T          # m x n
print('grad of x^T A equals A: ', torch.allclose(grad_xA, A))
assert torch.allclose(grad_xA, A)

# %% [markdown]
# For the scalar-valued rules we ask autograd for the gradient directly.

# %%
def autograd_gradient(fn, at):
    """Gradient of the scalar fn at `at`, by autograd."""
    at = at.detach().clone().requires_grad_(True)
    fn(at).backward()
    return at.grad


B = torch.randn(n, n, dtype=torch.float64)          # square, and not symmetric
X = torch.randn(n, m, dtype=torch.float64)
checks = {
    'x^T B x  ->  (B + B^T) x': (autograd_gradient(lambda x: x @ B @ x, x),
                                 (B + B.T) @ x),
    '||x||^2  ->  2 x': (autograd_gradient(lambda x: (x ** 2).sum(), x), 2 * x),
    '||X||_F^2 -> 2 X': (autograd_gradient(lambda X: torch.linalg.norm(X) ** 2,
                                           X), 2 * X),
}
for rule, (by_autograd, by_rule) in checks.items():
    print(f'{rule:26s} holds: {torch.allclose(by_autograd, by_rule)}')
    assert torch.allclose(by_autograd, by_rule)

# %% [markdown]
# ## 2.4.4 Chain Rule
#
# *Framework:* **PyTorch** · [JAX](jax/01_calculus.ipynb#2.4.4-Chain-Rule)
#
# Deep networks are compositions of many functions, and the chain rule
# differentiates compositions. If $y = f(g(x))$, write $u = g(x)$; then
#
# $$\frac{dy}{dx} = \frac{dy}{du} \frac{du}{dx}.$$
#
# With several variables, suppose $y$ depends on $u_1, \ldots, u_m$, and each
# $u_j$ depends on $x_1, \ldots, x_n$. A change in $x_i$ reaches $y$ along
# every $u_j$, and the contributions add up:
#
# $$\frac{\partial y}{\partial x_i} = \sum_{j=1}^{m}
# \frac{\partial y}{\partial u_j} \frac{\partial u_j}{\partial x_i}
# \quad\text{so}\quad
# \nabla_{\mathbf{x}} y = \mathbf{A}\, \nabla_{\mathbf{u}} y,$$
#
# where $\mathbf{A} \in \mathbb{R}^{n \times m}$ holds
# $\partial u_j / \partial x_i$ in row $i$, column $j$. The chain rule for
# vectors is a matrix–vector product: this is why linear algebra is at the
# heart of deep learning.
#
# Let us check it on $y = \sum_j \sin(u_j)$ with $\mathbf{u} = \mathbf{W}\mathbf{x}$.
# Then $\nabla_{\mathbf{u}} y = \cos(\mathbf{u})$, and the matrix $\mathbf{A}$
# of the formula is $\mathbf{W}^\top$.

# %%
W = torch.randn(m, n, dtype=torch.float64)
u = W @ x
by_chain_rule = W.T @ torch.cos(u)                  # A grad_u(y), with A = W^T
by_autograd = autograd_gradient(lambda x: torch.sin(W @ x).sum(), x)
print('chain rule:', by_chain_rule.numpy().round(6))
print('autograd:  ', by_autograd.numpy().round(6))
assert torch.allclose(by_chain_rule, by_autograd)

# %% [markdown]
# A central finite difference, which knows nothing of the chain rule, agrees
# as well. Its error shrinks like $h^2$ until rounding takes over, so with
# $h = 10^{-5}$ we expect agreement to about ten digits:

# %%
def central_difference(fn, at, h=1e-5):
    """Estimate the gradient of scalar fn at `at`, one coordinate at a time."""
    grad = torch.zeros_like(at)
    for i in range(at.numel()):
        step = torch.zeros_like(at)
        step[i] = h
        grad[i] = (fn(at + step) - fn(at - step)) / (2 * h)
    return grad


by_difference = central_difference(lambda x: torch.sin(W @ x).sum(), x)
gap = (by_difference - by_chain_rule).abs().max().item()
print(f'largest gap: {gap:.0e}')
assert gap < 1e-9

# %% [markdown]
# ### The total derivative
#
# A function often depends on a variable twice: directly, and through another
# variable that depends on it. Take $f(x, y) = x^2 y$ with $y = 3x + 1$.
# Two different questions then share the notation "derivative of $f$ with
# respect to $x$":
#
# * the *partial* derivative $\partial f / \partial x = 2xy$ holds $y$ fixed;
# * the *total* derivative $df/dx$ lets $y$ move with $x$, as it does. By the
#   chain rule with $u_1 = x$ and $u_2 = y$ it adds the path through $y$:
#
# $$\frac{df}{dx} = \frac{\partial f}{\partial x} + \frac{\partial f}{\partial y}\,\frac{dy}{dx}
# = 2xy + x^2 \cdot 3.$$
#
# At $x = 1$, $y = 4$: the partial is $2 \cdot 1 \cdot 4 = 8$, and the total is
# $8 + 1 \cdot 3 = 11$. As a check, substituting $y$ gives
# $f = 3x^3 + x^2$, whose derivative $9x^2 + 2x$ is $11$ at $x = 1$.
# Autograd computes the total derivative, since it follows every path
# from $x$ to $f$ that it recorded:

# %%
x = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
y = 3 * x + 1
(x ** 2 * y).backward()
print('df/dx by autograd:', x.grad.item())
assert x.grad.item() == 9 * 1 ** 2 + 2 * 1

# %% [markdown]
# To get the partial derivative instead, make $y$ an input of its own, so
# that autograd does not know it depends on $x$. Its gradient then holds both
# partial derivatives, and they combine into the total as the formula says:

# %%
x = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
y = torch.tensor(3 * 1.0 + 1, dtype=torch.float64, requires_grad=True)
(x ** 2 * y).backward()
dy_dx = 3
print(f'partial df/dx = {x.grad.item():g},  '
      f'partial df/dy = {y.grad.item():g},  '
      f'total = {x.grad.item():g} + {y.grad.item():g} * {dy_dx} = '
      f'{x.grad.item() + y.grad.item() * dy_dx:g}')
assert x.grad.item() == 8 and x.grad.item() + y.grad.item() * dy_dx == 11

# %% [markdown]
# Which one a question means matters: the gradients used in training are
# total derivatives, while holding some value fixed on purpose, as
# `detach` does in [2.5.3](02_autograd.ipynb), gives a partial one.

# %% [markdown]
# ## 2.4.5 Discussion
#
# *Framework:* **PyTorch** · [JAX](jax/01_calculus.ipynb#2.4.5-Discussion)
#
# In short: a derivative is the limit of a difference quotient, computed in
# practice with a few rules rather than limits; a gradient collects the
# partial derivatives of a function of many variables; and the chain rule
# differentiates compositions, in many dimensions as a product of matrices.
# The textbook draws four lessons:
#
# * Differentiating a composition of known functions is mechanical: apply the
#   rules, from the outside in or from the inside out. Because it is
#   mechanical, a computer can do it for us. That is automatic
#   differentiation, the subject of the next chapter.
# * In many dimensions, the chain rule turns into products of matrices, so
#   vector calculus and linear algebra go hand in hand.
# * Computing a model's output runs *forward* through its layers; computing
#   its gradients runs the chain rule *backward* from the loss to the
#   parameters. This backward pass is backpropagation.
# * The gradient tells how the loss changes as each parameter moves: it is the
#   compass of optimization.

# %% [markdown]
# ## 2.4.6 Exercises
#
# *Framework:* **PyTorch** · [JAX](jax/01_calculus.ipynb#2.4.6-Exercises)
#
# Worked and checked solutions are in
# [`solutions/01_calculus_solutions.ipynb`](solutions/01_calculus_solutions.ipynb).
#
# Under each exercise is an answer cell. Replace `None` with your answer and run
# the cell: the check says whether the answer is right and, if it is not, what
# looks wrong, without giving the answer away. Stuck? `d2l.exercise("01_calculus", 1).hint()`
# gives a nudge (call it again for more), and `.solution()` shows the worked
# solution. [Exercise checks](92_utilities_exercises.ipynb) explains how the
# checks work.

# %% [markdown]
# 1. Using the limit definition, find the derivatives of a constant $c$, of
#    $x^n$, of $e^x$ and of $\log x$.

# %%
# Your answer: replace None with a pair (rules, step). rules: a tuple of four
# SymPy expressions or strings in x (and n, c), the derivatives of c, x**n,
# exp(x) and log(x); step: the pair (g, limit) that carries the proof for exp,
# where (exp(x+h) - exp(x))/h = exp(x)*g(h): g as a string in h, and its limit
# as h -> 0.
answer = None
d2l.exercise("01_calculus", 1).check(answer)

# %% [markdown]
# 2. From first principles, prove the product, sum and quotient rules.

# %%
# Your answer: replace None with a pair (rules, step). rules: a tuple of three
# SymPy expressions or strings in f, g, df, dg (df, dg stand for f'(x), g'(x)),
# the derivatives of f + g, f*g and f/g; step: the pair (A, B), strings in f, g,
# fh, gh (fh, gh stand for f(x+h), g(x+h)), with fh*gh - f*g = A*(gh - g) +
# B*(fh - f) for every h, the step that proves the product rule.
answer = None
d2l.exercise("01_calculus", 2).check(answer)

# %% [markdown]
# 3. Show that the constant multiple rule is a special case of the product rule.

# %%
# Your answer: replace None with one letter, "A" to "D".
answer = None
d2l.exercise("01_calculus", 3).check(answer)

# %% [markdown]
# 4. Compute the derivative of $f(x) = x^x$.

# %%
# Your answer: replace None with a function of x (torch operations), e.g. lambda
# x: ..., or a SymPy expression or string in x.
answer = None
d2l.exercise("01_calculus", 4).check(answer)

# %% [markdown]
# 5. What does $f'(x) = 0$ mean for some $x$? Give a function $f$ and a point
#    $x$ where it holds.

# %%
# Your answer: replace None with a pair (f, x0): a function f of x (torch
# operations, or a SymPy expression or string in x) and a number x0 where f'(x0)
# = 0.
answer = None
d2l.exercise("01_calculus", 5).check(answer)

# %% [markdown]
# 6. Plot $y = f(x) = x^3 - \frac{1}{x}$ and its tangent line at $x = 1$.

# %%
# Your answer: replace None with the tangent line, as a function of x (torch
# operations) or a SymPy expression or string in x.
answer = None
d2l.exercise("01_calculus", 6).check(answer)

# %% [markdown]
# 7. Find the gradient of $f(\mathbf{x}) = 3x_1^2 + 5e^{x_2}$.

# %%
# Your answer: replace None with a function of a tensor x of shape (2,)
# returning the gradient as a tensor of shape (2,), or a list of two SymPy
# expressions or strings in x1, x2.
answer = None
d2l.exercise("01_calculus", 7).check(answer)

# %% [markdown]
# 8. What is the gradient of $f(\mathbf{x}) = \|\mathbf{x}\|_2$? What happens
#    at $\mathbf{x} = \mathbf{0}$?

# %%
# Your answer: replace None with a pair (gradient, letter): a function of a
# tensor x of shape (n,) (any n, x != 0) returning the gradient, a tensor of
# shape (n,); and the letter of what happens at x = 0, "A" to "D".
answer = None
d2l.exercise("01_calculus", 8).check(answer)

# %% [markdown]
# 9. Write out the chain rule for $u = f(x, y, z)$ where $x = x(a, b)$,
#    $y = y(a, b)$ and $z = z(a, b)$.

# %%
# Your answer: replace None with a SymPy expression or string for du/da in the
# names du_dx, du_dy, du_dz, dx_da, dx_db, dy_da, dy_db, dz_da, dz_db (partial
# derivatives).
answer = None
d2l.exercise("01_calculus", 9).check(answer)

# %% [markdown]
# 10. Let $f$ be an invertible function, so that undoing it gives the input
#     back on either side: $f^{-1}(f(x)) = x$ for every $x$, and
#     $f(f^{-1}(y)) = y$ for every $y$. Use these two identities to find the
#     derivative of the inverse function, $(f^{-1})'(y)$.

# %%
# Your answer: replace None with a SymPy expression or string in y using the
# functions fprime (for f') and finv (for f^-1), e.g. "fprime(y)", or a Python
# function (fprime, finv) -> function of y.
answer = None
d2l.exercise("01_calculus", 10).check(answer)

# %%
# Which exercises of this chapter are answered right in this kernel (run it
# again after answering some)
d2l.progress("01_calculus")

# %% [markdown]
# ---
# [Contents](00_index.ipynb) ·
# next: [2.5 Automatic differentiation](02_autograd.ipynb) ·
# [solutions to these exercises](solutions/01_calculus_solutions.ipynb) ·
# the textbook's [2.4 Calculus](https://d2l.ai/chapter_preliminaries/calculus.html)
