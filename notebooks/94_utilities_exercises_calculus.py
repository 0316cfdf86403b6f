# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Utilities: the exercises of 2.4 Calculus
#
# The exercises of [2.4 Calculus](01_calculus.ipynb), with the answer kind
# each check expects, saved to `d2lutils.exercises_calculus`. Where an exercise asks to
# prove (1 and 2), the check asks for the step that carries the proof as well as the
# rules: for $e^x$, the factor $g(h)$ in $\frac{e^{x+h} - e^x}{h} = e^x g(h)$ and its
# limit; for the product rule, the split of $f(x+h)g(x+h) - f(x)g(x)$ into a multiple of
# the change of $g$ plus a multiple of the change of $f$, which must hold exactly, for
# every $h$.
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
#@save exercises_calculus
import fractions
import math
import numbers
import numpy as np
from d2lutils.exercise_checks import (Wrong, WrongKind, exercise_check, _lower_first,
    _edition)  # the framework
from d2lutils.exercise_answers import (_as_function, _check_function, _check_vector,
    _choice, _close, _derivative, _diagnose, _expression, _is_number, _is_sympy, _kind,
    _number, _numeric, _points, _question, _to_array, _vector_values, _jax, _ops,
    _value_and_gradients)  # reading an answer


# %%
#@save exercises_calculus
def _expressions(answer, count, names, what):
    """A tuple of `count` SymPy expressions or strings (numbers allowed), as NumPy functions."""
    if not isinstance(answer, (tuple, list)) or len(answer) != count:
        raise WrongKind(f'This is {_kind(answer)}, not a tuple of {count} items ({what}).')
    functions = []
    for item in answer:
        if isinstance(item, numbers.Real) and not isinstance(item, bool):
            item = str(item)
        if not (isinstance(item, str) or _is_sympy(item)):
            raise WrongKind(f'Each item must be a SymPy expression or a string, not '
                            f'{_kind(item)}.')
        functions.append(_numeric(item, names))
    return functions


#@save exercises_calculus
@exercise_check(
    '01_calculus', 1, 'Derivatives of c, x^n, e^x and log x from the limit definition',
    expects='a pair (rules, step). rules: a tuple of four SymPy expressions or strings in '
            'x (and n, c), the derivatives of c, x**n, exp(x) and log(x); step: the pair (g, '
            'limit) that carries the proof for exp, where (exp(x+h) - exp(x))/h = exp(x)*g(h): '
            'g as a string in h, and its limit as h -> 0',
    hints=['Write the difference quotient (f(x+h) - f(x))/h for each function and simplify '
           'it before letting h go to 0.',
           'For x^n expand (x+h)^n with the binomial theorem; for e^x use e^(x+h) = e^x e^h '
           'and the limit of (e^h - 1)/h; for log x use log(x+h) - log x = log(1 + h/x).',
           'Only the term of (x+h)^n that is linear in h survives: n x^(n-1) h. The limit of '
           '(e^h - 1)/h is 1, and log(1 + t)/t tends to 1 as t tends to 0.'])
def _check_01_1(answer):
    return _check_rules_and_step(
        answer, 4, _check_01_1_rules, _check_01_1_step,
        missing='These look like the four rules alone; add the step of the proof for '
                'exp, as a pair (rules, (g, limit)).',
        praise=' And your g(h) and its limit carry the proof for e^x: the difference '
               'quotient is e^x times g(h), and g(h) tends to 1.')


#@save exercises_calculus
def _check_rules_and_step(answer, n_rules, check_rules, check_step, missing, praise):
    """Check an answer (rules, step) of a derive-the-rules exercise: the rules, then the step
    that carries the proof; a bare tuple of n_rules rules gets the message `missing`."""
    if isinstance(answer, (tuple, list)) and len(answer) == n_rules:
        raise WrongKind(missing)
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise WrongKind(f'This is {_kind(answer)}, not a pair (rules, step).')
    rules, step = answer
    rules_praise = check_rules(rules)
    check_step(step)
    return rules_praise + praise


