"""The explorers of notebooks/04_calculus_for_deep_learning.ipynb: gradient descent
(draw_descent, explore_descent, 4.4.3) and Taylor polynomials (draw_taylor,
explore_taylor, 4.6.1).

The update functions are checked by what they return and what Matplotlib is left
holding, against closed forms; the explorers by moving their sliders.
"""

import math
import subprocess
import sys
import warnings

import ipywidgets as widgets
import numpy as np
import pytest
import torch
from matplotlib import pyplot as plt
from matplotlib.contour import ContourSet

import d2lutils as d2l

START = (-3.0, 1.5)
WIDGET_WARNING = "ignore:FigureCanvasAgg is non-interactive"


def bowl(x1, x2):
    return x1 ** 2 + 4 * x2 ** 2


def bowl_grad(x1, x2):
    return 2 * x1, 8 * x2


def closed_form_path(lr, steps, start=START):
    """Gradient descent on x1^2 + 4 x2^2 multiplies x1 by (1 - 2 lr), x2 by (1 - 8 lr)."""
    k = np.arange(steps + 1)
    return np.stack([(1 - 2 * lr) ** k * start[0], (1 - 8 * lr) ** k * start[1]], axis=1)


def panels(figure=None):
    """The path panel and the loss panel of figure, by default the one draw_descent drew last."""
    path_panel, loss_panel = (figure or plt.gcf()).axes
    return path_panel, loss_panel


def lines_by_label(ax=None):
    ax = ax or plt.gca()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    return dict(zip(labels, ax.get_lines()))


# draw_descent: what it returns and draws

@pytest.mark.parametrize("lr, steps", [(0.05, 10), (0.1, 20), (0.2, 1), (0.23, 20),
                                       (0.27, 20), (0.3, 50)])
def test_draw_descent_returns_the_closed_form_path_and_its_losses(lr, steps):
    path, losses = d2l.draw_descent(bowl, bowl_grad, lr=lr, steps=steps, start=START)
    expected = closed_form_path(lr, steps)
    assert path.shape == (steps + 1, 2)
    np.testing.assert_allclose(path, expected, rtol=1e-9, atol=1e-12)
    k = np.arange(steps + 1)
    np.testing.assert_allclose(
        losses, START[0] ** 2 * (1 - 2 * lr) ** (2 * k) + 4 * START[1] ** 2 * (1 - 8 * lr) ** (2 * k),
        rtol=1e-9)


@pytest.mark.parametrize("lr, steps", [(0.1, 20), (0.23, 7), (0.27, 20)])
def test_draw_descent_draws_the_path_over_contours_and_the_loss_per_step(lr, steps):
    path, losses = d2l.draw_descent(bowl, bowl_grad, lr=lr, steps=steps, start=START)
    path_panel, loss_panel = panels()
    (path_line,) = path_panel.get_lines()
    np.testing.assert_array_equal(path_line.get_xydata(), path)
    assert len(path_line.get_xdata()) == steps + 1
    assert len([c for c in path_panel.collections if isinstance(c, ContourSet)]) == 1
    assert path_panel.get_xlim() == (-3.5, 3.5) and path_panel.get_ylim() == (-2.5, 2.5)
    assert path_panel.get_aspect() == 1.0
    assert path_panel.get_title() == f"lr = {lr:.3g}, {steps} steps"
    (loss_line,) = loss_panel.get_lines()
    np.testing.assert_array_equal(loss_line.get_xdata(), np.arange(steps + 1))
    np.testing.assert_array_equal(loss_line.get_ydata(), losses)
    assert loss_panel.get_yscale() == "log"
    assert (loss_panel.get_xlabel(), loss_panel.get_ylabel()) == ("step", "loss")
    assert loss_panel.get_xlim() == (0, steps)
    assert loss_panel.get_title() == f"loss after {steps} steps: {losses[-1]:.4g}"


