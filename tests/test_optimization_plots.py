"""The optimization helpers of d2lutils: gradient_descent_2d, plot_path_2d and
plot_contour_gradients (notebooks/04_calculus_for_deep_learning.ipynb, 4.4).

Paths are checked against the closed form of gradient descent on quadratics;
figures by what Matplotlib is left holding; bad input by the error raised.
"""

import subprocess
import sys
import warnings

import matplotlib
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib import pyplot as plt
from matplotlib.contour import ContourSet
from matplotlib.quiver import Quiver

import d2lutils


def round_bowl(x1, x2):
    return x1 ** 2 + x2 ** 2


def round_bowl_grad(x1, x2):
    return 2 * x1, 2 * x2


def contour_sets(ax):
    return [c for c in ax.collections if isinstance(c, ContourSet)]


def quivers(ax):
    return [c for c in ax.collections if isinstance(c, Quiver)]


# gradient_descent_2d: the path

@pytest.mark.parametrize("lr", [0.05, 0.3, 0.5, 0.8, 1.2])
def test_path_on_the_round_bowl_follows_the_closed_form(lr):
    path = d2lutils.gradient_descent_2d(round_bowl_grad, (2.0, -1.0), lr, 15)
    k = np.arange(16)[:, None]
    expected = (1 - 2 * lr) ** k * np.array([2.0, -1.0])
    np.testing.assert_allclose(path, expected, rtol=1e-12, atol=1e-12)


@settings(max_examples=80, deadline=None, derandomize=True)
@given(a=st.floats(0.1, 5), b=st.floats(0.1, 5), lr=st.floats(0.01, 0.3),
       x0=st.floats(-10, 10), y0=st.floats(-10, 10), steps=st.integers(1, 30))
