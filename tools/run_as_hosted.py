"""make test-hosted: every notebook run as Colab, Kaggle or Studio Lab would run it, without the service.

What a hosted runtime does, and this does too:
* a Python 3.12 of its own (not .venv) with the newest release of every package: no lock,
  no constraints of this repository (a machine-wide pip configuration still applies);
* torch there beforehand, as hosted runtimes have it, and d2lutils NOT installed;
* each notebook opened alone: copied by itself into an empty folder and executed there, in a
  kernel of that Python, with nbclient; its own first cell installs d2lutils, from a wheel
  built from this working tree (D2LUTILS_PIP_SOURCE points the cell at it);
* no JAX beforehand, as in Studio Lab, Binder or a plain Python: the JAX notebooks' first cells
  install it. They run in JAX_CASES, one case each in turn: neither d2lutils nor JAX there,
  only JAX missing, only d2lutils missing (JAX there, as Colab and Kaggle ship it), both there.
Pass: no cell of any notebook raises (outputs are not compared: versions differ), and each
first cell printed what its case asks: the one line naming what it installs, or nothing. Then,
in the same environment, a few checks of the library a learner leans on: solution(), d2l.plot,
an explorer's static figure and an exercise check.

The environment is kept in build/hosted/venv and made again when its inputs change (the
Python, the library's dependencies, the packages it starts with) or after a week, for newer
releases; FRESH=1 (make test-hosted FRESH=1) makes it afresh now. A fresh clone builds it
from nothing.

make test-oldest (--oldest) runs the same way with the oldest versions the package admits:
the Python of pyproject.toml's requires-python (>=3.11: Python 3.11), and every dependency it
declares installed at exactly its lower bound (NAME>=VERSION gives NAME==VERSION).
Whatever else is needed comes as pip resolves it beside those pins. It passes only if every
pin still holds once the notebooks have run. Its environment is build/oldest/venv.

    python3 tools/run_as_hosted.py [--oldest] [--python PYTHON] [--fresh] [NOTEBOOK ...]
"""

import argparse
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
# Where the run works and which Python it needs; use_oldest() sets them for make test-oldest.
NAME = "test-hosted"
PYTHON_SETTING = "HOSTED_PYTHON"  # the Makefile variable that names the Python
WORK = ROOT / "build" / "hosted"
VENV = WORK / "venv"
STAMP = VENV / ".inputs"
KERNELS = WORK / "jupyter"
WANT = (3, 12)
OLDEST = False
MAX_AGE = 7 * 24 * 3600  # seconds: after that, newer releases are fetched
# What the environment holds before any notebook runs: what a hosted runtime has that
# matters here (torch), and what runs the notebooks (a kernel, nbclient). No jax: the JAX
# notebooks' first cells install it (JAX_CASES), as they must in Studio Lab, Binder or a plain
# Python; Colab and Kaggle ship jax, which the cases where JAX is there stand for.
BASE = ["torch", "ipykernel", "nbclient"]
TIMEOUT = 900  # seconds per cell; the first cell installs d2lutils and its dependencies
# What make test-oldest installs beside the pinned lower bounds, unpinned: what runs the
# notebooks. No jax, because the JAX twins are not run there (OLDEST_SKIPS says why).
OLDEST_BASE = ["ipykernel", "nbclient"]
# The JAX twins call jax.enable_x64, which jax has had since 0.8, and jax 0.8 needs numpy 2:
# no jax that has it installs beside our lowest numpy (1.24; the newest jax that does is
# 0.4.38). jax is declared only in d2lutils' extra `jax`, whose bound is that 0.8; make test
# (the jax of requirements.txt) and make test-hosted (the newest) run them.
JAX_NOTEBOOKS = OLDEST_SKIPS = ROOT / "notebooks" / "jax"
# Pins of packages we do not declare, for make test-oldest only: where the newest release of
# something pulled in does not work beside our lowest versions. Each says why.
OLDEST_CONSTRAINTS = []
# What JAX is, to make a runtime without it: jax and its compiled half, jaxlib (what else the
# extra pulls in, NumPy, SciPy, ml_dtypes, opt_einsum, may be there anyway).
JAX_DISTRIBUTIONS = ["jax", "jaxlib"]
# The cases the JAX notebooks' first cell meets, one per JAX notebook in turn (cycling): what
# is there when the notebook opens, and how D2LUTILS_PIP_SOURCE names the wheel (a file://
# URL as the default git+https:// is one, or a path: the cell builds pip's spec from either).
# Each case starts from what the one before leaves: JAX is installed twice a run, by the
# first cells of the first two (about 10 s each here), and nothing else is set up.
JAX_CASES = [
    {"name": "neither d2lutils nor JAX", "d2lutils": False, "jax": False, "source": "url"},
    {"name": "JAX missing", "d2lutils": True, "jax": False, "source": "path"},
    {"name": "d2lutils missing", "d2lutils": False, "jax": True, "source": "path"},
    {"name": "both there", "d2lutils": True, "jax": True, "source": "path"},
]
EXPECTED = "HOSTED_RUN_FIRST_CELL"  # what the first cell must print, for the --execute run


