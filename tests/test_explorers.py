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
        assert f"= {3 * h + 2:.5f}" in explorer.live.figure.axes[0].get_title()


@pytest.mark.filterwarnings("ignore:FigureCanvasAgg is non-interactive")
def test_moving_the_x0_slider_redraws_the_tangent():
    explorer = d2l.explore_tangent(f, x0=1.0)
    slider = explorer.children[0]
    plt.close("all")
    slider.value = 2.5
    assert explorer.live.figure.axes[0].get_title() == "f'(2.5) = 11.0000"


def test_the_frames_drawn_ahead_to_the_left_end_of_a_slider_are_at_its_values():
    # Stepping down 0.01 at a time from 0.05 lands near, not at, 0.0 (arithmetic): the frame
    # for the slider's left end must be drawn at 0, its title f'(0), not f'(-3.47e-18).
    import asyncio

    async def move_and_wait():
        explorer = d2l.explore_tangent(f, x0=0.05)
        picture = explorer.children[-2]
        sent = {}
        picture.send = lambda content, buffers: sent.update({content["frame"][0]: buffers[0]})
        sliders_of(explorer)[0].value = 0.04
        for _ in range(1200):  # until the frames down to the end are sent; a minute at most
            if 0.0 in sent or len(sent) >= 4:
                break
            await asyncio.sleep(0.05)
        return sent

    sent = asyncio.run(move_and_wait())
    assert 0.0 in sent, sorted(sent)
    assert all(v == round(v, 2) for v in sent), sorted(sent)
    assert_same_picture(sent[0.0], static_picture(
        lambda fig: d2l.draw_tangent(f, 0.0, ylim=FIT, axes=ax(fig))))


@pytest.mark.parametrize("control, value, expected", [
    (widgets.FloatSlider(min=0, max=3, step=0.01), 0.03 - 0.01 - 0.01 - 0.01, 0.0),
    (widgets.FloatSlider(min=0, max=3, step=0.01), 1.0300000000000002, 1.03),
    (widgets.FloatSlider(min=-0.5, max=3, step=0.25), 0.2500000001, 0.25),
    (widgets.FloatLogSlider(min=-5, max=0, step=0.25), 10 ** -0.7500000001, 10 ** -0.75),
    (widgets.IntSlider(min=0, max=10), 3, 3),
])
def test_a_value_moves_onto_the_sliders_grid(control, value, expected):
    assert d2l.live_figure._on_grid(control, value) == expected


def test_the_frames_ahead_are_on_the_sliders_grid():
    control, value = widgets.FloatSlider(min=0, max=3, step=0.01), 0.03
    for _ in range(3):
        value = d2l.live_figure._step(control, value, -1)
    assert value == 0.0
    assert d2l.live_figure._step(control, 1.02, 1) == 1.03


def test_the_secant_explorer_starts_inside_its_range_so_its_slider_moves_both_ways():
    slider = d2l.explore_secant(f, x=1.0).children[0]
    assert slider.base ** slider.min < slider.value < slider.base ** slider.max
    assert slider.value == pytest.approx(10 ** -0.25)
    assert d2l.live_figure._step(slider, slider.value, 1) == pytest.approx(1.0)  # ArrowRight
    assert d2l.live_figure._step(slider, slider.value, -1) == pytest.approx(10 ** -0.5)


@pytest.mark.parametrize("call, error, message", [
    (lambda: d2l.draw_secant("3x^2", 1.0, 0.1), TypeError, "f must be a function"),
    (lambda: d2l.draw_secant(f, 1.0, 0.0), ValueError, "h must not be 0"),
    (lambda: d2l.draw_secant(f, "1", 0.1), TypeError, "x must be a number"),
    (lambda: d2l.draw_tangent(lambda x: [x, x], 1.0), TypeError, "f must map a number"),
    (lambda: d2l.explore_tangent(f, x0=None), TypeError, "x0 must be a number"),
    (lambda: d2l.explore_secant(f, h=2.0), ValueError, "h must be from 1e-5 to 1"),
    (lambda: d2l.explore_secant(f, h="0.1"), TypeError, "h must be a number"),
    (lambda: d2l.live_figure.interact_figure(42, h=widgets.FloatSlider()), TypeError,
     "draw must be"),
    (lambda: d2l.live_figure.interact_figure(print), ValueError, "at least one control"),
    (lambda: d2l.live_figure.interact_figure(print, h=0.5), TypeError,
     "control h must be an ipywidgets"),
])
def test_explorers_reject_bad_input_clearly(call, error, message):
    with pytest.raises(error, match=message):
        call()


