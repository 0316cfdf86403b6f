# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Utilities: the exercises of 2.5 Automatic differentiation
#
# The exercises of [2.5 Automatic Differentiation](02_autograd.ipynb), saved to
# `d2lutils.exercises_autograd`.
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
#@save exercises_autograd
import fractions
import math
import numbers
import numpy as np
from d2lutils.exercise_checks import (Wrong, WrongKind, exercise_check, _lower_first,
    _edition)  # the framework
from d2lutils.exercise_answers import (_as_function, _check_function, _check_vector,
    _choice, _close, _derivative, _diagnose, _expression, _is_number, _is_sympy, _kind,
    _number, _numeric, _points, _question, _to_array, _vector_values, _call, _call_learner,
    _in_edition, _jax, _ops, _value_and_gradients)  # reading an answer


# %%
#@save exercises_autograd
_OPTIONS_02_1 = {
    'A': ('To differentiate a gradient, autograd must record the backward pass as a graph '
          'too (create_graph=True), which keeps more intermediate values in memory.',
          'true: without create_graph the gradient is a plain tensor with no history.'),
    'B': ('Each local derivative (cos u for sin u, say) is a new function of the inputs, '
          'and differentiating products of them multiplies the terms (product rule): the '
          'graph of the second derivative is several times larger.',
          'true: the second backward pass runs through a bigger graph.'),
    'C': ('The Hessian of f: R^n -> R has n rows, and one reverse pass through the '
          'gradient gives one row, so all of it costs about n gradients.',
          'true: a gradient is one pass, a full Hessian n of them.'),
    'D': ('Autograd falls back to finite differences for second derivatives, which need '
          'many evaluations.',
          'autograd differentiates the recorded graph exactly, the second time as the '
          'first; no finite differences are involved.'),
    'E': ('Second derivatives must be computed in float64, which is slower.',
          'the precision is a separate choice; second derivatives work in float32 too.'),
}


#@save exercises_autograd
_OPTIONS_02_1_JAX = {  # the same statements, true and false alike, in JAX's terms
    'A': ('To differentiate a gradient, JAX differentiates the computation of the gradient '
          'itself (jax.grad of jax.grad), which traces and keeps more intermediate values.',
          'true: the gradient function is a new, larger computation.'),
    'B': _OPTIONS_02_1['B'][:1] + ('true: the second differentiation runs through a bigger '
                                   'computation.',),
    'C': _OPTIONS_02_1['C'],
    'D': ('JAX falls back to finite differences for second derivatives, which need many '
          'evaluations.',
          'jax.grad differentiates the traced computation exactly, the second time as the '
          'first; no finite differences are involved.'),
    'E': _OPTIONS_02_1['E'],
}


#@save exercises_autograd
@exercise_check(
    '02_autograd', 1, 'Why a second derivative costs more than a first one',
    expects='the letters of all true statements, e.g. "AD"', question=_question(
        _OPTIONS_02_1, multiple=True),
    jax={'question': _question(_OPTIONS_02_1_JAX, multiple=True),
         'hints': ['Think of what jax.grad(jax.grad(f)) differentiates: the computation of '
                   'the first gradient, which is itself a function.',
                   'Compare the size of the computation of f with that of f\' (try '
                   'jax.make_jaxpr on both for sin(sin x)), and count how many passes a full '
                   'Hessian takes.']},
    hints=['Think of what autograd needs in order to differentiate a gradient: the gradient '
           'must itself be the output of a recorded computation.',
           'Compare the size of the graph of f with the graph of f\' (try it on sin(sin x) '
           'with create_graph=True), and count how many passes a full Hessian takes.'])
def _check_02_1(answer):
    options = _in_edition(torch=_OPTIONS_02_1, jax=_OPTIONS_02_1_JAX)
    return _choice(answer, options, 'ABC', multiple=True)


#@save exercises_autograd
_OPTIONS_02_2 = {
    'A': ('The second call raises a RuntimeError: the first call freed the values saved '
          'for the backward pass. With retain_graph=True in the first call, the second '
          'works and x.grad holds twice the gradient.',
          'right: saved tensors are freed to save memory, and gradients accumulate.'),
    'B': ('The second call computes the gradient again and overwrites x.grad with the same '
          'values.',
          'gradients are never overwritten in x.grad. Run the two calls and read what '
          'happens.'),
    'C': ('Nothing special: x.grad simply doubles.',
          'that happens only in one setting, not with the calls as written. Run them and '
          'read what happens.'),
    'D': ('The second call sets x.grad to zero, since the graph was already used.',
          'nothing resets x.grad except you (x.grad.zero_()).'),
}