def test_path_on_any_elongated_bowl_follows_the_closed_form(a, b, lr, x0, y0, steps):
    # f = a x^2 + b y^2: each step multiplies x by (1 - 2a lr) and y by (1 - 2b lr)
    path = d2lutils.gradient_descent_2d(lambda x, y: (2 * a * x, 2 * b * y), (x0, y0), lr, steps)
    k = np.arange(steps + 1)
    np.testing.assert_allclose(path[:, 0], (1 - 2 * a * lr) ** k * x0, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(path[:, 1], (1 - 2 * b * lr) ** k * y0, rtol=1e-9, atol=1e-9)


def test_path_has_one_float_row_per_step_and_starts_at_start():
    path = d2lutils.gradient_descent_2d(round_bowl_grad, [3, 4], 0.1, 7)
    assert isinstance(path, np.ndarray)
    assert path.shape == (8, 2) and path.dtype == np.float64
    assert path[0].tolist() == [3.0, 4.0]


def test_grad_fn_is_called_at_each_point_of_the_path_but_the_last():
    seen = []

    def grad(x1, x2):
        seen.append((x1, x2))
        return round_bowl_grad(x1, x2)

    path = d2lutils.gradient_descent_2d(grad, (1.0, 2.0), 0.25, 5)
    assert seen == [tuple(row) for row in path[:-1]]


@pytest.mark.parametrize("start", [(1, 2), [1.0, 2.0], np.array([1.0, 2.0]),
                                   torch.tensor([1.0, 2.0], requires_grad=True)],
                         ids=["tuple of ints", "list", "numpy array", "tensor requiring grad"])
def test_start_may_be_any_pair_of_numbers(start):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning about tensors that require grad
        path = d2lutils.gradient_descent_2d(round_bowl_grad, start, 0.25, 2)
    assert path.tolist() == [[1.0, 2.0], [0.5, 1.0], [0.25, 0.5]]


def test_start_is_not_modified():
    start = np.array([1.0, 2.0])
    d2lutils.gradient_descent_2d(round_bowl_grad, start, 0.25, 3)
    assert start.tolist() == [1.0, 2.0]


@pytest.mark.parametrize("returns", [
    lambda x1, x2: np.array([2 * x1, 2 * x2]),
    lambda x1, x2: [2 * x1, 2 * x2],
    lambda x1, x2: torch.tensor([2 * x1, 2 * x2], requires_grad=True) * 1.0,
    lambda x1, x2: tuple(torch.tensor([2 * x1, 2 * x2], requires_grad=True) * 1.0),
], ids=["numpy array", "list", "tensor with a graph", "pair of tensors with a graph"])
def test_grad_fn_may_return_any_pair_of_numbers(returns):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning about tensors that require grad
        path = d2lutils.gradient_descent_2d(returns, (1.0, 2.0), 0.25, 1)
    np.testing.assert_allclose(path[-1], [0.5, 1.0])


def test_a_diverging_run_ends_in_inf_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = d2lutils.gradient_descent_2d(lambda x1, x2: (x1 ** 3, x2), (3.0, 1.0), 1.0, 20)
    assert path.shape == (21, 2)
    assert not np.isfinite(path[-1, 0])


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(grad_fn="not a function"), TypeError, "grad_fn must be a callable"),
    (dict(start=1.0), TypeError, "start must be a pair of numbers"),
    (dict(start="xy"), TypeError, "start must be a pair of numbers"),
    (dict(start=(1.0, 2.0, 3.0)), TypeError, "start must be a pair of numbers"),
    (dict(start=[[1.0, 2.0], [3.0, 4.0]]), TypeError, "start must be a pair of numbers"),
    (dict(start=(1.0, "a")), TypeError, "start must be a pair of numbers"),
    (dict(start=None), TypeError, "start must be a pair of numbers"),
    (dict(start=(float("nan"), 0.0)), ValueError, "start must be finite"),
    (dict(start=(0.0, float("inf"))), ValueError, "start must be finite"),
    (dict(lr="0.1"), TypeError, "lr must be a number"),
    (dict(lr=None), TypeError, "lr must be a number"),
    (dict(lr=True), TypeError, "lr must be a number"),
    (dict(lr=torch.tensor(0.1)), TypeError, "lr must be a number"),
    (dict(lr=0), ValueError, "lr must be positive and finite"),
    (dict(lr=-0.1), ValueError, "lr must be positive and finite"),
    (dict(lr=float("inf")), ValueError, "lr must be positive and finite"),
    (dict(lr=float("nan")), ValueError, "lr must be positive and finite"),
    (dict(steps=2.0), TypeError, "steps must be an int"),
    (dict(steps="3"), TypeError, "steps must be an int"),
    (dict(steps=True), TypeError, "steps must be an int"),
    (dict(steps=0), ValueError, "steps must be at least 1"),
    (dict(steps=-5), ValueError, "steps must be at least 1"),
    (dict(grad_fn=lambda x1, x2: 2 * x1), TypeError, r"grad_fn\(x1, x2\) must be a pair"),
    (dict(grad_fn=lambda x1, x2: (x1, x2, 0.0)), TypeError, r"grad_fn\(x1, x2\) must be a pair"),
    (dict(grad_fn=lambda x1, x2: None), TypeError, r"grad_fn\(x1, x2\) must be a pair"),
])
def test_gradient_descent_rejects_bad_input_with_a_clear_error(kwargs, error, message):
    arguments = dict(grad_fn=round_bowl_grad, start=(1.0, 1.0), lr=0.1, steps=3) | kwargs
    with pytest.raises(error, match=message):
        d2lutils.gradient_descent_2d(**arguments)


def test_numpy_numbers_are_accepted_as_lr_and_steps():
    path = d2lutils.gradient_descent_2d(round_bowl_grad, (1.0, 1.0), np.float32(0.25), np.int64(2))
    assert path.tolist() == [[1.0, 1.0], [0.5, 0.5], [0.25, 0.25]]


# plot_path_2d: what it draws

def test_plot_path_draws_the_contours_of_f_and_the_path_over_them():
    path = d2lutils.gradient_descent_2d(round_bowl_grad, (-2.0, 1.5), 0.1, 10)
    d2lutils.plot_path_2d(round_bowl, path, xlim=(-3, 3), ylim=(-2, 2), levels=[0.5, 1, 2, 4])
    ax = plt.gca()
    (contours,) = contour_sets(ax)
    assert contours.levels.tolist() == [0.5, 1, 2, 4]
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xydata(), path)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x1", "x2")
    assert ax.get_xlim() == (-3, 3) and ax.get_ylim() == (-2, 2)
    assert ax.get_aspect() == 1.0


