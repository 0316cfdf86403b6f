"""What every pytest run here shares, the notebooks' included (tests/conftest.py is the unit tests')."""

import pytest


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    """No colour codes in nbval's reports where pytest writes none: a log, a CI page, a pipe.

    nbval colours its failure reports unless --color=no is given, whatever pytest decided
    for its own output (--color=auto: colours only on a terminal, NO_COLOR, PY_COLORS).
    A learner who reads a failure in a file would see escape codes between the digits."""
    writer = config.get_terminal_writer() if config.pluginmanager.has_plugin("terminalreporter") else None
    if config.option.color == "auto" and writer is not None and not writer.hasmarkup:
        config.option.color = "no"