#@save exercises_autograd
@exercise_check(
    '02_autograd', 2, 'Calling backward twice',
    expects='one letter, "A" to "D"', question=(
        'You run y = 2 * torch.dot(x, x); y.backward(); y.backward(). What happens?\n'
        + _question(_OPTIONS_02_2)),
    hints=['Try it: run the two calls in a cell and read the message.',
           'To compute its backward pass, dot saved its inputs during the forward pass. '
           'What does PyTorch do with them once they have been used?'])
def _check_02_2(answer):
    if _edition.get() == 'jax':  # a JAX kernel need not load PyTorch to check this
        return _choice(answer, _OPTIONS_02_2, _SECOND_BACKWARD)
    import torch
    x = torch.arange(4.0, requires_grad=True)
    y = 2 * torch.dot(x, x)
    y.backward()
    try:
        y.backward()
        fails = False
    except RuntimeError:
        fails = True
    correct = 'A' if fails else 'C'  # what this version of PyTorch does, found by running it
    return _choice(answer, _OPTIONS_02_2, correct)


#@save exercises_autograd
_SECOND_BACKWARD = 'A'  # what PyTorch does, as the PyTorch edition finds by running it


#@save exercises_autograd
def _control_flow(a):
    """The function of 2.5.4, for a tensor or JAX array a of any shape."""
    b = a * 2
    while _ops().linalg.norm(b) < 1000:
        b = b * 2
    return b if b.sum() > 0 else 100 * b


#@save exercises_autograd
@exercise_check(
    '02_autograd', 3, 'Control flow with a vector or matrix a',
    expects='a function of (a, d), d = f(a), returning what a.grad holds after your '
            'corrected backward call, with every entry of d weighted by 1: a tensor of the '
            'shape of a, computed without autograd',
    jax={'expects': 'a function of (a, d), d = f(a), returning the gradient of the sum of d '
                    'with respect to a (an array of the shape of a), computed without autodiff',
         'hints': ['For a vector a, the loop and the branch depend on a only through the norm '
                   'and the sum of b: the same for every entry.',
                   'So f(a) = k a for one number k, and each entry of jax.grad(lambda a: '
                   'f(a).sum())(a) is the same number k.',
                   'How do you get k from a and d = f(a)?']},
    hints=['For a vector a, the loop and the branch depend on a only through b.norm() and '
           'b.sum(): the same for every entry.',
           'So f(a) = k a for one number k, and each entry of a.grad after d.sum().backward() '
           'is the same number k.',
           'How do you get k from a and d = f(a)?'])
def _check_02_3(answer):
    if not callable(answer) or _is_sympy(answer):
        raise WrongKind(f'This is {_kind(answer)}, where a function of (a, d) was expected.')
    rng = np.random.default_rng(23)
    for shape, sign in [((5,), 1), ((5,), -1), ((3, 4), 1), ((3, 4), -1)]:
        a = sign * rng.uniform(0.1, 1.1, shape)
        d, (truth,) = _value_and_gradients(_control_flow, a)
        yours = _call_learner(answer, a, d)
        grad = _in_edition(torch='a.grad', jax='the gradient')
        got_shape = tuple(yours.shape) if hasattr(yours, 'shape') else np.shape(yours)
        if _is_number(yours) or got_shape != tuple(shape):
            got = 'one number' if _is_number(yours) else f'shape {got_shape}'
            raise Wrong(f'For a of shape {tuple(shape)} your function returns {got}: {grad} '
                        'has the shape of a, one partial derivative per entry.')
        yours = _to_array(yours, tuple(shape))
        if _close(yours, d):
            raise Wrong('This is d = f(a), the value, not its gradient.')
        if _close(yours, np.ones(shape)):
            raise Wrong('All ones is the gradient of the sum of a; f(a) is not a itself.')
        _diagnose(yours, truth, grad)
    return (f'Your formula gives {_in_edition(torch="a.grad", jax="the gradient")} for '
            'vectors and matrices, with positive and negative sums: f(a) = k a, and every '
            'entry of the gradient is k = d/a.')


#@save exercises_autograd
@exercise_check(
    '02_autograd', 4, 'sin and its derivative by autograd',
    expects='a function of a tensor x returning the derivative of sin at each entry of x, '
            'computed by autograd (backward or torch.autograd.grad), not with cos',
    jax={'expects': 'a function of an array x returning the derivative of sin at each entry '
                    'of x, computed by jax.grad (with jax.vmap, or of a sum), not with cos',
         'hints': ['jax.grad(jnp.sin) is the derivative of sin at one number.',
                   'jax.vmap maps a function of one number over an array; or differentiate '
                   'the sum of sin(x), whose gradient holds the derivative at every entry.',
                   'def derivative(x):\n    return jax.grad(lambda x: ...)(x)']},
    hints=['Make a copy of x that requires grad, compute sin of it, and call backward.',
           'backward needs a scalar: take the sum of sin(x). Each entry of x only affects '
           'its own term, so x.grad is the derivative at every entry.',
           'def derivative(x):\n    x = x.clone().requires_grad_(True)\n    ...\n    '
           'return x.grad'])