def test_draw_descent_shows_the_three_regimes_of_the_chapter():
    start_loss = bowl(*START)
    # lr = 0.1: both factors in (0, 1): x2 keeps its sign, the loss falls every step
    path, losses = d2l.draw_descent(bowl, bowl_grad, lr=0.1, steps=20, start=START)
    assert (path[:, 1] > 0).all() and (np.diff(losses) < 0).all() and losses[-1] < 0.01
    # lr = 0.23: x2 flips sign every step (factor -0.84), yet the loss still falls
    path, losses = d2l.draw_descent(bowl, bowl_grad, lr=0.23, steps=20, start=START)
    assert (np.sign(path[:, 1]) == (-1.0) ** np.arange(21)).all()
    assert (np.diff(losses) < 0).all() and losses[-1] < 0.01 * start_loss
    # lr = 0.27: factor -1.16 on x2: the zigzag and the loss grow
    path, losses = d2l.draw_descent(bowl, bowl_grad, lr=0.27, steps=20, start=START)
    assert (np.sign(path[:, 1]) == (-1.0) ** np.arange(21)).all()
    assert (np.diff(losses[2:]) > 0).all() and losses[-1] > 100 * start_loss
    assert abs(path[-1, 1]) > 2.5  # the path has left the region drawn


def test_a_loss_that_overflows_ends_the_curve_without_a_warning():
    def quartic(x1, x2):
        return x1 ** 4 + x2 ** 2

    def quartic_grad(x1, x2):
        return 4 * x1 ** 3, 2 * x2

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path, losses = d2l.draw_descent(quartic, quartic_grad, lr=0.3, steps=30, start=START)
        plt.gcf().canvas.draw()  # rendering the huge, then infinite, path is quiet too
    assert path.shape == (31, 2)
    first_bad = int(np.argmin(np.isfinite(losses)))
    assert 0 < first_bad < 30 and np.isfinite(losses[:first_bad]).all()
    _, loss_panel = panels()
    (loss_line,) = loss_panel.get_lines()
    np.testing.assert_array_equal(loss_line.get_ydata(), losses[:first_bad])
    assert loss_panel.get_title() == f"loss is {losses[first_bad]} from step {first_bad} on"
    assert loss_panel.get_xlim() == (0, 30)


def test_a_loss_that_can_be_negative_is_drawn_on_a_linear_scale():
    path, losses = d2l.draw_descent(lambda a, b: a ** 2 - b ** 2, lambda a, b: (2 * a, -2 * b),
                                    lr=0.1, steps=20, start=(3.0, 0.05))
    assert losses[-1] < 0
    assert panels()[1].get_yscale() == "linear"


def test_draw_descent_accepts_a_tensor_start_and_numpy_numbers():
    path, _ = d2l.draw_descent(bowl, bowl_grad, lr=np.float64(0.1), steps=np.int64(5),
                               start=torch.tensor(START, requires_grad=True))
    np.testing.assert_allclose(path, closed_form_path(0.1, 5))


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(f="x1**2 + 4*x2**2"), TypeError, "f must be a callable"),
    (dict(f=lambda a, b: math.exp(a)), TypeError, "f must work elementwise"),
    (dict(f=lambda a, b: 1.0), ValueError, "f must work elementwise"),
    (dict(f=lambda a, b: np.log(a) + b, start=(-1.0, 1.0)), ValueError, "f is not finite at start"),
    (dict(grad_fn=None), TypeError, "grad_fn must be a callable"),
    (dict(steps=0), ValueError, "steps must be at least 1"),
    (dict(steps=-3), ValueError, "steps must be at least 1"),
    (dict(steps=2.5), TypeError, "steps must be an int"),
    (dict(lr="0.1"), TypeError, "lr must be a number"),
    (dict(lr=None), TypeError, "lr must be a number"),
    (dict(lr=0.0), ValueError, "lr must be positive"),
    (dict(start="ab"), TypeError, "start must be a pair of numbers"),
    (dict(start=("a", 1.0)), TypeError, "start must be a pair of numbers"),
    (dict(start=(np.nan, 1.0)), ValueError, "start must be finite"),
    (dict(xlim=(3, -3)), ValueError, "xlim must be .low, high."),
    (dict(ylim=2), TypeError, "ylim must be a pair of numbers"),
    (dict(levels=0), ValueError, "levels must be a positive number"),
])
def test_draw_descent_rejects_bad_input_before_drawing(kwargs, error, message):
    arguments = dict(f=bowl, grad_fn=bowl_grad, lr=0.1, steps=5, start=START) | kwargs
    with pytest.raises(error, match=message):
        d2l.draw_descent(**arguments)
    assert not plt.get_fignums()  # no half-drawn figure left behind


# explore_descent: the sliders

