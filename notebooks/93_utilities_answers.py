# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Utilities: reading and judging an answer
#
# The [exercise checks](92_utilities_exercises.ipynb) compare a learner's answer
# with the truth. This notebook holds the helpers they share for it, saved to
# `d2lutils.exercise_answers`: turning an answer, whatever its form, into numbers;
# comparing those numbers with the truth and naming the mistake; and the questions
# with options. Each chapter's checks use them; nothing here is needed to read the
# chapters.
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
#@save exercise_answers
import math
import numbers
import re
import sys
import textwrap
import numpy as np
from d2lutils.exercise_checks import Wrong, WrongKind, _edition, _note  # the framework

# %% [markdown]
# ## Reading an answer
#
# The helpers below turn an answer into numbers. A function is called on the test
# points as a float64 array of its edition: a torch tensor in the PyTorch edition, a
# JAX array (with JAX's 64-bit floats on for the call) in the JAX edition. If it cannot
# take a whole array, it is called at one point at a time: on a float in the PyTorch
# edition (a function of `math.exp`, say), on a 0-d JAX array in the JAX edition (where
# `jax.grad(f)` of a scalar function is such a function; the verdict then mentions
# `jax.vmap`). A number may be a Python, NumPy, torch or JAX scalar or 0-d array of any
# float type. A SymPy expression or a string is turned into a NumPy function with
# `sympy.lambdify`; SymPy is imported only then.
#
# Nothing here imports torch when the module is imported: the JAX edition's checks
# run in a kernel that has never loaded PyTorch (a JAX chapter's kernel is then
# smaller by the size of PyTorch). A value can only be a torch tensor where torch
# was imported, so `_torch_tensor` looks for torch in `sys.modules` instead of
# importing it; the PyTorch edition's helpers import torch inside themselves.

# %%
#@save exercise_answers
def _is_sympy(answer):
    """Whether answer is a SymPy object (SymPy is not imported to find out)."""
    return type(answer).__module__.split('.')[0] == 'sympy'


#@save exercise_answers
def _kind(answer):
    """The kind of an answer in words, such as "a value of type list"."""
    return f'a value of type {type(answer).__name__}'


#@save exercise_answers
def _torch_tensor(value):
    """Whether value is a torch tensor (a tensor exists only where torch was imported)."""
    torch = sys.modules.get('torch')
    return torch is not None and isinstance(value, torch.Tensor)


#@save exercise_answers
def _is_array(value):
    """Whether value is a NumPy array or scalar, a torch tensor or a JAX array."""
    if isinstance(value, (np.ndarray, np.generic)) or _torch_tensor(value):
        return True
    jax = sys.modules.get('jax')  # a JAX array exists only where jax was imported
    return jax is not None and isinstance(value, jax.Array)


#@save exercise_answers
def _is_number(answer):
    """Whether answer is a single real number: int, float, Fraction, or a 0-d array or tensor
    (NumPy, torch or JAX) of an integer or float type."""
    if isinstance(answer, bool):
        return False
    if isinstance(answer, numbers.Real):
        return True
    if _is_array(answer):
        kind = str(answer.dtype)
        return answer.ndim == 0 and 'bool' not in kind and 'complex' not in kind
    return _is_sympy(answer) and getattr(answer, 'is_number', False)


#@save exercise_answers
def _number(answer, what='a number'):
    """A float from a number, a 0-d tensor, a SymPy number or a string like "1/3"."""
    if isinstance(answer, str):
        answer = _expression(answer, ())
    if _is_number(answer):
        try:
            value = float(answer)
        except TypeError:
            value = complex(answer).real  # a SymPy number with a zero imaginary part
        if not math.isfinite(value):
            raise Wrong(f'Your answer is {value}, not a finite number.')
        return value
    if callable(answer):
        raise WrongKind(f'This is a function, where {what} was expected.')
    raise WrongKind(f'This is {_kind(answer)}, where {what} was expected.')


