# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 2.4 Calculus
#
# Deep learning trains a model by nudging its parameters, again and again, in
# whatever direction makes a loss a little smaller. *Which* direction that is
# comes from calculus. This chapter collects the calculus we need: derivatives,
# partial derivatives and gradients, and the chain rule. It also builds the
# small plotting toolkit that the rest of the companion uses, `d2lutils`.
#
# Every number below is computed by the cell above it, and `make test`
# re-runs each cell and compares what it prints with what is recorded here.

# %%
import math

import numpy as np
import torch

import d2lutils as d2l

# %% [markdown]
# ## 2.4.1 Why calculus
#
# More than two thousand years ago, Archimedes measured the area of a circle by
# fitting polygons inside it. A regular polygon with $n$ corners on a circle of
# radius $r$ is made of $n$ thin triangles, each with two sides of length $r$
# and an angle of $2\pi/n$ between them, so its area is
#
# $$A_n = \frac{n}{2}\, r^2 \sin\frac{2\pi}{n}.$$
#
# As $n$ grows, the polygon hugs the circle and $A_n$ approaches $\pi r^2$.
# The idea of a quantity reached *in the limit* is the seed of calculus.

# %%
def polygon_area(n, r=1.0):
    """Area of the regular n-gon inscribed in a circle of radius r."""
    return n / 2 * r**2 * math.sin(2 * math.pi / n)


for n in [4, 8, 16, 64, 256, 1024]:
    area = polygon_area(n)
    print(f'n={n:5d}  area={area:.6f}  pi - area={math.pi - area:.2e}')

# %% [markdown]
# The gap to $\pi$ shrinks roughly fourfold each time $n$ doubles.
#
# Integral calculus grew out of such areas; *differential* calculus, the
# subject of this chapter, asks how a quantity changes when we change its
# input a little. That is the question we ask when training a model: how does
# the loss change if we move a parameter? Two concerns shape deep learning:
# **optimization**, fitting the parameters to the training data, and
# **generalization**, making sure that what was learned also holds on data the
# model has never seen. Calculus is the engine of the first.

# %% [markdown]
# ## 2.4.2 Derivatives and differentiation
#
# For a function $f: \mathbb{R} \to \mathbb{R}$, the derivative at $x$ is the
# limit of the slope of a secant line:
#
# $$f'(x) = \lim_{h \to 0} \frac{f(x+h) - f(x)}{h}.$$
#
# When this limit exists, $f$ is *differentiable* at $x$; when it exists at
# every point of a set, $f$ is differentiable on that set. Not every quantity
# we care about is differentiable: the accuracy of a classifier jumps in steps
# as predictions flip, and the area under an ROC curve (AUC) does too. So we
# train on a smooth *surrogate* loss, such as the cross-entropy, and hope that
# improving it improves the measure we care about.
#
# Take $f(x) = 3x^2 - 4x$.

# %%
def f(x):
    return 3 * x ** 2 - 4 * x


# %% [markdown]
# Shrinking $h$ towards zero, the difference quotient at $x = 1$ settles on 2:

# %%
for h in 10.0 ** np.arange(-1, -6, -1):
    print(f'h={h:.5f}, numerical limit={(f(1 + h) - f(1)) / h:.5f}')

