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
# *Framework:* [PyTorch](../01_calculus.ipynb) · **JAX**
#
# Deep learning trains a model by nudging its parameters, again and again, in
# whatever direction makes a loss a little smaller. *Which* direction that is
# comes from calculus. This is the JAX edition of the page: the mathematics,
# the worked examples and their numbers are those of the PyTorch edition;
# derivatives come from JAX's `jax.grad`, which turns a function into the
# function that computes its gradient.
#
# **What you will learn:** derivatives as limits and the rules that compute
# them; the plot helpers of the companion, fed with JAX arrays; partial
# derivatives and gradients, with the vector rules every network needs; and
# the chain rule, which is how gradients flow through a composition.
# **What it assumes:** Python, a little NumPy and `jax.numpy`, and the linear
# algebra of the textbook's 2.3 (vectors, matrices, norms).
#
# This page follows the textbook's section
# [2.4 Calculus](https://d2l.ai/chapter_preliminaries/calculus.html) with its
# own words and code. Every number below is computed by the cell above it, and
# `make test` re-runs each cell and compares what it prints with what is
# recorded here. [Contents](../00_index.ipynb) ·
# next: [2.5 Automatic differentiation in JAX](02_autograd.ipynb) ·
# [solutions to the exercises](solutions/01_calculus_solutions.ipynb)

# %% [markdown]
# JAX runs on whatever accelerator it finds; we ask for the CPU, so that every
# reader gets the numbers printed here. JAX computes in 32-bit floats unless
# told otherwise, which is also what deep learning uses; a cell in 2.4.4 asks
# for 64 bits where a check needs them.

# %%
# In Colab, Kaggle, Studio Lab or alone, this installs d2lutils and JAX (CPU).
import importlib.util, os, sys
pip = f'"{sys.executable}" -m pip install --quiet'
if importlib.util.find_spec('d2lutils') is None:
    repository = 'git+https://github.com/d2l-companion/d2l-calculus-companion'
    source = os.environ.get('D2LUTILS_PIP_SOURCE', repository)
    spec = (f'd2lutils[jax] @ {source}' if '://' in source  # a URL
            else f'{source}[jax]')  # a path
    print(f'Installing {spec}')
    get_ipython().system(f'{pip} "{spec}"')
elif importlib.util.find_spec('jax') is None:
    print('Installing JAX (CPU): jax>=0.8')
    get_ipython().system(f'{pip} "jax>=0.8"')

# %%
import math

import jax
import jax.numpy as jnp
import numpy as np

import d2lutils as d2l

jax.config.update('jax_platforms', 'cpu')

# %% [markdown]
# More than two thousand years ago, Archimedes measured the area of a circle by
# fitting polygons inside it. A regular polygon with $n$ corners on a circle of
# radius $r$ is made of $n$ thin triangles, each with two sides of length $r$
# and an angle of $2\pi/n$ between them, so its area is
#
# $$A_n = \frac{n}{2}\, r^2 \sin\frac{2\pi}{n}.$$
#
# As $n$ grows, the polygon hugs the circle and $A_n$ approaches $\pi r^2$.
# This is plain arithmetic, the same in every framework:

# %%
def polygon_area(n, r=1.0):
    """Area of the regular n-gon inscribed in a circle of radius r."""
    return n / 2 * r**2 * math.sin(2 * math.pi / n)


for n in [4, 8, 16, 64, 256, 1024]:
    area = polygon_area(n)
    print(f'n={n:5d}  area={area:.6f}  pi - area={math.pi - area:.2e}')

# %% [markdown]
# The gap to $\pi$ shrinks roughly fourfold each time $n$ doubles. A quantity
# reached *in the limit* is the seed of calculus. *Differential* calculus, the
# subject of this chapter, asks how a quantity changes when its input changes a
# little: how the loss changes if we move a parameter. That question drives
# **optimization**, fitting the parameters to the training data; the other
# concern of deep learning, **generalization** to data the model has not seen,
# is the subject of later chapters of the textbook.

