# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Utilities: the exercises of Autodiff from scratch
#
# The exercises of [Autodiff from scratch](03_autodiff_from_scratch.ipynb), saved to
# `d2lutils.exercises_autodiff_scratch`. The first one checks a learner's new primitive
# on the engine's own `Dual` and `Var`, against PyTorch. The fifth measures the error of
# the central difference in float32 as the chapter does, and accepts every step in the
# flat bottom of that measurement.
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
#@save exercises_autodiff_scratch
import fractions
import math
import numbers
import numpy as np
from d2lutils.exercise_checks import (Wrong, WrongKind, exercise_check, _lower_first)  # the framework
from d2lutils.exercise_answers import (_as_function, _check_function, _check_vector,
    _choice, _close, _derivative, _diagnose, _expression, _is_number, _is_sympy, _kind,
    _number, _numeric, _points, _question, _to_array, _vector_values)  # reading an answer


# %%
#@save exercises_autodiff_scratch
def _sec2(x):
    """1 / cos(x)^2, the derivative of tan, for NumPy arrays or floats."""
    return 1 / np.cos(x) ** 2


#@save exercises_autodiff_scratch
@exercise_check(
    '03_autodiff_from_scratch', 1, 'A new primitive: tan in both modes',
    expects='a function tan(x) that accepts a float, an autodiff.Dual and an autodiff.Var '
            'and returns the same kind',
    hints=['Both modes only need the value and the local derivative of the new primitive; '
           'look at how sin is defined in the engine.',
           'The local derivative of tan a is 1/cos(a)^2. Add a rule for it next to the '
           'others, and a function tan that applies it.',
           'RULES[\'tan\'] = lambda a: (value, (local derivative,)), and '
           'tan = lambda x: _apply(\'tan\', x).'])
def _check_03_1(answer):
    import torch
    from d2lutils import autodiff
    if not callable(answer) or _is_sympy(answer):
        raise WrongKind(f'This is {_kind(answer)}, where a function tan(x) was expected.')
    xs, seed_tangent = _points(31, -1.2, 1.2, n=6), 1.7
    x = torch.tensor(xs, requires_grad=True)
    torch.tan(x).sum().backward()
    truth = x.grad.numpy()
    try:
        on_floats = np.array([_number(answer(float(p)), 'a number for tan of a number')
                              for p in xs])
    except Wrong:
        raise
    except Exception as err:
        raise Wrong(f'Your tan does not accept a plain float: it raised {type(err).__name__}: '
                    f'{err}') from None
    if not _close(on_floats, np.tan(xs)):
        raise Wrong('On plain numbers your tan does not give tan x.')
    try:
        duals = [answer(autodiff.Dual(float(p), seed_tangent)) for p in xs]
    except Exception as err:
        raise Wrong(f'Your tan does not accept a Dual: it raised {type(err).__name__}: '
                    f'{err}') from None
    if not all(hasattr(d, 'tangent') and hasattr(d, 'primal') for d in duals):
        raise Wrong('On a Dual your tan must return a Dual, which carries the tangent; it '
                    f'returned {_kind(duals[0])}.')
    tangents = np.array([d.tangent for d in duals])
    if not _close([d.primal for d in duals], np.tan(xs)):
        raise Wrong('The primal of tan(Dual(x, t)) is not tan x.')
    if _close(tangents, truth):
        raise Wrong('A chain-rule factor is missing in forward mode: the tangent of tan(u) '
                    'is the local derivative times the tangent of u.')
    forward = tangents / seed_tangent
    for name, local in [('forward', forward)]:
        if _close(local, 1 / np.cos(xs)):
            raise Wrong(f'In {name} mode the local derivative is off by a power of cos x.')
        if _close(local, np.cos(xs) ** 2):
            raise Wrong(f'In {name} mode the local derivative is upside down.')
        _diagnose(local, truth, f'the derivative of tan ({name} mode)')
    backward = []
    for p in xs:
        v = autodiff.Var(float(p))
        try:
            out = answer(v * v) * 2.0  # tan inside a graph: the adjoints must flow through it
        except Exception as err:
            raise Wrong(f'Your tan does not accept a Var: it raised {type(err).__name__}: '
                        f'{err}') from None
        if not hasattr(out, 'backward'):
            raise Wrong('On a Var your tan must return a Var, which records its parent for '
                        f'the backward pass; it returned {_kind(out)}.')
        out.backward()
        backward.append(v.grad / (4 * p) if p else 0.0)
    truth_sq = _sec2(xs ** 2)
    _diagnose(np.array(backward), truth_sq, 'the derivative of tan (reverse mode)')
    return ('Your tan agrees with PyTorch on numbers, in forward mode (with a tangent seed '
            'of 1.7) and in reverse mode inside a graph: one rule served both modes.')


#@save exercises_autodiff_scratch
@exercise_check(
    '03_autodiff_from_scratch', 2, 'A bug in the backward rule of division',
    expects='the fixed rule: a function of two floats (a, b) returning (a / b, (d/da, d/db)), '
            'e.g. lambda a, b: (a / b, (..., ...))',
    hints=['A gradient check compares each partial derivative from grad with a central '
           'difference (f(x+h) - f(x-h)) / 2h, one input at a time.',
           'The check flags the denominator: d(a/b)/da = 1/b is right.',
           'a/b = a * b^(-1); differentiate b^(-1) with the power rule.'])
