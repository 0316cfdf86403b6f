"""The plot helpers of d2lutils: parity with the textbook, and what they add.

The parity tests run the same call through the textbook's helpers (the
installed d2l==1.0.3 package, see the `textbook` fixture) and through ours,
each on a fresh figure, and compare what Matplotlib is left holding.
"""

import inspect
import re

import matplotlib
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib import colors
from matplotlib import pyplot as plt

import d2lutils

x_np = np.arange(0, 3, 0.1)
x_t = torch.arange(0, 3, 0.1)


def f(x):
    return 3 * x ** 2 - 4 * x


def figure_state():
    """What a reader sees in the current figure, as plain comparable values."""
    fig = plt.gcf()
    state = {"figsize": tuple(fig.get_size_inches()),
             "rc_figsize": tuple(matplotlib.rcParams["figure.figsize"]),
             "axes": []}
    for ax in fig.axes:
        legend = ax.get_legend()
        state["axes"].append({
            "labels": (ax.get_xlabel(), ax.get_ylabel()),
            "scales": (ax.get_xscale(), ax.get_yscale()),
            "limits": (ax.get_xlim(), ax.get_ylim()),
            "grid": (any(g.get_visible() for g in ax.get_xgridlines()),
                     any(g.get_visible() for g in ax.get_ygridlines())),
            "legend": None if legend is None else [t.get_text() for t in legend.get_texts()],
            "lines": [(line.get_xydata().round(12).tolist(), line.get_linestyle(),
                       colors.to_hex(line.get_color()), line.get_marker())
                      for line in ax.get_lines()],
        })
    return state


def state_after(helper_module, call):
    plt.close("all")
    call(helper_module)
    return figure_state()


def on_second_of_two_axes(d2l):
    _, axes = plt.subplots(1, 2, figsize=(6, 2.5))
    d2l.plot(x_np, [f(x_np)], legend=["f"], axes=axes[1])


def twice_on_the_same_axes(d2l):
    d2l.plot(x_np, [f(x_np), 2 * x_np - 3])
    d2l.plot(x_np, np.sin(x_np), "x", "sin x")


def set_axes_alone(d2l):
    _, ax = plt.subplots()
    ax.plot([1, 10, 100], [1, 2, 3])
    d2l.set_axes(ax, "n", "value", (1, 100), (0, 4), "log", "linear", ["data"])


# Each case is a call that the textbook's chapters make, or could make.
PARITY_CASES = {
    "one curve from lists": lambda d2l: d2l.plot([0, 1, 2, 3], [1.0, 0.5, 2.0, 1.5]),
    "one curve from numpy": lambda d2l: d2l.plot(x_np, f(x_np)),
    "one curve from tensors": lambda d2l: d2l.plot(x_t, f(x_t)),
    "tangent figure of 2.4": lambda d2l: d2l.plot(
        x_np, [f(x_np), 2 * x_np - 3], "x", "f(x)", legend=["f(x)", "Tangent line (x=1)"]),
    "four tensor curves, one shared X": lambda d2l: d2l.plot(
        x_t, [torch.sin(x_t), torch.cos(x_t), x_t / 3, -x_t / 3]),
    "Y=None: a list against its index": lambda d2l: d2l.plot([3.0, 1.0, 4.0, 1.0, 5.0]),
    "Y=None: a 1-D tensor against its index": lambda d2l: d2l.plot(torch.tensor([2.0, 7.0, 1.0])),
    "Y=None: several curves against their index": lambda d2l: d2l.plot(
        [np.array([1.0, 2.0, 3.0]), np.array([3.0, 2.0, 1.0])]),
    "Y=None: rows of a 2-D tensor": lambda d2l: d2l.plot(torch.arange(6.0).reshape(2, 3)),
    "one X per Y": lambda d2l: d2l.plot([x_np, x_np[:10]], [f(x_np), np.cos(x_np[:10])]),
    "rows of a 2-D array as curves": lambda d2l: d2l.plot(x_np, np.stack([x_np, x_np ** 2])),
    "log scales": lambda d2l: d2l.plot(
        x_np[1:], [x_np[1:] ** 2, x_np[1:] ** 3], xscale="log", yscale="log"),
    "limits": lambda d2l: d2l.plot(x_np, f(x_np), xlim=(0.5, 2.5), ylim=[-2, 8]),
    "labels and legend": lambda d2l: d2l.plot(
        x_np, [np.sin(x_np)], xlabel="x", ylabel="y", legend=["sin"]),
    "custom fmts": lambda d2l: d2l.plot(x_np, [np.sin(x_np), np.cos(x_np)], fmts=("o", "k-")),
    "figsize": lambda d2l: d2l.plot(x_np, f(x_np), figsize=(5, 3)),
    "axes passed in": on_second_of_two_axes,
    "plot twice on the same axes": twice_on_the_same_axes,
    "set_axes with every argument": set_axes_alone,
    "set_figsize": lambda d2l: d2l.set_figsize((4.5, 2)),
}