def _check_02_4(answer):
    if not callable(answer) or _is_sympy(answer):
        _as_function(answer, ('x',), 'the derivative of sin',
                     at_points=[('x = 0', 1.0)])
        raise WrongKind('This is an expression; the exercise asks for a Python function '
                        'that lets automatic differentiation compute the derivative.')
    x = _points(44, -6, 6)
    if _edition.get() == 'jax':
        yours = _call(answer, (x,))
        used = _jax_primitives(answer, x)
    else:
        import torch
        used = set()

        class Watch(torch.overrides.TorchFunctionMode):  # sees every torch function it calls
            def __torch_function__(self, func, types, args=(), kwargs=None):
                used.add(getattr(func, '__name__', ''))
                return func(*args, **(kwargs or {}))
        with Watch():
            yours = _call(answer, (x,))
    truth = _derivative(_ops().sin, x)
    _check_function(lambda t: yours, ('x',), (x,), truth, 'the derivative of sin',
                    mistakes=[(np.sin, 'This is sin itself: take the gradient of sin(x).')])
    _check_differentiates(used)
    return (_in_edition(torch='Autograd\'s', jax='jax.grad\'s') + ' derivative of sin is '
            'cos, at every test point. Now plot both.')


#@save exercises_autograd
def _jax_primitives(function, x):
    """The names of the JAX primitives a function computes with, from its jaxpr at the
    points x (or at one point, for a function of one number); None if JAX cannot trace it."""
    jax = _jax()

    def walk(jaxpr, found):
        for equation in jaxpr.eqns:
            found.add(equation.primitive.name)
            for param in equation.params.values():
                for inner in param if isinstance(param, (list, tuple)) else [param]:
                    inner = getattr(inner, 'jaxpr', inner)  # a closed jaxpr holds a jaxpr
                    if hasattr(inner, 'eqns'):
                        walk(inner, found)
        return found
    with jax.enable_x64(True):
        for at in (x, x[0]):
            try:
                return walk(jax.make_jaxpr(function)(jax.numpy.asarray(at)).jaxpr, set())
            except Exception:
                continue
    return None


#@save exercises_autograd
def _check_differentiates(used):
    """Raise Wrong unless what a right answer to 2.5 #4 computed with came from autodiff.

    used: the torch functions it called (PyTorch edition) or the JAX primitives of its jaxpr
    (JAX edition; None where JAX could not trace it). A derivative by autodiff runs backward
    or grad (torch), or holds sin with its derivative's cos (a jaxpr); a formula calls cos
    alone, a difference quotient only sin."""
    asked = _in_edition(torch='the derivative from autograd (backward, torch.autograd.grad or '
                              'torch.func.grad)',
                        jax='the derivative from jax.grad')
    if used is None:
        raise Wrong('The values are right, but your function computes outside JAX (with NumPy '
                    f'or math), so JAX cannot differentiate it: the exercise asks for {asked}, '
                    'not a formula.')
    by_autodiff = ('sin' in used and 'cos' in used if _edition.get() == 'jax'
                   else bool(used & {'backward', 'grad', 'vjp', 'jacrev', 'jacobian'}))
    if 'cos' in used and not by_autodiff:
        raise Wrong(f'The values are right, but your function calls cos: the exercise asks for '
                    f'{asked}, without using the formula.')
    if not by_autodiff:
        raise Wrong('The values are right, but nothing in your function differentiates (a '
                    'formula from another library, or a difference quotient, say): the '
                    f'exercise asks for {asked}.')


#@save exercises_autograd
def _f_02(x):
    """f(x) = log(x^2) sin x + 1/x of exercises 5 to 7 of 2.5, in NumPy or in the edition's
    library."""
    lib = np if isinstance(x, (np.ndarray, np.generic, float)) else _ops()
    return lib.log(x ** 2) * lib.sin(x) + 1 / x


#@save exercises_autograd
@exercise_check(
    '02_autograd', 5, 'The dependency graph of f(x) = log(x^2) sin x + 1/x',
    expects='a dict from step names to SymPy strings, one operation each, on x and the '
            'names of earlier steps, in order, the last step named "f", e.g. '
            '{"u1": "x**2", ..., "f": "..."}',
    hints=['List the elementary operations in the order a computer would run them, naming '
           'each intermediate value: u1 = x**2, then ...',
           'There are six steps: a square, a log, a sine, a product, a reciprocal and a sum. '
           'The graph has an edge from each name a step uses to the step.',
           'x is used by three steps. Which ones?'])
