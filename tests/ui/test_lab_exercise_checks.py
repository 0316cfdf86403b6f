"""Check your answer, in JupyterLab: a learner fills in an exercise's answer cell, runs it with
Shift+Enter, and reads the verdict; then tries a wrong answer and reads what is wrong."""

# Named to run after test_jupyterlab*.py, which keep 01_calculus open and run (pytest runs
# files in name order), so that this test edits that open notebook last.

import nbformat

from lab_notebook import Notebook
from ui_settings import NOTEBOOKS

CHAPTER = NOTEBOOKS / "01_calculus.ipynb"
CALL = 'd2l.exercise("01_calculus", 6).check(answer)'  # the tangent of x^3 - 1/x at x = 1


def answer_cell_index():
    cells = nbformat.read(CHAPTER, as_version=4).cells
    return next(i for i, cell in enumerate(cells) if cell.cell_type == "code" and CALL in cell.source)


def test_an_answer_typed_in_jupyterlab_is_checked_right_and_then_wrong(page, lab, ran_notebooks):
    index = answer_cell_index()
    notebook = ran_notebooks.get(CHAPTER)  # the chapter run all through, as a learner has
    notebook.replace_cell_and_run(index, f'answer = "4*x - 4"\n{CALL}')
    shown = notebook.cells()["cells"][index]
    text = " ".join(out["text"] for out in shown["outputs"])
    assert text.startswith("Correct!"), f"the right answer was not accepted: {text!r}"
    assert "True" in text

    notebook.replace_cell_and_run(index, f'answer = "3*x**2 + 1/x**2"\n{CALL}')
    shown = notebook.cells()["cells"][index]
    text = " ".join(out["text"] for out in shown["outputs"])
    assert text.startswith("Not yet.") and "derivative" in text, \
        f"the derivative given for the tangent line got no specific feedback: {text!r}"
    assert not any(out["mime"] == "application/vnd.jupyter.error" for out in shown["outputs"])
