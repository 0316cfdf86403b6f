# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Solutions: 2.4 Calculus in JAX
#
# *Framework:* [PyTorch](../../solutions/01_calculus_solutions.ipynb) · **JAX**
#
# Worked solutions to the exercises of [2.4 Calculus in JAX](../01_calculus.ipynb).
# The mathematics is the same in every framework, and the
# [PyTorch solutions](../../solutions/01_calculus_solutions.ipynb) derive each
# answer at length; here each answer is computed with JAX, checked against a
# second route (`jax.grad` against a closed form, or a finite difference), and
# passed to the same check a learner runs. Every check is an `assert`.
# [Contents](../../00_index.ipynb)

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

import d2lutils as d2l

jax.config.update('jax_platforms', 'cpu')  # the same numbers on every machine
grid = jnp.linspace(0.2, 3.0, 15)          # test points, in float32

# %% [markdown]
# ## Exercise 1. Derivatives from the limit definition
#
# $\frac{c - c}{h} = 0$; expanding $(x + h)^n$ leaves $n x^{n-1}$ as $h \to 0$;
# $\frac{e^{x+h} - e^x}{h} = e^x \frac{e^h - 1}{h} \to e^x$; and
# $\frac{\log(x+h) - \log x}{h} = \frac{1}{h}\log(1 + \frac{h}{x}) \to \frac{1}{x}$.
# `jax.grad` agrees with the last three at every grid point (with $n = 3$):

# %%
for name, fn, by_formula in [('x^3', lambda x: x ** 3, 3 * grid ** 2),
                             ('e^x', jnp.exp, jnp.exp(grid)),
                             ('log x', jnp.log, 1 / grid)]:
    agree = bool(jnp.allclose(jax.vmap(jax.grad(fn))(grid), by_formula, rtol=1e-6))
    print(f'{name:6s} jax.grad agrees with the formula: {agree}')
    assert agree
# %% [markdown]
# The step that carries the proof for $e^x$: $\frac{e^{x+h} - e^x}{h} = e^x g(h)$
# with $g(h) = \frac{e^h - 1}{h}$, whose limit is 1. In float32 the quotient
# approaches 1 until rounding takes over:

# %%
for h in [1e-1, 1e-2, 1e-3]:
    print(f'h = {h:g}:  (e^h - 1)/h = {float(jnp.expm1(jnp.float32(h)) / h):.5f}')
assert abs(float(jnp.expm1(jnp.float32(1e-3)) / 1e-3) - 1) < 1e-3
assert d2l.exercise("jax/01_calculus",
                    1).check((("0", "n*x**(n-1)", "exp(x)", "1/x"),
                                              ("(exp(h) - 1)/h", 1)))

# %% [markdown]
# ## Exercise 2. Sum, product and quotient rules from first principles
#
# Split each difference quotient: $\frac{f(x+h)g(x+h) - f(x)g(x)}{h} =
# f(x+h)\frac{g(x+h) - g(x)}{h} + g(x)\frac{f(x+h) - f(x)}{h}$ gives the product
# rule as $h \to 0$; the quotient rule follows from the product rule applied to
# $f \cdot \frac{1}{g}$ with $\left(\frac{1}{g}\right)' = -\frac{g'}{g^2}$. A
# check on $f = \sin$, $g = e^x$:

# %%
f, g = jnp.sin, jnp.exp
df, dg = jnp.cos(grid), jnp.exp(grid)
for name, fn, by_rule in [('sum', lambda x: f(x) + g(x), df + dg),
                          ('product', lambda x: f(x) * g(x),
                           f(grid) * dg + g(grid) * df),
                          ('quotient', lambda x: f(x) / g(x),
                           (g(grid) * df - f(grid) * dg) / g(grid) ** 2)]:
    agree = bool(jnp.allclose(jax.vmap(jax.grad(fn))(grid), by_rule, rtol=1e-5,
                              atol=1e-6))
    print(f'{name:8s} rule agrees with jax.grad: {agree}')
    assert agree
# %% [markdown]
# The split behind the product rule is $f(x+h)g(x+h) - f(x)g(x) =
# f(x+h)\,(g(x+h) - g(x)) + g(x)\,(f(x+h) - f(x))$: $A = f(x+h)$, $B = g(x)$.