def _check_02_5(answer):
    import sympy as sp
    if not isinstance(answer, dict) or not answer:
        raise WrongKind(f'This is {_kind(answer)}, not a dict of steps.')
    if list(answer)[-1] != 'f':
        raise WrongKind('The last step of the dict must be named "f", the output.')
    known, defined, uses_of_x = ['x'], {}, 0
    for name, step in answer.items():
        if not isinstance(name, str) or not name.isidentifier() or name in known:
            raise WrongKind(f'Step names must be new Python names; {name!r} is not.')
        expr = _expression(step if isinstance(step, str) else step, tuple(known))
        operations = sp.count_ops(expr)
        if operations > 1:
            raise Wrong(f'Step {name} = {step} does {operations} operations; the graph needs '
                        'one node per elementary operation: split it.')
        uses_of_x += sp.Symbol('x') in expr.free_symbols
        defined[name] = expr.subs(defined)
        known.append(name)
    x = _points(55, 0.3, 3, both_signs=True)
    with np.errstate(all='ignore'):
        yours = _numeric(defined['f'], ('x',))(x)
    truth = _f_02(x)
    if _close(yours[x > 0], truth[x > 0]) and not _close(yours, truth):
        raise Wrong('Your steps compute f for x > 0 only: log(x^2) is defined for every '
                    'x != 0, but 2 log x is not.')
    if _close(yours, truth - 1 / x):
        raise Wrong('Your steps miss the term 1/x.')
    if _close(yours, np.log(x ** 2) + np.sin(x) + 1 / x):
        raise Wrong('log(x^2) and sin x are multiplied in f, not added.')
    if not _close(yours, truth):
        raise Wrong('Your steps, run in order, do not compute f.')
    return (f'Your {len(answer)} steps compute f, one operation each; x feeds {uses_of_x} of '
            'them, so in reverse mode its adjoint collects that many contributions.')


#@save exercises_autograd
@exercise_check(
    '02_autograd', 6, 'The derivative of log(x^2) sin x + 1/x by the chain rule',
    expects='a function of x (torch operations) or a SymPy expression or string in x',
    jax={'expects': 'a function of x (jax.numpy) or a SymPy expression or string in x'},
    hints=['Use the product rule on log(x^2) sin x and the chain rule on log(x^2).',
           'The derivative of log(u) with u = x^2 is (1/u) du/dx, and du/dx = 2x.',
           'Three terms: one from differentiating log(x^2), one from sin x, one from 1/x.'])
def _check_02_6(answer):
    x = _points(66, 0.3, 3, both_signs=True)
    truth = _derivative(_f_02, x)
    _check_function(
        answer, ('x',), (x,), truth, 'f\'(x)',
        mistakes=[(lambda x: np.sin(x) / x ** 2 + np.log(x ** 2) * np.cos(x) - 1 / x ** 2,
                   'A chain-rule factor is missing in the derivative of log(x^2).'),
                  (lambda x: 2 / x * np.cos(x) - 1 / x ** 2,
                   'The product rule: the derivative of a product is not the product of the '
                   'derivatives; differentiate one factor at a time and add.'),
                  (lambda x: 2 / x * np.sin(x) + np.log(x ** 2) * np.cos(x) + 1 / x ** 2,
                   'Sign error in one term: the derivative of 1/x.'),
                  (lambda x: np.log(x ** 2) * np.cos(x) - 1 / x ** 2,
                   'A term is missing: the product rule also differentiates log(x^2).')],
        at_points=[('x = 2', float(_derivative(_f_02, np.array([2.0]))[0]))])
    return 'Your f\'(x) agrees with autograd at random points of both signs.'


#@save exercises_autograd
@exercise_check(
    '02_autograd', 7, 'Forward and backward differentiation at x = 2',
    expects='a pair of numbers: df/dx at x = 2, and the adjoint df/du1 at x = 2 of the step '
            'u1 = x^2 (the partial derivative of f with respect to u1), e.g. (0.123, 0.456)',
    hints=['Forward: carry du/dx next to each value u, starting with dx/dx = 1. Backward: '
           'store all values, then carry df/du from f (df/df = 1) back to x.',
           'u1 = x^2 feeds only u2 = log u1, so df/du1 = df/du2 times du2/du1.',
           'df/du2 = u3 = sin x, because f = u2 u3 + u5; and du2/du1 = 1/u1.'])