#@save exercises_calculus
def _check_01_1_step(step):
    """Check the step (g, limit) of exercise 1: (e^(x+h) - e^x)/h = e^x g(h), g(h) -> limit."""
    if not isinstance(step, (tuple, list)) or len(step) != 2:
        raise WrongKind(f'The step is {_kind(step)}, not a pair (g, limit).')
    g, limit = step
    if isinstance(g, str) or _is_sympy(g):
        expr = _expression(g, ('h', 'x'))
        if any(s.name == 'x' for s in expr.free_symbols):
            raise Wrong('In the step, your g still depends on x: the question asks for the '
                        'factor that is left once e^x is taken out of the difference quotient.')
    hs = _points(15, 0.01, 0.5, both_signs=True)
    truth = (np.exp(hs) - 1) / hs
    try:
        _check_function(g, ('h',), (hs,), truth, 'g(h)', mistakes=[
            (lambda h: np.exp(h), 'In the step, g leaves out part of the difference '
                                  'quotient: divide all of (e^(x+h) - e^x)/h by e^x.'),
            (lambda h: np.exp(h) - 1, 'In the step, the division by h is missing from g.'),
            (lambda h: np.exp(h) / h, 'In the step, g has lost the term from e^x in the '
                                      'difference quotient.')])
    except WrongKind:
        raise
    except Wrong as err:
        message = str(err)
        raise Wrong(message if message.startswith('In the step') else
                    f'In the step: {message}') from None
    try:
        value = _number(limit, 'a number, the limit of g')
    except WrongKind:
        raise
    except Wrong as err:
        raise Wrong(f'In the step, the limit of g: {_lower_first(err)}') from None
    if not math.isclose(value, 1.0, rel_tol=1e-3, abs_tol=1e-6):
        raise Wrong(f'In the step, the limit of g as h -> 0 is not {value:g}: evaluate g at '
                    'h = 0.01, 0.001 and 0.0001 and watch where it goes.')


#@save exercises_calculus
def _check_01_1_rules(answer):
    """Check the four derivatives of exercise 1; return the praise."""
    d_const, d_power, d_exp, d_log = _expressions(
        answer, 4, ('x', 'n', 'c'), 'the derivatives of c, x**n, exp(x) and log(x)')
    x, n = _points(11, 0.3, 3), _points(12, -2.5, 3.5)
    c = np.full_like(x, 2.7)
    power = _value_and_gradients(lambda t, n: t ** n, x, n)[1][0]
    where = lambda i: f'at x = {x[i]:.3g}'  # noqa: E731
    with np.errstate(all='ignore'):
        yours = [d(x, n, c) for d in (d_const, d_power, d_exp, d_log)]
    if not _close(yours[0], 0 * x):
        raise Wrong('The derivative of a constant is not right: write its difference '
                    'quotient and simplify it before taking the limit.')
    if _close(yours[1], n * x ** n):
        raise Wrong('The derivative of x^n has the wrong power of x: see which term of '
                    '(x+h)^n survives once you divide by h and let h go to 0.')
    if _close(yours[1], x ** (n - 1)):
        raise Wrong('The derivative of x^n is missing a constant factor: count the terms of '
                    'the expanded (x+h)^n that are linear in h.')
    _diagnose(yours[1], power, 'the derivative of x^n', where)
    if _close(yours[2], x * np.exp(x - 1)):
        raise Wrong('The derivative of e^x: the power rule does not apply, because x is in '
                    'the exponent, not the base. Use e^(x+h) = e^x e^h.')
    _diagnose(yours[2], _derivative(_ops().exp, x), 'the derivative of e^x', where)
    if _close(yours[3], 1 / (x * np.log(10))):
        raise Wrong('The derivative of log x: here log is the natural logarithm (as in '
                    'torch.log), not the logarithm to base 10.')
    _diagnose(yours[3], _derivative(_ops().log, x), 'the derivative of log x', where)
    return 'All four derivatives agree with autograd at random points.'


