# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Utility functions and classes
#
# The chapters show the code they teach at the size a textbook would print it:
# the four plot helpers of 2.4.2 in [Calculus](01_calculus.ipynb)
# fit on a page. A library that other people call needs more than that: it
# must check its input and say clearly what is wrong, accept tensors that
# require gradients, draw the same SVG text on every run so that the tests can
# compare figures, and wire sliders to figures. That plumbing lives here, in
# this appendix, as the textbook keeps its own in the appendix "Utility
# Functions and Classes". You do not need it to follow any chapter.
#
# Every block below is marked `#@save`, so this notebook, like the chapters,
# is a source of the library `d2lutils` (`make lib` writes it). The word after
# `#@save` names the module a block goes to, one concern each:
#
# * `#@save plotting`: `d2lutils/plotting.py`, the textbook's plot helpers
#   (defined in 2.4.2) and, from here, their input checks, SVG settings and
#   the limits of a figure fitted to a function;
# * `#@save optimization` and `#@save taylor`: the checks and internals of
#   chapter 4's gradient descent and Taylor figures;
# * `#@save live_figure`: the engine of the explorers (sliders wired to a
#   figure, frames drawn ahead, the PNG writer and the widget's JavaScript);
# * `#@save explorers`: `d2lutils/explorers.py`, the sliders of the chapters;
# * `#@save __init__`: `d2lutils/__init__.py`, the package itself.
#
# `import d2lutils as d2l` offers what the chapters use (`d2l.plot`,
# `d2l.explore_secant`); the rest is used from its module, as
# `d2l.plotting.check_figsize`. Helpers call each other as `d2l.NAME`, looked
# up when they run, and call the helpers of their own module directly.
#
# Back to the [table of contents](00_index.ipynb).

# %%
# In Colab, Kaggle or Studio Lab, or a notebook on its own, this installs d2lutils.
import importlib.util, os, sys
if importlib.util.find_spec('d2lutils') is None:
    source = os.environ.get('D2LUTILS_PIP_SOURCE', 'git+https://github.com/d2l-companion/d2l-calculus-companion')
    print(f'Installing d2lutils from {source}')
    get_ipython().system(f'"{sys.executable}" -m pip install --quiet {source}')

# %%
import torch

import d2lutils as d2l

# %% [markdown]
# ## The package: what `d2l.` offers, loaded on first use
#
# `import d2lutils as d2l` gives a learner's namespace: what the chapters
# teach and call (the textbook's plot helpers, the figures of chapter 4, the
# explorers, `d2l.exercise`), and `d2l.plt`, Matplotlib's `pyplot`, as in the
# textbook. Each name comes from the module of its concern, listed below. The
# checks and internals the helpers need stay in their modules
# (`d2lutils.plotting.check_figsize`), out of the way of tab completion.
#
# Nothing is imported until a name is first used: Python calls a module's
# `__getattr__` for the names the module does not have (PEP 562), and it
# imports the name's module then. Importing `pyplot` takes about half a
# second, Matplotlib alone a fifth of one, and a script that only uses
# `d2lutils.autodiff` needs neither. `d2l.MODULE` (`d2l.plotting`) imports a
# module of the package the same way. `make lib` lists `_LAZY_NAMES` in the
# package's `__all__` and `__dir__`, so tab completion offers them.

# %%
#@save __init__
_LAZY_NAMES = {  # d2l.NAME: the module it comes from, imported when NAME is first used
    'plt': 'matplotlib.pyplot',
    # The textbook's plot helpers (2.4.2)
    'use_svg_display': 'd2lutils.plotting', 'set_figsize': 'd2lutils.plotting',
    'set_axes': 'd2lutils.plotting', 'plot': 'd2lutils.plotting',
    # Gradient descent and Taylor figures (chapter 4)
    'plot_contour_gradients': 'd2lutils.optimization',
    'gradient_descent_2d': 'd2lutils.optimization',
    'plot_path_2d': 'd2lutils.optimization', 'draw_descent': 'd2lutils.optimization',
    'draw_taylor_polynomial': 'd2lutils.taylor', 'draw_taylor': 'd2lutils.taylor',
    # The figures of the explorers, and the explorers
    'draw_function': 'd2lutils.explorers', 'draw_secant': 'd2lutils.explorers',
    'draw_tangent': 'd2lutils.explorers', 'explore_secant': 'd2lutils.explorers',
    'explore_tangent': 'd2lutils.explorers', 'explore_descent': 'd2lutils.explorers',
    'explore_taylor': 'd2lutils.explorers',
}


# %%
#@save __init__
def __getattr__(name):
    """d2l.NAME for the names in _LAZY_NAMES, and d2l.MODULE, imported when first used."""
    import importlib
    if name in _LAZY_NAMES:
        module = importlib.import_module(_LAZY_NAMES[name])
        value = module if name == 'plt' else getattr(module, name)
    else:
        try:
            value = importlib.import_module(f'{__name__}.{name}')
        except ModuleNotFoundError as err:
            if err.name != f'{__name__}.{name}':  # the module exists; something it needs does not
                raise
            raise AttributeError(f'module {__name__!r} has no attribute {name!r}') from None
    globals()[name] = value
    return value


# %% [markdown]
# ## SVG that is the same on every run
#
# `use_svg_display` (2.4.2) asks Jupyter for SVG figures through
# `set_inline_formats`. Two settings make the SVG text identical each time a
# figure is drawn, which lets `make test` compare figures byte for byte:
# Matplotlib names the elements of an SVG with random ids unless a fixed
# `svg.hashsalt` is set, and it stamps the file with the current date unless
# the `Date` metadata is `None`. Outside IPython (a plain script) there is no
# inline display to set up.

# %%
#@save plotting
import matplotlib
import numpy as np
from matplotlib import scale as mscale

# %%
#@save plotting
def set_inline_formats(*formats):
    """Show figures inline in these formats ('svg', 'png', ...), the same bytes on every run."""
    matplotlib.rcParams['svg.hashsalt'] = 'd2lutils'
    try:
        from IPython import get_ipython
    except ImportError:
        return
    if get_ipython() is None:
        return
    from matplotlib_inline import backend_inline
    # Kept in the backend's settings too, so that a later plain
    # set_matplotlib_formats('svg') also leaves the date out.
    backend_inline.InlineBackend.instance().print_figure_kwargs['metadata'] = {'Date': None}
    backend_inline.set_matplotlib_formats(*formats, metadata={'Date': None})


# %% [markdown]
# ## Checking what the plot helpers are given
#
# The textbook's helpers draw whatever they are given, and fail deep inside
# Matplotlib, or draw nothing, when it is wrong. Ours check first and raise a
# `TypeError` or `ValueError` that names the argument, before anything is
# drawn.

# %%
#@save plotting
def check_figsize(figsize):
    """Return figsize as a (width, height) tuple of positive floats, or raise."""
    try:
        width, height = figsize
        size = (float(width), float(height))
    except (TypeError, ValueError):
        raise TypeError('figsize must be a pair of numbers (width, height) in inches, '
                        f'got {figsize!r}') from None
    if not all(0 < s < float('inf') for s in size):
        raise ValueError(f'figsize must be two positive, finite numbers, got {figsize!r}')
    return size


# %%
#@save plotting
def check_scale(scale, name):
    """Return scale if Matplotlib knows it ('linear', 'log', ...), else raise a ValueError."""
    names = mscale.get_scale_names()
    if scale not in names:
        raise ValueError(f'{name} must be one of {names}, got {scale!r}')
    return scale


