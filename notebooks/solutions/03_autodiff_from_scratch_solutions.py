# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Solutions: Autodiff from scratch
#
# Worked solutions to the exercises of
# [Autodiff from scratch](../03_autodiff_from_scratch.ipynb) (Section 10).
# Each solution derives its answer, computes it with the engine of the
# chapter (`d2lutils.autodiff`), and checks it against an independent route
# (PyTorch's autograd, a finite difference or SymPy) with `assert`, so
# re-running this notebook re-proves every answer.

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
import sympy as sp
import torch

import d2lutils as d2l
from d2lutils import autodiff

# %% [markdown]
# ## Exercise 1: a new primitive
#
# One rule is enough for both modes. The engine keeps the calculus of each
# primitive in one place, the rule in `RULES`: `Dual` and `Var` only differ in
# what they do with the local derivative the rule returns (forward mode
# multiplies it by the tangent of the argument, reverse mode records it on the
# graph edge). The rule for $\tan$ returns the value and
# $\frac{d}{dx}\tan x = 1/\cos^2 x$; the function `tan` applies it.
#
# The derivative of $x \tan x$ is $\tan x + x / \cos^2 x$, which is about
# $1.1955$ at $x = 0.5$.

# %%
autodiff.RULES['tan'] = lambda a: (math.tan(a), (1 / math.cos(a) ** 2,))


def tan(x):
    """Tangent of a real number, a Dual or a Var."""
    return autodiff._apply('tan', x)


def x_tan_x(x):
    return tan(x) * x


by_forward = autodiff.jvp(x_tan_x, (0.5,), (1.0,))[1]
by_reverse = autodiff.grad(x_tan_x)(0.5)[0]
by_hand = math.tan(0.5) + 0.5 / math.cos(0.5) ** 2
x = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
(torch.tan(x) * x).backward()
print(f'forward {by_forward:.4f}, reverse {by_reverse:.4f}, by hand '
      f'{by_hand:.4f}, '
      f'torch {x.grad.item():.4f}')
assert math.isclose(by_forward, x.grad.item())
assert math.isclose(by_reverse, x.grad.item())
assert math.isclose(by_hand, x.grad.item()) and round(by_hand, 4) == 1.1955
assert tan(0.5) == math.tan(0.5)  # and on a plain number, a plain float

# %% [markdown]
# The check a learner runs tries `tan` on a float, on a `Dual` and on a `Var`
# inside a graph:

# %%
assert d2l.exercise("03_autodiff_from_scratch", 1).check(tan)

# %% [markdown]
# ## Exercise 2: a bug in a backward rule
#
# The rule returns $\partial(a/b)/\partial b = a/b^2$; the right one is
# $-a/b^2$, so the partial derivative with respect to the *denominator* has
# the wrong sign. At $(3, 2)$ the engine would report $0.75$ where the truth
# is $-0.75$, while $\partial/\partial a = 1/2$ stays right.
#
# A gradient check finds this without reading the rule: compare each partial
# derivative from `grad` with a central difference of the function itself,
# which uses only values. Run on each binary primitive alone, the check names
# the faulty rule and the faulty argument.

# %%
def gradient_check(f, point, h=1e-6, tol=1e-6):
    """Indices of the inputs where grad(f) and a central difference disagree."""
    analytic = autodiff.grad(f)(*point)
    wrong = []
    for i in range(len(point)):
        up, down = list(point), list(point)
        up[i] += h
        down[i] -= h
        numeric = (f(*up) - f(*down)) / (2 * h)
        if not math.isclose(analytic[i], numeric, rel_tol=tol, abs_tol=tol):
            wrong.append(i)
    return wrong


BINARY = ['add', 'sub', 'mul', 'div', 'powv']
correct_div = autodiff.RULES['div']
autodiff.RULES['div'] = lambda a, b: (a / b, (1 / b, a / b ** 2))  # the buggy rule
try:
    print('buggy engine, grad of x1/x2 at (3, 2):',
          autodiff.grad(lambda a, b: a / b)(3, 2))
    faulty = {name: gradient_check(lambda a, b,
                                   name=name: autodiff._apply(name, a, b), (3, 2))
              for name in BINARY}
finally:
    autodiff.RULES['div'] = correct_div