def descent_sliders(**kwargs):
    """The sliders of explore_descent by name, and the figure it shows (explorer.live)."""
    explorer = d2l.explore_descent(bowl, bowl_grad, **kwargs)
    *sliders, image, errors = explorer.children
    assert isinstance(errors, widgets.Output) and image.frame.startswith(b'\x89PNG')
    return dict(zip(["lr", "steps", "x1", "x2"], sliders)), explorer.live.figure


def test_explore_descent_has_lr_steps_and_start_sliders_that_reach_the_three_regimes():
    sliders, _ = descent_sliders(lr=0.23)
    assert [s.description for s in sliders.values()] == ["lr", "steps", "start x1", "start x2"]
    assert isinstance(sliders["steps"], widgets.IntSlider)
    assert [s.value for s in sliders.values()] == [0.23, 20, -3.0, 1.5]
    lr = sliders["lr"]
    assert lr.min < 0.125 and 0.25 < lr.max  # smooth, zigzag and diverging runs
    assert (sliders["x1"].min, sliders["x1"].max) == (-3.5, 3.5)
    assert (sliders["x2"].min, sliders["x2"].max) == (-2.5, 2.5)


@pytest.mark.filterwarnings(WIDGET_WARNING)
@pytest.mark.parametrize("lr", [0.1, 0.23, 0.27])
def test_moving_the_lr_slider_redraws_the_run(lr):
    sliders, figure = descent_sliders(lr=0.05)
    plt.close("all")
    sliders["lr"].value = lr
    path_panel, loss_panel = panels(figure)
    expected = closed_form_path(lr, 20)
    np.testing.assert_allclose(path_panel.get_lines()[0].get_xydata(), expected, rtol=1e-9)
    assert path_panel.get_title() == f"lr = {lr:.3g}, 20 steps"
    assert loss_panel.get_title() == f"loss after 20 steps: {bowl(*expected[-1]):.4g}"


@pytest.mark.filterwarnings(WIDGET_WARNING)
def test_moving_the_steps_slider_changes_the_number_of_points_drawn():
    sliders, figure = descent_sliders()
    for steps in [1, 7, 50]:
        plt.close("all")
        sliders["steps"].value = steps
        path_panel, loss_panel = panels(figure)
        assert len(path_panel.get_lines()[0].get_xdata()) == steps + 1
        assert len(loss_panel.get_lines()[0].get_ydata()) == steps + 1


@pytest.mark.filterwarnings(WIDGET_WARNING)
def test_moving_the_start_sliders_moves_the_first_point():
    sliders, figure = descent_sliders()
    plt.close("all")
    sliders["x1"].value = 2.0
    sliders["x2"].value = -1.0
    path = panels(figure)[0].get_lines()[0].get_xydata()
    np.testing.assert_allclose(path, closed_form_path(0.1, 20, start=(2.0, -1.0)), atol=1e-12)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(f=42), TypeError, "f must be a callable"),
    (dict(grad_fn="2x"), TypeError, "grad_fn must be a callable"),
    (dict(lr="fast"), TypeError, "lr must be a number"),
    (dict(lr=0.5), ValueError, "lr must lie in lr_range"),
    (dict(steps=0), ValueError, "steps must be at least 1"),
    (dict(steps=80), ValueError, "steps must lie between 1 and max_steps=50"),
    (dict(start=(5.0, 0.0)), ValueError, "start must lie inside xlim x ylim"),
    (dict(start=None), TypeError, "start must be a pair of numbers"),
    (dict(lr_range=(0.3, 0.01, 0.01)), ValueError, "lr_range must be"),
    (dict(lr_range=0.3), TypeError, "lr_range must be three numbers"),
    (dict(max_steps=50.0), TypeError, "max_steps must be an int"),
])
def test_explore_descent_rejects_bad_input_clearly(kwargs, error, message):
    arguments = dict(f=bowl, grad_fn=bowl_grad) | kwargs
    with pytest.raises(error, match=message):
        d2l.explore_descent(**arguments)


# draw_taylor: coefficients and what it draws

def sin_coefficient(k, x0=0.0):
    """The k-th derivative of sin, sin(x0 + k pi/2), over k!."""
    return math.sin(x0 + k * math.pi / 2) / math.factorial(k)


