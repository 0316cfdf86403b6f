# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Utilities: the exercises of Calculus for deep learning
#
# The exercises of [Calculus for deep learning](04_calculus_for_deep_learning.ipynb),
# Section 4.8, saved to `d2lutils.exercises_calculus_dl`. Exercise 6 asks for the step of
# the proof, the sum $S_n$ in closed form, and for the rate at which the error shrinks.
#
# Back to the [table of contents](00_index.ipynb).

# %%
# In Colab, Kaggle, Studio Lab or a notebook alone, this installs d2lutils.
import importlib.util, os, sys
if importlib.util.find_spec('d2lutils') is None:
    repository = 'git+https://github.com/d2l-companion/d2l-calculus-companion'
    source = os.environ.get('D2LUTILS_PIP_SOURCE', repository)
    print(f'Installing d2lutils from {source}')
    get_ipython().system(f'"{sys.executable}" -m pip install --quiet {source}')

# %%
#@save exercises_calculus_dl
import fractions
import math
import numbers
import numpy as np
from d2lutils.exercise_checks import (Wrong, WrongKind, exercise_check, _lower_first)  # the framework
from d2lutils.exercise_answers import (_as_function, _check_function, _check_vector,
    _choice, _close, _derivative, _diagnose, _expression, _is_number, _is_sympy, _kind,
    _number, _numeric, _points, _question, _to_array, _vector_values)  # reading an answer


# %%
#@save exercises_calculus_dl
@exercise_check(
    '04_calculus_for_deep_learning', 1, 'A linear approximation of sqrt(4.1)',
    expects='a number: the estimate of sqrt(4.1) from the linear approximation at x = 4',
    hints=['f(x + eps) is about f(x) + eps f\'(x), with x = 4 and eps = 0.1.',
           'f(4) = 2 and f\'(x) = 1 / (2 sqrt(x)).'])
def _check_04_1(answer):
    import torch
    estimate = _number(answer, 'a number')
    x = torch.tensor(4.0, dtype=torch.float64, requires_grad=True)
    torch.sqrt(x).backward()
    slope = x.grad.item()
    truth = 2 + 0.1 * slope
    if abs(estimate - truth) < 5e-5:
        return ('f(4) + 0.1 f\'(4) with f\'(4) from autograd; it overshoots sqrt(4.1) by '
                'about eps^2/64, and halving eps divides the error by four.')
    if abs(estimate - math.sqrt(4.1)) < 6e-5:  # to four decimals or more
        raise Wrong('This is the exact value of sqrt(4.1) (to the digits you gave), as a '
                    'calculator finds it. The exercise asks for the linear approximation at '
                    'x = 4, f(4) + 0.1 f\'(4): close to the exact value, but not equal to it.')
    if math.isclose(estimate, slope) or math.isclose(estimate, 0.1 * slope):
        raise Wrong('This is only the slope part of the linear estimate.')
    if math.isclose(estimate, 2 + 0.1 * 2 * slope):
        raise Wrong('The slope is off by a constant factor: redo the derivative of sqrt(x).')
    if math.isclose(estimate, 2.1):
        raise Wrong('You used the slope 1: the derivative of sqrt(x) at 4 is much smaller.')
    raise Wrong(f'{estimate:g} is not f(4) + 0.1 f\'(4).')


#@save exercises_calculus_dl
@exercise_check(
    '04_calculus_for_deep_learning', 2, 'The gradient of x^2 y + sin(xy)',
    expects='a function of (x, y) returning the pair (df/dx, df/dy), or a pair of SymPy '
            'expressions or strings in x, y',
    hints=['Differentiate in x with y held fixed, then in y with x held fixed.',
           'sin(xy) needs the chain rule: the inner function xy has derivative y in x and '
           'x in y.'])
def _check_04_2(answer):
    import torch
    points = np.stack([_points(421, -2, 2), _points(422, -2, 2)], axis=1)
    yours = _vector_values(answer, ('x', 'y'), points, unpack=True)
    xy = torch.tensor(points, requires_grad=True)
    x, y = xy[:, 0], xy[:, 1]
    (x ** 2 * y + torch.sin(x * y)).sum().backward()
    truth = xy.grad.numpy()
    px, py = points[:, 0], points[:, 1]
    no_chain = np.stack([2 * px * py + np.cos(px * py), px ** 2 + np.cos(px * py)], axis=1)
    _check_vector(yours, truth, ['x', 'y'], mistakes=[
        (no_chain, 'A chain-rule factor is missing in the derivative of sin(xy), in x and '
                   'in y.')])
    return 'Your gradient agrees with autograd at random points of [-2, 2]^2.'


