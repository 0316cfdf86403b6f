"""make test-class N=...: a class of N learners logs in to `make hub` at once.

Each learner opens the course link `make hub` printed, logs in with the password it printed,
waits for their own server, gets the chapters from nbgitpuller, runs the first cells of a
chapter (the Calculus chapter; CHAPTER=notebooks/jax/01_calculus.ipynb: its JAX twin) up to its
first explorer in a kernel of their own and moves the explorer's slider, all at the same moment
as the others. Every learner's outputs must be the recorded
ones. Reported per learner: the time from logging in to a running server (spawn), the time the
first cells took (first cells), and memory: the proportional set size (PSS, shared pages split
between the processes sharing them) of the server and of the kernel, which add up over a class.
"""

import json
import statistics
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


from chapter import learner_session
from hubs import usage_of

MAX_LEARNERS = 50  # about what 24 GiB holds (docs/teaching.md, Sizing)


def summary(values):
    """median (min-max) of a list of numbers, for the report."""
    return f"{statistics.median(values):.1f} ({min(values):.1f}-{max(values):.1f})"


def test_a_class_logs_in_at_once_and_every_learner_gets_the_recorded_outputs(hub_factory, learners, chapter, request):
    if not 1 <= learners <= MAX_LEARNERS:
        raise ValueError(f"--learners must be from 1 to {MAX_LEARNERS} (a bounded load on one "
                         f"machine), not {learners}")
    hub = hub_factory()
    assert hub.link.startswith("http://127.0.0.1:"), hub.link
    barrier = threading.Barrier(learners)
    names = [f"learner{i:02d}" for i in range(1, learners + 1)]
    sessions, failures = {}, []
    with ThreadPoolExecutor(learners) as pool:
        futures = {name: pool.submit(learner_session, hub.base_url, hub.link, name, hub.password,
                                     barrier, chapter=chapter) for name in names}
        for name, future in futures.items():
            try:
                sessions[name] = future.result(timeout=1200)
            except Exception as err:  # noqa: BLE001  (reported with the others, below)
                failures.append(f"{name}: {type(err).__name__}: {err}")
    rows = []
    try:
        for name, (learner, kernel, problems) in sessions.items():
            failures += [f"{name}: {p}" for p in problems]
            rows.append({"learner": name, **{k: round(v, 2) for k, v in learner.times.items()},
                         **{k: round(v, 1) for k, v in usage_of(hub, name).items()}})
    finally:
        for learner, kernel, _ in sessions.values():
            kernel.close()
    report(request.config, learners, chapter, rows)
    assert not failures, "\n".join(failures)
    # Each server's log (in the learner's home): no warning of Tornado's about the websocket
    # pings (tools/hub/server_config/ says why it came), and no traceback.
    for name in names:
        log = (hub.state / "homes" / name / ".jupyterhub-server.log").read_text()
        assert "websocket_ping_timeout" not in log and "Traceback" not in log, f"{name}'s server log:\n{log[-3000:]}"
    assert len(rows) == learners
    assert all(row["kernel MB"] > 0 and row["server MB"] > 0 for row in rows), rows


def report(config, learners, chapter, rows):
    """Lines for the end of the run, and the JSON for make bench when --report names a file."""
    lines = [f"make test-class: {learners} learners at once on {chapter} "
             f"(median (min-max) per learner)"]
    if rows:
        for key, unit in (("spawn", "s"), ("pull", "s"), ("first cells", "s"), ("explorer", "s"),
                          ("server MB", ""), ("kernel MB", ""), ("CPU s", "")):
            values = [row[key] for row in rows if key in row]
            if values:
                lines.append(f"  {key + (' ' + unit if unit else ''):<16} {summary(values)}")
        total = [row["server MB"] + row["kernel MB"] for row in rows]
        lines.append(f"  {'MB per learner':<16} {summary(total)}")
        lines.append(f"  {'torch loaded':<16} in {sum(row['kernels with torch'] for row in rows)} "
                     f"of {len(rows)} learners' kernels")
    config.hub_report = getattr(config, "hub_report", []) + lines
    if config.getoption("--report"):
        Path(config.getoption("--report")).write_text(json.dumps(
            {"learners": learners, "chapter": chapter, "rows": rows}, indent=1))
