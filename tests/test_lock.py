"""Every distribution in .venv is pinned, at the version installed, in requirements-lock.txt.

The lock is compiled by `make lock` (uv, for every platform and Python at once); pip installs
the short requirement lists under it as constraints. These tests read it as pip does: a line
applies when its environment marker holds here, and `==2.13.0` admits `2.13.0+cpu`, the local
label of PyTorch's CPU build.
"""

import importlib.metadata
import platform
import re
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import Specifier
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements-lock.txt"


def lock_lines(text):
    """The requirements of a lock file: one per line that is neither blank nor a comment."""
    lines = (line.split("#")[0].strip() for line in text.splitlines())
    return [Requirement(line) for line in lines if line]


def pins_here(requirements, environment=None):
    """Map each package whose marker holds in `environment` (None: this one) to its pinned version."""
    pins = {}
    for req in requirements:
        if req.marker is None or req.marker.evaluate(environment):
            (spec,) = req.specifier
            assert spec.operator == "==", f"the lock pins {req} with {spec.operator}, not =="
            name = canonicalize_name(req.name)
            assert name not in pins, f"the lock pins {name} twice for one environment"
            pins[name] = spec.version
    return pins


def unlocked(installed, pins):
    """What in `installed` (name -> version) the lock does not pin at that version, as messages."""
    problems = []
    for name, version in sorted(installed.items()):
        pinned = pins.get(canonicalize_name(name))
        if pinned is None:
            problems.append(f"{name} {version} is not in the lock")
        elif not Specifier(f"=={pinned}").contains(version, prereleases=True):
            problems.append(f"{name} {version} is installed, the lock pins {pinned}")
    return problems


def requirement_file_pins(path):
    """Map each package of a short requirements file (requirements.txt) to its == version."""
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            req = Requirement(line)
            (spec,) = req.specifier
            pins[canonicalize_name(req.name)] = spec.version
    return pins


def pinned_apart():
    """The two distributions installed outside the lock: d2l (--no-deps) and the project itself."""
    d2l = re.search(r"^D2L\s*:=\s*d2l==(\S+)", (ROOT / "Makefile").read_text(), re.M).group(1)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {"d2l": d2l, canonicalize_name(project["name"]): project["version"]}


def venv_distributions():
    """Map each distribution installed in this interpreter's own site-packages to its version."""
    paths = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    return {dist.metadata["Name"]: dist.version
            for dist in importlib.metadata.distributions(path=paths)}


in_venv = pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="runs in the project's .venv")


def venv_against(lock):
    """What this interpreter's venv holds that the lock file `lock` does not pin, as messages."""
    installed = venv_distributions()
    problems = []
    for name, version in pinned_apart().items():
        if name in installed and (have := installed.pop(name)) != version:
            problems.append(f"{name} {have} is installed, {version} is pinned apart")
    return problems + unlocked(installed, pins_here(lock_lines(lock.read_text())))


@in_venv
def test_every_distribution_in_the_venv_is_pinned_in_the_lock_at_its_version():
    problems = venv_against(LOCK)
    assert not problems, ("\n".join(problems) + "\n.venv does not match requirements-lock.txt: "
                          "rebuild it (rm -rf .venv && make install), or `make lock` if a "
                          "requirements file changed")


def test_a_version_the_lock_does_not_name_is_reported():
    pins = pins_here(lock_lines("six==1.17.0\ntorch==2.13.0\n"))
    assert unlocked({"six": "1.17.0", "torch": "2.13.0+cpu"}, pins) == []
    assert unlocked({"six": "1.16.0"}, pins) == ["six 1.16.0 is installed, the lock pins 1.17.0"]
    assert unlocked({"Left_Pad": "1.0"}, pins) == ["Left_Pad 1.0 is not in the lock"]


def test_a_lock_line_applies_only_where_its_marker_holds():
    lock = lock_lines("nvidia-cublas==13.1.1.3 ; sys_platform == 'linux'\n"
                      "networkx==3.6.1 ; python_full_version < '3.12'\n"
                      "networkx==3.7 ; python_full_version >= '3.12'\n")
    mac_311 = {"sys_platform": "darwin", "python_full_version": "3.11.7"}
    linux_313 = {"sys_platform": "linux", "python_full_version": "3.13.0"}
    assert pins_here(lock, mac_311) == {"networkx": "3.6.1"}
    assert pins_here(lock, linux_313) == {"nvidia-cublas": "13.1.1.3", "networkx": "3.7"}


@pytest.mark.parametrize("short_list", ["requirements.txt", "requirements-ui.txt", "requirements-book.txt"])
def test_the_lock_keeps_every_pin_of_the_short_lists(short_list):
    """Editing a requirements file without `make lock` fails here, not at some later install."""
    lock = {canonicalize_name(r.name): r for r in lock_lines(LOCK.read_text())}
    for name, version in requirement_file_pins(ROOT / short_list).items():
        assert name in lock, f"{short_list}: {name} is not in the lock; run make lock"
        assert lock[name].marker is None, f"{name} is locked for some environments only"
        assert lock[name].specifier == Requirement(f"{name}=={version}").specifier, (
            f"{short_list} pins {name}=={version}, the lock {lock[name].specifier}; run make lock")


def test_the_lock_is_compiled_by_make_lock_for_every_platform():
    header = LOCK.read_text().splitlines()[:2]
    assert header == ["# This file was autogenerated by uv via the following command:",
                      "#    make lock"]
    markers = " ".join(str(r.marker) for r in lock_lines(LOCK.read_text()) if r.marker)
    assert "sys_platform" in markers and "python_full_version" in markers  # --universal


def test_the_install_record_names_the_interpreter_running_the_tests():
    record = Path(sys.prefix) / ".python"
    if not record.exists():
        pytest.skip("not in a .venv built by make install")
    implementation, version, _ = record.read_text().split(maxsplit=2)
    assert (implementation, version) == (platform.python_implementation(), platform.python_version())
