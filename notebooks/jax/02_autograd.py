# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 2.5 Automatic differentiation
#
# *Framework:* [PyTorch](../02_autograd.ipynb) · **JAX**
#
# A neural network is a composition of millions of operations, and nobody
# derives its gradient by hand. Deep learning frameworks do it for us, by
# applying the chain rule to the operations our code performs. PyTorch does it
# with a *tape*: tensors that require gradients record what is done to them,
# and `backward` walks the record. JAX does it with a *function
# transformation*: `jax.grad` takes a Python function and returns another
# Python function, which computes the gradient. There is no `.grad` attribute,
# nothing to reset, and nothing that accumulates.
#
# **What you will learn:** how to ask JAX for a gradient (`jax.grad`,
# `jax.value_and_grad`) and the program it runs to compute one; why `grad`
# needs a scalar, and what `jax.vjp` and `jax.jacrev` compute when the output
# is not one; how `jax.lax.stop_gradient` stops a gradient; why Python loops
# and branches can be differentiated, and what changes when the function is
# compiled with `jax.jit`; a training loop in JAX (2.5.A): `.at[].set`
# where PyTorch updates in place, parameters as a pytree updated with
# `jax.tree.map`, a fresh random key at every step, and micro-batches with
# `lax.scan`; which of the training loop's common mistakes carry over to JAX
# (2.5.B: logging with `has_aux`, a `train` flag, clipping by the global
# norm, a running sum that is momentum); and per-example gradients and
# Hessian-vector products by composing `vmap`, `grad` and `jvp` (2.5.C).
# **What it assumes:** derivatives, gradients and the chain rule from
# [2.4 Calculus in JAX](01_calculus.ipynb), and `jax.numpy` arrays.
#
# This page follows the textbook's section
# [2.5 Automatic Differentiation](https://d2l.ai/chapter_preliminaries/autograd.html)
# with its own words and code. [Contents](../00_index.ipynb) ·
# previous: [2.4 Calculus in JAX](01_calculus.ipynb) ·
# next: [Autodiff from scratch](../03_autodiff_from_scratch.ipynb) ·
# [solutions to the exercises](solutions/02_autograd_solutions.ipynb)

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
import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

import d2lutils as d2l
import d2lutils.autodiff_draw

jax.config.update('jax_platforms', 'cpu')  # the same numbers on every machine
# arrays print four decimals, as PyTorch's tensors do
np.set_printoptions(precision=4)

# %% [markdown]
# Every framework works on a *computational graph*: the intermediate values of
# a computation, with edges saying which values each operation read. Going
# through it from the inputs to the output computes the function; going back
# from the output to the inputs multiplies the local derivatives in the order
# the chain rule asks for, which is *backpropagation*. The idea is old: R. E.
# Wengert wrote derivatives forward along a list of elementary steps in 1964,
# Bert Speelpenning's 1980 thesis ran them backward, at a small multiple of the
# cost of one evaluation whatever the number of inputs, and Andreas Griewank's
# work from 1989 on put both modes in one framework. JAX offers both: `grad`
# and `vjp` run backward (reverse mode), `jvp` and `jacfwd` forward.

# %% [markdown]
# ## 2.5.1 A Simple Function
#
# *Framework:* [PyTorch](../02_autograd.ipynb#2.5.1-A-Simple-Function) · **JAX**
#
# Let us differentiate $y = 2\mathbf{x}^\top\mathbf{x}$ with respect to the
# column vector $\mathbf{x}$, at $\mathbf{x} = (0, 1, 2, 3)$. JAX arrays are
# 32-bit floats by default:

# %%
x = jnp.arange(4.0)
x

# %% [markdown]
# In JAX we do not mark `x`. We write $y$ as a function of $\mathbf{x}$:

# %%
def y(x):
    return 2 * jnp.dot(x, x)


y(x)

# %% [markdown]
# Here is the computational graph of $y = 2\mathbf{x}^\top\mathbf{x}$, one
# number per node, as the small engine of the chapter
# [Autodiff from scratch](../03_autodiff_from_scratch.ipynb) records it and
# draws it. The inputs $x_1, \ldots, x_4$ are on the left, each node shows
# its name $v_i$ and its value below it. Each $\times$ squares one $x_i$, so it
# reads $x_i$ twice: two arrows; the $+$ nodes add the squares, $0 + 1 + 4 + 9$;
# and the last $\times$ doubles the sum, with the constant 2 in the small
# white disc (a number, not a node: nothing is differentiated with respect to
# it). Each node sits at the mean height of its inputs (`layout='parents'`),
# so that no arrow runs across another node.

# %%
record = d2lutils.autodiff_draw.trace(
    lambda x1, x2, x3, x4: 2 * (x1 * x1 + x2 * x2 + x3 * x3 + x4 * x4),
    [0.0, 1.0, 2.0, 3.0])
print('the engine computes y =', record.output.value)
assert record.output.value == float(y(x))
d2lutils.autodiff_draw.draw_graph(record, figsize=(6.5, 3.2), values=True,
                                  layout='parents')

# %% [markdown]
# JAX sees the same computation with coarser operations. `jax.make_jaxpr`
# shows the program JAX records when it runs `y` on an array of this shape and
# type (printed without colours): a *jaxpr*, a list of elementary steps like Wengert's, here a dot
# product (`dot_general`) and a multiplication by 2.

# %%
print(jax.make_jaxpr(y)(x).pretty_print(use_color=False))

# %% [markdown]
# `jax.grad(y)` is the function $\mathbf{x} \mapsto \nabla_{\mathbf{x}} y$.
# Calling it at our $\mathbf{x}$:

# %%
grad_y = jax.grad(y)
grad_y(x)

# %% [markdown]
# By the rules of the previous chapter, the gradient of
# $2\mathbf{x}^\top\mathbf{x}$ is $4\mathbf{x}$, and JAX agrees entry by
# entry:

# %%
grad_y(x) == 4 * x

# %% [markdown]
# The gradient function is a program too. Its jaxpr holds the forward steps
# (the dot product, the doubling), then the backward ones: the derivative of
# the doubling is 2, and the dot product $\mathbf{x}^\top\mathbf{x}$ reads
# $\mathbf{x}$ twice, so two products with $\mathbf{x}$ are added up
# (`add_any`): $2\mathbf{x} + 2\mathbf{x} = 4\mathbf{x}$.

# %%
print(jax.make_jaxpr(grad_y)(x).pretty_print(use_color=False))

# %% [markdown]
# Nothing is stored anywhere, so nothing accumulates. PyTorch adds each new
# gradient to `x.grad` and asks us to zero it; in JAX, differentiating
# $\sum_i x_i$ after $y$ simply gives the gradient of the sum, all ones:

