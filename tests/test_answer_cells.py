"""Every exercise in a chapter has an answer cell under it, which runs its check; as
committed the cell is unanswered, and its recorded output is the verdict saying so, with no
error and no bare True/False. The chapter's exercises end with its progress. A JAX chapter
(notebooks/jax/) asks the JAX edition of the same exercises: d2l.exercise("jax/NAME", n)."""

import re

import nbformat
import pytest

import d2lutils as d2l
from d2lutils import exercise_checks
from tools.pairs import NOTEBOOKS

CHAPTERS = exercise_checks._chapter_names()  # the PyTorch chapters, then their JAX twins
CALL = re.compile(r'^d2l\.exercise\("(?P<chapter>[\w/]+)", (?P<number>\d+)\)\.check\(answer\)$',
                  re.M)


def answer_cells(chapter):
    """{exercise number: (cell index, cell)} for the answer cells of a chapter."""
    notebook = nbformat.read(NOTEBOOKS / f"{chapter}.ipynb", as_version=4)
    found = {}
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code" and (match := CALL.search(cell.source)):
            assert match["chapter"] == chapter, f"cell {index + 1} checks another chapter"
            found[int(match["number"])] = (index, cell)
    return found, notebook


def test_every_chapter_with_exercises_is_a_notebook():
    assert CHAPTERS == ["01_calculus", "02_autograd", "03_autodiff_from_scratch",
                        "04_calculus_for_deep_learning", "jax/01_calculus", "jax/02_autograd"]
    assert all((NOTEBOOKS / f"{chapter}.ipynb").exists() for chapter in CHAPTERS)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_exercise_has_an_unanswered_answer_cell_under_it(chapter):
    found, notebook = answer_cells(chapter)
    numbers = [e.number for e in d2l.exercises() if e.chapter == chapter.rpartition("/")[2]]
    assert sorted(found) == numbers, f"{chapter}: answer cells for {sorted(found)}, not {numbers}"
    for number, (index, cell) in found.items():
        assert "answer = None" in cell.source
        above = notebook.cells[index - 1]
        assert above.cell_type == "markdown" and above.source.startswith(f"{number}. "), \
            f"{chapter}: the answer cell of exercise {number} is not under its text"
        assert cell.source == d2l.exercise(chapter, number).answer_cell(), \
            f"{chapter}: the answer cell of exercise {number} is not answer_cell()'s text"
        assert [out.output_type for out in cell.outputs] == ["execute_result"], \
            f"{chapter} exercise {number}: the cell should show its verdict, and only that"
        data = cell.outputs[0].data
        assert data["text/plain"].startswith("\u270f\ufe0f Not answered yet."), \
            f"{chapter} exercise {number}: {data['text/plain']!r}"
        assert data["text/markdown"].startswith("\u270f\ufe0f **Not answered yet.**")
        assert not re.search(r"^\s*(True|False)\s*$", data["text/plain"], re.M)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_exercises_end_with_the_chapters_progress(chapter):
    found, notebook = answer_cells(chapter)
    after_last = notebook.cells[max(index for index, _ in found.values()) + 1]
    assert after_last.cell_type == "code"
    assert after_last.source.splitlines()[-1] == f'd2l.progress("{chapter}")'
    shown = after_last.outputs[0].data
    assert shown["text/plain"].startswith(f"{chapter}: 0 of {len(found)} answered right")
    assert "| exercise | status | title |" in shown["text/markdown"]