# %% [markdown]
# ## 2.4.1 Derivatives and Differentiation
#
# *Framework:* [PyTorch](../01_calculus.ipynb#2.4.1-Derivatives-and-Differentiation) · **JAX**
#
# For a function $f: \mathbb{R} \to \mathbb{R}$, the derivative at $x$ is the
# limit of the slope of a secant line:
#
# $$f'(x) = \lim_{h \to 0} \frac{f(x+h) - f(x)}{h}.$$
#
# When this limit exists, $f$ is *differentiable* at $x$. Accuracy is not
# differentiable (it jumps in steps as predictions flip), which is why models
# are trained on a smooth *surrogate* loss instead.
#
# Take $f(x) = 3x^2 - 4x$. Written with arithmetic only, the same Python
# function works on floats, NumPy arrays and JAX arrays.

# %%
def f(x):
    return 3 * x ** 2 - 4 * x


# %% [markdown]
# Shrinking $h$ towards zero, the difference quotient at $x = 1$ settles on 2
# (in double precision, with NumPy's floats):

# %%
for h in 10.0 ** np.arange(-1, -6, -1):
    print(f'h={h:.5f}, numerical limit={(f(1 + h) - f(1)) / h:.5f}')

# %% [markdown]
# The usual notations, for $y = f(x)$, are
# $f'(x) = y' = \frac{dy}{dx} = \frac{df}{dx} = \frac{d}{dx} f(x) = Df(x) = D_x f(x)$,
# and a handful of derivatives cover most needs:
#
# $$\frac{d}{dx} C = 0, \qquad \frac{d}{dx} x^n = n x^{n-1}\ (n \neq 0), \qquad
# \frac{d}{dx} e^x = e^x, \qquad \frac{d}{dx} \ln x = \frac{1}{x},$$
#
# together with four rules, for a constant $C$ and differentiable $f$, $g$:
# constant multiple $\frac{d}{dx}[C f] = C f'$; sum $(f + g)' = f' + g'$;
# product $(f g)' = f g' + g f'$; quotient
# $\left(\frac{f}{g}\right)' = \frac{g f' - f g'}{g^2}$.
#
# By the power rule and the first two rules,
# $\frac{d}{dx}(3x^2 - 4x) = 6x - 4$, which is $2$ at $x = 1$. In JAX a
# derivative is a *function*: `jax.grad(f)` is a new Python function that
# returns $f'(x)$ for the $x$ it is given. Nothing is attached to `x`, and
# nothing is stored between calls.

# %%
df = jax.grad(f)
print(f'by the rules: {6 * 1 - 4},  by jax.grad: {df(1.0)}')
assert df(1.0) == 6 * 1 - 4

# %% [markdown]
# `jax.grad` differentiates with respect to floating-point inputs only: the
# integer `1` has no neighbours $1 + h$ to move to, and JAX says so.

# %%
try:
    df(1)
except TypeError as err:
    print(str(err).split(', but')[0])

# %% [markdown]
# ## 2.4.2 Visualization Utilities
#
# *Framework:* [PyTorch](../01_calculus.ipynb#2.4.2-Visualization-Utilities) · **JAX**
#
# The PyTorch edition of this page writes four small plotting helpers, as
# the textbook does: `use_svg_display`, `set_figsize`, `set_axes` and `plot`.
# They are saved in the library `d2lutils`, so here we use them as
# `d2l.plot` and friends. `plot` draws one curve or a list of curves
# against `X`, and takes Python lists, NumPy arrays, PyTorch tensors and JAX
# arrays alike.
#
# The function $f(x) = 3x^2 - 4x$ and its tangent line at $x = 1$, which
# passes through $(1, f(1)) = (1, -1)$ with slope $f'(1) = 2$, so it is
# $y = 2x - 3$:

# %%
x = jnp.arange(0, 3, 0.1)
d2l.plot(x, [f(x), 2 * x - 3], 'x', 'f(x)', legend=['f(x)', 'Tangent line (x=1)'])

# %% [markdown]
# `jax.grad(f)` takes one number and returns one number. To get $f'$ on a
# whole grid, `jax.vmap` maps it over the entries of an array: the result is
# a function of arrays, still without any loop in our code. The function and
# its derivative go into one call of `plot`:

# %%
t = jnp.linspace(0, 3, 31)
df_on_grid = jax.vmap(jax.grad(f))
d2l.plot(t, [f(t), df_on_grid(t)], 't', 'value',
         legend=['f(t)', "f'(t) by jax.grad"])

# %% [markdown]
# ### Explore: from secant to tangent
#
# The derivative is the slope that the secant through $(x, f(x))$ and
# $(x + h, f(x + h))$ approaches as $h$ shrinks. `d2l.draw_secant` draws both
# lines and returns the difference quotient; at $h = 0.5$ it is
# $(f(1.5) - f(1))/0.5 = 3h + 2 = 3.5$, against $f'(1) = 2$. The explorers
# are the same as in the PyTorch edition and take the same $f$: a function
# written with arithmetic, which works whatever array it is given.

# %%
quotient = d2l.draw_secant(f, x=1.0, h=0.5)
print(f'difference quotient at h = 0.5: {quotient},  3h + 2 = {3 * 0.5 + 2}')
assert abs(quotient - 3.5) < 1e-12

# %% [markdown]
# Move the slider to shrink $h$ from 1 to $10^{-5}$ and watch the secant turn
# into the tangent. (Sliders need a running kernel: in a static view of this
# page, only the figure above shows.)

# %% tags=["nbval-ignore-output"]
d2l.explore_secant(f, x=1.0)

# %% [markdown]
# ### Explore: the tangent anywhere
#
# `d2l.draw_tangent` draws the tangent at $x_0$. At $x_0 = 2/3$ it is flat:
# $f'(x_0) = 6 x_0 - 4 = 0$, the minimum of $f$. `jax.grad` agrees, to float32
# precision:

# %%
slope = d2l.draw_tangent(f, x0=2 / 3)
print(f"f'(2/3) drawn: {slope},  by jax.grad in float32: {df(2 / 3):.1e}")
assert abs(slope) < 1e-12 and abs(df(2 / 3)) < 1e-6

# %% tags=["nbval-ignore-output"]
d2l.explore_tangent(f, x0=1.0)

# %% [markdown]
# ## 2.4.3 Partial Derivatives and Gradients
#
# *Framework:* [PyTorch](../01_calculus.ipynb#2.4.3-Partial-Derivatives-and-Gradients) · **JAX**
#
# For $y = f(x_1, \ldots, x_n)$, the *partial derivative* with respect to
# $x_i$ treats every other input as a constant:
#
# $$\frac{\partial y}{\partial x_i} = \lim_{h \to 0}
# \frac{f(x_1, \ldots, x_i + h, \ldots, x_n) - f(x_1, \ldots, x_i, \ldots, x_n)}{h},$$
#
# and the *gradient* collects them all:
# $\nabla_{\mathbf{x}} f(\mathbf{x}) = \left[\frac{\partial f}{\partial x_1},
# \ldots, \frac{\partial f}{\partial x_n}\right]^\top$.
#
# A partial derivative by hand uses only the rules of 2.4.1, with the other
# inputs treated as numbers. For $f(x_1, x_2) = x_1^2 x_2 + 3 x_2$, holding
# $x_2$ fixed leaves a constant times $x_1^2$ plus a constant, and holding
# $x_1$ fixed leaves a linear function of $x_2$:
#
# $$\frac{\partial f}{\partial x_1} = 2x_1x_2, \qquad
# \frac{\partial f}{\partial x_2} = x_1^2 + 3.$$
#
# At $(x_1, x_2) = (2, 5)$ they are $20$ and $7$. A function of several
# arguments is differentiated by `jax.grad` with respect to the first one
# only, unless `argnums` names others: `argnums=1` gives $\partial f/\partial
# x_2$, and `argnums=(0, 1)` both partial derivatives at once, as a tuple.

# %%
def f2(x1, x2):
    return x1 ** 2 * x2 + 3 * x2