# %%
jax.grad(lambda x: x.sum())(x)

# %% [markdown]
# Where an accumulated gradient is what we want, for a loss split into pieces,
# we add the gradients ourselves. Differentiation is linear, so the sum of the
# gradients is the gradient of the sum, $4\mathbf{x} + \mathbf{1}$:

# %%
pieces = grad_y(x) + jax.grad(lambda x: x.sum())(x)
whole = jax.grad(lambda x: y(x) + x.sum())(x)
print('sum of the gradients:', pieces)
print('gradient of the sum: ', whole)
assert jnp.array_equal(pieces, whole)

# %% [markdown]
# Training needs the loss and its gradient at the same point.
# `jax.value_and_grad` returns both from one pass, as a pair:

# %%
value, gradient = jax.value_and_grad(y)(x)
print('value:', value, ' gradient:', gradient)

# %% [markdown]
# ## 2.5.2 Backward for Non-Scalar Variables
#
# *Framework:* [PyTorch](../02_autograd.ipynb#2.5.2-Backward-for-Non-Scalar-Variables) · **JAX**
#
# For $\mathbf{y} \in \mathbb{R}^m$ depending on $\mathbf{x} \in \mathbb{R}^n$,
# the full derivative is the $m \times n$ *Jacobian* $\mathbf{J}$,
# $J_{ij} = \partial y_i / \partial x_j$. A gradient is a vector with the shape
# of $\mathbf{x}$, one number per input, so it exists only for a scalar
# output: `jax.grad` refuses anything else.

# %%
def squares(x):
    return x * x


try:
    jax.grad(squares)(x)
except TypeError as err:
    print('TypeError:', err)

# %% [markdown]
# What reverse mode computes for a vector output is the *vector–Jacobian
# product*, for a vector $\mathbf{v} \in \mathbb{R}^m$ that we choose:
#
# $$\mathbf{v}^\top \mathbf{J} = \mathbf{v}^\top \partial_{\mathbf{x}} \mathbf{y}
# = \partial_{\mathbf{x}} \left(\mathbf{v}^\top \mathbf{y}\right),$$
#
# the gradient of the scalar $\mathbf{v}^\top\mathbf{y}$. `jax.vjp(squares, x)`
# runs the function once and returns its value together with a function, the
# *pullback*, that maps any $\mathbf{v}$ to $\mathbf{v}^\top\mathbf{J}$ (as a
# tuple, one entry per argument of `squares`). With $\mathbf{v}$ all ones, and
# $y_i = x_i^2$:

# %%
ys, pullback = jax.vjp(squares, x)
vjp_ones, = pullback(jnp.ones_like(ys))
vjp_ones

# %% [markdown]
# To see what that product is, build the Jacobian itself with `jax.jacrev`.
# Each $y_i$ depends on $x_i$ alone, so $\mathbf{J}$ is diagonal with
# $\partial y_i / \partial x_i = 2x_i$:

# %%
J = jax.jacrev(squares)(x)
J

# %% [markdown]
# Multiplying the row vector $\mathbf{v}^\top$ into $\mathbf{J}$ gives back
# what the pullback returned:

# %%
v = jnp.ones(4)
print('v^T J:    ', v @ J)
print('pullback: ', vjp_ones)
print('equal:    ', bool(jnp.array_equal(v @ J, vjp_ones)))

# %% [markdown]
# The vector $\mathbf{v}$ weights the rows of $\mathbf{J}$; the same pullback
# serves every $\mathbf{v}$, without running `squares` again and without
# forming $\mathbf{J}$:

# %%
v = jnp.array([1.0, -1.0, 0.5, 2.0])
vjp_v, = pullback(v)
print('v^T J:    ', v @ J)
print('pullback: ', vjp_v)
assert jnp.array_equal(v @ J, vjp_v)

# %% [markdown]
# Summing first and taking `jax.grad` of the scalar is the same as
# $\mathbf{v} = \mathbf{1}$:

# %%
jax.grad(lambda x: squares(x).sum())(x)

# %% [markdown]
# Because each $y_i$ depends on $x_i$ only, $\mathbf{1}^\top\mathbf{J}$ holds
# the derivatives $dy_i/dx_i$ of an element-wise function: a derivative on a
# whole grid at once. Take the sigmoid $\sigma(x) = 1/(1 + e^{-x})$, whose
# derivative is $\sigma(x)\,(1 - \sigma(x))$. We compute it in 64-bit floats,
# inside `with jax.enable_x64(True):`, as the PyTorch edition does in
# `float64`: in float32 the last bit of the sigmoid depends on the processor
# (whether it fuses a multiply and an add into one instruction), and the
# figure below, whose coordinates have six decimals, would show it.

# %%
with jax.enable_x64(True):
    t = jnp.linspace(-6, 6, 61)
    s = jax.nn.sigmoid(t)
    ds = jax.grad(lambda t: jax.nn.sigmoid(t).sum())(t)
    print('jax.grad matches sigma (1 - sigma):',
          bool(jnp.allclose(ds, s * (1 - s))))
    assert jnp.allclose(ds, s * (1 - s))

# %% [markdown]
# `d2l.plot` takes JAX arrays, so the function and its derivative go straight
# into one figure:

# %%
d2l.plot(t, [s, ds], 'x', 'value', legend=['sigmoid(x)', 'derivative by jax.grad'],
         ylim=(-0.05, 1.6))
d2l.plt.gca().get_legend().set_loc('upper left')

# %% [markdown]
# ## 2.5.3 Detaching Computation
#
# *Framework:* [PyTorch](../02_autograd.ipynb#2.5.3-Detaching-Computation) · **JAX**
#
# Sometimes part of a computation should count as a constant: say
# $z = g(x, y)$ with $y = f(x)$ a target that the gradient must not move. In
# JAX, `jax.lax.stop_gradient(y)` has the value of `y`, and derivative zero:
# the chain rule stops there. With $u$ = `stop_gradient(x * x)` and
# $z = u \cdot x$, $\partial z / \partial x$ is $u$, not the $3x^2$ of $x^3$:

# %%
def z(x):
    u = lax.stop_gradient(x * x)
    return (u * x).sum()


jax.grad(z)(x) == x * x

# %% [markdown]
# Without the stop, the same function is $\sum_i x_i^3$, with gradient $3x^2$;
# and $\mathbf{y} = \mathbf{x}^2$ itself, a separate function, still has the
# derivative $2x$. Nothing was cut out of a shared graph: each `jax.grad`
# differentiates exactly the function it is given.