def _check_03_2(answer):
    import torch
    if not callable(answer) or _is_sympy(answer):
        raise WrongKind(f'This is {_kind(answer)}, where a rule (a function of a, b) was '
                        'expected.')
    a_s, b_s = _points(32, -3, 3), _points(33, 0.5, 3, both_signs=True)
    rows = []
    for a, b in zip(a_s, b_s):
        out = answer(float(a), float(b))
        try:
            value, (da, db) = out
            rows.append([_number(value), _number(da), _number(db)])
        except (TypeError, ValueError):
            raise WrongKind('A rule returns (value, (partial derivative in a, partial '
                            f'derivative in b)); yours returned {_kind(out)}.') from None
    yours = np.array(rows)
    a, b = (torch.tensor(v, requires_grad=True) for v in (a_s, b_s))
    (a / b).sum().backward()
    if not _close(yours[:, 0], a_s / b_s):
        raise Wrong('The value of the rule is not a / b.')
    true_da, true_db = a.grad.numpy(), b.grad.numpy()
    if _close(yours[:, 1], true_db) and _close(yours[:, 2], true_da):
        raise Wrong('The two partial derivatives are in the wrong order: the one in a '
                    'comes first.')
    problems = []  # each partial derivative is tested, and every one found wrong is named
    if not _close(yours[:, 1], true_da):
        try:
            _diagnose(yours[:, 1], true_da, 'the partial derivative in a')
        except Wrong as err:
            problems.append(f'in a: {_lower_first(err)}')
    if not _close(yours[:, 2], true_db):
        if _close(yours[:, 2], -true_db):
            said = 'it has the wrong sign, as in the buggy rule.'
        elif _close(yours[:, 2], -a_s / b_s) or _close(yours[:, 2], -1 / b_s ** 2):
            said = 'it misses a factor.'
        else:
            try:
                _diagnose(yours[:, 2], true_db, 'the partial derivative in b')
                said = ''
            except Wrong as err:
                said = _lower_first(err)
        problems.append(f'in b: {said}')
    if len(problems) == 1:
        raise Wrong(f'One partial derivative is wrong, {problems[0]}')
    if problems:
        raise Wrong('Both partial derivatives are wrong; fix the one in a first. '
                    + ' '.join(f'The one {p}' for p in problems))
    return ('Your rule agrees with PyTorch at random points: the quotient rule\'s minus '
            'sign is back.')


#@save exercises_autodiff_scratch
@exercise_check(
    '03_autodiff_from_scratch', 3, 'Forward over reverse: Hessian-vector products',
    expects='the two Hessian-vector products H e1 and H e2 of f at (2, 5), stacked as a '
            '2 x 2 tensor, array or nested list (rows H e1, H e2)',
    hints=['torch.func.grad(f) is a function that returns the gradient; torch.func.jvp of '
           'that function in the direction v gives H v.',
           'By hand: differentiate the gradient (1/x1 + x2, x1 - cos x2) once more.',
           'Each entry: d/dx1 and d/dx2 of each component of the gradient.'])
def _check_03_3(answer):
    import torch
    if _is_number(answer) or callable(answer) or isinstance(answer, (str, dict)):
        raise WrongKind(f'This is {_kind(answer)}, where a 2 x 2 tensor was expected.')
    try:
        yours = np.asarray(answer.detach().numpy() if isinstance(answer, torch.Tensor)
                           else answer, dtype=float)
    except (TypeError, ValueError):
        raise WrongKind(f'This is {_kind(answer)}, where a 2 x 2 tensor was expected.') from None
    if yours.shape != (2, 2):
        if yours.shape == (2,):
            raise Wrong('This is one Hessian-vector product; stack both, H e1 and H e2.')
        if yours.shape == (4,):
            raise Wrong('These are four numbers in a row; stack them as a 2 x 2 matrix.')
        raise Wrong(f'Your answer has shape {yours.shape}; the Hessian is 2 x 2.')

    def f(x):
        return torch.log(x[0]) + x[0] * x[1] - torch.sin(x[1])
    truth = torch.autograd.functional.hessian(
        f, torch.tensor([2.0, 5.0], dtype=torch.float64)).numpy()
    close = lambda a, b: _close(a, b, rtol=1e-3, atol=1e-4)  # noqa: E731
    if close(yours, truth):
        return ('Both Hessian-vector products agree with PyTorch\'s Hessian; H is symmetric, '
                'so rows and columns agree too.')
    flipped = truth.copy()
    flipped[1, 1] *= -1
    if close(yours, flipped):
        raise Wrong('Sign error in the second diagonal entry: differentiate -sin x2 twice, '
                    'one step at a time.')
    flipped = truth.copy()
    flipped[0, 0] *= -1
    if close(yours, flipped):
        raise Wrong('Sign error in the first diagonal entry: differentiate 1/x1 again.')
    if close(yours, truth * np.eye(2)):
        raise Wrong('The off-diagonal entries are missing: one term of f depends on both '
                    'x1 and x2.')
    _diagnose(yours, truth, 'the Hessian')


