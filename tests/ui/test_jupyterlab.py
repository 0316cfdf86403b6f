"""Every notebook opens, runs and draws in JupyterLab, in a real (headless) browser.

The tests drive JupyterLab's own commands (`docmanager:open`, `notebook:run-all-cells`) through
its app object in the page, and read what the page shows: the output areas of the cells.
"""

import nbformat
import pytest

from ui_settings import NOTEBOOKS, RUN_TIMEOUT, notebook_paths

NOTEBOOK_PATHS = notebook_paths()

# Runs a JupyterLab command; fails instead of hanging when it does not finish in time
# (e.g. a dialog waits for a click).
COMMAND = """async ({command, args, timeout}) => {
    const app = window.jupyterapp;
    const timer = new Promise((_, reject) => setTimeout(
        () => reject(new Error(`${command} did not finish within ${timeout} s`)), timeout * 1000));
    return await Promise.race([app.commands.execute(command, args), timer]);
}"""

OPEN = """async ({path, factory, timeout}) => {
    const app = window.jupyterapp;
    const timer = new Promise((_, reject) => setTimeout(
        () => reject(new Error(`opening ${path} did not finish within ${timeout} s`)), timeout * 1000));
    const open = (async () => {
        const panel = await app.commands.execute('docmanager:open', {path, factory});
        window.uiPanels = window.uiPanels || {};
        window.uiPanels[panel.id] = panel;
        await panel.context.ready;
        app.shell.activateById(panel.id);
        return panel.id;
    })();
    return await Promise.race([open, timer]);
}"""

KERNEL_READY = "(id) => window.uiPanels[id].sessionContext.isReady"

# True once the kernel is idle and every cell is rendered (JupyterLab renders the cells of a
# long notebook lazily, in idle time) and none waits to run ([*]).
SETTLED = """(id) => {
    const panel = window.uiPanels[id];
    const kernel = panel.sessionContext.session?.kernel;
    return kernel?.status === 'idle'
        && panel.content.widgets.every(cell => !cell.isPlaceholder())
        && !Array.from(panel.node.querySelectorAll('.jp-InputPrompt'))
                 .some(prompt => prompt.textContent.includes('*'));
}"""

# What each cell shows: its type, source, execution count and, for each output, its MIME
# type, its text and whether it is an SVG figure the browser has drawn.
CELLS = """async (id) => {
    const panel = window.uiPanels[id];
    const drawn = async (img) => {
        if (!img.src.startsWith('data:image/svg+xml')) return false;
        try { await img.decode(); } catch (err) { return false; }
        return img.naturalWidth > 0 && img.naturalHeight > 0;
    };
    const cells = [];
    for (const cell of panel.content.widgets) {
        const outputs = [];
        for (const out of cell.node.querySelectorAll('.jp-OutputArea-output')) {
            let figures = 0;
            for (const img of out.querySelectorAll('img')) figures += await drawn(img) ? 1 : 0;
            for (const svg of out.querySelectorAll('svg')) {
                const box = svg.getBBox ? svg.getBBox() : {width: 0};
                figures += svg.closest('.jp-RenderedSVG') && box.width > 0 ? 1 : 0;
            }
            outputs.push({mime: out.getAttribute('data-mime-type'),
                          text: out.textContent.slice(0, 3000), figures});
        }
        cells.push({type: cell.model.type, source: cell.model.sharedModel.getSource(),
                    count: cell.model.type === 'code' ? cell.model.executionCount : null,
                    outputs});
    }
    return {cells, domCells: panel.node.querySelectorAll('.jp-Cell').length,
            kernel: panel.sessionContext.session?.kernel?.status ?? 'no kernel',
            title: panel.title.label};
}"""

SHOW_FIRST_FIGURE = """(id) => {
    const panel = window.uiPanels[id];
    const figure = panel.node.querySelector('.jp-RenderedSVG');
    (figure || panel.node).scrollIntoView({block: 'center'});
    return figure !== null;
}"""

CLOSE = """async (id) => {
    const panel = window.uiPanels[id];
    if (!panel) return;
    delete window.uiPanels[id];
    try { await panel.sessionContext.shutdown(); } catch (err) { /* already gone */ }
    panel.context.model.dirty = false;  // close without the "save changes?" dialog
    panel.close();
}"""


def rel(path):
    return path.relative_to(NOTEBOOKS).as_posix()


def recorded_figures(nb):
    """Indices of the cells whose recorded outputs hold an SVG figure."""
    return [i for i, cell in enumerate(nb.cells)
            if any("image/svg+xml" in out.get("data", {}) for out in cell.get("outputs", []))]


def errors(cells):
    """(cell index, text) of every error output and every traceback on stderr."""
    found = []
    for i, cell in enumerate(cells):
        for out in cell["outputs"]:
            if out["mime"] == "application/vnd.jupyter.error" or (
                    out["mime"] == "application/vnd.jupyter.stderr" and "Traceback" in out["text"]):
                found.append((i, out["text"][-1500:]))
    return found


