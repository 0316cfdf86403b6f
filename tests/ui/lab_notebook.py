"""Drive a notebook open in the JupyterLab page: open, run all, read its cells, close.

Shared by the UI tests. Everything goes through JupyterLab's own commands (`docmanager:open`,
`notebook:run-all-cells`) and its app object in the page (`window.jupyterapp`).
"""

import re
import time

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from ui_settings import NOTEBOOKS, RUN_TIMEOUT

# An explorer cell ends with a call of an explore_* function (d2l.explore_secant(...), ...): it
# shows a live widget, sliders over a figure redrawn by the kernel, and records its static
# view (the figure at the sliders' starting values, and a line saying how to move them).
EXPLORER_CALL = re.compile(r"^(?:[A-Za-z_]\w*\.)*explore_\w+\(.*\)\s*$", re.S)


def is_explorer_source(source):
    """Whether a code cell's source is an explorer cell's: its last statement (from the last
    line that starts at the left margin) calls an explore_* function."""
    lines = [line for line in source.rstrip().splitlines() if line and not line[0].isspace()
             and not line.startswith(("#", ")"))]
    return bool(lines) and bool(EXPLORER_CALL.match(source.rstrip()[source.rstrip().rfind(lines[-1]):]))

# Opens a document (docmanager:open) and waits for its context; resolves to the panel's id.
# START_OPEN only starts it, keeping the promise in the page for OPEN to await later, so that
# a page can open the next notebook while the tests work in another page.
_OPENING = """({path, factory, timeout}) => {
    window.uiOpening = window.uiOpening || {};
    if (!(path in window.uiOpening)) {
        const app = window.jupyterapp;
        const timer = new Promise((_, reject) => setTimeout(
            () => reject(new Error(`opening ${path} did not finish within ${timeout} s`)),
            timeout * 1000));
        const open = (async () => {
            const panel = await app.commands.execute('docmanager:open', {path, factory});
            window.uiPanels = window.uiPanels || {};
            window.uiPanels[panel.id] = panel;
            await panel.context.ready;
            return panel.id;
        })();
        window.uiOpening[path] = Promise.race([open, timer]);
        window.uiOpening[path].catch(() => {});  // reported when OPEN awaits it
    }
    return window.uiOpening[path];
}"""

START_OPEN = f"""(args) => {{ ({_OPENING})(args); return true; }}"""

OPEN = f"""async (args) => {{
    try {{
        const id = await ({_OPENING})(args);
        window.jupyterapp.shell.activateById(id);
        return id;
    }} finally {{
        delete window.uiOpening[args.path];
    }}
}}"""

ACTIVATE = "(id) => { window.jupyterapp.shell.activateById(id); }"

# Run All in the current notebook (activated just before), without waiting: the promise is
# kept in the page for WAIT_RUN.
START_RUN_ALL = """(id) => {
    window.uiRuns = window.uiRuns || {};
    window.uiRuns[id] = window.jupyterapp.commands.execute('notebook:run-all-cells', {});
    window.uiRuns[id].catch(() => {});  // reported when WAIT_RUN awaits it
    return true;
}"""

# Fails instead of hanging when Run All does not finish in time (e.g. a dialog waits).
WAIT_RUN = """async ({id, timeout}) => {
    const timer = new Promise((_, reject) => setTimeout(
        () => reject(new Error(`Run All did not finish within ${timeout} s`)), timeout * 1000));
    return await Promise.race([window.uiRuns[id], timer]);
}"""

# 'ready' once the kernel of panel id is ready, 'asks' while JupyterLab asks which kernel to
# start (a document without kernelspec metadata), else false.
KERNEL_READY = """(id) => window.uiPanels[id].sessionContext.isReady ? 'ready'
    : Array.from(document.querySelectorAll('.jp-Dialog'))
           .some(dialog => dialog.textContent.includes('Select Kernel')) && 'asks'"""

