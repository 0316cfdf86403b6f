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
# *Framework:* **PyTorch** · [JAX](jax/02_autograd.ipynb)
#
# The previous chapter differentiated small functions by hand. A neural
# network is a composition of millions of operations, and deriving its
# gradient with pen and paper, then keeping that derivation correct every time
# the model changes, is out of the question. Deep learning frameworks take the
# job over: while our code runs, they write down which operations produced
# which values, and when we ask for a gradient they walk that record from the
# output back to the inputs, applying the chain rule at every step. PyTorch
# calls this machinery *autograd*.
#
# **What you will learn:** how to ask PyTorch for a gradient (`requires_grad_`,
# `backward`, `.grad`) and why gradients accumulate; what `backward` computes
# when the output is not a scalar; how to stop a gradient with `detach`;
# why ordinary Python loops and branches can be differentiated; and, in the
# companion sections, how gradients are used in a training loop (2.5.A:
# `no_grad`, `zero_grad`, an optimizer's step, accumulation over
# micro-batches), the mistakes such loops commonly make (2.5.B), and the
# function transforms that give per-example gradients and Hessian-vector
# products (2.5.C).
# **What it assumes:** derivatives, gradients and the chain rule from
# [2.4 Calculus](01_calculus.ipynb), and PyTorch tensors.
#
# This page follows the textbook's section
# [2.5 Automatic Differentiation](https://d2l.ai/chapter_preliminaries/autograd.html)
# with its own words and code. [Contents](00_index.ipynb) ·
# previous: [2.4 Calculus](01_calculus.ipynb) ·
# next: [Autodiff from scratch](03_autodiff_from_scratch.ipynb) ·
# [solutions to the exercises](solutions/02_autograd_solutions.ipynb)

# %%
# In Colab, Kaggle, Studio Lab or a notebook alone, this installs d2lutils.
import importlib.util, os, sys
if importlib.util.find_spec('d2lutils') is None:
    repository = 'git+https://github.com/d2l-companion/d2l-calculus-companion'
    source = os.environ.get('D2LUTILS_PIP_SOURCE', repository)
    print(f'Installing d2lutils from {source}')
    get_ipython().system(f'"{sys.executable}" -m pip install --quiet {source}')

# %%
import torch

import d2lutils as d2l
import d2lutils.autodiff

# %% [markdown]
# The record that a framework keeps is a *computational graph*: each node is
# an intermediate value, and the edges say which values an operation read to
# produce a new one. Going through the graph from the inputs to the output
# computes the function; going through it the other way, from the output to
# the inputs, multiplies the local derivatives of the operations together in
# the order the chain rule asks for. In deep learning this backward walk is
# called *backpropagation*.
#
# The idea is much older than deep learning. In 1964 R. E. Wengert described
# a short program that broke a formula into a list of elementary steps and
# carried, next to each intermediate value, its derivative, from the inputs
# forward to the result; such a list of steps is still called a *Wengert
# list*. The opposite direction, in which derivatives travel from the result
# back to the inputs, was worked out by Bert Speelpenning in his 1980 doctoral
# thesis at the University of Illinois. His compiler produced code for all
# the partial derivatives of a function at a small multiple of the cost of
# one evaluation, however many inputs the function has. Andreas Griewank's
# 1989 paper *On automatic differentiation* put the forward and reverse modes
# into one framework, with bounds on the time and memory each needs, and did
# much to make the field known. Forward mode has stayed useful: in 2016
# Jarrett Revels, Miles Lubin and Theodore Papamarkou showed that forward
# differentiation built on dual numbers, as in Julia's `ForwardDiff` package,
# can be both fast and convenient.
#
# Modern frameworks build the graph *while the code runs*, so ordinary Python,
# with its loops and `if` statements, can be differentiated (Section 2.5.4).

# %% [markdown]
# ## 2.5.1 A Simple Function
#
# *Framework:* **PyTorch** · [JAX](jax/02_autograd.ipynb#2.5.1-A-Simple-Function)
#
# Our first function is $y = 2\mathbf{x}^\top\mathbf{x}$ of a column vector
# $\mathbf{x}$, and we ask for its gradient at $\mathbf{x} = (0, 1, 2, 3)$.

# %%
x = torch.arange(4.0)
x

# %% [markdown]
# Before computing anything we tell PyTorch that we will want derivatives
# with respect to `x`. From then on every operation that reads `x` is
# recorded. The gradient will be stored in the attribute `x.grad`, which
# starts out empty:

# %%
x.requires_grad_(True)
print(x.grad)

# %% [markdown]
# Now compute $y$. The result is a scalar that remembers the last operation
# that produced it, here a multiplication:

# %%
y = 2 * torch.dot(x, x)
y

# %% [markdown]
# Here is the computational graph of $y = 2\mathbf{x}^\top\mathbf{x}$, with
# each node showing its operation and, below it, the value it computed. The
# inputs $x_1, \ldots, x_4$ are on the left. Each $\times$ in the second column
# multiplies one $x_i$ by itself (so two arrows come from the same $x_i$), the
# $+$ adds the four squares up, and the last $\times$ multiplies that sum by the
# constant 2. `backward` walks these arrows from right to left.

# %%
squares = x.detach() * x.detach()
nodes = {f'x{i}': (0, 4 - i, f'$x_{i}$\n{x[i - 1]:g}') for i in range(1, 5)}
nodes.update({f's{i}': (1, 4 - i, f'×\n{squares[i - 1]:g}') for i in range(1, 5)})
nodes.update({'sum': (2, 1.5, f'+\n{squares.sum():g}'), 'two': (2, 0, '2'),
              'y': (3, 1.5, f'×\n{2 * squares.sum():g}')})
edges = ([(f'x{i}', f's{i}', bend) for i in range(1, 5) for bend in (0.25, -0.25)]
         + [(f's{i}', 'sum', 0) for i in range(1, 5)]
         + [('sum', 'y', 0), ('two', 'y', 0)])
d2l.set_figsize((4.5, 2.6))
axes = d2l.plt.gca()
for start, end, bend in edges:
    axes.annotate('', xy=nodes[end][:2], xytext=nodes[start][:2],
                  arrowprops=dict(arrowstyle='->', color='0.4', shrinkB=16,
                                  shrinkA=9 if start == 'two' else 16,
                                  connectionstyle=f'arc3,rad={bend}'))
for name, (col, row, label) in nodes.items():
    color = ('#d9ead3' if name.startswith('x')
             else '#eeeeee' if name == 'two' else '#cfe2f3')
    axes.text(col, row, label, ha='center', va='center', fontsize=9,
              bbox=dict(boxstyle='circle,pad=0.3', facecolor=color,
                        edgecolor='0.3'))
axes.set_xlim(-0.4, 3.4)
axes.set_ylim(-0.5, 3.5)
axes.set_axis_off()
assert 2 * squares.sum() == y.item()

