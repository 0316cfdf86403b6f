"""`make bench`, browser section: how fast each explorer redraws in JupyterLab.

For every explorer cell (found as test_jupyterlab_explorers.py finds them), in the notebook run
all through in the JupyterLab that `make lab` started (conftest.py):
- key presses: focus the first slider's handle and press an arrow key, PRESSES times, each
  after the last redraw, all one way (frames are cached by slider values: each press asks
  for a new one); the time from the keydown to the first new
  figure decoded by the browser (the load event of the explorer's Image widget), as the
  page's clock sees them;
- a drag, as key presses at BURST_HZ for BURST_S seconds (what holding an arrow key does),
  half of them one way and half back (the way back shows cached frames): new figures per second while it lasts, and how long
  after the last press the last figure comes (negative: the figure had stopped changing).
It runs through pytest only to share the UI tests' server and browser; it asserts nothing
about time (timings depend on the machine) and is not collected by `make test-ui`. It writes
build/bench-browser.md, which benchmarks/bench.py adds to its report.

    make bench    (or: pytest tests/ui/bench_explorer_latency.py, with CHROMIUM set)
"""

import os
import statistics

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
WATCH = """({id, index}) => {
    const cell = window.uiPanels[id].content.widgets[index];
    const figure = cell.node.querySelector('img.widget-image');
    const handle = cell.node.querySelector('.widget-slider .noUi-handle');
    if (!figure || !handle) return false;
    const log = {presses: [], frames: []};
    window.uiLatency = log;
    // A frame counts once the browser has decoded it: the load event of the explorer's image.
    figure.addEventListener('load', () => log.frames.push(performance.now()));
    handle.addEventListener('keydown', () => log.presses.push(performance.now()), true);
    handle.scrollIntoView({block: 'center'});
    return true;
}"""

LOG = "() => window.uiLatency"


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(page, notebook, index):
    """(latencies in ms, presses without a redraw, burst frames/s, ms from last press to last
    frame) for one explorer."""
    if not page.evaluate(WATCH, {"id": notebook.id, "index": index}):
        return None
    handle = page.evaluate_handle(
        "({id, index}) => window.uiPanels[id].content.widgets[index].node"
        ".querySelector('.widget-slider .noUi-handle')", {"id": notebook.id, "index": index})
    handle.as_element().focus()
    latencies, missed = [], 0
    # One way only, so that every press asks for a frame not drawn before (frames are cached):
    # down from the top of the slider's range, else up.
    at_top = handle.as_element().get_attribute("aria-valuenow") == \
        handle.as_element().get_attribute("aria-valuemax")
    for i in range(PRESSES):
        before = len(page.evaluate(LOG)["frames"])
        page.keyboard.press("ArrowLeft" if at_top else "ArrowRight")
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
    start = len(page.evaluate(LOG)["frames"])
    presses_before = len(page.evaluate(LOG)["presses"])
    presses = int(BURST_HZ * BURST_S)
    for i in range(presses):  # there and back, so that the last presses still move it
        page.keyboard.press("ArrowRight" if i < presses // 2 else "ArrowLeft")
        page.wait_for_timeout(1000 / BURST_HZ)
    page.wait_for_timeout(3000)  # the backlog, if any, drains
    log = page.evaluate(LOG)
    burst = log["presses"][presses_before:]
    frames = log["frames"][start:]
    during = [t for t in frames if burst[0] <= t <= burst[-1]]
    fps = len(during) / ((burst[-1] - burst[0]) / 1000) if len(burst) > 1 else 0.0
    settle_ms = (frames[-1] - burst[-1]) if frames else float("nan")
    return latencies, missed, fps, settle_ms


def test_bench_every_explorer(page, ran_notebooks):
    rows = []
    for path, index in EXPLORERS:
        notebook = ran_notebooks.get(path)
        result = measure(page, notebook, index)
        where = f"{rel(path)} cell {index}"
        if result is None:
            rows.append(f"| {where} | no slider found | | | | |")
            continue
        latencies, missed, fps, settle_ms = result
        if latencies:
            median, p95 = statistics.median(latencies), percentile(latencies, 0.95)
            timing = f"{median:.0f} | {p95:.0f}"
        else:
            timing = "– | –"
        rows.append(f"| {where} | {timing} | {len(latencies)}/{PRESSES} | {fps:.1f} | "
                    f"{settle_ms:.0f} |")
    report = "\n".join([
        "## Explorers in the browser (JupyterLab, headless Chromium)",
        "",
        f"Key press on the first slider to the new figure, {PRESSES} presses each; then "
        f"a drag as key presses at {BURST_HZ} Hz for {BURST_S:.0f} s, there and back.",
        "",
        "| explorer | median (ms) | 95th percentile (ms) | presses redrawn | "
        "frames/s while dragging | last frame after the drag (ms) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        *rows, ""])
    BUILD.mkdir(parents=True, exist_ok=True)
    (BUILD.parent / "bench-browser.md").write_text(report)
    print("\n" + report)
