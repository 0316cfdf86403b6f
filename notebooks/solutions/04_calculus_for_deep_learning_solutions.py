# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Solutions: Calculus for deep learning
#
# Worked solutions to the exercises of
# [Calculus for deep learning](../04_calculus_for_deep_learning.ipynb) (Section 4.8).
# Each solution derives its answer by hand, then computes it and checks it
# against an independent route (autograd, a finite difference, exact
# arithmetic or sympy) with `assert`, so re-running this notebook re-proves
# every answer.

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
from fractions import Fraction

import numpy as np
import sympy as sp
import torch

import d2lutils as d2l

# %% [markdown]
# ## Exercise 1: a linear approximation of $\sqrt{x}$
#
# With $f(x) = \sqrt{x}$, $f(4) = 2$ and $f'(x) = \frac{1}{2\sqrt{x}}$, so
# $f'(4) = \frac14$ and
#
# $$\sqrt{4.1} = f(4 + 0.1) \approx 2 + 0.1 \cdot \tfrac14 = 2.025.$$
#
# The error comes from the next term of the Taylor expansion,
# $\frac{\epsilon^2}{2} f''(4)$ with $f''(x) = -\frac14 x^{-3/2}$, so
# $f''(4) = -\frac{1}{32}$: the approximation overshoots by about
# $\epsilon^2 / 64 \approx 1.56 \times 10^{-4}$. Halving $\epsilon$ divides the
# error by about four.

# %%
answer = 2.025
x = torch.tensor(4.0, dtype=torch.float64, requires_grad=True)
torch.sqrt(x).backward()  # f'(4) by autograd, not by the power rule
by_autograd = 2 + 0.1 * x.grad.item()
print(f'answer {answer}, f(4) + 0.1 f\'(4) by autograd {by_autograd:.6f}, '
      f'sqrt(4.1) = {math.sqrt(4.1):.6f}')
assert math.isclose(by_autograd, answer)
assert math.isclose(answer - math.sqrt(4.1), 0.1 ** 2 / 64, rel_tol=0.02)

errors = {}
for eps in [0.1, 0.05]:
    errors[eps] = (2 + eps / 4) - math.sqrt(4 + eps)
    print(f'eps={eps:<5} error={errors[eps]:.3e}  predicted '
          f'eps^2/64={eps ** 2 / 64:.3e}')
    assert math.isclose(errors[eps], eps ** 2 / 64, rel_tol=0.02)
print(f'ratio when eps is halved: {errors[0.1] / errors[0.05]:.2f}')
assert math.isclose(errors[0.1] / errors[0.05], 4, rel_tol=0.02)

# %% [markdown]
# The check a learner runs accepts the estimate:

# %%
assert d2l.exercise("04_calculus_for_deep_learning", 1).check(answer)

# %% [markdown]
# ## Exercise 2: a gradient by hand
#
# For $f(x, y) = x^2 y + \sin(xy)$, differentiate in $x$ with $y$ held fixed,
# then in $y$ with $x$ held fixed; the chain rule handles $\sin(xy)$:
#
# $$\frac{\partial f}{\partial x} = 2xy + y\cos(xy), \qquad
# \frac{\partial f}{\partial y} = x^2 + x\cos(xy).$$
#
# Autograd on a $21 \times 21$ grid of $[-2, 2]^2$ agrees:

# %%
def f2(x, y):
    return x ** 2 * y + torch.sin(x * y)


def grad_f2_by_hand(x, y):
    return 2 * x * y + y * torch.cos(x * y), x ** 2 + x * torch.cos(x * y)


side = torch.linspace(-2, 2, 21, dtype=torch.float64)
X, Y = (c.clone().requires_grad_(True)
        for c in torch.meshgrid(side, side, indexing='ij'))
f2(X, Y).sum().backward()  # each f2(x_ij, y_ij) depends on one point only
by_hand = grad_f2_by_hand(X.detach(), Y.detach())
gap = max((X.grad - by_hand[0]).abs().max().item(),
          (Y.grad - by_hand[1]).abs().max().item())
print(f'largest gap between autograd and the formulas: {gap:.1e}')
assert torch.allclose(X.grad, by_hand[0]) and torch.allclose(Y.grad, by_hand[1])

# %% [markdown]
# The check a learner runs accepts the gradient by hand, a function of
# $(x, y)$:

# %%
assert d2l.exercise("04_calculus_for_deep_learning", 2).check(grad_f2_by_hand)

