"""The interactive explorers: what their update functions draw, and their sliders."""

import ipywidgets as widgets
import numpy as np
import pytest
import torch
from matplotlib import pyplot as plt

import d2lutils as d2l


def f(x):
    return 3 * x ** 2 - 4 * x


def lines_by_label():
    ax = plt.gca()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    return dict(zip(labels, ax.get_lines()))


@pytest.mark.parametrize("h", [1.0, 0.5, 0.1, 1e-3, -0.25])
def test_draw_secant_draws_the_secant_of_slope_3h_plus_2(h):
    quotient = d2l.draw_secant(f, x=1.0, h=h)
    # For f = 3x^2 - 4x, (f(1+h) - f(1)) / h = 3h + 2 exactly.
    assert quotient == pytest.approx(3 * h + 2, rel=1e-6)
    lines = lines_by_label()
    secant = lines[f"secant, h={h:.4g}"]
    xs, ys = secant.get_xdata(), secant.get_ydata()
    np.testing.assert_allclose(np.diff(ys) / np.diff(xs), 3 * h + 2, rtol=1e-6)
    np.testing.assert_allclose(ys[np.argmin(abs(xs - 1.0))], -1.0, atol=0.1 * abs(3 * h + 2))
    assert f"= {3 * h + 2:.5f}" in plt.gca().get_title()


def test_draw_secant_draws_the_tangent_from_autograd():
    d2l.draw_secant(f, x=2.0, h=0.1)
    tangent = lines_by_label()["tangent at x=2"]
    xs, ys = tangent.get_xdata(), tangent.get_ydata()
    np.testing.assert_allclose(ys, f(2.0) + 8.0 * (xs - 2.0), atol=1e-9)  # f'(2) = 8
    assert "f'(x) = 8.00000" in plt.gca().get_title()


@pytest.mark.parametrize("x0", [0.0, 2 / 3, 1.5, 3.0])
def test_draw_tangent_returns_and_shows_6x0_minus_4(x0):
    slope = d2l.draw_tangent(f, x0=x0)
    assert slope == pytest.approx(6 * x0 - 4)
    tangent = lines_by_label()[f"tangent at x0={x0:.3g}"]
    np.testing.assert_allclose(tangent.get_ydata(),
                               f(x0) + (6 * x0 - 4) * (tangent.get_xdata() - x0), atol=1e-9)
    assert plt.gca().get_title() == f"f'({x0:.3g}) = {6 * x0 - 4:.4f}"


@pytest.mark.filterwarnings("ignore:FigureCanvasAgg is non-interactive")
def test_moving_the_h_slider_redraws_the_secant():
    explorer = d2l.explore_secant(f, x=1.0)
    slider = explorer.children[0]
    assert isinstance(slider, widgets.FloatLogSlider)
    for h in [0.1, 1e-4]:
        plt.close("all")
        slider.value = h
        assert f"= {3 * h + 2:.5f}" in plt.gca().get_title()


@pytest.mark.filterwarnings("ignore:FigureCanvasAgg is non-interactive")
def test_moving_the_x0_slider_redraws_the_tangent():
    explorer = d2l.explore_tangent(f, x0=1.0)
    slider = explorer.children[0]
    plt.close("all")
    slider.value = 2.5
    assert plt.gca().get_title() == "f'(2.5) = 11.0000"


@pytest.mark.parametrize("call, error, message", [
    (lambda: d2l.draw_secant("3x^2", 1.0, 0.1), TypeError, "f must be a function"),
    (lambda: d2l.draw_secant(f, 1.0, 0.0), ValueError, "h must not be 0"),
    (lambda: d2l.draw_secant(f, "1", 0.1), TypeError, "x must be a number"),
    (lambda: d2l.draw_tangent(lambda x: [x, x], 1.0), TypeError, "f must map a number"),
    (lambda: d2l.explore_tangent(f, x0=None), TypeError, "x0 must be a number"),
    (lambda: d2l.interact_figure(42, h=widgets.FloatSlider()), TypeError, "draw must be"),
    (lambda: d2l.interact_figure(print), ValueError, "at least one control"),
    (lambda: d2l.interact_figure(print, h=0.5), TypeError, "control h must be an ipywidgets"),
])
def test_explorers_reject_bad_input_clearly(call, error, message):
    with pytest.raises(error, match=message):
        call()


def bowl(x1, x2):
    return x1 ** 2 + 4 * x2 ** 2


def bowl_grad(x1, x2):
    return 2 * x1, 8 * x2


def sliders_of(explorer):
    return [w for w in explorer.children if isinstance(w, widgets.ValueWidget)]


EXPLORERS = {
    "secant": lambda: d2l.explore_secant(f, x=1.0),
    "tangent": lambda: d2l.explore_tangent(f, x0=1.0),
    "tangent, odd interval": lambda: d2l.explore_tangent(f, x0=0.773, xlim=(-1.3, 2.9)),
    "descent": lambda: d2l.explore_descent(bowl, bowl_grad, lr=0.23),
    "descent, odd start": lambda: d2l.explore_descent(bowl, bowl_grad, start=(-3.033, 1.177)),
    "taylor": lambda: d2l.explore_taylor(torch.sin, order=5),
}


@pytest.mark.filterwarnings("ignore:FigureCanvasAgg is non-interactive")
@pytest.mark.parametrize("make", EXPLORERS.values(), ids=EXPLORERS.keys())
def test_every_slider_starts_on_its_step_grid(make):
    # A browser moves a value that lies off the grid onto it, which redraws the figure
    # the moment it appears (and shows the reader a value nobody chose).
    for slider in sliders_of(make()):
        if isinstance(slider, widgets.FloatLogSlider):
            position = (np.log10(slider.value) / np.log10(slider.base) - slider.min) / slider.step
        else:
            position = (slider.value - slider.min) / slider.step
        assert position == pytest.approx(round(position), abs=1e-9), slider.description


@pytest.mark.parametrize("value, low, high, start, step", [
    (1.0, 0.0, 3.0, 1.0, 0.01),
    (0.997, 0.0, 3.0, 1.0, 0.01),
    (-3.0, -3.5, 3.5, -3.0, 0.01),
    (0.0, -6.0, 6.0, 0.0, 0.1),
    (123.0, 0.0, 1000.0, 120.0, 10.0),
    (9.0, 0.0, 3.0, 3.0, 0.01),
])
def test_span_slider_puts_its_start_on_a_round_grid(value, low, high, start, step):
    slider = d2l.span_slider(value, low, high, description="x")
    assert (slider.min, slider.max, slider.step) == (low, high, step)
    assert slider.value == pytest.approx(start)


def test_span_slider_needs_an_interval():
    with pytest.raises(ValueError, match="low < high"):
        d2l.span_slider(1.0, 2.0, 2.0, description="x")
