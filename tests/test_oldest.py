"""make test-oldest: how tools/run_as_hosted.py --oldest reads the oldest versions from pyproject.toml.

The run itself (a venv with every declared dependency at its lower bound, each notebook run
alone in it) takes minutes and a download of torch; these are the fast checks of what it
installs: one exact pin per declared dependency, at its bound, and the oldest Python.
"""

import subprocess
import sys
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from tools import run_as_hosted as hosted_run
from tools.pairs import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def write_pyproject(tmp_path, dependencies, requires_python=">=3.11"):
    path = tmp_path / "pyproject.toml"
    listed = ", ".join(f"'{d}'" for d in dependencies)
    path.write_text(f'[project]\nname = "x"\nrequires-python = "{requires_python}"\n'
                    f"dependencies = [{listed}]\n")
    return path


def test_every_declared_dependency_is_pinned_at_exactly_its_lower_bound():
    pins = [Requirement(p) for p in hosted_run.lower_bounds()]
    declared = [Requirement(d) for d in PROJECT["dependencies"]]
    assert [p.name for p in pins] == [d.name for d in declared]
    for pin, requirement in zip(pins, declared):
        (bound,) = requirement.specifier
        (exact,) = pin.specifier
        assert exact.operator == "==" and Version(exact.version) == Version(bound.version)
        assert requirement.specifier.contains(exact.version), f"{pin} is outside {requirement}"


def test_the_pins_are_read_from_the_file_not_written_down(tmp_path):
    path = write_pyproject(tmp_path, ["numpy>=1.26.4", "matplotlib-inline >= 0.1.6"])
    assert hosted_run.lower_bounds(path) == ["numpy==1.26.4", "matplotlib-inline==0.1.6"]


@pytest.mark.parametrize("requirement", ["torch", "numpy>=1.24,<3", "numpy==2.0",
                                         "ipython[kernel]>=8", 'numpy>=1.24; python_version<"3.12"'])
def test_a_dependency_without_a_plain_lower_bound_stops_the_run(tmp_path, requirement):
    path = write_pyproject(tmp_path, [requirement])
    with pytest.raises(ValueError, match="make test-oldest needs each dependency as NAME>=VERSION"):
        hosted_run.lower_bounds(path)


def test_the_oldest_python_is_requires_pythons_bound_and_a_supported_one(tmp_path):
    oldest = hosted_run.oldest_python()
    assert ">=" + ".".join(map(str, oldest)) == PROJECT["requires-python"].replace(" ", "")
    supported = [c.rsplit(":: ", 1)[1] for c in PROJECT["classifiers"]
                 if c.startswith("Programming Language :: Python :: 3.")]
    assert "%d.%d" % oldest == min(supported, key=Version)
    with pytest.raises(ValueError, match="needs >=X.Y"):
        hosted_run.oldest_python(write_pyproject(tmp_path, [], requires_python="~=3.11"))


def test_test_oldest_wants_the_oldest_python_and_names_its_own_setting():
    answer = subprocess.run([sys.executable, "tools/run_as_hosted.py", "--oldest",
                             "--python", "/no/python3.11"], cwd=ROOT, capture_output=True, text=True)
    assert answer.returncode == 1
    assert answer.stderr.strip() == "make test-oldest: /no/python3.11 is not a Python 3.11 that runs"


def test_the_notebooks_test_oldest_leaves_out_are_there():
    """The JAX twins are left out of make test-oldest (tools/run_as_hosted.py says why); if they
    move, the run would silently take them in, without the jax they need."""
    assert list(hosted_run.OLDEST_SKIPS.glob("*.ipynb"))