# %% [markdown]
# Several notations mean the same thing. For $y = f(x)$,
#
# $$f'(x) = y' = \frac{dy}{dx} = \frac{df}{dx} = \frac{d}{dx} f(x) = Df(x) = D_x f(x).$$
#
# A handful of derivatives cover most needs:
#
# $$\frac{d}{dx} C = 0, \qquad \frac{d}{dx} x^n = n x^{n-1}\ (n \neq 0), \qquad
# \frac{d}{dx} e^x = e^x, \qquad \frac{d}{dx} \ln x = \frac{1}{x}.$$
#
# Functions built from these are differentiated with four rules. For a
# constant $C$ and differentiable $f$ and $g$:
#
# * constant multiple: $\frac{d}{dx}[C f(x)] = C \frac{d}{dx} f(x)$;
# * sum: $\frac{d}{dx}[f(x) + g(x)] = \frac{d}{dx} f(x) + \frac{d}{dx} g(x)$;
# * product: $\frac{d}{dx}[f(x) g(x)] = f(x) \frac{d}{dx} g(x) + g(x) \frac{d}{dx} f(x)$;
# * quotient: $\frac{d}{dx} \frac{f(x)}{g(x)} = \frac{g(x) \frac{d}{dx} f(x) - f(x) \frac{d}{dx} g(x)}{g(x)^2}$.
#
# With the power rule and the first two rules,
# $\frac{d}{dx}(3x^2 - 4x) = 3 \cdot 2x - 4 = 6x - 4$, which is $2$ at $x = 1$,
# the value the loop above was closing in on. PyTorch's autograd, the topic of
# the next chapter, agrees:

# %%
x = torch.tensor(1.0, requires_grad=True)
f(x).backward()
print(f'by the rules: {6 * 1 - 4},  by autograd: {x.grad.item()}')

# %% [markdown]
# ## 2.4.3 Visualization utilities
#
# Pictures make derivatives easier to think about. Here we write four small
# plotting helpers. Each block marked `#@save` is copied by `make lib` into the
# library `d2lutils`, so any notebook can use them with
# `import d2lutils as d2l`, exactly as the textbook's notebooks use
# `from d2l import torch as d2l`.
#
# First, the imports that the helpers share.

# %%
#@save
import itertools
import math
import matplotlib
import numpy as np
from matplotlib import scale as mscale

# %% [markdown]
# `d2l.plt` is Matplotlib's `pyplot`, as in the textbook. Importing `pyplot`
# takes about half a second, longer than everything else in the library, and
# a script that only uses `d2lutils.autodiff` never needs it; so the library
# imports it the first time `d2l.plt` is asked for. (A module-level
# `__getattr__` is called for names the module does not have.)

# %%
#@save
def __getattr__(name):
    """Import Matplotlib's pyplot when d2l.plt is first used."""
    if name == 'plt':
        from matplotlib import pyplot
        globals()['plt'] = pyplot
        return pyplot
    raise AttributeError(f'module {__name__!r} has no attribute {name!r}')

# %% [markdown]
# Jupyter shows figures as PNG images by default. We prefer SVG, which stays
# sharp at any zoom. Two settings make the SVG text identical every time a
# figure is drawn, which lets `make test` compare figures byte for byte:
# Matplotlib names the elements of an SVG with random ids unless a fixed
# `svg.hashsalt` is set, and it stamps the file with the current date unless
# the `Date` metadata is set to `None`.

# %%
#@save
def use_svg_display():
    """Show figures inline as SVG whose text is the same on every run.

    Defined in notebooks/01_calculus.ipynb (2.4.3)."""
    matplotlib.rcParams['svg.hashsalt'] = 'd2lutils'
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: there is no inline display to set up
        return
    if get_ipython() is None:
        return
    from matplotlib_inline import backend_inline
    # Stored in the backend's settings too, so that a later plain
    # set_matplotlib_formats('svg') keeps the date out of the SVG.
    backend_inline.InlineBackend.instance().print_figure_kwargs['metadata'] = {'Date': None}
    backend_inline.set_matplotlib_formats('svg', metadata={'Date': None})


# %% [markdown]
# `set_figsize` picks the size of new figures, in inches (width, height).

# %%
#@save
def _check_figsize(figsize):
    """Return figsize as a (width, height) tuple of positive numbers, or raise."""
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
#@save
def set_figsize(figsize=(3.5, 2.5)):
    """Use SVG figures of size figsize = (width, height), in inches.

    Defined in notebooks/01_calculus.ipynb (2.4.3)."""
    figsize = _check_figsize(figsize)
    d2l.use_svg_display()
    d2l.plt.rcParams['figure.figsize'] = figsize


# %% [markdown]
# `set_axes` labels the axes, chooses their scales (`'linear'`, `'log'`, …)
# and limits, adds a legend when one is given, and turns the grid on.

