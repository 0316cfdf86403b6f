"""Every explorer responds in JupyterLab: moving its first slider redraws its figure.

An explorer is a code cell that ends with a call of an explore_* function
(lab_notebook.is_explorer_source): it shows a widget made by
`d2l.live_figure.LiveFigure.interact` (ipywidgets sliders above an Image widget, whose PNG the kernel
redraws on each change, and an Output widget that shows what a redraw raised). The cells are found in the notebooks when the tests
are collected, so a new explorer is covered without changing this file.

For each one, in the notebook run all through (kept open by test_jupyterlab.py, or opened and
run here): focus the handle of the first slider and press ArrowRight (ArrowLeft if the slider
is at its maximum), as a reader would with the keyboard, then wait for the kernel to redraw
and check that the readout and the figure changed, that exactly one figure is shown and that
the cell shows no error and nothing on stderr.
"""

import time

import nbformat
import pytest

from lab_notebook import explorer_cells, is_explorer_source, rel
from ui_settings import NOTEBOOKS, notebook_paths

EXPLORERS = [(path, index) for path in notebook_paths()
             for index in explorer_cells(nbformat.read(path, as_version=4))]
# One screenshot per notebook: of its first explorer, after the move.
SCREENSHOT = {path: index for path, index in reversed(EXPLORERS)}
MIN_EXPLORERS = 5  # in the repository's notebooks/
REDRAW_TIMEOUT_S = 20
READOUT_TIMEOUT_S = 3

# What an explorer cell shows now. Marks the cell (data-ui-explorer=key) for the locators and,
# with remember, the figures it shows (data-ui-seen): a redraw then shows as figures without
# the mark (redrawn), even one that draws the same picture.
EXPLORER_STATE = """async ({id, index, key, remember}) => {
    const panel = window.uiPanels[id];
    const cell = panel.content.widgets[index];
    cell.node.dataset.uiExplorer = key;
    const state = {source: cell.model.sharedModel.getSource().slice(0, 300),
                   kernel: panel.sessionContext.session?.kernel?.status ?? 'no kernel',
                   sliders: 0, readout: null, outputWidgets: 0, figures: [], redrawn: false,
                   outputs: [], problems: [],
                   shown: cell.node.querySelector('.jp-Cell-outputArea')?.textContent
                                                                         .slice(0, 500) ?? ''};
    for (const out of cell.node.querySelectorAll('.jp-OutputArea-output')) {
        const mime = out.getAttribute('data-mime-type');
        if (mime === 'application/vnd.jupyter.error' || mime === 'application/vnd.jupyter.stderr')
            state.problems.push({mime, text: out.textContent.slice(-1500)});
    }
    const root = cell.node.querySelector('.jp-OutputArea-output > .jupyter-widgets');
    if (!root) return state;
    const sliders = root.querySelectorAll('.widget-slider');
    state.sliders = sliders.length;
    if (sliders.length) {
        const readout = sliders[0].querySelector('.widget-readout');
        state.readout = readout ? readout.textContent : null;
    }
    const outputWidgets = root.querySelectorAll('.widget-output');
    state.outputWidgets = outputWidgets.length;
    if (outputWidgets.length !== 1) return state;
    const drawn = async (img) => {
        try { await img.decode(); } catch (err) { return false; }
        return img.naturalWidth > 0 && img.naturalHeight > 0;
    };
    let unseen = 0, seen = 0;
    for (const out of outputWidgets[0].querySelectorAll('.jp-OutputArea-output')) {
        state.outputs.push({mime: out.getAttribute('data-mime-type'),
                            text: out.textContent.slice(0, 200)});
    }
    // The figure: the explorer's Image widget, a PNG that changes its src on each redraw.
    for (const img of root.querySelectorAll('img.d2l-live-figure')) {
        if (!(await drawn(img))) continue;
        state.figures.push(img.src);
        if (img.dataset.uiSeen === img.src) seen += 1; else unseen += 1;
        if (remember) img.dataset.uiSeen = img.src;
    }
    state.redrawn = unseen > 0 && seen === 0;
    return state;
}"""


