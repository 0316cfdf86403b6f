"""`make bench`, browser section: how fast each explorer redraws in JupyterLab.

For every slider of every explorer cell (found as test_jupyterlab_explorers.py finds them), in
the notebook run all through in the JupyterLab that `make lab` started (conftest.py):
- key presses: focus the slider's handle and press an arrow key, PRESSES times, each after
  the last redraw, all one way (back only at the end of the range), so that each asks for a
  frame not drawn before (frames are cached by slider values); the time from the keydown to
  the new figure decoded by the browser (the load event of the explorer's Image widget), as
  the page's clock sees them;
- a drag, as key presses at BURST_HZ for BURST_S seconds (what holding an arrow key does),
  away from the nearer end of the range: new figures per second while the slider moved, and
  how long after the last press that moved it the last figure came (negative: the figure
  had stopped changing).
It runs through pytest only to share the UI tests' server and browser; it asserts nothing
about time (timings depend on the machine) and is not collected by `make test-ui`. It writes
build/bench-browser.md, which benchmarks/bench.py adds to its report.

    make bench    (or: pytest tests/ui/bench_explorer_latency.py, with CHROMIUM set)
"""

import os
import statistics
import time

import nbformat

from lab_notebook import explorer_cells, rel
from ui_settings import BUILD, notebook_paths

PRESSES = int(os.environ.get("BENCH_PRESSES", "10"))
BURST_HZ, BURST_S = 20, 2.0
FRAME_TIMEOUT_MS = 10_000

EXPLORERS = [(path, index) for path in notebook_paths()
             for index in explorer_cells(nbformat.read(path, as_version=4))]

# Watch the explorer: the page time of every keydown on the first slider's handle, and of
# every new figure the browser has decoded.
WATCH = """({id, index, slider}) => {
    const cell = window.uiPanels[id].content.widgets[index];
    const figure = cell.node.querySelector('img.d2l-live-figure');
    const box = cell.node.querySelectorAll('.widget-slider')[slider];
    if (!figure || !box) return null;
    const handle = box.querySelector('.noUi-handle');
    const log = {presses: [], before: [], frames: []};
    window.uiLatency = log;
    // A frame counts once the browser has decoded it: the load event of the explorer's image.
    figure.addEventListener('load', () => window.uiLatency === log && log.frames.push(performance.now()));
    const readout = box.querySelector('.widget-readout');
    handle.addEventListener('keydown', () => {  // and the slider's value before the key
        log.presses.push(performance.now());
        log.before.push(readout.textContent);
    }, true);
    handle.scrollIntoView({block: 'center'});
    handle.focus();
    return box.querySelector('.widget-label')?.textContent || `slider ${slider}`;
}"""

# Where the handle is: [now, min, max], as numbers (a FloatLogSlider's are exponents).
WHERE = """({id, index, slider}) => {
    const cell = window.uiPanels[id].content.widgets[index];
    const h = cell.node.querySelectorAll('.widget-slider')[slider].querySelector('.noUi-handle');
    return ['aria-valuenow', 'aria-valuemin', 'aria-valuemax'].map(a => +h.getAttribute(a));
}"""

READOUT = """({id, index, slider}) => window.uiPanels[id].content.widgets[index].node
    .querySelectorAll('.widget-slider')[slider].querySelector('.widget-readout').textContent"""

# How many times the picture waited for a frame from the kernel (LiveFigure's picture counts).
WAITS = """({id, index}) => +(window.uiPanels[id].content.widgets[index].node
    .querySelector('img.d2l-live-figure').dataset.waits || 0)"""

SLIDERS = """({id, index}) =>
    window.uiPanels[id].content.widgets[index].node.querySelectorAll('.widget-slider').length"""