#@save exercise_answers
def _expression(answer, names, functions=()):
    """A SymPy expression from a string or SymPy object, using only the given names."""
    import sympy as sp
    from sympy.parsing.sympy_parser import (convert_xor, implicit_multiplication,
                                            parse_expr, standard_transformations)
    if isinstance(answer, str):
        local = {'e': sp.E, 'ln': sp.log}  # unless the names say otherwise
        local.update({name: sp.Symbol(name) for name in names})
        local.update({name: sp.Function(name) for name in functions})
        try:
            answer = parse_expr(answer, local_dict=local,
                                transformations=standard_transformations + (
                                    convert_xor, implicit_multiplication))
        except Exception as err:
            raise WrongKind(f'SymPy cannot read the string {answer!r} '
                            f'({type(err).__name__}).') from None
    if not isinstance(answer, sp.Expr):
        raise WrongKind(f'This is {_kind(answer)}, not an expression.')
    unknown = sorted(s.name for s in answer.free_symbols if s.name not in names)
    unknown += sorted({f.func.__name__ for f in answer.atoms(sp.core.function.AppliedUndef)
                       if f.func.__name__ not in functions})
    if unknown:
        allowed = ', '.join(list(names) + [f'{f}(...)' for f in functions]) or 'no symbols'
        raise WrongKind(f'Your expression uses {", ".join(unknown)}; it may use {allowed}.')
    return answer


#@save exercise_answers
def _to_array(value, shape):
    """value (a tensor, array, list or number) as a float64 array broadcast to shape."""
    if value is None:
        raise Wrong('Your function returned None: it must return the values it computes.')
    if _torch_tensor(value):
        value = value.detach().cpu().numpy()
    if isinstance(value, (list, tuple)):  # a list of tensors, say, one value per entry
        value = [v.detach().cpu().numpy() if _torch_tensor(v) else v for v in value]
    array = np.asarray(value, dtype=float)
    if array.shape != tuple(shape):
        array = np.broadcast_to(array, shape) if array.size == 1 else array
    return array


#@save exercise_answers
def _numeric(answer, names, functions=None):
    """A function of float64 arrays (one per name) from a callable, an expression or a string."""
    if isinstance(answer, str) or _is_sympy(answer):
        import sympy as sp
        functions = functions or {}
        expr = _expression(answer, names, tuple(functions))
        symbols = [next((s for s in expr.free_symbols if s.name == n), sp.Symbol(n))
                   for n in names]
        compiled = sp.lambdify(symbols, expr, modules=[functions, 'numpy'])
        return lambda *arrays: _to_array(compiled(*arrays), np.shape(arrays[0]))
    if callable(answer):
        return lambda *arrays: _call(answer, arrays)
    raise WrongKind(f'This is {_kind(answer)}, where a function was expected.')


#@save exercise_answers
def _in_edition(torch, jax):
    """What to say in the edition being checked: the PyTorch words or the JAX words."""
    return jax if _edition.get() == 'jax' else torch


#@save exercise_answers
def _jax():
    """The jax module, for the JAX edition's checks (a learner there has imported it)."""
    import jax
    return jax


#@save exercise_answers
def _learner_array(value):
    """value as a float64 array of the edition being checked: a torch tensor or a JAX array."""
    if _edition.get() == 'jax':
        jax = _jax()
        with jax.enable_x64(True):
            return jax.numpy.asarray(np.asarray(value, dtype=float))
    import torch
    return torch.as_tensor(np.asarray(value, dtype=float))


#@save exercise_answers
def _call_learner(function, *arrays):
    """function(*arrays), each array as a float64 array of the edition being checked.

    In the JAX edition the call runs with JAX's 64-bit floats on, and JAX arrays in what it
    returns come back as NumPy arrays."""
    if _edition.get() == 'jax':
        jax = _jax()
        with jax.enable_x64(True):
            out = function(*(_learner_array(a) for a in arrays))
            return jax.tree_util.tree_map(np.array, out)  # NumPy copies, writable
    return function(*(_learner_array(a) for a in arrays))


