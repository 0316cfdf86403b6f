"""Shared fixtures: the textbook's own d2l helpers, and clean Matplotlib state."""

import gc
import sys

import matplotlib
import pytest

matplotlib.use("Agg")  # the unit tests draw off screen, whatever the machine has

from tests.textbook import load_textbook_d2l  # noqa: E402


@pytest.fixture(scope="session")
def textbook():
    """The plot helpers of the installed d2l==1.0.3 package (see tests/textbook.py)."""
    return load_textbook_d2l()


@pytest.fixture(autouse=True)
def fresh_matplotlib():
    """Each test starts with no figures and Matplotlib's default settings."""
    _close_figures()
    with matplotlib.rc_context():
        yield
    _close_figures()


def _close_figures():
    # pyplot is not imported here: the checks that draw nothing (all that
    # `make test NB=...` runs besides the notebook) start 0.2 s sooner without it.
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")


def pytest_collection_finish(session):
    """Put what the collected modules imported (torch above all) out of the collector's reach.

    torch alone brings about 165,000 objects that live until the process ends.
    Frozen, they are skipped by every full garbage collection, and at exit the
    interpreter leaves them to the operating system instead of tearing them
    down one by one: that saved 0.3 to 1.0 s per process when measured
    (`make bench` times `import torch` with and without `gc.freeze()`).
    """
    gc.freeze()


def pytest_unconfigure(config):
    """At the end, freeze again what the tests left: the interpreter's last collections then
    skip it too (the units half took 1.3 s to exit after its last test; frozen, 0.2 s)."""
    gc.freeze()
