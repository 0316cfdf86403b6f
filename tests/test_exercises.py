"""The exercise checks (d2lutils.exercise_checks and exercise_answers, notebooks 92 to 97).

For every exercise: the reference answers pass, typical wrong answers get their
own message, None is "not answered yet", an answer of the wrong kind is told so,
hints are graded and the worked solution is found in its solutions notebook.
CASES is also the table of reference answers that the solutions notebooks check,
and each solutions notebook asserts the same check on its own answer to every exercise.
"""

import json
import math
import re
import warnings
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import torch

import d2lutils as d2l
from d2lutils import autodiff, exercise_checks


def _tan_rule(local, chain=True):
    """A tan for the engine with the given local derivative (a float -> float)."""
    def tan(x):
        if isinstance(x, (autodiff.Dual, autodiff.Var)):
            p = x.primal if isinstance(x, autodiff.Dual) else x.value
            if not chain and isinstance(x, autodiff.Dual):  # forgets the input's tangent
                return autodiff.Dual(math.tan(p), local(p))
            return type(x)._result('tan', (x,), math.tan(p), (local(p),))
        return math.tan(x)
    return tan


def _one_loss(w, x, y):
    return (x @ w - y) ** 2


def _per_example_norms(X, y, w):
    grads = torch.func.vmap(torch.func.grad(_one_loss), in_dims=(None, 0, 0))(w, X, y)
    return torch.linalg.vector_norm(grads, dim=1)


def _sin_derivative_by_autograd(x):
    x = x.clone().requires_grad_(True)
    torch.sin(x).sum().backward()
    return x.grad


RULES_01_1, STEP_01_1 = ('0', 'n*x**(n-1)', 'exp(x)', '1/x'), ('(exp(h) - 1)/h', 1)
RULES_01_2 = ('df + dg', 'df*g + f*dg', '(df*g - f*dg)/g**2')
TRACE = {'u1': 'x**2', 'u2': 'log(u1)', 'u3': 'sin(x)', 'u4': 'u2*u3', 'u5': '1/x',
         'f': 'u4 + u5'}
SLOPE_02_7 = math.sin(2) + math.log(4) * math.cos(2) - 1 / 4  # df/dx at x = 2
ADJOINT_02_7 = math.sin(2) / 4  # df/du1 at x = 2
HESSIAN_03_3 = [[-0.25, 1.0], [1.0, math.sin(5)]]