def test_each_contour_line_lies_where_f_equals_its_level():
    levels = [0.5, 1.0, 2.0, 4.0]
    d2lutils.plot_path_2d(round_bowl, [[0.0, 0.0]], xlim=(-3, 3), ylim=(-2.5, 2.5), levels=levels)
    (contours,) = contour_sets(plt.gca())
    for level, path in zip(levels, contours.get_paths()):
        vertices = path.vertices
        assert len(vertices) > 10
        np.testing.assert_allclose(round_bowl(vertices[:, 0], vertices[:, 1]), level, atol=0.02)


def test_plot_path_uses_labels_format_and_figsize_it_is_given():
    d2lutils.plot_path_2d(round_bowl, [[0.0, 1.0], [0.5, 0.5]], xlabel="w", ylabel="b",
                          fmt="x--", figsize=(3, 3))
    ax = plt.gca()
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("w", "b")
    (line,) = ax.get_lines()
    assert (line.get_marker(), line.get_linestyle()) == ("x", "--")
    assert tuple(matplotlib.rcParams["figure.figsize"]) == (3.0, 3.0)


def test_default_limits_fit_the_finite_points_of_the_path_with_a_margin():
    path = np.array([[-2.0, 1.0], [4.0, -3.0], [np.inf, np.nan]])
    d2lutils.plot_path_2d(round_bowl, path)
    xlim, ylim = plt.gca().get_xlim(), plt.gca().get_ylim()
    assert xlim[0] < -2.0 and 4.0 < xlim[1] < 10 and ylim[0] < -3.0 and 1.0 < ylim[1] < 10


def test_plot_path_draws_on_the_axes_it_is_given_and_clears_them_first():
    _, (left, right) = plt.subplots(1, 2)
    right.plot([0, 1], [5, 5], label="old line")
    d2lutils.plot_path_2d(round_bowl, [[1.0, 1.0], [0.0, 0.0]], axes=right)
    assert len(right.get_lines()) == 1 and len(contour_sets(right)) == 1
    assert right.get_lines()[0].get_xydata().tolist() == [[1.0, 1.0], [0.0, 0.0]]
    assert not left.get_lines() and not left.collections


def test_plot_path_accepts_a_tensor_that_requires_grad():
    path = torch.tensor([[1.0, 1.0], [0.5, 0.25]], requires_grad=True) * 2
    d2lutils.plot_path_2d(round_bowl, path)
    assert plt.gca().get_lines()[0].get_xydata().tolist() == [[2.0, 2.0], [1.0, 0.5]]


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(path=[1.0, 2.0]), ValueError, r"path must have shape \(k, 2\)"),
    (dict(path=np.zeros((3, 3))), ValueError, r"path must have shape \(k, 2\)"),
    (dict(path=np.zeros((0, 2))), ValueError, r"path must have shape \(k, 2\)"),
    (dict(path=np.zeros((2, 2, 2))), ValueError, r"path must have shape \(k, 2\)"),
    (dict(path=[["a", "b"]]), TypeError, "path must hold numbers"),
    (dict(path=[[np.inf, 0.0]]), ValueError, "no finite point to choose xlim"),
    (dict(f="x**2"), TypeError, "f must be a callable"),
    (dict(f=lambda x1, x2: 1.0), ValueError, "f must work elementwise"),
    (dict(f=lambda x1, x2: float(x1)), TypeError, "f must work elementwise"),
    (dict(xlim=(1, -1)), ValueError, "xlim must be .low, high. with finite low < high"),
    (dict(ylim=(0, np.inf)), ValueError, "ylim must be .low, high. with finite low < high"),
    (dict(xlim=3), TypeError, "xlim must be a pair of numbers"),
    (dict(levels=0), ValueError, "levels must be a positive number"),
    (dict(levels=[3, 2, 1]), ValueError, "levels must be increasing"),
    (dict(levels="many"), TypeError, "levels must be a positive int or a sequence"),
    (dict(levels=[]), TypeError, "levels must be a positive int or a sequence"),
])
def test_plot_path_rejects_bad_input_with_a_clear_error(kwargs, error, message):
    arguments = dict(f=round_bowl, path=[[1.0, 1.0], [0.0, 0.0]]) | kwargs
    with pytest.raises(error, match=message):
        d2lutils.plot_path_2d(**arguments)
    assert not plt.get_fignums() or not plt.gca().get_lines()  # nothing was drawn


