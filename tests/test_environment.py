"""The environment files agree, and the library stays cheap to import."""

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def requirements():
    """Map each package in requirements.txt to its exact version."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"requirements.txt: {line!r} is not pinned with =="
            pins[name.lower()] = version
    return pins


def test_requirements_pin_every_package_the_project_needs():
    needed = {"torch", "numpy", "matplotlib", "matplotlib-inline", "jupyterlab", "jupytext",
              "ipykernel", "nbformat", "nbclient", "nbval", "pytest", "pytest-xdist"}
    assert needed <= set(requirements())
    assert requirements()["torch"] == "2.13.0"  # recorded outputs were made with this release
    assert requirements()["numpy"].startswith("2.")


def test_jax_and_its_cpu_backend_are_pinned_to_one_release():
    # jaxlib must match jax exactly; 0.10 is the last release that installs on Python 3.11.
    pins = requirements()
    assert pins["jax"] == pins["jaxlib"] == "0.10.2"


def test_environment_yml_installs_requirements_txt_under_the_lock_and_pins_nothing_else():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = [d for d in env["dependencies"] if isinstance(d, dict)]
    assert pip == [{"pip": ["-r requirements.txt", "-c requirements-lock.txt"]}]
    names = {re.split(r"[=<>]", d)[0] for d in conda}
    assert names == {"python", "pip"}, f"versions belong in requirements.txt, not {names}"


def test_environment_yml_uses_a_python_the_project_supports():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    version = tuple(int(p) for p in python.split("=")[1].split("."))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    minimum = tuple(int(p) for p in project["requires-python"].removeprefix(">=").split("."))
    assert minimum <= version and version in supported_pythons()


def supported_pythons():
    """The Python versions the project supports, as its classifiers in pyproject.toml state them."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    prefix = "Programming Language :: Python :: "
    return {tuple(int(p) for p in c.removeprefix(prefix).split("."))
            for c in project["classifiers"] if c.startswith(prefix) and c.count(".") == 1}


def test_the_supported_pythons_are_3_11_to_3_13_everywhere_they_are_named():
    assert supported_pythons() == {(3, 11), (3, 12), (3, 13)}
    makefile = (ROOT / "Makefile").read_text()
    matrix = re.search(r"^PYTHONS\s*\?=\s*(.+)$", makefile, re.M).group(1).split()
    assert matrix == ["python3.11", "python3.12", "python3.13"]  # what make test-pythons runs
    assert "Python 3.11, 3.12 or 3.13" in (ROOT / "README.md").read_text()


def test_importing_the_library_is_light_and_each_part_imports_only_what_it_needs():
    # One fresh interpreter for every "import stays light" fact, in the order a user meets them.
    code = """
import sys
loaded = lambda *prefixes: sorted(m for m in sys.modules if m.startswith(prefixes))
import d2lutils as d2l
assert not loaded('torch', 'jax', 'matplotlib', 'sympy'), ('import d2lutils', loaded('torch', 'jax', 'matplotlib', 'sympy'))
import d2lutils.autodiff as ad
assert not loaded('torch', 'jax', 'matplotlib', 'd2lutils.autodiff_draw'), 'the engine'
import d2lutils.autodiff_draw as draw  # the drawings, a module of their own
draw.draw_graph, draw.explore_backward
assert 'matplotlib.pyplot' not in sys.modules and 'torch' not in sys.modules, 'the drawings'
plt = d2l.plt  # pyplot, imported now
assert plt is sys.modules['matplotlib.pyplot'] and plt.__name__ == 'matplotlib.pyplot'
f, grad_f = lambda a, b: a**2 + b**2, lambda a, b: (2 * a, 2 * b)
path = d2l.gradient_descent_2d(grad_f, (1, 1), 0.1, 3)
d2l.plot_path_2d(f, path)
d2l.plot_contour_gradients(f, grad_f)
d2l.draw_descent(f, grad_f)
assert not loaded('torch', 'jax'), 'the optimization figures imported torch or jax'
d2l.exercise('01_calculus', 1)  # the exercises, with their checks: sympy waits for a check
assert len(d2l.exercises()) >= 30 and 'sympy' not in sys.modules, 'sympy before it is needed'
"""
    env = dict(os.environ, MPLBACKEND="Agg")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, env=env)
    assert out.returncode == 0, out.stderr
