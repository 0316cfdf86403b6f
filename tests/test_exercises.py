"""The exercise checks (d2lutils.exercise_checks, from notebooks/92_utilities_exercises.py).

For every exercise: the reference answers pass, typical wrong answers get their
own message, None is "not answered yet", an answer of the wrong kind is told so,
hints are graded and the worked solution is found in its solutions notebook.
CASES is also the table of reference answers that the solutions notebooks check,
and each solutions notebook asserts the same check on its own answer to every exercise.
"""

import json
import math
import re
import subprocess
import sys
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


def _sin_derivative_by_autograd(x):
    x = x.clone().requires_grad_(True)
    torch.sin(x).sum().backward()
    return x.grad


TRACE = {'u1': 'x**2', 'u2': 'log(u1)', 'u3': 'sin(x)', 'u4': 'u2*u3', 'u5': '1/x',
         'f': 'u4 + u5'}
SLOPE_02_7 = math.sin(2) + math.log(4) * math.cos(2) - 1 / 4  # df/dx at x = 2
ADJOINT_02_7 = math.sin(2) / 4  # df/du1 at x = 2
HESSIAN_03_3 = [[-0.25, 1.0], [1.0, math.sin(5)]]

# (chapter, number): (reference answers, [(wrong answer, words of its message), ...])
CASES = {
    ('01_calculus', 1): (
        [('0', 'n*x**(n-1)', 'exp(x)', '1/x'), (0, 'n*x**(n - 1)', 'E**x', 'x**(-1)')],
        [(('0', 'n*x**n', 'exp(x)', '1/x'), 'power drops by one'),
         (('0', 'x**(n-1)', 'exp(x)', '1/x'), 'missing a factor'),
         (('0', 'n*x**(n-1)', 'x*exp(x-1)', '1/x'), 'power rule does not apply'),
         (('0', 'n*x**(n-1)', 'exp(x)', '1/(x*log(10))'), 'natural logarithm'),
         (('0', 'n*x**(n-1)', 'exp(x)', '-1/x'), 'Sign error'),
         (('c', 'n*x**(n-1)', 'exp(x)', '1/x'), 'derivative of a constant')]),
    ('01_calculus', 2): (
        [('df + dg', 'df*g + f*dg', '(df*g - f*dg)/g**2'),
         ('dg + df', 'g*df + dg*f', 'df/g - f*dg/g^2')],
        [(('df + dg', 'df*dg', '(df*g - f*dg)/g**2'), 'not the product of the derivatives'),
         (('df + dg', 'df*g + f*dg', '(f*dg - df*g)/g**2'), 'Sign error in the quotient'),
         (('df + dg', 'df*g + f*dg', '(df*g - f*dg)/g'), 'g squared'),
         (('df + dg', 'df*g + f*dg', 'df/dg'), 'not the quotient of the derivatives')]),
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
         ('2*x - 2', 'sign error'),
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
         ((lambda x: x / torch.linalg.norm(x), 'C'), 'has no limit at 0'),
         (lambda x: x / torch.linalg.norm(x), 'add the letter'),
         ((3.0, 'B'), 'not a function')]),
    ('01_calculus', 9): (
        ['du_dx*dx_da + du_dy*dy_da + du_dz*dz_da'],
        [('du_dx*dx_da', 'paths are missing'),
         ('du_dx*dx_db + du_dy*dy_db + du_dz*dz_db', 'This is du/db'),
         ('du_dx*dx_da*du_dy*dy_da*du_dz*dz_da', 'add up'),
         ('du_da', 'uses du_da')]),
    ('01_calculus', 10): (
        ['1/fprime(finv(y))', lambda fprime, finv: (lambda y: 1 / fprime(finv(y)))],
        [('1/fprime(y)', 'wrong point'),
         ('fprime(finv(y))', 'solve the chain rule equation'),
         ('-1/fprime(finv(y))', 'Sign error')]),
    ('02_autograd', 1): (
        ['ABC', 'c, b, a'],
        [('AB', 'one more statement is'),
         ('ABCD', 'D is not right'),
         ('ABCE', 'E is not right')]),
    ('02_autograd', 2): (
        ['A'],
        [('B', 'never overwritten'), ('C', 'retain_graph=True'), ('D', 'zero_')]),
    ('02_autograd', 3): (
        [lambda a, d: d / a],
        [(lambda a, d: d, 'the value, not its gradient'),
         (lambda a, d: torch.ones_like(a), 'gradient of a.sum()'),
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
         ((SLOPE_02_7, 4 * ADJOINT_02_7), 'factor du1/dx'),
         ((-SLOPE_02_7, ADJOINT_02_7), 'sign error'),
         (SLOPE_02_7, 'give two')]),
    ('02_autograd', 8): (
        ['ABE', 'eba'],
        [('ABCE', 'C is not right'), ('ABDE', 'D is not right'), ('AE', 'one more')]),
    ('03_autodiff_from_scratch', 1): (
        [_tan_rule(lambda p: 1 / math.cos(p) ** 2),
         lambda x: autodiff.sin(x) / autodiff.cos(x)],
        [(_tan_rule(lambda p: 1 / math.cos(p)), 'not squared'),
         (_tan_rule(lambda p: -1 / math.cos(p) ** 2), 'Sign error'),
         (_tan_rule(lambda p: math.cos(p) ** 2), 'upside down'),
         (_tan_rule(lambda p: 1 / math.cos(p) ** 2, chain=False), 'chain-rule factor'),
         (math.tan, 'does not accept a Dual'),
         (torch.tan, 'does not accept a plain float')]),
    ('03_autodiff_from_scratch', 2): (
        [lambda a, b: (a / b, (1 / b, -a / b ** 2)),
         lambda a, b: (a * b ** -1, (b ** -1, -a * b ** -2))],
        [(lambda a, b: (a / b, (1 / b, a / b ** 2)), 'still the buggy rule'),
         (lambda a, b: (a / b, (1 / b, -a / b)), 'misses a factor 1/b'),
         (lambda a, b: (a / b, (1 / b, -1 / b ** 2)), 'misses the factor a'),
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
        [5e-3, 3.2e-3, '1e-2', np.finfo(np.float32).eps ** (1 / 3)],
        [(1e-5, 'best step in float64'), (3.4e-4, 'forward difference'),
         (1.2e-7, 'eps itself'), (-1e-3, 'positive'), (0.5, 'not near the best step')]),
    ('04_calculus_for_deep_learning', 1): (
        [2.025, '81/40', Fraction(81, 40)],
        [(math.sqrt(4.1), 'sqrt(4.1) itself'), (2.05, 'factor 2'),
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
        [((1, 1 / 3), 'smallest eigenvalue'), ((0.25, 1 / 3), 'allows eta up to'),
         ((0.5, 0.25), 'balances'), ((0.5, 0.5), 'does not shrink'), (0.5, 'not a pair')]),
    ('04_calculus_for_deep_learning', 4): (
        [('6*n', '2*n + 4'), (lambda n: 6 * n, lambda n: 2 * (n + 2))],
        [(('2*n + 4', '6*n'), 'Swapped'), (('6*n', '6*n'), 'shared by all inputs'),
         (('6*n', '2*n'), 'left out the products above a and b'),
         ((6, 4), 'function of n'), (('3*n', '2*n + 4'), 'constant factor')]),
    ('04_calculus_for_deep_learning', 5): (
        [Fraction(1, 3), '1/3', 0.3333],
        [(2, 'third derivative itself'), (-1 / 3, 'Sign error'), (1 / 6, 'sin x alone'),
         (0.5, '1/cos x alone'), (lambda x: x / 3, 'function')]),
    ('04_calculus_for_deep_learning', 6): (
        ['(n - 1)*(2*n - 1)/(6*n**2)', lambda n: 1 / 3 - 1 / (2 * n) + 1 / (6 * n ** 2)],
        [('(n + 1)*(2*n + 1)/(6*n**2)', 'right Riemann sum'),
         ('1/3', 'the integral itself'),
         ('1/(2*n) - 1/(6*n**2)', 'the error 1/3 - S_n'),
         ('(n - 1)*n*(2*n - 1)/6', 'sum of i^2')]),
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
         ('sin(x)', 'upper bound u = x^2'),
         ('1 - cos(x**2)', 'integral itself'),
         ('-2*x*sin(x**2)', 'Sign error')]),
}

