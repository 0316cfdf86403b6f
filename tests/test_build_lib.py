"""`make lib`: the #@save extractor, and d2lutils in sync with the notebooks."""

import textwrap

import pytest

from tools import build_lib


def blocks(source):
    return list(build_lib.blocks_in_cell(textwrap.dedent(source).strip("\n"), "cell"))


def test_d2lutils_matches_the_notebooks():
    expected = build_lib.expected_files()
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
    assert got == [("__init__", "def f(x):\n    y = x + 1\n\n    return y")]


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
    assert got == [("__init__", "import math\nimport numpy as np")]


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
    assert got == [("__init__", "X = 1")]


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


def test_generated_modules_say_they_are_generated_and_where_each_block_comes_from():
    text = build_lib.render("__init__", [("notebooks/x.ipynb, cell 3", "A = 1")])
    assert text.startswith(build_lib.BANNER)
    assert "# From notebooks/x.ipynb, cell 3\nA = 1\n" in text