def use_oldest():
    """Point the functions below at make test-oldest: build/oldest and the oldest Python."""
    global NAME, PYTHON_SETTING, WORK, VENV, STAMP, KERNELS, WANT, OLDEST
    NAME, PYTHON_SETTING, OLDEST = "test-oldest", "OLDEST_PYTHON", True
    WORK = ROOT / "build" / "oldest"
    VENV = WORK / "venv"
    STAMP = VENV / ".inputs"
    KERNELS = WORK / "jupyter"
    WANT = oldest_python()


def oldest_python(pyproject=PYPROJECT):
    """(major, minor) of requires-python's >=X.Y: the oldest Python the package supports."""
    import tomllib
    spec = tomllib.loads(pyproject.read_text())["project"]["requires-python"]
    match = re.fullmatch(r"\s*>=\s*(\d+)\.(\d+)\s*", spec)
    if not match:
        raise ValueError(f"requires-python {spec!r} in {pyproject.name}: make test-oldest needs >=X.Y")
    return int(match[1]), int(match[2])


# A declared dependency as make test-oldest reads it: a name and one lower bound, nothing
# else (tests/test_hosted.py allows no other operator).
LOWER_BOUND = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*>=\s*([0-9][0-9A-Za-z.!+-]*)")


def lower_bounds(pyproject=PYPROJECT):
    """NAME==VERSION for every NAME>=VERSION in [project] dependencies, in the file's order.

    Anything else (no bound, a cap, extras, a marker) is a ValueError: the run could not
    tell which version is the oldest the package admits."""
    import tomllib
    dependencies = tomllib.loads(pyproject.read_text())["project"].get("dependencies", [])
    pins = []
    for requirement in dependencies:
        match = LOWER_BOUND.fullmatch(requirement.strip())
        if not match:
            raise ValueError(f"{requirement!r} in {pyproject.name}: make test-oldest needs "
                             f"each dependency as NAME>=VERSION")
        pins.append(f"{match[1]}=={match[2]}")
    return pins


def say(text):
    print(f"make {NAME}: {text}", flush=True)


