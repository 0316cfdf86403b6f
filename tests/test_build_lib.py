"""`make lib`: the #@save extractor, and d2lutils in sync with the notebooks."""

import json
import os
import subprocess
import textwrap

import jupytext
import pytest

from tools import build_lib


def blocks(source):
    return list(build_lib.blocks_in_cell(textwrap.dedent(source).strip("\n"), "cell"))


@pytest.fixture(scope="module")
def expected():
    """What make lib would write from the notebooks as they are (read once: about 0.5 s)."""
    return build_lib.expected_files()


def test_d2lutils_matches_the_notebooks(expected):
    stale = build_lib.stale_files(expected)
    assert not stale, build_lib.staleness_report(expected, stale)


def test_a_mark_saves_the_whole_function_and_nothing_after_it():
    got = blocks("""
        #@save
        def f(x):
            y = x + 1

            return y
        f(2)
    """)
    assert got == [("plotting", "def f(x):\n    y = x + 1\n\n    return y")]


def test_a_mark_keeps_decorators_and_multiline_signatures():
    got = blocks("""
        #@save
        @staticmethod
        def g(
            a,
        ):
            return a
    """)
    assert got[0][1].startswith("@staticmethod\ndef g(") and got[0][1].endswith("return a")


def test_a_run_of_statements_ends_at_the_first_blank_line():
    got = blocks("""
        #@save
        import math
        import numpy as np

        x = 1
    """)
    assert got == [("plotting", "import math\nimport numpy as np")]


def test_a_named_mark_sends_the_block_to_a_submodule():
    got = blocks("""
        #@save autodiff
        class Dual:
            pass
    """)
    assert got == [("autodiff", "class Dual:\n    pass")]


def test_magics_in_the_cell_do_not_stop_extraction():
    got = blocks("""
        %matplotlib inline
        #@save
        X = 1
    """)
    assert got == [("plotting", "X = 1")]


def test_a_mark_with_nothing_below_it_is_an_error():
    with pytest.raises(build_lib.MarkError, match="directly above"):
        blocks("""
            x = 1
            #@save
        """)


def test_a_mark_separated_from_its_block_is_an_error():
    with pytest.raises(build_lib.MarkError, match="directly above"):
        blocks("""
            #@save

            def f():
                pass
        """)


def test_a_bare_mark_is_short_for_save_plotting_as_the_textbook_marks_its_plot_helpers():
    assert blocks("#@save\ndef f():\n    pass") == blocks("#@save plotting\ndef f():\n    pass")


def test_an_init_mark_sends_the_block_to_the_package_itself():
    assert blocks("#@save __init__\nX = 1") == [("__init__", "X = 1")]


@pytest.mark.parametrize("module", ["__init__", "plotting", "autodiff", "anything_new"])
def test_generated_modules_say_they_are_generated_and_where_each_block_comes_from(module):
    text = build_lib.render(module, [("notebooks/x.ipynb, cell 3", "A = 1")])
    assert text.startswith(build_lib.BANNER)
    assert "# From notebooks/x.ipynb, cell 3\nA = 1\n" in text


# The library check itself, on a package of our own: it must find every kind of staleness.

@pytest.fixture
def package(tmp_path, monkeypatch):
    """A d2lutils folder in tmp_path, written from two notebooks' blocks, as `make lib` would."""
    monkeypatch.setattr(build_lib, "ROOT", tmp_path)
    monkeypatch.setattr(build_lib, "PACKAGE", tmp_path / "d2lutils")
    build_lib.PACKAGE.mkdir()
    expected = {build_lib.PACKAGE / "__init__.py":
                build_lib.render("__init__", [("notebooks/a.ipynb, cell 2", "A = 1")]),
                build_lib.PACKAGE / "autodiff.py":
                build_lib.render("autodiff", [("notebooks/b.ipynb, cell 4", "B = 2")])}
    for path, text in expected.items():
        path.write_text(text)
    return expected


def test_library_check_finds_nothing_stale_in_a_fresh_package(package):
    assert build_lib.stale_files(package) == []


def test_library_check_finds_a_module_edited_by_hand(package):
    init = build_lib.PACKAGE / "__init__.py"
    init.write_text(init.read_text().replace("A = 1", "A = 10"))
    assert build_lib.stale_files(package) == [init]
    report = build_lib.staleness_report(package, [init])
    assert "__init__.py is not in sync with the notebooks' #@save blocks; run `make lib`" in report
    assert "-A = 10" in report and "+A = 1" in report


def test_library_check_finds_a_module_a_notebook_now_writes_differently(package):
    path = build_lib.PACKAGE / "autodiff.py"
    package[path] = build_lib.render("autodiff", [("notebooks/b.ipynb, cell 4", "B = 3")])
    assert build_lib.stale_files(package) == [path]