# %%
#@save plotting
def check_style(fmts, xscale, yscale):
    """Check plot's scales; return fmts as a tuple of format strings (one string allowed)."""
    check_scale(xscale, 'xscale'), check_scale(yscale, 'yscale')
    fmts = (fmts,) if isinstance(fmts, str) else tuple(fmts)
    if not fmts or not all(isinstance(fmt, str) for fmt in fmts):
        raise TypeError(f'fmts must be a format string or a non-empty sequence of them, '
                        f'got {fmts!r}')
    return fmts


# %% [markdown]
# `plot` accepts Python lists, NumPy arrays, PyTorch tensors, including
# tensors that require gradients or live on a GPU, which are detached and
# copied to the CPU, and JAX arrays, including JAX's own 16-bit `bfloat16`. `as_curves` turns its `X` and `Y` into two lists of
# one-dimensional float arrays of matching lengths, one pair per curve.

# %%
#@save plotting
def as_curve(data, name):
    """Return data as a 1-D float NumPy array, or raise a clear error."""
    if hasattr(data, 'detach'):  # a PyTorch tensor: leave autograd and the GPU behind
        data = data.detach().cpu()
    array = np.asarray(data)
    if array.dtype.kind == 'V' and 'float' in array.dtype.name:  # JAX's bfloat16, float8_*
        array = array.astype(np.float32)
    if array.dtype.kind not in 'biuf':
        raise TypeError(f'{name} must hold numbers, got values of type {array.dtype}')
    if array.ndim != 1:
        raise ValueError(f'{name} must be a 1-D sequence of numbers, got shape {array.shape}')
    if array.size == 0:
        raise ValueError(f'{name} is empty; a curve needs at least one point')
    return array.astype(float)


# %%
#@save plotting
def split_curves(data, name):
    """Split plot's X or Y into a list of 1-D curves.

    A 1-D sequence is one curve; a 2-D array, or a list of 1-D sequences, is
    one curve per row or item."""
    if hasattr(data, 'detach'):
        data = data.detach().cpu()
    if isinstance(data, (list, tuple)):
        if len(data) == 0:
            raise ValueError(f'{name} is empty; give at least one curve')
        if all(np.ndim(item) == 0 for item in data):  # a list of numbers
            return [as_curve(data, name)]
        return [as_curve(item, f'{name}[{i}]') for i, item in enumerate(data)]
    if not hasattr(data, 'ndim') and not hasattr(data, '__array__'):
        raise TypeError(f'{name} must be a list, a NumPy array or a tensor, '
                        f'got {type(data).__name__}')
    array = np.asarray(data)
    if array.ndim == 2:
        return [as_curve(row, f'{name}[{i}]') for i, row in enumerate(array)]
    return [as_curve(array, name)]


# %%
#@save plotting
def as_curves(X, Y=None):
    """Return plot's X and Y as two equally long lists of 1-D arrays, one pair per curve.

    X: one 1-D sequence shared by every curve, or one per curve; with Y=None,
       X holds the curves, drawn against their index 0, 1, 2, ...
    Y: one curve (a 1-D sequence) or several (a list of them, or a 2-D array
       with one curve per row). Lists, NumPy arrays or tensors, on any device,
       requiring grad or not.
    Raises TypeError or ValueError for empty or non-numeric data, curves that
    are not 1-D, and X and Y that do not match."""
    if Y is None:
        Ys = split_curves(X, 'X')
        return [np.arange(len(y), dtype=float) for y in Ys], Ys
    Xs, Ys = split_curves(X, 'X'), split_curves(Y, 'Y')
    if len(Xs) == 1:
        Xs = Xs * len(Ys)
    if len(Xs) != len(Ys):
        raise ValueError(f'X holds {len(Xs)} curves but Y holds {len(Ys)}; '
                         'give one X for all curves or one per curve')
    for i, (x, y) in enumerate(zip(Xs, Ys)):
        if len(x) != len(y):
            raise ValueError(f'curve {i}: X has {len(x)} points but Y has {len(y)}')
    return Xs, Ys


# %% [markdown]
# A quick look at what the checks say (the test suite,
# `tests/test_plot.py`, tries many more inputs):

# %%
for bad_call in [lambda: d2l.plot([]),
                 lambda: d2l.plot([1, 2, 3], [1, 2]),
                 lambda: d2l.plot(['a', 'b'], [1, 2]),
                 lambda: d2l.plot([1, 2], [3, 4], xscale='logarithmic'),
                 lambda: d2l.set_figsize((3.5, -1))]:
    try:
        bad_call()
    except (TypeError, ValueError) as err:
        print(f'{type(err).__name__}: {err}')

# %% [markdown]
# And tensors that require gradients go straight in:

# %%
t = torch.linspace(0, 3, 4, requires_grad=True)
Xs, Ys = as_curves(t, [t ** 2, 2 * t])
print(Xs, Ys, sep='\n')

# %% [markdown]
# ## Checks and internals of the optimization figures (chapter 4)
#
# The gradient descent and Taylor figures of
# [Calculus for deep learning](04_calculus_for_deep_learning.ipynb) (4.4.2,
# 4.4.3, 4.6.1) are short there; these helpers check what they are given, with
# errors that name the argument, and do the parts that teach nothing: sample
# a function on a grid, fit the limits of a figure to a path, evaluate a
# gradient once per arrow. The explorers of chapter 4 use them too, from their
# modules (`d2l.plotting.check_limits`, ...).

# %%
#@save plotting
import math
import numbers

# %%
#@save plotting
def check_point_2d(point, name):
    """Return point as a pair of floats (x1, x2), or raise a clear error.

    point: two numbers, as a tuple, list, NumPy array or tensor (perhaps
       requiring grad). name: the argument's name, for the error message."""
    if isinstance(point, (str, bytes)):
        raise TypeError(f'{name} must be a pair of numbers, got {point!r}')
    if hasattr(point, 'detach'):  # a tensor, perhaps requiring grad
        point = point.detach().cpu()
    try:
        x1, x2 = point
        pair = tuple(float(c.detach() if hasattr(c, 'detach') else c) for c in (x1, x2))
    except (TypeError, ValueError):
        raise TypeError(f'{name} must be a pair of numbers, got {point!r}') from None
    return pair


# %%
#@save plotting
def check_limits(limits, name):
    """Return limits as a pair (low, high) of finite floats with low < high, or raise."""
    low, high = check_point_2d(limits, name)
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise ValueError(f'{name} must be (low, high) with finite low < high, got {limits!r}')
    return low, high


# %%
#@save optimization
import math
import numbers
import numpy as np


# %%
#@save optimization
def check_levels(levels):
    """Raise unless levels is a positive int or a sequence of increasing numbers."""
    if isinstance(levels, numbers.Integral) and not isinstance(levels, bool):
        if levels < 1:
            raise ValueError(f'levels must be a positive number of lines, got {levels}')
        return
    values = np.asarray(levels)
    if values.ndim != 1 or values.size == 0 or values.dtype.kind not in 'iuf':
        raise TypeError('levels must be a positive int or a sequence of numbers, '
                        f'got {levels!r}')
    if np.any(np.diff(values) <= 0):
        raise ValueError(f'levels must be increasing, got {levels!r}')


# %%
#@save optimization
def check_callable_2d(fn, name):
    """Raise a TypeError unless fn, the argument called name, is callable as fn(x1, x2)."""
    if not callable(fn):
        raise TypeError(f'{name} must be a callable {name}(x1, x2), got {type(fn).__name__}')