#@save exercises_calculus_dl
@exercise_check(
    '04_calculus_for_deep_learning', 3, 'When gradient descent on a quadratic diverges',
    expects='a pair of numbers: (the learning rate below which gradient descent converges '
            'from every start, the learning rate that converges fastest)',
    hints=['One step multiplies the component of x along an eigenvector of H with '
           'eigenvalue lambda by 1 - eta lambda.',
           'Every component must shrink: |1 - eta lambda| < 1 for both eigenvalues, 2 and 4.',
           'The slowest component sets the speed; it is fastest where |1 - 2 eta| and '
           '|1 - 4 eta| are equal.'])
def _check_04_3(answer):
    import torch
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise WrongKind(f'This is {_kind(answer)}, not a pair of learning rates.')
    limit, best = (_number(a, 'a learning rate') for a in answer)
    low, high = torch.linalg.eigvalsh(torch.tensor([[3.0, 1.0], [1.0, 3.0]],
                                                   dtype=torch.float64)).tolist()
    close = lambda a, b: math.isclose(a, b, rel_tol=2e-3)  # noqa: E731
    if not close(limit, 2 / high):
        if close(limit, 2 / low):
            raise Wrong('Too large: at this rate one component of x grows from step to step. '
                        'Every component must shrink.')
        if close(limit, 1 / high):
            raise Wrong('At that rate the fastest component vanishes in one step, but larger '
                        'rates still converge.')
        raise Wrong(f'{limit:g} is not the largest learning rate that converges.')
    if close(best, 1 / high):
        raise Wrong('The fastest rate balances the slowest and the fastest components; '
                    '1/lambda_max leaves the slowest one shrinking slowly.')
    if close(best, limit):
        raise Wrong('At the limit the component along the largest eigenvalue does not '
                    'shrink at all.')
    if not close(best, 2 / (low + high)):
        raise Wrong(f'{best:g} is not the rate that converges fastest.')
    return ('Gradient descent converges for 0 < eta < 2/lambda_max, fastest at '
            '2/(lambda_min + lambda_max), where both components shrink threefold a step.')


#@save exercises_calculus_dl
def _backprop_counts(n):
    """Products of derivatives for the gradient of Section 4.5's graph with n inputs.

    As in Section 4.5, a local derivative next to an input (forward) or the output
    (backward) is not a product; every other edge use is one product."""
    inputs = [f'x{i}' for i in range(n)]
    edges = [('a', x) for x in inputs] + [('b', x) for x in inputs] + [
        ('u', 'a'), ('u', 'b'), ('v', 'a'), ('v', 'b'), ('f', 'u'), ('f', 'v')]
    forward = n * sum(parent not in inputs for _, parent in edges)  # one pass per input
    backward = sum(child != 'f' for child, _ in edges)  # one pass for all inputs
    return forward, backward


#@save exercises_calculus_dl
@exercise_check(
    '04_calculus_for_deep_learning', 4, 'Counting the work of backpropagation',
    expects='a pair of functions of n (or SymPy expressions or strings in n): the number '
            'of multiplications (input to output, output to input)',
    hints=['Input to output: each input needs its own pass through the whole graph above it.',
           'Output to input: the derivatives of f with respect to a and b are computed once '
           'and shared by all inputs.',
           'Count the products per edge of the graph above a and b, then the ones per input.'])
def _check_04_4(answer):
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise WrongKind(f'This is {_kind(answer)}, not a pair of functions of n.')
    n = np.arange(1, 13, dtype=float)
    what = 'the count'
    forward, backward = (_as_function(a, ('n',), what, at_points=[], functions=None)(n)
                         for a in answer)
    truth = np.array([_backprop_counts(int(k)) for k in n], dtype=float)
    if _close(forward, truth[:, 1]) and _close(backward, truth[:, 0]):
        raise Wrong('Swapped: backpropagation (output to input) is the cheaper order.')
    if _close(backward, truth[:, 0]):
        raise Wrong('Output to input: this counts the part of the graph that all inputs '
                    'share once per input.')
    if _close(backward, truth[:, 1] - 4):
        raise Wrong('Output to input: you left out the products above a and b, computed '
                    'once.')
    _diagnose(forward, truth[:, 0], 'the input-to-output count')
    _diagnose(backward, truth[:, 1], 'the output-to-input count')
    return ('Both counts agree with counting the edges of the graph; their ratio tends to 3 '
            'as n grows.')


