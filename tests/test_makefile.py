"""The Makefile's own logic, run with `make -n` (nothing executed) or in a scratch folder."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tools.pairs import ROOT


def dry_run(*args):
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "NB")}
    return subprocess.run(["make", "-n", "--no-print-directory", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, check=True).stdout


def test_nb_with_two_notebooks_checks_the_pair_of_each():
    out = dry_run("test", "NB=notebooks/01_calculus.py ./notebooks/02_autograd.ipynb")
    ids = re.findall(r"tests/test_pairs\.py::test_pair_is_in_sync\[([^\]]*)\]", out)
    assert ids == ["notebooks/01_calculus.ipynb", "notebooks/02_autograd.ipynb"]


def test_a_venv_without_a_record_of_its_interpreter_is_kept(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path)
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").symlink_to(sys.executable)
    (tmp_path / ".venv" / "mine").write_text("the user's packages")
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "PYTHON")}
    out = subprocess.run(["make", "--no-print-directory", ".venv/.python"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / ".venv" / "mine").exists(), "make deleted a .venv it was not asked to"
    assert "kept" in out.stdout and "building" not in out.stdout
    record = (tmp_path / ".venv" / ".python").read_text()
    assert str(Path(os.path.realpath(sys._base_executable))) in record


def test_a_bare_pytest_leaves_the_browser_tests_to_make_test_ui(tmp_path):
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    for name in ("tests/test_unit.py", "tests/ui/test_browser.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("def test_it():\n    pass\n")

    def collected(*args):
        out = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", *args],
                             cwd=tmp_path, capture_output=True, text=True, timeout=120,
                             env=dict(os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1"))
        return re.findall(r"^(tests/\S+)::", out.stdout, re.M)

    assert collected() == ["tests/test_unit.py"]
    assert collected("tests/ui") == ["tests/ui/test_browser.py"]  # as make test-ui runs it
