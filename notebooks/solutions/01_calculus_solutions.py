# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Solutions: 2.4 Calculus
#
# Worked solutions to the ten exercises of 2.4.6, at the end of
# [2.4 Calculus](../01_calculus.ipynb); the exercise numbers are the
# textbook's. Each solution first derives the answer
# by hand and then lets the computer check it by a route that does not use
# the hand result: PyTorch's autograd on a grid of points, a finite
# difference, or SymPy. The checks are `assert` statements, so if a formula
# on this page were wrong, re-running the notebook (as `make test` does)
# would fail.

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

import numpy as np
import sympy
import torch

import d2lutils as d2l

# %% [markdown]
# Three small tools are used throughout. The first asks autograd for $f'(x)$ at
# every point of a grid at once: when each output $f(x_i)$ depends on $x_i$
# alone, the gradient of $\sum_i f(x_i)$ with respect to the grid is exactly
# the list of derivatives $f'(x_i)$ (for a scalar function of a whole
# vector, the same call returns its gradient). The second is the symmetric difference
# quotient, which knows nothing about derivatives at all. A third, `report`,
# prints a cell's results in a single write, so that Jupyter records them as
# one block of output on every run (several `print` calls can reach the
# notebook as several pieces, split differently each time).

# %%
def derivative_by_autograd(fn, xs):
    """Gradient of sum(fn(xs)): f'(x_i) at every x_i when fn is elementwise."""
    xs = xs.detach().to(torch.float64).clone().requires_grad_(True)
    fn(xs).sum().backward()
    return xs.grad


def central_difference(fn, xs, h=1e-6):
    """(f(x + h) - f(x - h)) / (2h), elementwise."""
    return (fn(xs + h) - fn(xs - h)) / (2 * h)


def report(*lines):
    """Print the lines, one per line, in a single write to the output."""
    sys.stdout.write('\n'.join(str(line) for line in lines) + '\n')


# %% [markdown]
# ## Exercise 1. Derivatives from the limit definition
#
# We use $f'(x) = \lim_{h \to 0} \frac{f(x+h) - f(x)}{h}$ every time.
#
# **A constant** $f(x) = c$. The numerator $c - c$ is $0$ for every
# $h \neq 0$, so the quotient is $0$ and so is its limit: $\frac{d}{dx} c = 0$.
#
# **A power** $f(x) = x^n$, first for a positive integer $n$. The binomial
# theorem gives
#
# $$\frac{(x+h)^n - x^n}{h} = \frac{1}{h} \sum_{k=1}^{n} \binom{n}{k} x^{n-k} h^k
# = n x^{n-1} + \binom{n}{2} x^{n-2} h + \dots + h^{n-1}.$$
#
# Every term after the first carries a factor $h$, so the limit is $n x^{n-1}$.
# For any real $n$ and $x > 0$ the same answer follows from the two results
# below: $x^n = e^{n \ln x}$, so the chain rule gives
# $e^{n \ln x} \cdot \frac{n}{x} = n x^{n-1}$.
#
# **The exponential** $f(x) = e^x$. Since $e^{x+h} = e^x e^h$,
#
# $$\frac{e^{x+h} - e^x}{h} = e^x \, \frac{e^h - 1}{h}, \qquad
# \frac{e^h - 1}{h} = \frac{1}{h}\Big(h + \frac{h^2}{2!} + \frac{h^3}{3!} + \dots\Big)
# = 1 + \frac{h}{2!} + \dots \to 1,$$
#
# so $\frac{d}{dx} e^x = e^x$.
#
# **The logarithm** $f(x) = \ln x$ for $x > 0$. Put $t = h/x$, which tends to
# $0$ with $h$:
#
# $$\frac{\ln(x+h) - \ln x}{h} = \frac{1}{h} \ln\Big(1 + \frac{h}{x}\Big)
# = \frac{1}{x} \cdot \frac{\ln(1+t)}{t} = \frac{1}{x} \ln\big((1+t)^{1/t}\big)
# \to \frac{1}{x} \ln e = \frac{1}{x},$$
#
# using $(1+t)^{1/t} \to e$ and the continuity of $\ln$. So
# $\frac{d}{dx} \ln x = \frac{1}{x}$.
#
# SymPy can take the same limits of the difference quotient, without being
# told any derivative rule. For the power we leave $n$ as a symbol:

# %%
x, h, c, n = sympy.symbols('x h c n')
xp = sympy.Symbol('x', positive=True)           # ln x and x**n need x > 0


def limit_of_difference_quotient(expr, var):
    """lim_{h -> 0} (expr(var + h) - expr(var)) / h, taken by SymPy."""
    return sympy.limit((expr.subs(var, var + h) - expr) / h, h, 0)


cases = [                                       # (f, variable, expected f')
    (c + 0 * x, x, sympy.Integer(0)),
    (xp ** n, xp, n * xp ** (n - 1)),
    (sympy.exp(x), x, sympy.exp(x)),
    (sympy.log(xp), xp, 1 / xp),
]
lines = []  # reported together at the end of the cell
for expr, var, expected in cases:
    found = limit_of_difference_quotient(expr, var)
    lines.append(f'f = {str(expr):8s} limit = {str(found):12s} expected = '
                 f'{expected}')
    assert sympy.simplify(found - expected) == 0
report(*lines)

# %% [markdown]
# The power rule with a symbolic $n$ covers negative and fractional powers
# too; here are a few of them, each limit taken separately:

# %%
lines = []
for power in [1, 2, 3, 7, -1, -3, sympy.Rational(1, 2), sympy.Rational(-2, 3)]:
    found = limit_of_difference_quotient(xp ** power, xp)
    assert sympy.simplify(found - power * xp ** (power - 1)) == 0
    lines.append(f'n = {str(power):5s} d/dx x^n = {found}')