# %%
#@save plotting
def check_count(value, name, least, unit=''):
    """Raise unless value is an int (not a bool) of at least least; unit ends the message."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f'{name} must be an int, got {type(value).__name__}')
    if value < least:
        raise ValueError(f'{name} must be at least {least}{unit}, got {value}')


# %% [markdown]
# `gradient_descent_2d` (4.4.3) checks its four arguments in one call, which
# returns the start point as a pair of floats:

# %%
#@save optimization
def check_descent(grad_fn, start, lr, steps):
    """Check the arguments of gradient_descent_2d; return start as a pair of floats."""
    check_callable_2d(grad_fn, 'grad_fn')
    point = d2l.plotting.check_point_2d(start, 'start')
    if not all(math.isfinite(c) for c in point):
        raise ValueError(f'start must be finite, got {start!r}')
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real):
        raise TypeError(f'lr must be a number, got {type(lr).__name__}')
    if not 0 < lr < math.inf:
        raise ValueError(f'lr must be positive and finite, got {lr!r}')
    d2l.plotting.check_count(steps, 'steps', 1)
    return point


# %% [markdown]
# The contour figures sample `f` on a grid, and `plot_contour_gradients`
# evaluates the gradient once per arrow. A function written with `math.exp`
# fails on a grid of points; the error says so.

# %%
#@save optimization
def contour_grid(f, xlim, ylim, n=60):
    """Evaluate f on an n-by-n grid over xlim x ylim; return X1, X2, Z."""
    check_callable_2d(f, 'f')
    X1, X2 = np.meshgrid(np.linspace(*xlim, n), np.linspace(*ylim, n))
    hint = 'f must work elementwise on NumPy arrays (use np.exp, not math.exp)'
    try:
        Z = np.asarray(f(X1, X2), dtype=float)
    except TypeError as err:
        raise TypeError(f'{hint}; on a grid it raised: {err}') from err
    if Z.shape != X1.shape:
        raise ValueError(f'{hint}; on a grid of shape {X1.shape} it returned shape {Z.shape}')
    return X1, X2, Z


# %%
#@save optimization
def gradient_grid(grad_fn, xlim, ylim, arrows):
    """Evaluate grad_fn on an arrows-by-arrows grid; return P1, P2 and the (arrows**2, 2) G."""
    P1, P2 = np.meshgrid(np.linspace(*xlim, arrows), np.linspace(*ylim, arrows))
    G = np.array([d2l.plotting.check_point_2d(grad_fn(float(a), float(b)), 'grad_fn(x1, x2)')
                  for a, b in zip(P1.ravel(), P2.ravel())])
    if not np.isfinite(G).all():
        raise ValueError('grad_fn returned a gradient that is not finite inside xlim x ylim')
    return P1, P2, G


# %% [markdown]
# `plot_path_2d` accepts a path as a list, an array or a tensor, and, without
# limits, fits them to the path's finite points (a diverging path ends in
# `inf`).

# %%
#@save optimization
def as_path_2d(path):
    """Return path as a float array of shape (k, 2) with k >= 1, or raise a clear error."""
    if hasattr(path, 'detach'):  # a tensor, perhaps requiring grad
        path = path.detach().cpu()
    points = np.asarray(path)
    if points.dtype.kind not in 'biuf':
        raise TypeError(f'path must hold numbers, got values of type {points.dtype}')
    if points.ndim != 2 or points.shape[0] < 1 or points.shape[1] != 2:
        raise ValueError(f'path must have shape (k, 2) with k >= 1, got shape {points.shape}')
    return points.astype(float)


# %%
#@save optimization
def path_limits(points, xlim, ylim):
    """Return (xlim, ylim): each checked if given, else fit to the finite points with a margin."""
    finite = points[np.isfinite(points).all(axis=1)]
    limits = []
    for given, column, name in [(xlim, 0, 'xlim'), (ylim, 1, 'ylim')]:
        if given is not None:
            limits.append(d2l.plotting.check_limits(given, name))
        elif len(finite) == 0:
            raise ValueError(f'path has no finite point to choose {name} from; give {name}')
        else:
            low, high = finite[:, column].min(), finite[:, column].max()
            margin = max(0.1 * (high - low), 0.5)
            limits.append((low - margin, high + margin))
    return tuple(limits)


# %% [markdown]
# `draw_descent` evaluates `f` along the path. A diverging run overflows to
# `inf` or `nan`, which is an outcome to show, not a warning: the loss curve
# ends at the first such value.

# %%
#@save optimization
def losses_along(f, path):
    """Return (losses, finite): f at each point of path, and how many come before the first inf."""
    hint = 'f must work elementwise on NumPy arrays (use np.exp, not math.exp)'
    try:
        with np.errstate(over='ignore', invalid='ignore'):  # a diverging loss is shown, not warned
            losses = np.asarray(f(path[:, 0], path[:, 1]), dtype=float)
    except TypeError as err:
        raise TypeError(f'{hint}; along the path it raised: {err}') from err
    if losses.shape != (len(path),):
        raise ValueError(f'{hint}; on a path of {len(path)} points it returned shape '
                         f'{losses.shape}')
    finite = int(np.cumprod(np.isfinite(losses)).sum())
    if finite == 0:
        raise ValueError(f'f is not finite at start {tuple(path[0])}')
    return losses, finite


# %% [markdown]
# `draw_taylor` (4.6.1) checks its arguments, finds the Taylor coefficients by
# repeated autograd as 4.6.1 does for $e^x$ (a derivative that no longer
# depends on $x$ is a constant, whose further derivatives are 0), samples `f`,
# and without `ylim` fits the figure to the values of `f`.

# %%
#@save taylor
import math
import numbers
import numpy as np


# %%
#@save taylor
def check_taylor(f, order, x0, xlim, ylim):
    """Check the arguments of draw_taylor; return xlim and ylim (None stays None) as pairs."""
    if not callable(f):
        raise TypeError(f'f must be a function of one variable, got {type(f).__name__}')
    if isinstance(order, bool) or not isinstance(order, numbers.Integral):
        raise TypeError(f'order must be an int, got {order!r}')
    if order < 0:
        raise ValueError(f'order must be at least 0, got {order}')
    if isinstance(x0, bool) or not isinstance(x0, numbers.Real):
        raise TypeError(f'x0 must be a number, got {x0!r}')
    if not math.isfinite(x0):
        raise ValueError(f'x0 must be finite, got {x0!r}')
    xlim = d2l.plotting.check_limits(xlim, 'xlim')
    return xlim, (d2l.plotting.check_limits(ylim, 'ylim') if ylim is not None else None)


# %%
#@save taylor
def taylor_coefficients(f, x0, order):
    """[f(x0), f'(x0), f''(x0)/2!, ..., f^(order)(x0)/order!], by repeated autograd."""
    import torch
    point = torch.tensor(float(x0), dtype=torch.float64, requires_grad=True)
    derivative = f(point)
    if not isinstance(derivative, torch.Tensor) or derivative.numel() != 1:
        raise TypeError('f must map a number to a number using operations that work '
                        f'on torch tensors, got {type(derivative).__name__} back')
    derivative = derivative.reshape(())
    coefficients = [derivative.item()]
    for k in range(1, order + 1):
        if derivative.requires_grad:  # keep the graph, to differentiate once more
            derivative, = torch.autograd.grad(derivative, point, create_graph=True,
                                              materialize_grads=True)
        else:  # a constant: every further derivative is 0
            derivative = torch.zeros_like(point)
        coefficients.append(derivative.item() / math.factorial(k))
    return [c + 0.0 for c in coefficients]  # + 0.0 turns a -0.0 into 0.0


# %%
#@save plotting
def values_of(f, xs):
    """f(xs) as a NumPy array, for a 1-D tensor xs; raise unless f works elementwise on it."""
    import torch
    ys = f(xs)
    if not isinstance(ys, torch.Tensor) or ys.shape != xs.shape:
        raise TypeError('f must work elementwise on a tensor of points, '
                        f'got {type(ys).__name__} back')
    return ys.detach().numpy()


# %%
#@save plotting
def fit_ylim(ys, xlim):
    """(low, high) around the finite values ys (of f over xlim) with a margin, or raise."""
    finite = ys[np.isfinite(ys)]
    if finite.size == 0:
        raise ValueError(f'f has no finite value in xlim {xlim}; give another xlim')
    low, high = finite.min(), finite.max()
    margin = max(0.5 * (high - low), 0.5)
    return low - margin, high + margin


# %% [markdown]
# The points a function is drawn at are spread evenly over an interval.
# `torch.linspace` would do, but it rounds the last bit of some points one way
# with AVX2 vector instructions and the other way without, and a figure's SVG
# can show that bit (its coordinates have six decimals). NumPy's `linspace`
# computes each point with one multiplication and one addition, each rounded
# as IEEE 754 prescribes, so every processor gets the same points:

# %%
#@save plotting
def even_points(xlim, points):
    """`points` float64 points spread evenly over xlim, as a tensor, the same bits on every CPU."""
    import torch
    return torch.from_numpy(np.linspace(float(xlim[0]), float(xlim[1]), points))


# %%
#@save plotting
def function_ylim(f, xlim, points=121):
    """fit_ylim for the values of f (as in values_of) at points spread evenly over xlim."""
    return fit_ylim(values_of(f, even_points(xlim, points)), xlim)


# %% [markdown]
# ## Explorers
#
# An explorer is a figure with sliders; moving a slider redraws the figure.
# The chapters call them (`d2l.explore_secant` in 2.4.2, `d2l.explore_descent`
# and `d2l.explore_taylor` in chapter 4); their parts are here.
#
# First, the checks they share, and the slope of a function at a point by
# autograd.

# %%
#@save explorers
import math

# %%
#@save explorers
def _check_function_and_point(f, **numbers):
    """Raise a TypeError unless f is callable and each value in numbers is a real number."""
    if not callable(f):
        raise TypeError(f'f must be a function of one variable, got {type(f).__name__}')
    for name, value in numbers.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f'{name} must be a number, got {value!r}')