def python_version(python):
    """(major, minor) of an interpreter, or None if it does not run."""
    try:
        out = subprocess.run([python, "-c", "import sys; print(*sys.version_info[:2])"],
                             capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return tuple(map(int, out.stdout.split())) if out.returncode == 0 else None


def find_python(asked=None):
    """A Python of version WANT: the one asked for, or pythonX.Y on PATH, or one of pyenv's, or a system one."""
    if asked:
        if python_version(asked) != WANT:
            sys.exit(f"make {NAME}: {asked} is not a Python {WANT[0]}.{WANT[1]} that runs")
        return asked
    name = f"python{WANT[0]}.{WANT[1]}"
    candidates = [shutil.which(name)]
    pyenv_root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    candidates += sorted(glob.glob(f"{pyenv_root}/versions/{WANT[0]}.{WANT[1]}.*/bin/{name}"),
                         reverse=True)
    candidates += [f"/usr/bin/{name}", f"/usr/local/bin/{name}"]
    for python in filter(None, candidates):
        if python_version(python) == WANT:
            return python
    sys.exit(f"make {NAME}: no Python {WANT[0]}.{WANT[1]} found (tried {name} on PATH, "
             f"pyenv's versions and /usr/bin, /usr/local/bin); install one, or name it: "
             f"make {NAME} {PYTHON_SETTING}=/path/to/{name}")


def environment():
    """os.environ without what would make pip or the kernel use this repository's settings."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PIP_CONSTRAINT", "PIP_REQUIREMENT", "PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["JUPYTER_PATH"] = str(KERNELS / "share" / "jupyter")  # before the user's kernels
    if "JAX_COMPILATION_CACHE_DIR" in env:  # the Makefile's; another jax must not share it
        env["JAX_COMPILATION_CACHE_DIR"] = str(WORK / "jax-cache")
    return env


def run(*command, **kwargs):
    subprocess.run([str(c) for c in command], check=True, env=environment(), **kwargs)


def pip(*args):
    run(VENV / "bin" / "python", "-m", "pip", "--disable-pip-version-check", *args)


def packages():
    """What pip installs into a new environment, and the constraints it installs them under."""
    if OLDEST:
        return [*lower_bounds(), *OLDEST_BASE], OLDEST_CONSTRAINTS
    return BASE, []


def inputs(python):
    """What the environment is made from; a change makes it afresh."""
    import tomllib
    dependencies = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    wanted, constraints = packages()
    text = "\n".join([subprocess.run([python, "-VV"], capture_output=True, text=True).stdout,
                      *wanted, *constraints, *dependencies])
    return hashlib.sha256(text.encode()).hexdigest()


def make_environment(python, fresh):
    key = inputs(python)
    old = STAMP.read_text() if STAMP.exists() else None
    age = time.time() - STAMP.stat().st_mtime if STAMP.exists() else None
    if not fresh and old == key and age < MAX_AGE:
        say(f"reusing {VENV.relative_to(ROOT)} (FRESH=1 makes it afresh)")
        return
    wanted, constraints = packages()
    what = "" if OLDEST else "the newest "
    say(f"making {VENV.relative_to(ROOT)} with {python}: {what}{' '.join(wanted)}")
    shutil.rmtree(VENV, ignore_errors=True)
    shutil.rmtree(KERNELS, ignore_errors=True)
    subprocess.run([python, "-m", "venv", str(VENV)], check=True)
    pip("install", "--quiet", "--upgrade", "pip")
    if constraints:
        (WORK / "constraints.txt").write_text("\n".join(constraints) + "\n")
        constraints = ["--constraint", WORK / "constraints.txt"]
    # One command, so that pip resolves everything else beside the pins at once.
    pip("install", "--quiet", "--upgrade", *constraints, *wanted)
    run(VENV / "bin" / "python", "-m", "ipykernel", "install", "--prefix", KERNELS,
        "--name", "python3", stdout=subprocess.DEVNULL)
    STAMP.write_text(key)


def build_wheel():
    """A wheel of d2lutils from the working tree (built from a copy: no build/ or egg-info here)."""
    source, out = WORK / "source", WORK / "wheel"
    for folder in (source, out):
        shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(ROOT / "d2lutils", source / "d2lutils",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    pip("wheel", "--quiet", "--no-deps", "--wheel-dir", out, source)
    (wheel,) = out.glob("d2lutils-*.whl")
    return wheel


def notebooks(paths):
    if paths:
        return [Path(p).resolve().with_suffix(".ipynb") for p in paths]
    return sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts)


def installed(*names):
    """Those of names (distributions) installed in the environment."""
    code = ("import sys, importlib.metadata as m\nfor n in sys.argv[1:]:\n"
            "    try: m.version(n); print(n)\n    except m.PackageNotFoundError: pass")
    answer = subprocess.run([VENV / "bin" / "python", "-c", code, *names], env=environment(),
                            capture_output=True, text=True, check=True)
    return answer.stdout.split()


def prepare(wheel, case):
    """Make the environment what the notebook should open in; returns (the source the first
    cell is pointed at, the line it must print: '' for none).

    A PyTorch notebook opens without d2lutils; a JAX notebook as its case (JAX_CASES) says."""
    if case is None:
        pip("uninstall", "--quiet", "--yes", "d2lutils")  # each notebook's first cell installs it
        return str(wheel), f"Installing d2lutils from {wheel}"
    there = installed("d2lutils", *JAX_DISTRIBUTIONS)
    remove = [n for n in there if not case["d2lutils" if n == "d2lutils" else "jax"]]
    if remove:
        pip("uninstall", "--quiet", "--yes", *remove)
    # What the case wants there, the case before left there, unless its notebook failed early.
    if case["jax"] and not set(JAX_DISTRIBUTIONS) <= set(there):
        pip("install", "--quiet", *jax_requirements())
    if case["d2lutils"] and "d2lutils" not in there:
        pip("install", "--quiet", "--no-deps", wheel)
    source = wheel.as_uri() if case["source"] == "url" else str(wheel)
    if case["d2lutils"] and case["jax"]:
        return source, ""
    if case["d2lutils"]:
        return source, f"Installing JAX (CPU): {', '.join(jax_requirements())}"
    spec = f"d2lutils[jax] @ {source}" if case["source"] == "url" else f"{source}[jax]"
    return source, f"Installing {spec}"


def jax_requirements():
    """The requirements of d2lutils' extra `jax`, from pyproject.toml."""
    import tomllib
    return tomllib.loads(PYPROJECT.read_text())["project"]["optional-dependencies"]["jax"]


def run_alone(ipynb, wheel, case=None):
    """Copy ipynb alone into an empty folder and execute it there, in the environment as case
    (JAX_CASES; None for a PyTorch notebook) says; returns (passed, seconds)."""
    folder = WORK / "run" / ipynb.stem
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copy(ipynb, folder / ipynb.name)
    source, expected = prepare(wheel, case)
    env = {**environment(), "D2LUTILS_PIP_SOURCE": source, EXPECTED: expected}
    start = time.perf_counter()
    answer = subprocess.run([VENV / "bin" / "python", __file__, "--execute", folder / ipynb.name],
                            cwd=folder, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if answer.returncode != 0:
        print(answer.stdout + answer.stderr[-6000:], file=sys.stderr)
    return answer.returncode == 0, seconds


def execute(path):
    """Inside the environment: run every cell of the notebook at path; exit 1 on an error."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as err:
        nbformat.write(notebook, path)
        print(f"{path.name}: a cell raised:\n{err}")
        return 1
    nbformat.write(notebook, path)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    if code:  # the first cell says what it installs in one line, before pip's own (IPython's
        # %pip adds a note on restarting), or prints nothing where all is there
        said = "".join(o.get("text", "") for o in code[0].outputs if o.output_type == "stream")
        expected = os.environ[EXPECTED]
        if expected and said.splitlines()[:1] != [expected]:
            print(f"{path.name}: the first cell printed {said!r}, not first the line {expected!r}")
            return 1
        if not expected and said:
            print(f"{path.name}: the first cell printed {said!r} where all is there, not nothing")
            return 1
    return 0


# The library checks, as cells of a notebook run in an empty folder of the environment.
CHECKS = {
    "library": "import os, sys, d2lutils as d2l\n"
               "assert d2l.__file__.startswith(sys.prefix), d2l.__file__  # the installed wheel\n"
               "import matplotlib, numpy, torch\n"
               "print('Python', sys.version.split()[0], '| torch', torch.__version__, '| numpy',"
               " numpy.__version__, '| matplotlib', matplotlib.__version__)",
    "modules": "import importlib, importlib.resources, pkgutil\n"
               "names = sorted(m.name for m in pkgutil.iter_modules(d2l.__path__))\n"
               "for name in names:\n    importlib.import_module(f'd2lutils.{name}')\n"
               "print(names, importlib.resources.files(d2l).joinpath('solutions.json').is_file())",
    "solution": "d2l.exercise('01_calculus', 4).solution()",
    "plot": "x = torch.arange(0, 3, 0.1)\nd2l.plot(x, [x ** 2, 2 * x - 1], 'x', 'f(x)', "
            "legend=['f(x)', 'tangent at x=1'])",
    "static figure": "d2l.draw_secant(lambda x: x ** 2, x=1.0, h=0.5)",
    "explorer": "d2l.explore_secant(lambda x: x ** 2, x=1.0)",
    "exercise check": "exercise = d2l.exercise('01_calculus', 10)  # the derivative of an inverse\n"
                      "print(repr(exercise.check('1/fprime(finv(y))')))\n"
                      "print(repr(exercise.check('fprime(y)')))",
}


def check_library(wheel):
    """Run CHECKS in the environment; returns the failures (names and why)."""
    import_from = WORK / "run" / "library-checks"
    shutil.rmtree(import_from, ignore_errors=True)
    import_from.mkdir(parents=True)
    cells = [{"cell_type": "code", "metadata": {}, "source": s, "outputs": [],
              "execution_count": None} for s in CHECKS.values()]
    path = import_from / "checks.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}))
    pip("install", "--quiet", wheel)  # as a first cell would
    env = {**environment(), "D2LUTILS_PIP_SOURCE": str(wheel)}
    answer = subprocess.run([VENV / "bin" / "python", __file__, "--execute-checks", path],
                            cwd=import_from, env=env, capture_output=True, text=True)
    if answer.returncode != 0:
        return [f"the checks did not run: {answer.stdout}{answer.stderr[-3000:]}"]
    outputs = dict(zip(CHECKS, json.loads(path.read_text())["cells"]))
    def joined(value):  # nbformat stores a multi-line text as a list of lines
        return "".join(value) if isinstance(value, list) else value
    text = {name: "".join(joined(o.get("text", "")) + joined(o.get("data", {}).get("text/plain", ""))
                          for o in cell["outputs"]) for name, cell in outputs.items()}
    kinds = {name: {k for o in cell["outputs"] for k in o.get("data", {})}
             for name, cell in outputs.items()}
    say(text["library"].strip())
    failures = []
    modules = sorted(p.stem for p in (ROOT / "d2lutils").glob("*.py") if p.stem != "__init__")
    if text["modules"].strip() != f"{modules} True":  # every module, and the solutions' text
        failures.append(f"the wheel holds {text['modules'].strip()}, not {modules} True")
    if not ("Worked solution: solutions/01_calculus_solutions.ipynb" in text["solution"]
            and "Exercise 4" in text["solution"]):
        failures.append(f"solution() printed {text['solution'][:300]!r}")
    for name in ("plot", "static figure"):
        if not kinds[name] & {"image/svg+xml", "image/png"}:
            failures.append(f"{name}: no figure, only {sorted(kinds[name])}")
    if not {"image/png", "application/vnd.jupyter.widget-view+json"} <= kinds["explorer"]:
        failures.append(f"explorer: {sorted(kinds['explorer'])}, not the widget and its figure")
    verdicts = text["exercise check"].splitlines()
    if not (len(verdicts) == 2 and "Right" in verdicts[0] and "Not yet" in verdicts[1]):
        failures.append(f"exercise check said {text['exercise check'][:300]!r}")
    return failures


def moved_pins():
    """make test-oldest: the pins that no longer hold (a notebook's pip moved them), as text."""
    pins = lower_bounds()
    # As pip compares: ==2.1 holds for 2.1.0, and for 2.1.0+cpu, torch's CPU build.
    code = ("import sys\nfrom importlib.metadata import version\n"
            "from packaging.requirements import Requirement\n"
            "for pin in sys.argv[1:]:\n"
            "    wanted = Requirement(pin)\n"
            "    if not wanted.specifier.contains(version(wanted.name)):\n"
            "        print(f'{wanted.name} is {version(wanted.name)}, not {pin}')")
    answer = subprocess.run([VENV / "bin" / "python", "-c", code, *pins], env=environment(),
                            capture_output=True, text=True)
    if answer.returncode != 0:
        return [f"the pins could not be read: {answer.stderr[-2000:]}"]
    return answer.stdout.splitlines()


def execute_checks(path):
    import nbformat
    from nbclient import NotebookClient
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=TIMEOUT, kernel_name="python3", allow_errors=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(notebook, path)
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", help="default: every notebook")
    parser.add_argument("--oldest", action="store_true",
                        help="make test-oldest: the oldest Python, each dependency at its lower bound")
    parser.add_argument("--python", help="the Python 3.12 (with --oldest, the oldest) to use (default: found)")
    parser.add_argument("--fresh", action="store_true", help="make the environment afresh")
    parser.add_argument("--execute", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--execute-checks", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.execute:
        return execute(args.execute)
    if args.execute_checks:
        return execute_checks(args.execute_checks)
    if args.oldest:
        use_oldest()
    start = time.perf_counter()
    python = find_python(args.python)
    make_environment(python, args.fresh)
    wheel = build_wheel()
    say(f"built {wheel.name}; each notebook runs alone in {(WORK / 'run').relative_to(ROOT)}/NAME/")
    results = {}
    chosen = notebooks(args.notebooks)
    if OLDEST:
        skipped = [p for p in chosen if OLDEST_SKIPS in p.parents]
        chosen = [p for p in chosen if p not in skipped]
        if skipped:
            say(f"not run: {', '.join(str(p.relative_to(ROOT)) for p in skipped)} "
                f"(they need jax 0.8 or newer, which needs numpy 2)")
    jax_notebooks = 0
    jax_there = installed(*JAX_DISTRIBUTIONS)  # left by a run before: every run starts without
    if jax_there:
        pip("uninstall", "--quiet", "--yes", *jax_there)
    for ipynb in chosen:
        case = None
        if JAX_NOTEBOOKS in ipynb.parents:
            case = JAX_CASES[jax_notebooks % len(JAX_CASES)]
            jax_notebooks += 1
        passed, seconds = run_alone(ipynb, wheel, case)
        results[ipynb] = passed
        said = f", {case['name']}" if case else ""
        say(f"{'passed' if passed else 'FAILED'} {ipynb.relative_to(ROOT)} ({seconds:.0f} s{said})")
    failures = check_library(wheel)
    for failure in failures:
        say(f"library check FAILED: {failure}")
    if not failures:
        say(f"library checks passed: {', '.join(CHECKS)}")
    if OLDEST:
        moved = moved_pins()
        for text in moved:
            say(f"a lower bound did not hold: {text}")
        if not moved:
            say(f"every dependency ran at its lower bound: {' '.join(lower_bounds())}")
        failures += moved
    passed = sum(results.values())
    say(f"{time.perf_counter() - start:.0f} s in all")
    print(f"{NAME}: {passed} passed, {len(results) - passed + len(failures)} failed")
    return 0 if passed == len(results) and not failures else 1


if __name__ == "__main__":
    sys.exit(main())