report(*lines)

# %% [markdown]
# Numerically, the same quotients at $x = 2$ close in on the closed forms as
# $h$ shrinks. The gap behaves like $\frac{h}{2} f''(x)$, so it should fall
# tenfold with every tenfold smaller $h$, and stay below $10h$ relative to
# the derivative.

# %%
x0 = 2.0
functions = {                                    # name: (f, closed-form f')
    'c = 5': (lambda x: 5.0, lambda x: 0.0),
    'x^3': (lambda x: x ** 3, lambda x: 3 * x ** 2),
    'e^x': (math.exp, math.exp),
    'ln x': (math.log, lambda x: 1 / x),
}
lines = [f'{"h":7s}' + ''.join(f'{name:>14s}' for name in functions)]
for h_step in 10.0 ** np.arange(-1, -6, -1):
    row = []
    for name, (fn, dfn) in functions.items():
        quotient = (fn(x0 + h_step) - fn(x0)) / h_step
        assert abs(quotient - dfn(x0)) <= 10 * h_step * max(1.0, abs(dfn(x0)))
        row.append(f'{quotient:14.6f}')
    lines.append(f'{h_step:.0e}  ' + ''.join(row))
lines.append(f'{"exact":7s}'
             + ''.join(f'{dfn(x0):14.6f}' for _, dfn in functions.values()))
assert len({len(line) for line in lines}) == 1  # every row as wide as the header
report(*lines)

# %% [markdown]
# The check a learner runs asks for the four derivatives and for the step that
# carries the proof for $e^x$: the factor $g(h)$ in
# $\frac{e^{x+h} - e^x}{h} = e^x g(h)$, and its limit. It accepts those derived above:

# %%
exp_factor = sympy.simplify((sympy.exp(x + h) - sympy.exp(x)) / (h * sympy.exp(x)))
exp_step = (exp_factor, sympy.limit(exp_factor, h, 0))
report(f'g(h) = {exp_factor}, limit {exp_step[1]}')
assert d2l.exercise("01_calculus",
                    1).check((tuple(expected for _, _, expected in cases),
                                              exp_step))

# %% [markdown]
# ## Exercise 2. Sum, product and quotient rules from first principles
#
# Let $f$ and $g$ be differentiable at $x$. A differentiable function is
# continuous there, because $f(x+h) - f(x) = h \cdot \frac{f(x+h) - f(x)}{h}
# \to 0 \cdot f'(x) = 0$; we use this in the product rule.
#
# **Sum.** The difference quotient of $f + g$ splits in two:
#
# $$\frac{[f(x+h) + g(x+h)] - [f(x) + g(x)]}{h}
# = \frac{f(x+h) - f(x)}{h} + \frac{g(x+h) - g(x)}{h} \to f'(x) + g'(x).$$
#
# **Product.** Add and subtract $f(x+h) g(x)$ in the numerator:
#
# $$f(x+h) g(x+h) - f(x) g(x) = f(x+h)\,[g(x+h) - g(x)] + g(x)\,[f(x+h) - f(x)].$$
#
# Dividing by $h$ and letting $h \to 0$, with $f(x+h) \to f(x)$ by
# continuity, gives $(fg)'(x) = f(x) g'(x) + g(x) f'(x)$.
#
# **Quotient.** Where $g(x) \neq 0$, first the reciprocal:
#
# $$\frac{1}{h}\Big(\frac{1}{g(x+h)} - \frac{1}{g(x)}\Big)
# = -\frac{g(x+h) - g(x)}{h} \cdot \frac{1}{g(x+h)\, g(x)}
# \to -\frac{g'(x)}{g(x)^2}.$$
#
# Then the product rule applied to $f \cdot \frac{1}{g}$ gives
#
# $$\Big(\frac{f}{g}\Big)' = \frac{f'}{g} - \frac{f g'}{g^2}
# = \frac{g f' - f g'}{g^2}.$$
#
# The two algebraic identities that carry the proofs hold for *any* functions
# $f$ and $g$; SymPy confirms them with $f$ and $g$ left undefined:

# %%
f, g = sympy.Function('f'), sympy.Function('g')
product_split = (f(x + h) * g(x + h) - f(x) * g(x)
                 - (f(x + h) * (g(x + h) - g(x)) + g(x) * (f(x + h) - f(x))))
reciprocal_split = (1 / g(x + h) - 1 / g(x)
                    + (g(x + h) - g(x)) / (g(x + h) * g(x)))
product_gap = sympy.expand(product_split)
reciprocal_gap = sympy.simplify(reciprocal_split)
report(f'product identity, left - right:    {product_gap}',
       f'reciprocal identity, left - right: {reciprocal_gap}')
assert product_gap == 0 and reciprocal_gap == 0

# %% [markdown]
# For concrete functions the rules must agree with the limit of the
# difference quotient itself. Take $f = \sin x$ and $g = e^x + x^2$, so
# $f' = \cos x$ and $g' = e^x + 2x$, and let SymPy take each limit from
# first principles:

# %%
F, G = sympy.sin(x), sympy.exp(x) + x ** 2
dF, dG = sympy.cos(x), sympy.exp(x) + 2 * x
# name: (how f and g are combined, the rule for its derivative)
rules = {
    'sum': (lambda f, g: f + g, lambda f, g, df, dg: df + dg),
    'product': (lambda f, g: f * g, lambda f, g, df, dg: f * dg + g * df),
    'quotient': (lambda f, g: f / g,
                 lambda f, g, df, dg: (g * df - f * dg) / g ** 2),
}
lines = []
for name, (combine, rule) in rules.items():
    gap = sympy.simplify(limit_of_difference_quotient(combine(F, G), x)
                         - rule(F, G, dF, dG))
    lines.append(f'{name:8s} rule: limit - rule = {gap}')
    assert gap == 0