#@save exercises_calculus
def _product_quotient_truth(seed):
    """Values f, g, f', g' and the true (f+g)', (fg)', (f/g)' at random points, by autograd."""
    rng = np.random.default_rng(seed)
    a, b, k = map(float, rng.uniform(0.5, 2, 3))
    x, lib = _points(seed, -2, 2), _ops()

    def f(t):
        return a * lib.sin(b * t) + 0.3

    def g(t):
        return lib.exp(k * t / 3) + 1
    (fx, (df,)), (gx, (dg,)) = _value_and_gradients(f, x), _value_and_gradients(g, x)
    truth = [_derivative(h, x) for h in (lambda t: f(t) + g(t), lambda t: f(t) * g(t),
                                          lambda t: f(t) / g(t))]
    return {'f': fx, 'g': gx, 'df': df, 'dg': dg}, truth


#@save exercises_calculus
@exercise_check(
    '01_calculus', 2, 'The sum, product and quotient rules from first principles',
    expects='a pair (rules, step). rules: a tuple of three SymPy expressions or strings in '
            'f, g, df, dg (df, dg stand for f\'(x), g\'(x)), the derivatives of f + g, f*g and '
            'f/g; step: the pair (A, B), strings in f, g, fh, gh (fh, gh stand for f(x+h), '
            'g(x+h)), with fh*gh - f*g = A*(gh - g) + B*(fh - f) for every h, the step that '
            'proves the product rule',
    hints=['Start from the difference quotient of the sum, of the product and of the '
           'quotient, and rewrite each with the difference quotients of f and g.',
           'For the product, add and subtract f(x+h)g(x) in the numerator. For the '
           'quotient, put f(x+h)/g(x+h) - f(x)/g(x) over the common denominator '
           'g(x+h)g(x), then add and subtract f(x)g(x).',
           'The product rule has two terms, one for each factor differentiated. The '
           'quotient rule\'s numerator has a minus sign, and its denominator is g(x)^2.'])
def _check_01_2(answer):
    return _check_rules_and_step(
        answer, 3, _check_01_2_rules, _check_01_2_step,
        missing='These look like the three rules alone; add the step of the proof of '
                'the product rule, as a pair (rules, (A, B)).',
        praise=' Your A and B split the change of f g exactly, for every h: divided by '
               'h, with h -> 0, they give the product rule.')


#@save exercises_calculus
def _check_01_2_step(step):
    """Check the add-and-subtract step (A, B) of exercise 2 on random values of f, g, fh, gh."""
    if not isinstance(step, (tuple, list)) or len(step) != 2:
        raise WrongKind(f'The step is {_kind(step)}, not a pair (A, B).')
    names = ('f', 'g', 'fh', 'gh')
    A, B = _expressions(step, 2, names, 'A and B')
    rng = np.random.default_rng(22)
    f, g, fh, gh = rng.uniform(-2, 2, (4, 16))
    with np.errstate(all='ignore'):
        a, b = A(f, g, fh, gh), B(f, g, fh, gh)
    change, split = fh * gh - f * g, a * (gh - g) + b * (fh - f)
    if _close(split, change):
        return
    if _close(a, g + 0 * f) and _close(b, f + 0 * g) or _close(a, f + 0 * g) and _close(
            b, g + 0 * f):
        raise Wrong('In the step, your A and B make the two sides differ by a term that '
                    'vanishes only as h -> 0; the step must hold exactly, for every h.')
    raise Wrong('In the step, with your A and B the two sides differ: the identity must hold '
                'for all values of f(x), g(x), f(x+h) and g(x+h).')


