"""Shared fixtures: the textbook's own d2l helpers, and clean Matplotlib state."""

import importlib
import sys
import types

import matplotlib
import pytest

matplotlib.use("Agg")  # the unit tests draw off screen, whatever the machine has

from matplotlib import pyplot as plt  # noqa: E402


def _stub(name, **attributes):
    module = types.ModuleType(name)
    module.__dict__.update(attributes)
    return module


@pytest.fixture(scope="session")
def textbook():
    """The plot helpers of the installed d2l==1.0.3 package, `from d2l import torch`.

    d2l/torch.py imports torchvision, pandas and scipy when it is loaded, for
    chapters this project does not cover; none of them is installed here
    (PyPI's torchvision does not even load beside the CPU build of torch).
    The plot helpers use none of them, so for the import only we put empty
    stand-in modules in sys.modules for those that are missing, and take them
    out again afterwards so that no other test sees them.
    """
    stand_ins = {
        "torchvision": _stub("torchvision"),
        "torchvision.transforms": _stub("torchvision.transforms"),
        "pandas": _stub("pandas"),
        "scipy": _stub("scipy"),
        "scipy.spatial": _stub("scipy.spatial", distance_matrix=None),
    }
    missing = {}
    for name, module in stand_ins.items():
        try:
            importlib.import_module(name)
        except ImportError:
            missing[name] = module
    sys.modules.update(missing)
    try:
        return importlib.import_module("d2l.torch")
    finally:
        for name in missing:
            sys.modules.pop(name, None)


@pytest.fixture(autouse=True)
def fresh_matplotlib():
    """Each test starts with no figures and Matplotlib's default settings."""
    plt.close("all")
    with matplotlib.rc_context():
        yield
    plt.close("all")