# %% [markdown]
# PyTorch records the same computation with coarser operations: `y.grad_fn`
# is the multiplication by 2, whose input comes from the dot product, whose
# two inputs are both `x` (`AccumulateGrad` is where a gradient is stored in
# a leaf's `.grad`):

# %%
mul = y.grad_fn
dot = mul.next_functions[0][0]
print(type(mul).__name__, '<-', type(dot).__name__, '<-',
      [type(node).__name__ for node, _ in dot.next_functions])

# %% [markdown]
# Calling `backward` walks the recorded graph back from `y` and stores
# $\partial y / \partial \mathbf{x}$ in `x.grad`:

# %%
y.backward()
x.grad

# %% [markdown]
# By the rules of the previous chapter, the gradient of
# $2\mathbf{x}^\top\mathbf{x}$ is $4\mathbf{x}$. Autograd agrees entry by
# entry:

# %%
x.grad == 4 * x

# %% [markdown]
# Which tensors get a `.grad`? `x` is a *leaf* of the graph: a tensor we
# created ourselves, not the result of recorded operations. `backward` stores
# gradients only in leaves that require them, and that is usually all we
# want, since the parameters of a model are leaves. An intermediate result,
# like `h` below, gets none: its `.grad` stays `None`, and reading it makes
# PyTorch warn (we catch the warning and print its first sentence):

# %%
import warnings

w = torch.tensor([1.0, -2.0], requires_grad=True)
h = 3 * w
(h ** 2).sum().backward()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    h_grad = h.grad
print('w.is_leaf =', w.is_leaf, '  h.is_leaf =', h.is_leaf)
print('h.grad =', h_grad)
print('warning:', str(caught[0].message).split('. ')[0] + '.')
assert h_grad is None and w.grad is not None

# %% [markdown]
# To keep the gradient of an intermediate value, call `retain_grad()` on it
# before `backward`. The gradient of $\sum_i h_i^2$ with respect to
# $\mathbf{h}$ is $2\mathbf{h}$:

# %%
h = 3 * w
h.retain_grad()
(h ** 2).sum().backward()
print('h.grad =', h.grad)
assert torch.equal(h.grad, 2 * h.detach())

# %% [markdown]
# PyTorch does not overwrite `x.grad` when `backward` runs again: it *adds*
# the new gradient to what is there. Differentiating $\sum_i x_i$, whose
# gradient is all ones, without clearing first gives $4\mathbf{x} + 1$:

# %%
x.sum().backward()
x.grad

# %% [markdown]
# So before a fresh computation we reset the buffer in place with
# `x.grad.zero_()`. Then the gradient of the sum is all ones, as it should be:

# %%
x.grad.zero_()
x.sum().backward()
x.grad

# %% [markdown]
# Why accumulate instead of overwrite? Accumulation is useful: a loss too
# large for one pass can be split into pieces whose gradients simply add up in
# `.grad`. And the gradient of a large model is as big as the model itself, so
# where it lives matters. `x.grad.zero_()` works in place: the tensor that holds
# the gradient is still the one first allocated, and its memory is reused:

# %%
buffer = x.grad
x.grad.zero_()
x.sum().backward()
print('the same tensor:', x.grad is buffer)
print('the same memory:', x.grad.data_ptr() == buffer.data_ptr())
assert x.grad is buffer

# %% [markdown]
# Training loops usually reset gradients with an optimizer's `zero_grad()`
# instead, and since PyTorch 2.0 that does *not* zero in place by default: it
# sets `.grad` to `None` (`set_to_none=True`), which frees the memory between
# steps and skips writing zeros; the next `backward` then allocates a fresh
# tensor. Either way the next gradient starts from zero:

# %%
optimizer = torch.optim.SGD([x], lr=0.1)
optimizer.zero_grad()
print('after zero_grad():', x.grad)
x.sum().backward()
print('after backward:   ', x.grad, ' the same tensor as before:',
      x.grad is buffer)
assert x.grad is not buffer

# %% [markdown]
# ## 2.5.2 Backward for Non-Scalar Variables
#
# *Framework:* **PyTorch** · [JAX](jax/02_autograd.ipynb#2.5.2-Backward-for-Non-Scalar-Variables)
#
# For a vector $\mathbf{y} \in \mathbb{R}^m$ that depends on
# $\mathbf{x} \in \mathbb{R}^n$, the full derivative is the $m \times n$
# *Jacobian* $\mathbf{J}$ with entries $J_{ij} = \partial y_i / \partial x_j$.
# Building it costs memory and time, and deep learning rarely needs it: the
# quantity we train is a scalar loss. So `backward` on a non-scalar `y` asks
# for a vector $\mathbf{v} \in \mathbb{R}^m$ through its `gradient` argument
# and computes the *vector–Jacobian product*
#
# $$\mathbf{v}^\top \mathbf{J} = \mathbf{v}^\top \partial_{\mathbf{x}} \mathbf{y}
# = \partial_{\mathbf{x}} \left(\mathbf{v}^\top \mathbf{y}\right),$$
#
# the gradient of the scalar $\mathbf{v}^\top\mathbf{y}$. With $\mathbf{v}$
# all ones, that scalar is $\sum_i y_i$. Take $y_i = x_i^2$:

# %%
x.grad.zero_()
y = x * x
y.backward(gradient=torch.ones(len(y)))
x.grad

# %% [markdown]
# To see what that product is, let us build the Jacobian itself with
# `torch.autograd.functional.jacobian`. Each $y_i$ depends on $x_i$ alone, so
# $\mathbf{J}$ is diagonal with $\partial y_i / \partial x_i = 2x_i$:

# %%
J = torch.autograd.functional.jacobian(lambda x: x * x, x.detach())
J

# %% [markdown]
# Multiplying the row vector $\mathbf{v}^\top$ into $\mathbf{J}$ gives back
# exactly what `backward` stored:

# %%
v = torch.ones(len(y))
print('v^T J:      ', v @ J)
print('backward:   ', x.grad)
print('equal:      ', torch.equal(v @ J, x.grad))

# %% [markdown]
# The vector $\mathbf{v}$ weights the rows of $\mathbf{J}$. Another choice of
# $\mathbf{v}$ gives another combination, and `backward` still computes it
# without forming $\mathbf{J}$:

# %%
v = torch.tensor([1.0, -1.0, 0.5, 2.0])
x.grad.zero_()
y = x * x
y.backward(gradient=v)
print('v^T J:      ', v @ J)
print('backward:   ', x.grad)
assert torch.equal(v @ J, x.grad)

# %% [markdown]
# Summing first and calling `backward` on the scalar is the same as passing
# $\mathbf{v} = \mathbf{1}$:

# %%
x.grad.zero_()
y = x * x
y.sum().backward()
x.grad