# %%
#@save explorers
def _slope_by_autograd(f, x):
    """f'(x) for a function f of one float, by torch autograd."""
    import torch
    point = torch.tensor(float(x), dtype=torch.float64, requires_grad=True)
    value = f(point)
    if not isinstance(value, torch.Tensor) or value.numel() != 1:
        raise TypeError('f must map a number to a number using operations that work '
                        f'on torch tensors, got {type(value).__name__} back')
    value.backward()
    return point.grad.item()


# %% [markdown]
# `draw_secant` and `draw_tangent` draw the figures that the first two
# explorers redraw. Each returns the slope it shows. Each is two parts, so
# that an explorer can draw the first once and the second on every move:
# `draw_function` draws $f$, which stays put, and a frame draws what moves
# (the lines through $x$, their points, the legend and the title).

# %%
#@save explorers
def draw_function(f, xlim, ylim=None, ylabel='f(x)', points=101, axes=None):
    """Draw f over xlim with the book's labels and grid; return (axes, xs).

    f: a function of one variable that works elementwise on a tensor.
    xlim: (low, high); ylim: (low, high), or None to fit what is drawn.
    axes: Matplotlib axes to draw on (cleared), the current ones by default.
    xs: the points drawn, a float64 tensor, for the curves drawn over f.

    Defined in notebooks/90_utilities.ipynb."""
    xs = d2l.plotting.even_points(xlim, points)
    d2l.plot(xs, d2l.plotting.values_of(f, xs), 'x', ylabel, xlim=xlim, ylim=ylim, axes=axes)
    return (axes if axes is not None else d2l.plt.gca()), xs


# %%
#@save explorers
def _value_at(f, x):
    """f(x) as a float, for a number x."""
    import torch
    return float(f(torch.tensor(float(x), dtype=torch.float64)))


# %%
#@save explorers
def _secant_frame(axes, xs, f, x, h):
    """Over f: the secant through x and x + h, the tangent at x, the legend and title."""
    slope = _slope_by_autograd(f, x)
    fx, fxh = _value_at(f, x), _value_at(f, x + h)
    quotient = (fxh - fx) / h
    axes.plot(xs, fx + quotient * (xs - x), 'm--')
    axes.plot(xs, fx + slope * (xs - x), 'g-.')
    axes.legend(['f(x)', f'secant, h={h:.4g}', f'tangent at x={x:.4g}'])
    axes.plot([x, x + h], [fx, fxh], 'ko', markersize=3)
    axes.set_title(f"(f(x+h) - f(x))/h = {quotient:.5f},   f'(x) = {slope:.5f}", fontsize=9)
    return quotient


# %%
#@save explorers
def _tangent_frame(axes, xs, f, x0):
    """Over f: the tangent at x0 with its point, the legend and the title."""
    slope = _slope_by_autograd(f, x0)
    f0 = _value_at(f, x0)
    axes.plot(xs, f0 + slope * (xs - x0), 'm--')
    axes.legend(['f(x)', f'tangent at x0={x0:.3g}'])
    axes.plot([x0], [f0], 'ko', markersize=3)
    axes.set_title(f"f'({x0:.3g}) = {slope:.4f}", fontsize=9)
    return slope


# %%
#@save explorers
def draw_secant(f, x=1.0, h=0.5, xlim=(0.0, 3.0), ylim=None, axes=None):
    """Draw f with its secant through x and x + h and its tangent at x.

    f: a function of one variable written with operations that work on torch
       tensors, such as `lambda x: 3 * x ** 2 - 4 * x`.
    x: where the tangent touches; h: the step of the secant (not 0).
    xlim: the interval drawn; ylim: (low, high), or None to fit the curves.
    axes: Matplotlib axes to draw on (cleared).
    Returns the difference quotient (f(x + h) - f(x)) / h, shown in the title
    next to the tangent's slope f'(x).

    Defined in notebooks/90_utilities.ipynb; used in 2.4.2."""
    _check_function_and_point(f, x=x, h=h)
    if h == 0:
        raise ValueError('h must not be 0: the secant needs two distinct points')
    _slope_by_autograd(f, x)  # fail here for an f that autograd cannot differentiate
    axes, xs = draw_function(f, xlim, ylim, axes=axes)
    quotient = _secant_frame(axes, xs, f, x, h)
    if ylim is None:
        axes.autoscale(axis='y')  # fit the secant and the tangent too
    return quotient


# %%
#@save explorers
def draw_tangent(f, x0=1.0, xlim=(0.0, 3.0), ylim=None, axes=None):
    """Draw f and its tangent at x0; return f'(x0), computed by autograd.

    f: a function of one variable written with torch operations.
    x0: the point of contact. xlim: the interval drawn; ylim: (low, high),
    or None to fit the curves; axes: as in `plot`.

    Defined in notebooks/90_utilities.ipynb; used in 2.4.2."""
    _check_function_and_point(f, x0=x0)
    _slope_by_autograd(f, x0)  # fail here for an f that autograd cannot differentiate
    axes, xs = draw_function(f, xlim, ylim, axes=axes)
    slope = _tangent_frame(axes, xs, f, x0)
    if ylim is None:
        axes.autoscale(axis='y')  # fit the tangent too
    return slope


# %% [markdown]
# `interact_figure` wires sliders to a drawing function with ipywidgets: each
# change calls the function with the sliders' values and shows the new
# figure. A slider only takes values on its grid, `min + k * step`, and the
# browser moves a starting value that lies off the grid onto it, which would
# redraw the figure as soon as it appears. `span_slider` chooses a round step
# and puts the starting value on the grid itself.