def _check_02_7(answer):
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        if _is_number(answer):
            raise WrongKind('This is one number; give two, (df/dx, df/du1).')
        raise WrongKind(f'This is {_kind(answer)}, not a pair of numbers.')
    slope, adjoint = (_number(a, 'a number') for a in answer)
    lib = _ops()
    true_slope = float(_derivative(_f_02, [2.0])[0])
    # The adjoint of u1: the partial derivative of f written with u1 as an input, at 2^2.
    true_adjoint = float(_value_and_gradients(lambda x, u1: lib.log(u1) * lib.sin(x) + 1 / x,
                                              [2.0], [4.0])[1][1][0])
    close = lambda a, b: math.isclose(a, b, rel_tol=1e-3, abs_tol=1e-4)  # noqa: E731
    if close(slope, true_adjoint) and close(adjoint, true_slope):
        raise Wrong('The two numbers are in the wrong order: df/dx first, then df/du1.')
    if not close(slope, true_slope):
        if close(slope, -true_slope):
            raise Wrong('df/dx has a sign error.')
        raise Wrong(f'df/dx at x = 2 is not {slope:.4g}: redo the forward sweep step by step.')
    if close(adjoint, 1 / 4):
        raise Wrong('df/du1 misses a chain-rule factor: this is only the local derivative '
                    'of the step that uses u1.')
    if close(adjoint, true_slope):
        raise Wrong('df/du1 is not df/dx: u1 = x^2 is an intermediate value.')
    if close(adjoint, true_adjoint * 4):
        raise Wrong('df/du1 has one factor too many: du1/dx belongs to the next step back, '
                    'from u1 to x.')
    if not close(adjoint, true_adjoint):
        raise Wrong(f'df/du1 at x = 2 is not {adjoint:.4g}.')
    return 'Both numbers agree with autograd (df/du1 read from u1.grad with retain_grad).'


#@save exercises_autograd
_OPTIONS_02_8 = {
    'A': ('For f: R^n -> R^m, forward mode needs one pass per input (n in all) for the '
          'Jacobian, backward mode one per output (m): forward pays off when n is much '
          'smaller than m.',
          'true: a pass gives one column (forward) or one row (backward) of the Jacobian.'),
    'B': ('Backward mode must keep the intermediate values of the whole forward pass until '
          'the backward sweep reaches them; forward mode can drop each value once the '
          'steps that use it are done.',
          'true: that is why training needs more memory than inference.'),
    'C': ('Forward mode must store every intermediate Jacobian until the end of the pass.',
          'forward mode multiplies each step\'s Jacobian in as soon as it is computed, and '
          'then needs it no more.'),
    'D': ('Backward mode is always cheaper; that is why deep learning uses it.',
          'only when there are fewer outputs than inputs. Deep learning has one output, '
          'the loss, and millions of inputs.'),
    'E': ('The forward passes for different input directions are independent and can run '
          'in parallel; a backward sweep can only start after the forward sweep has '
          'finished.',
          'true: forward mode is one sweep per direction; backward mode two in sequence.'),
}


#@save exercises_autograd
@exercise_check(
    '02_autograd', 8, 'When forward and when backward differentiation pays off',
    expects='the letters of all true statements, e.g. "AD"', question=_question(
        _OPTIONS_02_8, multiple=True),
    hints=['Write the Jacobian of a chain of steps as a product of the steps\' Jacobians, '
           'and compare multiplying it from the right with multiplying it from the left.',
           'Count what each order must keep in memory, and what it can do side by side.'])
def _check_02_8(answer):
    return _choice(answer, _OPTIONS_02_8, 'ABE', multiple=True)


# %% [markdown]
# The exercises of the companion subsection "Gradients in a training loop": what keeps
# autograd from recording, forgetting `zero_grad`, and scaling the loss when gradients
# are accumulated over micro-batches. Each check finds the truth by running the edition
# being checked: PyTorch, or in the JAX edition JAX, so that a JAX chapter's kernel never
# loads PyTorch (exercise 2 asks what PyTorch does; the JAX edition checks it against
# what the PyTorch edition finds by running it).

# %%
#@save exercises_autograd
_OPTIONS_02_9 = {
    'A': ('Inside `with torch.no_grad():`, a result computed from w has requires_grad == '
          'False, and after the block w.requires_grad is still True.',
          'true: no_grad only pauses recording for the block; w is not changed.'),
    'B': ('w.detach() returns a new tensor that shares w\'s memory and belongs to no graph; '
          'w itself still requires grad.',
          'true: detach makes a new tensor; the original keeps its flag.'),
    'C': ('w.requires_grad_(False) changes w itself: from then on, operations on w are not '
          'recorded, until w.requires_grad_(True).',
          'true: requires_grad_ with a trailing underscore acts in place on w.'),
    'D': ('Since w is a leaf, w -= 0.1 * w.grad works the same outside torch.no_grad() as '
          'inside it.',
          'outside no_grad, an in-place change of a leaf that requires grad raises a '
          'RuntimeError: recording it would make w the result of an operation, no longer a '
          'leaf, and overwrite values saved for the backward pass.'),
    'E': ('w.detach() copies the values into new memory, so changing the detached tensor in '
          'place leaves w unchanged.',
          'the detached tensor shares w\'s storage: an in-place change shows in w too.'),
    'F': ('After y = 2 * w; z = (y ** 2).sum(); z.backward(), y.grad holds dz/dy.',
          'y is not a leaf: its .grad stays None unless y.retain_grad() is called before '
          'backward.'),
}