@pytest.mark.parametrize("case", PARITY_CASES.values(), ids=PARITY_CASES.keys())
def test_helpers_leave_matplotlib_as_the_textbook_does(textbook, case):
    expected = state_after(textbook, case)
    got = state_after(d2lutils, case)
    assert expected["axes"] or case is PARITY_CASES["set_figsize"]
    assert got == expected


def test_parity_cases_are_a_battery_of_at_least_fifteen():
    assert len(PARITY_CASES) >= 15


def test_signatures_match_the_textbook_but_for_the_mutable_legend(textbook):
    for name in ["use_svg_display", "set_figsize", "set_axes", "plot"]:
        ours = inspect.signature(getattr(d2lutils, name))
        theirs = inspect.signature(getattr(textbook, name))
        assert list(ours.parameters) == list(theirs.parameters), name
        for param in theirs.parameters.values():
            if param.default == []:  # the textbook's legend=[], a shared mutable default
                assert ours.parameters[param.name].default is None
            else:
                assert ours.parameters[param.name].default == param.default, (name, param)


def test_no_helper_has_a_mutable_default():
    for name in ["use_svg_display", "set_figsize", "set_axes", "plot"]:
        for param in inspect.signature(getattr(d2lutils, name)).parameters.values():
            assert not isinstance(param.default, (list, dict, set)), (name, param.name)


def test_use_svg_display_selects_the_same_formats_as_the_textbook(textbook):
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance()

    def figure_formats():
        return sorted(mime for mime, formatter in shell.display_formatter.formatters.items()
                      if matplotlib.figure.Figure in formatter.type_printers)

    textbook.use_svg_display()
    expected = figure_formats()
    shell.display_formatter.formatters["image/svg+xml"].type_printers.clear()
    d2lutils.use_svg_display()
    assert figure_formats() == expected == ["image/svg+xml"]


# What the helpers add to the textbook's.

def test_plot_detaches_tensors_that_require_grad(textbook):
    x = torch.linspace(0, 3, 20, requires_grad=True)
    y = torch.sin(x)
    with pytest.raises(RuntimeError, match="requires grad"):
        textbook.plot(x, y)  # the reason for this test
    d2lutils.plot(x, [y, torch.autograd.grad(y.sum(), x)[0]])
    lines = plt.gca().get_lines()
    np.testing.assert_allclose(lines[0].get_ydata(), np.sin(x.detach().numpy()), rtol=1e-6)
    np.testing.assert_allclose(lines[1].get_ydata(), np.cos(x.detach().numpy()), rtol=1e-6)


class OffDeviceTensor:
    """Stands in for a tensor on a GPU: NumPy can only read it once moved to the CPU."""

    def __init__(self, values, on_cpu=False):
        self.values, self.on_cpu = torch.as_tensor(values), on_cpu

    def detach(self):
        return self

    def cpu(self):
        return OffDeviceTensor(self.values, on_cpu=True)

    @property
    def ndim(self):
        return self.values.ndim

    def __array__(self, dtype=None, copy=None):
        if not self.on_cpu:
            raise TypeError("can't convert a device tensor to numpy; use .cpu() first")
        return self.values.numpy()


def test_plot_moves_tensors_on_other_devices_to_the_cpu():
    d2lutils.plot(OffDeviceTensor([0.0, 1.0, 2.0]), OffDeviceTensor([1.0, 4.0, 9.0]))
    assert plt.gca().get_lines()[0].get_ydata().tolist() == [1.0, 4.0, 9.0]


def test_more_curves_than_fmts_cycle_through_the_fmts():
    curves = [x_np * k for k in range(6)]
    d2lutils.plot(x_np, curves, fmts=("-", "r:"))
    styles = [(line.get_linestyle(), colors.to_hex(line.get_color()))
              for line in plt.gca().get_lines()]
    assert len(styles) == 6
    assert [s[0] for s in styles] == ["-", ":"] * 3
    assert styles[1] == styles[3] == styles[5] == (":", "#ff0000")


def test_a_single_string_legend_is_one_label():
    d2lutils.plot(x_np, f(x_np), legend="f(x)")
    assert [t.get_text() for t in plt.gca().get_legend().get_texts()] == ["f(x)"]


def test_grid_is_on_even_where_the_style_already_turned_it_on(textbook):
    with matplotlib.rc_context({"axes.grid": True}):
        d2lutils.plot(x_np, f(x_np))
        assert all(g.get_visible() for g in plt.gca().get_xgridlines())


@settings(max_examples=30, deadline=None, derandomize=True)
@given(kind=st.sampled_from(["list", "numpy", "tensor", "grad tensor"]),
       n_curves=st.integers(1, 7), n_points=st.integers(1, 40), shared_x=st.booleans())