# %%
#@save
def _check_scale(scale, name):
    """Raise a ValueError unless scale is one Matplotlib knows."""
    names = mscale.get_scale_names()
    if scale not in names:
        raise ValueError(f'{name} must be one of {names}, got {scale!r}')


# %%
#@save
def set_axes(axes, xlabel, ylabel, xlim, ylim, xscale, yscale, legend):
    """Set the labels, limits, scales, legend and grid of Matplotlib axes.

    xlabel, ylabel: str or None. xlim, ylim: (low, high) or None for automatic.
    xscale, yscale: a Matplotlib scale name such as 'linear' or 'log'.
    legend: a list of labels, one per curve, or None for no legend.

    Defined in notebooks/01_calculus.ipynb (2.4.3)."""
    _check_scale(xscale, 'xscale')
    _check_scale(yscale, 'yscale')
    axes.set_xlabel(xlabel), axes.set_ylabel(ylabel)
    axes.set_xscale(xscale), axes.set_yscale(yscale)
    axes.set_xlim(xlim), axes.set_ylim(ylim)
    if legend:
        axes.legend([legend] if isinstance(legend, str) else legend)
    axes.grid(True)


# %% [markdown]
# `plot` draws one or several curves. It is forgiving about what it is given:
# Python lists, NumPy arrays, or PyTorch tensors, including tensors that
# require gradients or live on a GPU, which it detaches and copies to the CPU
# before drawing. Before drawing anything, it turns its input into a list of
# one-dimensional NumPy arrays, and says clearly what is wrong when that is
# impossible.

# %%
#@save
def _as_curve(data, name):
    """Return data as a 1-D float NumPy array, or raise a clear error."""
    if hasattr(data, 'detach'):  # a PyTorch tensor: leave autograd and the GPU behind
        data = data.detach().cpu()
    array = np.asarray(data)
    if array.dtype.kind not in 'biuf':
        raise TypeError(f'{name} must hold numbers, got values of type {array.dtype}')
    if array.ndim != 1:
        raise ValueError(f'{name} must be a 1-D sequence of numbers, got shape {array.shape}')
    if array.size == 0:
        raise ValueError(f'{name} is empty; a curve needs at least one point')
    return array.astype(float)


# %%
#@save
def _as_curves(data, name):
    """Split plot's X or Y argument into a list of 1-D curves.

    A 1-D sequence is one curve; a 2-D array, or a list of 1-D sequences, is
    one curve per row or item."""
    if hasattr(data, 'detach'):
        data = data.detach().cpu()
    if isinstance(data, (list, tuple)):
        if len(data) == 0:
            raise ValueError(f'{name} is empty; give at least one curve')
        if all(np.ndim(item) == 0 for item in data):  # a list of numbers
            return [_as_curve(data, name)]
        return [_as_curve(item, f'{name}[{i}]') for i, item in enumerate(data)]
    if not hasattr(data, 'ndim') and not hasattr(data, '__array__'):
        raise TypeError(f'{name} must be a list, a NumPy array or a tensor, '
                        f'got {type(data).__name__}')
    array = np.asarray(data)
    if array.ndim == 2:
        return [_as_curve(row, f'{name}[{i}]') for i, row in enumerate(array)]
    return [_as_curve(array, name)]


