"""The reverse-mode explorer: what draw_backward_step draws at each step, and its slider."""

import ipywidgets as widgets
import matplotlib
import pytest
from matplotlib import pyplot as plt
from matplotlib.colors import same_color

from d2lutils import autodiff as ad
from d2lutils import autodiff_draw as draw
from tests.autodiff_examples import f, f2  # the chapter's two functions


# The sweep at (3, -4), one entry per step: the node computed and its adjoint
# (the chapter's numbers); step 6 computes nothing, it reads off the gradient.
SWEEP = [('v₄', 'v̄₄', 1.0), ('v₃', 'v̄₃', 1.0), ('v₂', 'v̄₂', -1.0), ('v₁', 'v̄₁', 1.0),
         ('v₀', 'v̄₀', 4.0), ('v₋₁', 'v̄₋₁', -13 / 3)]
FORMULAS = ['ȳ', 'v̄₄', '-v̄₄', 'v̄₃', 'v̄₃ + v̄₁·v₋₁', 'v̄₂/v₋₁ + v̄₁·v₀']


@pytest.fixture
def record():
    return draw.trace(f, (3, -4))


def node_states(axes, record):
    """{symbol: 'current' | 'done' | 'pending'} read off the node markers of a drawn graph."""
    markers = axes.collections
    assert len(markers) == len(record.nodes)  # one marker per node, in trace order
    states = {}
    for symbol, marker in zip(record.symbols, markers):
        face = marker.get_facecolor()[0]
        if same_color(face, draw._NODE_COLORS['current']):
            assert same_color(marker.get_edgecolor()[0], draw._HIGHLIGHT)
            states[symbol] = 'current'
        elif same_color(face, draw._NODE_COLORS['pending']):
            states[symbol] = 'pending'
        else:
            states[symbol] = 'done'
    return states


def red_arrows(axes, record):
    """The edges drawn in the highlight colour, as (from symbol, to symbol) pairs."""
    where = {position: symbol
             for symbol, position in zip(record.symbols, draw._graph_layout(record))}
    return {(where[tuple(arrow.xyann)], where[tuple(arrow.xy)])
            for arrow in axes.texts if isinstance(arrow, matplotlib.text.Annotation)
            if arrow.arrow_patch is not None  # an edge; the node labels have no arrow
            if same_color(arrow.arrow_patch.get_edgecolor(), draw._HIGHLIGHT)}


def table(axes):
    """The lines of the adjoint table drawn on the table axes."""
    return [t.get_text() for t in axes.texts]


@pytest.mark.parametrize("step", range(7))
def test_each_step_highlights_the_next_node_in_reverse_order(record, step):
    draw.draw_backward_step(record, step)
    graph, _ = plt.gcf().axes[:2]
    states = node_states(graph, record)
    order = [symbol for symbol, _, _ in SWEEP]
    expected = {s: 'done' for s in order[:step]}
    expected.update({s: 'pending' for s in order[step + 1:]})
    if step < len(order):
        expected[order[step]] = 'current'
    assert states == expected
    assert graph.get_title().startswith(f'backward step {step} of 6')


@pytest.mark.parametrize("step", range(6))
def test_the_table_grows_a_row_per_step_with_the_current_row_marked(record, step):
    rows = draw.draw_backward_step(record, step)
    assert [adjoint for adjoint, _ in rows] == [adjoint for _, adjoint, _ in SWEEP[:step + 1]]
    assert [value for _, value in rows] == pytest.approx([v for _, _, v in SWEEP[:step + 1]])
    lines = table(plt.gcf().axes[1])
    assert len(lines) == step + 1
    assert [line.startswith('▶') for line in lines] == [False] * step + [True]
    _, adjoint, value = SWEEP[step]
    assert lines[-1].split() == ['▶', adjoint, '=', *FORMULAS[step].split(), '=',
                                 f'{value:.3f}']
    assert plt.gcf().axes[1].texts[-1].get_color() == draw._HIGHLIGHT


def test_step_0_only_seeds_the_output(record):
    assert draw.draw_backward_step(record, 0) == [('v̄₄', 1.0)]
    graph, numbers = plt.gcf().axes[:2]
    assert red_arrows(graph, record) == set()  # nothing flows back yet
    assert numbers.get_title(loc='left') == 'v̄₄ = ȳ = 1'


def test_the_last_step_shows_the_chapters_adjoints_and_the_gradient(record):
    rows = dict(draw.draw_backward_step(record, 6))
    assert rows['x̄₁'] == pytest.approx(-13 / 3)
    assert round(rows['x̄₁'], 3) == -4.333
    assert rows['x̄₂'] == 4.0
    graph, numbers = plt.gcf().axes[:2]
    assert set(node_states(graph, record).values()) == {'done'}
    assert red_arrows(graph, record) == set()
    lines = table(numbers)
    assert lines[-2].split() == ['x̄₁', '=', 'v̄₋₁', '=', '-4.333']
    assert lines[-1].split() == ['x̄₂', '=', 'v̄₀', '=', '4.000']
    assert not any(line.startswith('▶') for line in lines)
    assert numbers.get_title(loc='left') == '∇y = (x̄₁, x̄₂) = (-4.333, 4)'
    assert graph.get_title() == 'backward step 6 of 6, done'