LOG = "() => window.uiLatency"


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(page, notebook, index, slider):
    """(slider's name, latencies in ms, presses without a redraw, frames/s while the slider
    moved at BURST_HZ, ms from the last press that moved it to the last frame) for one
    slider of one explorer."""
    where = {"id": notebook.id, "index": index, "slider": slider}
    name = page.evaluate(WATCH, where)
    if name is None:
        return None
    latencies, missed = [], 0
    # One way, so that every press asks for a frame not drawn before (frames are cached by
    # slider values); back only at the end of the range.
    now, low, high = page.evaluate(WHERE, where)
    key = "ArrowLeft" if now >= high else "ArrowRight"
    for _ in range(PRESSES):
        now, low, high = page.evaluate(WHERE, where)
        if (key == "ArrowRight" and now >= high) or (key == "ArrowLeft" and now <= low):
            key = "ArrowLeft" if key == "ArrowRight" else "ArrowRight"
        before = len(page.evaluate(LOG)["frames"])
        page.keyboard.press(key)
        try:
            page.wait_for_function(f"() => window.uiLatency.frames.length > {before}",
                                   timeout=FRAME_TIMEOUT_MS)
        except Exception:
            missed += 1
            continue
        log = page.evaluate(LOG)
        latencies.append(log["frames"][before] - log["presses"][-1])
        page.wait_for_timeout(150)  # let the kernel go idle before the next press
    page.wait_for_timeout(500)
    # A drag: away from the nearer end of the range, as far as it goes.
    now, low, high = page.evaluate(WHERE, where)
    key = "ArrowLeft" if high - now < now - low else "ArrowRight"
    start = len(page.evaluate(LOG)["frames"])
    first = len(page.evaluate(LOG)["presses"])
    waits = page.evaluate(WAITS, where)
    began = time.monotonic()
    for i in range(int(BURST_HZ * BURST_S)):  # on a 1/BURST_HZ clock, however long a press takes
        page.wait_for_timeout(max(0.0, began + i / BURST_HZ - time.monotonic()) * 1000)
        page.keyboard.press(key)
    page.wait_for_timeout(3000)  # the backlog, if any, drains
    log = page.evaluate(LOG)
    waits = page.evaluate(WAITS, where) - waits
    presses, positions = log["presses"][first:], log["before"][first:]
    positions.append(page.evaluate(READOUT, where))
    moved = [t for t, a, b in zip(presses, positions, positions[1:]) if a != b]
    frames = log["frames"][start:]
    if len(moved) < 2:
        return name, latencies, missed, "–", float("nan")
    # The window: from the first press that moved the slider to one press interval after
    # the last, the time that last press's frame had before another press would come.
    end = moved[-1] + (moved[-1] - moved[0]) / (len(moved) - 1)
    during = [t for t in frames if moved[0] < t <= end]
    seconds = (end - moved[0]) / 1000
    fps, pps = len(during) / seconds, len(moved) / seconds
    settle_ms = (frames[-1] - moved[-1]) if frames else float("nan")
    return name, latencies, missed, f"{fps:.1f} ({pps:.1f}, {waits} waits)", settle_ms


def test_bench_every_explorer(page, ran_notebooks):
    rows = []
    for path, index in EXPLORERS:
        notebook = ran_notebooks.get(path)
        where = f"{rel(path)} cell {index}"
        count = page.evaluate(SLIDERS, {"id": notebook.id, "index": index})
        if not count:
            rows.append(f"| {where} | no slider found | | | | | |")
        for slider in range(count):
            name, latencies, missed, fps, settle_ms = measure(page, notebook, index, slider)
            if latencies:
                median, p95 = statistics.median(latencies), percentile(latencies, 0.95)
                timing = f"{median:.0f} | {p95:.0f}"
            else:
                timing = "– | –"
            rows.append(f"| {where} | {name} | {timing} | {len(latencies)}/{PRESSES} | "
                        f"{fps} | {settle_ms:.0f} |")
    report = "\n".join([
        "## Explorers in the browser (JupyterLab, headless Chromium)",
        "",
        f"Per slider: key press to the new figure, decoded, {PRESSES} presses one way (back "
        f"only at the end of the range); then a drag as key presses at {BURST_HZ} Hz for "
        f"{BURST_S:.0f} s, away from the nearer end: frames per second while the slider "
        "moved, and when the last frame came after the last press that moved it.",
        "",
        "| explorer | slider | median (ms) | 95th percentile (ms) | presses redrawn | "
        "frames/s while dragging (presses/s, waits for the kernel) | "
        "last frame after the drag (ms) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
        *rows, ""])
    BUILD.mkdir(parents=True, exist_ok=True)
    (BUILD.parent / "bench-browser.md").write_text(report)
    print("\n" + report)