EXERCISES = [(e.chapter, e.number) for e in d2l.exercises()]
REFERENCES = [(key, i, ref) for key, (refs, _) in CASES.items() for i, ref in enumerate(refs)]
WRONG = [(key, i, answer, words) for key, (_, wrongs) in CASES.items()
         for i, (answer, words) in enumerate(wrongs)]


def _check(capsys, key, answer):
    """(returned value, printed text) of one check."""
    result = d2l.exercise(*key).check(answer)
    return result, capsys.readouterr().out


def test_there_are_exercises_for_every_chapter_in_chapter_order():
    counts = {}
    for chapter, _ in EXERCISES:
        counts[chapter] = counts.get(chapter, 0) + 1
    assert counts['01_calculus'] >= 10 and counts['02_autograd'] >= 8
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
    assert out.startswith('Correct!')


@pytest.mark.parametrize('key, i, answer, words', WRONG,
                         ids=[f'{c}-{n}-{i}' for (c, n), i, _, _ in WRONG])
def test_typical_wrong_answer_gets_its_own_message(capsys, key, i, answer, words):
    result, out = _check(capsys, key, answer)
    assert result is False, out
    assert words in ' '.join(out.split()), out
    assert 'Correct' not in out


@pytest.mark.parametrize('key', EXERCISES, ids=[f'{c}-{n}' for c, n in EXERCISES])
def test_none_is_not_answered_yet_and_does_not_raise(capsys, key):
    result, out = _check(capsys, key, None)
    assert result is False
    assert out.startswith('Not answered yet: fill in')
    assert 'run this cell again' in ' '.join(out.split())