#@save exercises_autograd
@exercise_check(
    '02_autograd', 9, 'no_grad, detach and requires_grad_(False)',
    expects='the letters of all true statements, e.g. "AD"',
    question=_question(_OPTIONS_02_9, multiple=True),
    hints=['Try each one: make w = torch.ones(2, requires_grad=True) and look at '
           'requires_grad of w and of what you compute.',
           'For sharing memory, compare data_ptr() of w and w.detach().',
           'A leaf is a tensor you created; a result of an operation is not.'])
def _check_02_9(answer):
    return _choice(answer, _OPTIONS_02_9, 'ABC', multiple=True)


#@save exercises_autograd
def _sgd_loop(steps=3, zero_grad=False, sign=1.0):
    """(w, w.grad) after `steps` steps of the loop of exercise 10, run by PyTorch (in the JAX
    edition, by JAX: `_sgd_loop_in_jax`).

    zero_grad: empty .grad before each backward; sign: -1 moves w up the gradient."""
    if _edition.get() == 'jax':
        return _sgd_loop_in_jax(steps, zero_grad, sign)
    import torch
    w = torch.tensor(1.0, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=0.1, maximize=sign < 0)
    for _ in range(steps):
        if zero_grad:
            optimizer.zero_grad()
        loss = (w - 3) ** 2
        loss.backward()
        optimizer.step()
    return w.item(), w.grad.item()


#@save exercises_autograd
def _sgd_loop_in_jax(steps=3, zero_grad=False, sign=1.0):
    """_sgd_loop as the JAX edition asks for it: a running sum of the gradients from jax.grad
    (PyTorch's w.grad), and a step with the sum; float32, as PyTorch's loop."""
    jax = _jax()
    w, total = jax.numpy.float32(1.0), jax.numpy.float32(0.0)
    gradient = jax.grad(lambda w: (w - 3) ** 2)
    for _ in range(steps):
        total = gradient(w) + (0 if zero_grad else total)
        w = w - sign * 0.1 * total
    return float(w), float(total)


#@save exercises_autograd
@exercise_check(
    '02_autograd', 10, 'Forgetting zero_grad',
    expects='a number: w after the three steps',
    hints=['backward adds the new gradient to w.grad; nothing here empties it.',
           'Write three rows: w, the new gradient 2(w - 3), w.grad after backward, w after '
           'step.'])
def _check_02_10(answer):
    w = _number(answer, 'a number, the value of w')
    truth, grad = _sgd_loop()
    close = lambda a, b: math.isclose(a, b, rel_tol=1e-3, abs_tol=1e-4)  # noqa: E731
    if close(w, truth):
        return ('w after three steps agrees with PyTorch: the gradients added up in w.grad, '
                'so each step was longer than the last, and w went past the minimum.')
    if close(w, _sgd_loop(zero_grad=True)[0]):
        raise Wrong('This is what the loop gives when .grad is emptied at each step; here '
                    'each backward adds to what is already in w.grad.')
    if close(w, grad):
        raise Wrong('That is w.grad after the third backward, not w.')
    if close(w, 3.0):
        raise Wrong('That is the minimum of the loss; the question is where three steps of '
                    'this loop leave w.')
    for steps, said in [(1, 'one step'), (2, 'two steps')]:
        if close(w, _sgd_loop(steps)[0]):
            raise Wrong(f'That is w after {said}; the loop runs three.')
    if w < 1 or close(w, _sgd_loop(sign=-1.0)[0]):
        raise Wrong('w moved away from the minimum at w = 3: SGD subtracts lr times the '
                    'gradient.')
    if math.isclose(w, truth, rel_tol=1e-2):
        raise Wrong('Close, but not within 0.1%: give w to at least three decimals.')
    raise Wrong('Not w after three steps: redo the three steps, writing w.grad after each '
                'backward.')


#@save exercises_autograd
_SPLITS = [(10, (4, 4, 2)), (10, (2, 2, 2, 2, 2)), (8, (2, 2, 2, 2)), (12, (5, 5, 2)),
           (7, (7,)), (32, (1,) * 32)]  # a batch size and the sizes of its micro-batches


#@save exercises_autograd
def _accumulated_grad(sizes, factors, seed=0):
    """(accumulated .grad, full batch's .grad) of a seeded linear model's mean squared error.

    The batch is cut into micro-batches of the given sizes; the gradient of each one's mean
    loss, times its factor, is added up, as .grad accumulates in exercise 11. The gradient
    of the mean of (X w - y)^2 over m examples is 2/m X^T (X w - y), exactly, in NumPy."""
    rng = np.random.default_rng(seed)
    n = sum(sizes)
    X, y, w = rng.normal(size=(n, 3)), rng.normal(size=n), rng.normal(size=3)

    def gradient(X, y):
        return 2 / len(X) * X.T @ (X @ w - y)
    ends = np.cumsum(sizes)[:-1]
    parts = zip(np.split(X, ends), np.split(y, ends), factors)
    return sum(factor * gradient(X_part, y_part) for X_part, y_part, factor in parts), \
        gradient(X, y)


