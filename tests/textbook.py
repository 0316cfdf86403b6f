"""Load the textbook's own helpers, `from d2l import torch as d2l`, without torchvision.

d2l/torch.py (the d2l==1.0.3 package) imports torchvision, pandas and scipy
when it is loaded, for chapters this project does not cover. None of them is
installed here (PyPI's torchvision does not even load beside the CPU build of
torch), and the plot helpers use none of them. So, for the import only, we
put empty stand-in modules in sys.modules for those that are missing, and
take them out again afterwards so that nothing else sees them. Used by the
parity tests (tests/conftest.py) and the benchmark (benchmarks/bench.py).
"""

import importlib
import sys
import types


def _stub(name, **attributes):
    module = types.ModuleType(name)
    module.__dict__.update(attributes)
    return module


def load_textbook_d2l():
    """Return the module d2l.torch of the installed d2l package."""
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