# %%
#@save
def plot(X, Y=None, xlabel=None, ylabel=None, legend=None, xlim=None,
         ylim=None, xscale='linear', yscale='linear',
         fmts=('-', 'm--', 'g-.', 'r:'), figsize=(3.5, 2.5), axes=None):
    """Plot one or more curves.

    X: the x-coordinates, either one 1-D sequence shared by every curve in Y
       or one per curve; with Y=None, X holds the curves themselves, drawn
       against their index 0, 1, 2, ...
    Y: one curve (a 1-D sequence) or several (a list of 1-D sequences, or a
       2-D array with one curve per row). Sequences may be lists, NumPy
       arrays or PyTorch tensors, on any device, requiring grad or not.
    xlabel, ylabel, xlim, ylim, xscale, yscale, legend: as in `set_axes`.
    fmts: Matplotlib format strings; curve i uses fmts[i % len(fmts)], so with
       more curves than formats the formats repeat (and Matplotlib's colour
       cycle still tells apart the formats that name no colour).
    figsize: (width, height) in inches. axes: draw on these Matplotlib axes
       instead of the current ones; they are cleared first.

    Raises TypeError or ValueError, before drawing, for empty or non-numeric
    data, curves that are not 1-D, X and Y of different lengths, an unknown
    scale or a malformed figsize.

    Defined in notebooks/01_calculus.ipynb (2.4.3)."""
    Y_curves = _as_curves(X if Y is None else Y, 'X' if Y is None else 'Y')
    X_curves = [None] * len(Y_curves) if Y is None else _as_curves(X, 'X')
    if len(X_curves) == 1:
        X_curves = X_curves * len(Y_curves)
    if len(X_curves) != len(Y_curves):
        raise ValueError(f'X holds {len(X_curves)} curves but Y holds {len(Y_curves)}; '
                         'give one X for all curves or one per curve')
    for i, (x, y) in enumerate(zip(X_curves, Y_curves)):
        if x is not None and len(x) != len(y):
            raise ValueError(f'curve {i}: X has {len(x)} points but Y has {len(y)}')
    if isinstance(fmts, str):
        fmts = (fmts,)
    _check_scale(xscale, 'xscale')
    _check_scale(yscale, 'yscale')
    d2l.set_figsize(figsize)
    if axes is None:
        axes = d2l.plt.gca()
    axes.cla()
    for x, y, fmt in zip(X_curves, Y_curves, itertools.cycle(fmts)):
        if x is None:
            axes.plot(y, fmt)
        else:
            axes.plot(x, y, fmt)
    d2l.set_axes(axes, xlabel, ylabel, xlim, ylim, xscale, yscale, legend)


# %% [markdown]
# Now we can see the function $f(x) = 3x^2 - 4x$ together with its tangent
# line at $x = 1$. The tangent passes through $(1, f(1)) = (1, -1)$ with slope
# $f'(1) = 2$, so it is $y = 2x - 3$.

# %%
x = np.arange(0, 3, 0.1)
d2l.plot(x, [f(x), 2 * x - 3], 'x', 'f(x)', legend=['f(x)', 'Tangent line (x=1)'])

# %% [markdown]
# Near $x = 1$ the two curves are hard to tell apart: that is what it means
# for a line to be tangent. The helpers accept tensors that require gradients
# too, so a function and its autograd derivative can be drawn in one call:

# %%
t = torch.linspace(0, 3, 31, requires_grad=True)
f(t).sum().backward()  # each f(t_i) depends only on t_i, so t.grad holds f'(t_i)
d2l.plot(t, [f(t), t.grad], 't', legend=['f(t)', "f'(t) by autograd"])

# %% [markdown]
# ### Explore: from secant to tangent
#
# The derivative is the slope that the secant through $(x, f(x))$ and
# $(x + h, f(x + h))$ approaches as $h$ shrinks. `draw_secant` draws both
# lines and returns the difference quotient; the slope of the tangent comes
# from autograd. Here is $h = 0.5$, where the two still differ visibly:

# %%
#@save
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


# %%
#@save
def _check_function_and_point(f, **numbers):
    """Raise a TypeError unless f is callable and each value in numbers is a real number."""
    if not callable(f):
        raise TypeError(f'f must be a function of one variable, got {type(f).__name__}')
    for name, value in numbers.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f'{name} must be a number, got {value!r}')