report(*lines)

# %% [markdown]
# And numerically, on a grid: autograd and a central difference both agree
# with each rule.

# %%
grid = torch.linspace(-2, 2, 41, dtype=torch.float64)
f_t, df_t = torch.sin, torch.cos
g_t, dg_t = (lambda x: torch.exp(x) + x ** 2), (lambda x: torch.exp(x) + 2 * x)
numeric_rules = {
    'sum': (lambda x: f_t(x) + g_t(x), lambda x: df_t(x) + dg_t(x)),
    'product': (lambda x: f_t(x) * g_t(x),
                lambda x: f_t(x) * dg_t(x) + g_t(x) * df_t(x)),
    'quotient': (lambda x: f_t(x) / g_t(x),
                 lambda x: (g_t(x) * df_t(x) - f_t(x) * dg_t(x)) / g_t(x) ** 2),
}
lines = []
for name, (fn, by_rule) in numeric_rules.items():
    rule = by_rule(grid)
    auto_gap = (derivative_by_autograd(fn, grid) - rule).abs().max().item()
    diff_gap = (central_difference(fn, grid) - rule).abs().max().item()
    assert auto_gap < 1e-12 and diff_gap < 1e-7
    # tolerances, not the raw gaps: rounding in the last digits varies between CPUs
    lines.append(f'{name:8s} rule: autograd within 1e-12: {auto_gap < 1e-12}, '
                 f'finite difference within 1e-7: {diff_gap < 1e-7}')
report(*lines)

# %% [markdown]
# The check a learner runs accepts the three rules, written with the symbols
# `df` and `dg` for $f'(x)$ and $g'(x)$, together with the step that proves the
# product rule: the coefficients $A = f(x+h)$ and $B = g(x)$ of the identity above,
# written with `fh` for $f(x+h)$:

# %%
rules_in_symbols = tuple(rule(*sympy.symbols('f g df dg'))
                         for _, rule in rules.values())
# A and B of the split above
product_step = (sympy.Symbol('fh'), sympy.Symbol('g'))
assert d2l.exercise("01_calculus", 2).check((rules_in_symbols, product_step))

# %% [markdown]
# ## Exercise 3. The constant multiple rule from the product rule
#
# A constant $C$ is the function $g(x) = C$, whose derivative is $0$
# (exercise 1). The product rule with this $g$ gives
#
# $$\frac{d}{dx}[C f(x)] = C \frac{d}{dx} f(x) + f(x) \cdot \frac{d}{dx} C
# = C f'(x) + f(x) \cdot 0 = C f'(x).$$
#
# SymPy confirms the substitution with undefined functions: it applies the
# product rule to $f(x)\,g(x)$ for an arbitrary $g$, we then put the constant
# $C$ in place of $g$, and the result must equal SymPy's own derivative of
# $C f(x)$. Autograd confirms the rule for a few constants and $f = \sin$ on a
# grid:

# %%
C = sympy.Symbol('C')
# SymPy: f g' + g f', any g
product_rule = sympy.diff(f(x) * g(x), x)
# g = C, so g' = dC/dx = 0
with_constant = product_rule.subs(g(x), C).doit()
# SymPy's derivative of C f
direct = sympy.diff(C * f(x), x)
# the g' term is there ...
assert product_rule.has(sympy.Derivative(g(x), x))
# ... and with g = C, only C f' is left
assert sympy.simplify(with_constant - direct) == 0
lines = [f'product rule for f g:     {product_rule}',
         f'with g = C:               {with_constant}',
         f'derivative of C f:        {direct}']

for constant in [-3.0, 0.5, 7.0]:
    by_autograd = derivative_by_autograd(lambda x: constant * torch.sin(x), grid)
    assert torch.allclose(by_autograd, constant * torch.cos(grid))
    lines.append(f'C = {constant:4.1f}: d/dx [C sin x] equals C cos x on the grid')
report(*lines)

# %% [markdown]
# The learner's check asks this as a multiple-choice question; the derivation
# above is its option A: with $u = C$ and $v = f$, $u' = 0$ makes the term
# $u'v$ vanish, leaving $C f'$.

# %%
assert d2l.exercise("01_calculus", 3).check('A')

# %% [markdown]
# ## Exercise 4. The derivative of $x^x$
#
# For $x > 0$ write $x^x = e^{x \ln x}$. By the chain rule and the product
# rule,
#
# $$\frac{d}{dx} x^x = e^{x \ln x} \cdot \frac{d}{dx}(x \ln x)
# = x^x \Big(\ln x + x \cdot \frac{1}{x}\Big) = x^x (1 + \ln x).$$
#
# (Logarithmic differentiation gives the same: $\ln y = x \ln x$, so
# $y'/y = \ln x + 1$.) The closed form is checked three ways: against
# autograd and a central difference on a grid in $(0, 3]$, and against
# SymPy's derivative.

# %%
def x_to_the_x_derivative(x):
    """The hand-derived (x^x)' = x^x (1 + ln x), for x > 0."""
    return x ** x * (1 + torch.log(x))


xs = torch.linspace(0.1, 3, 30, dtype=torch.float64)
closed_form = x_to_the_x_derivative(xs)
by_autograd = derivative_by_autograd(lambda x: x ** x, xs)
by_difference = central_difference(lambda x: x ** x, xs)
report(*(f'x = {xs[i].item():.1f}: closed form {closed_form[i].item():10.6f}, '
         f'autograd {by_autograd[i].item():10.6f}, difference '
         f'{by_difference[i].item():10.6f}'
         for i in [0, 9, 19, 29]))