#@save exercises_calculus_dl
@exercise_check(
    '04_calculus_for_deep_learning', 5, 'The x^3 coefficient of tan x',
    expects='a number (a fraction such as "2/7" or Fraction(2, 7) is fine)',
    hints=['Either divide the series of sin x by that of cos x, or use the Taylor formula '
           'f\'\'\'(0) / 3!.',
           '1 / (1 - x^2/2) = 1 + x^2/2 + ..., so tan x = (x - x^3/6)(1 + x^2/2) + ...'])
def _check_04_5(answer):
    import torch
    c = _number(answer, 'a number')
    x = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
    d = torch.tan(x)
    for _ in range(3):
        d, = torch.autograd.grad(d, x, create_graph=True)
    third = d.item()
    close = lambda a, b: math.isclose(a, b, rel_tol=2e-3)  # noqa: E731
    if close(c, third / 6):
        return 'tan x = x + x^3/3 + ...; autograd\'s third derivative at 0, over 3!, agrees.'
    if close(c, third):
        raise Wrong('This is the third derivative itself, not the Taylor coefficient.')
    if close(c, -third / 6):
        raise Wrong('Sign error in the coefficient.')
    if close(c, 1 / 6) or close(c, -1 / 6):
        raise Wrong('That is the coefficient of sin x alone; dividing by cos x changes it.')
    if close(c, 1 / 2):
        raise Wrong('That is the contribution of 1/cos x alone; add the one from sin x.')
    raise Wrong(f'{c:g} is not the coefficient of x^3.')


#@save exercises_calculus_dl
@exercise_check(
    '04_calculus_for_deep_learning', 6, 'The error of a left Riemann sum',
    expects='a pair (S_n, p): the step, the left Riemann sum S_n of x^2 on [0, 1] in closed '
            'form (a function of n, or a SymPy expression or string in n); and the rate, the '
            'power p such that the error shrinks like 1/n^p',
    hints=['S_n = (1/n) sum over i = 0 .. n-1 of (i/n)^2.',
           'Use sum_{i=0}^{n-1} i^2 = (n - 1) n (2n - 1) / 6.',
           'For large n the error is dominated by its first term: how does it change when n '
           'doubles?'])
def _check_04_6(answer):
    if callable(answer) or isinstance(answer, str) or _is_sympy(answer):
        raise WrongKind('This is only S_n; add the rate, as a pair (S_n, p).')
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise WrongKind(f'This is {_kind(answer)}, not a pair (S_n, p).')
    answer, rate = answer
    _check_04_6_sum(answer)
    p = _number(rate, 'a number, the power p')
    if not math.isclose(p, 1.0, abs_tol=1e-6):
        raise Wrong(f'Your S_n is right, but the error does not shrink like 1/n^{p:g}: '
                    'compute 1/3 - S_n for n = 10 and n = 20 and compare.')
    return ('S_n agrees with exact sums for n = 1 .. 30, so 1/3 - S_n = 1/(2n) - 1/(6n^2): '
            'the error shrinks like 1/n, halving when n doubles (first order).')


#@save exercises_calculus_dl
def _check_04_6_sum(answer):
    """Check S_n, the step of exercise 6, against exact sums for n = 1 .. 30."""
    n = np.arange(1, 31, dtype=float)
    truth = np.array([float(sum(fractions.Fraction(i, k) ** 2 for i in range(k)) / k)
                      for k in range(1, 31)])
    _check_function(
        answer, ('n',), (n,), truth, 'S_n',
        mistakes=[(lambda n: (n + 1) * (2 * n + 1) / (6 * n ** 2),
                   'This is the right Riemann sum, with heights at i = 1 .. n; the left one '
                   'starts at i = 0.'),
                  (lambda n: 0 * n + 1 / 3, 'This is the integral itself, not the sum.'),
                  (lambda n: 1 / (2 * n) - 1 / (6 * n ** 2),
                   'This is the error 1/3 - S_n, which the exercise gives; the key step is '
                   'S_n itself.'),
                  (lambda n: (n - 1) * n * (2 * n - 1) / 6,
                   'This is the sum of i^2; the strips have width 1/n and heights (i/n)^2.')],
        at_points=[('n -> infinity', 1 / 3, 'This is the integral itself, the limit of S_n; '
                    'the exercise asks for S_n as a function of n.')])