# %%
#@save
def draw_secant(f, x=1.0, h=0.5, xlim=(0.0, 3.0), axes=None):
    """Draw f with its secant through x and x + h and its tangent at x.

    f: a function of one variable written with operations that work on torch
       tensors, such as `lambda x: 3 * x ** 2 - 4 * x`.
    x: where the tangent touches; h: the step of the secant (not 0).
    xlim: the interval drawn; axes: Matplotlib axes to draw on (cleared).
    Returns the difference quotient (f(x + h) - f(x)) / h, shown in the title
    next to the tangent's slope f'(x).

    Defined in notebooks/01_calculus.ipynb (2.4.3)."""
    import torch
    _check_function_and_point(f, x=x, h=h)
    if h == 0:
        raise ValueError('h must not be 0: the secant needs two distinct points')
    slope = _slope_by_autograd(f, x)
    fx = float(f(torch.tensor(float(x), dtype=torch.float64)))
    fxh = float(f(torch.tensor(float(x + h), dtype=torch.float64)))
    quotient = (fxh - fx) / h
    xs = torch.linspace(*xlim, 101, dtype=torch.float64)
    d2l.plot(xs, [f(xs), fx + quotient * (xs - x), fx + slope * (xs - x)], 'x', 'f(x)',
             legend=['f(x)', f'secant, h={h:.4g}', f'tangent at x={x:.4g}'],
             xlim=xlim, axes=axes)
    axes = axes if axes is not None else d2l.plt.gca()
    axes.plot([x, x + h], [fx, fxh], 'ko', markersize=3)
    axes.set_title(f"(f(x+h) - f(x))/h = {quotient:.5f},   f'(x) = {slope:.5f}", fontsize=9)
    return quotient


# %%
d2l.draw_secant(f, x=1.0, h=0.5)

# %% [markdown]
# Move the slider to shrink $h$ from 1 to $10^{-5}$ and watch the secant
# turn into the tangent and the quotient approach $f'(1) = 2$, as in the
# table of section 2.4.2. `interact_figure` redraws a figure whenever a
# slider moves; the explorers of later chapters use it too. (Sliders need a
# running kernel: in a static view of this page, only the figure above shows.)

# %%
#@save
def interact_figure(draw, **controls):
    """Show controls (sliders) above a figure that draw(**values) redraws on each change.

    draw: a function that draws on the current Matplotlib figure and takes
       one keyword argument per control.
    controls: ipywidgets value widgets, such as FloatSlider, by argument name.
    Returns the widget to display.

    Defined in notebooks/01_calculus.ipynb (2.4.3)."""
    import ipywidgets as widgets
    if not callable(draw):
        raise TypeError(f'draw must be a function, got {type(draw).__name__}')
    if not controls:
        raise ValueError('give at least one control, e.g. h=ipywidgets.FloatSlider()')
    for name, control in controls.items():
        if not isinstance(control, widgets.ValueWidget):
            raise TypeError(f'control {name} must be an ipywidgets value widget, '
                            f'got {type(control).__name__}')

    def redraw(**values):
        draw(**values)
        d2l.plt.show()

    output = widgets.interactive_output(redraw, controls)
    return widgets.VBox([*controls.values(), output])


# %% [markdown]
# A slider only takes values on its grid, `min + k * step`, and the browser
# moves a starting value that lies off the grid onto it, which redraws the
# figure as soon as it appears. `span_slider` chooses a round step and puts
# the starting value on the grid itself.

# %%
#@save
def span_slider(value, low, high, description):
    """A FloatSlider from low to high, starting at value moved onto its step grid.

    The step is a power of ten near a hundredth of high - low.

    Defined in notebooks/01_calculus.ipynb (2.4.3)."""
    import ipywidgets as widgets
    if not low < high:
        raise ValueError(f'a slider needs low < high, got {low!r} and {high!r}')
    step = 10.0 ** math.floor(math.log10((high - low) / 100))
    digits = max(0, -math.floor(math.log10(step)))
    start = round(low + round((value - low) / step) * step, digits)
    return widgets.FloatSlider(value=min(max(start, low), high), min=low, max=high,
                               step=step, description=description,
                               readout_format=f'.{digits}f')