# %% [markdown]
# ## Exercise 3: when gradient descent on a quadratic diverges
#
# The gradient of $f(\mathbf{x}) = \frac12 \mathbf{x}^\top \mathbf{H}\mathbf{x}$
# (with $\mathbf{H}$ symmetric) is $\mathbf{H}\mathbf{x}$, so one step is
# $\mathbf{x} \leftarrow (\mathbf{I} - \eta\mathbf{H})\mathbf{x}$. Write
# $\mathbf{x}$ in the eigenvectors of $\mathbf{H}$: the component along an
# eigenvector with eigenvalue $\lambda$ is multiplied by $1 - \eta\lambda$ at
# every step. Here $\mathbf{H} = \begin{pmatrix} 3 & 1 \\ 1 & 3\end{pmatrix}$
# has eigenvalues $2$ (eigenvector $(1, -1)$) and $4$ (eigenvector $(1, 1)$).
# Every start converges if and only if $|1 - 2\eta| < 1$ and
# $|1 - 4\eta| < 1$, that is, for
#
# $$0 < \eta < \frac{2}{\lambda_{\max}} = \frac12.$$
#
# The slowest component shrinks by $\max(|1 - 2\eta|, |1 - 4\eta|)$ per step.
# This is smallest where the two are equal, $1 - 2\eta = 4\eta - 1$, at
# $\eta = \frac{2}{\lambda_{\min} + \lambda_{\max}} = \frac13$, where both
# components shrink by a factor of $3$ per step.

# %%
H = np.array([[3.0, 1.0], [1.0, 3.0]])
threshold, best_lr = 1 / 2, 1 / 3
eigenvalues = np.linalg.eigvalsh(H)
print('eigenvalues of H:', eigenvalues.tolist())
assert np.allclose([2 / eigenvalues.max(), 2 / eigenvalues.sum()],
                   [threshold, best_lr])


def grad_quadratic(x1, x2):
    return tuple(H @ np.array([x1, x2]))


start = (1.0, 0.3)  # has a component along both eigenvectors
for lr in [threshold - 0.01, threshold + 0.01]:
    end = d2l.gradient_descent_2d(grad_quadratic, start, lr, 300)[-1]
    print(f'lr={lr:.2f}: |x| after 300 steps = {np.linalg.norm(end):.2e}')
    assert (np.linalg.norm(end) < 1e-3) == (lr < threshold)

# %% [markdown]
# The fastest rate, found by experiment: for each $\eta$ on a fine grid, run
# 40 steps and measure the average factor by which $\|\mathbf{x}\|$ shrinks.

# %%
lrs = np.arange(0.01, 0.5, 0.001)
ends = [d2l.gradient_descent_2d(grad_quadratic, start, lr, 40)[-1] for lr in lrs]
rates = [(np.linalg.norm(end) / np.linalg.norm(start)) ** (1 / 40) for end in ends]
print(f'fastest lr by experiment: {lrs[np.argmin(rates)]:.3f}  (1/3 = '
      f'{best_lr:.3f}), '
      f'shrink factor per step {min(rates):.3f}')
assert abs(lrs[np.argmin(rates)] - best_lr) < 0.005

# %% [markdown]
# The sweep as a figure, with the theory beside it: the slowest component
# shrinks by $\max(|1 - 2\eta|, |1 - 4\eta|)$ per step, a V whose bottom is
# at $\eta = \frac13$ (factor $\frac13$) and which reaches $1$, no
# shrinking at all, at $\eta = \frac12$.

# %%
theory = np.maximum(np.abs(1 - 2 * lrs), np.abs(1 - 4 * lrs))
d2l.plot(lrs, [rates, theory], 'learning rate', 'shrink factor per step',
         fmts=('-', 'm--'))
d2l.plt.gca().axvline(best_lr, color='0.5', linewidth=0.8)
d2l.plt.legend(['measured (40 steps)', 'max(|1-2lr|, |1-4lr|)', 'lr = 1/3'],
               loc='center left', bbox_to_anchor=(1.02, 0.5))
d2l.plt.show()
assert np.allclose(rates, theory, atol=0.03)

# %% [markdown]
# The check a learner runs accepts the limit and the fastest rate:

# %%
assert d2l.exercise("04_calculus_for_deep_learning", 3).check((threshold, best_lr))