def test_library_check_finds_a_missing_module(package):
    (build_lib.PACKAGE / "autodiff.py").unlink()
    assert build_lib.stale_files(package) == [build_lib.PACKAGE / "autodiff.py"]


def test_library_check_finds_a_generated_module_no_block_targets_any_more(package):
    orphan = build_lib.PACKAGE / "old.py"
    orphan.write_text(build_lib.render("old", [("notebooks/c.ipynb, cell 1", "C = 3")]))
    assert build_lib.stale_files(package) == [orphan]
    (build_lib.PACKAGE / "handwritten.py").write_text("X = 1\n")  # not generated: left alone
    assert build_lib.stale_files(package) == [orphan]


def test_a_module_without_a_docstring_of_its_own_names_its_notebooks():
    text = build_lib.render("tables", [("notebooks/03_x.ipynb, cell 3", "A = 1")])
    assert '"""d2lutils.tables: the helpers saved in notebooks/03_x.ipynb."""' in text


def test_all_lists_the_public_names_then_the_lazy_ones_and_nothing_private():
    blocks = [("nb, cell 1", "def plot():\n    pass"),
              ("nb, cell 2", "def _check():\n    pass"),
              ("nb, cell 3", "import numpy as np"),
              ("nb, cell 4", "FMTS = ('-',)"),
              ("nb, cell 5", "_LAZY_NAMES = {'plt': 'matplotlib.pyplot'}")]
    namespace = {}
    exec(build_lib.render("plotting", blocks).replace("import numpy as np", ""), namespace)
    assert namespace["__all__"] == ["plot", "FMTS", "plt"]
    assert namespace["__dir__"]() == sorted(["plot", "FMTS", "plt", "_check", "_LAZY_NAMES",
                                             "__all__", "__builtins__", "__doc__", "__dir__"])


def test_a_module_imports_d2l_only_when_a_block_uses_it():
    assert build_lib.D2L_IMPORT not in build_lib.render("autodiff", [("nb, cell 1", "X = 1")])
    uses = build_lib.render("plotting", [("nb, cell 1", "def f():\n    d2l.plt.gca()")])
    assert build_lib.D2L_IMPORT in uses
    own = build_lib.render("draw", [("nb, cell 1", "def f():\n    import d2lutils as d2l\n"
                                                   "    d2l.plt.gca()")])
    assert build_lib.D2L_IMPORT not in own  # imported where it is used, not at the top


def test_lazy_names_must_be_a_literal():
    with pytest.raises(build_lib.MarkError, match="must be a literal"):
        build_lib.render("__init__", [("nb, cell 1", "_LAZY_NAMES = tuple(NAMES)")])


def test_a_lazy_name_from_the_package_must_be_defined_by_its_module():
    modules = {"__init__": [("nb, cell 1", "_LAZY_NAMES = {'plot': 'd2lutils.plotting'}")],
               "plotting": [("nb, cell 2", "def plott():\n    pass")]}
    with pytest.raises(build_lib.MarkError, match="takes plot from d2lutils.plotting"):
        build_lib.check_lazy_homes(modules)
    modules["plotting"].append(("nb, cell 3", "def plot():\n    pass"))
    build_lib.check_lazy_homes(modules)


def test_the_package_is_always_written_even_without_init_blocks():
    files = build_lib.expected_files(sources=[])
    assert list(files) == [build_lib.PACKAGE / "__init__.py", build_lib.SOLUTIONS]


def test_make_lib_writes_the_package_and_no_notebook(expected):
    """make lib builds d2lutils (solutions.json included) and nothing else: the hosted runtimes'
    first cells are make hosted's."""
    written = set(expected)
    assert {path.parent for path in written} == {build_lib.PACKAGE}
    assert build_lib.SOLUTIONS in written
    recipe = subprocess.run(["make", "-n", "--no-print-directory", "lib"], cwd=build_lib.ROOT,
                            env={k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL")},
                            capture_output=True, text=True, timeout=60, check=True).stdout
    assert "tools/build_lib.py" in recipe and "tools/hosted" not in recipe


def test_the_solutions_data_holds_each_solutions_notebook_by_the_name_d2l_exercise_takes():
    data = json.loads(build_lib.solutions_data(build_lib.text_halves()))
    solutions = sorted((build_lib.NOTEBOOKS).glob("**/solutions/*_solutions.py"))
    assert sorted(data) == sorted(
        (p.parent.parent.relative_to(build_lib.NOTEBOOKS) / p.stem.removesuffix("_solutions")).as_posix()
        for p in solutions)
    first = solutions[0]
    name = (first.parent.parent.relative_to(build_lib.NOTEBOOKS) / first.stem.removesuffix("_solutions"))
    assert [cell["source"] for cell in data[name.as_posix()]] == \
        [cell.source for cell in jupytext.read(first).cells]