def short(state):
    """What a failure message shows of a state: no figure data, only sizes and counts."""
    return {**state, "figures": [f"<{len(f)} characters>" for f in state["figures"]]}


def read_state(page, notebook, index, key, remember=False):
    return page.evaluate(EXPLORER_STATE, {"id": notebook.id, "index": index, "key": key,
                                          "remember": remember})


def wait_for(page, what, timeout_s, poll_ms=100):
    """Poll what() until it returns something true or timeout_s passes; return its last value."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = what()
        if value or time.monotonic() > deadline:
            return value
        page.wait_for_timeout(poll_ms)


def test_explorers_are_found_in_the_notebooks():
    assert len(EXPLORERS) >= MIN_EXPLORERS, (
        f"expected at least {MIN_EXPLORERS} explorer cells (ending with a call of explore_*), "
        f"found {[(rel(path), index) for path, index in EXPLORERS]}")


@pytest.mark.parametrize("path,index", EXPLORERS,
                         ids=[f"{rel(path)}-cell{index}" for path, index in EXPLORERS])
def test_moving_the_first_slider_of_an_explorer_redraws_its_figure(build_dir, ran_notebooks,
                                                                   path, index):
    where = f"{rel(path)} cell {index}"
    key = f"{path.stem}-cell{index}"
    notebook = ran_notebooks.get(path)
    page = notebook.page  # the page it was run in
    cell = page.locator(f'[data-ui-explorer="{key}"]')

    # The widget as Run All left it: a slider over one drawn figure (its views are made
    # asynchronously, in the page, after the kernel has sent the widget).
    def shown():
        state = read_state(page, notebook, index, key, remember=True)
        return (state["sliders"] and len(state["figures"]) == 1 and state["kernel"] == "idle"
                and state)
    before = wait_for(page, shown, 30) or read_state(page, notebook, index, key)
    assert is_explorer_source(before["source"]), \
        f"{where} is not the explorer cell found in the file: {short(before)}"
    assert before["sliders"] >= 1 and before["outputWidgets"] == 1, \
        f"{where}: no slider over an Output widget is shown: {short(before)}"
    assert len(before["figures"]) == 1, \
        f"{where}: the Output widget shows {len(before['figures'])} figures: {short(before)}"
    assert not before["problems"], f"{where}: errors before the move: {before['problems']}"

    # Move the first slider one step with the keyboard, back one step if it is at its maximum.
    handle = cell.locator(".widget-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    for key_name in ("ArrowRight", "ArrowLeft"):
        handle.press(key_name)
        moved = wait_for(page, lambda: read_state(page, notebook, index, key)["readout"]
                         != before["readout"], READOUT_TIMEOUT_S)
        if moved:
            break

    # Wait until the kernel has redrawn (a new figure, or an error, and the kernel idle).
    def redrawn():
        state = read_state(page, notebook, index, key)
        done = (state["redrawn"] or state["problems"]) and state["kernel"] == "idle"
        return done and state
    after = wait_for(page, redrawn, REDRAW_TIMEOUT_S) or read_state(page, notebook, index, key)

    assert after["readout"] != before["readout"], (
        f"{where}: the readout of the first slider stays {before['readout']!r} after "
        f"ArrowRight and ArrowLeft on its handle")
    assert not after["problems"], f"{where}: the explorer shows errors: {after['problems']}"
    assert len(after["figures"]) == 1, (
        f"{where}: after the move the Output widget shows {len(after['figures'])} figures, "
        f"not 1: {short(after)}")
    assert after["figures"][0] != before["figures"][0], (
        f"{where}: moving the slider from {before['readout']} to {after['readout']} left the "
        f"figure as it was: " + ("the kernel drew the same figure again" if after["redrawn"]
                                 else f"no new figure within {REDRAW_TIMEOUT_S} s"))

    if SCREENSHOT.get(path) == index:
        shot = build_dir / "explorers" / path.relative_to(NOTEBOOKS).parent / f"{key}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        cell.scroll_into_view_if_needed()
        cell.screenshot(path=shot)