d_x1 = jax.grad(f2, argnums=0)(2.0, 5.0)
d_x2 = jax.grad(f2, argnums=1)(2.0, 5.0)
both = jax.grad(f2, argnums=(0, 1))(2.0, 5.0)
print(f'by hand: [20, 7]   argnums=0: {d_x1:g}   argnums=1: {d_x2:g}   '
      f'argnums=(0, 1): a {type(both).__name__} ({both[0]:g}, {both[1]:g})')
assert (d_x1, d_x2) == (2 * 2 * 5, 2 ** 2 + 3) and both == (d_x1, d_x2)

# %% [markdown]
# A few rules, for $\mathbf{x} \in \mathbb{R}^n$ and a matrix $\mathbf{A}$ of
# matching shape, come up again and again:
#
# * $\nabla_{\mathbf{x}} \mathbf{A}\mathbf{x} = \mathbf{A}^\top$ and
#   $\nabla_{\mathbf{x}} \mathbf{x}^\top \mathbf{A} = \mathbf{A}$;
# * $\nabla_{\mathbf{x}} \mathbf{x}^\top \mathbf{A} \mathbf{x} = (\mathbf{A} + \mathbf{A}^\top)\mathbf{x}$;
# * $\nabla_{\mathbf{x}} \|\mathbf{x}\|^2 = 2\mathbf{x}$, and
#   $\nabla_{\mathbf{X}} \|\mathbf{X}\|_F^2 = 2\mathbf{X}$ for a matrix $\mathbf{X}$.
#
# The first two use the *denominator layout*: the gradient of
# $\mathbf{y} \in \mathbb{R}^m$ with respect to $\mathbf{x} \in \mathbb{R}^n$
# is the $n \times m$ matrix of the $\partial y_j / \partial x_i$, the
# transpose of the Jacobian.
#
# We check each rule on a random instance. JAX has no global random state:
# a random draw takes an explicit *key*, made by `jax.random.key(seed)`, and
# `jax.random.split` makes new, independent keys from one, here one per
# array. The same key always gives the same numbers. (Older code writes
# `jax.random.PRNGKey(seed)`, the legacy form of a key: an array of two
# unsigned integers rather than a key of its own type.)

# %%
key = jax.random.key(0)
key_A, key_x, key_xm, key_B, key_X, key_W = jax.random.split(key, 6)
n, m = 4, 3
A = jax.random.normal(key_A, (m, n))
x = jax.random.normal(key_x, (n,))
same = bool(jnp.all(jax.random.normal(key_x, (n,)) == x))
print('a typed key:', jnp.issubdtype(key.dtype, jax.dtypes.prng_key),
      '  the same key, the same draw:', same)
assert jnp.issubdtype(key.dtype, jax.dtypes.prng_key) and same

# %% [markdown]
# For a vector-valued function, `jax.jacrev` returns the Jacobian
# $J_{ji} = \partial y_j / \partial x_i$ (numerator layout), so we transpose
# it to compare:

# %%
grad_Ax = jax.jacrev(lambda x: A @ x)(x).T          # n x m, denominator layout
print('grad of Ax equals A^T:  ', bool(jnp.allclose(grad_Ax, A.T)))
assert jnp.allclose(grad_Ax, A.T)

# %%
x_m = jax.random.normal(key_xm, (m,))
grad_xA = jax.jacrev(lambda x: x @ A)(x_m).T        # m x n
print('grad of x^T A equals A: ', bool(jnp.allclose(grad_xA, A)))
assert jnp.allclose(grad_xA, A)

# %% [markdown]
# For the scalar-valued rules, `jax.grad` gives the gradient directly. It
# needs no helper: the gradient of `fn` at `x` is just `jax.grad(fn)(x)`.

# %%
B = jax.random.normal(key_B, (n, n))                # square, and not symmetric
X = jax.random.normal(key_X, (n, m))
checks = {
    'x^T B x  ->  (B + B^T) x': (jax.grad(lambda x: x @ B @ x)(x), (B + B.T) @ x),
    '||x||^2  ->  2 x': (jax.grad(lambda x: (x ** 2).sum())(x), 2 * x),
    '||X||_F^2 -> 2 X': (jax.grad(lambda X: jnp.linalg.norm(X) ** 2)(X), 2 * X),
}
for rule, (by_grad, by_rule) in checks.items():
    print(f'{rule:26s} holds: {bool(jnp.allclose(by_grad, by_rule))}')
    assert jnp.allclose(by_grad, by_rule)