# %%
#@save live_figure
import functools
import math


# %%
#@save live_figure
def _check_controls(controls):
    """Raise unless controls holds at least one ipywidgets value widget, and only those."""
    import ipywidgets as widgets
    if not controls:
        raise ValueError('give at least one control, e.g. h=ipywidgets.FloatSlider()')
    for name, control in controls.items():
        if not isinstance(control, widgets.ValueWidget):
            raise TypeError(f'control {name} must be an ipywidgets value widget, '
                            f'got {type(control).__name__}')


# %%
#@save live_figure
def interact_figure(draw, **controls):
    """Show controls (sliders) above a figure that draw(**values) redraws on each change.

    draw: a function that draws on the current Matplotlib figure and takes
       one keyword argument per control.
    controls: ipywidgets value widgets, such as FloatSlider, by argument name.
    Returns the widget to display.

    Defined in notebooks/90_utilities.ipynb."""
    import ipywidgets as widgets
    if not callable(draw):
        raise TypeError(f'draw must be a function, got {type(draw).__name__}')
    _check_controls(controls)

    def redraw(**values):
        draw(**values)
        d2l.plt.show()

    output = widgets.interactive_output(redraw, controls)
    return widgets.VBox([*controls.values(), output])


# %%
#@save live_figure
def span_slider(value, low, high, description):
    """A FloatSlider from low to high, starting at value moved onto its step grid.

    The step is a power of ten near a hundredth of high - low.

    Defined in notebooks/90_utilities.ipynb."""
    import ipywidgets as widgets
    if not low < high:
        raise ValueError(f'a slider needs low < high, got {low!r} and {high!r}')
    step = 10.0 ** math.floor(math.log10((high - low) / 100))
    digits = max(0, -math.floor(math.log10(step)))
    start = round(low + round((value - low) / step) * step, digits)
    return widgets.FloatSlider(value=min(max(start, low), high), min=low, max=high,
                               step=step, description=description,
                               readout_format=f'.{digits}f')


# %% [markdown]
# `interact_figure` is simple, but each change sends a whole new SVG that
# Matplotlib has drawn from scratch: 100–400 ms from a key press to the new
# figure, too slow to follow a moving hand. The explorers use `LiveFigure`
# instead. It splits a figure into what stays (axes, ticks, contours, the
# curve being studied), drawn once by `setup`, and what moves, drawn by
# `frame` on each change. It paints the moving artists over a saved picture
# of the rest ("blitting", as Matplotlib's animations do) and sends the result
# as a PNG to the browser (the picture widget below). A frame stays in a
# cache, keyed by the slider values, so going back costs nothing. When a frame
# changes the limits of axes drawn by `setup`, the saved picture no longer
# fits and everything is redrawn. The picture has two pixels for each pixel on screen, so that it is
# as sharp as the SVG figures on high-density screens.

# %%
#@save live_figure
def _next_value(control, old, new):
    """The value of control after one more move like old -> new, or None past its range.

    control: an ipywidgets slider; on a FloatLogSlider a move multiplies the value."""
    import ipywidgets as widgets
    numbers_ = (int, float)
    if not (isinstance(old, numbers_) and isinstance(new, numbers_)) or old == new:
        return None
    if isinstance(control, widgets.FloatLogSlider):
        if old <= 0 or new <= 0:
            return None
        ahead = new * (new / old)
        low, high = control.base ** control.min, control.base ** control.max
    else:
        ahead = new + (new - old)
        low, high = getattr(control, 'min', -math.inf), getattr(control, 'max', math.inf)
    slack = 1e-9 * (high - low) if math.isfinite(high - low) else 0.0
    if not low - slack <= ahead <= high + slack:
        return None
    return round(ahead) if isinstance(new, int) else ahead


# %%
#@save live_figure
def _png(rgba):
    """A PNG file (bytes) of an (height, width, 4) uint8 array of RGBA pixels: RGB when
    every pixel is opaque (a figure's are), RGBA, alpha kept, when one is not.

    Written here rather than by Pillow, which takes twice as long on a frame:
    each pixel is stored as its difference from the one on its left (PNG's
    "Sub" filter, mostly zeros in a figure), then compressed quickly."""
    import struct
    import zlib
    import numpy as np
    if not (isinstance(rgba, np.ndarray) and rgba.dtype == np.uint8 and rgba.ndim == 3
            and rgba.shape[2] == 4):
        raise ValueError('pixels must be a (height, width, 4) uint8 array of RGBA, got '
                         f'{getattr(rgba, "shape", type(rgba).__name__)}')
    height, width, _ = rgba.shape
    opaque = bool((rgba[..., 3] == 255).all())
    n = 3 if opaque else 4  # bytes a pixel
    pixels = np.ascontiguousarray(rgba[..., :n]).reshape(height, width * n)
    lines = np.empty((height, width * n + 1), np.uint8)
    lines[:, 0] = 1  # the filter of each row: Sub
    lines[:, 1:n + 1] = pixels[:, :n]
    np.subtract(pixels[:, n:], pixels[:, :-n], out=lines[:, n + 1:])  # modulo 256, as PNG wants

    def chunk(kind, data):
        return (struct.pack('>I', len(data)) + kind + data
                + struct.pack('>I', zlib.crc32(kind + data)))
    colour = 2 if opaque else 6  # 8-bit RGB, or 8-bit RGBA
    header = struct.pack('>IIBBBBB', width, height, 8, colour, 0, 0, 0)
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header)
            + chunk(b'IDAT', zlib.compress(lines.tobytes(), 3)) + chunk(b'IEND', b''))


# %%
#@save live_figure
def _on_grid(control, value):
    """value moved onto the grid of control's steps, as its readout shows it: a slider
    from 0 by 0.01 stepped down from 0.03 is at 0.0, not at 6.9e-18."""
    import ipywidgets as widgets
    step = getattr(control, 'step', None)
    if (not isinstance(value, float) or not isinstance(step, (int, float)) or not step > 0
            or not math.isfinite(value)):
        return value
    decimals = max(0, -math.floor(math.log10(step))) + 6  # well below a step, above noise
    if isinstance(control, widgets.FloatLogSlider):
        if not value > 0:
            return value
        exponent = (control.min + round((math.log(value, control.base) - control.min) / step)
                    * step)
        return control.base ** round(exponent, decimals)
    low = getattr(control, 'min', 0.0)
    return round(low + round((value - low) / step) * step, decimals)


# %%
#@save live_figure
def _step(control, value, direction):
    """The value one step of control up (direction 1) or down (-1) from value, or None;
    on the slider's grid."""
    import ipywidgets as widgets
    step = getattr(control, 'step', None)
    if not isinstance(step, (int, float)) or not step > 0:
        return None
    if isinstance(control, widgets.FloatLogSlider):
        ahead = _next_value(control, value / control.base ** (direction * step), value)
    else:
        ahead = _next_value(control, value - direction * step, value)
    return None if ahead is None else _on_grid(control, ahead)


# %% [markdown]
# ### Where sliders cannot be shown
#
# Only a live front end with the widget packages (JupyterLab, Colab, VS Code)
# draws an explorer's sliders and picture. Elsewhere, say in an HTML page
# exported with `jupyter nbconvert`, the explorer offers its figure at the
# sliders' starting values, drawn once, and one line saying how to make it
# move: a front end shows the first kind of output it can draw, in the order
# it prefers, and the figure and the line come after the widget's own. A
# chapter's recorded output of an explorer is that figure and that line, so
# that a chapter opened without running shows every picture.

