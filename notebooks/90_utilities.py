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
# * `#@save __init__`: `d2lutils/__init__.py`, the package itself.
#
# The explorers, the sliders of the chapters (`#@save explorers`), and their
# engine (`#@save live_figure`) have an appendix of their own:
# [Explorers and their engine](90_utilities_explorers.ipynb).
#
# `import d2lutils as d2l` offers what the chapters use (`d2l.plot`,
# `d2l.explore_secant`); the rest is used from its module, as
# `d2l.plotting.check_figsize`. Helpers call each other as `d2l.NAME`, looked
# up when they run, and call the helpers of their own module directly.
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
import sys

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


# %% [markdown]
# The explorers draw a function $f$ by calling it on the points of a grid. The points
# are a torch tensor, or, in a kernel that has imported jax and not torch (a JAX
# chapter's), a NumPy array that $f$ gets as a float64 JAX array: a JAX chapter never
# loads PyTorch, a few hundred megabytes of memory. The
# [explorers' utilities](90_utilities_explorers.ipynb) say what that means for the
# function you give them.

# %%
#@save plotting
def _jax_kernel():
    """Whether the helpers compute with JAX here: jax is imported and torch is not."""
    return 'jax' in sys.modules and 'torch' not in sys.modules


# %%
#@save plotting
def values_of(f, xs):
    """f(xs) as a NumPy array, for the 1-D points xs of even_points; raise unless f works
    elementwise on them. In a JAX kernel (_jax_kernel) f gets a float64 JAX array."""
    if _jax_kernel():
        import jax
        with jax.enable_x64(True):  # float64, as in the PyTorch edition
            ys = f(jax.numpy.asarray(np.asarray(xs, dtype=float)))
            if not isinstance(ys, jax.Array) or ys.shape != np.shape(xs):
                raise TypeError('f must work elementwise on an array of points, '
                                f'got {type(ys).__name__} back')
            return np.array(ys)
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
    """`points` float64 points spread evenly over xlim, the same bits on every CPU: a tensor,
    or a NumPy array in a JAX kernel (_jax_kernel), which need not load torch."""
    xs = np.linspace(float(xlim[0]), float(xlim[1]), points)
    if _jax_kernel():
        return xs
    import torch
    return torch.from_numpy(xs)


# %%
#@save plotting
def function_ylim(f, xlim, points=121):
    """fit_ylim for the values of f (as in values_of) at points spread evenly over xlim."""
    return fit_ylim(values_of(f, even_points(xlim, points)), xlim)


# %% [markdown]
# ## The library, module by module
#
# `make lib` writes one file per module, each with a one-line docstring that
# says which concern it holds. `d2l.NAME` is the helper of the module that
# defines it, and tab completion on `d2l.` offers the names of `__all__`:

# %%
import importlib  # noqa: E402

for module in ['plotting', 'optimization', 'taylor', 'live_figure', 'explorers',
               'autodiff', 'autodiff_draw', 'exercise_checks', 'exercise_answers']:
    print(f'd2lutils.{module}:', importlib.import_module(f'd2lutils.{module}').__doc__)
from matplotlib import pyplot  # noqa: E402

for name in d2l.__all__:  # each name is the one its module defines
    module = pyplot if name == 'plt' else importlib.import_module(getattr(d2l, name).__module__)
    assert getattr(d2l, name) is (module if name == 'plt' else getattr(module, name))
print(len(d2l.__all__), 'names in d2l.:', ', '.join(sorted(d2l.__all__)))
