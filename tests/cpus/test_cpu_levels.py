"""make test-cpus and make outputs' guard: the levels are real, and a CPU-dependent output is caught.

Run by `make test-cpus` before the notebooks (not by `make test`: each test starts kernels).
"""

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tools import cpu_levels

ROOT = Path(__file__).resolve().parents[2]
LEVELS = cpu_levels.levels()
NEEDS_TWO = pytest.mark.skipif(len(LEVELS) < 2, reason="this CPU has only the baseline level")

# What a chapter must not record: float32 values printed to their last digit, from a torch
# kernel and a NumPy loop that both have vectorised versions for AVX2 and AVX-512.
PLANTED = [
    "import torch\nprint(torch.sigmoid(torch.linspace(-6, 6, 61)).tolist())",
    "import numpy as np\nprint(np.sin(np.linspace(0, 6, 61, dtype=np.float32)).tolist())",
    "print('a line that is the same everywhere')",
]


def probe(settings):
    """What torch and NumPy report in a process started with a level's settings."""
    code = ("import torch; from tools.cpu_levels import numpy_dispatched; "
            "print(torch.backends.cpu.get_cpu_capability().lower()); print(*numpy_dispatched())")
    out = subprocess.run([sys.executable, "-c", code], env=cpu_levels.environment(settings),
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    torch_level, numpy_features = out.splitlines()
    return torch_level, numpy_features.split()


def test_the_levels_go_from_the_baseline_up_to_this_cpu():
    names = [name for name, _ in LEVELS]
    assert names[0] == "baseline" and LEVELS[-1][1] == {}
    own_torch, own_numpy = probe({})
    assert names[-1] == cpu_levels.NAMES.get(own_torch, own_torch)
    for _, settings in LEVELS[:-1]:
        assert settings["ATEN_CPU_CAPABILITY"] in cpu_levels.TORCH_LEVELS


@NEEDS_TWO
def test_each_level_holds_torch_and_numpy_down():
    """The switches are read: a process started at a level reports that level, not the CPU's."""
    own_torch, own_numpy = probe({})
    for name, settings in LEVELS[:-1]:
        torch_level, numpy_features = probe(settings)
        assert torch_level == settings["ATEN_CPU_CAPABILITY"] != own_torch, name
        assert set(numpy_features) < set(own_numpy), name
        if name == "baseline":
            assert numpy_features == []


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """A notebook with CPU-dependent outputs, recorded at this CPU's own level."""
    folder = tmp_path_factory.mktemp("planted")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in PLANTED])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    NotebookClient(notebook, kernel_name="python3", timeout=300,
                   resources={"metadata": {"path": str(folder)}}).execute()
    path = folder / "planted.ipynb"
    nbformat.write(notebook, path)
    return path


def levels_run(*options, notebook):
    command = [sys.executable, str(ROOT / "tools" / "cpu_levels.py"), *options,
               sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist",
               "-p", "no:hypothesispytest", "--nbval", "--color=no", str(notebook)]
    return subprocess.run(command, cwd=notebook.parent, capture_output=True, text=True)


@NEEDS_TWO
def test_make_test_cpus_catches_a_planted_cpu_dependent_output(planted):
    run = levels_run(notebook=planted)
    assert run.returncode == 1, run.stdout + run.stderr
    own = LEVELS[-1][0]
    # At the level it was recorded at, the notebook passes: what fails below is the CPU level.
    assert f"passed at {own}; failed at " in run.stdout, run.stdout
    report = run.stdout.split("level baseline")[1].split("make test-cpus: level")[0]
    assert "FAILED" in report and "planted.ipynb::Cell 0" in report and \
        "planted.ipynb::Cell 1" in report, report
    assert "planted.ipynb::Cell 2 PASSED" in report or "1 passed" in report, report


@NEEDS_TWO
def test_make_outputs_warns_about_a_planted_cpu_dependent_output(planted):
    run = levels_run("--name", "make outputs", "--guard", notebook=planted)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "make outputs: WARNING" in run.stderr and "depend on the CPU" in run.stderr
    assert "planted.ipynb::Cell 0" in run.stdout


@NEEDS_TWO
def test_make_outputs_is_quiet_about_outputs_that_hold_on_every_cpu(planted, tmp_path):
    steady = nbformat.read(planted, as_version=4)
    steady.cells = steady.cells[2:]
    path = tmp_path / "steady.ipynb"
    nbformat.write(steady, path)
    run = levels_run("--name", "make outputs", "--guard", notebook=path)
    assert run.returncode == 0 and "WARNING" not in run.stderr, run.stdout + run.stderr
    assert "the same at the baseline level" in run.stdout