def test_taylor_coefficients_of_sin_around_0_are_0_1_0_minus_one_sixth():
    coefficients = d2l.draw_taylor(torch.sin, order=10, x0=0.0)
    expected = [0, 1, 0, -1 / 6, 0, 1 / 120, 0, -1 / 5040, 0, 1 / 362880, 0]
    np.testing.assert_allclose(coefficients, expected, atol=1e-15)
    assert all(math.copysign(1, c) > 0 for c in coefficients[::2])  # 0.0, never -0.0


@pytest.mark.parametrize("x0", [0.0, 1.0, -2.5])
def test_taylor_coefficients_of_exp_are_exp_x0_over_k_factorial(x0):
    coefficients = d2l.draw_taylor(torch.exp, order=8, x0=x0, xlim=(-4, 4))
    np.testing.assert_allclose(coefficients, [math.exp(x0) / math.factorial(k) for k in range(9)],
                               rtol=1e-12)


@pytest.mark.parametrize("order, x0", [(0, 0.0), (1, 1.0), (3, 0.0), (6, -2.0), (10, 2.5)])
def test_draw_taylor_draws_sin_and_its_polynomial(order, x0):
    coefficients = d2l.draw_taylor(torch.sin, order=order, x0=x0)
    assert len(coefficients) == order + 1
    np.testing.assert_allclose(coefficients, [sin_coefficient(k, x0) for k in range(order + 1)],
                               atol=1e-12)
    lines = lines_by_label()
    assert set(lines) == {"sin(x)", f"order {order}"}
    xs = lines["sin(x)"].get_xdata()
    assert (xs[0], xs[-1]) == (-6.0, 6.0)
    np.testing.assert_allclose(lines["sin(x)"].get_ydata(), np.sin(xs), atol=1e-12)
    polynomial = lines[f"order {order}"]
    np.testing.assert_array_equal(polynomial.get_xdata(), xs)
    expected = sum(sin_coefficient(k, x0) * (xs - x0) ** k for k in range(order + 1))
    np.testing.assert_allclose(polynomial.get_ydata(), expected, rtol=1e-9, atol=1e-9)
    point = plt.gca().get_lines()[-1]  # the point of contact
    np.testing.assert_allclose(point.get_xydata(), [[x0, math.sin(x0)]], atol=1e-12)
    assert plt.gca().get_title() == f"Taylor polynomial around x0 = {x0:.3g}"
    # the range of sin on the grid, about (-1, 1), with a margin as wide
    np.testing.assert_allclose(plt.gca().get_ylim(), (-2.0, 2.0), atol=1e-3)


def test_the_polynomial_of_a_polynomial_is_itself_beyond_its_degree():
    coefficients = d2l.draw_taylor(lambda x: x ** 3 - 2 * x + 1, order=6, x0=1.0, xlim=(-2, 3))
    # around 1: (x-1)^3 + 3(x-1)^2 + (x-1) + 0
    np.testing.assert_allclose(coefficients, [0, 1, 3, 1, 0, 0, 0], atol=1e-12)
    polynomial = lines_by_label()["order 6"]
    xs = polynomial.get_xdata()
    np.testing.assert_allclose(polynomial.get_ydata(), xs ** 3 - 2 * xs + 1, atol=1e-9)
    assert "f(x)" in lines_by_label()  # a lambda has no name to show


def test_draw_taylor_uses_the_axes_and_limits_it_is_given():
    _, (left, right) = plt.subplots(1, 2)
    d2l.draw_taylor(torch.exp, order=2, x0=0.5, xlim=(-1, 2), ylim=(0, 5), axes=right)
    assert not left.get_lines()
    assert right.get_xlim() == (-1, 2) and right.get_ylim() == (0, 5)
    assert "exp(x)" in lines_by_label(right)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(f="sin"), TypeError, "f must be a function of one variable"),
    pytest.param(dict(f=math.sin), TypeError, "f must map a number to a number", marks=[
        pytest.mark.filterwarnings("ignore:Converting a tensor with requires_grad")]),
    (dict(f=lambda x: [x, x]), TypeError, "f must map a number to a number"),
    (dict(f=lambda x: x.sum() if x.ndim else x), TypeError, "f must work elementwise"),
    (dict(f=lambda x: torch.log(x - 10)), ValueError, "f has no finite value in xlim"),
    (dict(order=-1), ValueError, "order must be at least 0"),
    (dict(order=2.0), TypeError, "order must be an int"),
    (dict(order="3"), TypeError, "order must be an int"),
    (dict(order=True), TypeError, "order must be an int"),
    (dict(x0="1"), TypeError, "x0 must be a number"),
    (dict(x0=None), TypeError, "x0 must be a number"),
    (dict(x0=math.inf), ValueError, "x0 must be finite"),
    (dict(xlim=(1, 1)), ValueError, "xlim must be .low, high."),
    (dict(ylim="tight"), TypeError, "ylim must be a pair of numbers"),
])
def test_draw_taylor_rejects_bad_input_clearly(kwargs, error, message):
    arguments = dict(f=torch.sin, order=3, x0=0.0) | kwargs
    with pytest.raises(error, match=message):
        d2l.draw_taylor(**arguments)
    assert not plt.get_fignums()