# %%
#@save live_figure
_STATIC_NOTE = ('Sliders need a live JupyterLab, Colab or VS Code: run this cell there to '
               'move them. This is the figure at their starting values.')


# %%
#@save live_figure
def _with_static_view(widget, png):
    """widget, shown as itself where the front end draws widgets and elsewhere as the
    figure png (bytes) with _STATIC_NOTE under it (Markdown), or the PNG, or the note alone."""
    import base64
    widget_bundle = widget._repr_mimebundle_
    figure = base64.b64encode(png).decode('ascii')

    def bundle(**kwargs):
        data = dict(widget_bundle(**kwargs) or {})
        data['text/markdown'] = f'![the figure](data:image/png;base64,{figure})\n\n{_STATIC_NOTE}'
        data['image/png'] = figure
        data['text/plain'] = _STATIC_NOTE
        return data
    widget._repr_mimebundle_ = bundle
    return widget


# %%
#@save live_figure
class LiveFigure:
    """A Matplotlib figure whose moving parts are redrawn on their own, as PNG frames.

    setup(figure): draws what stays while the sliders move, on a new Matplotlib
       Figure, and returns what frame needs (its axes, say).
    frame(that, **values): draws what moves for one setting of the sliders.
       The artists it adds, and the texts (titles) it changes, are the moving
       parts: before the next frame the added ones are removed.
    figsize: (width, height) in inches, as the figure would have in the book.
    cache: how many frames to keep, by slider values.
    Call draw(**values) for the PNG of one frame; interact(**controls) for
    the sliders and the picture as one widget.

    Defined in notebooks/90_utilities.ipynb; used by every explorer."""
    dpi = 192  # two pixels per screen pixel (96 per inch)
    ahead = 8  # frames drawn ahead of a moving slider
    around = 4  # frames drawn either way of every slider at rest
    rest = 0.2  # seconds without a move after which the sliders count as at rest
    pad = 0.1  # inches around the drawing, as Jupyter's inline figures have

    def __init__(self, setup, frame, figsize=(3.5, 2.5), cache=512):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        if not callable(setup) or not callable(frame):
            raise TypeError('setup and frame must be functions')
        self.figure = Figure(figsize=figsize, dpi=self.dpi)
        FigureCanvasAgg(self.figure)
        self._frame, self._context = frame, setup(self.figure)
        self._added, self._pngs, self._cache = [], {}, cache
        self._background, self._limits = None, None

    def _artists(self):
        """Every artist of the figure and of its axes, one level down."""
        found = list(self.figure.get_children())
        for axes in self.figure.axes:
            found += axes.get_children()
        return found

    def _static_limits(self):
        return [(a.get_xlim(), a.get_ylim(), a.get_xscale(), a.get_yscale())
                for a in self.figure.axes if not a.get_animated()]

    def _crop(self):
        """Make the figure exactly as big as its drawing plus pad, as savefig's
        bbox_inches='tight' would, by resizing it and moving its axes."""
        box = self.figure.get_tightbbox(self.figure.canvas.get_renderer()).padded(self.pad)
        width, height = self.figure.get_size_inches()
        for axes in self.figure.axes:
            p = axes.get_position()
            axes.set_position([(p.x0 * width - box.x0) / box.width,
                               (p.y0 * height - box.y0) / box.height,
                               p.width * width / box.width, p.height * height / box.height])
        self.figure.set_size_inches(box.width, box.height)

    @staticmethod
    def _key(values):
        """values as a key of the frame cache: 1.03, not 1.0300000000000002."""
        return tuple(sorted((name, float(f'{v:.10g}') if isinstance(v, float) else v)
                            for name, v in values.items()))

    def draw(self, **values):
        """The PNG (bytes) of the figure with the sliders at values."""
        import numpy as np
        key = self._key(values)
        if key in self._pngs:
            return self._pngs[key]
        for artist in self._added:
            try:
                artist.remove()
            except (ValueError, NotImplementedError):  # already gone: its axes were cleared
                pass
        from matplotlib.text import Text
        text = lambda a: a.get_text() if isinstance(a, Text) else None  # noqa: E731
        before = {id(a): (a, text(a)) for a in self._artists()}  # a: keep its id unique
        self._frame(self._context, **values)
        after = self._artists()
        self._added = [a for a in after if id(a) not in before]
        for axes in self.figure.axes:
            if id(axes.patch) not in before:  # frame cleared these axes: redraw them whole
                axes.set_animated(True)
        for artist in after:
            if id(artist) not in before or text(artist) != before[id(artist)][1]:
                artist.set_animated(True)
        canvas = self.figure.canvas
        if self._background is None or self._static_limits() != self._limits:
            if self._background is None:
                canvas.draw()  # for the sizes of the texts, to crop the figure
                self._crop()
            canvas.draw()  # all but the moving parts
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            self._limits = self._static_limits()
        else:
            canvas.restore_region(self._background)
        moving = [a for a in self._artists() if a.get_animated() and a.get_visible()]
        for artist in sorted(moving, key=lambda a: a.get_zorder()):
            self.figure.draw_artist(artist)
        png = _png(np.asarray(canvas.buffer_rgba()))
        if len(self._pngs) >= self._cache:
            self._pngs.pop(next(iter(self._pngs)))  # the oldest
        self._pngs[key] = png
        return png

    @staticmethod
    def _later(work, delay=0.002):
        """Call work() after delay seconds, once the kernel has read the messages waiting,
        if it runs an event loop (a script or a test has none: frames are then drawn on
        demand)."""
        import asyncio
        try:
            asyncio.get_running_loop().call_later(delay, work)
        except RuntimeError:
            pass

    def forget(self):
        """Forget the frames drawn so far: the next draw draws afresh."""
        self._pngs.clear()

    def interact(self, **controls):
        """Controls (sliders) above the figure, redrawn as they change; the widget to display.

        controls: ipywidgets value widgets by the name of frame's argument."""
        import ipywidgets as widgets
        import traitlets
        _check_controls(controls)
        names = list(controls)

        def now():  # the values on the sliders' grids, as their readouts show them
            return {name: _on_grid(c, c.value) for name, c in controls.items()}
        picture = _picture_class()(names=names, keep=self._cache,
                                   width=round(self.figure.get_size_inches()[0] * 96))
        picture.add_traits(**{f'v_{name}': traitlets.Any().tag(sync=True) for name in names})
        for name, control in controls.items():
            setattr(picture, f'v_{name}', control.value)
            widgets.jslink((control, 'value'), (picture, f'v_{name}'))
        errors = widgets.Output()  # shows what a frame raised, until a frame succeeds
        sent = set()  # the frames the browser has
        plan = []  # the frames to draw ahead, first first; each move makes a new plan
        moves, drawing = 0, False  # moves so far; whether draw_ahead is on its way

        def walk(values, name, direction, count):
            """The values after 1, 2, ..., count steps of slider name one way, while in range."""
            found, value = [], values[name]
            for _ in range(count):
                value = _step(controls[name], value, direction)
                if value is None:
                    break
                found.append({**values, name: value})
            return found

        def show(values):
            png = self.draw(**values)
            if self._key(values) in sent:  # the browser shows it already
                return
            with picture.hold_sync():
                picture.frame_values = [values[name] for name in names]
                picture.frame = png
            sent.add(self._key(values))

        def draw_ahead():
            """Draw and send the first frame of the plan the browser lacks; come back for
            the next one after the kernel has read its messages (a move, say)."""
            nonlocal drawing
            while plan:
                values = plan.pop(0)
                if self._key(values) in sent:
                    continue
                try:
                    png = self.draw(**values)
                except Exception:  # shown if the slider gets there
                    continue
                picture.send({'frame': [values[name] for name in names]}, [png])
                sent.add(self._key(values))
                break
            drawing = bool(plan)
            if drawing:
                self._later(draw_ahead)

        def redraw(change):
            values = now()
            try:
                show(values)
            except Exception:
                with errors:  # the traceback, under the picture
                    raise
                return
            if errors.outputs:
                errors.clear_output()
            plan_ahead(values, change)

        def plan_ahead(values, change=None):
            """Plan what to draw while idle: the next frames of the move in hand and one
            step back; once the sliders have rested, those around them (`rested`; during
            a drag they would change with every move, and cost its frames)."""
            nonlocal moves
            plan.clear()
            moves += 1  # a new move: an older plan to rest is void
            moved = None
            if change is not None and change['new'] != change['old']:
                moved = next(n for n, c in controls.items() if c is change['owner'])
                direction = 1 if change['new'] > change['old'] else -1
                # Step by step (the kernel may not see each step), then one step back.
                plan.extend(walk(values, moved, direction, self.ahead))
                plan.extend(walk(values, moved, -direction, 1))
            start()
            self._later(lambda move=moves: rested(values, move, moved), delay=self.rest)

        def rested(values, move, moved):
            """At rest: `ahead` steps either way on the slider moved last (the likeliest to
            move again), then `around` either way on every slider, the nearest first."""
            if move != moves:  # the sliders have moved since
                return
            ways = [walk(values, name, direction, self.ahead if name == moved else self.around)
                    for name in names for direction in (1, -1)]
            for distance in range(max(map(len, ways))):
                plan.extend(way[distance] for way in ways if distance < len(way))
            start()

        def start():
            nonlocal drawing
            if plan and not drawing:
                drawing = True
                self._later(draw_ahead)
        show(now())
        plan_ahead(now())
        for control in controls.values():
            control.observe(redraw, 'value')
        box = widgets.VBox([*controls.values(), picture, errors])
        box.live = self  # the figure behind the picture, for a closer look
        return _with_static_view(box, self.draw(**now()))