print('wrong partials per primitive:', faulty)
assert faulty == {'add': [], 'sub': [], 'mul': [], 'div': [1], 'powv': []}

# %% [markdown]
# The fix is the quotient rule's minus sign,
# `lambda a, b: (a / b, (1 / b, -a / b ** 2))`, which is what the engine has;
# with it the check passes, and the gradient agrees with PyTorch:

# %%
fixed = lambda a, b: (a / b, (1 / b, -a / b ** 2))  # noqa: E731
assert fixed(3.0, 2.0) == correct_div(3.0, 2.0)
assert gradient_check(lambda a, b: a / b, (3, 2)) == []
x = torch.tensor([3.0, 2.0], dtype=torch.float64, requires_grad=True)
(x[0] / x[1]).backward()
print('fixed engine:', autodiff.grad(lambda a, b: a / b)(3, 2), ' torch:',
      x.grad.tolist())
assert np.allclose(autodiff.grad(lambda a, b: a / b)(3, 2), x.grad.numpy())

# %% [markdown]
# The check a learner runs accepts the fixed rule:

# %%
assert d2l.exercise("03_autodiff_from_scratch", 2).check(fixed)

# %% [markdown]
# ## Exercise 3: forward over reverse
#
# Reverse mode gives the gradient $\nabla f(\mathbf{x})$ as a function of
# $\mathbf{x}$; forward mode applied to *that* function, in the direction
# $\mathbf{v}$, gives its directional derivative, the Hessian–vector product
# $H\mathbf{v}$, at the cost of a few gradients and without ever forming $H$.
#
# By hand, for $f(x_1, x_2) = \ln x_1 + x_1 x_2 - \sin x_2$:
#
# $$H = \begin{pmatrix} -1/x_1^2 & 1 \\ 1 & \sin x_2 \end{pmatrix}
# = \begin{pmatrix} -0.25 & 1 \\ 1 & \sin 5 \end{pmatrix}
# \approx \begin{pmatrix} -0.25 & 1 \\ 1 & -0.9589 \end{pmatrix}
# \text{ at } (2, 5),$$
#
# so $H(1, 0)^\top = (-0.25, 1)$ and $H(0, 1)^\top \approx (1, -0.9589)$.

# %%
def f_torch(x):
    return torch.log(x[0]) + x[0] * x[1] - torch.sin(x[1])


point = torch.tensor([2.0, 5.0], dtype=torch.float64)
hvps = [torch.func.jvp(torch.func.grad(f_torch), (point,), (v,))[1]
        for v in torch.eye(2, dtype=torch.float64)]
H_by_hand = np.array([[-0.25, 1.0], [1.0, math.sin(5)]])
print('forward over reverse, H e1 and H e2:',
      [hv.numpy().round(4).tolist() for hv in hvps])
assert np.allclose(np.stack(hvps), H_by_hand)

# %% [markdown]
# Two independent checks: SymPy's Hessian, and central differences of our
# engine's reverse-mode gradient (a finite difference of first derivatives,
# so it needs only the engine and values).

# %%
x1, x2 = sp.symbols('x1 x2', positive=True)
H_sympy = sp.hessian(sp.log(x1) + x1 * x2 - sp.sin(x2),
                     (x1, x2)).subs({x1: 2, x2: 5})
assert np.allclose(np.array(H_sympy, dtype=float), H_by_hand)


def f_engine(a, b):
    return autodiff.log(a) + a * b - autodiff.sin(b)


h = 1e-5
columns = []
for v in np.eye(2):
    plus = autodiff.grad(f_engine)(*(np.array([2.0, 5.0]) + h * v))
    minus = autodiff.grad(f_engine)(*(np.array([2.0, 5.0]) - h * v))
    columns.append((np.array(plus) - np.array(minus)) / (2 * h))
print('central differences of the engine\'s grad:\n', np.array(columns).round(4))
assert np.allclose(np.array(columns), H_by_hand, atol=1e-8)

# %% [markdown]
# The check a learner runs accepts the two products from forward over
# reverse, stacked as the rows $H\mathbf{e}_1$ and $H\mathbf{e}_2$:

# %%
assert d2l.exercise("03_autodiff_from_scratch", 3).check(torch.stack(hvps))