assert torch.allclose(by_autograd, closed_form, rtol=1e-12, atol=0)
assert torch.allclose(by_difference, closed_form, rtol=1e-7, atol=0)

# %%
symbolic = sympy.diff(xp ** xp, xp)
report(f'SymPy: {symbolic}')
assert sympy.simplify(symbolic - xp ** xp * (1 + sympy.log(xp))) == 0

# %% [markdown]
# The derivative is zero where $\ln x = -1$, at $x = 1/e \approx 0.368$, where
# $x^x$ has its minimum $e^{-1/e} \approx 0.692$.

# %%
x_min = torch.tensor(1 / math.e, dtype=torch.float64)
report(f'(x^x)\' at 1/e: {round(x_to_the_x_derivative(x_min).item(), 12) + 0.0};  '
       f'(1/e)^(1/e) = {(x_min ** x_min).item():.4f}')
assert abs(x_to_the_x_derivative(x_min).item()) < 1e-15

# %% [markdown]
# The check a learner runs accepts the hand-derived derivative:

# %%
assert d2l.exercise("01_calculus", 4).check(x_to_the_x_derivative)

# %% [markdown]
# ## Exercise 5. What $f'(x) = 0$ means
#
# $f'(x) = 0$ says that the tangent at $x$ is horizontal: to first order, $f$
# does not change when $x$ moves a little. Such a point is called
# *stationary* (or critical). It can be
#
# * a **local minimum**, such as $x^2$ at $0$, or $3x^2 - 4x$ (the chapter's
#   example) at $x = 2/3$, where $6x - 4 = 0$;
# * a **local maximum**, such as $\cos x$ at $0$;
# * **neither**: $x^3$ at $0$ keeps increasing through $0$; its tangent is flat
#   there but the curve crosses it (an inflection point; in several variables
#   the analogue is a saddle point).
#
# The second derivative often tells them apart ($f'' > 0$: minimum,
# $f'' < 0$: maximum), but not always: $x^4$ has a minimum at $0$ with
# $f''(0) = 0$, just like $x^3$, which has none. So below we decide each case
# by comparing $f$ with its values a little to the left and right, and print
# $f''$ beside it. Both derivatives come from autograd (the second one by
# differentiating the first, with `create_graph=True`).

# %%
def first_and_second_derivative(fn, at):
    """(f'(at), f''(at)) by autograd, for a scalar function of one variable."""
    x = torch.tensor(at, dtype=torch.float64, requires_grad=True)
    (d1,) = torch.autograd.grad(fn(x), x, create_graph=True)
    (d2,) = torch.autograd.grad(d1, x)
    return d1.item(), d2.item()


def kind_of_stationary_point(fn, at, deltas=(1e-1, 1e-2, 1e-3)):
    """'minimum', 'maximum' or 'neither', from f's values on both sides of `at`."""
    at = torch.tensor(at, dtype=torch.float64)
    sides = [fn(at + s * d) - fn(at) for d in deltas for s in (-1, 1)]
    if all(v > 0 for v in sides):
        return 'minimum'
    if all(v < 0 for v in sides):
        return 'maximum'
    return 'neither'


examples = [                    # (name, f, stationary point, what it should be)
    ('x^2', lambda x: x ** 2, 0.0, 'minimum'),
    ('3x^2 - 4x', lambda x: 3 * x ** 2 - 4 * x, 2 / 3, 'minimum'),
    ('cos x', torch.cos, 0.0, 'maximum'),
    ('x^3', lambda x: x ** 3, 0.0, 'neither'),
    ('x^4', lambda x: x ** 4, 0.0, 'minimum'),
]
lines = []
for name, fn, at, expected in examples:
    d1, d2 = first_and_second_derivative(fn, at)
    d1_shown = round(d1, 12) + 0.0  # prints -4e-16 as 0.0, not -0.0
    kind = kind_of_stationary_point(fn, at)
    lines.append(f"{name:10s} at x = {at:.4f}: f' = {d1_shown:4.1f}, f'' = "
                 f"{d2:4.1f}, {kind}")
    assert abs(d1) < 1e-12 and kind == expected
report(*lines)

# %% [markdown]
# The check a learner runs asks for one function and a point where
# $f'(x) = 0$; it accepts each of the five examples above:

# %%
for _, fn, at, _ in examples:
    assert d2l.exercise("01_calculus", 5).check((fn, at))

# %% [markdown]
# ## Exercise 6. $y = x^3 - \frac{1}{x}$ and its tangent at $x = 1$
#
# $f(1) = 1 - 1 = 0$ and $f'(x) = 3x^2 + \frac{1}{x^2}$, so $f'(1) = 4$. The
# tangent passes through $(1, 0)$ with slope $4$:
#
# $$y = f(1) + f'(1)(x - 1) = 4x - 4.$$
#
# Autograd computes $f(1)$ and $f'(1)$ independently of this algebra:

# %%
def cubic_minus_reciprocal(x):
    return x ** 3 - 1 / x


one = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
value = cubic_minus_reciprocal(one)
value.backward()
report(f"f(1) = {value.item()},  f'(1) by autograd = {one.grad.item()}",
       f'tangent: y = f(1) + f\'(1)(x - 1) = {one.grad.item():g}x - '
       f'{one.grad.item() - value.item():g}')
assert value.item() == 0 and one.grad.item() == 4


def tangent(x):
    return 4 * x - 4


# %% [markdown]
# A tangent line differs from the curve by a second-order amount:
# $f(x) - (4x - 4) = O((x - 1)^2)$. Halving the distance to $1$ should
# roughly quarter the gap, and the ratio gap$/(x-1)^2$ should approach
# $f''(1)/2 = (6 - 2)/2 = 2$:

# %%
lines = []
for step in [0.1, 0.05, 0.025]:
    point = 1 + step
    gap = cubic_minus_reciprocal(point) - tangent(point)
    lines.append(f'x = 1 + {step:<5}: f(x) - tangent = {gap:.6f},  gap / step^2 '
                 f'= {gap / step ** 2:.3f}')
    assert abs(gap / step ** 2 - 2) < 0.5   # f''(1) / 2 = (6 - 2) / 2 = 2
report(*lines)

# %%
x_plot = np.linspace(0.3, 2, 100)
d2l.plot(x_plot, [cubic_minus_reciprocal(x_plot), tangent(x_plot)], 'x', 'f(x)',
         legend=['f(x)', 'Tangent line (x=1)'])

# %% [markdown]
# The figure shows a second meeting point near $x = 0.4$. Indeed
# $x \big(f(x) - (4x - 4)\big) = x^4 - 4x^2 + 4x - 1 = (x - 1)^2 (x^2 + 2x - 1)$:
# the double root at $x = 1$ is the point of tangency, and the line crosses
# the curve again at $x = \sqrt{2} - 1 \approx 0.414$. Being tangent is a
# local property; the line may well meet the curve elsewhere.

# %%
meeting_points = sorted(sympy.solve(sympy.Eq(xp ** 3 - 1 / xp, 4 * xp - 4), xp),
                        key=float)
report(f'tangent meets the curve (x > 0) at: {meeting_points}')
assert set(meeting_points) == {1, sympy.sqrt(2) - 1}

# %% [markdown]
# The check a learner runs accepts the tangent line:

# %%
assert d2l.exercise("01_calculus", 6).check(tangent)

# %% [markdown]
# ## Exercise 7. The gradient of $3x_1^2 + 5e^{x_2}$
#
# Each partial derivative treats the other variable as a constant:
#
# $$\frac{\partial f}{\partial x_1} = 6x_1, \qquad
# \frac{\partial f}{\partial x_2} = 5e^{x_2}, \qquad
# \nabla_{\mathbf{x}} f(\mathbf{x}) = \begin{bmatrix} 6x_1 \\ 5e^{x_2} \end{bmatrix}.$$
#
# Checked at five random points (one per row). Since $f$ of one row does not
# depend on the other rows, one backward pass through the sum gives every
# row's gradient.

# %%
def f7(points):
    return 3 * points[..., 0] ** 2 + 5 * torch.exp(points[..., 1])


def f7_gradient(points):
    """The hand-derived gradient (6 x1, 5 e^x2), one row per point."""
    return torch.stack([6 * points[..., 0], 5 * torch.exp(points[..., 1])], dim=-1)


torch.manual_seed(7)  # the same random points on every run
points = torch.randn(5, 2, dtype=torch.float64, requires_grad=True)
f7(points).sum().backward()
report(f'points (x1, x2):\n{points.detach().numpy().round(4)}',
       f'gradient by autograd:\n{points.grad.numpy().round(4)}',
       f'(6 x1, 5 e^x2):\n{f7_gradient(points).detach().numpy().round(4)}')
assert torch.allclose(points.grad, f7_gradient(points.detach()))

# %% [markdown]
# SymPy agrees symbolically:

# %%
x1, x2 = sympy.symbols('x1 x2')
symbolic_gradient = [sympy.diff(3 * x1 ** 2 + 5 * sympy.exp(x2), v)
                     for v in (x1, x2)]
report(f'SymPy gradient: {symbolic_gradient}')
assert symbolic_gradient == [6 * x1, 5 * sympy.exp(x2)]

# %% [markdown]
# The check a learner runs accepts the hand-derived gradient, called on one
# point $(x_1, x_2)$:

# %%
assert d2l.exercise("01_calculus", 7).check(f7_gradient)

# %% [markdown]
# ## Exercise 8. The gradient of $\|\mathbf{x}\|_2$, and what happens at $\mathbf{0}$
#
# **Away from zero.** $\|\mathbf{x}\|_2 = \big(\sum_j x_j^2\big)^{1/2}$, so by
# the chain rule
#
# $$\frac{\partial}{\partial x_i} \|\mathbf{x}\|_2
# = \frac{1}{2} \Big(\sum_j x_j^2\Big)^{-1/2} \cdot 2 x_i
# = \frac{x_i}{\|\mathbf{x}\|_2}, \qquad
# \nabla_{\mathbf{x}} \|\mathbf{x}\|_2 = \frac{\mathbf{x}}{\|\mathbf{x}\|_2}
# \quad (\mathbf{x} \neq \mathbf{0}),$$
#
# the unit vector pointing along $\mathbf{x}$. Checked at random points in
# $\mathbb{R}^4$:

# %%
torch.manual_seed(8)  # the same random points on every run
points = torch.randn(6, 4, dtype=torch.float64)
for p in points:
    # a scalar of the whole vector
    by_autograd = derivative_by_autograd(torch.linalg.norm, p)
    assert torch.allclose(by_autograd, p / torch.linalg.norm(p))
report(f'x / ||x|| equals the autograd gradient at all {len(points)} points',
       f'e.g. at {p.numpy().round(3)} -> {by_autograd.numpy().round(3)}')

# %% [markdown]
# **At zero.** The norm is not differentiable at $\mathbf{0}$. If it were,
# its directional derivative along $\mathbf{u}$,
# $\lim_{t \to 0^+} \frac{\|t\mathbf{u}\| - \|\mathbf{0}\|}{t}$, would be
# $\nabla f(\mathbf{0})^\top \mathbf{u}$, a *linear* function of
# $\mathbf{u}$. But the quotient is $\frac{t \|\mathbf{u}\|}{t} = \|\mathbf{u}\|$
# for every $t > 0$: the directional derivative is $\|\mathbf{u}\|$, and
# $\|{-\mathbf{u}}\| = \|\mathbf{u}\|$ rather than $-\|\mathbf{u}\|$. The graph is
# a cone with its tip at the origin, and no plane is tangent to a tip.