# True once the kernel is idle, every cell is rendered (JupyterLab renders the cells of a
# long notebook lazily, in idle time), none waits to run ([*]) and every widget output has its
# view (or the error shown instead): ipywidgets makes the views after the kernel has sent them.
SETTLED = """(id) => {
    const panel = window.uiPanels[id];
    const kernel = panel.sessionContext.session?.kernel;
    const WIDGET = 'application/vnd.jupyter.widget-view+json';
    const hasWidget = (cell) => cell.model.type === 'code' && Array.from(
        {length: cell.model.outputs.length}, (_, i) => cell.model.outputs.get(i).data)
        .some(data => data && WIDGET in data);
    const showsWidget = (cell) => cell.node.querySelector(
        '.jp-OutputArea-output.jupyter-widgets, .jp-OutputArea-output .jupyter-widgets') !== null;
    return kernel?.status === 'idle'
        && panel.content.widgets.every(cell => !cell.isPlaceholder())
        && !Array.from(panel.node.querySelectorAll('.jp-InputPrompt'))
                 .some(prompt => prompt.textContent.includes('*'))
        && panel.content.widgets.every(cell => !hasWidget(cell) || showsWidget(cell));
}"""

# How long SETTLED must hold: a widget view sends its first messages to the kernel just
# after it is made (a slider whose value is off its step sends the snapped value back, and
# the kernel redraws), so an idle kernel right after Run All can turn busy again.
QUIET_S = 0.5