#@save exercises_calculus
def _check_01_2_rules(answer):
    """Check the three rules of exercise 2; return the praise."""
    d_sum, d_prod, d_quot = _expressions(answer, 3, ('f', 'g', 'df', 'dg'),
                                         'the derivatives of f + g, f*g and f/g')
    v, (t_sum, t_prod, t_quot) = _product_quotient_truth(21)
    args = (v['f'], v['g'], v['df'], v['dg'])
    with np.errstate(all='ignore'):
        yours = [d(*args) for d in (d_sum, d_prod, d_quot)]
    _diagnose(yours[0], t_sum, 'the derivative of f + g')
    if _close(yours[1], v['df'] * v['dg']):
        raise Wrong('The product rule: the derivative of a product is not the product of '
                    'the derivatives.')
    _diagnose(yours[1], t_prod, 'the derivative of f*g')
    if _close(yours[2], v['df'] / v['dg']):
        raise Wrong('The quotient rule: the derivative of a quotient is not the quotient of '
                    'the derivatives.')
    if _close(yours[2], (v['df'] * v['g'] - v['f'] * v['dg']) / v['g']):
        raise Wrong('The quotient rule: the numerator is right, but the denominator is not: '
                    'redo the step that puts the two fractions over a common denominator.')
    if _close(yours[2], (v['f'] * v['dg'] - v['df'] * v['g']) / v['g'] ** 2):
        raise Wrong('Sign error in the quotient rule\'s numerator.')
    _diagnose(yours[2], t_quot, 'the derivative of f/g')
    return ('The three rules agree with autograd on random functions f and g. '
            'Compare your derivation with solution().')


#@save exercises_calculus
_OPTIONS_01_3 = {
    'A': ('Write c f(x) as u v with u = c and v = f. Then u\' = 0, so the term u\'v of the '
          'product rule vanishes and (c f)\' = c f\'.',
          'right: a constant is a function whose difference quotient is 0 everywhere.'),
    'B': ('With u = c and v = f, the term u v\' vanishes, because v\' = 0.',
          'v = f varies with x, so v\' is not 0 in general.'),
    'C': ('Both terms of the product rule are equal, so (c f)\' = 2 c f\'.',
          'work out each of the two terms with u = c and v = f: they are not equal.'),
    'D': ('The product rule does not apply, because c is not a function of x.',
          'a constant is a function of x too, one that never changes, and the product '
          'rule applies to it.'),
}


#@save exercises_calculus
@exercise_check(
    '01_calculus', 3, 'The constant multiple rule as a special case of the product rule',
    expects='one letter, "A" to "D"', question=_question(_OPTIONS_01_3),
    hints=['A constant c is a function too: c(x) = c for every x.',
           'Apply the product rule (u v)\' = u\'v + u v\' with u = c and v = f. What is u\'?'])
def _check_01_3(answer):
    return _choice(answer, _OPTIONS_01_3, 'A')


#@save exercises_calculus
@exercise_check(
    '01_calculus', 4, 'The derivative of x^x',
    expects='a function of x (torch operations), e.g. lambda x: ..., or a SymPy '
            'expression or string in x',
    jax={'expects': 'a function of x written with jax.numpy, e.g. lambda x: ..., or a SymPy '
                    'expression or string in x'},
    hints=['Neither the power rule (constant exponent) nor the exponential rule '
           '(constant base) applies: here both vary.',
           'Write x^x = e^(x log x), then use the chain rule.',
           'The derivative of x log x is log x + 1; multiply by e^(x log x) = x^x.'])
def _check_01_4(answer):
    x = _points(41, 0.2, 3)
    truth = _derivative(lambda t: t ** t, x)
    _check_function(
        answer, ('x',), (x,), truth, 'the derivative of x^x',
        mistakes=[(lambda x: x * x ** (x - 1),
                   'You used the power rule, which holds only for a constant exponent; '
                   'in x^x the exponent varies too.'),
                  (lambda x: x ** x * np.log(x),
                   'You used the rule for a^x, which holds only for a constant base; in '
                   'x^x the base varies too, which adds a term.')],
        at_points=[('x = 1', 1.0), ('x = 2', 4 * (1 + math.log(2)))])
    return 'Your derivative agrees with autograd at random points of (0.2, 3).'