#@save exercises_autograd
_EQUAL_SPLIT = ('Right only when every micro-batch has the same size: with a smaller last one, '
                'its examples would count more than the others\'. Which factor holds for any '
                'sizes?')


#@save exercises_autograd
@exercise_check(
    '02_autograd', 11, 'Scaling the loss for gradient accumulation',
    expects='a function of (batch_size, micro_batch_size) returning the factor for a '
            'micro-batch of that size',
    hints=['Write the batch\'s mean loss (1/N) times the sum over all N examples as a sum '
           'over the micro-batches.',
           'A micro-batch\'s sum of losses is its size times its mean.'])
def _check_02_11(answer):
    f = _as_function(answer, ('batch_size', 'micro_batch_size'), 'the factor', at_points=[])
    pairs = sorted({(n, m) for n, sizes in _SPLITS for m in sizes})
    batch = np.array([n for n, _ in pairs], dtype=float)
    micro = np.array([m for _, m in pairs], dtype=float)
    with np.errstate(all='ignore'):
        yours = f(batch, micro)
    if not np.all(np.isfinite(yours)):
        raise Wrong('Your factor is not a finite number for every batch and micro-batch size.')
    factor = dict(zip(pairs, map(float, yours)))
    right = True
    for n, sizes in _SPLITS:
        accumulated, full = _accumulated_grad(sizes, [factor[n, m] for m in sizes])
        # float32's precision: a factor computed in float32 is right too
        right = right and np.allclose(accumulated, full, rtol=1e-6, atol=1e-9)
    if right:
        return (f'With your factors {_in_edition(torch="the accumulated .grad", jax="the sum")} '
                'equals the full batch\'s gradient, checked on splits with equal micro-batches '
                'and with a smaller last one: each micro-batch counts by its share of the '
                'examples.')
    mistakes = [
        (np.ones_like(batch), 'With no scaling, .grad adds up the micro-batches\' mean '
                              'gradients: too large.'),
        (1 / np.ceil(batch / micro), _EQUAL_SPLIT), (1 / np.floor(batch / micro), _EQUAL_SPLIT),
        (1 / batch, 'Each micro-batch\'s loss is already a mean over its own examples; this '
                    'divides by a count a second time.'),
        (1 / micro, 'The micro-batch loss is already a mean over its examples; dividing by '
                    'its size again is not the scaling that gives the batch\'s mean.'),
        (batch / micro, 'This makes the accumulated gradient larger than the batch\'s, not '
                        'equal to it.')]
    for candidate, message in mistakes:
        if _close(yours, candidate, rtol=1e-6):
            raise Wrong(message)
    total = _in_edition(torch='the accumulated .grad', jax='the sum of the scaled gradients')
    raise Wrong(f'With this factor {total} is not the full batch\'s gradient. Try a batch of 3 '
                'cut into micro-batches of 2 and 1, by hand.')


# %% [markdown]
# Two exercises on 2.5.B and 2.5.C, the companion's sections beyond the textbook: what a
# logging line keeps alive, and per-example gradients.

# %%
#@save exercises_autograd
_OPTIONS_02_12 = {
    'A': ('total += loss keeps every step\'s graph in memory.',
          'true: total is the result of a recorded addition, so it holds this step\'s graph, '
          'and the step before it holds the one before.'),
    'B': ('total += loss.item() keeps every step\'s graph in memory.',
          'item() gives a Python float: no graph comes with it.'),
    'C': ('total += loss.detach() keeps every step\'s graph in memory.',
          'detach() gives a tensor with no history: the step\'s graph can be freed.'),
    'D': ('losses.append(loss) keeps every step\'s graph in memory.',
          'true: each loss in the list still refers to its graph, so every step\'s graph '
          'stays in memory.'),
    'E': ('losses.append(float(loss)) keeps every step\'s graph in memory.',
          'float() of a one-element tensor is a Python number.'),
}


#@save exercises_autograd
_OPTIONS_02_12_JAX = {
    'A': ('total += loss, with loss from jax.value_and_grad', 'a JAX array is a value: '
          'nothing of the computation that made it is kept.'),
    'B': ('total += float(loss)', 'a Python number: nothing is kept.'),
    'C': ('losses.append(loss)', 'a list of values, one number each: nothing of their '
                                 'computations is kept.'),
    'D': ('None of them: in JAX a loss is a value, and the computation of its gradient is '
          'traced again at each call to jax.grad.',
          'true: JAX keeps no graph between calls, so logging cannot keep one alive.'),
}