# %%
#@save
def explore_secant(f, x=1.0, xlim=(0.0, 3.0)):
    """An h slider (log scale, from 1 down to 1e-5) over `draw_secant(f, x, h, xlim)`.

    Defined in notebooks/01_calculus.ipynb (2.4.3)."""
    import ipywidgets as widgets
    _check_function_and_point(f, x=x)
    h = widgets.FloatLogSlider(value=1.0, base=10, min=-5, max=0, step=0.25,
                               description='h', readout_format='.1e')
    return d2l.interact_figure(lambda h: d2l.draw_secant(f, x, h, xlim), h=h)


# %% tags=["nbval-ignore-output"]
# Ignored by nbval: a live widget, whose view exists only in a running kernel.
d2l.explore_secant(f, x=1.0)

# %% [markdown]
# ### Explore: the tangent anywhere
#
# The same idea at any point: `draw_tangent` draws the tangent at $x_0$ with
# the slope $f'(x_0)$ that autograd computes. At $x_0 = 2/3$ the tangent is
# flat: $f'(x_0) = 6 x_0 - 4 = 0$, the minimum of $f$.

# %%
#@save
def draw_tangent(f, x0=1.0, xlim=(0.0, 3.0), axes=None):
    """Draw f and its tangent at x0; return f'(x0), computed by autograd.

    f: a function of one variable written with torch operations.
    x0: the point of contact. xlim: the interval drawn; axes: as in `plot`.

    Defined in notebooks/01_calculus.ipynb (2.4.3)."""
    import torch
    _check_function_and_point(f, x0=x0)
    slope = _slope_by_autograd(f, x0)
    f0 = float(f(torch.tensor(float(x0), dtype=torch.float64)))
    xs = torch.linspace(*xlim, 101, dtype=torch.float64)
    d2l.plot(xs, [f(xs), f0 + slope * (xs - x0)], 'x', 'f(x)',
             legend=['f(x)', f'tangent at x0={x0:.3g}'], xlim=xlim, axes=axes)
    axes = axes if axes is not None else d2l.plt.gca()
    axes.plot([x0], [f0], 'ko', markersize=3)
    axes.set_title(f"f'({x0:.3g}) = {slope:.4f}", fontsize=9)
    return slope


# %%
d2l.draw_tangent(f, x0=2 / 3)

# %%
#@save
def explore_tangent(f, x0=1.0, xlim=(0.0, 3.0)):
    """An x0 slider across xlim over `draw_tangent(f, x0, xlim)`.

    Defined in notebooks/01_calculus.ipynb (2.4.3)."""
    import ipywidgets as widgets
    _check_function_and_point(f, x0=x0)
    slider = d2l.span_slider(x0, *xlim, description='x0')
    return d2l.interact_figure(lambda x0: d2l.draw_tangent(f, x0, xlim), x0=slider)


# %% tags=["nbval-ignore-output"]
# Ignored by nbval: a live widget, whose view exists only in a running kernel.
d2l.explore_tangent(f, x0=1.0)