#@save exercises_calculus
@exercise_check(
    '01_calculus', 5, 'Where f\'(x) = 0: a function and a point',
    expects='a pair (f, x0): a function f of x (torch operations, or a SymPy expression or '
            'string in x) and a number x0 where f\'(x0) = 0',
    jax={'expects': 'a pair (f, x0): a function f of x (jax.numpy, or a SymPy expression or '
                    'string in x) and a number x0 where f\'(x0) = 0',
         'hints': ['f\'(x0) = 0 means the tangent at x0 is horizontal: f neither rises nor '
                   'falls there, to first order.',
                   'Think of the bottom of a parabola, or the top of a hill.',
                   'For example the lowest point of a parabola x^2 + ... . Check with jax.grad '
                   'that the derivative is 0 there.']},
    hints=['f\'(x0) = 0 means the tangent at x0 is horizontal: f neither rises nor falls '
           'there, to first order.',
           'Think of the bottom of a parabola, or the top of a hill.',
           'For example the lowest point of a parabola x^2 + ... . Check with autograd '
           'that the derivative is 0 there.'])
def _check_01_5(answer):
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        if callable(answer) or isinstance(answer, str) or _is_sympy(answer):
            raise WrongKind('This is only a function: give the point too, as a pair (f, x0).')
        raise WrongKind(f'This is {_kind(answer)}, not a pair (f, x0).')
    f, x0 = _as_function(answer[0], ('x',), 'the function'), _number(answer[1], 'a number x0')
    h = 1e-5
    with np.errstate(all='ignore'):
        left, mid, right = f(np.array([x0 - h, x0, x0 + h]))
    if not all(map(math.isfinite, (left, mid, right))):
        raise Wrong(f'Your f is not defined (finite) at and around x0 = {x0:g}.')
    slope_left, slope_right = (mid - left) / h, (right - mid) / h
    if abs(slope_left - slope_right) > 1e-2 * max(1, abs(slope_left)):
        raise Wrong(f'Your f has a kink at x0 = {x0:g}: the slopes from the left and from '
                    'the right differ, so f is not differentiable there and f\'(x0) does '
                    'not exist, let alone equal 0.')
    slope = (right - left) / (2 * h)
    if abs(slope) > 1e-5:
        if abs(mid) < 1e-9:
            raise Wrong(f'f(x0) = 0: x0 = {x0:g} is a root of f, a point where its value is '
                        '0, not one where its derivative is 0.')
        raise Wrong(f'At x0 = {x0:g} the slope of your f is about {slope:.3g}, not 0.')
    return (f'f\'({x0:g}) = 0 (central difference): the tangent there is horizontal. Such '
            'a point can be a minimum, a maximum, or neither (x^3 at 0).')


#@save exercises_calculus
@exercise_check(
    '01_calculus', 6, 'The tangent of x^3 - 1/x at x = 1',
    expects='the tangent line, as a function of x (torch operations) or a SymPy '
            'expression or string in x',
    jax={'expects': 'the tangent line, as a function of x (jax.numpy) or a SymPy expression '
                    'or string in x'},
    hints=['The tangent at x = 1 is the line through (1, f(1)) with slope f\'(1).',
           'Its equation is y = f(1) + f\'(1) (x - 1).',
           'The derivative of -1/x = -x^(-1) is +x^(-2).'])
def _check_01_6(answer):
    x = _points(61, -2, 3)
    (value,), ((slope,),) = _value_and_gradients(lambda t: t ** 3 - 1 / t, [1.0])
    value, slope = float(value), float(slope)
    truth = value + slope * (x - 1)
    _check_function(
        answer, ('x',), (x,), truth, 'the tangent line',
        mistakes=[(lambda x: 3 * x ** 2 + 1 / x ** 2,
                   'This is the derivative f\'(x), a curve; the tangent line is the straight '
                   'line through (1, f(1)) with slope f\'(1).'),
                  (lambda x: 2 * x - 2,
                   'The slope is off by a sign error in the derivative of -1/x.'),
                  (lambda x: 3 * x - 3,
                   'The slope is off: it misses the term from -1/x.'),
                  (lambda x: x ** 3 - 1 / x, 'This is f itself, not its tangent line.')],
        at_points=[('x = 1', slope, 'This is the slope f\'(1), a single number; the '
                    'tangent line is a function of x.')])
    return 'This is the tangent line at x = 1; plot it with f to see it touch.'


