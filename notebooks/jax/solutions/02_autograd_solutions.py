# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Solutions: 2.5 Automatic differentiation in JAX
#
# *Framework:* [PyTorch](../../solutions/02_autograd_solutions.ipynb) · **JAX**
#
# Worked solutions to the exercises of
# [2.5 Automatic differentiation in JAX](../02_autograd.ipynb). The
# [PyTorch solutions](../../solutions/02_autograd_solutions.ipynb) discuss
# each question at length; here the answers are computed with JAX, checked a
# second way, and passed to the check a learner runs. Every check is an
# `assert`. [Contents](../../00_index.ipynb)

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

import d2lutils as d2l

jax.config.update('jax_platforms', 'cpu')  # the same numbers on every machine

# %% [markdown]
# ## Exercise 1: why a second derivative costs more
#
# `jax.grad(jax.grad(f))` differentiates the *program* of the gradient, which
# is longer than $f$'s own (it holds the forward and the backward steps), so
# the second pass works through more operations; and for $n$ inputs the full
# Hessian needs $n$ such passes, one per row. The jaxprs show the growth for
# $f = \sin(x) \cdot x$:

# %%
def f1(x):
    return jnp.sin(x) * x


sizes = [len(jax.make_jaxpr(fn)(1.0).eqns)
         for fn in (f1, jax.grad(f1), jax.grad(jax.grad(f1)))]
print('operations in f, its derivative and its second derivative:', sizes)
assert sizes[0] < sizes[1] < sizes[2]
assert d2l.exercise("jax/02_autograd", 1).check('ABC')

# %% [markdown]
# ## Exercise 2: calling backward twice (a question about PyTorch)
#
# PyTorch frees the recorded graph after `backward`, to save memory, so a
# second call raises an error unless the first asked to keep it
# (`retain_graph=True`); with it, the second gradient is *added* to `.grad`.
# A JAX gradient function keeps no graph between calls: calling it twice gives
# the same gradient twice.

# %%
x = jnp.arange(4.0)
grad_y = jax.grad(lambda x: 2 * jnp.dot(x, x))
print(grad_y(x), grad_y(x))
assert jnp.array_equal(grad_y(x), grad_y(x))
assert d2l.exercise("jax/02_autograd", 2).check('A')

# %% [markdown]
# ## Exercise 3: control flow with a vector or a matrix `a`
#
# For a vector or matrix `a`, `f(a)` is an array, so `jax.grad` needs a scalar
# of it: the sum, which is $\mathbf{v}^\top\mathbf{y}$ with $\mathbf{v} = \mathbf{1}$.
# The loop and the branch depend on `a` only through its norm and sum, so
# $f(\mathbf{a}) = k\,\mathbf{a}$ for one number $k$; the Jacobian is
# $k\mathbf{I}$, and the gradient of the sum has $k = d/a$ in every entry.

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


key_vector, key_matrix = jax.random.split(jax.random.PRNGKey(3))
for a in [jax.random.normal(key_vector, (5,)),
          jax.random.normal(key_matrix, (3, 4))]:
    d = f(a)
    by_grad = jax.grad(lambda a: f(a).sum())(a)
    print(f'shape {a.shape}: gradient of the sum equals d / a: '
          f'{bool(jnp.allclose(by_grad, d / a))}')
    assert jnp.allclose(by_grad, d / a)
assert d2l.exercise("jax/02_autograd", 3).check(lambda a, d: d / a)

# %% [markdown]
# ## Exercise 4: sin and its derivative by automatic differentiation
#
# `jax.grad(jnp.sin)` differentiates one number; `jax.vmap` maps it over an
# array. The result agrees with $\cos x$, which we use only to check:

# %%
sin_derivative = jax.vmap(jax.grad(jnp.sin))
# the curves in 64-bit floats, the same on every processor
with jax.enable_x64(True):
    xs = jnp.linspace(-6, 6, 121)
    assert jnp.allclose(sin_derivative(xs), jnp.cos(xs), atol=1e-6)
    d2l.plot(xs, [jnp.sin(xs), sin_derivative(xs)], 'x', 'value',
             legend=['sin(x)', 'derivative by jax.grad'])
assert d2l.exercise("jax/02_autograd", 4).check(sin_derivative)

# %% [markdown]
# ## Exercise 5: the dependency graph of $f(x) = (\log x^2) \cdot \sin x + x^{-1}$
#
# One operation per step: $u_1 = x^2$, $u_2 = \log u_1$, $u_3 = \sin x$,
# $u_4 = u_2 u_3$, $u_5 = 1/x$, $f = u_4 + u_5$. The input $x$ feeds three
# steps ($u_1$, $u_3$, $u_5$). JAX's own record of the same function has one
# equation per step too:

# %%
steps = {"u1": "x**2", "u2": "log(u1)", "u3": "sin(x)", "u4": "u2*u3", "u5": "1/x",
         "f": "u4 + u5"}


def f5(x):
    return jnp.log(x ** 2) * jnp.sin(x) + 1 / x


print(jax.make_jaxpr(f5)(2.0).pretty_print(use_color=False))
assert d2l.exercise("jax/02_autograd", 5).check(steps)

# %% [markdown]
# ## Exercise 6: the derivative by the chain rule, on the graph
#
# The three edges out of $x$ give three terms: through $u_1$,
# $\frac{1}{u_1} \cdot 2x \cdot \sin x = \frac{2 \sin x}{x}$; through $u_3$,
# $\log(x^2) \cos x$; through $u_5$, $-\frac{1}{x^2}$.

# %%
def f_prime(x):
    return 2 * jnp.sin(x) / x + jnp.log(x ** 2) * jnp.cos(x) - 1 / x ** 2


grid = jnp.linspace(0.5, 4.0, 15)
assert jnp.allclose(jax.vmap(jax.grad(f5))(grid), f_prime(grid), rtol=1e-5)
assert d2l.exercise("jax/02_autograd", 6).check(f_prime)

# %% [markdown]
# ## Exercise 7: from $x$ to $f$, and from $f$ back to $x$
#
# Forward mode pushes $\dot x = 1$ through the steps: `jax.jvp` does exactly
# that. Backward mode starts from $\bar f = 1$ and reaches $u_1$ with the
# adjoint $\partial f / \partial u_1 = u_3 / u_1 = \sin x / x^2$; as a check,
# `jax.grad` of $f$ written as a function of $u_1$ (with $x$ held) gives the
# same number.

# %%
x0 = 2.0
_, forward = jax.jvp(f5, (x0,), (1.0,))
backward = jax.grad(f5)(x0)
df_du1 = jax.grad(lambda u1, x: jnp.log(u1) * jnp.sin(x) + 1 / x)(x0 ** 2, x0)
print(f'df/dx forward: {float(forward):.6f}, backward: {float(backward):.6f}; '
      f'df/du1: {float(df_du1):.6f}')
assert jnp.isclose(forward, backward)
assert jnp.isclose(df_du1, jnp.sin(x0) / x0 ** 2)
assert d2l.exercise("jax/02_autograd", 7).check((float(forward), float(df_du1)))

# %% [markdown]
# ## Exercise 8: when forward pays off, and when backward
#
# Forward mode costs one pass per *input* and keeps nothing from past steps;
# backward mode costs one pass per *output* but must keep the intermediate
# values for the way back. So backward wins for a scalar loss of many
# parameters, forward for few inputs and many outputs. In JAX: `jax.jacfwd`
# and `jax.jacrev` build the same Jacobian either way.

# %%
def wide(x):  # 1 input, 3 outputs
    return jnp.stack([jnp.sin(x), x ** 2, jnp.exp(x)])


assert jnp.allclose(jax.jacfwd(wide)(0.3), jax.jacrev(wide)(0.3))
assert d2l.exercise("jax/02_autograd", 8).check('ABE')

# %% [markdown]
# ## Exercise 9: `no_grad`, `detach` and `requires_grad_(False)` (a question about PyTorch)
#
# `no_grad` switches recording off for a block, `detach` for one value (a new
# tensor sharing the memory), `requires_grad_(False)` for one tensor from then
# on; the [PyTorch solutions](../../solutions/02_autograd_solutions.ipynb)
# check each statement. In JAX nothing is recorded outside a transformation;
# a value is held constant with `stop_gradient`, and an argument by leaving it
# out of `argnums`:

# %%
g_w, g_b = jax.grad(lambda w, b: (w * b) ** 2, argnums=(0, 1))(2.0, 3.0)
g_w_only = jax.grad(lambda w, b: (w * b) ** 2, argnums=0)(2.0, 3.0)
g_stopped = jax.grad(lambda w, b: (w * jax.lax.stop_gradient(b)) ** 2,
                     argnums=1)(2.0, 3.0)
print('d/dw, d/db:', float(g_w), float(g_b), '  d/dw alone:', float(g_w_only),
      '  d/db with b stopped:', float(g_stopped))
assert g_w == g_w_only and g_stopped == 0
assert d2l.exercise("jax/02_autograd", 9).check('ABC')

# %% [markdown]
# ## Exercise 10: forgetting `zero_grad`
#
# Without `zero_grad`, PyTorch steps with the sum of all the gradients so far.
# With $w_0 = 1$, learning rate 0.1 and $\frac{d}{dw}(w - 3)^2 = 2(w - 3)$:
# the gradients are $-4$, then $-3.2$ (summed: $-7.2$), then $-1.76$ (summed:
# $-8.96$), so $w$ goes $1 \to 1.4 \to 2.12 \to 3.016$. In JAX the mistake has
# to be made on purpose, with a running sum:

# %%
w, running_sum = 1.0, 0.0
for step in range(3):
    running_sum = running_sum + jax.grad(lambda w: (w - 3) ** 2)(w)
    w = w - 0.1 * running_sum
print('w after three steps:', round(float(w), 6))
assert abs(float(w) - 3.016) < 1e-5
assert d2l.exercise("jax/02_autograd", 10).check(float(w))

# %% [markdown]
# ## Exercise 11: the factor of a micro-batch
#
# The mean over the whole batch of $N$ examples is
# $\frac{1}{N}\sum_j n_j \cdot (\text{mean over micro-batch } j)$, so micro-batch
# $j$ of $n_j$ examples must be weighted by $n_j / N$, not by one over the
# number of micro-batches. With 10 examples in micro-batches of 4, 4 and 2:

# %%
def factor(batch_size, micro_batch_size):
    return micro_batch_size / batch_size


X10 = jax.random.normal(jax.random.PRNGKey(5), (10, 3))
t10 = jax.random.normal(jax.random.PRNGKey(6), (10,))
mse = lambda w, X, t: ((X @ w - t) ** 2).mean()  # noqa: E731
w0 = jnp.zeros(3)
full = jax.grad(mse)(w0, X10, t10)
parts = [(X10[i:i + 4], t10[i:i + 4]) for i in range(0, 10, 4)]
by_share = sum(factor(10, len(t)) * jax.grad(mse)(w0, X, t) for X, t in parts)
by_count = sum(jax.grad(mse)(w0, X, t) / 3 for X, t in parts)
print('sizes:', [len(t) for _, t in parts], ' n_j/N matches:',
      bool(jnp.allclose(by_share, full)),
      ' 1/3 each matches:', bool(jnp.allclose(by_count, full)))
assert jnp.allclose(by_share, full, atol=1e-6) and not jnp.allclose(by_count, full)
assert d2l.exercise("jax/02_autograd", 11).check(factor)

# %% [markdown]
# ## Exercise 12: what a logging line keeps alive
#
# In PyTorch a loss tensor refers, through `grad_fn`, to the graph that made
# it, so `total += loss` keeps every step's graph. In JAX a loss is a value:
# `jax.value_and_grad` traces the computation, returns the loss and the
# gradient as plain arrays, and keeps nothing of the trace. Whatever a JAX loop
# logs, it logs numbers:

# %%
w = jnp.zeros(2)
step_loss = lambda w: ((w - 3) ** 2).sum()  # noqa: E731
total, losses = 0.0, []
for _ in range(3):
    loss, g = jax.value_and_grad(step_loss)(w)
    total += loss
    losses.append(loss)
    w = w - 0.1 * g
print('total is a JAX array:', isinstance(total, jax.Array), '  of shape',
      total.shape,
      '  with a grad_fn that records how it was made:', hasattr(total, 'grad_fn'))
assert isinstance(total, jax.Array) and not hasattr(total, 'grad_fn')

# %%
assert d2l.exercise("jax/02_autograd", 12).check('D')

# %% [markdown]
# ## Exercise 13: per-example gradient norms
#
# The loss of one example is a function of `w`; `jax.grad` gives its gradient,
# and `jax.vmap` maps that over the examples with `w` shared
# (`in_axes=(None, 0, 0)`). The norm of each row is the answer; the gradient
# worked out by hand, $2(\mathbf{x}_i^\top \mathbf{w} - y_i)\,\mathbf{x}_i$,
# serves only to check it:

# %%
def one_loss(w, x, y):
    return (x @ w - y) ** 2


def per_example_norms(X, y, w):
    grads = jax.vmap(jax.grad(one_loss), in_axes=(None, 0, 0))(w, X, y)
    return jnp.linalg.norm(grads, axis=1)


k1, k2, k3 = jax.random.split(jax.random.key(0), 3)
X5, y5, w5 = (jax.random.normal(k1, (5, 3)), jax.random.normal(k2, (5,)),
              jax.random.normal(k3, (3,)))
by_hand = jnp.linalg.norm(2 * (X5 @ w5 - y5)[:, None] * X5, axis=1)
print('vmap(grad) agrees with 2 |x_i w - y_i| ||x_i||:',
      bool(jnp.allclose(per_example_norms(X5, y5, w5), by_hand, rtol=1e-5)))
assert jnp.allclose(per_example_norms(X5, y5, w5), by_hand, rtol=1e-5)

# %%
assert d2l.exercise("jax/02_autograd", 13).check(per_example_norms)

# %% [markdown]
# ---
# [Contents](../../00_index.ipynb) · the chapter:
# [2.5 Automatic differentiation in JAX](../02_autograd.ipynb) ·
# these solutions in [PyTorch](../../solutions/02_autograd_solutions.ipynb)
