"""Check your answer, in JupyterLab: a learner fills in an exercise's answer cell, runs it with
Shift+Enter, and reads the verdict; then tries a wrong answer and reads what is wrong; runs
the chapter's progress cell, which lists what is right; and asks for the worked solution,
whose math is typeset and whose link is clickable."""

# Named to run after test_jupyterlab*.py, which keep 01_calculus open and run (pytest runs
# files in name order), so that this test edits that open notebook last.

import re
from urllib.parse import urlparse

import nbformat

from lab_notebook import Notebook  # noqa: F401  (the fixture's type)
from ui_settings import NOTEBOOKS

CHAPTER = NOTEBOOKS / "01_calculus.ipynb"
CALL = 'd2l.exercise("01_calculus", 6).check(answer)'  # the tangent of x^3 - 1/x at x = 1
PROGRESS = 'd2l.progress("01_calculus")'
BARE_BOOL = re.compile(r"(^|\n)\s*(True|False)\s*($|\n)")

# What the first output of a cell shows: its Markdown rendered (bold words, typeset math,
# links); waits until MathJax has typeset the math it expects.
RENDERED = """async ({id, index, math}) => {
    const panel = window.uiPanels[id];
    const out = panel.content.widgets[index].node.querySelector('.jp-OutputArea-output');
    if (!out) return null;
    const typeset = out.querySelectorAll('mjx-container, .MathJax').length;
    if (math && typeset === 0) return null;
    return {mime: out.getAttribute('data-mime-type'), typeset,
            strong: Array.from(out.querySelectorAll('strong')).map(s => s.textContent),
            links: Array.from(out.querySelectorAll('a[href]')).map(a => a.getAttribute('href')),
            rawDollars: (out.textContent.match(/\\$/g) || []).length};
}"""


def cell_index(source):
    cells = nbformat.read(CHAPTER, as_version=4).cells
    return next(i for i, cell in enumerate(cells)
                if cell.cell_type == "code" and source in cell.source)


def shown(notebook, index):
    """(mime of the first output, all outputs' text) of cell index."""
    outputs = notebook.cells()["cells"][index]["outputs"]
    return outputs[0]["mime"] if outputs else None, " ".join(out["text"] for out in outputs)


def rendered(page, notebook, index, math=False):
    return page.wait_for_function(RENDERED, arg={"id": notebook.id, "index": index, "math": math},
                                  timeout=60_000).json_value()


def test_an_answer_typed_in_jupyterlab_is_checked_right_and_then_wrong(lab, ran_notebooks):
    index = cell_index(CALL)
    notebook = ran_notebooks.get(CHAPTER)  # the chapter run all through, as a learner has
    page = notebook.page  # the page it was run in
    mime, text = shown(notebook, index)
    assert mime == "text/markdown" and text.startswith("\u270f\ufe0f Not answered yet."), text
    assert rendered(page, notebook, index)["strong"] == ["Not answered yet."]

    notebook.replace_cell_and_run(index, f'answer = "4*x - 4"\n{CALL}')
    mime, text = shown(notebook, index)
    assert text.startswith("\u2705 Right."), f"the right answer was not accepted: {text!r}"
    assert mime == "text/markdown" and not BARE_BOOL.search(text), text
    assert rendered(page, notebook, index)["strong"] == ["Right."]

    progress = cell_index(PROGRESS)
    notebook.replace_cell_and_run(progress, PROGRESS)
    mime, text = shown(notebook, progress)
    assert mime == "text/markdown" and "1 of 10 answered right" in text, text
    assert "\u2705 right" in text

    notebook.replace_cell_and_run(index, f'answer = "3*x**2 + 1/x**2"\n{CALL}')
    mime, text = shown(notebook, index)
    assert text.startswith("\u274c Not yet.") and "derivative" in text, \
        f"the derivative given for the tangent line got no specific feedback: {text!r}"
    assert mime == "text/markdown" and not BARE_BOOL.search(text), text
    assert rendered(page, notebook, index)["strong"] == ["Not yet."]
    outputs = notebook.cells()["cells"][index]["outputs"]
    assert not any(out["mime"] == "application/vnd.jupyter.error" for out in outputs)


def test_a_worked_solution_shows_typeset_math_and_a_link(lab, ran_notebooks):
    index = cell_index(CALL)
    notebook = ran_notebooks.get(CHAPTER)
    page = notebook.page
    notebook.replace_cell_and_run(index, 'd2l.exercise("01_calculus", 4).solution()')
    view = rendered(page, notebook, index, math=True)
    assert view["mime"] == "text/markdown" and view["typeset"] > 0, view
    # resolved against the chapter's folder, as a link in the chapter's own Markdown is
    paths = [urlparse(link).path for link in view["links"]]
    assert any(path.endswith("/files/solutions/01_calculus_solutions.ipynb")
               or path.endswith("/notebooks/solutions/01_calculus_solutions.ipynb")
               for path in paths), view
    assert view["rawDollars"] == 0, view