#@save exercises_calculus
@exercise_check(
    '01_calculus', 7, 'The gradient of 3 x1^2 + 5 e^x2',
    expects='a function of a tensor x of shape (2,) returning the gradient as a tensor of '
            'shape (2,), or a list of two SymPy expressions or strings in x1, x2',
    jax={'expects': 'a function of an array x of shape (2,) returning the gradient as an '
                    'array of shape (2,) (jax.numpy, or jax.grad of f), or a list of two '
                    'SymPy expressions or strings in x1, x2'},
    hints=['The gradient collects the partial derivatives: differentiate in x1 with x2 '
           'held fixed, then in x2 with x1 held fixed.',
           'In the partial derivative with respect to x1, 5 e^x2 is a constant; in the one '
           'with respect to x2, 3 x1^2 is.'])
def _check_01_7(answer):
    points = np.stack([_points(71, -2, 2), _points(72, -2, 2)], axis=1)
    yours = _vector_values(answer, ('x1', 'x2'), points,
                           unpack=isinstance(answer, (list, tuple)))
    exp = _ops().exp
    truth = _derivative(lambda x: 3 * x[:, 0] ** 2 + 5 * exp(x[:, 1]), points)
    sums = truth.sum(axis=1, keepdims=True)
    if yours.shape == truth.shape and _close(yours, np.broadcast_to(sums, truth.shape)):
        raise Wrong('Each component holds the sum of both partial derivatives; the gradient '
                    'has one partial derivative per component.')
    _check_vector(yours, truth, ['x1', 'x2'])
    return 'Your gradient agrees with autograd at random points.'


#@save exercises_calculus
_OPTIONS_01_8 = {
    'A': ('The gradient is 0 there, because 0 is the minimum of the norm; that is what '
          'PyTorch returns.',
          'PyTorch returns 0 at 0 by a convention, choosing one subgradient; that does not '
          'make 0 a derivative. Compare the slopes along a direction v and along -v.'),
    'B': ('There is no gradient: the slope along v is ||v|| and along -v also ||v||, not '
          'its opposite, so no linear map fits. Every vector in the unit ball is a '
          'subgradient.',
          'right: the norm has a cone-shaped corner at 0, like |x| in one dimension.'),
    'C': ('The gradient formula that holds away from 0 gives 0/0 at 0, which is 1 by '
          'continuity.',
          'the gradient has no limit as x tends to 0: its direction depends on where x '
          'comes from.'),
    'D': ('The gradient is infinite at 0.',
          'the slopes near 0 stay bounded; nothing blows up, the direction just jumps.'),
}


#@save exercises_calculus
@exercise_check(
    '01_calculus', 8, 'The gradient of the norm ||x||_2, and what happens at x = 0',
    expects='a pair (gradient, letter): a function of a tensor x of shape (n,) (any n, '
            'x != 0) returning the gradient, a tensor of shape (n,); and the letter of what '
            'happens at x = 0, "A" to "D"',
    question='What happens at x = 0? ' + _question(_OPTIONS_01_8),
    jax={'expects': 'a pair (gradient, letter): a function of an array x of shape (n,) (any '
                    'n, x != 0) returning the gradient, an array of shape (n,); and the letter '
                    'of what happens at x = 0, "A" to "D"'},
    hints=['Write ||x|| = sqrt(x^T x) and use the chain rule.',
           'The gradient of x^T x is 2x, and the derivative of sqrt(u) is 1/(2 sqrt(u)).',
           'At x = 0 the norm has a corner, like |x| in one dimension: compare the slopes '
           'along a direction v and along -v.'])