#@save exercises_calculus_dl
@exercise_check(
    '04_calculus_for_deep_learning', 7, 'Critical points of x^3 - 3x + y^2',
    expects='a dict from each critical point (x, y) to "minimum", "maximum" or "saddle", '
            'e.g. {(0, 0): "saddle"}',
    hints=['Set both partial derivatives to zero and solve.',
           'Classify each point by the eigenvalues of the Hessian there: all positive, all '
           'negative, or of both signs.'])
def _check_04_7(answer):
    import torch
    if not isinstance(answer, dict) or not answer:
        raise WrongKind(f'This is {_kind(answer)}, not a dict from points to kinds.')

    def f(p):
        return p[0] ** 3 - 3 * p[0] + p[1] ** 2
    kinds = {}
    for point, kind in answer.items():
        try:
            p = tuple(float(c) for c in point)
        except (TypeError, ValueError):
            raise WrongKind(f'{point!r} is not a point (x, y).') from None
        word = str(kind).lower().replace('local', '').replace('point', '').strip()
        word = {'min': 'minimum', 'max': 'maximum'}.get(word, word)
        if len(p) != 2 or word not in ('minimum', 'maximum', 'saddle'):
            raise WrongKind(f'Each entry must be (x, y): "minimum", "maximum" or "saddle"; '
                            f'got {point!r}: {kind!r}.')
        t = torch.tensor(p, dtype=torch.float64, requires_grad=True)
        g, = torch.autograd.grad(f(t), t)
        if g.norm() > 1e-6:
            raise Wrong(f'The gradient at {point} is not zero, so it is not a critical point.')
        eigenvalues = torch.linalg.eigvalsh(torch.autograd.functional.hessian(f, t.detach()))
        truth = ('minimum' if (eigenvalues > 0).all() else
                 'maximum' if (eigenvalues < 0).all() else 'saddle')
        if word != truth:
            raise Wrong(f'{point} is not a {word}: look at the signs of the Hessian\'s '
                        'eigenvalues there.')
        kinds[p] = word
    import sympy as sp
    x, y = sp.symbols('x y', real=True)
    expr = x ** 3 - 3 * x + y ** 2
    found = sp.solve([sp.diff(expr, x), sp.diff(expr, y)], [x, y], dict=True)
    missing = len(found) - len(kinds)
    if missing > 0:
        raise Wrong(f'Your points are right, but {missing} critical point'
                    f'{" is" if missing == 1 else "s are"} missing: solve the two equations '
                    'completely.')
    return ('Both critical points, classified by the Hessian\'s eigenvalues; the minimum is '
            'only local, since f(x, 0) falls without bound as x decreases.')


#@save exercises_calculus_dl
def _integral_to_x_squared(x, steps=2001):
    """The integral of sin t from 0 to x^2 by the trapezoid rule, differentiable in x."""
    import torch
    s = torch.linspace(0, 1, steps, dtype=torch.float64)
    upper = x[:, None] ** 2
    return torch.trapezoid(torch.sin(upper * s), s, dim=1) * upper[:, 0]


#@save exercises_calculus_dl
@exercise_check(
    '04_calculus_for_deep_learning', 8, 'Differentiating an integral with a variable bound',
    expects='a function of x (torch operations) or a SymPy expression or string in x',
    hints=['Write the integral as F(x^2) with F(u) = the integral of sin t from 0 to u.',
           'F\'(u) = sin u by the fundamental theorem; then the chain rule.'])
def _check_04_8(answer):
    x = _points(48, 0.2, 2, both_signs=True)
    # autograd through a trapezoid sum: no fundamental theorem, no closed form
    truth = _derivative(_integral_to_x_squared, x)
    _check_function(
        answer, ('x',), (x,), truth, 'the derivative', rtol=1e-4, atol=1e-6,
        mistakes=[(lambda x: np.sin(x ** 2),
                   'A chain-rule factor is missing: the upper bound is x^2, not x.'),
                  (lambda x: np.sin(x),
                   'sin is evaluated at the wrong point, and a chain-rule factor is missing.'),
                  (lambda x: 1 - np.cos(x ** 2),
                   'This is the integral itself; the exercise asks for its derivative.')])
    return 'Your derivative agrees with autograd through a numerical integral.'


# %% [markdown]
# ---
#
# [Contents](00_index.ipynb) ·
# the chapter: [Calculus for deep learning](04_calculus_for_deep_learning.ipynb) ·
# how a check works: [Exercise checks](92_utilities_exercises.ipynb)