# %%
zero = torch.zeros(4, dtype=torch.float64)
u = torch.tensor([3.0, -4.0, 0.0, 12.0], dtype=torch.float64)       # ||u|| = 13
lines = []
for t in [1e-1, 1e-4, 1e-8]:
    along_u = (torch.linalg.norm(zero + t * u) - torch.linalg.norm(zero)) / t
    along_minus_u = (torch.linalg.norm(zero - t * u) - torch.linalg.norm(zero)) / t
    lines.append(f't = {t:.0e}: along u {along_u.item():.6f}, along -u '
                 f'{along_minus_u.item():.6f}')
    assert math.isclose(along_u, 13) and math.isclose(along_minus_u, 13)
lines.append('a linear map would give opposite values for u and -u: not '
             'differentiable at 0')
report(*lines)

# %% [markdown]
# What survives at $\mathbf{0}$ is the *subdifferential*, the set of vectors
# $\mathbf{g}$ with $\|\mathbf{y}\| \ge \|\mathbf{0}\| + \mathbf{g}^\top \mathbf{y}$
# for all $\mathbf{y}$. By the Cauchy–Schwarz inequality every $\mathbf{g}$
# with $\|\mathbf{g}\| \le 1$ qualifies, since
# $\mathbf{g}^\top\mathbf{y} \le \|\mathbf{g}\|\|\mathbf{y}\| \le \|\mathbf{y}\|$;
# and if $\|\mathbf{g}\| > 1$, then $\mathbf{y} = \mathbf{g}$ breaks it, since
# $\mathbf{g}^\top \mathbf{g} = \|\mathbf{g}\|^2 > \|\mathbf{g}\|$. So
# $\partial \|\cdot\|_2(\mathbf{0})$ is the closed unit ball. A random test of
# both halves: for 100 directions and several lengths, we look for a $\mathbf{y}$
# among 10,000 random ones that breaks the inequality. Inside the ball (up to and
# including the unit sphere) none does; outside it, already at length 1.1, the
# random $\mathbf{y}$ break every one of the 100, and $\mathbf{y} = \mathbf{g}$
# always does:

# %%
rng = np.random.default_rng(8)  # seeded: the same test vectors on every run
ys = rng.standard_normal((10_000, 4))
y_norms = np.linalg.norm(ys, axis=1)
directions = rng.standard_normal((100, 4))
directions /= np.linalg.norm(directions, axis=1, keepdims=True)
lines = []
for radius in [0.5, 0.9, 1.0, 1.1, 1.5]:
    # 100 vectors g with ||g|| = radius
    G = radius * directions
    # for each g: does some y break it?
    broken = (ys @ G.T > y_norms[:, None] + 1e-12).any(axis=0)
    lines.append(f'||g|| = {radius}: {broken.sum():3d} of {len(G)} vectors g '
                 f'broken by some y')
    assert broken.any() == (radius > 1)
g_out = 1.1 * directions[0]
lines.append(f'||g|| = 1.1 and y = g: ||y|| = {np.linalg.norm(g_out):.2f} < g.y '
             f'= {g_out @ g_out:.2f}')
# y = g always breaks it outside
assert np.linalg.norm(g_out) < g_out @ g_out
report(*lines)

# %% [markdown]
# **What PyTorch returns at $\mathbf{0}$.** We ask for the gradient of three
# ways of writing the same norm, at $\mathbf{x} = \mathbf{0}$:

# %%
ways_to_write_the_norm = {
    'torch.linalg.norm(x)': lambda x: torch.linalg.norm(x),
    'x.norm()': lambda x: x.norm(),
    'torch.sqrt((x**2).sum())': lambda x: torch.sqrt((x ** 2).sum()),
}
grads_at_zero, lines = {}, []
for name, fn in ways_to_write_the_norm.items():
    x = torch.zeros(4, requires_grad=True)
    y = fn(x)
    y.backward()
    grads_at_zero[name] = x.grad
    lines.append(f'{name:25s} value {y.item()}, backward node '
                 f'{type(y.grad_fn).__name__:25s}'
                 f' gradient {x.grad}')
report(*lines)
assert torch.equal(grads_at_zero['torch.linalg.norm(x)'], torch.zeros(4))
assert torch.equal(grads_at_zero['x.norm()'], torch.zeros(4))
assert grads_at_zero['torch.sqrt((x**2).sum())'].isnan().all()

# %% [markdown]
# The two norm functions give $\mathbf{0}$, the composite gives `nan`. The
# backward node names explain it. `torch.linalg.norm` and `x.norm()` both
# record a single `linalg_vector_norm` operation, whose backward formula is
# written by hand in PyTorch (`derivatives.yaml` sends it to `norm_backward`
# in `torch/csrc/autograd/FunctionsManual.cpp`). For the 2-norm, that
# function multiplies the incoming gradient by $\mathbf{x} / \|\mathbf{x}\|$,
# and then, wherever the norm is $0$, overwrites the result with $0$. The
# division $0/0$ does produce `nan`, but the `nan`s are replaced before
# anyone sees them. The $\mathbf{0}$ that comes out is a deliberate choice: it
# lies in the unit ball, so it is a valid subgradient (the shortest one). We
# can replay the formula step by step:

# %%
x = torch.zeros(4)
norm = torch.linalg.norm(x)
ratio = x / norm
replayed = 1.0 * ratio.masked_fill(norm == 0, 0.0)   # upstream gradient 1.0
report(f'x / ||x|| at 0:                {ratio}',
       f'after masking where ||x|| = 0: {replayed}')