# What each cell shows: its type, source, execution count and, for each output, its MIME
# type, its text and how many figures (SVG, or a recorded PNG) the browser has drawn in it.
CELLS = """async (id) => {
    const panel = window.uiPanels[id];
    const drawn = async (img) => {
        if (!/^data:image\\/(svg\\+xml|png)/.test(img.src)) return false;
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

# Shut the kernel down and close the panel without saving; START_CLOSE only starts it, keeping
# the promise in the page for CLOSE to await.
START_CLOSE = """(id) => {
    const panel = window.uiPanels[id];
    window.uiClosing = window.uiClosing || {};
    if (!panel || id in window.uiClosing) return true;
    delete window.uiPanels[id];
    window.uiClosing[id] = (async () => {
        try { await panel.sessionContext.shutdown(); } catch (err) { /* already gone */ }
        panel.context.model.dirty = false;  // close without the "save changes?" dialog
        panel.close();
    })();
    return true;
}"""

CLOSE = f"""async (id) => {{
    ({START_CLOSE})(id);
    try {{ await window.uiClosing[id]; }} finally {{ delete window.uiClosing[id]; }}
}}"""


# JupyterLab's NotebookPanel sets the notebook's language_info when the kernel's info arrives
# and its kernelspec when the kernel's spec arrives (NotebookPanel._onKernelChanged, which
# waits on the same two promises, chained on them when the kernel started, before us): once
# both have resolved here, and one more turn of the event loop has passed, both are set.
MODIFIED = """async (id) => {
    const panel = window.uiPanels[id];
    const kernel = panel.sessionContext.session.kernel;
    await kernel.info;
    await kernel.spec;
    await new Promise((resolve) => setTimeout(resolve, 0));
    return panel.context.model.dirty;
}"""


# Focus the notebook and note when its next save starts and ends (DocumentContext.saveState).
BEFORE_SAVE = """(id) => {
    const panel = window.uiPanels[id];
    window.uiSaves = window.uiSaves || {};
    window.uiSaves[id] = 'not started';
    if (!panel.uiWatchesSaves) {
        panel.context.saveState.connect((_, state) => { window.uiSaves[id] = state; });
        panel.uiWatchesSaves = true;
    }
    window.jupyterapp.shell.activateById(id);
    panel.content.mode = 'command';
    panel.content.activate();
}"""

SAVED = "(id) => ['completed', 'failed'].includes(window.uiSaves[id]) && window.uiSaves[id]"

# Select cell `index` in command mode, the notebook focused, as a click on it would.
SELECT_CELL = """({id, index}) => {
    const panel = window.uiPanels[id];
    window.jupyterapp.shell.activateById(id);
    panel.content.mode = 'command';
    panel.content.activeCellIndex = index;
    panel.content.activate();
}"""


def dismiss_dialogs(page):
    """Close any dialog JupyterLab shows (an error on opening, say), as Escape does, so that
    it does not swallow the keys of the tests that follow; returns the texts it closed."""
    texts = []
    dialog = page.locator(".jp-Dialog")
    for _ in range(5):
        if not dialog.count():
            break
        texts.append(dialog.first.inner_text()[:500])
        page.keyboard.press("Escape")
        page.wait_for_timeout(200)
    return texts


def rel(path):
    return path.relative_to(NOTEBOOKS).as_posix()


def explorer_cells(nb):
    """Indices of the explorer cells of nb (an nbformat notebook): is_explorer_source."""
    return [i for i, cell in enumerate(nb.cells)
            if cell.cell_type == "code" and is_explorer_source(cell.source)]


def errors(cells):
    """(cell index, text) of every error output and every traceback on stderr."""
    found = []
    for i, cell in enumerate(cells):
        for out in cell["outputs"]:
            if out["mime"] == "application/vnd.jupyter.error" or (
                    out["mime"] == "application/vnd.jupyter.stderr" and "Traceback" in out["text"]):
                found.append((i, out["text"][-1500:]))
    return found


class Notebook:
    """A document open in the page; closed (kernel shut down, nothing saved) on exit,
    unless handed to `RanNotebooks.keep` for a later test."""

    def __init__(self, page, path, factory):
        self.page, self.path, self.factory = page, path, factory
        self.kept = False

    def open(self):
        """Open the document and wait for its kernel; returns self."""
        try:
            self.id = self.page.evaluate(OPEN, {"path": rel(self.path),
                                                "factory": self.factory, "timeout": 120})
        except Exception as err:
            shown = dismiss_dialogs(self.page)
            raise AssertionError(f"JupyterLab could not open {rel(self.path)}: {err}; "
                                 f"it showed: {shown}") from None
        # Every document names its kernel (the .py too: jupytext.toml keeps the
        # kernelspec in its header), so JupyterLab must start it without asking.
        try:
            state = self.page.wait_for_function(KERNEL_READY, arg=self.id,
                                                timeout=60_000).json_value()
        except PlaywrightTimeout:
            raise AssertionError(f"the kernel of {rel(self.path)} did not start within 60 s") \
                from None
        assert state == "ready", (f"JupyterLab asks which kernel to start for "
                                  f"{rel(self.path)}: it has no kernelspec metadata")
        return self

    def start_opening(self):
        """Start opening the document, without waiting: open() then waits for it."""
        self.page.evaluate(START_OPEN, {"path": rel(self.path), "factory": self.factory,
                                        "timeout": 120})

    def settle(self, timeout_s=120, quiet_s=QUIET_S):
        """Wait until SETTLED has held for quiet_s: QUIET_S once cells have run (widget views
        may talk to the kernel), 0 for a notebook just opened (it has run nothing)."""
        deadline = time.monotonic() + timeout_s
        while True:
            left_ms = max(deadline - time.monotonic(), 0.001) * 1000
            self.page.wait_for_function(SETTLED, arg=self.id, timeout=left_ms)
            quiet_until = time.monotonic() + quiet_s
            while self.page.evaluate(SETTLED, self.id):
                if time.monotonic() >= quiet_until:
                    return
                self.page.wait_for_timeout(50)

    def cells(self):
        return self.page.evaluate(CELLS, self.id)

    def start_run_all(self):
        """Start Run All (JupyterLab's notebook:run-all-cells) and return at once."""
        self.activate()
        self.page.evaluate(START_RUN_ALL, self.id)

    def finish_run_all(self):
        """Wait for the Run All started by start_run_all, then for the page to settle."""
        started = time.monotonic()
        self.page.evaluate(WAIT_RUN, {"id": self.id, "timeout": RUN_TIMEOUT})
        self.settle(timeout_s=max(RUN_TIMEOUT - (time.monotonic() - started), 1))

    def activate(self):
        self.page.evaluate(ACTIVATE, self.id)

    def modified_once_the_kernel_told_its_language(self):
        """JupyterLab's modified flag, read once the kernel has sent its info and JupyterLab
        has had time to set the notebook's language_info from it."""
        return self.page.evaluate(MODIFIED, self.id)

    def save(self):
        """Press Ctrl+S, as a reader saves; wait for the save and return how it ended."""
        self.page.evaluate(BEFORE_SAVE, self.id)
        self.page.keyboard.press("Control+s")
        return self.page.wait_for_function(SAVED, arg=self.id, timeout=60_000).json_value()

    def edit_cell(self, index):
        """Select cell index and press Enter to edit it; returns the keyboard to type with."""
        self.page.evaluate(SELECT_CELL, {"id": self.id, "index": index})
        self.page.keyboard.press("Enter")
        return self.page.keyboard

    def replace_cell_and_run(self, index, source):
        """Edit cell index, select all of it (Ctrl+A), put source in its place as a paste
        would, and run it with Shift+Enter; wait until the kernel is done."""
        keyboard = self.edit_cell(index)
        keyboard.press("Control+a")
        keyboard.insert_text(source)
        keyboard.press("Shift+Enter")
        self.settle()

    def type_at_end_of_cell(self, index, text):
        """Edit cell index, type text at its end, and leave it with Shift+Enter (which
        renders a Markdown cell), all with the keyboard."""
        keyboard = self.edit_cell(index)
        keyboard.press("Control+End")
        keyboard.type(text)
        keyboard.press("Shift+Enter")

    def close(self):
        self.page.evaluate(CLOSE, self.id)

    def start_closing(self):
        self.page.evaluate(START_CLOSE, self.id)

    def finish_closing(self):
        self.page.evaluate(CLOSE, self.id)

    def __enter__(self):
        return self.open()

    def __exit__(self, *exc):
        dismiss_dialogs(self.page)
        if not self.kept:
            self.close()


class RanNotebooks:
    """Notebooks that have run all their cells in a page, kept open (kernel alive) so that a
    later test can use what they show without running them again; all closed at the end.
    A run can be started (`start`) and left running while other tests work."""

    def __init__(self, page):
        self.page = page
        self.notebooks = {}
        self.running = {}

    def start(self, notebook):
        """Start Run All in notebook (open, in its page) and return at once; `finish` waits."""
        notebook.start_run_all()
        notebook.kept = True
        self.running[notebook.path] = notebook

    def finish(self, path):
        """The notebook at path, its Run All finished and its page settled: the one started,
        else opened and run now. Not checked: the caller keeps it, or closes it."""
        notebook = self.running.pop(path, None)
        if notebook is None:
            notebook = Notebook(self.page, path, "Notebook").open()
            notebook.kept = True
            try:
                notebook.settle(quiet_s=0)
                notebook.start_run_all()
            except BaseException:
                notebook.close()
                raise
        try:
            notebook.finish_run_all()
        except BaseException:
            notebook.close()
            raise
        return notebook

    def keep(self, notebook):
        """Keep notebook, which has run all its cells without error, open."""
        notebook.kept = True
        self.notebooks[notebook.path] = notebook

    def get(self, path):
        """The notebook at path, run all through: the one kept, else the one running or opened
        and run now. Raises AssertionError when the run shows errors."""
        notebook = self.notebooks.get(path)
        if notebook is None:
            notebook = self.finish(path)
            try:
                failed = errors(notebook.cells()["cells"])
                assert not failed, f"{rel(path)}: cells show errors after Run All: {failed}"
            except BaseException:
                notebook.close()
                raise
            self.keep(notebook)
        notebook.activate()
        return notebook

    def close(self, path):
        """Close the notebook at path if it is kept or running."""
        notebook = self.notebooks.pop(path, None) or self.running.pop(path, None)
        if notebook is not None:
            notebook.close()

    def close_all(self, wait=True):
        """Close every notebook kept or running, all at once (their kernels shut down side by
        side), even when closing one fails (then raise its error); wait=False returns once
        every shutdown has been asked for."""
        failed = None
        for notebook in [*self.notebooks.values(), *self.running.values()]:
            try:
                notebook.start_closing()
            except Exception as err:  # the server's shutdown stops what is left
                failed = failed or err
        for notebook in [*self.notebooks.values(), *self.running.values()] if wait else []:
            try:
                notebook.finish_closing()
            except Exception as err:
                failed = failed or err
        self.notebooks.clear()
        self.running.clear()
        if failed:
            raise failed