# %% [markdown]
# Because here each $y_i$ depends on $x_i$ only, $\mathbf{1}^\top\mathbf{J}$
# holds the derivatives $dy_i/dx_i$ of an element-wise function. That is a
# convenient way to get a derivative on a whole grid of points at once. Take
# the sigmoid $\sigma(x) = 1/(1 + e^{-x})$, whose derivative is known to be
# $\sigma(x)\,(1 - \sigma(x))$. We take the points in double precision
# (`torch.float64`): in single precision the last bit of `torch.sigmoid`
# depends on the processor's vector instructions, and the figure below, whose
# coordinates are written with six decimals, would show it.

# %%
t = torch.linspace(-6, 6, 61, dtype=torch.float64, requires_grad=True)
s = torch.sigmoid(t)
s.sum().backward()
by_formula = s * (1 - s)
print('autograd matches sigma (1 - sigma):', torch.allclose(t.grad, by_formula))
assert torch.allclose(t.grad, by_formula)

# %% [markdown]
# `d2l.plot` accepts tensors that require gradients, so the function and its
# autograd derivative go straight into one figure. The $y$ axis reaches above
# 1, the sigmoid's limit, to leave room for the legend above both curves:

# %%
d2l.plot(t, [s, t.grad], 'x', 'value',
         legend=['sigmoid(x)', 'derivative by autograd'],
         ylim=(-0.05, 1.6))
d2l.plt.gca().get_legend().set_loc('upper left')

# %% [markdown]
# ### "grad can be implicitly created only for scalar outputs"
#
# Back to $y_i = x_i^2$. Calling `backward` on a non-scalar with neither the
# `gradient` argument nor a sum first is a common slip. PyTorch cannot guess
# $\mathbf{v}$, and stops with this error:

# %%
y = x * x
try:
    y.backward()
except RuntimeError as error:
    print('RuntimeError:', error)

# %% [markdown]
# The two fixes are the two calls met earlier in this section, and they give
# the same gradient, $2\mathbf{x}$: reduce the output to a scalar first
# (usually what we mean, as with a loss), or pass the vector $\mathbf{v}$ of
# the vector–Jacobian product explicitly:

# %%
x.grad.zero_()
y.sum().backward(retain_graph=True)
by_sum = x.grad.clone()
x.grad.zero_()
y.backward(gradient=torch.ones_like(y))
print('y.sum().backward():                ', by_sum)
print('y.backward(gradient=ones_like(y)): ', x.grad)
assert torch.equal(by_sum, x.grad)
assert torch.equal(by_sum, 2 * x.detach())

# %% [markdown]
# ## 2.5.3 Detaching Computation
#
# *Framework:* **PyTorch** · [JAX](jax/02_autograd.ipynb#2.5.3-Detaching-Computation)
#
# Sometimes part of a computation should count as a constant. Say
# $y = f(x)$ and $z = g(x, y)$, and we want the derivative of $z$ with respect
# to $x$ *holding $y$ fixed*, for instance because $y$ serves as a target: the
# gradient should move the model towards the target, and must not pull the
# target towards the model. `y.detach()` returns a tensor `u` with
# the same values as `y` but no history: the graph stops there.
#
# With $z = u \cdot x$ and $u$ treated as a constant, $\partial z/\partial x$ is
# just $u$, not the $3x^2$ that the full $x^3$ would give:

# %%
x.grad.zero_()
y = x * x
u = y.detach()
z = u * x
z.sum().backward()
x.grad == u

# %% [markdown]
# Detaching `u` left the graph of `y` itself untouched, so we can still
# differentiate `y` and get $2x$:

# %%
x.grad.zero_()
y.sum().backward()
x.grad == 2 * x

# %% [markdown]
# ## 2.5.4 Gradients and Python Control Flow
#
# *Framework:* **PyTorch** · [JAX](jax/02_autograd.ipynb#2.5.4-Gradients-and-Python-Control-Flow)
#
# The graph is recorded as the code runs, so the code may take a different
# path for different inputs, through `while` loops and `if` statements, and
# autograd differentiates the path actually taken. In the function below, the
# number of doublings depends on `a`, and so does the branch:

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
# Take a random scalar `a`, seeded so that every run draws the same one, and
# differentiate:

# %%
torch.manual_seed(0)
a = torch.randn(size=(), requires_grad=True)
d = f(a)
d.backward()
print('a =', a.item())

# %% [markdown]
# Whatever path the code takes, it only multiplies `a` by constants: for a
# given `a`, $f(a) = k\,a$ for some $k$ that depends on the path (a power of
# two, times 100 when `a` is negative). The function is *piecewise linear*, so
# its derivative is that same $k$, which we can read off as $d/a$:

# %%
print('slope k = d / a =', d.item() / a.item())
a.grad == d / a

# %% [markdown]
# A different `a` takes a different path, and autograd follows it. A
# negative one lands in the other branch, and its slope is 100 times larger:

# %%
for value in [0.001, 0.5, -0.5]:
    a = torch.tensor(value, requires_grad=True)
    f(a).backward()
    print(f'a = {value:6}:  df/da = {a.grad.item():8.0f}')

# %% [markdown]
# Such dynamic graphs are what let a model use loops whose length depends on
# the data, like a recurrent network reading sentences of different lengths,
# or skip work on some inputs, while the gradient still comes for free.

# %% [markdown]
# ## 2.5.5 Discussion
#
# *Framework:* **PyTorch** · [JAX](jax/02_autograd.ipynb#2.5.5-Discussion)
#
# In short: PyTorch records a computational graph while the code runs and
# applies the chain rule backwards through it; `backward` on a scalar fills
# `.grad`, which accumulates until reset; for a non-scalar output it computes a
# vector–Jacobian product; `detach` cuts the graph; and because the graph is
# recorded as the code runs, loops and branches are differentiated along the
# path taken.
#
# Getting a gradient from PyTorch always follows four steps:
#
# 1. attach gradients to the variables we differentiate with respect to
#    (`requires_grad_(True)`);
# 2. record the computation of the target value, simply by computing it;
# 3. run backpropagation (`backward`, with a `gradient` vector if the target
#    is not a scalar);
# 4. read the gradient from `.grad`, and reset it with `.grad.zero_()` before
#    the next one.
#
# Autograd made deep learning practical: the engineer writes the model and
# the loss, and the framework supplies the derivatives, exactly and at a cost
# of a small multiple of computing the loss itself. How that is done, and why
# the backward direction is the right one for a scalar loss, is the subject of
# the later chapter on building autodiff from scratch.

# %% [markdown]
# ## 2.5.A Gradients in a Training Loop
#
# *Framework:* **PyTorch** · [JAX](jax/02_autograd.ipynb#2.5.A-Gradients-in-a-Training-Loop)
#
# *(A companion section, not in the textbook; its letter keeps the textbook's
# numbers for the sections around it.)* Training repeats the four steps above
# thousands of times: compute the loss, backpropagate, and move each parameter
# a little against its gradient. That loop raises questions the steps alone
# do not answer. How do we change a parameter without autograd recording the
# change? Who resets `.grad`, and what if nobody does? What if a batch does
# not fit in memory? This section answers each one with a few lines of code,
# and checks every claim with `assert`.
#
# ### Switching recording off: `no_grad`, `detach`, `requires_grad_(False)`
#
# Three tools keep autograd from recording, each in its own way. Inside a
# `with torch.no_grad():` block nothing is recorded, and results do not
# require gradients; the parameter itself is unchanged and records again after
# the block:

# %%
w = torch.tensor([1.0, -2.0], requires_grad=True)
with torch.no_grad():
    inside = 3 * w
print('inside.requires_grad =', inside.requires_grad, '   w.requires_grad =',
      w.requires_grad)
assert not inside.requires_grad and w.requires_grad

# %% [markdown]
# `w.detach()`, met in 2.5.3, makes a *new* tensor with no history that
# shares `w`'s memory: no values are copied. `w` still requires gradients:

# %%
w_detached = w.detach()
print('w_detached.requires_grad =', w_detached.requires_grad,
      '   w.requires_grad =', w.requires_grad)
print('same memory:', w_detached.data_ptr() == w.data_ptr())
assert w.requires_grad and w_detached.data_ptr() == w.data_ptr()

# %% [markdown]
# `requires_grad_(False)`, with its trailing underscore, changes the tensor
# *itself*: from now on nothing computed from it is recorded, until
# `requires_grad_(True)`. This is how a part of a model is frozen while the
# rest trains:

# %%
frozen = torch.tensor([1.0, -2.0], requires_grad=True)
frozen.requires_grad_(False)
print('frozen.requires_grad =', frozen.requires_grad,
      '   (3 * frozen).requires_grad =',
      (3 * frozen).requires_grad)
assert not (3 * frozen).requires_grad

# %% [markdown]
# In short: `no_grad` switches recording off for a block of code, `detach`
# for one value, and `requires_grad_(False)` for one tensor from now on.
#
# ### Updating a parameter in place
#
# A gradient step changes a parameter in place, `w -= lr * w.grad`. Outside
# `no_grad` autograd would record that change as one more operation of the
# graph. Then `w` would have a history: it would no longer be a leaf, the
# tensor whose `.grad` the optimizer reads (2.5.1), and the write would
# overwrite values the graph saved for `backward` (`w ** 2` saves `w`, to
# compute $2\mathbf{w}$). So PyTorch refuses:

# %%
loss = (w ** 2).sum()
loss.backward()
try:
    w -= 0.1 * w.grad
except RuntimeError as error:
    print('RuntimeError:', error)

# %% [markdown]
# Inside `no_grad` the update is allowed and not recorded. The gradient of
# $\sum_i w_i^2$ is $2\mathbf{w}$, so one step with learning rate 0.1 multiplies
# $\mathbf{w}$ by $1 - 0.2 = 0.8$:

# %%
before = w.detach().clone()
with torch.no_grad():
    w -= 0.1 * w.grad
print('w before:', before, '  after:', w.detach())
assert torch.allclose(w.detach(), 0.8 * before)
assert w.is_leaf and w.requires_grad

# %% [markdown]
# `w` is still the same leaf that requires gradients, ready for the next step.
# Writing `w_new = w - 0.1 * w.grad` instead raises no error, but makes a *new*
# tensor: the result of a recorded subtraction, not a leaf, so `backward`
# would leave its `.grad` empty, and an optimizer holding `w` never sees it:

# %%
w_new = w - 0.1 * w.grad
print('w_new.is_leaf =', w_new.is_leaf, '  w_new.grad_fn =',
      type(w_new.grad_fn).__name__,
      '  w_new is w:', w_new is w)
assert not w_new.is_leaf and w_new is not w

# %% [markdown]
#
# ### One step: `zero_grad`, forward, `backward`, `step`
#
# Let us fit a linear model $\hat{y} = \mathbf{X}\mathbf{w}$ to 8 seeded
# examples with 3 features, by the mean squared error. The data and the
# weights are in double precision (`torch.float64`), so that the losses and
# gradients printed below come out the same to their last digit on every
# computer: in single precision a processor with wider vector instructions adds
# a sum in another order, and the last bit of a result can change.

# %%
torch.manual_seed(2)
X = torch.randn(8, 3, dtype=torch.float64)
true_w = torch.tensor([2.0, -1.0, 0.5], dtype=torch.float64)
targets = X @ true_w + 0.1 * torch.randn(8, dtype=torch.float64)


def mse(w, X=X, targets=targets):
    return ((X @ w - targets) ** 2).mean()


# %% [markdown]
# An optimizer such as `torch.optim.SGD` holds the parameters and does the
# update. One training step is always the same four calls: clear the old
# gradient, compute the loss (the forward pass), backpropagate, update:

# %%
w_sgd = torch.zeros(3, dtype=torch.float64, requires_grad=True)
optimizer = torch.optim.SGD([w_sgd], lr=0.1)

optimizer.zero_grad()
loss = mse(w_sgd)
loss.backward()
optimizer.step()
w_sgd

# %% [markdown]
# The same step by hand: the update in place inside `no_grad`, as above. The
# gradient agrees with the one worked out on paper for the mean squared error,
# $\tfrac{2}{n}\mathbf{X}^\top(\mathbf{X}\mathbf{w} - \mathbf{y})$, and the
# two steps agree to the last bit, but only because `w` starts at 0, where
# both compute $0 - 0.1\,g$ with the same single rounding:

# %%
w_hand = torch.zeros(3, dtype=torch.float64, requires_grad=True)
loss = mse(w_hand)
loss.backward()
with torch.no_grad():
    w_hand -= 0.1 * w_hand.grad
by_formula = 2 / 8 * X.T @ (X @ torch.zeros(3, dtype=torch.float64) - targets)
print('by hand:', w_hand.detach())
print('equal to SGD to the last bit:', torch.equal(w_hand, w_sgd))
assert torch.equal(w_hand, w_sgd)
assert torch.allclose(w_hand.grad, by_formula)

# %% [markdown]
# From any other start the two can differ in the last bit. SGD computes
# `w.add_(grad, alpha=-lr)`, and depending on the processor that may be
# rounded once (a fused multiply-add) where `w - lr * grad` rounds twice. So
# in general an optimizer's step equals the hand step *up to rounding*, and
# we compare them with a tolerance. Here from 50 random starts:

# %%
torch.manual_seed(3)
worst = 0.0
for _ in range(50):
    start = torch.randn(3, dtype=torch.float64)
    w_sgd = start.clone().requires_grad_(True)
    optimizer = torch.optim.SGD([w_sgd], lr=0.1)
    mse(w_sgd).backward()
    optimizer.step()
    w_hand = start - 0.1 * w_sgd.grad
    worst = max(worst, (w_sgd - w_hand).abs().max().item())
print('largest difference below 1e-15:', worst < 1e-15)
assert worst < 1e-15