# %% [markdown]
# ## 2.4.4 Partial derivatives and gradients
#
# Most functions in deep learning have many inputs. For
# $y = f(x_1, \ldots, x_n)$, the *partial derivative* with respect to $x_i$
# treats every other input as a constant:
#
# $$\frac{\partial y}{\partial x_i} = \lim_{h \to 0}
# \frac{f(x_1, \ldots, x_i + h, \ldots, x_n) - f(x_1, \ldots, x_i, \ldots, x_n)}{h}.$$
#
# It is also written $\frac{\partial f}{\partial x_i}$, $f_{x_i}$, $f_i$,
# $D_i f$ or $D_{x_i} f$. Collecting all $n$ partial derivatives gives the
# *gradient*
#
# $$\nabla_{\mathbf{x}} f(\mathbf{x}) = \left[\frac{\partial f}{\partial x_1},
# \ldots, \frac{\partial f}{\partial x_n}\right]^\top.$$
#
# A few rules, for $\mathbf{x} \in \mathbb{R}^n$ and a matrix $\mathbf{A}$ of
# matching shape, come up again and again:
#
# * $\nabla_{\mathbf{x}} \mathbf{A}\mathbf{x} = \mathbf{A}^\top$ and
#   $\nabla_{\mathbf{x}} \mathbf{x}^\top \mathbf{A} = \mathbf{A}$;
# * $\nabla_{\mathbf{x}} \mathbf{x}^\top \mathbf{A} \mathbf{x} = (\mathbf{A} + \mathbf{A}^\top)\mathbf{x}$;
# * $\nabla_{\mathbf{x}} \|\mathbf{x}\|^2 = \nabla_{\mathbf{x}} \mathbf{x}^\top\mathbf{x} = 2\mathbf{x}$;
# * for a matrix $\mathbf{X}$, $\nabla_{\mathbf{X}} \|\mathbf{X}\|_F^2 = 2\mathbf{X}$.
#
# The first two rules use the *denominator layout*: the gradient of a vector
# $\mathbf{y} \in \mathbb{R}^m$ with respect to $\mathbf{x} \in \mathbb{R}^n$
# is the $n \times m$ matrix whose entry $(i, j)$ is
# $\partial y_j / \partial x_i$, the transpose of the Jacobian. That is why
# $\mathbf{A}\mathbf{x}$ has gradient $\mathbf{A}^\top$, not $\mathbf{A}$.
#
# The textbook states these rules; here each one is checked with autograd on a
# random instance. For a vector output, `torch.autograd.functional.jacobian`
# returns the Jacobian $J_{ji} = \partial y_j / \partial x_i$ (numerator
# layout), so we transpose it to compare.

# %%
torch.manual_seed(0)  # the same random instance on every run
n, m = 4, 3
A = torch.randn(m, n, dtype=torch.float64)
x = torch.randn(n, dtype=torch.float64)
jacobian = torch.autograd.functional.jacobian

grad_Ax = jacobian(lambda x: A @ x, x).T            # n x m, denominator layout
print('grad of Ax equals A^T:  ', torch.allclose(grad_Ax, A.T))

# %%
x_m = torch.randn(m, dtype=torch.float64)
grad_xA = jacobian(lambda x: x @ A, x_m).T          # m x n
print('grad of x^T A equals A: ', torch.allclose(grad_xA, A))

# %% [markdown]
# For the scalar-valued rules we ask autograd for the gradient directly.

# %%
def autograd_gradient(fn, at):
    """Gradient of the scalar fn at `at`, by autograd."""
    at = at.detach().clone().requires_grad_(True)
    fn(at).backward()
    return at.grad


B = torch.randn(n, n, dtype=torch.float64)          # square, and not symmetric
X = torch.randn(n, m, dtype=torch.float64)
checks = {
    'x^T B x  ->  (B + B^T) x': (autograd_gradient(lambda x: x @ B @ x, x), (B + B.T) @ x),
    '||x||^2  ->  2 x': (autograd_gradient(lambda x: (x ** 2).sum(), x), 2 * x),
    '||X||_F^2 -> 2 X': (autograd_gradient(lambda X: torch.linalg.norm(X) ** 2, X), 2 * X),
}
for rule, (by_autograd, by_rule) in checks.items():
    print(f'{rule:26s} holds: {torch.allclose(by_autograd, by_rule)}')
    assert torch.allclose(by_autograd, by_rule)

# %% [markdown]
# ## 2.4.5 Chain rule
#
# Deep networks are compositions of many functions, and the chain rule
# differentiates compositions. If $y = f(g(x))$, write $u = g(x)$; then
#
# $$\frac{dy}{dx} = \frac{dy}{du} \frac{du}{dx}.$$
#
# With several variables, suppose $y$ depends on $u_1, \ldots, u_m$, and each
# $u_j$ depends on $x_1, \ldots, x_n$. A change in $x_i$ reaches $y$ along
# every $u_j$, and the contributions add up:
#
# $$\frac{\partial y}{\partial x_i} = \sum_{j=1}^{m}
# \frac{\partial y}{\partial u_j} \frac{\partial u_j}{\partial x_i}
# \quad\text{so}\quad
# \nabla_{\mathbf{x}} y = \mathbf{A}\, \nabla_{\mathbf{u}} y,$$
#
# where $\mathbf{A} \in \mathbb{R}^{n \times m}$ holds
# $\partial u_j / \partial x_i$ in row $i$, column $j$. The chain rule for
# vectors is a matrix–vector product: this is why linear algebra is at the
# heart of deep learning.
#
# Let us check it on $y = \sum_j \sin(u_j)$ with $\mathbf{u} = \mathbf{W}\mathbf{x}$.
# Then $\nabla_{\mathbf{u}} y = \cos(\mathbf{u})$, and the matrix $\mathbf{A}$
# of the formula is $\mathbf{W}^\top$.

