"""Every notebook opens (unmodified, and saved as committed) and draws in JupyterLab, and runs
there when it has cells whose outputs only a browser checks, in a real (headless) browser.

The tests drive JupyterLab's own commands (`docmanager:open`, `notebook:run-all-cells`) through
its app object in the page (lab_notebook.py), and read what the page shows: the output areas of
the cells. Two JupyterLab pages take the notebooks in turn, so that the next notebook opens in
one while the test checks the current one in the other. A notebook that runs all through
without errors stays open, its kernel running, for test_jupyterlab_explorers.py, which moves
the sliders of its explorers, and test_lab_exercise_checks.py.

Run All, and what is checked after it (no cell shows an error or a traceback, every code cell
has run, every recorded figure is drawn again, the kernel ends idle), is done only for a
notebook that has a cell `make test` does not check byte for byte (`browser_checked_cells`):
an explorer's widget, an output nbval is told to ignore or does not compare (PNG, JPEG, widget
views), a cell nbval skips or lets raise, a cell recorded unrun. For every other notebook,
`make test` already runs every cell in a fresh kernel of the same .venv, started in the
notebook's folder as JupyterLab starts it, and fails on any error and on any output (text,
stdout, stderr, Markdown, SVG) that differs from the recorded one by a byte; recorded outputs
hold no errors (tests/test_recorded_outputs.py); and this test checks, as opened, that
JupyterLab draws every recorded figure. A Run All in the browser would show those same bytes
again. `test_make_test_runs_every_notebook_under_strict_nbval` fails if `make test` stops
doing so. Run All starts as soon as the notebook has been checked as opened and goes on
while the next notebooks open; `test_notebook_runs_all_and_draws_in_jupyterlab` waits for it.
"""

import os
import subprocess

import nbformat
import pytest
from nbval.plugin import find_comment_markers, find_metadata_tags

from lab_notebook import Notebook, errors, explorer_cells, rel
from ui_settings import NOTEBOOKS, ROOT, notebook_paths

NOTEBOOK_PATHS = notebook_paths()

SHOW_FIRST_FIGURE = """(id) => {
    const panel = window.uiPanels[id];
    const figure = panel.node.querySelector('.jp-RenderedSVG');
    (figure || panel.node).scrollIntoView({block: 'center'});
    return figure !== null;
}"""

# Resolves once the page has painted a frame after this call (the second animation frame
# starts after the first one is painted).
PAINTED = """() => new Promise((resolve) =>
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(true))))"""


def git_status(repo):
    return subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True,
                          text=True, timeout=60, check=True).stdout


def recorded_figures(nb):
    """Indices of the cells whose recorded outputs hold an SVG figure."""
    return [i for i, cell in enumerate(nb.cells)
            if any("image/svg+xml" in out.get("data", {}) for out in cell.get("outputs", []))]


def undrawn_figures(cells, indices):
    """For each cell in indices that shows no drawn SVG figure: (index, what it shows instead)."""
    missing = []
    for i in indices:
        outputs = cells[i]["outputs"]
        if not any(out["mime"] == "image/svg+xml" and out["figures"] for out in outputs):
            missing.append((i, [(out["mime"], out["text"][:80]) for out in outputs]))
    return missing


# The data nbval does not compare even in strict mode (nbval.plugin.IPyNbFile.skip_compare).
NBVAL_UNCOMPARED = {"image/png", "image/jpeg", "application/vnd.jupyter.widget-view+json"}


def browser_checked_cells(nb):
    """Indices of the code cells whose outputs strict nbval (`make test`) does not compare
    with the recorded ones, read with nbval's own parsers of tags and comment markers: a
    marker that turns off the check, skips the cell or lets it raise; a cell recorded unrun; an
    output of a type nbval leaves out; and every explorer cell. Only a browser checks these."""
    found = set(explorer_cells(nb))
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        options = {"check": True, "check_exception": False, "skip": False}
        options.update(find_comment_markers(cell.source))
        options.update(find_metadata_tags(cell.metadata))
        data = {mime for out in cell.get("outputs", []) for mime in out.get("data", {})}
        if (not options["check"] or options["check_exception"] or options["skip"]
                or cell.get("execution_count") is None or data & NBVAL_UNCOMPARED
                or any(out.output_type == "error" for out in cell.get("outputs", []))):
            found.add(i)
    return sorted(found)


def test_there_are_notebooks_to_open():
    assert NOTEBOOK_PATHS, f"no .ipynb under {NOTEBOOKS}"