# %% [markdown]
# ### Forgetting `zero_grad`
#
# Without `zero_grad`, each `backward` adds its gradient to the ones before,
# so every step uses the sum of all the gradients so far. This function
# trains for a number of steps, with or without clearing, and keeps the loss
# and the gradient that each step used (other options of SGD can be passed
# on; 2.5.B uses that):

# %%
def train(steps, zero_grad, **sgd_options):
    w = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=0.1, **sgd_options)
    losses, grads = [], []
    for _ in range(steps):
        if zero_grad:
            optimizer.zero_grad()
        loss = mse(w)
        loss.backward()
        losses.append(loss.item())
        grads.append(w.grad.clone())
        optimizer.step()
    return losses, grads


right_losses, right_grads = train(8, zero_grad=True)
forgot_losses, forgot_grads = train(8, zero_grad=False)

# %% [markdown]
# The first step is the same either way. At the second step, the gradient
# used without clearing is the sum of the two steps' own gradients:

# %%
# at w after step 1
own_second = 2 / 8 * X.T @ (X @ (-0.1 * right_grads[0]) - targets)
print('first gradient:         ', right_grads[0])
print('second, cleared:        ', right_grads[1])
print('second, never cleared:  ', forgot_grads[1])
assert torch.allclose(right_grads[1], own_second)
assert torch.allclose(forgot_grads[1], right_grads[0] + right_grads[1])

# %% [markdown]
# The summed gradients make bigger steps, so at first the loss even falls
# faster. But old gradients keep pushing the parameters the way they pointed
# several steps ago, past the minimum, and the loss climbs back up, while the
# correct loop keeps improving step after step:

# %%
print('step   loss (zero_grad)   loss (no zero_grad)')
for step, (right, forgot) in enumerate(zip(right_losses, forgot_losses), 1):
    print(f'{step:4}   {right:16.4f}   {forgot:19.4f}')
lowest = forgot_losses.index(min(forgot_losses)) + 1
print('without zero_grad the loss is lowest at step', lowest, 'and rises after it')
assert all(a > b for a, b in zip(right_losses, right_losses[1:]))
assert all(a < b for a, b in zip(forgot_losses[lowest - 1:],
                                 forgot_losses[lowest:]))
assert forgot_losses[-1] > 3 * right_losses[-1]

# %% [markdown]
# ### Accumulating gradients over micro-batches
#
# Gradient accumulation is the one case where *not* clearing is what we want.
# When a batch is too large for memory, we cut it into micro-batches, call
# `backward` on each, and step once. Each micro-batch's loss is a mean over its
# 2 examples, so the four gradients must be averaged, not summed: we divide each
# micro-batch's loss by the number of micro-batches, 4, before `backward`.
# The accumulated `.grad` is then the full batch's:

# %%
w = torch.zeros(3, dtype=torch.float64, requires_grad=True)
mse(w).backward()
full_batch = w.grad.clone()

w.grad = None
for X_part, targets_part in zip(X.split(2), targets.split(2)):
    (mse(w, X_part, targets_part) / 4).backward()
print('full batch:       ', full_batch)
print('4 micro-batches:  ', w.grad)
assert torch.allclose(w.grad, full_batch)

# %% [markdown]
# Without the division the accumulated gradient would be 4 times too large.
# For plain SGD, whose step is the learning rate times the gradient, that is
# the same as multiplying the learning rate by 4:

# %%
w.grad = None
for X_part, targets_part in zip(X.split(2), targets.split(2)):
    mse(w, X_part, targets_part).backward()
print('ratio to the full batch:', w.grad / full_batch)
assert torch.allclose(w.grad, 4 * full_batch)

# %% [markdown]
# Not every optimizer cares. Adam divides each gradient by a running estimate
# of its own size, so a loss 4 times larger gives nearly the same steps (only
# its small constant `eps` in the denominator tells them apart). Five steps of
# each, with the loss as it is and 4 times larger:

# %%
def adam_run(scale, steps=5):
    w = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.Adam([w], lr=0.1)
    for _ in range(steps):
        optimizer.zero_grad()
        (scale * mse(w)).backward()
        optimizer.step()
    return w.detach()


print('Adam, loss x 1:', adam_run(1))
print('Adam, loss x 4:', adam_run(4))
gap = (adam_run(1) - adam_run(4)).abs().max().item()
print('largest difference below 1e-6:', gap < 1e-6)
assert gap < 1e-6

# %% [markdown]
# So a training step is: `zero_grad` (or set `.grad` to `None`), forward,
# `backward` on the scalar loss (scaled when gradients are accumulated), and an
# update inside `no_grad` or by the optimizer's `step`.

# %% [markdown]
# ## 2.5.B Where Training Loops Go Wrong
#
# *Framework:* **PyTorch** · [JAX](jax/02_autograd.ipynb#2.5.B-Where-Training-Loops-Go-Wrong)
#
# *(A companion section, like 2.5.A.)* A training loop can run without an
# error and still be wrong, and some mistakes show up only as memory that
# fills slowly, or as an error message that names none of our variables.
# Here are the ones most often met in a first training loop, each reproduced
# in a few lines, explained and fixed, with every claim checked by `assert`.
#
# ### Logging the loss: `total += loss` keeps every graph
#
# To report an epoch's average loss we add the losses up. But adding the
# tensor `loss` is one more recorded operation: `total` becomes the end of a
# graph that reaches back into the graph of every step, and none of them can
# be freed while `total` lives. This function lists the operations reachable
# from a tensor, walking `grad_fn` as in 2.5.1:

# %%
def operations(tensor):
    """The names of the recorded operations reachable from tensor."""
    seen, stack = set(), [tensor.grad_fn]
    while stack:
        node = stack.pop()
        if node is not None and node not in seen:
            seen.add(node)
            stack.extend(child for child, _ in node.next_functions)
    return [type(node).__name__ for node in seen]


# %% [markdown]
# Three steps of the loop of 2.5.A, adding up the losses as tensors. Each
# step's loss ends in a `MeanBackward0`, so counting those counts the graphs
# that `total` keeps:

# %%
w = torch.zeros(3, dtype=torch.float64, requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.1)
total = 0.0
for step in range(1, 4):
    optimizer.zero_grad()
    loss = mse(w)
    loss.backward()
    optimizer.step()
    total += loss
    graph = operations(total)
    print(f'step {step}: {len(graph):2} operations reachable from total, '
          f'{graph.count("MeanBackward0")} of them losses')
assert operations(total).count('MeanBackward0') == 3

# %% [markdown]
# After 1000 steps `total` would hold 1000 graphs. `backward` has already
# freed the values each of them saved, as a `backward` through `total`
# shows, but the graphs themselves stay; in a loop without `backward`, such
# as an evaluation loop run without `no_grad`, everything they saved stays
# too:

# %%
try:
    total.backward()
except RuntimeError as error:
    print('RuntimeError:', str(error).split('. ')[0] + '.')