#@save exercise_answers
def _call(function, arrays):
    """A learner's function at the points, as float64 arrays of the edition, or else one point at a time."""
    shape = np.shape(arrays[0])
    try:
        out = _call_learner(function, *arrays)
        result = _to_array(out, shape)
        if result.shape == shape:
            return result
    except Wrong:
        raise
    except Exception:  # a function of one number, such as math.exp, or jax.grad(f)
        pass
    if _edition.get() == 'jax':
        values = [_call_learner(function, *point) for point in zip(*arrays)]
        _note('(Your function takes one number at a time, so the check called it at each '
              'point; jax.vmap of it takes a whole array at once.)')
    else:
        values = [function(*(float(a) for a in point)) for point in zip(*arrays)]
    return _to_array([_number(v, 'a number as the value of your function') for v in values],
                     shape)


#@save exercise_answers
def _close(a, b, rtol=1e-6, atol=1e-8):
    """Whether two float arrays have one shape, are finite and agree within tolerance."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.all(np.isfinite(a))) and np.allclose(a, b, rtol, atol)


# %% [markdown]
# ## Comparing with the truth, and naming the mistake
#
# An answer that differs from the truth is compared first with the typical
# wrong answers of its exercise, each with its own message, then with the
# generic mistakes: minus the truth (a sign error), a constant multiple, a
# constant shift. Only the learner's own value is ever printed, never the
# true one.

# %%
#@save exercise_answers
def _points(seed, low, high, n=12, both_signs=False):
    """n seeded random points in [low, high], also in [-high, -low] if both_signs."""
    x = np.random.default_rng(seed).uniform(low, high, n)
    if both_signs:
        x[::2] *= -1
    return x


#@save exercise_answers
def _ops():
    """The array library of the edition being checked, for a truth: torch or jax.numpy."""
    if _edition.get() == 'jax':
        return _jax().numpy
    import torch
    return torch


#@save exercise_answers
def _value_and_gradients(f, *xs):
    """(f(*xs), [the gradient of the sum of f's values with respect to each x]), as float64
    NumPy arrays, by the autodiff of the edition being checked: torch autograd, or jax.vjp
    with JAX's 64-bit floats on. f: a function of arrays of that edition (written with
    `_ops()`); xs: float64 arrays (or numbers), one per argument of f."""
    if _edition.get() == 'jax':
        jax = _jax()
        with jax.enable_x64(True):
            value, pullback = jax.vjp(f, *(jax.numpy.asarray(x, dtype=float) for x in xs))
            grads = pullback(jax.numpy.ones_like(value))
            return np.array(value), [np.array(g) for g in grads]
    import torch
    leaves = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in xs]
    value = f(*leaves)
    grads = torch.autograd.grad(value.sum(), leaves, allow_unused=True,
                                materialize_grads=True)
    return value.detach().numpy(), [g.numpy() for g in grads]


#@save exercise_answers
def _derivative(f, x):
    """f'(x) at each point of the array x, by the autodiff of the edition being checked; f
    is a function of one array of that edition, each f(x_i) depending on x_i alone."""
    return _value_and_gradients(f, x)[1][0]


#@save exercise_answers
def _diagnose(yours, truth, what, where=None, rtol=1e-6, atol=1e-8):
    """Raise Wrong naming a generic mistake (sign, factor, shift) when yours differs from truth."""
    yours, truth = np.asarray(yours, dtype=float), np.asarray(truth, dtype=float)
    if _close(yours, truth, rtol, atol):
        return
    if _close(yours, -truth, rtol, atol):
        raise Wrong(f'Sign error: your answer is minus {what}.')
    if np.all(yours == 0) and np.any(np.abs(truth) > 1e-3):
        raise Wrong(f'Your answer is 0 everywhere, where {what} is not: nothing reached the '
                    'input. ' + _in_edition(
                        torch='Was the input detached (detach(), no_grad) before the value was '
                              'computed from it, or the result made with zeros_like?',
                        jax='Was the input cut off by jax.lax.stop_gradient, or the result '
                            'made with zeros_like?'))
    large = np.abs(truth) > 1e-3
    if large.sum() >= 2 and np.all(np.isfinite(yours)):
        ratio = yours[large] / truth[large]
        if np.allclose(ratio, ratio[0], rtol=max(rtol, 1e-6)):
            # The factor itself is not shown: dividing by it would give the answer away.
            raise Wrong(f'Off by a constant factor: your answer is a fixed multiple of {what}. '
                        'Look for a factor missing or added (a chain-rule factor, a 2 '
                        'from a square, a 1/2).')
    shift = yours - truth
    if (shift.size > 1 and np.all(np.isfinite(shift))
            and np.allclose(shift, shift.flat[0], rtol, atol)):
        raise Wrong(f'Off by a constant: your answer differs from {what} by the same '
                    'amount everywhere. Check its constant term.')
    bad = int(np.argmax(~np.isclose(yours, truth, rtol, atol))) if yours.size > 1 else 0
    place = f' {where(bad)}' if where else ''
    raise Wrong(f'Your answer does not agree with {what}{place}.')


#@save exercise_answers
def _as_function(answer, names, what, at_points=(), functions=None):
    """A NumPy function of the given names; WrongKind for a number, naming the point it fits.

    at_points: (label, true value) or (label, true value, message) for numbers that
    are `what` at one point."""
    value = None
    if _is_number(answer):
        value = float(answer)
    elif isinstance(answer, str) or _is_sympy(answer):
        expr = _expression(answer, names, tuple(functions or ()))
        if expr.is_number:
            value = complex(expr).real
    if value is not None:
        for label, truth, *message in at_points:
            if math.isclose(value, truth, rel_tol=2e-3, abs_tol=1e-9):
                raise WrongKind(message[0] if message else
                                f'This is {what} at {label}, a single number. The exercise '
                                f'asks for {what} as a function of {", ".join(names)}, '
                                'which gives its value at every point.')
        raise WrongKind(f'This is a number, where a function of {", ".join(names)} '
                        'was expected.')
    return _numeric(answer, names, functions)


#@save exercise_answers
def _check_function(answer, names, points, truth, what, mistakes=(), at_points=(),
                    functions=None, rtol=1e-6, atol=1e-8):
    """Check a function answer against the true values at the test points.

    points: one array per name; truth: the true values there; mistakes: pairs
    (function of the point arrays, message) of typical wrong answers."""
    f = _as_function(answer, names, what, at_points, functions)
    with np.errstate(all='ignore'):
        yours = f(*points)
    if yours.shape != truth.shape:
        raise Wrong(f'For {truth.size} points your function returned values of shape '
                    f'{yours.shape}: it should return one value per point, like its input.')
    if _close(yours, truth, rtol, atol):
        return
    for candidate, message in mistakes:
        with np.errstate(all='ignore'):
            if _close(yours, candidate(*points), rtol, atol):
                raise Wrong(message)

    def where(i):
        at = ', '.join(f'{n} = {p[i]:.3g}' for n, p in zip(names, points))
        return f'at {at} (yours gives {yours[i]:.4g})'
    _diagnose(yours, truth, what, where, rtol, atol)


#@save exercise_answers
def _vector_values(answer, names, points, unpack):
    """Values, shape (points, k), of a vector-valued answer at each row of points.

    answer: a function (of one tensor, or of one scalar per name if unpack), or a
    list of k expressions or strings in the names."""
    k = len(names) if unpack else points.shape[1]
    if isinstance(answer, (list, tuple)):
        if not answer or not all(isinstance(a, str) or _is_sympy(a) for a in answer):
            raise WrongKind('A list or tuple must hold one SymPy expression or string '
                            'per component.')
        if len(answer) != k:
            raise Wrong(f'Your answer has {len(answer)} components; the gradient has {k}, '
                        'one per input.')
        columns = [_numeric(a, names)(*points.T) for a in answer]
        return np.stack(columns, axis=1)
    if not callable(answer) or _is_sympy(answer):
        if _is_number(answer) or isinstance(answer, str) or _is_sympy(answer):
            raise WrongKind('This is a single number or expression; the gradient has one '
                            'entry per input.')
        raise WrongKind(f'This is {_kind(answer)}, where a function was expected.')
    rows = []
    for point in points:
        out = _call_learner(answer, *(point if unpack else [point]))
        if isinstance(out, (list, tuple)):
            out = [o.detach().numpy() if _torch_tensor(o) else o for o in out]
        row = _to_array(out, np.shape(out) if out is not None else ())
        if row.shape != (k,):
            if row.size == k:
                layout = 'row' if row.shape[0] == 1 else 'column'
                raise Wrong(f'Your gradient has shape {row.shape}: a {layout} matrix. The '
                            f'gradient has the shape of the input, ({k},): return a vector, '
                            'not a matrix.')
            if row.size == 1:
                raise Wrong('Your function returns a single number; the gradient has '
                            f'{k} entries, one partial derivative per input.')
            raise Wrong(f'Your function returns shape {row.shape}; the gradient has shape ({k},).')
        rows.append(row)
    return np.array(rows)


#@save exercise_answers
def _check_vector(yours, truth, labels, mistakes=()):
    """Compare vector values (points, k) with the truth, naming the wrong component."""
    if _close(yours, truth):
        return
    for candidate, message in mistakes:
        if _close(yours, candidate):
            raise Wrong(message)
    if yours.shape[1] == 2 and _close(yours[:, ::-1], truth):
        raise Wrong('The components are in the wrong order: the first entry is the '
                    f'derivative with respect to {labels[0]}.')
    for j, label in enumerate(labels):
        try:
            _diagnose(yours[:, j], truth[:, j], f'the partial derivative with respect to {label}')
        except Wrong as err:
            raise Wrong(f'Component {j + 1}: {err}') from None


# %% [markdown]
# ## Multiple choice
#
# Discussion exercises get a question whose options each carry an
# explanation. Where one option is asked for, a wrong pick is told why it is wrong.
# Where several are true ("choose all that apply"), the check says how many of the
# chosen letters are right and how many true ones are missing, never which: naming the
# wrong letter would let the question be solved by trying letters one at a time. The
# explanations of every option come with the right answer.

# %%
#@save exercise_answers
def _question(options, multiple=False):
    """The text of a multiple-choice question from {letter: (statement, explanation)}."""
    head = 'Choose all that apply (answer with letters, e.g. "AC"):' if multiple \
        else 'Choose one (answer with its letter):'
    return '\n'.join([head] + [textwrap.fill(f'  {letter}. {text}', 88, subsequent_indent='     ')
                                for letter, (text, _) in options.items()])


#@save exercise_answers
def _choice(answer, options, correct, multiple=False):
    """Check letters against options {letter: (statement, explanation)}; correct: the letters."""
    if not isinstance(answer, str):
        raise WrongKind(f'This is {_kind(answer)}, where a letter was expected.')
    letters = set(re.sub(r'[\s,;]', '', answer).upper())
    if not letters or letters - set(options):
        raise WrongKind(f'{answer!r} is not made of the letters {", ".join(options)}.')
    if not multiple and len(letters) > 1:
        raise WrongKind('Choose one letter only.')
    wrong, missing = sorted(letters - set(correct)), set(correct) - letters
    if wrong and multiple:
        right = len(letters) - len(wrong)
        also = (f' And {len(missing)} true statement{"s are" if len(missing) > 1 else " is"} '
                'still missing.' if missing else '')
        raise Wrong(f'Of the {len(letters)} letters you chose, {right} '
                    f'{"is" if right == 1 else "are"} right and {len(wrong)} '
                    f'{"is" if len(wrong) == 1 else "are"} not.{also} Read each statement '
                    'again: which of them always holds?')
    if wrong:
        raise Wrong(' '.join(f'{letter} is not right: {options[letter][1]}' for letter in wrong))
    if missing:
        more = 'one more statement is' if len(missing) == 1 else f'{len(missing)} more are'
        raise Wrong(f'What you chose is right, but {more} true as well: read the others '
                    'again.')
    return ' '.join(f'{letter}: {options[letter][1]}' for letter in sorted(correct))


# %% [markdown]
# ---
#
# [Contents](00_index.ipynb) ·
# back: [Exercise checks](92_utilities_exercises.ipynb) ·
# the exercises of [2.4](94_utilities_exercises_calculus.ipynb),
# [2.5](95_utilities_exercises_autograd.ipynb),
# [Autodiff from scratch](96_utilities_exercises_autodiff_scratch.ipynb) and
# [Calculus for deep learning](97_utilities_exercises_calculus_dl.ipynb)