def _check_01_8(answer):
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        if callable(answer):
            raise WrongKind('This is only the gradient: add the letter for x = 0, as a pair '
                            '(gradient, letter).')
        raise WrongKind(f'This is {_kind(answer)}, not a pair (gradient, letter).')
    answer, letter = answer
    if not callable(answer) or _is_sympy(answer):
        _number(answer, 'a function of the tensor x')  # names a number; else the kind
        raise WrongKind('The first item is not a function of the tensor x.')
    yours, truth, xs, norms = [], [], [], []
    for n, seed in [(2, 81), (3, 82), (5, 83)]:
        points = np.random.default_rng(seed).normal(size=(4, n))
        yours.append(_vector_values(answer, None, points, unpack=False).ravel())
        truth.append(_derivative(lambda x: _ops().sqrt((x ** 2).sum(1)), points).ravel())
        xs.append(points.ravel())
        norms.append(np.repeat(np.linalg.norm(points, axis=1), n))
    yours, truth, xs, norms = map(np.concatenate, (yours, truth, xs, norms))
    if _close(yours, 2 * xs):
        raise Wrong('This is the gradient of ||x||^2, not of ||x||: the chain rule through '
                    'the square root adds a factor.')
    if _close(yours, xs):
        raise Wrong('This is x itself: it misses the factor from the square root.')
    if _close(yours, xs / norms ** 2):
        raise Wrong('Off by a factor ||x||: redo the derivative of the square root.')
    _diagnose(yours, truth, 'the gradient of the norm')
    at_zero = _choice(letter, _OPTIONS_01_8, 'B')
    return f'Your gradient agrees with autograd in 2, 3 and 5 dimensions. At 0, {at_zero}'


#@save exercises_calculus
_CHAIN_NAMES = ('du_dx', 'du_dy', 'du_dz', 'dx_da', 'dx_db', 'dy_da', 'dy_db', 'dz_da', 'dz_db')


#@save exercises_calculus
def _chain_instance(seed):
    """Partial derivatives of random u(x, y, z), x(a, b), y(a, b), z(a, b), and the true du/da."""
    p = [float(v) for v in np.random.default_rng(seed).uniform(0.5, 1.5, 6)]
    a, b, lib = _points(seed, -1, 1), _points(seed + 1, -1, 1), _ops()
    inner = [lambda a, b: p[0] * a * b + a, lambda a, b: lib.sin(p[1] * a) + b ** 2,
             lambda a, b: lib.exp(p[2] * (a - b))]

    def outer(x, y, z):
        return lib.sin(x) * y + p[3] * z ** 2 * x + p[4] * y * z
    at_inner, d_inner = zip(*(_value_and_gradients(h, a, b) for h in inner))
    du = _value_and_gradients(outer, *at_inner)[1]
    du_da = _value_and_gradients(lambda a, b: outer(*(h(a, b) for h in inner)), a, b)[1][0]
    return [*du] + [d for pair in d_inner for d in pair], du_da


#@save exercises_calculus
@exercise_check(
    '01_calculus', 9, 'The chain rule for u = f(x, y, z) with x, y, z functions of a, b',
    expects='a SymPy expression or string for du/da in the names du_dx, du_dy, du_dz, '
            'dx_da, dx_db, dy_da, dy_db, dz_da, dz_db (partial derivatives)',
    hints=['u depends on a through x, through y and through z: three paths.',
           'Each path contributes the product of the partial derivatives along it.',
           'The contributions of the paths add up: du/da is a sum of three products.'])
