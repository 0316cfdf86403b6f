# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Utilities: explorers and their engine
#
# Back to the [table of contents](00_index.ipynb); the other utilities are in
# [Utility functions and classes](90_utilities.ipynb).
#
# An explorer is a figure with sliders; moving a slider redraws the figure.
# The chapters call them (`d2l.explore_secant` in 2.4.2, `d2l.explore_descent`
# and `d2l.explore_taylor` in chapter 4); their parts are here.
#
# First, the checks they share, and the slope of a function at a point by
# autograd.
#
# Which autograd? The one of the framework your kernel has loaded: PyTorch's, or
# `jax.grad` in a kernel that has imported jax and not torch, as a JAX chapter's
# kernel has. So the explorers work in a JAX chapter without ever loading PyTorch.
# Either way they compute in float64, so a function written with arithmetic alone,
# such as `3 * x ** 2 - 4 * x`, gives the same slopes and the same figures in both
# editions. (In a kernel that has imported both, they use PyTorch: there, `f` must
# work on torch tensors.)

# %%
# In Colab, Kaggle, Studio Lab or a notebook alone, this installs d2lutils.
import importlib.util, os, sys
if importlib.util.find_spec('d2lutils') is None:
    repository = 'git+https://github.com/d2l-companion/d2l-calculus-companion'
    source = os.environ.get('D2LUTILS_PIP_SOURCE', repository)
    print(f'Installing d2lutils from {source}')
    get_ipython().system(f'"{sys.executable}" -m pip install --quiet {source}')

# %%
import d2lutils as d2l

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
    """f'(x) for a function f of one float, by torch autograd, or by jax.grad in a JAX
    kernel (d2l.plotting._jax_kernel), in float64 either way."""
    if d2l.plotting._jax_kernel():
        import jax
        with jax.enable_x64(True):
            point = jax.numpy.asarray(float(x))
            value = f(point)
            if not isinstance(value, jax.Array) or value.size != 1:
                raise TypeError('f must map a number to a number using operations that work '
                                f'on JAX arrays, got {type(value).__name__} back')
            return float(jax.grad(lambda t: f(t).reshape(()))(point))
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

    f: a function of one variable that works elementwise on a tensor (on a JAX
       array in a kernel that has imported jax and not torch).
    xlim: (low, high); ylim: (low, high), or None to fit what is drawn.
    axes: Matplotlib axes to draw on (cleared), the current ones by default.
    xs: the points drawn, float64 (d2l.plotting.even_points), for the curves drawn over f.

    Defined in notebooks/90_utilities.ipynb."""
    xs = d2l.plotting.even_points(xlim, points)
    d2l.plot(xs, d2l.plotting.values_of(f, xs), 'x', ylabel, xlim=xlim, ylim=ylim, axes=axes)
    return (axes if axes is not None else d2l.plt.gca()), xs


# %%
#@save explorers
def _value_at(f, x):
    """f(x) as a float, for a number x (given as a float64 tensor, or JAX array in a JAX
    kernel)."""
    if d2l.plotting._jax_kernel():
        import jax
        with jax.enable_x64(True):
            return float(f(jax.numpy.asarray(float(x))))
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
       tensors (JAX arrays in a JAX kernel), such as `lambda x: 3 * x ** 2 - 4 * x`.
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

    f: a function of one variable written with torch operations (jax.numpy in a
       JAX kernel).
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
# ## Where sliders cannot be shown
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
# ---
#
# [Contents](00_index.ipynb) ·
# the chapters that use them: [2.4 Calculus](01_calculus.ipynb) ·
# [Calculus for deep learning](04_calculus_for_deep_learning.ipynb) ·
# back: [Utility functions and classes](90_utilities.ipynb)
