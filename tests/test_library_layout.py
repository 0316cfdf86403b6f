"""d2lutils: files by concern, the public names the chapters and readers use, and
chapters that call the definitions they show."""

import ast
import importlib
import re

import jupytext
import pytest

import d2lutils
from tools.build_lib import BANNER, PACKAGE
from tools.pairs import ROOT, text_halves

# What readers and the chapters call, and the module that must define it.
PUBLIC = {
    "plotting": ["use_svg_display", "set_figsize", "set_axes", "plot"],
    "optimization": ["plot_contour_gradients", "gradient_descent_2d", "plot_path_2d",
                     "draw_descent"],
    "taylor": ["draw_taylor_polynomial", "draw_taylor"],
    "explorers": ["draw_function", "draw_secant", "draw_tangent", "explore_secant",
                  "explore_tangent", "explore_descent", "explore_taylor"],
}
AUTODIFF = ["Dual", "Var", "log", "exp", "sin", "cos", "tanh", "sqrt", "jvp", "grad"]


@pytest.mark.parametrize("module, name", [(m, n) for m, names in PUBLIC.items() for n in names])
def test_a_public_name_of_the_package_is_defined_in_the_module_of_its_concern(module, name):
    assert getattr(d2lutils, name) is getattr(importlib.import_module(f"d2lutils.{module}"), name)
    assert getattr(d2lutils, name).__module__ == f"d2lutils.{module}"


@pytest.mark.parametrize("name", AUTODIFF)
def test_the_autodiff_module_keeps_its_public_names(name):
    autodiff = importlib.import_module("d2lutils.autodiff")
    assert callable(getattr(autodiff, name))


def test_d2l_plt_is_pyplot():
    from matplotlib import pyplot
    assert d2lutils.plt is pyplot


def test_an_unknown_name_is_an_attribute_error_that_names_it():
    with pytest.raises(AttributeError, match="has no attribute 'plott'"):
        d2lutils.plott  # noqa: B018


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_every_module_is_generated_and_says_in_one_line_what_it_holds(path):
    assert path.read_text().startswith(BANNER + "\n")
    name = "d2lutils" if path.stem == "__init__" else f"d2lutils.{path.stem}"
    doc = importlib.import_module(name).__doc__
    assert doc and doc.strip(), f"{name} has no docstring"
    summary = doc.strip().splitlines()[0]
    assert len(summary) > 20 and summary.endswith("."), f"{name}: {summary!r}"


def test_every_block_names_the_notebook_and_cell_it_came_from():
    for path in PACKAGE.glob("*.py"):
        origins = re.findall(r"^# From (notebooks/\S+\.ipynb), cell \d+$", path.read_text(), re.M)
        assert all((ROOT / origin).exists() for origin in origins), path.name


# What the reader sees is what runs: a notebook that defines NAME calls NAME, not d2l.NAME.

def defined_then_called_through_d2l(path):
    """(NAME, cell number) for each d2l.NAME used in a code cell after the notebook defined NAME."""
    defined, found = set(), []
    for number, cell in enumerate(jupytext.read(path).cells, start=1):
        if cell.cell_type != "code":
            continue
        source = "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                           for line in cell.source.split("\n"))
        tree = ast.parse(source)
        demos = [node for node in tree.body  # not the bodies of definitions: helpers in the
                 if not isinstance(node, (ast.FunctionDef, ast.ClassDef))]  # library call d2l.NAME
        for node in (n for demo in demos for n in ast.walk(demo)):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id == "d2l" and node.attr in defined):
                found.append((node.attr, number))
        defined |= {node.name for node in tree.body
                    if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    return found


# Notebooks still to be changed, by another branch of issue 15. strict: once they pass, the
# test fails until its entry here is removed.
NOT_YET = {}


@pytest.mark.parametrize("path", [
    pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=NOT_YET[rel]))
    if (rel := p.relative_to(ROOT).as_posix()) in NOT_YET else p
    for p in text_halves()], ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_notebook_calls_its_own_definitions_not_the_librarys_copy(path):
    found = defined_then_called_through_d2l(path)
    assert not found, (f"{path.relative_to(ROOT)} defines these names and then uses d2l.NAME "
                       f"(name, cell): {found}; call the definition the reader just saw")


def test_the_check_for_d2l_calls_finds_one(tmp_path):
    notebook = tmp_path / "x.py"
    notebook.write_text("# %%\nd2l.plot()\n\n# %%\ndef plot():\n    d2l.plot()\n\n"
                        "# %%\nd2l.plot()\n")
    assert defined_then_called_through_d2l(notebook) == [("plot", 3)]


# A learner's namespace: tab completion (dir) offers what the chapters use, nothing more.

def test_d2l_offers_at_most_25_names_with_plt_among_them():
    public = [name for name in dir(d2lutils) if not name.startswith("_")]
    assert "plt" in public and len(public) <= 25, public
    assert sorted(public) == sorted(d2lutils.__all__)


@pytest.mark.parametrize("name", d2lutils.__all__)
def test_every_name_tab_completion_offers_resolves(name):
    assert getattr(d2lutils, name) is not None


def test_plumbing_lives_in_its_module_and_d2l_module_imports_it():
    import d2lutils.plotting
    assert "check_figsize" not in dir(d2lutils) and "check_figsize" in dir(d2lutils.plotting)
    assert d2lutils.optimization.contour_grid.__module__ == "d2lutils.optimization"
    with pytest.raises(AttributeError, match="has no attribute 'check_figsize'"):
        d2lutils.check_figsize  # noqa: B018


def test_autodiff_tab_completion_offers_the_engine_and_not_its_imports():
    autodiff = importlib.import_module("d2lutils.autodiff")
    assert {"grad", "Var", "jvp"} <= set(dir(autodiff)) and "trace" not in dir(autodiff)
    assert "itertools" not in dir(autodiff) and "math" not in dir(autodiff)


def test_contributing_names_every_module_of_the_package_in_its_layout():
    text = (ROOT / "CONTRIBUTING.md").read_text()
    layout = text[text.index("## Layout"):].split("```")[1]
    package = re.search(r"^d2lutils/.*\n((?:[ \t]+.*\n)*)", layout, re.M).group(1)
    listed = set(re.findall(r"^\s+(\w+\.py)\b", package, re.M))
    assert listed == {path.name for path in PACKAGE.glob("*.py")}, (
        "CONTRIBUTING.md, Layout, must name every module of d2lutils/ and no other")