assert ratio.isnan().all() and torch.equal(replayed,
                                           grads_at_zero['torch.linalg.norm(x)'])

# %% [markdown]
# The composite `torch.sqrt((x**2).sum())` has no such special case: autograd
# chains the generic backward formulas of its three operations. `sqrt`'s
# backward divides the incoming gradient by $2\sqrt{s}$; at $s = 0$ that is
# $1/0 = \infty$. `sum` passes $\infty$ on to every entry. The backward of
# `x**2` multiplies by $2x$, and $\infty \cdot 0$ is `nan`. Keeping the
# intermediate gradients shows each step:

# %%
x = torch.zeros(4, requires_grad=True)
squares = x ** 2
s = squares.sum()
squares.retain_grad(), s.retain_grad()       # keep the gradients of intermediates
torch.sqrt(s).backward()
report(f'd sqrt(s)/ds at s = 0:  {s.grad!s}',
       f'passed to each x_i^2:   {squares.grad}',
       f'times 2 x_i = 2 * 0:    {x.grad}')
assert s.grad.isinf() and squares.grad.isinf().all() and x.grad.isnan().all()

# %% [markdown]
# So the answer at $\mathbf{0}$ depends on how the norm is written. In
# practice, when a norm may hit zero, use `torch.linalg.norm`, or keep the
# argument of the square root away from zero, as in
# `torch.sqrt((x**2).sum() + eps)`.
#
# The learner's check asks for the gradient away from $\mathbf{0}$ and, as a
# multiple-choice question, what happens at $\mathbf{0}$: option B, no
# gradient, because the slopes along $\mathbf{u}$ and $-\mathbf{u}$ are both
# $\|\mathbf{u}\|$, as computed above. It accepts $\mathbf{x}/\|\mathbf{x}\|$
# with B:

# %%
assert d2l.exercise("01_calculus",
                    8).check((lambda x: x / torch.linalg.norm(x), 'B'))

# %% [markdown]
# ## Exercise 9. The chain rule for $u = f(x, y, z)$ with $x, y, z$ functions of $(a, b)$
#
# A change in $a$ reaches $u$ along three paths, through $x$, $y$ and $z$, and
# the contributions add:
#
# $$\frac{\partial u}{\partial a} = \frac{\partial u}{\partial x}\frac{\partial x}{\partial a}
# + \frac{\partial u}{\partial y}\frac{\partial y}{\partial a}
# + \frac{\partial u}{\partial z}\frac{\partial z}{\partial a}, \qquad
# \frac{\partial u}{\partial b} = \frac{\partial u}{\partial x}\frac{\partial x}{\partial b}
# + \frac{\partial u}{\partial y}\frac{\partial y}{\partial b}
# + \frac{\partial u}{\partial z}\frac{\partial z}{\partial b}.$$
#
# In matrix form, the row of partials of $u$ with respect to $(a, b)$ is the
# row $(u_x, u_y, u_z)$ times the $3 \times 2$ Jacobian of $(x, y, z)$ with
# respect to $(a, b)$.
#
# A concrete case: $u = f(x, y, z) = x y^2 + \sin z$ with $x = ab$,
# $y = a + b^2$, $z = a^2 - b$. By hand, $u_x = y^2$, $u_y = 2xy$,
# $u_z = \cos z$; $x_a = b$, $x_b = a$; $y_a = 1$, $y_b = 2b$; $z_a = 2a$,
# $z_b = -1$.

# %%
def inner(a, b):
    """(x, y, z) as functions of (a, b)."""
    return a * b, a + b ** 2, a ** 2 - b


def outer(x, y, z):
    return x * y ** 2 + torch.sin(z)


def chain_rule_by_hand(a, b):
    """(du/da, du/db) from the hand-written partial derivatives."""
    x, y, z = inner(a, b)
    u_x, u_y, u_z = y ** 2, 2 * x * y, torch.cos(z)
    du_da = u_x * b + u_y * 1 + u_z * (2 * a)
    du_db = u_x * a + u_y * (2 * b) + u_z * (-1)
    return du_da, du_db


torch.manual_seed(9)  # the same random (a, b) on every run
a = torch.randn(5, dtype=torch.float64, requires_grad=True)
b = torch.randn(5, dtype=torch.float64, requires_grad=True)
outer(*inner(a, b)).sum().backward()
du_da, du_db = chain_rule_by_hand(a.detach(), b.detach())
report(f'du/da by hand:     {du_da.numpy().round(5)}',
       f'du/da by autograd: {a.grad.numpy().round(5)}',
       f'du/db by hand:     {du_db.numpy().round(5)}',
       f'du/db by autograd: {b.grad.numpy().round(5)}')
assert torch.allclose(du_da, a.grad) and torch.allclose(du_db, b.grad)

# %% [markdown]
# SymPy, substituting $x$, $y$, $z$ into $f$ and differentiating the result
# directly, agrees with the sum over the three paths:

# %%
A, B, X, Y, Z = sympy.symbols('a b x y z')
f_xyz = X * Y ** 2 + sympy.sin(Z)
xyz = {X: A * B, Y: A + B ** 2, Z: A ** 2 - B}
lines = []
for var in (A, B):
    paths = sum(sympy.diff(f_xyz, w) * sympy.diff(xyz[w], var)
                for w in (X, Y, Z)).subs(xyz)
    direct = sympy.diff(f_xyz.subs(xyz), var)
    gap = sympy.simplify(paths - direct)
    lines.append(f'du/d{var}: sum over paths - direct derivative = {gap}')
    assert gap == 0
report(*lines)

# %% [markdown]
# The check a learner runs asks for $\partial u/\partial a$ in the names
# `du_dx`, `dx_da`, ...; the sum over the three paths, in those names, passes:

# %%
du_da_over_paths = sum(sympy.Symbol(f'du_d{w}') * sympy.Symbol(f'd{w}_da')
                       for w in (X, Y, Z))
assert d2l.exercise("01_calculus", 9).check(du_da_over_paths)

# %% [markdown]
# ## Exercise 10. The derivative of an inverse function
#
# Let $f$ be invertible and differentiable, and write $x = f^{-1}(y)$. Differentiate
# both sides of $f(f^{-1}(y)) = y$ with respect to $y$, using the chain rule
# on the left:
#
# $$f'\big(f^{-1}(y)\big) \cdot (f^{-1})'(y) = 1
# \quad\Longrightarrow\quad
# (f^{-1})'(y) = \frac{1}{f'\big(f^{-1}(y)\big)},$$
#
# wherever $f'(f^{-1}(y)) \neq 0$. (Where it is $0$ the inverse has a vertical
# tangent: $x^3$ has $f'(0) = 0$, and $\sqrt[3]{y}$ has no derivative at $0$.)
# In words: the slope of the inverse is the reciprocal of the slope of $f$ at
# the matching point, as reflecting the graph in the line $y = x$ suggests.
#
# **exp and log.** With $f = \exp$ and $f^{-1} = \ln$:
# $\ln'(y) = \frac{1}{\exp(\ln y)} = \frac{1}{y}$. With $f = \ln$ and
# $f^{-1} = \exp$: $\exp'(y) = \frac{1}{\ln'(e^y)} = \frac{1}{1/e^y} = e^y$.
# Both are exercise 1's results, and autograd agrees with the formula on a
# grid:

# %%
def inverse_derivative(df, f_inverse, y):
    """(f^-1)'(y) = 1 / f'(f^-1(y))."""
    return 1 / df(f_inverse(y))


ys = torch.linspace(0.2, 5, 25, dtype=torch.float64)
log_by_formula = inverse_derivative(torch.exp, torch.log, ys)          # f = exp
# f = log, f' = 1/x
exp_by_formula = inverse_derivative(lambda x: 1 / x, torch.exp, ys)
assert torch.allclose(derivative_by_autograd(torch.log, ys), log_by_formula)
assert torch.allclose(derivative_by_autograd(torch.exp, ys), exp_by_formula)
report(*(f'y = {ys[i].item():.1f}: 1/exp(log y) = {log_by_formula[i].item():.5f} '
         f'(1/y = {1 / ys[i].item():.5f});  1/log\'(e^y) = '
         f'{exp_by_formula[i].item():9.5f} '
         f'(e^y = {math.exp(ys[i].item()):9.5f})' for i in [0, 12, 24]))

# %% [markdown]
# **An inverse with no familiar name.** $f(x) = x^3 + x$ is strictly
# increasing ($f'(x) = 3x^2 + 1 > 0$), so it has an inverse, which we compute
# numerically by Newton's method. The formula then gives
# $(f^{-1})'(y) = \frac{1}{3x^2 + 1}$ with $x = f^{-1}(y)$. We check it
# against a central difference of the numerical inverse.

# %%
def cubic_plus_x(x):
    return x ** 3 + x


def cubic_plus_x_inverse(y, steps=50):
    """Solve x^3 + x = y for x by Newton's method, elementwise."""
    x = torch.zeros_like(y)
    for _ in range(steps):
        x = x - (cubic_plus_x(x) - y) / (3 * x ** 2 + 1)
    return x


ys = torch.linspace(-10, 10, 41, dtype=torch.float64)
xs = cubic_plus_x_inverse(ys)
# it is the inverse
assert torch.allclose(cubic_plus_x(xs), ys, rtol=0, atol=1e-12)
by_formula = inverse_derivative(lambda x: 3 * x ** 2 + 1, cubic_plus_x_inverse, ys)
by_difference = central_difference(cubic_plus_x_inverse, ys)
assert torch.allclose(by_formula, by_difference, rtol=1e-7, atol=0)
report(f"1 / f'(f^-1(y)) equals the finite difference of the inverse to 7 digits "
       f'at all {len(ys)} points')

# %% [markdown]
# As a route that shares nothing with Newton's method, Cardano's formula
# solves $x^3 + x - y = 0$ in closed form,
#
# $$x = \sqrt[3]{\frac{y}{2} + \sqrt{\frac{y^2}{4} + \frac{1}{27}}} +
# \sqrt[3]{\frac{y}{2} - \sqrt{\frac{y^2}{4} + \frac{1}{27}}},$$
#
# and autograd can differentiate it directly:

# %%
def real_cube_root(v):
    return torch.sign(v) * v.abs() ** (1 / 3)


def cardano_inverse(y):
    root = torch.sqrt(y ** 2 / 4 + 1 / 27)
    return real_cube_root(y / 2 + root) + real_cube_root(y / 2 - root)


assert torch.allclose(cardano_inverse(ys), xs, rtol=0, atol=1e-12)
by_autograd = derivative_by_autograd(cardano_inverse, ys)
report(*(f'y = {ys[i].item():5.1f}: x = {xs[i].item():8.5f}, '
         f'1/(3x^2+1) = {by_formula[i].item():.6f}, '
         f'autograd through Cardano = {by_autograd[i].item():.6f}'
         for i in [0, 15, 20, 40]))
assert torch.allclose(by_formula, by_autograd, rtol=1e-10, atol=0)

# %% [markdown]
# The check a learner runs accepts the formula as a function of $f'$ and
# $f^{-1}$; it tries it on exp/log, sinh/asinh and tan/atan:

# %%
assert d2l.exercise("01_calculus", 10).check(
    lambda fprime, finv: (lambda y: inverse_derivative(fprime, finv, y)))