# %%
print('without stop_gradient:',
      jax.grad(lambda x: (x * x * x).sum())(x) == 3 * x * x)
print('y = x * x alone:      ', jax.grad(lambda x: squares(x).sum())(x) == 2 * x)

# %% [markdown]
# ## 2.5.4 Gradients and Python Control Flow
#
# *Framework:* [PyTorch](../02_autograd.ipynb#2.5.4-Gradients-and-Python-Control-Flow) · **JAX**
#
# `jax.grad` runs our Python function on the actual numbers, carrying along
# what it needs to differentiate. So `while` and `if` see concrete values, and
# JAX differentiates the path actually taken. Here the number of doublings
# depends on `a`, and so does the branch:

# %%
def f(a):
    b = a * 2
    while jnp.linalg.norm(b) < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c


# %% [markdown]
# Draw a random scalar `a`. JAX's random numbers come from an explicit key,
# made by `jax.random.key` (older code uses the legacy `jax.random.PRNGKey`),
# so the same key gives the same `a` on every run:

# %%
a = jax.random.normal(jax.random.key(0), ())
d = f(a)
print('a =', a)
assert a == jax.random.normal(jax.random.key(0), ())

# %% [markdown]
# Whatever path it takes, `f` only multiplies `a` by constants: for a given
# `a`, $f(a) = k\,a$, with $k$ a power of two (times 100 when `a` is
# negative). So the derivative is that same $k$, which we can read off as
# $d/a$:

# %%
print('slope k = d / a =', d / a)
jax.grad(f)(a) == d / a

# %% [markdown]
# A different `a` takes a different path, and `jax.grad` follows it; a
# negative one lands in the other branch, with a slope 100 times larger:

# %%
for value in [0.001, 0.5, -0.5]:
    print(f'a = {value:6}:  df/da = {float(jax.grad(f)(value)):8.0f}')

# %% [markdown]
# ### What changes under `jax.jit`
#
# `jax.jit` compiles a function for speed. To compile it, JAX runs it once on
# stand-ins (*tracers*) that know only the shape and type of `a`, not its
# value, and the compiled program is reused for every value. A Python `if` or
# `while` on such a stand-in has nothing to decide with, and JAX stops with an
# error:

# %%
try:
    jax.jit(f)(a)
except jax.errors.TracerBoolConversionError as err:
    print(type(err).__name__ + ':', str(err).splitlines()[0])

# %% [markdown]
# A compiled function expresses its control flow as operations of its own:
# `lax.while_loop(cond, body, start)` and `lax.cond(pred, if_true, if_false,
# operand)` become part of the program, and decide when it runs.

# %%
def f_compiled(a):
    b = lax.while_loop(lambda b: jnp.linalg.norm(b) < 1000, lambda b: b * 2, a * 2)
    return lax.cond(b.sum() > 0, lambda b: b, lambda b: 100 * b, b)


f_jit = jax.jit(f_compiled)
print('the same value as f:', bool(f_jit(a) == d))

# %% [markdown]
# One more difference: reverse mode must remember every step of a loop to run
# it backward, and `lax.while_loop` does not know in advance how many steps
# there will be, so `jax.grad` refuses it:

# %%
try:
    jax.grad(f_jit)(a)
except ValueError as err:
    print('ValueError:', str(err).split(' with dynamic')[0])

# %% [markdown]
# Forward mode needs no memory of past steps: it carries each derivative along
# with its value, the other direction that Wengert used (and the chapter
# [Autodiff from scratch](../03_autodiff_from_scratch.ipynb) builds).
# `jax.jacfwd` differentiates forward, and with one input it gives the same
# derivative $d/a$ as before, compiled:

# %%
df_forward = jax.jit(jax.jacfwd(f_compiled))
print('forward mode, compiled:', df_forward(a), ' d / a =', d / a)
assert df_forward(a) == d / a

# %% [markdown]
# (Loops of a fixed length, `lax.fori_loop` with constant bounds or
# `lax.scan`, work with `jax.grad` too.) Data-dependent loops like these let a
# model do different work on different inputs, such as a recurrent network
# reading sentences of different lengths, while the gradient still comes for
# free.

# %% [markdown]
# ## 2.5.5 Discussion
#
# *Framework:* [PyTorch](../02_autograd.ipynb#2.5.5-Discussion) · **JAX**
#
# In short: `jax.grad` turns a function with a scalar output into the function
# that computes its gradient, by the chain rule run backward over the steps the
# function performs; for a vector output, `jax.vjp` gives vector–Jacobian
# products and `jax.jacrev` the whole Jacobian; `lax.stop_gradient` makes a
# value a constant for differentiation; Python control flow is differentiated
# along the path taken, and under `jax.jit` it becomes `lax.cond` and
# `lax.while_loop`.
#
# Where PyTorch takes four steps (mark the inputs, compute, call `backward`,
# read and reset `.grad`), JAX takes two: write the computation as a function
# of its inputs, and call `jax.grad` of it at the point you want. The price is
# that everything the gradient depends on must be an argument of that
# function, with no hidden state; in return, gradients compose with the other
# transformations: `jax.vmap` over a batch, `jax.jit` to compile, and `grad`
# of `grad` for higher derivatives.

# %% [markdown]
# ## 2.5.A Gradients in a Training Loop
#
# *Framework:* [PyTorch](../02_autograd.ipynb#2.5.A-Gradients-in-a-Training-Loop) · **JAX**
#
# *(A companion section, not in the textbook; its letter keeps the textbook's
# numbers for the sections around it.)* Training repeats three things
# thousands of times: compute the loss, get its gradient, and move each
# parameter a little against it. In PyTorch that loop needs care: updates
# inside `no_grad`, `.grad` cleared at every step. In JAX most of that care
# disappears, because parameters are plain arrays passed to functions, and a
# step is a function from the old parameters to the new ones.
#
# ### One step, as a function
#
# Fit a linear model $\hat{y} = \mathbf{X}\mathbf{w}$ to 8 examples with 3
# features by the mean squared error. The data come from two keys, one for
# the features and one for the noise:

# %%
key_X, key_noise = jax.random.split(jax.random.key(0))
X = jax.random.normal(key_X, (8, 3))
noise = 0.1 * jax.random.normal(key_noise, (8,))
targets = X @ jnp.array([2.0, -1.0, 0.5]) + noise


def mse(w, X=X, targets=targets):
    return ((X @ w - targets) ** 2).mean()


# %% [markdown]
# A gradient step returns *new* parameters: `w - lr * g` is a new array, and
# the old `w` is left as it was. Nothing is recorded, so nothing has to be
# switched off (no `no_grad`), and nothing is stored in `w`, so nothing has to
# be cleared (no `zero_grad`). `jax.jit` compiles the whole step once:

# %%
@jax.jit
def sgd_step(w, lr=0.1):
    loss, g = jax.value_and_grad(mse)(w)
    return w - lr * g, loss


w0 = jnp.zeros(3)
w1, loss0 = sgd_step(w0)
# the gradient of the MSE, on paper
by_formula = 2 / 8 * X.T @ (X @ w0 - targets)
print(f'loss at w0: {loss0:.4f}', '  w1:', w1)
print('w0 is unchanged:', w0)
assert jnp.allclose(w1, w0 - 0.1 * by_formula)

# %% [markdown]
# Each call of `jax.grad` computes a fresh gradient, so the PyTorch mistake of
# forgetting `zero_grad`, where old gradients keep being added to new ones,
# cannot happen by accident. Eight steps, and the loss falls at every one:

# %%
w, losses = w0, []
for step in range(8):
    w, loss = sgd_step(w)
    losses.append(float(loss))
print(' '.join(f'{loss:.4f}' for loss in losses))
assert all(a > b for a, b in zip(losses, losses[1:]))

# %% [markdown]
# ### No in-place updates: `.at[].set`
#
# PyTorch updates a parameter in place, `w -= lr * w.grad` or `w[0] = 1.0`,
# and that is why it needs `no_grad` around the update. JAX arrays are
# *immutable*: assigning into one raises an error (we print its first
# sentence), which is what a learner coming from PyTorch or NumPy meets first.

# %%
try:
    w0[0] = 1.0
except TypeError as err:
    print('TypeError:', str(err).split('. ')[0] + '.')

# %% [markdown]
# The functional way is `.at[index].set(value)`: it returns a *new* array with
# that entry replaced, and leaves the old one alone (`.at[index].add(value)`
# and friends work the same way). Under `jax.jit`, XLA reuses the memory of
# the old array when nothing reads it any more, so the copy usually costs
# nothing.

# %%
w_set = w0.at[0].set(1.0)
print('new array:', w_set, '  old array:', w0)
assert w_set[0] == 1.0 and jnp.array_equal(w_set[1:], w0[1:]) and jnp.all(w0 == 0)

# %% [markdown]
# ### Parameters as a pytree, and a key per step
#
# A model has more than one array of parameters. JAX keeps them in a *pytree*,
# any nesting of dicts, lists and tuples with arrays at the leaves, and
# `jax.grad` of a function of a pytree returns a pytree of the same shape: one
# gradient per parameter. Give our model a bias, $\hat{y} = \mathbf{X}\mathbf{w} + b$,
# and keep both in a dict:

# %%
def loss_fn(params, X, targets):
    return ((X @ params['w'] + params['b'] - targets) ** 2).mean()


params0 = {'w': jnp.zeros(3), 'b': jnp.zeros(())}
grads = jax.grad(loss_fn)(params0, X, targets)
print('gradient keys:', list(grads), '  shapes:', grads['w'].shape,
      grads['b'].shape)
assert jax.tree.structure(grads) == jax.tree.structure(params0)

# %% [markdown]
# `jax.tree.map(fn, params, grads)` applies `fn` leaf by leaf to trees of the
# same shape, so one line updates every parameter, however many there are:

# %%
stepped = jax.tree.map(lambda p, g: p - 0.1 * g, params0, grads)
print('w:', stepped['w'], f'  b: {stepped["b"]:.4f}')
assert jnp.array_equal(stepped['w'], params0['w'] - 0.1 * grads['w'])
assert stepped['b'] == params0['b'] - 0.1 * grads['b']

# %% [markdown]
# Stochastic gradient descent draws a new minibatch at every step, so it needs
# new random numbers at every step. A JAX key must not be used twice (it
# would give the same numbers again), so each step splits the key it carries
# into a new one to carry on and a subkey to use once. Twenty steps on
# minibatches of 4 of the 8 examples:

# %%
@jax.jit
def pytree_step(params, X, targets, lr=0.1):
    grads = jax.grad(loss_fn)(params, X, targets)
    return jax.tree.map(lambda p, g: p - lr * g, params, grads)


key, params, batches = jax.random.key(1), params0, []
for step in range(20):
    key, subkey = jax.random.split(key)               # a fresh key for each step
    batch = jax.random.permutation(subkey, 8)[:4]
    batches.append(batch.tolist())
    params = pytree_step(params, X[batch], targets[batch])
print('first three minibatches:', batches[:3])
start, end = loss_fn(params0, X, targets), loss_fn(params, X, targets)
print(f'full-batch loss: {start:.4f} before, {end:.4f} after')
assert len({tuple(b) for b in batches}) > 1 and end < start / 10

# %% [markdown]
# ### Freezing a part, and the gradient of an intermediate value
#
# To freeze parameters, do not differentiate with respect to them: `argnums`
# names the arguments `jax.grad` differentiates, and the others are held
# constant, as `requires_grad_(False)` does in PyTorch. With $b$ held at 1,
# the gradient for $\mathbf{w}$ of the mean squared error over $n = 8$
# examples is $\frac{2}{n}\mathbf{X}^\top(\mathbf{X}\mathbf{w} + b - \mathbf{y})$:

# %%
def loss_of(w, b):
    return ((X @ w + b - targets) ** 2).mean()


g_w = jax.grad(loss_of, argnums=0)(w0, 1.0)        # b = 1.0 held constant
closed_form = 2 / 8 * X.T @ (X @ w0 + 1.0 - targets)  # 2/n X^T (Xw + b - y)
print('gradient for w only:  ', g_w)
print('2/n X^T (Xw + b - y): ', closed_form)
assert jnp.allclose(g_w, closed_form)

# %% [markdown]
# With `argnums=(0, 1)`, `jax.grad` differentiates with respect to both and
# returns a tuple of two gradients, in the order of `argnums`; the one for
# $b$ is $\frac{2}{n}\sum_i (\mathbf{X}\mathbf{w} + b - \mathbf{y})_i$:

# %%
both = jax.grad(loss_of, argnums=(0, 1))(w0, 1.0)
print(f'a {type(both).__name__} of {len(both)}:  for w', both[0],
      f'  for b {both[1]:.4f}')
assert isinstance(both, tuple) and len(both) == 2
assert jnp.allclose(both[0], closed_form)
assert jnp.allclose(both[1], 2 / 8 * (X @ w0 + 1.0 - targets).sum())

# %% [markdown]
# Where PyTorch needs `retain_grad` to keep the gradient of an intermediate
# value $\mathbf{h}$, in JAX we write the rest of the computation as a
# function of $\mathbf{h}$ and differentiate that: the gradient of
# $\sum_i h_i^2$ is $2\mathbf{h}$.