# %% [markdown]
# The fix is to log a number: `loss.item()` is a Python float, and
# `loss.detach()` a tensor without history (on a GPU `.item()` also waits
# for the step to finish, while `detach` keeps the value on the device):

# %%
total_item, total_detached = 0.0, 0.0
for step in range(1, 4):
    optimizer.zero_grad()
    loss = mse(w)
    loss.backward()
    optimizer.step()
    total_item += loss.item()
    total_detached += loss.detach()
print('with .item():  ', type(total_item).__name__)
print('with .detach():', len(operations(total_detached)), 'operations')
assert isinstance(total_item, float)
assert operations(total_detached) == []

# %% [markdown]
# ### `model.eval()`, `torch.no_grad()` and `torch.inference_mode()`
#
# All three appear around evaluation code, and they do different things.
# `model.eval()` changes what some layers *compute*: dropout stops dropping,
# and batch normalization uses its running statistics instead of the batch's.
# It does not touch recording. `torch.no_grad()` switches recording off and
# changes no layer. Here is a tiny model with dropout, run twice on the same
# input in each combination; the function reports whether the two outputs
# are equal and whether the second was recorded:

# %%
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.Dropout(0.5))
inputs = torch.ones(2, 4)


def twice(model):
    first, second = model(inputs), model(inputs)
    return torch.equal(first, second), second.requires_grad


rows = {}
model.train()
rows['train()'] = twice(model)
with torch.no_grad():
    rows['train(), no_grad()'] = twice(model)
model.eval()
rows['eval()'] = twice(model)
with torch.no_grad():
    rows['eval(), no_grad()'] = twice(model)
print(f'{"setting":20}{"same output twice":>18}{"recorded":>10}')
for name, (same, recorded) in rows.items():
    print(f'{name:20}{same!s:>18}{recorded!s:>10}')
assert rows == {'train()': (False, True), 'train(), no_grad()': (False, False),
                'eval()': (True, True), 'eval(), no_grad()': (True, False)}

# %% [markdown]
# So evaluation wants both: `model.eval()` for the right outputs, and
# `no_grad` to save the memory and time of recording (and `model.train()`
# before training resumes). `torch.inference_mode()` is a stricter
# `no_grad`: it also skips some bookkeeping, and marks what it computes as
# *inference tensors*, which may never enter a recorded computation later.
# Results made under `no_grad` are ordinary tensors and may:

# %%
with torch.inference_mode():
    out = model(inputs)
print('recorded:', out.requires_grad, '  inference tensor:', out.is_inference())
try:
    model(out).sum().backward()
except RuntimeError as error:
    print('RuntimeError:', str(error).split('. ')[0] + '.')

with torch.no_grad():
    out = model(inputs)
model(out).sum().backward()
assert not out.is_inference() and model[0].weight.grad is not None

# %% [markdown]
# ### `w = w - lr * w.grad` makes a new tensor
#
# 2.5.A updated the parameter in place. Writing the update as an assignment
# looks the same, and inside `no_grad` it runs without complaint. But the
# right-hand side is a *new* tensor, computed while recording was off, so it
# does not require gradients; the name `w` now refers to it, and the next
# `backward` finds nothing to differentiate:

# %%
w = torch.zeros(3, dtype=torch.float64, requires_grad=True)
mse(w).backward()
with torch.no_grad():
    w = w - 0.1 * w.grad
print('w.requires_grad =', w.requires_grad)
try:
    mse(w).backward()
except RuntimeError as error:
    print('RuntimeError:', error)
assert not w.requires_grad

# %% [markdown]
# "Element 0" is the first (here the only) tensor given to `backward`, the
# loss, which has no `grad_fn` since nothing it was computed from requires
# gradients. An optimizer holding the old `w` would go on updating a tensor
# the loop no longer uses. The fix is the update in place of 2.5.A,
# `w -= lr * w.grad`, which keeps the same leaf, or the optimizer's `step`.
#
# ### "modified by an inplace operation"
#
# Every tensor carries a version counter that each in-place change
# increases. An operation that saves a tensor for `backward` notes its
# version, and `backward` checks it: had the tensor changed since, the saved
# value would be wrong, and so would the gradient. Updating a parameter
# between the forward pass and `backward`, for instance by a `step` placed
# too early, trips the check (we print the message without its hint):

# %%
w = torch.tensor([1.0, -2.0], requires_grad=True)
loss = (w ** 2).sum()  # saves w, at version 0
with torch.no_grad():
    w -= 0.1  # w is now at version 1
try:
    loss.backward()
except RuntimeError as error:
    print('RuntimeError:', str(error).split(' Hint:')[0])

# %% [markdown]
# The fix is the order of the four calls: `backward` first, then the update.
# The same error comes from an in-place change of an intermediate value that
# an operation saved, as in `s = x.sigmoid(); s.mul_(2)` (the sigmoid saves
# its output to compute $\sigma(1 - \sigma)$); writing `s = s * 2` makes a new
# tensor and leaves the saved one alone. In the right order the gradient is
# $2\mathbf{w}$ at the old $\mathbf{w}$:

# %%
w = torch.tensor([1.0, -2.0], requires_grad=True)
loss = (w ** 2).sum()
loss.backward()
with torch.no_grad():
    w -= 0.1
print('w.grad =', w.grad)
assert torch.equal(w.grad, torch.tensor([2.0, -4.0]))

# %% [markdown]
# ### Gradient clipping goes between `backward` and `step`
#
# Clipping limits the size of a gradient before it is used.
# `torch.nn.utils.clip_grad_norm_` rescales the gradients of the parameters
# it is given so that their joint norm is at most `max_norm`, keeping their
# direction, and returns the norm they had. It works on `.grad`, so it must
# come after `backward` has filled `.grad` and before `step` reads it:

# %%
w = torch.zeros(3, dtype=torch.float64, requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.1)
optimizer.zero_grad()
mse(w).backward()
unclipped = w.grad.clone()
norm = torch.nn.utils.clip_grad_norm_([w], max_norm=1.0)
print(f'norm before clipping: {norm.item():.4f}')
print(f'norm after clipping:  {w.grad.norm().item():.4f}')
optimizer.step()
assert torch.isclose(norm, unclipped.norm())
assert torch.isclose(w.grad.norm(), torch.tensor(1.0, dtype=torch.float64))
assert torch.allclose(w.grad * norm, unclipped)
assert torch.allclose(w.detach(), -0.1 * w.grad)

# %% [markdown]
# In the wrong place it does nothing. Before `backward`, right after
# `zero_grad`, there is no gradient yet to clip, and `step` then uses the
# full one; after `step`, the step has already been taken:

# %%
optimizer.zero_grad()
torch.nn.utils.clip_grad_norm_([w], max_norm=1.0)  # too early
mse(w).backward()
print(f'norm that step uses: {w.grad.norm().item():.4f}')
assert w.grad.norm() > 1