# %% [markdown]
# Even a frame drawn ahead needs a round trip through the kernel before the
# browser shows it, and ipywidgets sends a slider's next value only once the
# kernel has answered the last: about 30 ms a frame and 15 frames per second
# at best. So the picture is a small widget of its own, written with
# `anywidget`. Each slider is linked to it in the browser (`jslink`). The
# widget keeps every frame the kernel has sent, keyed by the slider values,
# and shows the one for the sliders' values as soon as they change, with no
# kernel in between. The kernel sends the frame for each move; while it is
# idle, it sends the next frames of the same move (`LiveFigure.ahead` of
# them) and, once the sliders rest, a few steps either way on every slider
# (`LiveFigure.around`), so that the next press finds its frame waiting.

# %%
#@save live_figure
_PICTURE_JS = """
// Frames by slider values; shows the one for the sliders' values (mirrored in v_NAME).
// data-waits on the image counts the times it had to wait for the kernel's frame.
function render({ model, el }) {
  const names = model.get('names');
  const frames = [];  // {values, url}, oldest first
  const img = document.createElement('img');
  img.className = 'd2l-live-figure';
  img.style.width = `${model.get('width')}px`;
  el.appendChild(img);
  const near = (a, b) => a.length === b.length && a.every(
    (x, i) => x === b[i] || Math.abs(x - b[i]) <= 1e-9 * Math.max(1, Math.abs(x)));
  let waiting = false;  // for the frame of the sliders' values, not here yet
  const show = () => {
    const now = names.map((name) => model.get(`v_${name}`));
    const frame = frames.find((f) => near(f.values, now));
    if (!frame && !waiting) img.dataset.waits = (+(img.dataset.waits || 0) + 1).toString();
    waiting = !frame;
    if (frame && img.src !== frame.url) img.src = frame.url;
  };
  const keep = (values, bytes) => {
    if (!bytes || !values || frames.some((f) => near(f.values, values))) return;
    const url = URL.createObjectURL(new Blob([bytes], {type: 'image/png'}));
    const decoded = new Image();  // decoded now, while the sliders rest: quick to show
    decoded.src = url;
    decoded.decode().catch(() => {});
    frames.push({values, url, decoded});
    if (frames.length > 32) frames[frames.length - 33].decoded = null;  // memory: keep 32
    if (frames.length > model.get('keep')) URL.revokeObjectURL(frames.shift().url);
  };
  const fromKernel = () => { keep(model.get('frame_values'), model.get('frame')); show(); };
  model.on('change:frame', fromKernel);
  model.on('msg:custom', (msg, buffers) => { keep(msg.frame, buffers[0]); show(); });
  for (const name of names) model.on(`change:v_${name}`, show);
  fromKernel();
  return () => frames.forEach((f) => URL.revokeObjectURL(f.url));
}
export default { render };
"""


# %%
#@save live_figure
@functools.lru_cache(maxsize=None)
def _picture_class():
    """The widget that shows LiveFigure's frames (made on first use: `import d2lutils`
    stays free of anywidget)."""
    import anywidget
    import traitlets

    class Picture(anywidget.AnyWidget):
        _esm = _PICTURE_JS
        names = traitlets.List().tag(sync=True)  # the sliders, in the order of a frame's values
        width = traitlets.Int().tag(sync=True)  # in screen pixels
        keep = traitlets.Int(512).tag(sync=True)  # frames the browser keeps
        frame = traitlets.Bytes().tag(sync=True)  # the PNG for the sliders' values ...
        frame_values = traitlets.List().tag(sync=True)  # ... which are these
    return Picture


# %% [markdown]
# The two explorers of 2.4.2 put these together.

# %%
#@save explorers
def explore_secant(f, x=1.0, xlim=(0.0, 3.0), h=0.5):
    """An h slider (log scale, from 1 down to 1e-5) over `draw_secant(f, x, h, xlim, ylim)`.

    h: where the slider starts, moved onto its grid (0.5 starts at 10^-0.25 = 0.56,
    inside the range, so that the slider moves both ways). ylim is fitted to f over
    xlim once (`fit_ylim`), so that the axes hold still while the secant turns.

    Defined in notebooks/90_utilities.ipynb; used in 2.4.2."""
    import ipywidgets as widgets
    _check_function_and_point(f, x=x, h=h)
    if not 1e-5 <= h <= 1:
        raise ValueError(f'h must be from 1e-5 to 1, the range of the slider, got {h!r}')
    _slope_by_autograd(f, x)
    slider = widgets.FloatLogSlider(value=1.0, base=10, min=-5, max=0, step=0.25,
                                    description='h', readout_format='.1e')
    slider.value = d2l.live_figure._on_grid(slider, float(h))
    ylim = d2l.plotting.function_ylim(f, xlim)
    live = d2l.live_figure.LiveFigure(
        lambda figure: draw_function(f, xlim, ylim, axes=figure.add_subplot()),
        lambda drawn, h: _secant_frame(*drawn, f, x, h))
    return live.interact(h=slider)


# %%
#@save explorers
def explore_tangent(f, x0=1.0, xlim=(0.0, 3.0)):
    """An x0 slider across xlim over `draw_tangent(f, x0, xlim, ylim)`, ylim as in
    `explore_secant`.

    Defined in notebooks/90_utilities.ipynb; used in 2.4.2."""
    import ipywidgets as widgets  # noqa: F401  (fail here, not in the slider, without it)
    _check_function_and_point(f, x0=x0)
    _slope_by_autograd(f, x0)
    slider = d2l.live_figure.span_slider(x0, *xlim, description='x0')
    ylim = d2l.plotting.function_ylim(f, xlim)
    live = d2l.live_figure.LiveFigure(
        lambda figure: draw_function(f, xlim, ylim, axes=figure.add_subplot()),
        lambda drawn, x0: _tangent_frame(*drawn, f, x0))
    return live.interact(x0=slider)