# %%
h = 3 * jnp.array([1.0, -2.0])
print('gradient at h:', jax.grad(lambda h: (h ** 2).sum())(h), ' 2h:', 2 * h)

# %% [markdown]
# ### Accumulating gradients over micro-batches
#
# When a batch is too large for memory, we cut it into micro-batches and add
# up their gradients before one step: in JAX, an explicit sum. Each
# micro-batch's loss is a mean over its 2 examples, so each gradient is scaled
# by $1/4$ for the sum to be the full batch's gradient:

# %%
full_batch = jax.grad(mse)(w0)
accumulated = sum(jax.grad(mse)(w0, X[i:i + 2],
                                targets[i:i + 2]) / 4 for i in range(0, 8, 2))
print('full batch:      ', full_batch)
print('4 micro-batches: ', accumulated)
assert jnp.allclose(accumulated, full_batch, atol=1e-6)

# %% [markdown]
# Under `jax.jit` that Python loop would be unrolled into one long program.
# `lax.scan` runs it as a loop of the compiled program instead: it steps
# over the first axis of `(X_parts, targets_parts)`, one micro-batch at a
# time, and carries only the running sum from one to the next, which is what
# saves memory. `jax.vmap` computes the four gradients side by side instead,
# with the memory of the full batch, and we average them. Both give the full
# batch's gradient, up to rounding:

# %%
X_parts, targets_parts = X.reshape(4, 2, 3), targets.reshape(4, 2)


def add_part(total, part):
    X_part, targets_part = part
    return total + jax.grad(mse)(w0, X_part, targets_part) / 4, None


scan_sum, _ = lax.scan(add_part, jnp.zeros(3), (X_parts, targets_parts))
grad_per_part = jax.vmap(jax.grad(mse), in_axes=(None, 0, 0))
vmap_mean = grad_per_part(w0, X_parts, targets_parts).mean(axis=0)
for name, g in [('lax.scan', scan_sum), ('jax.vmap', vmap_mean)]:
    agrees = bool(jnp.allclose(g, full_batch, atol=1e-6))
    print(f'{name} equals the full batch:', agrees)
    assert agrees

# %% [markdown]
# ## 2.5.B Where Training Loops Go Wrong
#
# *Framework:* [PyTorch](../02_autograd.ipynb#2.5.B-Where-Training-Loops-Go-Wrong) · **JAX**
#
# *(A companion section, like 2.5.A.)* The PyTorch edition of this section
# reproduces the mistakes most often made in a first training loop. Several
# come from state that PyTorch keeps for us: a graph behind every result, a
# `.grad` that accumulates, tensors changed in place. JAX keeps no such
# state, so those mistakes have nothing to happen to; the others carry over,
# as a few lines we write ourselves. Each claim is checked by `assert`.
#
# ### Logging the loss: a JAX array is a value
#
# In PyTorch, `total += loss` keeps every step's graph alive, because the
# loss refers to the graph that computed it. The loss that
# `jax.value_and_grad` returns is a number in an array and nothing more: the
# computation JAX traced to get the gradient is gone once the step returns.
# A hundred steps of 2.5.A's `sgd_step`, each loss added to `total`, and
# `total` is still one 32-bit float, 4 bytes:

# %%
w, total = w0, 0.0
for step in range(100):
    w, loss = sgd_step(w)
    total += loss
print(f'total: {total:.2f}   shape: {total.shape}   bytes: {total.nbytes}')
assert isinstance(total, jax.Array) and total.nbytes == loss.nbytes == 4

# %% [markdown]
# (`float(loss)` gives a Python float, as PyTorch's `.item()` does, and
# likewise waits for the step to finish.) What does keep values alive in JAX
# is a function that holds them: the pullback of `jax.vjp` (2.5.2) keeps
# every value the backward pass needs, for as long as we keep the pullback.
#
# ### Logging more than the loss: `has_aux=True`
#
# A function that `jax.grad` differentiates must return one scalar. To log
# other numbers too, such as the mean absolute error, without computing the
# predictions twice, the function returns a pair `(loss, aux)`, and
# `has_aux=True` tells JAX to differentiate the first and hand the second
# back as it is. Without it, `grad` refuses the pair:

# %%
def loss_and_metrics(params, X, targets):
    errors = X @ params['w'] + params['b'] - targets
    return (errors ** 2).mean(), {'mae': jnp.abs(errors).mean()}


try:
    jax.grad(loss_and_metrics)(params0, X, targets)
except TypeError as err:
    print('TypeError:', str(err).split('. ')[0] + '.')

# %% [markdown]
# With `has_aux=True`, `jax.value_and_grad` returns `((loss, aux), grads)`,
# and the gradient is that of the loss alone, the same as for 2.5.A's
# `loss_fn`:

# %%
loss_metrics_grad = jax.value_and_grad(loss_and_metrics, has_aux=True)
(loss, metrics), grads = loss_metrics_grad(params0, X, targets)
print(f'loss: {loss:.4f}   mean absolute error: {metrics["mae"]:.4f}')
def trees_agree(test, a, b):  # test(leaf of a, leaf of b) holds at every leaf
    return all(jax.tree.leaves(jax.tree.map(test, a, b)))


assert jnp.isclose(loss, loss_fn(params0, X, targets))
assert trees_agree(jnp.allclose, grads, jax.grad(loss_fn)(params0, X, targets))

# %% [markdown]
# ### No `no_grad()` and no `eval()`: a `train` flag
#
# JAX has no counterpart to either, beyond two habits. JAX differentiates
# only inside `jax.grad` and its kin, so code that is not differentiated
# records nothing: that is all `torch.no_grad()` does. And where
# `model.eval()` changes what layers such as dropout compute, a JAX layer is
# a function, and training or not is one more argument: a `train` flag,
# with a random key for dropout's mask (libraries built on JAX do the same;
# Flax's dropout takes `deterministic`). Run twice with two keys, this layer
# gives two outputs while training and one otherwise:

# %%
def dropout(x, key, train, rate=0.5):
    if not train:
        return x
    keep = jax.random.bernoulli(key, 1 - rate, x.shape)
    return jnp.where(keep, x / (1 - rate), 0.0)


def layer(W, x, key, train):
    return dropout(jnp.tanh(x @ W), key, train)


W = jax.random.normal(jax.random.key(2), (4, 4))
inputs, (key_a, key_b) = jnp.ones((2, 4)), jax.random.split(jax.random.key(3))
for train in [True, False]:
    first, second = (layer(W, inputs, key, train) for key in (key_a, key_b))
    same = bool(jnp.array_equal(first, second))
    print(f'train={train!s:5}   same output with two keys: {same}')
    assert same == (not train)