# explore_taylor: the sliders

def taylor_sliders(**kwargs):
    explorer = d2l.explore_taylor(torch.sin, **kwargs)
    order, x0, image, errors = explorer.children
    assert isinstance(order, widgets.IntSlider) and image.frame.startswith(b'\x89PNG')
    return order, x0, explorer.live.figure.axes[0]


def test_explore_taylor_has_an_order_slider_from_0_to_10_and_an_x0_slider_across_xlim():
    order, x0, _ = taylor_sliders(order=5)
    assert (order.value, order.min, order.max) == (5, 0, 10)
    assert (x0.value, x0.min, x0.max) == (0.0, -6.0, 6.0)


@pytest.mark.filterwarnings(WIDGET_WARNING)
def test_moving_the_order_slider_redraws_the_polynomial():
    order, _, axes = taylor_sliders()
    for n in [0, 7, 10]:
        plt.close("all")
        order.value = n
        polynomial = lines_by_label(axes)[f"order {n}"]
        xs = polynomial.get_xdata()
        expected = sum(sin_coefficient(k) * xs ** k for k in range(n + 1))
        np.testing.assert_allclose(polynomial.get_ydata(), expected, rtol=1e-9, atol=1e-9)


@pytest.mark.filterwarnings(WIDGET_WARNING)
def test_moving_the_x0_slider_moves_the_expansion_point():
    order, x0, axes = taylor_sliders(order=2)
    plt.close("all")
    x0.value = 1.5
    assert axes.get_title() == "Taylor polynomial around x0 = 1.5"
    polynomial = lines_by_label(axes)["order 2"]
    xs = polynomial.get_xdata()
    expected = math.sin(1.5) + math.cos(1.5) * (xs - 1.5) - math.sin(1.5) / 2 * (xs - 1.5) ** 2
    np.testing.assert_allclose(polynomial.get_ydata(), expected, atol=1e-12)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(f=None), TypeError, "f must be a function of one variable"),
    (dict(order=11), ValueError, "order must lie between 0 and max_order=10"),
    (dict(order=-2), ValueError, "order must lie between 0 and max_order=10"),
    (dict(order=1.5), TypeError, "order must be an int"),
    (dict(max_order="10"), TypeError, "max_order must be an int"),
    (dict(x0="0"), TypeError, "x0 must be a number"),
    (dict(x0=7.0), ValueError, "x0 must lie inside xlim"),
    (dict(xlim=(2, -2)), ValueError, "xlim must be .low, high."),
])
def test_explore_taylor_rejects_bad_input_clearly(kwargs, error, message):
    arguments = dict(f=torch.sin) | kwargs
    with pytest.raises(error, match=message):
        d2l.explore_taylor(**arguments)


# The library stays light and documented

def test_every_explorer_names_the_notebook_section_that_defines_it():
    for name, section in [("draw_descent", "(4.4.3)"), ("draw_taylor", "(4.6.1)")]:
        doc = getattr(d2l, name).__doc__
        assert f"Defined in notebooks/04_calculus_for_deep_learning.ipynb {section}" in doc
    # The sliders are plumbing, defined in the appendix and used by the chapter.
    for name, section in [("explore_descent", "(4.4.3)"), ("explore_taylor", "(4.6.1)")]:
        doc = " ".join(getattr(d2l, name).__doc__.split())
        assert ("Defined in notebooks/90_utilities.ipynb; used in "
                f"notebooks/04_calculus_for_deep_learning.ipynb {section}") in doc
