"""Fixtures of make hub's class and fault tests (make test-class, make test-hub; `make test`
and a bare `pytest` leave this folder out): hubs started with `make hub` (hubs.py), all stopped,
and their output kept in build/hub-tests/, when a test ends, whether it passed or failed.
"""

import os
from pathlib import Path

import pytest

from hubs import ROOT, start_hub

BUILD = ROOT / "build" / "hub-tests"


def pytest_addoption(parser):
    group = parser.getgroup("hub", "make hub's class and fault tests")
    group.addoption("--learners", type=int, default=3, help="learners who log in at once (3)")
    group.addoption("--report", default=None, help="write the measurements to this JSON file")
    group.addoption("--chapter", default="notebooks/01_calculus.ipynb",
                    help="the chapter each learner runs up to its first explorer")


def pytest_collection_modifyitems(config, items):
    """Not in a bare `pytest` run: they start a hub (make test-class and make test-hub do)."""
    if os.environ.get("D2L_HUB_TESTS") == "1":
        return
    skip = pytest.mark.skip(reason="starts a JupyterHub: run make test-class or make test-hub")
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, config):
    """The measurements of the class test, at the end of the run (make test-class, make bench)."""
    for line in getattr(config, "hub_report", []):
        terminalreporter.write_line(line)


@pytest.fixture
def hub_factory(tmp_path_factory, request):
    """Start `make hub`s (with make variables such as HUB_CULL_TIMEOUT=...); all stopped after."""
    hubs = []

    def start(**make_vars):
        state = Path(tmp_path_factory.mktemp(f"hub-{request.node.name[:40]}"))
        hub = start_hub(state, **make_vars)
        hubs.append(hub)
        return hub
    yield start
    BUILD.mkdir(parents=True, exist_ok=True)
    for i, hub in enumerate(hubs):
        left = hub.stop()
        (BUILD / f"{request.node.name[:60]}-{i}.log").write_text(hub.printed())
        assert not left, f"make hub left these running when it stopped: {[p.pid for p in left]}"


@pytest.fixture
def learners(request):
    return request.config.getoption("--learners")


@pytest.fixture
def chapter(request):
    path = request.config.getoption("--chapter")
    if not (ROOT / path).is_file():
        raise ValueError(f"--chapter {path}: no such notebook in the repository")
    return path