# %% [markdown]
# ### New arrays, never changed in place
#
# Two of PyTorch's errors have no JAX counterpart. `w = w - lr * w.grad`
# under `no_grad` makes a new tensor that no longer requires gradients, and
# the next `backward` fails; in JAX a new array is what an update is meant to
# make (2.5.A), since the next `jax.grad` receives it as an argument. And
# "modified by an inplace operation" needs a value that changed after it was
# saved for the backward pass; a JAX array never changes, and `.at[].set`
# makes a new one.
#
# ### `stop_gradient` where PyTorch uses `detach`
#
# What PyTorch does with `detach`, JAX does with `lax.stop_gradient` (2.5.3):
# a value that counts as a constant. One use mixes two computations in one
# expression. The *straight-through estimator* of quantized networks rounds
# in the forward pass but lets the gradient through as if nothing had been
# rounded: `x + stop_gradient(round(x) - x)` has the value of `round(x)` and
# the derivative 1 of `x`, where `round` alone has derivative 0 and would
# train nothing:

# %%
def round_straight_through(x):
    return x + lax.stop_gradient(jnp.round(x) - x)


xs = jnp.array([0.2, 1.7, -0.6])
through = jax.grad(lambda x: round_straight_through(x).sum())(xs)
plain = jax.grad(lambda x: jnp.round(x).sum())(xs)
print('value:', round_straight_through(xs), '  gradient:', through,
      '  gradient of round:', plain)
assert jnp.array_equal(round_straight_through(xs), jnp.round(xs))
assert jnp.array_equal(through, jnp.ones(3))
assert jnp.array_equal(plain, jnp.zeros(3))

# %% [markdown]
# ### Clipping the gradient: a function between `grad` and the update
#
# Clipping by the global norm rescales all the gradients of a model together,
# keeping their direction, so that their joint norm over every leaf of the
# pytree is at most `max_norm`. PyTorch's `clip_grad_norm_` changes `.grad`,
# so it works only after `backward` and before `step`. In JAX the gradient is
# the value `jax.grad` returns, and clipping is a function of it: the only
# place it can go is between computing the gradient and using it. (The
# library optax has it, as `optax.clip_by_global_norm`; it is a few lines.)

# %%
def global_norm(tree):
    return jnp.sqrt(sum(jnp.sum(leaf ** 2) for leaf in jax.tree.leaves(tree)))


def clip_by_global_norm(grads, max_norm):
    scale = jnp.minimum(1.0, max_norm / global_norm(grads))
    return jax.tree.map(lambda g: scale * g, grads)


# %% [markdown]
# The gradient of 2.5.A's model with a bias, at zero, has a norm above 4.
# Clipped to 1, its norm is 1 and each leaf is the old one divided by that
# norm; a gradient already within `max_norm` passes unchanged:

# %%
grads = jax.grad(loss_fn)(params0, X, targets)
norm = global_norm(grads)
clipped = clip_by_global_norm(grads, max_norm=1.0)
print(f'norm before clipping: {norm:.4f}')
print(f'norm after clipping:  {global_norm(clipped):.4f}')
assert jnp.isclose(global_norm(clipped), 1.0)
assert trees_agree(lambda c, g: jnp.allclose(c * norm, g), clipped, grads)
assert trees_agree(jnp.array_equal, clip_by_global_norm(grads, 10.0), grads)

# %% [markdown]
# Put together, one compiled step logs the loss with `has_aux`, clips, and
# updates every leaf; its first step moves the parameters by exactly the
# clipped gradient times the learning rate, and the loss falls at each of
# 8 steps:

# %%
@jax.jit
def clipped_step(params, X, targets, lr=0.1, max_norm=1.0):
    (loss, metrics), grads = loss_metrics_grad(params, X, targets)
    grads = clip_by_global_norm(grads, max_norm)
    return jax.tree.map(lambda p, g: p - lr * g, params, grads), loss


params, losses = params0, []
for step in range(8):
    params, loss = clipped_step(params, X, targets)
    losses.append(float(loss))
    if step == 0:
        first = jax.tree.map(lambda p, c: p - 0.1 * c, params0, clipped)
        assert trees_agree(jnp.allclose, params, first)
print(' '.join(f'{loss:.4f}' for loss in losses))
assert all(a > b for a, b in zip(losses, losses[1:]))

# %% [markdown]
# ### Forgetting to reset a running sum is momentum
#
# A JAX gradient never accumulates by itself, but a loop that adds gradients
# up, for micro-batches say, can forget to set its sum back to zero. Then
# every step uses the sum of all the gradients so far, as PyTorch's `.grad`
# does without `zero_grad`. SGD with momentum $\mu$ and dampening $\tau$
# steps along the *velocity*
# $\mathbf{b}_t = \mu\,\mathbf{b}_{t-1} + (1 - \tau)\,\mathbf{g}_t$, and with
# $\mu = 1$, $\tau = 0$ that is the same running sum. This function runs 8
# steps of 2.5.A's fit, each along the vector that `rule` makes of the
# previous one and the new gradient, in 64-bit floats:

# %%
def run(rule, steps=8, lr=0.1):
    with jax.enable_x64(True):
        X64, targets64 = X.astype(jnp.float64), targets.astype(jnp.float64)
        w, used, losses = jnp.zeros(3), jnp.zeros(3), []
        for _ in range(steps):
            loss, g = jax.value_and_grad(mse)(w, X64, targets64)
            used = rule(used, g)
            w = w - lr * used
            losses.append(float(loss))
    return losses


def sgd(used, g):
    return g                       # each step its own gradient


def never_reset(used, g):
    return used + g                # a running sum, never set back to zero


def momentum(used, g, mu=1.0, tau=0.0):
    return mu * used + (1 - tau) * g


# %% [markdown]
# The running sum and momentum 1 give the same losses, to the last bit. Both
# fall faster than plain SGD at first, then overshoot: no old gradient ever
# fades, so the parameters roll past the minimum like a ball without
# friction (the usual momentum, 0.9, lets each gradient's share shrink step
# after step):

# %%
right, forgot, heavy = run(sgd), run(never_reset), run(momentum)
print(f'{"step":>4}{"SGD":>9}{"never reset":>14}{"momentum 1":>13}')
for step, (a, b, c) in enumerate(zip(right, forgot, heavy), 1):
    print(f'{step:4}{a:9.4f}{b:14.4f}{c:13.4f}')
assert forgot == heavy
assert forgot[2] < right[2] and forgot[-1] > 3 * right[-1]

