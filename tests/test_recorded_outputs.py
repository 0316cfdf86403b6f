"""Trusted means inert: `make lab` trusts every notebook, and JupyterLab then renders its
recorded outputs as they are, scripts included. So a recorded output may only be something
that cannot run code in the reader's browser."""

import re

import nbformat
import pytest

from tools.pairs import ROOT, notebooks

# What a recorded output may hold: text, LaTeX, PNG, SVG without scripts, Markdown without
# raw HTML (the exercise checks' verdicts and progress tables), and the view of a widget
# (only a reference to a model; `make outputs` does not even record those).
SAFE_MIME_TYPES = {"text/plain", "text/latex", "image/png", "image/svg+xml", "text/markdown",
                   "application/vnd.jupyter.widget-view+json"}
SCRIPT_IN_SVG = re.compile(r"<script|javascript:|\son[a-z]+\s*=", re.IGNORECASE)
# Markdown renders raw HTML as it is: any tag, comment or processing instruction (an
# escaped \< is text) and any link or image that is not http(s) or relative is refused.
HTML_IN_MARKDOWN = re.compile(r"(?<!\\)<[A-Za-z!?/]|\]\(\s*(?:javascript|data|vbscript):",
                              re.IGNORECASE)


def unsafe_outputs(notebook):
    """(cell number, what is wrong) for every output that is not inert."""
    found = []
    for number, cell in enumerate(notebook.cells, start=1):
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "stream":
                continue
            if kind not in ("display_data", "execute_result"):
                found.append((number, f"an output of type {kind!r}"))
                continue
            for mime, data in output.get("data", {}).items():
                if mime not in SAFE_MIME_TYPES:
                    found.append((number, f"a {mime} output"))
                elif mime == "image/svg+xml":
                    svg = "".join(data) if isinstance(data, list) else data
                    if SCRIPT_IN_SVG.search(svg):
                        found.append((number, "an SVG figure with a script or event handler"))
                elif mime == "text/markdown":
                    markdown = "".join(data) if isinstance(data, list) else data
                    if HTML_IN_MARKDOWN.search(markdown):
                        found.append((number, "Markdown with raw HTML or a script link"))
    return found


@pytest.mark.parametrize("ipynb", notebooks(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_recorded_outputs_are_inert(ipynb):
    found = unsafe_outputs(nbformat.read(ipynb, as_version=4))
    assert not found, (f"{ipynb.relative_to(ROOT)} records outputs that could run code once "
                       f"trusted (cell, what): {found}")


def notebook_with(output):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("x", outputs=[output])]
    return notebook


SVG = '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>'


@pytest.mark.parametrize("output", [
    nbformat.v4.new_output("stream", name="stdout", text="hello\n"),
    nbformat.v4.new_output("display_data", {"text/plain": "<Figure>", "image/svg+xml": SVG}),
    nbformat.v4.new_output("execute_result", {"text/plain": "2", "text/latex": "$2$"},
                           execution_count=1),
    nbformat.v4.new_output("display_data", {"image/png": "iVBORw0KGgo="}),
    nbformat.v4.new_output("execute_result", {
        "text/plain": "x Not yet.", "text/markdown": "\u274c **Not yet.** x\\*\\*2 \\<b\\> a < b, "
                                                     "[link](solutions/x.ipynb)"},
        execution_count=1),
], ids=["stream", "svg", "latex", "png", "markdown"])
def test_text_latex_and_plain_figures_are_inert(output):
    assert unsafe_outputs(notebook_with(output)) == []


@pytest.mark.parametrize("output, problem", [
    (nbformat.v4.new_output("display_data", {"text/html": "<b>hi</b>"}), "text/html"),
    (nbformat.v4.new_output("display_data", {"application/javascript": "alert(1)"}),
     "application/javascript"),
    (nbformat.v4.new_output("error", ename="ValueError", evalue="x", traceback=[]), "'error'"),
    (nbformat.v4.new_output("display_data", {"image/svg+xml": SVG.replace(
        "<path", "<script>alert(1)</script><path")}), "script"),
    (nbformat.v4.new_output("display_data", {"image/svg+xml": SVG.replace(
        "<path", '<path onload="alert(1)"')}), "event handler"),
    (nbformat.v4.new_output("display_data",
                            {"text/markdown": "**hi** <img src=x onerror=alert(1)>"}),
     "raw HTML"),
    (nbformat.v4.new_output("display_data", {"text/markdown": "text <script>alert(1)</script>"}),
     "raw HTML"),
    (nbformat.v4.new_output("display_data", {"text/markdown": "a <!-- comment -->"}), "raw HTML"),
    (nbformat.v4.new_output("display_data", {"text/markdown": "[x](javascript:alert(1))"}),
     "script link"),
], ids=["html", "javascript", "error", "svg-script", "svg-onload", "markdown-html",
        "markdown-script", "markdown-comment", "markdown-js-link"])
def test_html_javascript_errors_and_scripted_svg_are_reported(output, problem):
    found = unsafe_outputs(notebook_with(output))
    assert len(found) == 1 and problem in found[0][1]


# Where a recorded output would name the machine it was recorded on: a warning's traceback
# shows the file it came from, and a learner's clone, user and Python are elsewhere.
MACHINE_PATH = re.compile(r"site-packages|/home/[^/\s]+|/root/|/Users/[^/\s]+|/tmp/|[A-Z]:\\")


def machine_paths(notebook):
    """(cell number, the path) for every output text that names a path of this machine."""
    found = []
    for number, cell in enumerate(notebook.cells, start=1):
        for output in cell.get("outputs", []):
            texts = [output.get("text", "")] + [
                value for mime, value in output.get("data", {}).items() if mime.startswith("text/")]
            for text in texts:
                text = "".join(text) if isinstance(text, list) else text
                if str(ROOT) in text:
                    found.append((number, str(ROOT)))
                elif match := MACHINE_PATH.search(text):
                    found.append((number, match.group(0)))
    return found


@pytest.mark.parametrize("ipynb", notebooks(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_recorded_output_names_a_path_of_the_machine_it_was_recorded_on(ipynb):
    found = machine_paths(nbformat.read(ipynb, as_version=4))
    assert not found, f"{ipynb.relative_to(ROOT)} records a path of this machine (cell, path): {found}"


@pytest.mark.parametrize("text", [
    "/opt/venv/lib/python3.12/site-packages/jax/_src/numpy/util.py:84: UserWarning: ...",
    "Traceback: File /home/ada/d2l/notebooks/x.py",
    "C:\\Users\\ada\\x.py"])
def test_a_machine_path_is_found(text):
    notebook = notebook_with(nbformat.v4.new_output("stream", name="stderr", text=text))
    assert machine_paths(notebook)