# %% [markdown]
# ### The same loop with an `nn.Module`
#
# Real models keep their parameters inside an `nn.Module`, and
# `model.parameters()` hands them all to the optimizer. Nothing else changes.
# Here is the model of 2.5.A, $\hat{y} = \mathbf{X}\mathbf{w}$, as a
# `torch.nn.Linear` layer without bias, starting at $\mathbf{w} = 0$, with
# the loss of `torch.nn.MSELoss` and the pieces above in their places:
# `train()` mode, `zero_grad`, forward, `backward`, clipping, `step`, and the
# loss logged as a number. (`max_norm=10` is above every gradient here, so the
# clipping never acts.) Its losses are those of 2.5.A's loop:

# %%
model = torch.nn.Linear(3, 1, bias=False, dtype=torch.float64)
torch.nn.init.zeros_(model.weight)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = torch.nn.MSELoss()
model.train()
losses = []
for step in range(8):
    optimizer.zero_grad()
    loss = loss_fn(model(X).squeeze(1), targets)
    loss.backward()
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=10.0)
    assert norm < 10  # so the clipping did not act
    optimizer.step()
    losses.append(loss.item())
print('nn.Module:', [round(loss, 4) for loss in losses])
print('2.5.A:    ', [round(loss, 4) for loss in right_losses])
assert torch.allclose(torch.tensor(losses), torch.tensor(right_losses))

# %% [markdown]
# ### Forgetting `zero_grad` is momentum
#
# SGD with momentum steps along a running sum of the gradients, the
# *velocity* $\mathbf{b}_t = \mu\,\mathbf{b}_{t-1} + (1 - \tau)\,\mathbf{g}_t$,
# with momentum $\mu$ and dampening $\tau$, and updates
# $\mathbf{w} \leftarrow \mathbf{w} - \eta\,\mathbf{b}_t$. With $\mu = 1$ and
# $\tau = 0$ the velocity is the plain sum of all the gradients so far, which
# is what `.grad` holds when nobody clears it. So 2.5.A's loop without
# `zero_grad` is SGD with `momentum=1, dampening=0` done right, and the losses
# of the two agree to the last bit:

# %%
momentum_losses, _ = train(8, zero_grad=True, momentum=1.0, dampening=0.0)
print('step   no zero_grad   momentum=1')
for step, (forgot, heavy) in enumerate(zip(forgot_losses, momentum_losses), 1):
    print(f'{step:4}   {forgot:12.4f}   {heavy:10.4f}')
assert torch.equal(torch.tensor(forgot_losses, dtype=torch.float64),
                   torch.tensor(momentum_losses, dtype=torch.float64))

# %% [markdown]
# Read the other way, this explains the curve of 2.5.A: with momentum 1 no
# old gradient ever fades, so the parameters roll past the minimum like a
# ball without friction. The usual momentum, 0.9, multiplies the velocity by
# 0.9 at every step, so a gradient's share of it shrinks step after step.

# %% [markdown]
# ## 2.5.C Function Transforms
#
# *Framework:* **PyTorch** · [JAX](jax/02_autograd.ipynb#2.5.C-Function-Transforms)
#
# *(A companion section.)* `backward` answers one question: the gradient of
# one scalar with respect to the leaves. Two questions of practice need
# more. `torch.func`, PyTorch's library of *function transforms* in the
# style of JAX, answers them by turning functions into functions: `grad(f)`
# is the function that computes the gradient of `f`, and `vmap(f)` the
# function that applies `f` to every row of a batch at once.
#
# ### Per-example gradients
#
# A batch's loss is the mean of the examples' losses, and `backward` gives
# only the mean of their gradients. Some methods need each example's own
# gradient: differentially private training clips each one, and their sizes
# show which examples the model finds hard. A loop with one `backward` per
# example works, at one pass per example; `vmap(grad(...))` computes them
# all in one batched pass. `in_dims=(None, 0, 0)` gives every example the
# same `w`, and its own row of `X` and of `targets`:

# %%
from torch.func import grad, vmap


def example_loss(w, x, target):
    return (x @ w - target) ** 2


w = torch.tensor([1.0, -0.5, 0.0], dtype=torch.float64)
per_example = vmap(grad(example_loss), in_dims=(None, 0, 0))(w, X, targets)
per_example.shape

# %% [markdown]
# One row per example. The loop gives the same rows, and their mean is the
# gradient of the batch's loss:

# %%
by_loop = []
for x_i, target_i in zip(X, targets):
    w_i = w.clone().requires_grad_(True)
    example_loss(w_i, x_i, target_i).backward()
    by_loop.append(w_i.grad)
by_loop = torch.stack(by_loop)
norms = per_example.norm(dim=1).tolist()
print('norms of the 8 gradients:', [round(norm, 4) for norm in norms])
print('the loop agrees:', torch.allclose(per_example, by_loop))
assert torch.allclose(per_example, by_loop)
assert torch.allclose(per_example.mean(dim=0), grad(mse)(w))

# %% [markdown]
# ### Hessian-vector products
#
# The Hessian $\mathbf{H}$ of a loss of $n$ parameters has $n^2$ entries,
# far too many to form for a real model. Many methods need only its product
# with a vector, $\mathbf{H}\mathbf{v}$: the curvature along a direction,
# Newton steps solved iteratively, the largest eigenvalue by power iteration.
# $\mathbf{H}\mathbf{v}$ is the derivative of the gradient in the direction
# $\mathbf{v}$, so it is one forward-mode Jacobian-vector product (`jvp`) of
# the function `grad(f)`, at the cost of a few gradients and without ever
# forming $\mathbf{H}$. The Hessian of the mean squared error is a constant
# matrix; for a less trivial check take the log-cosh loss
# $\frac{1}{n}\sum_i \log\cosh r_i$ of the residuals
# $r_i = \mathbf{x}_i^\top\mathbf{w} - y_i$, and compare the product with
# the full Hessian times $\mathbf{v}$:

# %%
from torch.func import hessian, jvp


def log_cosh(w):
    return torch.log(torch.cosh(X @ w - targets)).mean()


v = torch.tensor([1.0, 2.0, -1.0], dtype=torch.float64)
_, hvp = jvp(grad(log_cosh), (w,), (v,))
H = hessian(log_cosh)(w)
print('H v by jvp of grad:', hvp)
print('H v by the full H: ', H @ v)
assert torch.allclose(hvp, H @ v)

# %% [markdown]
# The full Hessian is right too: differentiating twice by hand gives
# $\mathbf{H} = \frac{1}{n}\sum_i \operatorname{sech}^2(r_i)\,
# \mathbf{x}_i\mathbf{x}_i^\top$. And `torch.autograd.functional.hvp`, which
# uses two backward passes instead of `jvp`, agrees:

# %%
r = X @ w - targets
by_hand = X.T @ (X / torch.cosh(r)[:, None] ** 2) / len(X)
_, by_hvp = torch.autograd.functional.hvp(log_cosh, w, v)
print('H equals the formula:', torch.allclose(H, by_hand))
print('hvp agrees:', torch.allclose(by_hvp, hvp))
assert torch.allclose(H, by_hand) and torch.allclose(by_hvp, hvp)

