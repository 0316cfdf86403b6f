"""A learner's session with a chapter: log in through the course link, get the chapters, run the
chapter's first cells, move an explorer, and check each output against the recorded one.

"The first cells" are the chapter's code cells up to its first explorer (a cell whose live output
is a widget). A cell's outputs are compared as make test's strict nbval compares them: stdout and
stderr text, and each display's text, LaTeX, Markdown and SVG, in order; a cell tagged
nbval-ignore-output (a timing, an explorer) only must not fail. The recorded outputs are those of
the notebook the learner pulled: what the course link gave them.
"""

import math
import time

from learner import Learner, LearnerError, pulled_folder

CHAPTER = "notebooks/01_calculus.ipynb"
COMPARED = ("text/plain", "text/latex", "text/markdown", "image/svg+xml")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
CELL_TIMEOUT_S = 300


def comparable(outputs):
    """What strict nbval compares of a cell's outputs."""
    seen = []
    for out in outputs:
        kind = out["output_type"]
        if kind == "stream":
            seen.append(("stream", out["name"], out["text"]))
        elif kind in ("display_data", "execute_result"):
            data = out.get("data", {})
            seen.append((kind, {k: "".join(data[k]) if isinstance(data[k], list) else data[k]
                                for k in COMPARED if k in data}))
        elif kind == "error":
            seen.append(("error", out.get("ename"), out.get("evalue")))
    return seen


def first_cells(notebook):
    """The code cells up to and including the first explorer (its recorded output says how to move
    it: it is tagged nbval-ignore-output and shows a static PNG), as (index, cell) pairs."""
    found = []
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code":
            continue
        found.append((index, cell))
        tags = cell.get("metadata", {}).get("tags", [])
        if "nbval-ignore-output" in tags and "explore_" in "".join(cell["source"]):
            return found
    raise ValueError("the chapter has no explorer: nothing to move")


def differences(index, recorded, live, compared=True):
    """What a learner would see differ in one cell, as lines (none when it is right)."""
    if any(out["output_type"] == "error" for out in live):
        error = next(out for out in live if out["output_type"] == "error")
        return [f"cell {index} failed: {error['ename']}: {error['evalue']}"]
    if compared and comparable(recorded) != comparable(live):
        return [f"cell {index}: outputs differ from the recorded ones:\n"
                f"  recorded {str(comparable(recorded))[:400]}\n  got      {str(comparable(live))[:400]}"]
    return []


def far_end(state):
    """The end of a slider's range farther from its value (a frame the explorer drew ahead of
    nothing: moving there makes the kernel draw and send a new one)."""
    if state.get("_model_name") == "FloatLogSliderModel":
        ends = [state["base"] ** state["min"], state["base"] ** state["max"]]
        distance = lambda end: abs(math.log(end) - math.log(state["value"]))  # noqa: E731
    else:
        ends = [state["min"], state["max"]]
        distance = lambda end: abs(end - state["value"])  # noqa: E731
    return max(ends, key=distance)


def frames_sent(kernel, picture):
    """The slider values of each frame the kernel sent the explorer's picture, with its PNG."""
    frames = []
    for comm_id, data, buffers in kernel.comm_messages:
        if comm_id != picture:
            continue
        if data.get("method") == "update" and "frame_values" in data.get("state", {}):
            frames.append((data["state"]["frame_values"], buffers[0] if buffers else b""))
        elif data.get("method") == "custom" and "frame" in data.get("content", {}):
            frames.append((data["content"]["frame"], buffers[0] if buffers else b""))
    return frames


def move_explorer(kernel, timeout=60):
    """Move the explorer's first slider to the far end of its range, as a learner drags it, and
    wait for the kernel to send the picture of that value: the seconds it took."""
    sliders = [c for c, s in kernel.comms.items() if s.get("_model_name", "").endswith("SliderModel")]
    pictures = [c for c, s in kernel.comms.items() if "frame_values" in s or "names" in s and
                s.get("_model_name") == "AnyModel"]
    if not sliders or not pictures:
        raise LearnerError(f"{kernel.learner.name}: the explorer opened no slider and picture "
                           f"(widgets: {[s.get('_model_name') for s in kernel.comms.values()]})")
    slider, picture = sliders[0], pictures[-1]
    target = far_end(kernel.comms[slider])
    near = lambda values: bool(values) and math.isclose(values[0], target, rel_tol=1e-9)  # noqa: E731
    started = time.monotonic()
    kernel.set_widget(slider, value=target)
    kernel.wait_for(lambda k: any(near(v) and png.startswith(b"\x89PNG")
                                  for v, png in frames_sent(k, picture)),
                    timeout, f"picture for the slider at {target:g}")
    return time.monotonic() - started


def learner_session(base_url, link, name, password, barrier=None, spawn_timeout=600, chapter=CHAPTER):
    """One learner's visit to chapter; returns (learner, kernel, problems). The kernel stays open."""
    learner = Learner(base_url, name, password)
    if barrier is not None:
        barrier.wait(timeout=120)
    learner.log_in(link)
    event = learner.wait_for_server(spawn_timeout)
    if not event.get("ready"):
        raise LearnerError(f"{name}: the server did not start: {event.get('message')}")
    learner.open(event["url"] if event.get("url", "").startswith("http") else base_url + event["url"])
    learner.pull(link, timeout=300)
    path = f"{pulled_folder(link)}/{chapter}"
    notebook = learner.notebook(path)
    started = time.monotonic()
    kernel = learner.start_kernel(path)
    problems = []
    for index, cell in first_cells(notebook):
        live, _ = kernel.execute("".join(cell["source"]), CELL_TIMEOUT_S)
        tags = cell.get("metadata", {}).get("tags", [])
        problems += differences(index, cell["outputs"], live, "nbval-ignore-output" not in tags)
        if "explore_" in "".join(cell["source"]) and not any(WIDGET_VIEW in o.get("data", {}) for o in live):
            problems.append(f"cell {index}: the explorer showed no widget: {comparable(live)}")
    learner.times["first cells"] = time.monotonic() - started
    if not problems:
        learner.times["explorer"] = move_explorer(kernel)
    return learner, kernel, problems