# (chapter, number): (reference answers, [(wrong answer, words of its message), ...])
CASES = {
    ('01_calculus', 1): (
        [(RULES_01_1, STEP_01_1), ((0, 'n*x**(n - 1)', 'E**x', 'x**(-1)'), ('(E**h - 1)/h', '1')),
         (RULES_01_1, (lambda h: torch.expm1(h) / h, 1.0))],
        [((('0', 'n*x**n', 'exp(x)', '1/x'), STEP_01_1), 'wrong power of x'),
         ((('0', 'x**(n-1)', 'exp(x)', '1/x'), STEP_01_1), 'missing a constant factor'),
         ((('0', 'n*x**(n-1)', 'x*exp(x-1)', '1/x'), STEP_01_1), 'power rule does not apply'),
         ((('0', 'n*x**(n-1)', 'exp(x)', '1/(x*log(10))'), STEP_01_1), 'natural logarithm'),
         ((('0', 'n*x**(n-1)', 'exp(x)', '-1/x'), STEP_01_1), 'Sign error'),
         ((('c', 'n*x**(n-1)', 'exp(x)', '1/x'), STEP_01_1), 'derivative of a constant'),
         ((RULES_01_1, ('exp(h) - 1', 1)), 'division by h is missing'),
         ((RULES_01_1, ('(exp(x + h) - exp(x))/h', 1)), 'still depends on x'),
         ((RULES_01_1, ('(exp(h) - 1)/h', 0)), 'watch where it goes'),
         ((RULES_01_1, ('exp(h)/h', 1)), 'lost the term'),
         (RULES_01_1, 'four rules alone')]),
    ('01_calculus', 2): (
        [(RULES_01_2, ('fh', 'g')), (('dg + df', 'g*df + dg*f', 'df/g - f*dg/g^2'), ('f', 'gh')),
         (RULES_01_2, ('(f + fh)/2', '(g + gh)/2'))],
        [((('df + dg', 'df*dg', '(df*g - f*dg)/g**2'), ('fh', 'g')),
          'not the product of the derivatives'),
         ((('df + dg', 'df*g + f*dg', '(f*dg - df*g)/g**2'), ('fh', 'g')),
          'Sign error in the quotient'),
         ((('df + dg', 'df*g + f*dg', '(df*g - f*dg)/g'), ('fh', 'g')), 'common denominator'),
         ((('df + dg', 'df*g + f*dg', 'df/dg'), ('fh', 'g')),
          'not the quotient of the derivatives'),
         ((RULES_01_2, ('f', 'g')), 'vanishes only as h -> 0'),
         ((RULES_01_2, ('fh', 'gh')), 'the two sides differ'),
         (RULES_01_2, 'three rules alone')]),
    ('01_calculus', 3): (
        ['A', 'a', ' A '],
        [('B', 'B is not right'), ('C', 'C is not right'), ('D', 'D is not right'),
         ('AB', 'one letter only')]),
    ('01_calculus', 4): (
        [lambda x: x ** x * (1 + torch.log(x)), 'x**x*(1 + log(x))', 'x^x*(ln(x) + 1)',
         lambda x: math.exp(x * math.log(x)) * (1 + math.log(x))],
        [(lambda x: x * x ** (x - 1), 'power rule'),
         ('x**x*log(x)', 'constant base'),
         ('-x**x*(1 + log(x))', 'Sign error'),
         (1.0, 'at x = 1, a single number'),
         ('2*x**x*(1 + log(x))', 'constant factor')]),
    ('01_calculus', 5): (
        [(lambda x: x ** 2, 0.0), ('x**3', 0), ('cos(x)', math.pi)],
        [((torch.abs, 0.0), 'kink'),
         ((lambda x: x ** 2 - 1, 1.0), 'root of f'),
         ((lambda x: x ** 2, 1.0), 'not 0'),
         (lambda x: x ** 2, 'give the point too')]),
    ('01_calculus', 6): (
        [lambda x: 4 * x - 4, '4*x - 4', '4*(x - 1)'],
        [(4, 'slope f\'(1), a single number'),
         ('2*x - 2', 'sign error in the derivative of -1/x'),
         ('3*x - 3', 'misses the term'),
         ('3*x**2 + 1/x**2', 'derivative f\'(x)'),
         ('4*x', 'Off by a constant')]),
    ('01_calculus', 7): (
        [lambda x: torch.stack([6 * x[0], 5 * torch.exp(x[1])]), ['6*x1', '5*exp(x2)']],
        [(['3*x1', '5*exp(x2)'], 'Component 1: Off by a constant factor'),
         (['6*x1', 'exp(x2)'], 'Component 2: Off by a constant factor'),
         (['5*exp(x2)', '6*x1'], 'wrong order'),
         (lambda x: torch.stack([6 * x[0], 5 * torch.exp(x[1])]).reshape(1, 2), 'a row matrix'),
         (lambda x: 6 * x[0] + 5 * torch.exp(x[1]), 'single number'),
         (lambda x: (6 * x[0] + 5 * torch.exp(x[1])) * torch.ones(2), 'sum of both')]),
    ('01_calculus', 8): (
        [(lambda x: x / torch.linalg.norm(x), 'B'),
         [lambda x: x / torch.sqrt((x * x).sum()), 'b']],
        [((lambda x: 2 * x, 'B'), 'gradient of ||x||^2'),
         ((lambda x: x, 'B'), 'x itself'),
         ((lambda x: x / torch.linalg.norm(x) ** 2, 'B'), 'Off by a factor ||x||'),
         ((lambda x: (x / torch.linalg.norm(x)).reshape(-1, 1), 'B'), 'a column matrix'),
         ((lambda x: x / torch.linalg.norm(x), 'A'), 'choosing one subgradient'),
         ((lambda x: x / torch.linalg.norm(x), 'C'), 'has no limit as x tends to 0'),
         (lambda x: x / torch.linalg.norm(x), 'add the letter'),
         ((3.0, 'B'), 'not a function')]),
    ('01_calculus', 9): (
        ['du_dx*dx_da + du_dy*dy_da + du_dz*dz_da'],
        [('du_dx*dx_da', 'paths are missing'),
         ('du_dx*dx_db + du_dy*dy_db + du_dz*dz_db', 'This is du/db'),
         ('du_dx*dx_da*du_dy*dy_da*du_dz*dz_da', 'Multiplying the contributions'),
         ('du_da', 'uses du_da')]),
    ('01_calculus', 10): (
        ['1/fprime(finv(y))', lambda fprime, finv: (lambda y: 1 / fprime(finv(y)))],
        [('1/fprime(y)', 'wrong point'),
         ('fprime(finv(y))', 'chain-rule equation'),
         ('-1/fprime(finv(y))', 'Sign error')]),
    ('02_autograd', 1): (
        ['ABC', 'c, b, a'],
        [('AB', 'one more statement is'),
         ('ABCD', '3 are right and 1 is not'),
         ('ABCE', '3 are right and 1 is not')]),
    ('02_autograd', 2): (
        ['A'],
        [('B', 'never overwritten'), ('C', 'only in one setting'), ('D', 'zero_')]),
    ('02_autograd', 3): (
        [lambda a, d: d / a],
        [(lambda a, d: d, 'the value, not its gradient'),
         (lambda a, d: torch.ones_like(a), 'gradient of the sum of a'),
         (lambda a, d: torch.zeros_like(a), 'Your answer is 0 everywhere'),
         (lambda a, d: d.sum() / a.sum(), 'one number'),
         (lambda a, d: -d / a, 'Sign error')]),
    ('02_autograd', 4): (
        [_sin_derivative_by_autograd,
         lambda x: torch.func.vmap(torch.func.grad(torch.sin))(x)],
        [(torch.cos, 'calls cos'),
         (torch.sin, 'sin itself'),
         (lambda x: -_sin_derivative_by_autograd(x), 'Sign error'),
         (lambda x: x.clone().requires_grad_(True).sin().sum().backward(), 'returned None'),
         (1.0, 'at x = 0, a single number')]),
    ('02_autograd', 5): (
        [TRACE, {'a': 'x^2', 'b': 'log(a)', 'c': 'sin(x)', 'd': 'b*c', 'e': 'x**(-1)',
                 'f': 'd + e'}],
        [({**TRACE, 'u2': 'log(x**2)'}, 'does 2 operations'),
         ({'u1': 'log(x)', 'u2': '2*u1', 'u3': 'sin(x)', 'u4': 'u2*u3', 'u5': '1/x',
           'f': 'u4 + u5'}, 'for x > 0 only'),
         ({'u1': 'x**2', 'u2': 'log(u1)', 'u3': 'sin(x)', 'f': 'u2*u3'}, 'miss the term 1/x'),
         ({**TRACE, 'u4': 'u2 + u3'}, 'multiplied'),
         ({**TRACE, 'u4': 'u6*u3'}, 'uses u6'),
         ({'u1': 'x**2'}, 'named "f"')]),
    ('02_autograd', 6): (
        ['2*sin(x)/x + log(x**2)*cos(x) - 1/x**2',
         lambda x: 2 / x * torch.sin(x) + torch.log(x ** 2) * torch.cos(x) - x ** -2],
        [('sin(x)/x**2 + log(x**2)*cos(x) - 1/x**2', 'chain-rule factor is missing'),
         ('(2/x)*cos(x) - 1/x**2', 'product rule'),
         ('2*sin(x)/x + log(x**2)*cos(x) + 1/x**2', 'Sign error'),
         ('log(x**2)*cos(x) - 1/x**2', 'A term is missing'),
         (SLOPE_02_7, 'at x = 2, a single number')]),
    ('02_autograd', 7): (
        [(SLOPE_02_7, ADJOINT_02_7), (0.0824, 0.2273)],
        [((ADJOINT_02_7, SLOPE_02_7), 'wrong order'),
         ((SLOPE_02_7, 0.25), 'misses a chain-rule factor'),
         ((SLOPE_02_7, 4 * ADJOINT_02_7), 'one factor too many'),
         ((-SLOPE_02_7, ADJOINT_02_7), 'sign error'),
         (SLOPE_02_7, 'give two')]),
    ('02_autograd', 8): (
        ['ABE', 'eba'],
        [('ABCE', '3 are right and 1 is not'), ('ABDE', '3 are right and 1 is not'),
         ('AE', 'one more')]),
    ('02_autograd', 9): (
        ['ABC', 'c b a'],
        [('ABCD', '3 are right and 1 is not'),
         ('ABE', '2 are right and 1 is not. And 1 true statement is still missing'),
         ('ABCF', '3 are right and 1 is not'),
         ('AB', 'one more statement is')]),
    ('02_autograd', 10): (
        [3.016, '3.016', torch.tensor(3.016), np.float32(3.016)],
        [(1.976, 'emptied at each step'), (1.4, 'after one step'), (2.12, 'after two steps'),
         (0.6, 'moved away from the minimum'), (-1.016, 'moved away from the minimum'),
         (3, 'minimum of the loss'), (-8.96, 'w.grad after the third backward'),
         (2.5, 'redo the three steps'), (lambda: 3.016, 'a function')]),
    ('02_autograd', 11): (
        [lambda batch_size, micro_batch_size: micro_batch_size / batch_size,
         'micro_batch_size/batch_size'],
        [(lambda b, m: 1, 'no scaling'),
         (lambda b, m: 1 / math.ceil(b / m), 'smaller last one'),
         (lambda b, m: 1 / (b // m), 'same size'),
         (lambda b, m: 1 / b, 'a count a second time'),
         (lambda b, m: 1 / m, 'dividing by its size again'),
         (lambda b, m: b / m, 'larger than the batch'),
         (lambda b, m: 2 * m / b, 'Try a batch of 3'),
         (0.25, 'where a function')]),
    ('02_autograd', 12): (
        ['AD', 'd, a'],
        [('A', 'one more statement is'), ('AB', '1 is right and 1 is not'),
         ('ACD', '2 are right and 1 is not'), ('BCE', '0 are right and 3 are not. And 2'),
         ('F', 'not made of the letters')]),
    ('02_autograd', 13): (
        [_per_example_norms,
         lambda X, y, w: 2 * (X @ w - y).abs() * torch.linalg.vector_norm(X, dim=1)],
        [(lambda X, y, w: (X @ w - y).abs() * torch.linalg.vector_norm(X, dim=1),
          'constant factor'),
         (lambda X, y, w: _per_example_norms(X, y, w) ** 2, 'squared norms'),
         (lambda X, y, w: torch.linalg.vector_norm(
             2 * X.T @ (X @ w - y) / len(y)) * torch.ones(len(y)), 'same number'),
         (lambda X, y, w: torch.func.vmap(torch.func.grad(_one_loss), in_dims=(None, 0, 0))(w, X, y),
          'the gradients themselves'),
         (lambda X, y, w: torch.linalg.vector_norm(2 * X.T @ (X @ w - y)), 'one number'),
         (lambda X, y, w: _per_example_norms(X, y, w).detach() * 0, '0 everywhere'),
         (2.0, 'where a function of (X, y, w)')]),
    ('03_autodiff_from_scratch', 1): (
        [_tan_rule(lambda p: 1 / math.cos(p) ** 2),
         lambda x: autodiff.sin(x) / autodiff.cos(x)],
        [(_tan_rule(lambda p: 1 / math.cos(p)), 'off by a power of cos x'),
         (_tan_rule(lambda p: -1 / math.cos(p) ** 2), 'Sign error'),
         (_tan_rule(lambda p: math.cos(p) ** 2), 'upside down'),
         (_tan_rule(lambda p: 1 / math.cos(p) ** 2, chain=False), 'chain-rule factor'),
         (math.tan, 'does not accept a Dual'),
         (torch.tan, 'does not accept a plain float')]),
    ('03_autodiff_from_scratch', 2): (
        [lambda a, b: (a / b, (1 / b, -a / b ** 2)),
         lambda a, b: (a * b ** -1, (b ** -1, -a * b ** -2))],
        [(lambda a, b: (a / b, (1 / b, a / b ** 2)), 'wrong sign, as in the buggy rule'),
         (lambda a, b: (a / b, (1 / b, -a / b)), 'in b: it misses a factor'),
         (lambda a, b: (a / b, (1 / b, -1 / b ** 2)), 'in b: it misses a factor'),
         (lambda a, b: (a / b, (-1 / b, a / b ** 2)), 'Both partial derivatives are wrong'),
         (lambda a, b: (a / b, (2 / b, -a / b ** 2)), 'wrong, in a'),
         (lambda a, b: (a / b, (-a / b ** 2, 1 / b)), 'wrong order'),
         (lambda a, b: a / b, 'A rule returns')]),
    ('03_autodiff_from_scratch', 3): (
        [HESSIAN_03_3, torch.tensor(HESSIAN_03_3), np.array([[-0.25, 1], [1, -0.9589]])],
        [([[-0.25, 1.0], [1.0, -math.sin(5)]], 'second diagonal entry'),
         ([[0.25, 1.0], [1.0, math.sin(5)]], 'first diagonal entry'),
         ([[-0.25, 0.0], [0.0, math.sin(5)]], 'off-diagonal'),
         ([-0.25, 1.0], 'one Hessian-vector product'),
         ([-0.25, 1.0, 1.0, math.sin(5)], 'four numbers in a row')]),
    ('03_autodiff_from_scratch', 4): (
        [(300, 2), [300.0, 2.0]],
        [((2, 300), 'Swapped'), ((1, 1), 'not the whole Jacobian'),
         ((600, 600), 'not one entry'), (300, 'not a pair')]),
    ('03_autodiff_from_scratch', 5): (
        [5e-3, 3.2e-3, '1e-2', np.finfo(np.float32).eps ** (1 / 3), 1e-4, 3.2e-4, 3.4e-4],
        [(1e-5, 'best step in float64'), (1.5e-8, 'forward difference'),
         (1.2e-7, 'eps itself'), (-1e-3, 'positive'), (0.5, 'too large'),
         (3e-5, 'too small')]),
    ('04_calculus_for_deep_learning', 1): (
        [2.025, '81/40', Fraction(81, 40)],
        [(math.sqrt(4.1), 'exact value of sqrt(4.1)'), (2.0248, 'exact value of sqrt(4.1)'),
         (2.05, 'constant factor'),
         (0.25, 'only the slope part'), (2.1, 'slope 1'), ('x', 'uses x')]),
    ('04_calculus_for_deep_learning', 2): (
        [('2*x*y + y*cos(x*y)', 'x**2 + x*cos(x*y)'),
         lambda x, y: (2 * x * y + y * torch.cos(x * y), x ** 2 + x * torch.cos(x * y))],
        [(('2*x*y + cos(x*y)', 'x**2 + cos(x*y)'), 'chain-rule factor is missing'),
         (('x**2 + x*cos(x*y)', '2*x*y + y*cos(x*y)'), 'wrong order'),
         (('2*x*y - y*cos(x*y)', 'x**2 + x*cos(x*y)'), 'Component 1'),
         ('2*x*y + y*cos(x*y)', 'one entry per input')]),
    ('04_calculus_for_deep_learning', 3): (
        [(0.5, 1 / 3), ('1/2', '1/3')],
        [((1, 1 / 3), 'Too large'), ((0.25, 1 / 3), 'larger rates still converge'),
         ((0.5, 0.25), 'balances'), ((0.5, 0.5), 'does not shrink'), (0.5, 'not a pair')]),
    ('04_calculus_for_deep_learning', 4): (
        [('6*n', '2*n + 4'), (lambda n: 6 * n, lambda n: 2 * (n + 2))],
        [(('2*n + 4', '6*n'), 'Swapped'), (('6*n', '6*n'), 'once per input'),
         (('6*n', '2*n'), 'left out the products above a and b'),
         ((6, 4), 'function of n'), (('3*n', '2*n + 4'), 'constant factor')]),
    ('04_calculus_for_deep_learning', 5): (
        [Fraction(1, 3), '1/3', 0.3333],
        [(2, 'third derivative itself'), (-1 / 3, 'Sign error'), (1 / 6, 'sin x alone'),
         (0.5, '1/cos x alone'), (lambda x: x / 3, 'function')]),
    ('04_calculus_for_deep_learning', 6): (
        [('(n - 1)*(2*n - 1)/(6*n**2)', 1), ('(n-1)(2n-1)/(6n^2)', 1.0),
         (lambda n: 1 / 3 - 1 / (2 * n) + 1 / (6 * n ** 2), '1')],
        [(('(n + 1)*(2*n + 1)/(6*n**2)', 1), 'right Riemann sum'),
         (('1/3', 1), 'the integral itself'),
         (('1/(2*n) - 1/(6*n**2)', 1), 'the error 1/3 - S_n'),
         (('(n - 1)*n*(2*n - 1)/6', 1), 'sum of i^2'),
         (('(n - 1)*(2*n - 1)/(6*n**2)', 2), 'does not shrink like 1/n^2'),
         ('(n - 1)*(2*n - 1)/(6*n**2)', 'only S_n')]),
    ('04_calculus_for_deep_learning', 7): (
        [{(1, 0): 'minimum', (-1, 0): 'saddle'},
         {(-1.0, 0.0): 'Saddle point', (1.0, 0.0): 'local minimum'}],
        [({(1, 0): 'minimum', (-1, 0): 'maximum'}, 'is not a maximum'),
         ({(1, 0): 'minimum'}, '1 critical point is missing'),
         ({(0, 0): 'saddle'}, 'is not zero'),
         ({(1, 0): 'maximum', (-1, 0): 'saddle'}, 'is not a maximum'),
         ([(1, 0), (-1, 0)], 'not a dict')]),
    ('04_calculus_for_deep_learning', 8): (
        ['2*x*sin(x**2)', lambda x: 2 * x * torch.sin(x ** 2)],
        [('sin(x**2)', 'chain-rule factor is missing'),
         ('sin(x)', 'evaluated at the wrong point'),
         ('1 - cos(x**2)', 'integral itself'),
         ('-2*x*sin(x**2)', 'Sign error')]),
}

EXERCISES = [(e.chapter, e.number) for e in d2l.exercises()]
REFERENCES = [(key, i, ref) for key, (refs, _) in CASES.items() for i, ref in enumerate(refs)]
WRONG = [(key, i, answer, words) for key, (_, wrongs) in CASES.items()
         for i, (answer, words) in enumerate(wrongs)]


def _check(capsys, key, answer):
    """(whether it is right, the verdict as text) of one check; nothing may be printed."""
    verdict = d2l.exercise(*key).check(answer)
    assert isinstance(verdict, exercise_checks.Verdict)
    assert capsys.readouterr().out == ''
    return bool(verdict), repr(verdict)


def test_there_are_exercises_for_every_chapter_in_chapter_order():
    counts = {}
    for chapter, _ in EXERCISES:
        counts[chapter] = counts.get(chapter, 0) + 1
    assert counts['01_calculus'] >= 10 and counts['02_autograd'] >= 11
    assert counts['03_autodiff_from_scratch'] >= 4
    assert counts['04_calculus_for_deep_learning'] >= 8
    assert EXERCISES == sorted(EXERCISES)


def test_every_exercise_has_reference_and_wrong_answers_here():
    assert sorted(CASES) == EXERCISES
    for key, (refs, wrongs) in CASES.items():
        assert refs, key
        assert len({words for _, words in wrongs}) >= 2, key


@pytest.mark.parametrize('key, i, reference', REFERENCES,
                         ids=[f'{c}-{n}-{i}' for (c, n), i, _ in REFERENCES])
def test_reference_answer_passes(capsys, key, i, reference):
    result, out = _check(capsys, key, reference)
    assert result is True, out
    assert out.startswith('\u2705 Right.')


@pytest.mark.parametrize('key, i, answer, words', WRONG,
                         ids=[f'{c}-{n}-{i}' for (c, n), i, _, _ in WRONG])
def test_typical_wrong_answer_gets_its_own_message(capsys, key, i, answer, words):
    result, out = _check(capsys, key, answer)
    assert result is False, out
    assert words in ' '.join(out.split()), out
    assert out.startswith('\u274c Not yet.') and '\u2705' not in out


# What would give each exercise's answer away: its reference answer, a value or a step of
# it, in the forms a message would write them. No message to a wrong answer may hold one.
LEAKS = {
    ('01_calculus', 1): ['n*x**(n-1)', 'n x^(n-1)', 'n x^(n - 1)', '1/x', 'limit is 0',
                         'is 0 for every h', '(e^h - 1)/h', 'tends to 1', 'n terms with one h'],
    ('01_calculus', 2): ['df*g + f*dg', "f'g", "f' g", 'g squared', 'g^2', 'g(x)^2',
                         'add and subtract', 'comes first, then minus', 'f(x+h)g(x)',
                         'A = f(x+h)', 'A = fh'],
    ('01_calculus', 3): ["u'v vanishes", "u' = 0", "c' f = 0", 'A is right'],
    ('01_calculus', 4): ['1 + log', 'log(x) + 1', 'log x + 1', 'e^(x log x)'],
    ('01_calculus', 5): ['parabola', 'top of a hill'],
    ('01_calculus', 6): ['4x', '4*x', '4 x', '4(x - 1)', '+1/x^2', 'slope 4', "f'(1) = 4"],
    ('01_calculus', 7): ['6x1', '6*x1', '6 x1', '5e^x2', '5*exp(x2)', '5 e^x2'],
    ('01_calculus', 8): ['x/||x||', 'x / ||x||', '1/(2 ||x||)', '1/||x||', 'unit ball',
                         'no gradient', 'unit vector'],
    ('01_calculus', 9): ['du_dx*dx_da + ', 'du_dx dx_da + ', 'add up', 'sum of three',
                         'dx_da, dy_da'],
    ('01_calculus', 10): ["1/f'(", "1 / f'(", '1/fprime', 'domain is f^-1', 'is f^-1(y)'],
    ('02_autograd', 1): ['ABC', 'A, B and C'],
    ('02_autograd', 2): ['raises a RuntimeError', 'second call fails', 'does not even run',
                         'freed'],
    ('02_autograd', 3): ['d/a', 'd / a', 'k = d', 'by a factor k'],
    ('02_autograd', 4): ['requires_grad_(True)', 'sum().backward'],
    ('02_autograd', 5): ['u1 = x**2', "'u1': 'x**2'", 'log(u1)'],
    ('02_autograd', 6): ['2/x', '2 sin', '(1/u)', '-x^(-2)', '-1/x^2', '2x'],
    ('02_autograd', 7): ['0.227', '0.0824', '0.082', 'sin(2)/4', '= 4', 'df/du2'],
    ('02_autograd', 8): ['ABE', 'A, B and E'],
    ('02_autograd', 9): ['ABC', 'A, B and C'],
    ('02_autograd', 10): ['3.016', '-8.96', '8.96', '3.02'],
    ('02_autograd', 11): ['micro_batch_size / batch_size', 'micro_batch_size/batch_size',
                          'n_j / N', 'its share', 'number of micro-batches'],
    ('02_autograd', 12): ['AD', 'A and D', 'A, D', 'A: true', 'D: true'],
    ('02_autograd', 13): ['vmap(', 'in_dims', '2 * (', '2*(', '2 |', '||x_i||', 'abs('],
    ('03_autodiff_from_scratch', 1): ['1/cos(x)^2', '1/cos(x)**2', '1 over cos', 'not squared',
                                      'sec'],
    ('03_autodiff_from_scratch', 2): ['-a/b^2', '-a / b^2', '-a/b**2', '-b^(-2)', 'factor 1/b',
                                      'factor a'],
    ('03_autodiff_from_scratch', 3): ['+sin x2', 'sin(5)', '-0.25', '0.9589', '0.959',
                                      '-1/x1^2'],
    ('03_autodiff_from_scratch', 4): ['(300, 2)', '300 forward', '2 reverse'],
    ('03_autodiff_from_scratch', 5): ['eps^(1/3)', '5e-3', '5e-03', '4.9e-3', '1e-04 to 1e-02',
                                      'h^2 against'],
    ('04_calculus_for_deep_learning', 1): ['2.025', '81/40', '0.025', '1 / (2 sqrt',
                                           '1/(2 sqrt', 'f(4) = 2'],
    ('04_calculus_for_deep_learning', 2): ['y*cos', 'y cos(xy)', 'cos(xy) times', 'x*cos'],
    ('04_calculus_for_deep_learning', 3): ['2/lambda', '2 / lambda', '0.5', '1/3', '2/(lambda',
                                           '0.333'],
    ('04_calculus_for_deep_learning', 4): ['6n', '6*n', '2n + 4', '2*n + 4',
                                           'computed once and shared'],
    ('04_calculus_for_deep_learning', 5): ['1/3', '0.333', '3!', 'x^3/2', 'divides it'],
    ('04_calculus_for_deep_learning', 6): ['(n - 1)(2n - 1)', '(n-1)*(2*n-1)', 'first order',
                                           'halving when n doubles', 'shrinks like 1/n,',
                                           'shrinks like 1/n.'],
    ('04_calculus_for_deep_learning', 7): ['x = \u00b11', '3x^2 - 3', '= 1 or',
                                           'two critical points', 'more than one solution'],
    ('04_calculus_for_deep_learning', 8): ['2x', '2*x', '2 x sin', 'x^2) times',
                                           'multiplies F'],
}


def test_every_exercise_lists_what_would_give_its_answer_away():
    assert sorted(LEAKS) == EXERCISES
    assert all(LEAKS[key] for key in LEAKS)


@pytest.mark.parametrize('key', EXERCISES, ids=[f'{c}-{n}' for c, n in EXERCISES])
def test_no_message_to_a_wrong_answer_gives_the_answer_away(capsys, key):
    for answer, _ in CASES[key][1]:
        _, out = _check(capsys, key, answer)
        text = ' '.join(out.split())
        found = [leak for leak in LEAKS[key] if leak in text]
        assert not found, f'{key}: the message to {answer!r} states {found}: {text}'


def test_a_message_that_gives_the_answer_away_fails_that_test(capsys, monkeypatch):
    key = ('04_calculus_for_deep_learning', 5)

    def leaky(answer):
        raise exercise_checks.Wrong('The Taylor coefficient divides it by 3!.')
    monkeypatch.setattr(d2l.exercise(*key), '_checker', leaky)
    with pytest.raises(AssertionError, match='3!'):
        test_no_message_to_a_wrong_answer_gives_the_answer_away(capsys, key)


@pytest.mark.parametrize('key', EXERCISES, ids=[f'{c}-{n}' for c, n in EXERCISES])
def test_none_is_not_answered_yet_and_does_not_raise(capsys, key):
    result, out = _check(capsys, key, None)
    assert result is False
    assert out.startswith('\u270f\ufe0f Not answered yet. Fill in')
    assert 'run this cell again' in ' '.join(out.split())


@pytest.mark.parametrize('key', EXERCISES, ids=[f'{c}-{n}' for c, n in EXERCISES])
def test_an_answer_of_the_wrong_kind_is_told_what_kind_is_expected(capsys, key):
    result, out = _check(capsys, key, object())
    assert result is False
    assert out.startswith('\u274c Not yet. Not the kind of answer expected.')
    assert d2l.exercise(*key).expects.split()[0] in out


ODD_ANSWERS = [[], {}, (), '', 'x +', 'A', 1j, True, float('nan'), -1, torch.zeros(3),
               np.zeros((2, 2)), lambda: None, lambda *args: 'text', print, int]


@pytest.mark.parametrize('key', EXERCISES, ids=[f'{c}-{n}' for c, n in EXERCISES])
def test_no_answer_makes_a_check_raise(capsys, key):
    for answer in ODD_ANSWERS:
        assert bool(d2l.exercise(*key).check(answer)) in (True, False)
    capsys.readouterr()


def test_a_verdict_shows_no_bare_true_or_false_and_reads_as_markdown_and_text():
    exercise = d2l.exercise('01_calculus', 4)
    for answer, status, mark in [(None, 'not answered', '\u270f\ufe0f'),
                                 ('x**x*log(x)', 'not yet', '\u274c'),
                                 ('x**x*(1 + log(x))', 'right', '\u2705')]:
        verdict = exercise.check(answer)
        assert verdict.status == status and bool(verdict) is (status == 'right')
        text, markdown = repr(verdict), verdict._repr_markdown_()
        assert text.startswith(mark) and markdown.startswith(mark)
        assert 'True' not in text + markdown and 'False' not in text + markdown
        assert re.search(r'\*\*(Right|Not yet|Not answered yet)\.\*\*', markdown)
        assert '<' not in markdown.replace('\\<', '')


def test_a_verdict_escapes_markdown_so_that_a_message_shows_as_typed():
    verdict = exercise_checks.Verdict('not yet', 'x**2 + y**2 and du_dx <b>bold</b> $x$')
    markdown = verdict._repr_markdown_()
    assert r'x\*\*2 + y\*\*2' in markdown and r'du\_dx' in markdown
    assert r'\<b\>' in markdown and r'\$x\$' in markdown


def test_a_multiple_choice_question_shows_its_options_as_a_list():
    markdown = d2l.exercise('02_autograd', 2).check(None)._repr_markdown_()
    assert re.search(r'^- \*\*A\.\*\* The second call raises', markdown, re.M)
    assert len(re.findall(r'^- \*\*[A-D]\.\*\*', markdown, re.M)) == 4


def test_warnings_of_the_learners_function_are_not_shown(capsys):
    def noisy(x):
        warnings.warn('old API', DeprecationWarning)
        np.sin(np.float64(1.0) * np.array([1.0]))
        return x ** x * (1 + torch.log(x))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        result, out = _check(capsys, ('01_calculus', 4), noisy)
    assert result is True and caught == []


def test_progress_shows_what_is_answered_right_in_this_kernel(capsys):
    fresh = {key: exercise_checks._REGISTRY[key].status for key in exercise_checks._REGISTRY}
    try:
        for exercise in d2l.exercises():
            exercise.status = None
        d2l.exercise('01_calculus', 4).check('x**x*(1 + log(x))')
        d2l.exercise('01_calculus', 6).check('2*x - 2')
        d2l.exercise('01_calculus', 7).check(None)
        shown = d2l.progress('01_calculus')
        text, markdown = repr(shown), shown._repr_markdown_()
        assert text.startswith('01_calculus: 1 of 10 answered right in this kernel')
        lines = {int(line.split()[0]): line for line in text.split('\n')[1:]}
        assert '\u2705 right' in lines[4] and '\u274c not yet' in lines[6]
        assert 'not answered' in lines[7] and 'not answered' in lines[1]
        assert '| 4 | \u2705 right |' in markdown and '<' not in markdown
        every = repr(d2l.progress())
        assert all(f'{chapter}:' in every for chapter in
                   ['01_calculus', '02_autograd', '03_autodiff_from_scratch',
                    '04_calculus_for_deep_learning'])
        with pytest.raises(ValueError, match='the chapters are'):
            d2l.progress('2.4')
    finally:
        for key, status in fresh.items():
            exercise_checks._REGISTRY[key].status = status
    capsys.readouterr()


@pytest.fixture
def fresh_progress(monkeypatch):
    """Every exercise unanswered, as in a fresh kernel; put back after the test."""
    for exercise in list(exercise_checks._REGISTRY.values()) + list(exercise_checks._IN_EDITIONS.values()):
        monkeypatch.setattr(exercise, 'status', None)
        monkeypatch.setattr(exercise, 'last', None)


def test_an_exercise_answered_right_stays_done_and_shows_the_last_try(fresh_progress):
    e = d2l.exercise('01_calculus', 4)
    assert e.check('x**x*(1 + log(x))') and e.status == 'right'
    assert not e.check('x**x*log(x)')
    assert e.status == 'right' and e.last == 'not yet'
    assert e.check(None).status == 'not answered' and e.last == 'not yet'  # None is no try
    shown = d2l.progress('01_calculus')
    row = next(line for line in repr(shown).splitlines() if line.startswith('   4 '))
    assert '\u2705 right (last try: not yet)' in row
    assert '| 4 | \u2705 right (last try: not yet) |' in shown._repr_markdown_()
    assert repr(shown).startswith('01_calculus: 1 of 10 answered right')


def _interrupted(x):
    raise KeyboardInterrupt  # as when the learner presses Interrupt while the check runs


def test_an_interrupt_during_a_check_shows_one_line_and_changes_nothing(fresh_progress):
    e = d2l.exercise('01_calculus', 4)
    e.check('x**x*log(x)')
    verdict = e.check(_interrupted)
    text = repr(verdict)
    assert verdict.status == 'not answered' and 'interrupted' in text
    assert len(text.splitlines()) <= 2 and 'Traceback' not in text and 'at_points' not in text
    assert e.status == 'not yet' and e.last == 'not yet'  # as before the interrupt


def _never_returns(x):
    while True:
        try:
            x = x + 1
        except Exception:  # a learner's catch-all cannot swallow the time limit
            pass


@pytest.mark.parametrize('key', [('01_calculus', 4), ('02_autograd', 3), ('02_autograd', 11)])
def test_a_function_that_never_returns_is_stopped_after_the_time_limit(monkeypatch, key):
    monkeypatch.setattr(exercise_checks, 'TIME_LIMIT', 0.1)
    answer = _never_returns if key[1] == 4 else (lambda *args: _never_returns(args[0]))
    verdict = d2l.exercise(*key).check(answer)
    text = ' '.join(repr(verdict).split())
    assert verdict.status == 'not yet' and 'did not return within 0.1 seconds' in text, text
    assert 'TIME_LIMIT' in text and 'Traceback' not in text
    # and the alarm is off again: a slow but finite check is not cut short afterwards
    import signal
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_multiple_choice_says_how_many_letters_are_right_never_which(capsys):
    for answer in ['ABD', 'ABCD', 'ABE', 'ACDE']:
        _, out = _check(capsys, ('02_autograd', 9), answer)
        text = ' '.join(out.split())
        assert 'letters you chose' in text and not re.search(r'\b[A-F] is\b', text), text


@pytest.mark.parametrize('key', EXERCISES, ids=[f'{c}-{n}' for c, n in EXERCISES])
def test_hints_are_graded(capsys, key):
    exercise = exercise_checks.Exercise(*key, 'title', 'anything', None,
                                        d2l.exercise(*key)._hints)  # a fresh hint count
    exercise.hint()
    first = capsys.readouterr().out
    exercise.hint()
    second = capsys.readouterr().out
    assert first.startswith('Hint 1 of') and second.startswith('Hint 2 of')
    assert first.split(':', 1)[1] != second.split(':', 1)[1]
    for _ in range(3):
        exercise.hint()
    assert 'that was the last hint' in capsys.readouterr().out


@pytest.mark.parametrize('key', EXERCISES, ids=[f'{c}-{n}' for c, n in EXERCISES])
def test_solution_finds_its_section_in_the_solutions_notebook(capsys, key):
    heading, text = exercise_checks.solution_section(*key)
    assert f'Exercise {key[1]}' in heading and len(text) > 100
    shown = d2l.exercise(*key).solution()
    assert capsys.readouterr().out == ''
    link = f'solutions/{key[0]}_solutions.ipynb'
    assert repr(shown).startswith(f'Worked solution: {link}, section')
    assert shown._repr_markdown_().startswith(f'**Worked solution** from [{link}]({link})')


@pytest.mark.parametrize('key', EXERCISES, ids=[f'{c}-{n}' for c, n in EXERCISES])
def test_solution_typesets_its_math_in_markdown_and_reads_as_plain_text(key):
    shown = d2l.exercise(*key).solution()
    _, parts = exercise_checks.solution_parts(*key)
    # no sentence ends in a colon with nothing after it: a colon is followed by code
    for (kind, text), following in zip(parts, parts[1:] + [(None, '')]):
        if kind == 'markdown' and text.rstrip().endswith(':'):
            assert following[0] == 'code', f'{key}: "{text[-60:]}" leads to nothing'
    text = repr(shown)
    prose = '\n'.join(t for k, t in parts if k == 'markdown')
    if '$' in prose:
        assert '$' in shown._repr_markdown_()
    plain = re.sub(r'(?m)^    .*$', '', text)  # the code blocks may hold anything
    assert '$' not in plain and '\\frac' not in plain and '\\cdot' not in plain, plain


def test_latex_reads_as_plain_text():
    assert exercise_checks._latex_as_text(
        r'$$\frac{d}{dx} x^x = x^x \left(1 + \ln x\right) \cdot \sqrt{2}$$') == \
        '(d)/(dx) x^x = x^x (1 + ln x) \u00b7 sqrt(2)'


def _notebook(tmp_path, name, markdown_cells):
    cells = [{'cell_type': 'markdown', 'metadata': {}, 'source': text}
             for text in markdown_cells]
    cells.insert(2, {'cell_type': 'code', 'metadata': {}, 'source': 'assert True',
                     'outputs': [], 'execution_count': None})
    (tmp_path / 'solutions').mkdir(exist_ok=True)  # tmp_path stands for notebooks/
    (tmp_path / 'solutions' / f'{name}_solutions.ipynb').write_text(json.dumps({'cells': cells}))


@pytest.mark.parametrize('heading', ['## Exercise 3: a title', '### 2.4.7 Exercise 3',
                                     '## Exercise 3. A title', '# exercise 3',
                                     '## Exercise 2.4.3: a title'])
def test_solution_headings_are_matched_by_exercise_number(tmp_path, heading):
    level = heading.split()[0]
    _notebook(tmp_path, 'ch', ['# Solutions', f'{level} Exercise 13\n\nnot this one',
                               f'{heading}\n\nThe worked text.', 'More of it.',
                               f'{level} Exercise 4\n\nnot this one either'])
    found, text = exercise_checks.solution_section('ch', 3, folder=tmp_path)
    assert found == heading.lstrip('#').strip()
    assert 'The worked text.' in text and 'More of it.' in text and 'not this' not in text


def test_a_missing_solution_section_is_reported_not_raised(capsys, tmp_path, monkeypatch):
    _notebook(tmp_path, '01_calculus', ['# Solutions', '## Exercise 1\n\ntext'])
    monkeypatch.setattr(exercise_checks, '_solutions_folder', lambda: tmp_path)
    out = repr(d2l.exercise('01_calculus', 2).solution())
    assert 'solutions/01_calculus_solutions.ipynb' in out and 'no heading "Exercise 2"' in out


def test_unknown_chapters_and_numbers_list_what_exists():
    with pytest.raises(ValueError, match="'01_calculus', '02_autograd'"):
        d2l.exercise('2.4', 1)
    with pytest.raises(ValueError, match='its exercises are 1 to 10'):
        d2l.exercise('01_calculus', 11)


def test_checks_give_the_same_feedback_every_time(capsys):
    for key, _, answer, _ in WRONG[::7]:
        assert _check(capsys, key, answer) == _check(capsys, key, answer)


def test_a_check_that_accepts_everything_fails_these_tests(capsys, monkeypatch):
    key, _, answer, words = WRONG[0]
    monkeypatch.setattr(d2l.exercise(*key), '_checker', lambda answer: 'anything goes')
    with pytest.raises(AssertionError):
        test_typical_wrong_answer_gets_its_own_message(capsys, key, 0, answer, words)


def test_answer_cell_is_unanswered_code_naming_its_exercise():
    cell = d2l.exercise('01_calculus', 4).answer_cell()
    lines = cell.split('\n')
    assert lines[0].startswith('# Your answer: replace None with a function of x')
    assert lines[-2:] == ['answer = None', 'd2l.exercise("01_calculus", 4).check(answer)']
    assert all(len(line) <= 88 for line in lines)
    compile(cell, 'answer cell', 'exec')


SOLUTIONS = Path(__file__).resolve().parent.parent / 'notebooks' / 'solutions'


def _asserted_checks(source, chapter):
    """Exercise numbers n with `assert d2l.exercise("chapter", n).check(` in code lines."""
    call = re.compile(r'\bassert\s+d2l\.exercise\(\s*["\']' + re.escape(chapter)
                      + r'["\']\s*,\s*(\d+)\s*\)\.check\(')
    code = '\n'.join(line for line in source.splitlines()
                     if not line.lstrip().startswith('#'))
    return {int(n) for n in call.findall(code)}  # a call may be wrapped over lines


@pytest.mark.parametrize('chapter', exercise_checks._chapter_names())
def test_solutions_notebook_asserts_the_learners_check_on_every_exercise(chapter):
    # A JAX chapter's solutions assert the checks of the JAX edition, which call their
    # answers on JAX arrays.
    path = SOLUTIONS.parent / exercise_checks._solutions_file(chapter)
    checked = _asserted_checks(path.with_suffix('.py').read_text(encoding='utf-8'), chapter)
    base = chapter.rpartition('/')[2]
    missing = [n for c, n in EXERCISES if c == base and n not in checked]
    assert not missing, (f'{path.name} does not assert '
                         f'd2l.exercise("{chapter}", n).check(...) for n in {missing}')


def test_a_check_in_a_comment_or_without_assert_does_not_count():
    source = ('# assert d2l.exercise("ch", 1).check(answer)\n'
              'd2l.exercise("ch", 2).check(answer)\n'
              "    assert d2l.exercise('ch', 3).check(\n"
              'assert d2l.exercise("ch", 4).check(x)  # and one for ch2: d2l.exercise("ch2", 5)\n'
              'assert d2l.exercise(\n    "ch", 6).check(x)\n'
              '# assert d2l.exercise(\n#    "ch", 7).check(x)\n')
    assert _asserted_checks(source, 'ch') == {3, 4, 6}