# %%
fh, gh, f0, g0 = 0.3, -1.7, 2.5, 0.9  # any four numbers: the split is an identity
assert abs((fh * gh - f0 * g0) - (fh * (gh - g0) + g0 * (fh - f0))) < 1e-12
assert d2l.exercise("jax/01_calculus",
                    2).check((("df + dg", "f*dg + g*df", "(g*df - f*dg)/g**2"),
                                              ("fh", "g")))

# %% [markdown]
# ## Exercise 3. The constant multiple rule from the product rule
#
# Take $u = c$ and $v = f$: then $u' = 0$, the term $u'v$ vanishes and
# $(cf)' = c f'$.

# %%
assert d2l.exercise("jax/01_calculus", 3).check('A')

# %% [markdown]
# ## Exercise 4. The derivative of $x^x$
#
# $x^x = e^{x \log x}$, so by the chain rule
# $\frac{d}{dx} x^x = x^x (1 + \log x)$. Written with `jax.numpy`, and
# compared with `jax.grad` of $x^x$ itself:

# %%
def x_to_the_x_derivative(x):
    return x ** x * (1 + jnp.log(x))


by_grad = jax.vmap(jax.grad(lambda x: x ** x))(grid)
print('closed form agrees with jax.grad:',
      bool(jnp.allclose(by_grad, x_to_the_x_derivative(grid))))
assert jnp.allclose(by_grad, x_to_the_x_derivative(grid))
assert d2l.exercise("jax/01_calculus", 4).check(x_to_the_x_derivative)

# %% [markdown]
# ## Exercise 5. What $f'(x) = 0$ means
#
# The tangent is horizontal there: a minimum, a maximum, or neither. Examples,
# each with `jax.grad` giving 0 at the point:

# %%
examples = [('(x - 1)^2', lambda x: (x - 1.0) ** 2, 1.0),
            ('cos x', jnp.cos, 0.0),
            ('x^3', lambda x: x ** 3, 0.0)]
for name, fn, at in examples:
    # + 0.0: no -0.0
    print(f"{name:10s} f'({at}) = {float(jax.grad(fn)(at)) + 0.0}")
    assert jax.grad(fn)(at) == 0
    assert d2l.exercise("jax/01_calculus", 5).check((fn, at))

# %% [markdown]
# ## Exercise 6. $y = x^3 - \frac{1}{x}$ and its tangent at $x = 1$
#
# $f(1) = 0$ and $f'(x) = 3x^2 + x^{-2}$, so $f'(1) = 4$ and the tangent is
# $y = 4(x - 1)$. `jax.value_and_grad` gives both numbers in one call:

# %%
def f6(x):
    return x ** 3 - 1 / x


value, slope = jax.value_and_grad(f6)(1.0)
print('f(1) =', value, " f'(1) =", slope)
assert value == 0 and slope == 4


def tangent(x):
    return value + slope * (x - 1)


# the curves in 64-bit floats, the same on every processor
with jax.enable_x64(True):
    xs = jnp.linspace(0.3, 2.0, 60)
    d2l.plot(xs, [f6(xs), tangent(xs)], 'x', 'y',
             legend=['x^3 - 1/x', 'tangent at x = 1'])
assert d2l.exercise("jax/01_calculus", 6).check(tangent)

# %% [markdown]
# ## Exercise 7. The gradient of $3x_1^2 + 5e^{x_2}$
#
# $\nabla f = (6x_1, 5e^{x_2})$. `jax.grad` of $f$ is itself a right answer,
# and agrees with the formula:

# %%
def f7(x):
    return 3 * x[0] ** 2 + 5 * jnp.exp(x[1])


def f7_gradient(x):
    return jnp.stack([6 * x[0], 5 * jnp.exp(x[1])])


point = jnp.array([0.5, -1.0])
print('jax.grad:', jax.grad(f7)(point), ' formula:', f7_gradient(point))
assert jnp.allclose(jax.grad(f7)(point), f7_gradient(point))
assert d2l.exercise("jax/01_calculus", 7).check(f7_gradient)
assert d2l.exercise("jax/01_calculus", 7).check(jax.grad(f7))