def _check_01_9(answer):
    f = _as_function(answer, _CHAIN_NAMES, 'du/da')
    for seed in (91, 93):
        values, truth = _chain_instance(seed)
        d = dict(zip(_CHAIN_NAMES, values))
        with np.errstate(all='ignore'):
            yours = f(*values)
        if _close(yours, truth):
            continue
        one_path = [d['du_dx'] * d['dx_da'], d['du_dy'] * d['dy_da'], d['du_dz'] * d['dz_da']]
        if any(_close(yours, p) for p in one_path) or any(
                _close(yours, sum(one_path) - p) for p in one_path):
            raise Wrong('Some paths are missing: u depends on a through each of x, y and z, '
                        'and each path adds a term.')
        if _close(yours, d['du_dx'] * d['dx_db'] + d['du_dy'] * d['dy_db']
                  + d['du_dz'] * d['dz_db']):
            raise Wrong('This is du/db, the derivative with respect to b.')
        if _close(yours, np.prod(one_path, axis=0)):
            raise Wrong('Multiplying the contributions of the paths is not how the chain rule '
                        'combines them.')
        _diagnose(yours, truth, 'du/da')
    return ('Your du/da agrees with autograd on random u, x, y, z; du/db is the same with b '
            'in place of a.')


#@save exercises_calculus
_INVERSE_PAIRS = [  # f', f^-1 in NumPy, test interval for y
    (np.exp, np.log, (0.3, 4.0)),
    (np.cosh, np.arcsinh, (-3.0, 3.0)),
    (lambda x: 1 / np.cos(x) ** 2, np.arctan, (-3.0, 3.0)),
]


#@save exercises_calculus
def _inverse_pairs_in_edition():
    """The f' and f^-1 of _INVERSE_PAIRS in the edition being checked: torch or jax.numpy."""
    if _edition.get() == 'jax':
        jnp = _jax().numpy
        return [(jnp.exp, jnp.log), (jnp.cosh, jnp.arcsinh),
                (lambda x: 1 / jnp.cos(x) ** 2, jnp.arctan)]
    import torch
    return [(torch.exp, torch.log), (torch.cosh, torch.asinh),
            (lambda x: 1 / torch.cos(x) ** 2, torch.atan)]


#@save exercises_calculus
@exercise_check(
    '01_calculus', 10, 'The derivative of the inverse function',
    expects='a SymPy expression or string in y using the functions fprime (for f\') and '
            'finv (for f^-1), e.g. "fprime(y)", or a Python function (fprime, finv) -> '
            'function of y',
    hints=['Differentiate both sides of f(f^-1(y)) = y with respect to y.',
           'By the chain rule the left side gives f\'(f^-1(y)) times (f^-1)\'(y); the right '
           'side gives 1.',
           'Solve for (f^-1)\'(y). Check it with f = exp, whose inverse is log.'])
def _check_01_10(answer):
    in_edition = _inverse_pairs_in_edition()
    for k, (fprime, finv, (low, high)) in enumerate(_INVERSE_PAIRS):
        y = _points(101 + k, low, high)
        truth = _derivative(in_edition[k][1], y)
        if callable(answer) and not _is_sympy(answer):
            g = answer(*in_edition[k])
            if not callable(g):
                raise WrongKind('Your function of (fprime, finv) must return a function of y.')
            f = _numeric(g, ('y',))
        else:
            f = _as_function(answer, ('y',), 'the derivative of the inverse',
                             functions={'fprime': fprime, 'finv': finv})
        with np.errstate(all='ignore'):
            yours = f(y)
        if _close(yours, truth):
            continue
        if _close(yours, 1 / fprime(y)):
            raise Wrong('f\' is evaluated at the wrong point: y is a value of f, not a point '
                        'of f\'s domain.')
        if _close(yours, fprime(finv(y))):
            raise Wrong('This is the factor that multiplies the derivative of the inverse in '
                        'the chain-rule equation; solve the equation for that derivative.')
        _diagnose(yours, truth, 'the derivative of the inverse')
    return 'Your formula agrees with autograd for exp/log, sinh/asinh and tan/atan.'


# %% [markdown]
# ---
#
# [Contents](00_index.ipynb) ·
# the chapter: [2.4 Calculus](01_calculus.ipynb) ·
# how a check works: [Exercise checks](92_utilities_exercises.ipynb) ·
# next: [the exercises of 2.5 Automatic differentiation](95_utilities_exercises_autograd.ipynb)