def test_plot_draws_every_curve_it_is_given(kind, n_curves, n_points, shared_x):
    rng = np.random.default_rng(n_curves * 100 + n_points)
    ys = rng.normal(size=(n_curves, n_points))
    xs = np.sort(rng.normal(size=(n_curves, n_points)), axis=1)

    def as_kind(a):
        if kind == "list":
            return a.tolist()
        if kind == "numpy":
            return a
        return torch.tensor(a, requires_grad=(kind == "grad tensor"))

    X = as_kind(xs[0]) if shared_x else [as_kind(x) for x in xs]
    d2lutils.plot(X, [as_kind(y) for y in ys])
    lines = plt.gca().get_lines()
    assert len(lines) == n_curves
    for i, line in enumerate(lines):
        np.testing.assert_allclose(line.get_xdata(), xs[0] if shared_x else xs[i])
        np.testing.assert_allclose(line.get_ydata(), ys[i])
    plt.close("all")


# Bad input: a TypeError or ValueError that says what was wrong, before anything is drawn.

BAD_INPUT = [
    ("empty X", lambda: d2lutils.plot([]), ValueError, "X is empty"),
    ("empty Y", lambda: d2lutils.plot([1, 2], []), ValueError, "Y is empty"),
    ("empty tensor", lambda: d2lutils.plot(torch.tensor([])), ValueError, "X is empty"),
    ("an empty curve among others", lambda: d2lutils.plot(x_np, [x_np, []]),
     ValueError, r"Y\[1\] is empty"),
    ("X and Y of different lengths", lambda: d2lutils.plot([1, 2, 3], [1, 2]),
     ValueError, "X has 3 points but Y has 2"),
    ("different numbers of Xs and Ys", lambda: d2lutils.plot([x_np, x_np], [x_np] * 3),
     ValueError, "X holds 2 curves but Y holds 3"),
    ("a 2-D array where a curve is expected", lambda: d2lutils.plot(x_np, [np.ones((2, 30))]),
     ValueError, r"Y\[0\] must be a 1-D sequence of numbers, got shape \(2, 30\)"),
    ("a 3-D array", lambda: d2lutils.plot(np.ones((2, 3, 4))),
     ValueError, r"must be a 1-D sequence of numbers, got shape \(2, 3, 4\)"),
    ("strings", lambda: d2lutils.plot(["a", "b"], [1, 2]), TypeError, "X must hold numbers"),
    ("objects", lambda: d2lutils.plot([1, 2], [None, 1]), TypeError, "Y must hold numbers"),
    ("a bare number", lambda: d2lutils.plot(3.0), TypeError,
     "X must be a list, a NumPy array or a tensor, got float"),
    ("an unknown xscale", lambda: d2lutils.plot(x_np, f(x_np), xscale="logarithmic"),
     ValueError, "xscale must be one of .*'log'.*got 'logarithmic'"),
    ("an unknown yscale in set_axes",
     lambda: d2lutils.set_axes(plt.gca(), None, None, None, None, "linear", "lin", None),
     ValueError, "yscale must be one of"),
    ("a figsize of one number", lambda: d2lutils.plot(x_np, f(x_np), figsize=3.5),
     TypeError, r"figsize must be a pair of numbers \(width, height\)"),
    ("a figsize of three numbers", lambda: d2lutils.set_figsize((1, 2, 3)),
     TypeError, "figsize must be a pair of numbers"),
    ("a figsize of text", lambda: d2lutils.set_figsize(("wide", "short")),
     TypeError, "figsize must be a pair of numbers"),
    ("a negative figsize", lambda: d2lutils.set_figsize((3.5, -1)),
     ValueError, "figsize must be two positive, finite numbers"),
    ("no formats", lambda: d2lutils.plot(x_np, f(x_np), fmts=()),
     TypeError, "fmts must be a format string or a non-empty sequence of them"),
    ("a format that is not a string", lambda: d2lutils.plot(x_np, f(x_np), fmts=("-", 3)),
     TypeError, "fmts must be a format string"),
]


@pytest.mark.parametrize("call, error, message", [case[1:] for case in BAD_INPUT],
                         ids=[case[0] for case in BAD_INPUT])
def test_bad_input_raises_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_bad_input_draws_nothing():
    with pytest.raises(ValueError):
        d2lutils.plot([1, 2, 3], [1, 2])
    assert plt.get_fignums() == []


# Byte-stable SVG, which is what lets nbval compare the figures.

def svg_of_a_figure(shell):
    d2lutils.plot(x_np, [f(x_np), 2 * x_np - 3], legend=["f", "g"])
    svg = shell.display_formatter.format(plt.gcf())[0]["image/svg+xml"]
    plt.close("all")
    return svg


def test_svg_is_the_same_however_often_use_svg_display_is_called():
    from IPython.core.interactiveshell import InteractiveShell
    from matplotlib_inline import backend_inline
    shell = InteractiveShell.instance()
    first = svg_of_a_figure(shell)
    for _ in range(3):
        d2lutils.use_svg_display()
    # A later plain call, as a reader might make, keeps the date out too.
    backend_inline.set_matplotlib_formats("svg")
    second = svg_of_a_figure(shell)
    assert first == second
    assert "<dc:date>" not in first
    assert re.search(r'id="[a-z]*[0-9a-f]{8,}"', first), "expected hashed ids to compare"