@pytest.mark.parametrize("step, arrows", [
    (1, {('v₃', 'v₄')}),
    (4, {('v₀', 'v₁'), ('v₀', 'v₃')}),              # x2 collects from both of its uses
    (5, {('v₋₁', 'v₁'), ('v₋₁', 'v₂')}),
])
def test_the_arrows_to_the_users_of_the_current_node_are_red(record, step, arrows):
    draw.draw_backward_step(record, step)
    assert red_arrows(plt.gcf().axes[0], record) == arrows


@pytest.mark.parametrize("step, caption", [
    (3, 'v̄₁ = 1·1 = 1'),
    (4, 'v̄₀ = 1·1 + 1·3 = 4'),
    (5, 'v̄₋₁ = (-1)·0.3333 + 1·(-4) = -4.333'),
])
def test_the_caption_adds_up_the_current_adjoint_in_numbers(record, step, caption):
    draw.draw_backward_step(record, step)
    assert plt.gcf().axes[1].get_title(loc='left') == caption


def test_steps_can_be_drawn_in_any_order_without_adding_up_twice(record):
    first = draw.draw_backward_step(record, 6)
    draw.draw_backward_step(record, 2)
    assert draw.draw_backward_step(record, 6) == first
    assert [x.grad for x in record.inputs] == pytest.approx([-13 / 3, 4])


def test_it_draws_on_the_axes_it_is_given(record):
    fig, axes = plt.subplots(1, 2)
    draw.draw_backward_step(record, 2, axes=axes)
    assert plt.get_fignums() == [fig.number]
    assert len(axes[0].collections) == len(record.nodes)
    assert len(table(axes[1])) == 3


def test_the_last_step_agrees_with_grad_on_the_worked_example():
    record = draw.trace(f2, (2, 5), names=['a', 'b'])
    rows = dict(draw.draw_backward_step(record, len(record.nodes)))
    gradient = rows['a\u0304'], rows['b\u0304']  # a and b with a combining bar
    assert gradient == pytest.approx(ad.grad(f2)(2, 5))
    assert gradient == pytest.approx((5.5, 1.716), abs=5e-4)


def test_an_input_the_output_ignores_gets_a_zero_adjoint():
    record = draw.trace(lambda x, y: ad.sin(x), (0.5, 2.0))
    rows = draw.draw_backward_step(record, 1)
    assert rows[-1] == ('v̄₀', 0.0)
    assert plt.gcf().axes[1].get_title(loc='left') == 'v̄₀ = 0 = 0'


def test_draw_graph_without_highlight_marks_no_node():
    record = draw.trace(f, (2, 4))
    draw.draw_graph(record)
    assert set(node_states(plt.gca(), record).values()) == {'done'}
    assert red_arrows(plt.gca(), record) == set()


@pytest.mark.filterwarnings("ignore:FigureCanvasAgg is non-interactive")
def test_moving_the_step_slider_redraws_the_figure():
    explorer = draw.explore_backward(f, (3, -4))
    slider = explorer.children[0]
    assert isinstance(slider, widgets.IntSlider)
    assert (slider.min, slider.max, slider.value) == (0, 6, 0)
    explorer.live.forget()  # every frame was drawn ahead: draw them again, one per move
    for step in [4, 1, 6]:
        slider.value = step
        graph, numbers = explorer.live.figure.axes[:2]
        assert graph.get_title().startswith(f'backward step {step} of 6')
        states = node_states(graph, draw.trace(f, (3, -4)))
        current = [s for s, state in states.items() if state == 'current']
        assert current == ([SWEEP[step][0]] if step < 6 else [])
        assert len(table(numbers)) == (step + 1 if step < 6 else 8)
    assert numbers.get_title(loc='left') == '∇y = (x̄₁, x̄₂) = (-4.333, 4)'


@pytest.mark.parametrize("call, error, message", [
    (lambda r: draw.draw_backward_step('trace', 0), TypeError, "expected a Trace"),
    (lambda r: draw.draw_backward_step(r, 7), ValueError, "step must be from 0 .* to 6"),
    (lambda r: draw.draw_backward_step(r, -1), ValueError, "step must be from 0"),
    (lambda r: draw.draw_backward_step(r, 2.0), TypeError, "step must be an int"),
    (lambda r: draw.draw_backward_step(r, True), TypeError, "step must be an int"),
    (lambda r: draw.draw_backward_step(r, '3'), TypeError, "step must be an int"),
    (lambda r: draw.draw_backward_step(r, 1, axes=plt.gca()), TypeError, "pair of Matplotlib"),
    (lambda r: draw.draw_graph(r, highlight=6), ValueError, "highlight must be from 0 to 5"),
    (lambda r: draw.draw_graph(r, highlight=1.0), TypeError, "highlight must be node indices"),
    (lambda r: draw.draw_graph(r, done=3), TypeError, "done must be a list of node indices"),
    (lambda r: draw.draw_graph(r, done=[0, -1]), ValueError, "done must be from 0 to 5"),
    (lambda r: draw.explore_backward('f', (3, -4)), TypeError, "f must be a function"),
    (lambda r: draw.explore_backward(f, 3), TypeError, "primals must be a list"),
])
def test_bad_input_is_rejected_clearly(record, call, error, message):
    with pytest.raises(error, match=message):
        call(record)