# %% [markdown]
# ## 2.5.C Function Transforms
#
# *Framework:* [PyTorch](../02_autograd.ipynb#2.5.C-Function-Transforms) · **JAX**
#
# *(A companion section.)* For the questions of this section the PyTorch
# edition turns to `torch.func`, a library of function transforms modelled
# on JAX's. In JAX they are the everyday tools, and they compose:
# `jax.vmap(jax.grad(f))` applies the gradient of `f` to every row of a
# batch, and `jax.jvp` of `jax.grad(f)` differentiates the gradient along a
# direction.
#
# ### Per-example gradients
#
# The gradient of a batch's mean loss is the mean of the examples' own
# gradients. Some methods need each of them: differentially private training
# clips every example's gradient before averaging, and their sizes tell
# which examples the model fits worst. `jax.vmap(jax.grad(example_loss))`
# computes them all in one batched pass; `in_axes=(None, 0, 0)` gives every
# example the same `w`, and its own row of `X` and of `targets`:

# %%
def example_loss(w, x, target):
    return (x @ w - target) ** 2


w = jnp.array([1.0, -0.5, 0.0])
per_example_grad = jax.vmap(jax.grad(example_loss), in_axes=(None, 0, 0))
per_example = per_example_grad(w, X, targets)
per_example.shape

# %% [markdown]
# One row per example. A Python loop, one `jax.grad` per example, gives the
# same rows, and so does the formula
# $2(\mathbf{x}_i^\top\mathbf{w} - y_i)\,\mathbf{x}_i$; their mean is the
# gradient of the batch's loss:

# %%
by_loop = jnp.stack([jax.grad(example_loss)(w, x_i, target_i)
                     for x_i, target_i in zip(X, targets)])
print('norms of the 8 gradients:', jnp.linalg.norm(per_example, axis=1))
print('the loop agrees:', bool(jnp.allclose(per_example, by_loop)))
assert jnp.allclose(per_example, by_loop)
assert jnp.allclose(per_example, 2 * (X @ w - targets)[:, None] * X)
assert jnp.allclose(per_example.mean(axis=0), jax.grad(mse)(w))

# %% [markdown]
# ### Hessian-vector products
#
# Forward mode first. `jax.jvp(f, (w,), (v,))` evaluates `f` at
# $\mathbf{w}$ and, in the same pass, its derivative along the direction
# $\mathbf{v}$: the *Jacobian-vector product* $\mathbf{J}\mathbf{v}$, for a
# scalar `f` the slope $\nabla f(\mathbf{w})^\top\mathbf{v}$. Take the
# log-cosh loss $\frac{1}{n}\sum_i \log\cosh r_i$ of the residuals
# $r_i = \mathbf{x}_i^\top\mathbf{w} - y_i$, whose Hessian, unlike the mean
# squared error's, changes with $\mathbf{w}$. As $(\log\cosh)' = \tanh$, the
# slope is $\frac{1}{n}\sum_i \tanh(r_i)\,\mathbf{x}_i^\top\mathbf{v}$:

# %%
def log_cosh(w):
    return jnp.log(jnp.cosh(X @ w - targets)).mean()


v = jnp.array([1.0, 2.0, -1.0])
value, slope = jax.jvp(log_cosh, (w,), (v,))
r = X @ w - targets
closed_form = jnp.mean(jnp.tanh(r) * (X @ v))
print(f'value: {value:.4f}   slope by jvp: {slope:.4f}', end='   ')
print(f'by the formula: {closed_form:.4f}')
assert jnp.isclose(value, log_cosh(w)) and jnp.isclose(slope, closed_form)

# %% [markdown]
# The Hessian $\mathbf{H}$ of a loss of $p$ parameters has $p^2$ entries, far
# too many to form for a real model. Many methods need only its products
# $\mathbf{H}\mathbf{v}$: the curvature along a direction, Newton steps
# solved iteratively, the largest eigenvalue by power iteration. And
# $\mathbf{H}\mathbf{v}$ is the derivative of the gradient along
# $\mathbf{v}$: one `jvp` of the function `jax.grad(log_cosh)`, at the cost
# of a few gradients, with no $\mathbf{H}$ formed. Next to it, the full
# `jax.hessian` times $\mathbf{v}$:

# %%
_, hvp = jax.jvp(jax.grad(log_cosh), (w,), (v,))
H = jax.hessian(log_cosh)(w)
print('H v by jvp of grad:', hvp)
print('H v by the full H: ', H @ v)
assert jnp.allclose(hvp, H @ v)

# %% [markdown]
# Differentiating twice by hand gives
# $\mathbf{H} = \frac{1}{n}\sum_i \operatorname{sech}^2(r_i)\,
# \mathbf{x}_i\mathbf{x}_i^\top$, and both agree with it. (`jax.hessian(f)`
# is itself forward over reverse, `jax.jacfwd(jax.jacrev(f))`: one `jvp` of
# the gradient per column.)

# %%
by_hand = X.T @ (X / jnp.cosh(r)[:, None] ** 2) / len(X)
print('H equals the formula:  ', bool(jnp.allclose(H, by_hand)))
print('H v equals the formula:', bool(jnp.allclose(hvp, by_hand @ v)))
assert jnp.allclose(H, by_hand) and jnp.allclose(hvp, by_hand @ v)

# %% [markdown]
# ## 2.5.6 Exercises
#
# *Framework:* [PyTorch](../02_autograd.ipynb#2.5.6-Exercises) · **JAX**
#
# Worked and checked solutions in JAX are in
# [`solutions/02_autograd_solutions.ipynb`](solutions/02_autograd_solutions.ipynb).
# The answer cells run the JAX edition's checks,
# `d2l.exercise("jax/02_autograd", n)`: a function of yours is called on JAX
# arrays, a JAX number is a number, and the feedback speaks JAX (exercises 2, 9
# and 10 ask about PyTorch on purpose, and speak PyTorch).
# `d2l.exercise("jax/02_autograd", 1).hint()` gives a nudge, `.solution()` the
# worked solution in JAX, and
# [Exercise checks](../92_utilities_exercises.ipynb) explains how the checks
# work.

# %% [markdown]
# 1. Explain why a second derivative costs much more to compute than a first
#    one. (In JAX, the second derivative of a scalar function is
#    `jax.grad(jax.grad(f))`.)

# %%
# Your answer: replace None with the letters of all true statements, e.g. "AD".
answer = None
d2l.exercise("jax/02_autograd", 1).check(answer)