def test_make_test_runs_every_notebook_under_strict_nbval():
    """What lets the test below leave Run All to `make test`: `make test` (as `make -n` shows
    it) runs nbval in strict mode, comparing outputs unsanitized, on every notebook."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "NB")}
    shown = subprocess.run(["make", "-n", "--no-print-directory", "test"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=60, check=True).stdout
    pytest_line = next((line for line in shown.splitlines()
                        if " -m pytest " in line and " --nbval " in f"{line} "), "")
    words = pytest_line.split()
    assert "--nbval" in words, f"make test runs no strict nbval: {pytest_line!r}"
    assert not [w for w in words if w.startswith(("--nbval-lax", "--nbval-sanitize"))], \
        f"make test compares outputs loosely: {pytest_line!r}"
    missing = [rel(p) for p in NOTEBOOK_PATHS if p.relative_to(ROOT).as_posix() not in words]
    assert not missing, f"make test does not run these notebooks: {missing}"


class Opener:
    """The documents the tests of this module open, in the order they run, each in one of two
    JupyterLab pages, alternately: while a test checks one document in its page, the next one
    opens (its cells render, its kernel starts) in the other page."""

    def __init__(self, pages, order):
        self.pages, self.order, self.started = pages, order, {}

    def start(self, key):
        if key not in self.started:
            page = self.pages[self.order.index(key) % len(self.pages)].ready()
            self.started[key] = Notebook(page, *key)
            self.started[key].start_opening()
        return self.started[key]

    def notebook(self, path, factory="Notebook"):
        """The document at path, opening (not yet waited for); the next one starts opening."""
        key = (path, factory)
        if key not in self.order:  # not foreseen: opened now, in the first page
            return Notebook(self.pages[0], path, factory)
        notebook = self.start(key)
        following = self.order[self.order.index(key) + 1:]
        if following:
            self.start(following[0])
        return notebook

    def close_unused(self):
        """Close what was opened for a test that did not run (deselected, or after -x)."""
        for notebook in self.started.values():
            if not hasattr(notebook, "id"):
                try:
                    notebook.open().close()
                except AssertionError:
                    pass


TESTED_AS_OPENED = "test_notebook_opens_unmodified_saves_as_committed_and_draws_in_jupyterlab"
TESTED_AS_TEXT = "test_paired_text_opens_as_jupytext_notebook_with_the_cells_and_outputs_of_its_ipynb"


@pytest.fixture(scope="module")
def opener(request, page, second_page):
    order = []
    for item in request.session.items:
        if item.originalname == TESTED_AS_OPENED:
            order.append((item.callspec.params["path"], "Notebook"))
        elif item.originalname == TESTED_AS_TEXT and paired_text():
            order.append((paired_text(), "Jupytext Notebook"))
    opener = Opener([page, second_page], order)
    yield opener
    opener.close_unused()


def screenshot(notebook, figures, build_dir):
    """build_dir/NAME.png: the notebook, scrolled to its first figure (which it must show when
    it records figures)."""
    page = notebook.page
    has_figure = page.evaluate(SHOW_FIRST_FIGURE, notebook.id)
    assert has_figure == bool(figures)
    shot = build_dir / notebook.path.relative_to(NOTEBOOKS).with_suffix(".png")
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.evaluate(PAINTED)  # let the scroll paint
    page.screenshot(path=shot)


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=rel)
def test_notebook_opens_unmodified_saves_as_committed_and_draws_in_jupyterlab(
        opener, lab, build_dir, ran_notebooks, path):
    nb = nbformat.read(path, as_version=4)
    figures = recorded_figures(nb)
    assert git_status(lab.repo) == ""
    with opener.notebook(path) as notebook:
        notebook.settle(quiet_s=0)  # the kernel has started; the cells are rendered

        # Opening is not editing: JupyterLab does not mark it modified when the kernel
        # starts, and pressing Save leaves `git status` clean (the save hook of make lab).
        assert not notebook.modified_once_the_kernel_told_its_language(), \
            f"{rel(path)} is marked modified in JupyterLab after its kernel started, unedited"
        assert notebook.save() == "completed"
        changed = git_status(lab.repo)
        if changed:
            diff = subprocess.run(["git", "diff", "--stat"], cwd=lab.repo, capture_output=True,
                                  text=True, timeout=60).stdout
            subprocess.run(["git", "checkout", "--", "."], cwd=lab.repo, timeout=60, check=True)
            pytest.fail(f"opening {rel(path)} and pressing Save changed it:\n{changed}{diff}")

        # As opened: the recorded figures are drawn, which JupyterLab does only for a
        # trusted notebook (an untrusted one shows the text "<Figure size ...>").
        shown = notebook.cells()
        assert len(shown["cells"]) == len(nb.cells), "JupyterLab shows another number of cells"
        missing = undrawn_figures(shown["cells"], figures)
        assert not missing, (f"{rel(path)} as opened: the recorded figures of these cells are "
                             f"not drawn (is the notebook trusted?): {missing}")
        # Each explorer, not yet run, shows its figure and the line saying how to move it.
        for i in explorer_cells(nb):
            outputs = shown["cells"][i]["outputs"]
            assert [out["mime"] for out in outputs] == ["image/png", "text/markdown"] \
                and outputs[0]["figures"] == 1 and "run this cell" in outputs[1]["text"], \
                f"{rel(path)} cell {i}, an explorer, as opened shows {outputs}"
            assert "nbval" not in shown["cells"][i]["source"]

        if browser_checked_cells(nb):
            # Checked by the next test, after Run All, which starts now and goes on while the
            # tests in between open other notebooks.
            ran_notebooks.start(notebook)
        else:
            screenshot(notebook, figures, build_dir)


RUN_PATHS = [p for p in NOTEBOOK_PATHS if browser_checked_cells(nbformat.read(p, as_version=4))]


@pytest.mark.parametrize("path", RUN_PATHS, ids=rel)
def test_notebook_runs_all_and_draws_in_jupyterlab(ran_notebooks, build_dir, path):
    """Run All (started by the test above, else now), in a notebook with a cell whose outputs
    only a browser checks (module docstring): no cell shows an error or a traceback, every code
    cell has run, every recorded figure is drawn again, the kernel ends idle."""
    nb = nbformat.read(path, as_version=4)
    figures = recorded_figures(nb)
    notebook = ran_notebooks.finish(path)
    try:
        ran = notebook.cells()
        failed = errors(ran["cells"])
        assert not failed, f"{rel(path)}: cells show errors after Run All: {failed}"
        not_run = [i for i, cell in enumerate(ran["cells"])
                   if cell["type"] == "code" and cell["count"] is None]
        assert not not_run, f"{rel(path)}: cells not run by Run All: {not_run}"
        missing = undrawn_figures(ran["cells"], figures)
        assert not missing, f"{rel(path)} after Run All: figures not drawn: {missing}"
        assert ran["kernel"] == "idle", f"{rel(path)}: the kernel ends {ran['kernel']}"
        notebook.activate()
        screenshot(notebook, figures, build_dir)
    except BaseException:
        notebook.close()
        raise
    # run, and without errors: the explorer tests and the exercise checks use it as it is
    ran_notebooks.keep(notebook)


def paired_text():
    """The first NAME.py beside a NAME.ipynb that records outputs."""
    return next((p.with_suffix(".py") for p in NOTEBOOK_PATHS if p.with_suffix(".py").exists()
                 and recorded_figures(nbformat.read(p, as_version=4))), None)


def test_paired_text_opens_as_jupytext_notebook_with_the_cells_and_outputs_of_its_ipynb(opener):
    py = paired_text()
    if py is None:
        pytest.skip(f"no NAME.py beside a NAME.ipynb under {NOTEBOOKS}")
    nb = nbformat.read(py.with_suffix(".ipynb"), as_version=4)
    with opener.notebook(py, "Jupytext Notebook") as notebook:
        notebook.settle(quiet_s=0)
        shown = notebook.cells()
    assert shown["title"] == py.name
    assert shown["domCells"] == len(nb.cells), (
        f"{rel(py)} shows {shown['domCells']} cells, its .ipynb has {len(nb.cells)}")
    assert [(c["type"], c["source"]) for c in shown["cells"]] == \
        [(c.cell_type, c.source) for c in nb.cells]
    # Paired (notebooks/jupytext.toml), the .py shows the outputs its .ipynb recorded.
    with_outputs = [i for i, c in enumerate(nb.cells) if c.get("outputs")]
    assert with_outputs, f"{rel(py.with_suffix('.ipynb'))} records no outputs to compare"
    assert [i for i, c in enumerate(shown["cells"]) if c["outputs"]] == with_outputs, (
        f"{rel(py)} in the Jupytext view does not show the outputs of its .ipynb: "
        "is the pair configured where JupyterLab's Jupytext looks (notebooks/jupytext.toml)?")