# %% [markdown]
# ## Exercise 4: which mode, and what does it cost?
#
# Forward mode gives one column of the $m \times n$ Jacobian per pass, reverse
# mode one row. With $n = 300$ and $m = 2$: **300 forward passes or 2 reverse
# passes**, each a small constant times the cost of one evaluation of the
# function. Reverse mode wins by a factor of about $n/m = 150$ in passes
# (the constants of the two modes differ by a small factor, which does not
# change the verdict), and pays with the memory of the recorded graph.
#
# Counting the evaluations of the function confirms it: each pass evaluates
# it exactly once.

# %%
n, m = 300, 2
calls = {'forward': 0, 'reverse': 0}


def counted(mode):
    def g(*x):
        calls[mode] += 1
        return (sum(autodiff.sin(xi) for xi in x), sum(xi * xi for xi in x))
    return g


rng = np.random.default_rng(0)
x0 = rng.uniform(-1, 1, n).tolist()
J_forward = np.array([autodiff.jvp(counted('forward'), x0,
                                   e)[1] for e in np.eye(n)]).T
J_reverse = np.array([autodiff.grad(lambda *x, i=i: counted('reverse')(*x)[i])(*x0)
                      for i in range(m)])
print('passes:', calls, ' Jacobian shape:', J_reverse.shape)
assert calls == {'forward': n, 'reverse': m}


def g_torch(x):
    return torch.stack([torch.sin(x).sum(), (x * x).sum()])


J_torch = torch.func.jacrev(g_torch)(torch.tensor(x0, dtype=torch.float64)).numpy()
assert np.allclose(J_forward, J_torch) and np.allclose(J_reverse, J_torch)

# %% [markdown]
# The check a learner runs accepts the numbers of passes counted above:

# %%
assert d2l.exercise("03_autodiff_from_scratch",
                    4).check((calls['forward'], calls['reverse']))

# %% [markdown]
# ## Exercise 5: finite differences in single precision
#
# Section 1's estimate balances a truncation error of about $h^2$ against a
# round-off error of about $\epsilon / h$; they are equal near
# $h = \epsilon^{1/3}$. In float32, $\epsilon = 2^{-23} \approx 1.2 \times
# 10^{-7}$, so the best step moves up to about $\epsilon^{1/3} \approx 5
# \times 10^{-3}$, and the best error is about $\epsilon^{2/3} \approx
# 2 \times 10^{-5}$: some five digits instead of eleven. We measure it,
# computing every value in float32 and comparing with $\cos 1$ in float64.
# Each sine is the float32 number nearest to the true sine (`math.sin` in
# float64, then rounded to float32): NumPy's own float32 `sin` may miss it by
# a last bit that depends on the processor, which would change the errors
# printed below from one computer to the next.

# %%
eps32 = float(np.finfo(np.float32).eps)
prediction = eps32 ** (1 / 3)
hs = 10.0 ** -np.arange(1, 6.01, 0.5)
x = np.float32(1.0)


def sin32(v):
    """The float32 nearest to sin(v), for a float32 v."""
    return np.float32(math.sin(v))


errors = []
for h in hs:
    h32 = np.float32(h)
    estimate = (sin32(x + h32) - sin32(x - h32)) / (np.float32(2) * h32)
    errors.append(abs(float(estimate) - math.cos(1.0)))
best = hs[int(np.argmin(errors))]
print(f'predicted best h ~ eps^(1/3) = {prediction:.1e}; measured best h = '
      f'{best:.1e}, '
      f'error {min(errors):.1e}')
for h, e in zip(hs, errors):
    print(f'  h = {h:.1e}: error {e:.1e}')
assert prediction / 10 < best < prediction * 10
assert min(errors) < 10 * eps32 ** (2 / 3)

# %% [markdown]
# The measured best step, $3.2 \times 10^{-3}$, is the grid point next to the
# prediction, and the best error, $5.9 \times 10^{-6}$, is of the predicted
# size. In single precision the bottom of the V is broad and ragged: from
# $h = 10^{-2}$ to $10^{-4}$ the error stays near $10^{-5}$, with round-off
# jumping up and down from one step to the next, so any step in that range is
# as good as another.
#
# The check a learner runs accepts the measured best step:

# %%
assert d2l.exercise("03_autodiff_from_scratch", 5).check(best)