#@save exercises_autograd
@exercise_check(
    '02_autograd', 12, 'What a logging line keeps alive',
    expects='the letters of all the lines that keep the graphs, as one string of letters',
    question=_question(_OPTIONS_02_12, multiple=True),
    jax={'question': _question(_OPTIONS_02_12_JAX, multiple=False),
         'expects': 'one letter, "A" to "D"',
         'hints': ['What does jax.value_and_grad return: a value, or something that records '
                   'how it was computed?',
                   'Compare with PyTorch, where a loss refers to the graph that made it '
                   '(its grad_fn).']},
    hints=['A loss tensor refers to the graph that computed it (loss.grad_fn): whatever keeps '
           'the tensor keeps the graph.',
           'item(), float() and detach() each give something without a history; adding a '
           'loss to a tensor that requires grad records the addition.'])
def _check_02_12(answer):
    if _edition.get() == 'jax':
        return _choice(answer, _OPTIONS_02_12_JAX, 'D')
    return _choice(answer, _OPTIONS_02_12, 'AD', multiple=True)


#@save exercises_autograd
def _per_example_data(seed=12):
    """(X, y, w) of exercise 13: 6 examples with 3 features, float64, seeded."""
    rng = np.random.default_rng(seed)
    return rng.normal(size=(6, 3)), rng.normal(size=6), rng.normal(size=3)


#@save exercises_autograd
@exercise_check(
    '02_autograd', 13, 'Per-example gradient norms',
    expects='a function of (X, y, w) returning, for each example i, the norm of the gradient '
            'with respect to w of its squared error (X[i] @ w - y[i]) ** 2: a tensor of '
            'shape (n,) for X of shape (n, 3)',
    jax={'expects': 'a function of (X, y, w) returning, for each example i, the norm of the '
                    'gradient with respect to w of its squared error (X[i] @ w - y[i]) ** 2: '
                    'an array of shape (n,) for X of shape (n, 3)',
         'hints': ['Write the loss of one example, a function of (w, x, y), and its gradient '
                   'with jax.grad.',
                   'jax.vmap maps that gradient over the examples, with w shared: '
                   'in_axes=(None, 0, 0).',
                   'jnp.linalg.norm(..., axis=1) gives one norm per row.']},
    hints=['Write the loss of one example, a function of (w, x, y), and its gradient with '
           'torch.func.grad.',
           'torch.func.vmap maps that gradient over the examples, with w shared: '
           'in_dims=(None, 0, 0).',
           'torch.linalg.vector_norm(..., dim=1) gives one norm per row.'])
def _check_02_13(answer):
    if not callable(answer) or _is_sympy(answer):
        raise WrongKind(f'This is {_kind(answer)}, where a function of (X, y, w) was expected.')
    X, y, w = _per_example_data()
    # The truth: row i of W is a copy of w used by example i alone, so the gradient with
    # respect to row i is example i's gradient with respect to w.
    W = np.tile(w, (len(X), 1))
    grads = _value_and_gradients(lambda W, X, y: ((X * W).sum(1) - y) ** 2, W, X, y)[1][0]
    yours = _call_learner(answer, X, y, w)
    got = tuple(yours.shape) if hasattr(yours, 'shape') else np.shape(yours)
    if _is_number(yours) or got == ():
        raise Wrong('Your function returns one number; there is one norm per example: for '
                    f'{len(X)} examples, {len(X)} numbers.')
    if got == grads.shape:
        raise Wrong(f'Your function returns shape {got}: the gradients themselves. The '
                    'exercise asks for the norm of each one.')
    if got != (len(X),):
        raise Wrong(f'Your function returns shape {got}; for {len(X)} examples it should '
                    f'return {len(X)} norms, shape ({len(X)},).')
    yours = _to_array(yours, (len(X),))
    truth = np.linalg.norm(grads, axis=1)
    mean = np.linalg.norm(grads.mean(axis=0))
    if _close(yours, np.full(len(X), mean)):
        raise Wrong('Every example gets the same number: the norm of the batch\'s mean '
                    'gradient. Each example needs the gradient of its own loss.')
    if _close(yours, truth ** 2):
        raise Wrong('These are the squared norms; the norm is their square root.')
    if _close(yours, np.abs(grads).sum(axis=1)):
        raise Wrong('This sums the absolute values of the entries (the 1-norm); the norm asked '
                    'for is the Euclidean one, the square root of the sum of squares.')
    _diagnose(yours, truth, 'the per-example gradient norms',
              where=lambda i: f'for example {i} (yours gives {yours[i]:.4g})')
    return ('One gradient per example, and its norm: the numbers a per-example clipping or a '
            'differentially private optimizer works with.')


# %% [markdown]
# ---
#
# [Contents](00_index.ipynb) ·
# the chapter: [2.5 Automatic differentiation](02_autograd.ipynb) ·
# how a check works: [Exercise checks](92_utilities_exercises.ipynb) ·
# next: [the exercises of Autodiff from scratch](96_utilities_exercises_autodiff_scratch.ipynb)