#@save exercises_autodiff_scratch
@exercise_check(
    '03_autodiff_from_scratch', 4, 'Which mode, and what does it cost?',
    expects='a pair of whole numbers: (passes in forward mode, passes in reverse mode) for '
            'the full Jacobian of x -> (sum sin x_i, sum x_i^2), x in R^300',
    hints=['One forward pass gives one column of the Jacobian, one reverse pass one row.',
           'The Jacobian of a function R^n -> R^m has m rows and n columns.'])
def _check_03_4(answer):
    import torch
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise WrongKind(f'This is {_kind(answer)}, not a pair (forward, reverse).')
    forward, reverse = (_number(a, 'a whole number of passes') for a in answer)

    def g(x):
        return torch.stack([torch.sin(x).sum(), (x * x).sum()])
    x = torch.tensor(_points(34, -1, 1, n=300))
    m, n = torch.autograd.functional.jacobian(g, x).shape  # the Jacobian: m rows, n columns
    if (forward, reverse) == (n, m):
        return (f'{n} forward passes (one column each) against {m} reverse passes (one row '
                f'each): reverse mode wins by a factor of about {n // m}.')
    if (forward, reverse) == (m, n):
        raise Wrong('Swapped: a forward pass gives one column of the Jacobian (one input '
                    'direction), a reverse pass one row (one output).')
    if (forward, reverse) == (1, 1):
        raise Wrong('One pass gives a Jacobian-vector product (a column) or a '
                    'vector-Jacobian product (a row), not the whole Jacobian.')
    if forward == n * m or reverse == n * m:
        raise Wrong('A pass gives a whole column or row of the Jacobian, not one entry.')
    raise Wrong('Count the columns (forward) and the rows (reverse) of the Jacobian.')


#@save exercises_autodiff_scratch
def _float32_central_errors():
    """(steps, errors) of the central difference of sin at 1 in float32, on the exercise's grid."""
    steps = 10.0 ** -np.arange(1, 6.01, 0.5)
    x, two = np.float32(1.0), np.float32(2)
    errors = [abs(float((np.sin(x + np.float32(h)) - np.sin(x - np.float32(h)))
                        / (two * np.float32(h))) - math.cos(1.0)) for h in steps]
    return steps, np.array(errors)


#@save exercises_autodiff_scratch
@exercise_check(
    '03_autodiff_from_scratch', 5, 'Finite differences in single precision',
    expects='a number: the best step h of the central difference in float32',
    hints=['The truncation error of the central difference is about h^2; the round-off '
           'error about eps / h.',
           'The two errors are equal near h = eps^(1/3). Use float32\'s eps, '
           'np.finfo(np.float32).eps.',
           'In float32 the bottom of the error\'s V is broad and ragged: measure the error '
           'at each step of the exercise and see where it stays near its smallest value.'])
def _check_03_5(answer):
    h = _number(answer, 'a step h')
    if h <= 0:
        raise Wrong('A step must be positive.')
    # The flat bottom, measured as the solution measures it: the grid steps whose error is
    # within a factor 3 of the smallest, widened by a quarter of a grid step on each side.
    steps, errors = _float32_central_errors()
    bottom = steps[errors <= 3 * errors.min()]
    low, high = bottom.min() / 10 ** 0.125, bottom.max() * 10 ** 0.125
    eps32, eps64 = float(np.finfo(np.float32).eps), float(np.finfo(np.float64).eps)
    if low <= h <= high:
        return (f'Measured on the exercise\'s grid, every step from {bottom.min():.0e} to '
                f'{bottom.max():.0e} gives an error within a factor 3 of the best, '
                f'{errors.min():.1e}: the bottom of the V is broad in float32, around the '
                f'prediction eps^(1/3) ~ {eps32 ** (1 / 3):.0e}, some thousand times the '
                'float64 step.')
    near = lambda a, b, factor: b / factor < a < b * factor  # noqa: E731
    if near(h, eps64 ** (1 / 3), 3):
        raise Wrong('That is the best step in float64. In float32 eps is much larger, so '
                    'round-off (eps / h) pushes the best step up.')
    if near(h, eps64 ** 0.5, 3):
        raise Wrong('That is the forward difference\'s best step in float64.')
    if near(h, eps32, 2):
        raise Wrong('That is eps itself, not a step size.')
    if h > high:
        raise Wrong(f'h = {h:.3g} is too large: there the truncation error dominates. '
                    'Measure the error for the steps the exercise lists.')
    raise Wrong(f'h = {h:.3g} is too small: there the round-off error dominates. Measure '
                'the error for the steps the exercise lists.')


# %% [markdown]
# ---
#
# [Contents](00_index.ipynb) ·
# the chapter: [Autodiff from scratch](03_autodiff_from_scratch.ipynb) ·
# how a check works: [Exercise checks](92_utilities_exercises.ipynb) ·
# next: [the exercises of Calculus for deep learning](97_utilities_exercises_calculus_dl.ipynb)