# %% [markdown]
# ## 2.5.6 Exercises
#
# *Framework:* **PyTorch** · [JAX](jax/02_autograd.ipynb#2.5.6-Exercises)
#
# Worked and checked solutions are in
# [`solutions/02_autograd_solutions.ipynb`](solutions/02_autograd_solutions.ipynb).
#
# Under each exercise is an answer cell. Replace `None` with your answer and run
# the cell: the check says whether the answer is right and, if it is not, what
# looks wrong, without giving the answer away. Stuck? `d2l.exercise("02_autograd", 1).hint()`
# gives a nudge (call it again for more), and `.solution()` shows the worked
# solution. [Exercise checks](92_utilities_exercises.ipynb) explains how the
# checks work.

# %% [markdown]
# 1. Explain why a second derivative costs much more to compute than a first
#    one.

# %%
# Your answer: replace None with the letters of all true statements, e.g. "AD".
answer = None
d2l.exercise("02_autograd", 1).check(answer)

# %% [markdown]
# 2. Call `backward` on the same result twice in a row. What happens, and
#    why?

# %%
# Your answer: replace None with one letter, "A" to "D".
answer = None
d2l.exercise("02_autograd", 2).check(answer)

# %% [markdown]
# 3. In the control-flow example, replace the scalar `a` by a random vector,
#    then by a random matrix. Now `f(a)` is not a scalar: what has to change
#    in the call to `backward`, what does the result mean, and how can we
#    check it?

# %%
# Your answer: replace None with a function of (a, d), d = f(a), returning what
# a.grad holds after your corrected backward call, with every entry of d
# weighted by 1: a tensor of the shape of a, computed without autograd.
answer = None
d2l.exercise("02_autograd", 3).check(answer)

# %% [markdown]
# 4. Plot $f(x) = \sin x$ together with its derivative, obtaining the
#    derivative from autograd rather than from the formula $\cos x$.

# %%
# Your answer: replace None with a function of a tensor x returning the
# derivative of sin at each entry of x, computed by autograd (backward or
# torch.autograd.grad), not with cos.
answer = None
d2l.exercise("02_autograd", 4).check(answer)

# %% [markdown]
# 5. Draw the dependency graph of $f(x) = (\log x^2) \cdot \sin x + x^{-1}$,
#    from the input $x$ through every intermediate value to $f(x)$.

# %%
# Your answer: replace None with a dict from step names to SymPy strings, one
# operation each, on x and the names of earlier steps, in order, the last step
# named "f", e.g. {"u1": "x**2", ..., "f": "..."}.
answer = None
d2l.exercise("02_autograd", 5).check(answer)

# %% [markdown]
# 6. Differentiate this $f$ with the chain rule, and mark on the graph where
#    each term of $df/dx$ comes from.

# %%
# Your answer: replace None with a function of x (torch operations) or a SymPy
# expression or string in x.
answer = None
d2l.exercise("02_autograd", 6).check(answer)

# %% [markdown]
# 7. With the graph and the local derivatives in hand, compute $df/dx$ twice:
#    once moving from $x$ towards $f$ (forward differentiation), and once
#    moving from $f$ back to $x$ (backward differentiation).

# %%
# Your answer: replace None with a pair of numbers: df/dx at x = 2, and the
# adjoint df/du1 at x = 2 of the step u1 = x^2 (the partial derivative of f with
# respect to u1), e.g. (0.123, 0.456).
answer = None
d2l.exercise("02_autograd", 7).check(answer)

# %% [markdown]
# 8. When does forward differentiation pay off, and when backward? Think of
#    how much intermediate data each must keep, how well each can run in
#    parallel, and the sizes of the matrices and vectors involved.

# %%
# Your answer: replace None with the letters of all true statements, e.g. "AD".
answer = None
d2l.exercise("02_autograd", 8).check(answer)

# %% [markdown]
# 9. `torch.no_grad()`, `detach()` and `requires_grad_(False)` all keep
#    autograd from recording, but not in the same way (2.5.A). Which of the
#    statements the check lists are true?

# %%
# Your answer: replace None with the letters of all true statements, e.g. "AD".
answer = None
d2l.exercise("02_autograd", 9).check(answer)

# %% [markdown]
# 10. This loop forgets `optimizer.zero_grad()`:
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
#     Work out by hand what `w` is after the three steps, then run the loop to
#     confirm.

# %%
# Your answer: replace None with a number: w after the three steps.
answer = None
d2l.exercise("02_autograd", 10).check(answer)

# %% [markdown]
# 11. A batch of `batch_size` examples is too big for memory, so it is cut into
#     micro-batches, which need not all have the same size (the last one is
#     often smaller). Each micro-batch's loss is the *mean* over its examples;
#     it is multiplied by a factor, then `backward` is called, and `.grad`
#     accumulates over all the micro-batches before one `optimizer.step()`.
#     What must the factor of a micro-batch of `micro_batch_size` examples be
#     for `.grad` to equal the gradient of the mean loss over the whole batch?

# %%
# Your answer: replace None with a function of (batch_size, micro_batch_size)
# returning the factor for a micro-batch of that size.
answer = None
d2l.exercise("02_autograd", 11).check(answer)

# %% [markdown]
# 12. *(On 2.5.B.)* A training loop logs its loss at every step. Which of these
#     logging lines keep every step's graph in memory until the loop ends?
#     (The check lists the lines.)

# %%
# Your answer: replace None with the letters of all the lines that keep the
# graphs, as one string of letters.
answer = None
d2l.exercise("02_autograd", 12).check(answer)

# %% [markdown]
# 13. *(On 2.5.C.)* For a linear model with weights `w` and the squared error
#     $(\mathbf{x}_i^\top \mathbf{w} - y_i)^2$ of each example, compute the norm
#     of each example's gradient with respect to `w`, for a batch `X` of shape
#     `(n, 3)` and targets `y` of shape `(n,)`. Such norms are what
#     per-example clipping looks at.

# %%
# Your answer: replace None with a function of (X, y, w) returning, for each
# example i, the norm of the gradient with respect to w of its squared error
# (X[i] @ w - y[i]) ** 2: a tensor of shape (n,) for X of shape (n, 3).
answer = None
d2l.exercise("02_autograd", 13).check(answer)

# %%
# Which exercises of this chapter are answered right in this kernel (run it again
# after answering some)
d2l.progress("02_autograd")

# %% [markdown]
# ---
# [Contents](00_index.ipynb) ·
# previous: [2.4 Calculus](01_calculus.ipynb) ·
# next: [Autodiff from scratch](03_autodiff_from_scratch.ipynb) ·
# [solutions to these exercises](solutions/02_autograd_solutions.ipynb) ·
# the textbook's [2.5 Automatic Differentiation](https://d2l.ai/chapter_preliminaries/autograd.html)
