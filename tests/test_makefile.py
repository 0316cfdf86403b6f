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


def stand_in_venv(folder, python):
    """A .venv in folder/venv that make takes as installed and up to date, whose python is
    the shell script python."""
    venv = folder / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text(f"#!/bin/sh\n{python}\n")
    (venv / "bin" / "python").chmod(0o755)
    (venv / ".python").write_text("CPython 3.11.0 /usr/bin/python3.11\n")
    (venv / ".installed").touch()  # newer than the requirements it was installed from
    return venv


def test_a_dry_run_of_make_test_runs_nothing_and_shows_both_halves_pytest(tmp_path):
    """`make -n test` runs no command of .venv (no zygote, no pip) and prints what the halves
    would run. The venv here is a stand-in whose python writes down each time it runs."""
    ran = tmp_path / "ran.txt"
    venv = stand_in_venv(tmp_path, f'echo "$@" >> {ran}')
    out = dry_run("test", f"VENV={venv}")
    assert not ran.exists(), ran.read_text()
    commands = [line for line in out.splitlines() if f"{venv}/bin/python -m pytest" in line]
    assert len(commands) == 2, out
    notebooks_half, units_half = commands
    assert "--nbval" in notebooks_half and "notebooks/01_calculus.ipynb" in notebooks_half
    assert units_half.rstrip().endswith(" tests")
    assert "pip" not in out and "zygote.py share" not in out and "-m venv" not in out


def test_a_venv_whose_d2lutils_is_installed_from_another_folder_is_installed_again(tmp_path):
    """A moved or renamed clone keeps a .venv whose editable d2lutils names the old folder;
    make installs it again from this one, and leaves a .venv that names this one alone."""
    venv = stand_in_venv(tmp_path, "exit 0")
    site = venv / "lib" / "python3.11" / "site-packages"
    site.mkdir(parents=True)
    finder = site / "__editable___d2lutils_0_1_0_finder.py"

    def reinstalls(folder):
        finder.write_text(f"MAPPING: dict[str, str] = {{'d2lutils': '{folder}/d2lutils'}}\n")
        return "-e ." in dry_run("install", f"VENV={venv}")

    assert reinstalls("/home/someone/old-clone")
    assert not reinstalls(ROOT)


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


def test_make_test_runs_the_projects_notebooks_and_leaves_a_learners_own_alone(tmp_path):
    """The project's notebooks are 00_index and those it links to (tools/contents.py): an
    Untitled.ipynb that JupyterLab saved in notebooks/ is neither tested, recorded nor trusted."""
    from tools import pairs
    listed = [p.relative_to(ROOT).as_posix() for p in pairs.notebooks()]
    assert "notebooks/01_calculus.ipynb" in listed
    for target in ("test-notebooks", "outputs", "test-cpus"):
        out = dry_run(target)
        assert all(nb in out for nb in listed), target

    for name in ("Makefile", "tools/contents.py", "notebooks/00_index.py", "binder/runtime.txt",
                 "requirements.txt", "requirements-lock.txt", "pyproject.toml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    for name in listed:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).touch()
    (tmp_path / "notebooks" / "Untitled.ipynb").write_text("{}")
    (tmp_path / "notebooks" / "Untitled.py").write_text("# %%\n")
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "NB")}
    for target in ("test-notebooks", "outputs", "lab", "test-cpus"):
        out = subprocess.run(["make", "-n", "--no-print-directory", target], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=60).stdout
        assert "notebooks/01_calculus.ipynb" in out and "Untitled" not in out, (target, out)