# %% [markdown]
# ## Exercise 8. The gradient of $\|\mathbf{x}\|_2$, and what happens at $\mathbf{0}$
#
# $\|\mathbf{x}\| = \sqrt{\mathbf{x}^\top\mathbf{x}}$, so
# $\nabla \|\mathbf{x}\| = \frac{2\mathbf{x}}{2\|\mathbf{x}\|} =
# \frac{\mathbf{x}}{\|\mathbf{x}\|}$ for $\mathbf{x} \neq \mathbf{0}$. At
# $\mathbf{0}$ the norm has a corner, like $|x|$: the slope is $\|\mathbf{v}\|$
# along $\mathbf{v}$ and along $-\mathbf{v}$, so there is no gradient (B). What
# JAX returns there is a convention of its norm, not a derivative:

# %%
x8 = jnp.array([3.0, -4.0])
print('at (3, -4):', jax.grad(jnp.linalg.norm)(x8), ' x / ||x|| =',
      x8 / jnp.linalg.norm(x8))
assert jnp.allclose(jax.grad(jnp.linalg.norm)(x8), x8 / jnp.linalg.norm(x8))
print('at 0, jax.grad returns', jax.grad(jnp.linalg.norm)(jnp.zeros(2)))
assert d2l.exercise("jax/01_calculus",
                    8).check((lambda x: x / jnp.linalg.norm(x), 'B'))

# %% [markdown]
# ## Exercise 9. The chain rule for $u = f(x, y, z)$ with $x, y, z$ functions of $(a, b)$
#
# A change in $a$ reaches $u$ along three paths, and the contributions add:
#
# $$\frac{\partial u}{\partial a} = \frac{\partial u}{\partial x}\frac{\partial x}{\partial a} +
# \frac{\partial u}{\partial y}\frac{\partial y}{\partial a} +
# \frac{\partial u}{\partial z}\frac{\partial z}{\partial a},$$
#
# and the same with $b$. On $u = x y^2 + \sin z$ with $x = ab$, $y = a + b^2$,
# $z = a^2 - b$, the sum over paths matches `jax.grad` of the composition:

# %%
def u_of_xyz(x, y, z):
    return x * y ** 2 + jnp.sin(z)


def xyz_of_ab(a, b):
    return a * b, a + b ** 2, a ** 2 - b


a, b = 0.7, -1.2
du = jax.grad(u_of_xyz, argnums=(0, 1, 2))(*xyz_of_ab(a, b))
dxyz_da = jax.jacfwd(xyz_of_ab, argnums=0)(a, b)
over_paths = sum(du_w * dw_da for du_w, dw_da in zip(du, dxyz_da))
direct = jax.grad(lambda a, b: u_of_xyz(*xyz_of_ab(a, b)))(a, b)
print(f'sum over the paths: {float(over_paths):.5f},  jax.grad: '
      f'{float(direct):.5f}')
assert jnp.isclose(over_paths, direct)
assert d2l.exercise("jax/01_calculus",
                    9).check("du_dx*dx_da + du_dy*dy_da + du_dz*dz_da")

# %% [markdown]
# ## Exercise 10. The derivative of an inverse function
#
# Differentiating $f(f^{-1}(y)) = y$ by the chain rule gives
# $f'(f^{-1}(y)) \cdot (f^{-1})'(y) = 1$, so
# $(f^{-1})'(y) = \frac{1}{f'(f^{-1}(y))}$ wherever $f'(f^{-1}(y)) \neq 0$. For
# $f = \exp$, whose inverse is $\log$:

# %%
def inverse_derivative(fprime, finv):
    return lambda y: 1 / fprime(finv(y))


by_formula = inverse_derivative(jnp.exp, jnp.log)(grid)
by_grad = jax.vmap(jax.grad(jnp.log))(grid)
print('1 / exp(log y) agrees with jax.grad of log:',
      bool(jnp.allclose(by_formula, by_grad)))
assert jnp.allclose(by_formula, by_grad)
assert d2l.exercise("jax/01_calculus", 10).check(inverse_derivative)

# %% [markdown]
# ---
# [Contents](../../00_index.ipynb) · the chapter: [2.4 Calculus in JAX](../01_calculus.ipynb) ·
# these solutions in [PyTorch](../../solutions/01_calculus_solutions.ipynb)
