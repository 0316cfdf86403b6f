"""Shared fixtures: the textbook's own d2l helpers, and clean Matplotlib state."""

import matplotlib
import pytest

matplotlib.use("Agg")  # the unit tests draw off screen, whatever the machine has

from matplotlib import pyplot as plt  # noqa: E402

from tests.textbook import load_textbook_d2l  # noqa: E402


@pytest.fixture(scope="session")
def textbook():
    """The plot helpers of the installed d2l==1.0.3 package (see tests/textbook.py)."""
    return load_textbook_d2l()


@pytest.fixture(autouse=True)
def fresh_matplotlib():
    """Each test starts with no figures and Matplotlib's default settings."""
    plt.close("all")
    with matplotlib.rc_context():
        yield
    plt.close("all")