# %% [markdown]
# ## 2.4.4 Chain Rule
#
# *Framework:* [PyTorch](../01_calculus.ipynb#2.4.4-Chain-Rule) · **JAX**
#
# If $y = f(g(x))$ and $u = g(x)$, then
# $\frac{dy}{dx} = \frac{dy}{du} \frac{du}{dx}$. With several variables,
# $y$ depending on $u_1, \ldots, u_m$ and each $u_j$ on $x_1, \ldots, x_n$,
# the contributions along every $u_j$ add up:
#
# $$\frac{\partial y}{\partial x_i} = \sum_{j=1}^{m}
# \frac{\partial y}{\partial u_j} \frac{\partial u_j}{\partial x_i}
# \quad\text{so}\quad
# \nabla_{\mathbf{x}} y = \mathbf{A}\, \nabla_{\mathbf{u}} y,$$
#
# with $\partial u_j / \partial x_i$ in row $i$, column $j$ of
# $\mathbf{A} \in \mathbb{R}^{n \times m}$: the chain rule for vectors is a
# matrix–vector product.
#
# Check it on $y = \sum_j \sin(u_j)$ with $\mathbf{u} = \mathbf{W}\mathbf{x}$:
# $\nabla_{\mathbf{u}} y = \cos(\mathbf{u})$, and $\mathbf{A} = \mathbf{W}^\top$.

# %%
W = jax.random.normal(key_W, (m, n))
u = W @ x
by_chain_rule = W.T @ jnp.cos(u)                    # A grad_u(y), with A = W^T
by_grad = jax.grad(lambda x: jnp.sin(W @ x).sum())(x)
print('chain rule:', np.round(np.asarray(by_chain_rule), 5))
print('jax.grad:  ', np.round(np.asarray(by_grad), 5))
assert jnp.allclose(by_chain_rule, by_grad)

# %% [markdown]
# A central finite difference, which knows nothing of the chain rule, should
# agree too. Its error shrinks like $h^2$ until rounding takes over, and in
# float32 rounding takes over early: each value of $y$ carries an error of
# about $10^{-7}$, which the division by $2h$ blows up. So for this check we
# switch JAX to 64-bit floats, only inside a `with jax.enable_x64(True):`
# block; there, $h = 10^{-5}$ gives agreement to about ten digits, as in the
# PyTorch edition.

# %%
def central_difference(fn, at, h=1e-5):
    """Estimate the gradient of the scalar fn at `at`, one coordinate at a time."""
    steps = h * jnp.eye(at.size, dtype=at.dtype)
    return jnp.array([(fn(at + step) - fn(at - step)) / (2 * h) for step in steps])


with jax.enable_x64(True):
    W64, x64 = W.astype(jnp.float64), x.astype(jnp.float64)
    exact = W64.T @ jnp.cos(W64 @ x64)
    by_difference = central_difference(lambda x: jnp.sin(W64 @ x).sum(), x64)
    gap = float(jnp.abs(by_difference - exact).max())
print('largest gap in float64 below 1e-9:', gap < 1e-9)
assert gap < 1e-9

# %% [markdown]
# ### The total derivative
#
# When a function depends on $x$ both directly and through another variable,
# "the derivative with respect to $x$" can mean two things, as in the
# [PyTorch edition](../01_calculus.ipynb#The-total-derivative). Take
# $f(x, y) = x^2 y$ with $y = 3x + 1$. The *partial* derivative
# $\partial f/\partial x = 2xy$ holds $y$ fixed; the *total* derivative lets
# $y$ move with $x$, and the chain rule, with $x$ and $y$ as the intermediate
# variables, adds the path through $y$:
#
# $$\frac{df}{dx} = \frac{\partial f}{\partial x} + \frac{\partial f}{\partial y}\,\frac{dy}{dx}
# = 2xy + x^2 \cdot 3.$$
#
# At $x = 1$, where $y = 4$, the partial is $8$ and the total $8 + 1 \cdot 3 = 11$
# (substituting $y$ gives $f = 3x^3 + x^2$, and $9x^2 + 2x$ is $11$ at $x = 1$).
# In JAX the two questions are two functions. `jax.grad` of $f(x, y)$ with
# `argnums=(0, 1)` treats $x$ and $y$ as separate inputs and returns the
# partial derivatives; `jax.grad` of $x \mapsto f(x, 3x + 1)$ follows $x$
# along both paths and returns the total:

# %%
def f_xy(x, y):
    return x ** 2 * y


partial_x, partial_y = jax.grad(f_xy, argnums=(0, 1))(1.0, 3 * 1.0 + 1)
total = jax.grad(lambda x: f_xy(x, 3 * x + 1))(1.0)
dy_dx = 3
print(f'partial df/dx = {partial_x:g},  partial df/dy = {partial_y:g},  total '
      f'df/dx = {total:g}')
print(f'chain rule: {partial_x:g} + {partial_y:g} * {dy_dx} = '
      f'{partial_x + partial_y * dy_dx:g}')
assert partial_x == 8 and total == 11 and partial_x + partial_y * dy_dx == total

# %% [markdown]
# The gradients of training are total derivatives: `jax.grad` differentiates
# the function it is given along every path from its input. A partial
# derivative comes from making a value an input of its own, as here, or from
# `jax.lax.stop_gradient`, the JAX twin of `detach`
# ([2.5.3](02_autograd.ipynb#2.5.3-Detaching-Computation)).

# %% [markdown]
# ## 2.4.5 Discussion
#
# *Framework:* [PyTorch](../01_calculus.ipynb#2.4.5-Discussion) · **JAX**
#
# In short: a derivative is the limit of a difference quotient, computed in
# practice with a few rules; a gradient collects the partial derivatives of a
# function of many variables; and the chain rule differentiates compositions,
# in many dimensions as a product of matrices. Because applying the rules is
# mechanical, a program can do it: `jax.grad` takes a Python function and
# returns its derivative as another Python function, which can be
# differentiated again, mapped over a grid with `jax.vmap`, or turned into a
# Jacobian with `jax.jacrev`. Computing a model's output runs forward through
# its layers; computing its gradient runs the chain rule backward from the loss
# to the parameters, which is backpropagation; and the gradient is the compass
# of optimization.

# %% [markdown]
# ## 2.4.6 Exercises
#
# *Framework:* [PyTorch](../01_calculus.ipynb#2.4.6-Exercises) · **JAX**
#
# Worked and checked solutions in JAX are in
# [`solutions/01_calculus_solutions.ipynb`](solutions/01_calculus_solutions.ipynb).
#
# Under each exercise is an answer cell. Replace `None` with your answer and run
# the cell: the check says whether the answer is right and, if it is not, what
# looks wrong, without giving the answer away. These are the JAX edition's
# checks, `d2l.exercise("jax/01_calculus", n)`: they call a function of yours on
# JAX arrays (64-bit, so `jax.numpy` and `jax.grad` answers are judged as they
# are), take a JAX number as a number, and a derivative written for one number
# at a time, such as `jax.grad(f)`. Stuck?
# `d2l.exercise("jax/01_calculus", 1).hint()` gives a nudge (call it again for
# more), and `.solution()` shows the worked solution in JAX.
# [Exercise checks](../92_utilities_exercises.ipynb) explains how the checks
# work.

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
d2l.exercise("jax/01_calculus", 1).check(answer)

# %% [markdown]
# 2. From first principles, prove the product, sum and quotient rules.

# %%
# Your answer: replace None with a pair (rules, step). rules: a tuple of three
# SymPy expressions or strings in f, g, df, dg (df, dg stand for f'(x), g'(x)),
# the derivatives of f + g, f*g and f/g; step: the pair (A, B), strings in f, g,
# fh, gh (fh, gh stand for f(x+h), g(x+h)), with fh*gh - f*g = A*(gh - g) +
# B*(fh - f) for every h, the step that proves the product rule.
answer = None
d2l.exercise("jax/01_calculus", 2).check(answer)