def undrawn_figures(cells, indices):
    """For each cell in indices that shows no drawn SVG figure: (index, what it shows instead)."""
    missing = []
    for i in indices:
        outputs = cells[i]["outputs"]
        if not any(out["mime"] == "image/svg+xml" and out["figures"] for out in outputs):
            missing.append((i, [(out["mime"], out["text"][:80]) for out in outputs]))
    return missing


class Notebook:
    """A document open in the page; closed (kernel shut down, nothing saved) on exit."""

    def __init__(self, page, path, factory):
        self.page, self.path, self.factory = page, path, factory

    def __enter__(self):
        self.id = self.page.evaluate(OPEN, {"path": rel(self.path), "factory": self.factory,
                                            "timeout": 120})
        # A notebook without kernel metadata (a .py opened as a notebook: jupytext.toml
        # keeps it out of the text) makes JupyterLab ask which kernel to start: take the one
        # it offers, as a reader would.
        dialog = self.page.locator(".jp-Dialog")
        for _ in range(240):
            if self.page.evaluate(KERNEL_READY, self.id):
                break
            if dialog.count() and "Select Kernel" in dialog.inner_text():
                dialog.locator(".jp-mod-accept").click()
            self.page.wait_for_timeout(250)
        else:
            raise AssertionError(f"the kernel of {rel(self.path)} did not start within 60 s")
        return self

    def settle(self, timeout_s=120):
        self.page.wait_for_function(SETTLED, arg=self.id, timeout=timeout_s * 1000)

    def cells(self):
        return self.page.evaluate(CELLS, self.id)

    def run_all(self):
        self.page.evaluate(COMMAND, {"command": "notebook:run-all-cells", "args": {},
                                     "timeout": RUN_TIMEOUT})

    def __exit__(self, *exc):
        self.page.evaluate(CLOSE, self.id)


def test_there_are_notebooks_to_open():
    assert NOTEBOOK_PATHS, f"no .ipynb under {NOTEBOOKS}"


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=rel)
def test_notebook_opens_runs_and_draws_in_jupyterlab(page, build_dir, path):
    nb = nbformat.read(path, as_version=4)
    figures = recorded_figures(nb)
    with Notebook(page, path, "Notebook") as notebook:
        notebook.settle()

        # As opened: the recorded figures are drawn, which JupyterLab does only for a
        # trusted notebook (an untrusted one shows the text "<Figure size ...>").
        shown = notebook.cells()
        assert len(shown["cells"]) == len(nb.cells), "JupyterLab shows another number of cells"
        missing = undrawn_figures(shown["cells"], figures)
        assert not missing, (f"{rel(path)} as opened: the recorded figures of these cells are "
                             f"not drawn (is the notebook trusted?): {missing}")

        notebook.run_all()
        notebook.settle()
        ran = notebook.cells()

        failed = errors(ran["cells"])
        assert not failed, f"{rel(path)}: cells show errors after Run All: {failed}"
        not_run = [i for i, cell in enumerate(ran["cells"])
                   if cell["type"] == "code" and cell["count"] is None]
        assert not not_run, f"{rel(path)}: cells not run by Run All: {not_run}"
        missing = undrawn_figures(ran["cells"], figures)
        assert not missing, f"{rel(path)} after Run All: figures not drawn: {missing}"
        assert ran["kernel"] == "idle", f"{rel(path)}: the kernel ends {ran['kernel']}"

        has_figure = page.evaluate(SHOW_FIRST_FIGURE, notebook.id)
        assert has_figure == bool(figures)
        shot = build_dir / path.relative_to(NOTEBOOKS).with_suffix(".png")
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.wait_for_timeout(300)  # let the scroll paint
        page.screenshot(path=shot)


def paired_text():
    """The first NAME.py that has a NAME.ipynb beside it."""
    return next((p.with_suffix(".py") for p in NOTEBOOK_PATHS if p.with_suffix(".py").exists()),
                None)


def test_paired_text_opens_as_jupytext_notebook_with_the_cells_of_its_ipynb(page):
    py = paired_text()
    if py is None:
        pytest.skip(f"no NAME.py beside a NAME.ipynb under {NOTEBOOKS}")
    nb = nbformat.read(py.with_suffix(".ipynb"), as_version=4)
    with Notebook(page, py, "Jupytext Notebook") as notebook:
        notebook.settle()
        shown = notebook.cells()
    assert shown["title"] == py.name
    assert shown["domCells"] == len(nb.cells), (
        f"{rel(py)} shows {shown['domCells']} cells, its .ipynb has {len(nb.cells)}")
    assert [(c["type"], c["source"]) for c in shown["cells"]] == \
        [(c.cell_type, c.source) for c in nb.cells]