# %%
W = torch.randn(m, n, dtype=torch.float64)
u = W @ x
by_chain_rule = W.T @ torch.cos(u)                  # A grad_u(y), with A = W^T
by_autograd = autograd_gradient(lambda x: torch.sin(W @ x).sum(), x)
print('chain rule:', by_chain_rule.numpy().round(6))
print('autograd:  ', by_autograd.numpy().round(6))
assert torch.allclose(by_chain_rule, by_autograd)

# %% [markdown]
# A central finite difference, which knows nothing of the chain rule, agrees
# as well, to about eight digits:

# %%
def central_difference(fn, at, h=1e-5):
    """Estimate the gradient of the scalar fn at `at` one coordinate at a time."""
    grad = torch.zeros_like(at)
    for i in range(at.numel()):
        step = torch.zeros_like(at)
        step[i] = h
        grad[i] = (fn(at + step) - fn(at - step)) / (2 * h)
    return grad


by_difference = central_difference(lambda x: torch.sin(W @ x).sum(), x)
print('largest gap:', f'{(by_difference - by_chain_rule).abs().max().item():.0e}')
assert torch.allclose(by_difference, by_chain_rule, atol=1e-8)

# %% [markdown]
# ## 2.4.6 Discussion
#
# * Differentiating a composition of known functions is mechanical: apply the
#   rules, from the outside in or from the inside out. Because it is
#   mechanical, a computer can do it for us. That is automatic
#   differentiation, the subject of the next chapter.
# * In many dimensions, the chain rule turns into products of matrices, so
#   vector calculus and linear algebra go hand in hand.
# * Computing a model's output runs *forward* through its layers; computing
#   its gradients runs the chain rule *backward* from the loss to the
#   parameters. This backward pass is backpropagation.
# * The gradient tells how the loss changes as each parameter moves: it is the
#   compass of optimization.

# %% [markdown]
# ## 2.4.7 Exercises
#
# Worked and checked solutions are in `solutions/01_calculus_solutions.ipynb`.
#
# 1. Using the limit definition, find the derivatives of a constant $c$, of
#    $x^n$, of $e^x$ and of $\log x$.
# 2. From first principles, prove the product, sum and quotient rules.
# 3. Show that the constant multiple rule is a special case of the product rule.
# 4. Compute the derivative of $f(x) = x^x$.
# 5. What does $f'(x) = 0$ mean for some $x$? Give a function $f$ and a point
#    $x$ where it holds.
# 6. Plot $y = f(x) = x^3 - \frac{1}{x}$ and its tangent line at $x = 1$.
# 7. Find the gradient of $f(\mathbf{x}) = 3x_1^2 + 5e^{x_2}$.
# 8. What is the gradient of $f(\mathbf{x}) = \|\mathbf{x}\|_2$? What happens
#    at $\mathbf{x} = \mathbf{0}$?
# 9. Write out the chain rule for $u = f(x, y, z)$ where $x = x(a, b)$,
#    $y = y(a, b)$ and $z = z(a, b)$.
# 10. For an invertible function $f(x)$, compute the derivative of its inverse
#     $f^{-1}(x)$. Here $f^{-1}(f(x)) = x$ and conversely $f(f^{-1}(y)) = y$.
#     Hint: use these properties in your derivation.