def bowl(x1, x2):
    return x1 ** 2 + 4 * x2 ** 2


def bowl_grad(x1, x2):
    return 2 * x1, 8 * x2


def sliders_of(explorer):
    return [w for w in explorer.children
            if isinstance(w, (widgets.FloatSlider, widgets.FloatLogSlider, widgets.IntSlider))]


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
    slider = d2l.live_figure.span_slider(value, low, high, description="x")
    assert (slider.min, slider.max, slider.step) == (low, high, step)
    assert slider.value == pytest.approx(start)


def test_span_slider_needs_an_interval():
    with pytest.raises(ValueError, match="low < high"):
        d2l.live_figure.span_slider(1.0, 2.0, 2.0, description="x")


# The live figures: after a slider moves, the picture shown is the static drawing at the
# same settings. The static drawing is rendered through a LiveFigure whose frame draws
# nothing, so both pictures have the same size and resolution; the moving artists are
# painted over the rest, which may put a line above a spine the full drawing puts below it:
# a handful of pixels (under 30 in these figures), hence the tolerance.

def picture(png):
    from PIL import Image
    import io
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def static_picture(draw, figsize=(3.5, 2.5)):
    """The PNG of draw(figure), drawn all at once."""
    return d2l.live_figure.LiveFigure(draw, lambda context: None, figsize=figsize).draw()


def assert_same_picture(shown, expected):
    a, b = picture(shown), picture(expected)
    assert a.shape == b.shape, f"the pictures differ in size: {a.shape} and {b.shape}"
    differ = (np.abs(a - b).max(axis=2) > 64).mean()
    assert differ < 0.0002, f"{differ:.3%} of the pixels differ"


def bowl_(x1, x2):
    return x1 ** 2 + 4 * x2 ** 2


def bowl_grad_(x1, x2):
    return 2 * x1, 8 * x2


def ax(figure):
    return figure.add_subplot()


FIT = d2l.plotting.function_ylim(f, (0.0, 3.0))
LOSS = ((0, 50), d2l.explorers.descent_loss_ylim(bowl_, (-3.5, 3.5), (-2.5, 2.5)))
LIVE = {  # explorer, slider moves, the static drawing at the settings they reach, figsize
    "secant": (lambda: d2l.explore_secant(f, x=1.0), [("h", 10 ** -0.75)],
               lambda fig: d2l.draw_secant(f, 1.0, 10 ** -0.75, ylim=FIT, axes=ax(fig)), None),
    "tangent": (lambda: d2l.explore_tangent(f, x0=1.0), [("x0", 2.5), ("x0", 0.3)],
                lambda fig: d2l.draw_tangent(f, 0.3, ylim=FIT, axes=ax(fig)), None),
    "taylor": (lambda: d2l.explore_taylor(torch.sin, order=5), [("order", 7), ("x0", 1.2)],
               lambda fig: d2l.draw_taylor(torch.sin, 7, 1.2, axes=ax(fig)), None),
    "descent": (lambda: d2l.explore_descent(bowl_, bowl_grad_, lr=0.23),
                [("lr", 0.27), ("steps", 30), ("start x2", -1.0)],
                lambda fig: d2l.optimization.descent_frame(
                    d2l.optimization.descent_panels(fig, bowl_, (-3.5, 3.5), (-2.5, 2.5), loss_limits=LOSS),
                    bowl_, bowl_grad_, 0.27, 30, (-3.0, -1.0), LOSS), (7, 2.5)),
}


@pytest.mark.parametrize("name", LIVE)
def test_after_a_move_the_explorer_shows_the_static_drawing_at_its_settings(name):
    make, moves, draw, figsize = LIVE[name]
    explorer = make()
    picture = explorer.children[-2]  # the frames, shown in the browser
    first = picture.frame
    for description, value in moves:
        next(s for s in sliders_of(explorer) if s.description == description).value = value
    assert picture.frame != first
    assert picture.frame_values == [s.value for s in sliders_of(explorer)]
    assert_same_picture(picture.frame, static_picture(draw, figsize or (3.5, 2.5)))
    assert not next(w for w in explorer.children if isinstance(w, widgets.Output)).outputs