# %% [markdown]
# ## Exercise 4: counting the work of backpropagation
#
# Count as in Section 4.5: every local derivative is evaluated once where it
# is used, and every product of two derivatives counts as one multiplication.
#
# *Input to output*, for one input $x_i$: $\partial a/\partial x_i$ and
# $\partial b/\partial x_i$ are local derivatives (no multiplication); then
# $\partial u/\partial x_i$ and $\partial v/\partial x_i$ take two
# multiplications each, and $\partial f/\partial x_i$ two more: $6$ per
# input, so $6n$ for the whole gradient.
#
# *Output to input*: $\partial f/\partial a$ and $\partial f/\partial b$
# take two multiplications each, once for all inputs; then each
# $\partial f/\partial x_i = \frac{\partial f}{\partial a}
# \frac{\partial a}{\partial x_i} + \frac{\partial f}{\partial b}
# \frac{\partial b}{\partial x_i}$ takes two: $2n + 4$ in all.
#
# The ratio tends to $3$: the forward order repeats the top of the graph
# (the four products above $a$ and $b$) for every input. In a deep network
# the part of the graph that the forward order repeats is almost all of it,
# and the saving grows with the depth.
#
# The count below does not write these formulas into the code. It describes
# the graph of the example only by its edges (which node uses which, with the
# local derivative on each edge) and runs the two orders on it *generically*:
# the input-to-output order pushes a tangent from each input along the edges,
# the output-to-input order pulls adjoints from $f$ back. Each product of a
# local derivative with an accumulated derivative is tallied, except a product
# with the seed $1$ of the pass, which is the local derivative itself. The
# tallies must then equal the hand counts $6n$ and $2n + 4$, and both
# gradients must equal autograd's.

# %%
def graph_of_example(xs, signs):
    """The graph of Section 4.5 with n inputs:
    {node: [(parent, local derivative)]}."""
    s_a, s_b = sum(xs), sum(s * x for s, x in zip(signs, xs))
    a, b = s_a ** 2, s_b ** 2
    u, v = (a + b) ** 2, (a - b) ** 2
    inputs = [f'x{i}' for i in range(len(xs))]
    return inputs, {
        'a': [(x, 2 * s_a) for x in inputs],
        'b': [(x, 2 * s_b * s) for x, s in zip(inputs, signs)],
        'u': [('a', 2 * (a + b)), ('b', 2 * (a + b))],
        'v': [('a', 2 * (a - b)), ('b', -2 * (a - b))],
        'f': [('u', 2 * (u + v)), ('v', 2 * (u + v))],
    }


def input_to_output(inputs, edges):
    """One tangent pass per input; returns the gradient and the products
    counted."""
    products, gradient = 0, []
    for seed in inputs:
        tangent = {x: 1.0 if x == seed else 0.0 for x in inputs}
        for node, parents in edges.items():  # edges are listed in evaluation order
            tangent[node] = 0.0
            for parent, local in parents:
                if parent == seed:
                    # local derivative times the seed 1: free
                    tangent[node] += local
                elif parent not in inputs:
                    tangent[node] += local * tangent[parent]
                    products += 1
        gradient.append(tangent['f'])
    return gradient, products


def output_to_input(inputs, edges):
    """One adjoint pass from f; returns the gradient and the products counted."""
    products, adjoint = 0, {'f': 1.0}
    for node in reversed(list(edges)):
        for parent, local in edges[node]:
            if node == 'f':
                # the seed 1: free
                adjoint[parent] = adjoint.get(parent, 0.0) + local
            else:
                adjoint[parent] = adjoint.get(parent, 0.0) + adjoint[node] * local
                products += 1
    return [adjoint[x] for x in inputs], products


rng = np.random.default_rng(4)
for n in [1, 2, 4, 10, 50]:
    xs = rng.uniform(-0.5, 0.5, n).tolist()
    signs = rng.choice([-1, 1], n).tolist()
    inputs, edges = graph_of_example(xs, signs)
    forward, n_fwd = input_to_output(inputs, edges)
    backward, n_bwd = output_to_input(inputs, edges)
    t = torch.tensor(xs, dtype=torch.float64, requires_grad=True)
    ta, tb = t.sum() ** 2, (torch.tensor(signs, dtype=torch.float64) @ t) ** 2
    (((ta + tb) ** 2 + (ta - tb) ** 2) ** 2).backward()
    assert np.allclose(forward, t.grad.numpy())
    assert np.allclose(backward, t.grad.numpy())
    assert (n_fwd, n_bwd) == (6 * n, 2 * n + 4)  # the counts derived by hand above
    print(f'n={n:3d}: input to output {n_fwd:4d} products, output to input '
          f'{n_bwd:4d}')

# %% [markdown]
# The check a learner runs asks for the two counts as functions of $n$; the
# tallies of the two generic passes above, on the graph with $n$ inputs, pass:

# %%
def products_counted(n):
    """(input to output, output to input): the products tallied on the graph
    with n inputs."""
    # the counts do not depend on values
    inputs, edges = graph_of_example([0.1] * n, [1] * n)
    return input_to_output(inputs, edges)[1], output_to_input(inputs, edges)[1]