# %% [markdown]
# 3. Show that the constant multiple rule is a special case of the product rule.

# %%
# Your answer: replace None with one letter, "A" to "D".
answer = None
d2l.exercise("jax/01_calculus", 3).check(answer)

# %% [markdown]
# 4. Compute the derivative of $f(x) = x^x$.

# %%
# Your answer: replace None with a function of x written with jax.numpy, e.g.
# lambda x: ..., or a SymPy expression or string in x.
answer = None
d2l.exercise("jax/01_calculus", 4).check(answer)

# %% [markdown]
# 5. What does $f'(x) = 0$ mean for some $x$? Give a function $f$ and a point
#    $x$ where it holds.

# %%
# Your answer: replace None with a pair (f, x0): a function f of x (jax.numpy,
# or a SymPy expression or string in x) and a number x0 where f'(x0) = 0.
answer = None
d2l.exercise("jax/01_calculus", 5).check(answer)

# %% [markdown]
# 6. Plot $y = f(x) = x^3 - \frac{1}{x}$ and its tangent line at $x = 1$.

# %%
# Your answer: replace None with the tangent line, as a function of x
# (jax.numpy) or a SymPy expression or string in x.
answer = None
d2l.exercise("jax/01_calculus", 6).check(answer)

# %% [markdown]
# 7. Find the gradient of $f(\mathbf{x}) = 3x_1^2 + 5e^{x_2}$.

# %%
# Your answer: replace None with a function of an array x of shape (2,)
# returning the gradient as an array of shape (2,) (jax.numpy, or jax.grad of
# f), or a list of two SymPy expressions or strings in x1, x2.
answer = None
d2l.exercise("jax/01_calculus", 7).check(answer)

# %% [markdown]
# 8. What is the gradient of $f(\mathbf{x}) = \|\mathbf{x}\|_2$? What happens
#    at $\mathbf{x} = \mathbf{0}$?

# %%
# Your answer: replace None with a pair (gradient, letter): a function of an
# array x of shape (n,) (any n, x != 0) returning the gradient, an array of
# shape (n,); and the letter of what happens at x = 0, "A" to "D".
answer = None
d2l.exercise("jax/01_calculus", 8).check(answer)

# %% [markdown]
# 9. Write out the chain rule for $u = f(x, y, z)$ where $x = x(a, b)$,
#    $y = y(a, b)$ and $z = z(a, b)$.

# %%
# Your answer: replace None with a SymPy expression or string for du/da in the
# names du_dx, du_dy, du_dz, dx_da, dx_db, dy_da, dy_db, dz_da, dz_db (partial
# derivatives).
answer = None
d2l.exercise("jax/01_calculus", 9).check(answer)

# %% [markdown]
# 10. Suppose $f$ has an inverse $f^{-1}$: applying one after the other
#     returns the starting value, whichever goes first, so
#     $f^{-1}(f(x)) = x$ for all $x$ and $f(f^{-1}(y)) = y$ for all $y$.
#     Starting from these two identities, work out $(f^{-1})'(y)$, the
#     derivative of the inverse function.

# %%
# Your answer: replace None with a SymPy expression or string in y using the
# functions fprime (for f') and finv (for f^-1), e.g. "fprime(y)", or a Python
# function (fprime, finv) -> function of y.
answer = None
d2l.exercise("jax/01_calculus", 10).check(answer)

# %%
# Which exercises of this chapter are answered right in this kernel (run it again
# after answering some)
d2l.progress("jax/01_calculus")

# %% [markdown]
# ---
# [Contents](../00_index.ipynb) ·
# next: [2.5 Automatic differentiation in JAX](02_autograd.ipynb) ·
# [solutions to these exercises](solutions/01_calculus_solutions.ipynb) ·
# this page in [PyTorch](../01_calculus.ipynb) ·
# the textbook's [2.4 Calculus](https://d2l.ai/chapter_preliminaries/calculus.html)