@pytest.mark.parametrize('key', EXERCISES, ids=[f'{c}-{n}' for c, n in EXERCISES])
def test_an_answer_of_the_wrong_kind_is_told_what_kind_is_expected(capsys, key):
    result, out = _check(capsys, key, object())
    assert result is False
    assert out.startswith('Not the kind of answer expected.')
    assert d2l.exercise(*key).expects.split()[0] in out


ODD_ANSWERS = [[], {}, (), '', 'x +', 'A', 1j, True, float('nan'), -1, torch.zeros(3),
               np.zeros((2, 2)), lambda: None, lambda *args: 'text', print, int]


@pytest.mark.parametrize('key', EXERCISES, ids=[f'{c}-{n}' for c, n in EXERCISES])
def test_no_answer_makes_a_check_raise(capsys, key):
    for answer in ODD_ANSWERS:
        assert d2l.exercise(*key).check(answer) in (True, False)
    capsys.readouterr()


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
    d2l.exercise(*key).solution()
    out = capsys.readouterr().out
    assert out.startswith(f'Worked solution: solutions/{key[0]}_solutions.ipynb, section')
    assert heading in out


def _notebook(tmp_path, name, markdown_cells):
    cells = [{'cell_type': 'markdown', 'metadata': {}, 'source': text}
             for text in markdown_cells]
    cells.insert(2, {'cell_type': 'code', 'metadata': {}, 'source': 'assert True',
                     'outputs': [], 'execution_count': None})
    (tmp_path / f'{name}_solutions.ipynb').write_text(json.dumps({'cells': cells}))


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
    d2l.exercise('01_calculus', 2).solution()
    out = capsys.readouterr().out
    assert 'solutions/01_calculus_solutions.ipynb' in out and 'no heading "Exercise 2"' in out


def test_unknown_chapters_and_numbers_list_what_exists():
    with pytest.raises(ValueError, match="'01_calculus', '02_autograd'"):
        d2l.exercise('2.4', 1)
    with pytest.raises(ValueError, match='its exercises are 1 to 10'):
        d2l.exercise('01_calculus', 11)


def test_wrong_numbers_do_not_give_the_right_one_away(capsys):
    for key, right in [(('04_calculus_for_deep_learning', 1), '2.025'),
                       (('04_calculus_for_deep_learning', 5), '0.333'),
                       (('04_calculus_for_deep_learning', 3), '0.5'),
                       (('02_autograd', 7), '0.227')]:
        for answer, _ in CASES[key][1]:
            _check(capsys, key, answer)
            assert right not in capsys.readouterr().out


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


def test_importing_the_library_stays_cheap_and_keeps_the_functions():
    code = ("import sys, d2lutils as d2l\n"
            "assert not {'torch', 'sympy'} & set(sys.modules), 'imported at import'\n"
            "d2l.exercise('01_calculus', 1)\n"
            "assert callable(d2l.exercises) and len(d2l.exercises()) >= 30\n"
            "assert 'sympy' not in sys.modules, 'sympy before it is needed'\n")
    subprocess.run([sys.executable, '-c', code], check=True, timeout=120)


SOLUTIONS = Path(__file__).resolve().parent.parent / 'notebooks' / 'solutions'


def _asserted_checks(source, chapter):
    """Exercise numbers n with `assert d2l.exercise("chapter", n).check(` in code lines."""
    call = re.compile(r'\bassert\s+d2l\.exercise\(\s*["\']' + re.escape(chapter)
                      + r'["\']\s*,\s*(\d+)\s*\)\.check\(')
    return {int(n) for line in source.splitlines() if not line.lstrip().startswith('#')
            for n in call.findall(line)}


@pytest.mark.parametrize('chapter', sorted({c for c, _ in EXERCISES}))
def test_solutions_notebook_asserts_the_learners_check_on_every_exercise(chapter):
    source = (SOLUTIONS / f'{chapter}_solutions.py').read_text(encoding='utf-8')
    checked = _asserted_checks(source, chapter)
    missing = [n for c, n in EXERCISES if c == chapter and n not in checked]
    assert not missing, (f'solutions/{chapter}_solutions.py does not assert '
                         f'd2l.exercise("{chapter}", n).check(...) for n in {missing}')


def test_a_check_in_a_comment_or_without_assert_does_not_count():
    source = ('# assert d2l.exercise("ch", 1).check(answer)\n'
              'd2l.exercise("ch", 2).check(answer)\n'
              "    assert d2l.exercise('ch', 3).check(\n"
              'assert d2l.exercise("ch", 4).check(x)  # and one for ch2: d2l.exercise("ch2", 5)\n')
    assert _asserted_checks(source, 'ch') == {3, 4}