# plot_contour_gradients: what it draws

def test_arrows_show_the_gradient_at_each_point_of_the_grid():
    def f(x1, x2):
        return x1 ** 2 + 4 * x2 ** 2 + x1 * x2

    def grad(x1, x2):
        return 2 * x1 + x2, 8 * x2 + x1

    d2lutils.plot_contour_gradients(f, grad, xlim=(-3, 3), ylim=(-2, 2), arrows=5)
    ax = plt.gca()
    assert len(contour_sets(ax)) == 1
    (arrows,) = quivers(ax)
    assert len(arrows.X) == 25
    np.testing.assert_allclose(arrows.U, 2 * arrows.X + arrows.Y)
    np.testing.assert_allclose(arrows.V, 8 * arrows.Y + arrows.X)
    assert sorted(set(np.round(arrows.X, 12))) == [-3.0, -1.5, 0.0, 1.5, 3.0]
    assert sorted(set(np.round(arrows.Y, 12))) == [-2.0, -1.0, 0.0, 1.0, 2.0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x1", "x2")
    assert ax.get_xlim() == (-3, 3) and ax.get_ylim() == (-2, 2)


def test_the_longest_arrow_is_one_grid_step_long():
    d2lutils.plot_contour_gradients(round_bowl, round_bowl_grad, xlim=(-2, 2), ylim=(-1, 1),
                                    arrows=5)
    (arrows,) = quivers(plt.gca())
    longest = np.hypot(arrows.U, arrows.V).max()  # at the corners: |(4, 2)|
    assert arrows.scale_units == "xy" and arrows.angles == "xy"
    # drawn length = data length / scale; the finer grid step is 2 / 4 along x2
    np.testing.assert_allclose(longest / arrows.scale, 0.5)


def test_a_zero_gradient_everywhere_draws_without_dividing_by_zero():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d2lutils.plot_contour_gradients(lambda x1, x2: x1 + x2, lambda x1, x2: (0.0, 0.0))
    (arrows,) = quivers(plt.gca())
    assert not np.any(arrows.U) and not np.any(arrows.V)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(grad_fn=None), TypeError, "grad_fn must be a callable"),
    (dict(grad_fn=lambda x1, x2: 0.0), TypeError, r"grad_fn\(x1, x2\) must be a pair"),
    (dict(grad_fn=lambda x1, x2: (np.nan, 0.0)), ValueError, "not finite"),
    (dict(f=3), TypeError, "f must be a callable"),
    (dict(arrows=1), ValueError, "arrows must be at least 2"),
    (dict(arrows=4.0), TypeError, "arrows must be an int"),
    (dict(xlim=(2, 2)), ValueError, "xlim must be .low, high. with finite low < high"),
    (dict(levels=-3), ValueError, "levels must be a positive number"),
])
def test_plot_contour_gradients_rejects_bad_input_with_a_clear_error(kwargs, error, message):
    arguments = dict(f=round_bowl, grad_fn=round_bowl_grad) | kwargs
    with pytest.raises(error, match=message):
        d2lutils.plot_contour_gradients(**arguments)


# The library stays light

def test_every_helper_names_the_notebook_section_that_defines_it():
    for name, section in [("gradient_descent_2d", "(4.4.3)"), ("plot_path_2d", "(4.4.3)"),
                          ("plot_contour_gradients", "(4.4.2)")]:
        doc = getattr(d2lutils, name).__doc__
        assert f"Defined in notebooks/04_calculus_for_deep_learning.ipynb {section}" in doc


def test_contours_are_labelled_with_their_values_and_the_minimum_is_starred():
    d2lutils.plot_contour_gradients(round_bowl, round_bowl_grad, levels=[1, 2, 4], minimum=(0, 0))
    ax = plt.gca()
    labels = {text.get_text() for text in ax.texts}
    assert {"1", "2", "4"} <= labels
    (star,) = [line for line in ax.get_lines() if line.get_marker() == "*"]
    assert list(star.get_xdata()) == [0.0] and list(star.get_ydata()) == [0.0]


def test_a_minimum_that_is_not_a_point_is_refused():
    with pytest.raises(TypeError, match="minimum must be a pair of numbers"):
        d2lutils.plot_contour_gradients(round_bowl, round_bowl_grad, minimum=3.0)