def test_a_frame_that_is_not_the_static_drawing_is_caught():
    explorer = d2l.explore_tangent(f, x0=1.0)
    sliders_of(explorer)[0].value = 2.0
    with pytest.raises(AssertionError, match="pixels differ"):
        assert_same_picture(explorer.children[-2].frame, static_picture(
            lambda fig: d2l.draw_tangent(f, 2.1, ylim=FIT, axes=ax(fig))))


def test_a_frame_that_changes_the_limits_redraws_everything():
    def frame(axes, top):
        axes.set_ylim(0, top)
        axes.plot([0, 1], [0, 1], "m--")

    live = d2l.live_figure.LiveFigure(ax, frame)
    live.draw(top=5.0)
    assert_same_picture(live.draw(top=4.0), static_picture(lambda fig: frame(ax(fig), 4.0)))


def test_while_idle_an_explorer_sends_the_next_frames_of_a_move_ahead():
    # In a kernel, frames are drawn ahead between messages (an asyncio loop); here one loop.
    import asyncio

    async def move_and_wait():
        explorer = d2l.explore_tangent(f, x0=1.0)
        picture = explorer.children[-2]
        sent = {}
        picture.send = lambda content, buffers: sent.update({content["frame"][0]: buffers[0]})
        sliders_of(explorer)[0].value = 1.01
        # Until the frames ahead and around are all sent (2 * ahead - 1 of them), however
        # slow the machine; a minute is far more than they take, and only guards a hang.
        expected = 2 * d2l.live_figure.LiveFigure.ahead - 1
        for _ in range(1200):
            if len(sent) >= expected:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.2)  # and none beyond them
        return sent

    sent = asyncio.run(move_and_wait())
    order, n = [round(x0, 9) for x0 in sent], d2l.live_figure.LiveFigure.ahead
    # First the move's next frames, in order; then, at rest, those around, down from 0.99
    # (1.00 and 1.01 were shown, 1.02 on were sent); `ahead` of them, as the x0 slider
    # moved last.
    assert order[:n] == [round(1.01 + 0.01 * k, 9) for k in range(1, n + 1)]
    # The slider moved last: `ahead` steps either way at rest.
    assert set(order[n:]) == {round(1.01 - 0.01 * k, 9) for k in range(2, n + 1)}
    x0 = next(x for x in sent if round(x, 9) == 1.03)
    assert_same_picture(sent[x0], static_picture(
        lambda fig: d2l.draw_tangent(f, 1.03, ylim=FIT, axes=ax(fig))))


@pytest.mark.parametrize("control, old, new, expected", [
    (widgets.FloatSlider(min=0, max=3, step=0.01), 1.0, 1.01, 1.02),
    (widgets.FloatSlider(min=0, max=3, step=0.01), 2.99, 3.0, None),  # past the end
    (widgets.IntSlider(min=0, max=10), 6, 5, 4),
    (widgets.FloatLogSlider(min=-5, max=0, step=0.25), 1.0, 10 ** -0.25, 10 ** -0.5),
    (widgets.FloatSlider(), 1.0, 1.0, None),  # no move
    (widgets.FloatSlider(), "1", 2.0, None),
])
def test_the_next_value_of_a_move(control, old, new, expected):
    ahead = d2l.live_figure._next_value(control, old, new)
    assert ahead == (pytest.approx(expected) if expected is not None else None)


def test_a_frame_is_a_png_that_decodes_to_the_figures_pixels():
    from PIL import Image
    import io
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    pixels[:, 2:] = pixels[:, 1:2]  # runs of one colour, as in a figure
    pixels[..., 3] = 255  # opaque
    decoded = np.asarray(Image.open(io.BytesIO(d2l.live_figure._png(pixels))).convert("RGBA"))
    np.testing.assert_array_equal(decoded, pixels)


def test_a_frame_with_transparent_pixels_keeps_their_alpha():
    from PIL import Image
    import io
    pixels = np.random.default_rng(1).integers(0, 256, size=(6, 9, 4), dtype=np.uint8)
    image = Image.open(io.BytesIO(d2l.live_figure._png(pixels)))
    assert image.mode == "RGBA"
    np.testing.assert_array_equal(np.asarray(image), pixels)


@pytest.mark.parametrize("pixels", [np.zeros((4, 4, 3), np.uint8), np.zeros((4, 4, 4)),
                                    [[[0, 0, 0, 255]]]])
def test_the_png_writer_says_what_pixels_it_takes(pixels):
    with pytest.raises(ValueError, match=r"\(height, width, 4\) uint8"):
        d2l.live_figure._png(pixels)