def test_help_shows_the_learners_targets_first_apart_from_the_contributors():
    out = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True,
                         text=True, timeout=60, check=True).stdout
    learners, _, contributors = out.partition("For contributors")
    assert "For learners" in learners and contributors
    named = lambda part: re.findall(r"^\s+make (\S+)", part, re.M)  # noqa: E731
    assert named(learners) == ["lab", "test", "book", "book-serve", "clean"]
    assert {"install", "lib", "outputs", "sync", "test-ui", "lock"} <= set(named(contributors))
    jargon = re.compile(r"nbval|#@save|pairs?\b|strict", re.I)
    assert not [line for line in learners.splitlines() if jargon.search(line)], learners
    targets = set(re.findall(r"^([a-z-]+):.*## ", (ROOT / "Makefile").read_text(), re.M))
    assert set(named(out)) == targets  # every documented target, once
    assert len(named(out)) == len(targets)


def test_progress_lines_pass_make_output_sync_as_each_notebook_ends(tmp_path):
    """make test holds each half's report until the half ends (--output-sync); the lines of
    tools/warm_kernel's Progress go past it, plain, to where make test writes."""
    (tmp_path / "Makefile").write_text(
        "all: slow quick\n"
        "slow:\n\t@echo slow report; sleep 0.3; $(PY) say.py; echo slow done\n"
        "quick:\n\t@echo quick report\n")
    (tmp_path / "say.py").write_text(
        "import sys; sys.path.insert(0, sys.argv[0].rsplit('/', 1)[0])\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from tools.warm_kernel import Progress, progress_fd\n"
        "Progress(progress_fd()).say('progress of slow')\n")
    (tmp_path / "share.py").write_text(
        f"import os, subprocess, sys\nsys.path.insert(0, {str(ROOT)!r})\n"
        "from tools.warm_kernel.zygote import PROGRESS_VARIABLE, handed_on_output\n"
        "fd, variable = handed_on_output()\n"
        "sys.exit(subprocess.call(['make', '-s', '-j2', '--output-sync=target', "
        f"'PY={sys.executable}'], pass_fds=(fd,), env={{**os.environ, PROGRESS_VARIABLE: variable}}))\n")
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL")}
    with open(tmp_path / "out.txt", "w") as out:
        subprocess.run([sys.executable, "share.py"], cwd=tmp_path, stdout=out, env=env,
                       timeout=60, check=True)
    lines = (tmp_path / "out.txt").read_text().splitlines()
    assert lines == ["quick report", "progress of slow", "slow report", "slow done"]


class _Report:
    def __init__(self, nodeid, when, failed=False):
        self.nodeid, self.when, self.failed = nodeid, when, failed


def test_progress_says_as_each_notebook_passes_or_fails_with_its_time_and_the_half_at_its_end():
    from tools.warm_kernel import Progress
    read, write = os.pipe()
    progress = Progress(write)

    def cell(path, number, failed=False):
        nodeid = f"{path}::Cell {number}"
        progress.pytest_runtest_logstart(nodeid)
        for when in ("setup", "call", "teardown"):
            progress.pytest_runtest_logreport(_Report(nodeid, when, failed and when == "call"))
        progress.pytest_runtest_logfinish(nodeid)
    cell("notebooks/a.ipynb", 0)
    cell("notebooks/a.ipynb", 1)
    cell("notebooks/b.ipynb", 0, failed=True)
    cell("notebooks/b.ipynb", 1)
    progress.pytest_runtest_logstart("tests/test_warm_kernel.py::test_x")

    class Reporter:
        stats = {"passed": [1, 2, 3, 4], "failed": [1]}

        class config:
            args = ["notebooks/a.ipynb", "notebooks/b.ipynb", "tests/test_warm_kernel.py"]
    progress.pytest_terminal_summary(Reporter)
    os.close(write)
    said = os.read(read, 10000).decode()
    os.close(read)
    assert re.fullmatch(
        r"  notebooks/a\.ipynb: passed \(2 cells\) in \d+\.\d s\n"
        r"  notebooks/b\.ipynb: FAILED \(1 of 2 cells\) in \d+\.\d s\n"
        r"make test: the notebooks ended: 4 passed, 1 failed in \d+ s; their report follows\n", said), said
    assert "\x1b" not in said