assert d2l.exercise("04_calculus_for_deep_learning", 4).check(
    (lambda n: products_counted(int(n))[0], lambda n: products_counted(int(n))[1]))

# %% [markdown]
# ## Exercise 5: a Taylor coefficient of $\tan x$
#
# Divide the series: $\tan x = \dfrac{x - x^3/6 + \cdots}{1 - x^2/2 + \cdots}$.
# Since $\frac{1}{1 - x^2/2} = 1 + x^2/2 + O(x^4)$,
#
# $$\tan x = \left(x - \frac{x^3}{6}\right)\left(1 + \frac{x^2}{2}\right) + O(x^5)
# = x + \left(\frac12 - \frac16\right)x^3 + O(x^5) = x + \frac{x^3}{3} + O(x^5).$$
#
# The coefficient is $\frac13$. Two independent checks: the Taylor formula
# $\tan'''(0)/3!$ with the third derivative taken by autograd, and sympy's
# series expansion.

# %%
coefficient = Fraction(1, 3)
x = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
d = torch.tan(x)
for _ in range(3):
    d, = torch.autograd.grad(d, x, create_graph=True)
by_autograd = d.item() / math.factorial(3)
s = sp.symbols('x')
by_sympy = sp.series(sp.tan(s), s, 0, 5).removeO().coeff(s, 3)
print(f'third derivative / 3! by autograd: {by_autograd:.6f}, '
      f'by sympy: {by_sympy}')
assert math.isclose(by_autograd, coefficient)
assert by_sympy == sp.Rational(1, 3) == coefficient

# %% [markdown]
# The check a learner runs accepts the coefficient:

# %%
assert d2l.exercise("04_calculus_for_deep_learning", 5).check(coefficient)

# %% [markdown]
# ## Exercise 6: the error of a left Riemann sum
#
# With $n$ strips of width $1/n$ and heights $(i/n)^2$, $i = 0, \ldots, n-1$,
# and $\sum_{i=0}^{n-1} i^2 = \frac{(n-1)n(2n-1)}{6}$,
#
# $$S_n = \frac{1}{n^3}\sum_{i=0}^{n-1} i^2 = \frac{(n-1)(2n-1)}{6n^2}
# = \frac13 - \frac{1}{2n} + \frac{1}{6n^2}.$$
#
# So the error is $\frac13 - S_n = \frac{1}{2n} - \frac{1}{6n^2}$, exactly.
# For large $n$ it is about $\frac{1}{2n}$: first order, halved each time $n$
# is doubled. We check the formula in exact rational arithmetic for
# $n = 1, \ldots, 200$, and symbolically with sympy.

# %%
def error_formula(n):
    return Fraction(1, 2 * n) - Fraction(1, 6 * n ** 2)


for n in range(1, 201):
    left_sum = sum(Fraction(i, n) ** 2 for i in range(n)) / n
    assert Fraction(1, 3) - left_sum == error_formula(n)
n, i = sp.symbols('n i', positive=True, integer=True)
symbolic_error = sp.Rational(1, 3) - sp.summation((i / n) ** 2, (i, 0, n - 1)) / n
assert sp.simplify(symbolic_error - (1 / (2 * n) - 1 / (6 * n ** 2))) == 0
print('error for n = 10, 20, 40:', [str(error_formula(k)) for k in (10, 20, 40)])
print('error ratios when n doubles:',
      [round(float(error_formula(k) / error_formula(2 * k)), 4)
       for k in (10, 100, 1000)])

# %% [markdown]
# The check a learner runs asks for the key step, $S_n$ itself, and for the rate,
# the power $p$ in $1/n^p$; $\frac13$ minus the error formula, with the $p$ that the
# halving above shows, passes:

# %%
def left_sum_closed_form(n):
    """S_n as 1/3 minus the error formula."""
    return Fraction(1, 3) - error_formula(int(n))


# error halves: p = 1
rate = round(math.log2(float(error_formula(1000) / error_formula(2000))))
assert d2l.exercise("04_calculus_for_deep_learning",
                    6).check((left_sum_closed_form, rate))

# %% [markdown]
# ## Exercise 7: critical points of $x^3 - 3x + y^2$
#
# The gradient is $\nabla f = (3x^2 - 3,\ 2y)$, which vanishes where
# $x = \pm 1$ and $y = 0$. The Hessian is
# $\begin{pmatrix} 6x & 0 \\ 0 & 2 \end{pmatrix}$:
#
# * at $(1, 0)$ it is $\operatorname{diag}(6, 2)$, positive definite: a
#   local minimum, with $f(1, 0) = -2$. It is not a global one, since
#   $f(x, 0) \to -\infty$ as $x \to -\infty$;
# * at $(-1, 0)$ it is $\operatorname{diag}(-6, 2)$, with eigenvalues of
#   opposite signs: a saddle point.
#
# Sympy solves $\nabla f = 0$ independently, and autograd's Hessian supplies
# the eigenvalues:

# %%
expected_kind = {(1, 0): 'minimum', (-1, 0): 'saddle'}
sx, sy = sp.symbols('x y', real=True)
expr = sx ** 3 - 3 * sx + sy ** 2
solutions = sp.solve([sp.diff(expr, sx), sp.diff(expr, sy)], [sx, sy], dict=True)
critical = {(int(sol[sx]), int(sol[sy])) for sol in solutions}
assert critical == set(expected_kind)
for point in sorted(critical):
    hessian = torch.autograd.functional.hessian(
        lambda p: p[0] ** 3 - 3 * p[0] + p[1] ** 2,
        torch.tensor(point, dtype=torch.float64))
    eigenvalues = torch.linalg.eigvalsh(hessian)
    if (eigenvalues > 0).all():
        kind = 'minimum'
    elif (eigenvalues < 0).all():
        kind = 'maximum'
    else:
        mixed = (eigenvalues > 0).any() and (eigenvalues < 0).any()
        kind = 'saddle' if mixed else 'undecided'
    print(f'{point}: Hessian eigenvalues {eigenvalues.tolist()} -> {kind}')
    assert kind == expected_kind[point]

# %% [markdown]
# On a contour plot the two kinds look different: around the minimum $(1, 0)$
# the contours close into rings, while at the saddle $(-1, 0)$ two contours
# cross, the level $f(-1, 0) = 2$ running through it in an X.

# %%
d2l.use_svg_display()
d2l.set_figsize()
gx, gy = np.meshgrid(np.linspace(-2.5, 2.5, 201), np.linspace(-2, 2, 161))
levels = [-1.5, -1, 0, 1, 2, 3, 4, 6]
contours = d2l.plt.contour(gx, gy, gx ** 3 - 3 * gx + gy ** 2, levels=levels,
                           cmap='viridis', linewidths=0.8)
d2l.plt.clabel(contours, fontsize=7)
d2l.plt.plot([1], [0], 'o', color='C3', label='minimum (1, 0)')
d2l.plt.plot([-1], [0], 'X', color='k', label='saddle (-1, 0)')
d2l.plt.xlabel('x'), d2l.plt.ylabel('y')
d2l.plt.legend(loc='center left', bbox_to_anchor=(1.02, 0.5))
d2l.plt.show()

# %% [markdown]
# The check a learner runs accepts the critical points with their kinds:

# %%
assert d2l.exercise("04_calculus_for_deep_learning", 7).check(expected_kind)

# %% [markdown]
# ## Exercise 8: differentiating an integral with a variable bound
#
# Let $F(u) = \int_0^u \sin t\,dt$; by the fundamental theorem
# $F'(u) = \sin u$. The function we want is $F(x^2)$, so by the chain rule
#
# $$\frac{d}{dx}\int_0^{x^2} \sin t\,dt = F'(x^2) \cdot 2x = 2x \sin(x^2).$$
#
# (Directly: the integral is $1 - \cos(x^2)$, whose derivative is the same.)
# The first check is sympy; the second never writes the integral in closed
# form: a midpoint sum computes it, and a central difference differentiates it.

# %%
def by_formula(x):
    return 2 * x * np.sin(x ** 2)


assert sp.simplify(sp.diff(sp.integrate(sp.sin(sy), (sy, 0, sx ** 2)), sx)
                   - 2 * sx * sp.sin(sx ** 2)) == 0


def integral_to_x_squared(x, n=20_000):
    upper = x ** 2
    return np.sin(upper * (np.arange(n) + 0.5) / n).sum() * upper / n


h = 1e-4
xs = np.linspace(-2, 2, 9)
numeric = np.array([(integral_to_x_squared(x + h)
                     - integral_to_x_squared(x - h)) / (2 * h)
                    for x in xs])
print('x:          ', xs.round(2).tolist())
print('numeric:    ', numeric.round(5).tolist())
print('2x sin(x^2):', by_formula(xs).round(5).tolist())
assert np.allclose(numeric, by_formula(xs), atol=1e-4)

# %% [markdown]
# The check a learner runs accepts the formula (given a NumPy array, as
# `by_formula` expects):

# %%
assert d2l.exercise("04_calculus_for_deep_learning", 8).check(
    lambda x: by_formula(np.asarray(x)))