# %% [markdown]
# `draw_tangent` draws one frame of `explore_tangent`, here at $x_0 = 1/2$
# for $f(x) = x^3 - x$, whose slope there is $3x_0^2 - 1 = -0.25$:

# %%
slope = draw_tangent(lambda x: x ** 3 - x, x0=0.5, xlim=(-1.5, 1.5))
print(f"f'(0.5) by autograd: {slope:.4f},  3 * 0.5**2 - 1 = {3 * 0.5 ** 2 - 1}")
assert abs(slope - (3 * 0.5 ** 2 - 1)) < 1e-12

# %% [markdown]
# The two explorers of chapter 4 put sliders over `draw_descent` (4.4.3) and
# `draw_taylor` (4.6.1). Each checks its arguments before it builds a slider,
# so a bad call fails at once rather than on the first redraw.

# %%
#@save explorers
import numbers

# %%
#@save explorers
def explore_descent(f, grad_fn, lr=0.1, steps=20, start=(-3.0, 1.5), xlim=(-3.5, 3.5),
                    ylim=(-2.5, 2.5), lr_range=(0.01, 0.3, 0.01), max_steps=50):
    """Sliders for lr, steps and the start point (x1, x2) over `draw_descent`.

    The loss panel's axes stay fixed while the sliders move: steps from 0 to
    max_steps, losses as `descent_loss_ylim` chooses them.

    f, grad_fn, xlim, ylim: as in `draw_descent`. lr, steps, start: the
    sliders' first values; the start sliders span xlim and ylim.
    lr_range: (low, high, step) of the lr slider, positive numbers.
    max_steps: the steps slider runs from 1 to this int.

    Defined in notebooks/90_utilities.ipynb; used in
    notebooks/04_calculus_for_deep_learning.ipynb (4.4.3)."""
    import ipywidgets as widgets
    d2l.optimization.check_callable_2d(f, 'f')
    d2l.gradient_descent_2d(grad_fn, start, lr, steps)  # only to check these four
    xlim, ylim = d2l.plotting.check_limits(xlim, 'xlim'), d2l.plotting.check_limits(ylim, 'ylim')
    try:
        low, high, step = (float(v) for v in lr_range)
    except (TypeError, ValueError):
        raise TypeError(f'lr_range must be three numbers (low, high, step), '
                        f'got {lr_range!r}') from None
    if not 0 < low < high < math.inf or not 0 < step <= high - low:
        raise ValueError(f'lr_range must be (low, high, step) with 0 < low < high and '
                         f'0 < step <= high - low, got {lr_range!r}')
    if not low <= lr <= high:
        raise ValueError(f'lr must lie in lr_range [{low}, {high}], got {lr!r}')
    if isinstance(max_steps, bool) or not isinstance(max_steps, numbers.Integral):
        raise TypeError(f'max_steps must be an int, got {type(max_steps).__name__}')
    if not 1 <= steps <= max_steps:
        raise ValueError(f'steps must lie between 1 and max_steps={max_steps}, got {steps}')
    x1, x2 = d2l.plotting.check_point_2d(start, 'start')
    if not (xlim[0] <= x1 <= xlim[1] and ylim[0] <= x2 <= ylim[1]):
        raise ValueError(f'start must lie inside xlim x ylim, got {start!r}')
    controls = dict(
        lr=widgets.FloatSlider(value=lr, min=low, max=high, step=step, description='lr',
                               readout_format='.3g'),
        steps=widgets.IntSlider(value=steps, min=1, max=max_steps, description='steps'),
        x1=d2l.live_figure.span_slider(x1, *xlim, description='start x1'),
        x2=d2l.live_figure.span_slider(x2, *ylim, description='start x2'))

    loss_limits = ((0, max_steps), descent_loss_ylim(f, xlim, ylim))
    live = d2l.live_figure.LiveFigure(
        lambda figure: d2l.optimization.descent_panels(figure, f, xlim, ylim,
                                                       loss_limits=loss_limits),
        lambda panels, lr, steps, x1, x2: d2l.optimization.descent_frame(
            panels, f, grad_fn, lr, steps, (x1, x2), loss_limits),
        figsize=(7, 2.5))
    return live.interact(**controls)


# %%
#@save explorers
def descent_loss_ylim(f, xlim, ylim):
    """The loss axis of explore_descent: from 10 decades below the largest value of f
    over xlim x ylim to 4 decades above it, at whole decades."""
    import numpy as np
    largest = np.nanmax(np.abs(d2l.optimization.contour_grid(f, xlim, ylim)[2]))
    top = math.ceil(math.log10(largest)) if largest > 0 else 0
    return 10.0 ** (top - 10), 10.0 ** (top + 4)


# %%
#@save explorers
def explore_taylor(f, order=3, x0=0.0, xlim=(-6.0, 6.0), ylim=None, max_order=10):
    """Sliders for the order (0 to max_order) and x0 (across xlim) over `draw_taylor`.

    Defined in notebooks/90_utilities.ipynb; used in
    notebooks/04_calculus_for_deep_learning.ipynb (4.6.1)."""
    import ipywidgets as widgets
    if not callable(f):
        raise TypeError(f'f must be a function of one variable, got {type(f).__name__}')
    for name, value in [('order', order), ('max_order', max_order)]:
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(f'{name} must be an int, got {value!r}')
    if not 0 <= order <= max_order:
        raise ValueError(f'order must lie between 0 and max_order={max_order}, got {order}')
    if isinstance(x0, bool) or not isinstance(x0, numbers.Real):
        raise TypeError(f'x0 must be a number, got {x0!r}')
    low, high = d2l.plotting.check_limits(xlim, 'xlim')
    if not low <= x0 <= high:
        raise ValueError(f'x0 must lie inside xlim {xlim!r}, got {x0!r}')
    controls = dict(
        order=widgets.IntSlider(value=order, min=0, max=max_order, description='order'),
        x0=d2l.live_figure.span_slider(x0, low, high, description='x0'))
    xlim, ylim = d2l.taylor.check_taylor(f, order, x0, xlim, ylim)
    if ylim is None:
        ylim = d2l.plotting.function_ylim(f, xlim)
    live = d2l.live_figure.LiveFigure(
        lambda figure: draw_function(f, xlim, ylim, 'y', 121, axes=figure.add_subplot()),
        lambda drawn, order, x0: d2l.draw_taylor_polynomial(*drawn, f, order, x0))
    return live.interact(**controls)


# %% [markdown]
# ## The library, module by module
#
# `make lib` writes one file per module, each with a one-line docstring that
# says which concern it holds. `d2l.NAME` is the helper of the module that
# defines it, and tab completion on `d2l.` offers the names of `__all__`:

# %%
import importlib  # noqa: E402

for module in ['plotting', 'optimization', 'taylor', 'live_figure', 'explorers',
               'autodiff', 'autodiff_draw', 'exercise_checks']:
    print(f'd2lutils.{module}:', importlib.import_module(f'd2lutils.{module}').__doc__)
from matplotlib import pyplot  # noqa: E402

for name in d2l.__all__:  # each name is the one its module defines
    module = pyplot if name == 'plt' else importlib.import_module(getattr(d2l, name).__module__)
    assert getattr(d2l, name) is (module if name == 'plt' else getattr(module, name))
print(len(d2l.__all__), 'names in d2l.:', ', '.join(sorted(d2l.__all__)))