# %% [markdown]
# 2. In PyTorch, call `backward` on the same result twice in a row. What
#    happens, and why? (Calling a JAX gradient function twice simply computes
#    the gradient twice: there is no recorded graph to use up. The question is
#    about PyTorch's tape; see its [edition](../02_autograd.ipynb).)

# %%
# Your answer: replace None with one letter, "A" to "D".
answer = None
d2l.exercise("jax/02_autograd", 2).check(answer)

# %% [markdown]
# 3. In the control-flow example, replace the scalar `a` by a random vector,
#    then by a random matrix. Now `f(a)` is not a scalar: what has to change
#    to differentiate it, what does the result mean, and how can we check it?

# %%
# Your answer: replace None with a function of (a, d), d = f(a), returning the
# gradient of the sum of d with respect to a (an array of the shape of a),
# computed without autodiff.
answer = None
d2l.exercise("jax/02_autograd", 3).check(answer)

# %% [markdown]
# 4. Plot $f(x) = \sin x$ together with its derivative, obtaining the
#    derivative from automatic differentiation rather than from the formula
#    $\cos x$.

# %%
# Your answer: replace None with a function of an array x returning the
# derivative of sin at each entry of x, computed by jax.grad (with jax.vmap, or
# of a sum), not with cos.
answer = None
d2l.exercise("jax/02_autograd", 4).check(answer)

# %% [markdown]
# 5. Draw the dependency graph of $f(x) = (\log x^2) \cdot \sin x + x^{-1}$,
#    from the input $x$ through every intermediate value to $f(x)$.

# %%
# Your answer: replace None with a dict from step names to SymPy strings, one
# operation each, on x and the names of earlier steps, in order, the last step
# named "f", e.g. {"u1": "x**2", ..., "f": "..."}.
answer = None
d2l.exercise("jax/02_autograd", 5).check(answer)

# %% [markdown]
# 6. Differentiate this $f$ with the chain rule, and mark on the graph where
#    each term of $df/dx$ comes from.

# %%
# Your answer: replace None with a function of x (jax.numpy) or a SymPy
# expression or string in x.
answer = None
d2l.exercise("jax/02_autograd", 6).check(answer)

# %% [markdown]
# 7. With the graph and the local derivatives in hand, compute $df/dx$ twice:
#    once moving from $x$ towards $f$ (forward differentiation), and once
#    moving from $f$ back to $x$ (backward differentiation).

# %%
# Your answer: replace None with a pair of numbers: df/dx at x = 2, and the
# adjoint df/du1 at x = 2 of the step u1 = x^2 (the partial derivative of f with
# respect to u1), e.g. (0.123, 0.456).
answer = None
d2l.exercise("jax/02_autograd", 7).check(answer)

# %% [markdown]
# 8. When does forward differentiation pay off, and when backward? Think of
#    how much intermediate data each must keep, how well each can run in
#    parallel, and the sizes of the matrices and vectors involved.

# %%
# Your answer: replace None with the letters of all true statements, e.g. "AD".
answer = None
d2l.exercise("jax/02_autograd", 8).check(answer)

# %% [markdown]
# 9. PyTorch's `torch.no_grad()`, `detach()` and `requires_grad_(False)` all
#    keep autograd from recording, but not in the same way (see the
#    [PyTorch edition's 2.5.A](../02_autograd.ipynb#2.5.A-Gradients-in-a-Training-Loop)).
#    Which of the statements the check lists are true? (In JAX their roles are
#    played by not differentiating, `stop_gradient` and `argnums`.)

# %%
# Your answer: replace None with the letters of all true statements, e.g. "AD".
answer = None
d2l.exercise("jax/02_autograd", 9).check(answer)

# %% [markdown]
# 10. This PyTorch loop forgets `optimizer.zero_grad()`:
#
#     ```python
#     w = torch.tensor(1.0, requires_grad=True)
#     optimizer = torch.optim.SGD([w], lr=0.1)
#     for step in range(3):
#         loss = (w - 3) ** 2
#         loss.backward()
#         optimizer.step()
#     ```
#
#     Work out by hand what `w` is after the three steps. In JAX, reproduce the
#     mistake on purpose: keep a running sum of the gradients from `jax.grad`
#     and step with the sum.

# %%
# Your answer: replace None with a number: w after the three steps.
answer = None
d2l.exercise("jax/02_autograd", 10).check(answer)

# %% [markdown]
# 11. A batch of `batch_size` examples is too big for memory, so it is cut into
#     micro-batches, which need not all have the same size (the last one is
#     often smaller). Each micro-batch's loss is the *mean* over its examples;
#     its gradient is multiplied by a factor, and the scaled gradients are
#     added up before one step. What must the factor of a micro-batch of
#     `micro_batch_size` examples be for the sum to equal the gradient of the
#     mean loss over the whole batch?

# %%
# Your answer: replace None with a function of (batch_size, micro_batch_size)
# returning the factor for a micro-batch of that size.
answer = None
d2l.exercise("jax/02_autograd", 11).check(answer)

# %% [markdown]
# 12. *(On 2.5.B.)* In PyTorch, `total += loss` keeps every step's graph in
#     memory until the loop ends. A JAX loop logs its losses the ways the check
#     lists: which of them keeps the computation of each step's loss alive?

# %%
# Your answer: replace None with one letter, "A" to "D".
answer = None
d2l.exercise("jax/02_autograd", 12).check(answer)

# %% [markdown]
# 13. *(On 2.5.C.)* For a linear model with weights `w` and the squared error
#     $(\mathbf{x}_i^\top \mathbf{w} - y_i)^2$ of each example, compute the norm
#     of each example's gradient with respect to `w`, for a batch `X` of shape
#     `(n, 3)` and targets `y` of shape `(n,)`. Such norms are what
#     per-example clipping looks at.

# %%
# Your answer: replace None with a function of (X, y, w) returning, for each
# example i, the norm of the gradient with respect to w of its squared error
# (X[i] @ w - y[i]) ** 2: an array of shape (n,) for X of shape (n, 3).
answer = None
d2l.exercise("jax/02_autograd", 13).check(answer)

# %%
# Which exercises of this chapter are answered right in this kernel (run it again
# after answering some)
d2l.progress("jax/02_autograd")

# %% [markdown]
# ---
# [Contents](../00_index.ipynb) ·
# previous: [2.4 Calculus in JAX](01_calculus.ipynb) ·
# next: [Autodiff from scratch](../03_autodiff_from_scratch.ipynb) ·
# [solutions to these exercises](solutions/02_autograd_solutions.ipynb) ·
# this page in [PyTorch](../02_autograd.ipynb) ·
# the textbook's [2.5 Automatic Differentiation](https://d2l.ai/chapter_preliminaries/autograd.html)
