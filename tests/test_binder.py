"""binder/ builds with repo2docker (Binder, JupyterHub) the environment `make install` builds.

The fast tests read the files. `make test-binder` also simulates the build without Docker, as
repo2docker runs it: a copy of the repository, a fresh venv of binder/runtime.txt's Python,
`pip install -r binder/requirements.txt`, then binder/postBuild from the repository's root;
then the Calculus chapter under strict nbval in that venv.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

from tests.test_lock import LOCK, lock_lines, pins_here, requirement_file_pins

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"
CHAPTER = "notebooks/01_calculus.ipynb"


def binder_python():
    """The Python version binder/runtime.txt asks repo2docker for, as '3.12'."""
    runtime = (BINDER / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", runtime), runtime
    return runtime.removeprefix("python-")


def lock_names_only_for(*short_lists):
    """The lock's packages that only the short lists need: pinned there, or pulled in (the
    lock's '# via' lines) by nothing but such packages."""
    via, name = {}, None
    for line in LOCK.read_text().splitlines():
        if line and not line.startswith((" ", "#")):
            name = canonicalize_name(re.split(r"[=;\s]", line, maxsplit=1)[0])
            via.setdefault(name, set())
        elif name and line.strip().startswith("#"):
            for word in re.sub(r"^#\s*(via)?", "", line.strip()).split(","):
                if word.strip():
                    via[name].add(word.strip())
    only = {canonicalize_name(n) for short_list in short_lists
            for n in requirement_file_pins(ROOT / short_list)}
    changed = True
    while changed:
        changed = False
        for n, sources in via.items():
            if n not in only and sources and all(
                    s in {f"-r {short_list}" for short_list in short_lists}
                    or canonicalize_name(s) in only for s in sources):
                only.add(n)
                changed = True
    return only


def test_binder_asks_for_a_python_the_project_supports():
    from tests.test_environment import supported_pythons
    assert tuple(int(p) for p in binder_python().split(".")) in supported_pythons()


CUDA_ONLY = re.compile(r"^(nvidia-.*|cuda-.*|triton)$")  # what PyPI's CUDA build of torch adds


def binder_pins():
    """binder/requirements.txt's requirements, its option lines (an index) left out."""
    text = (BINDER / "requirements.txt").read_text()
    return lock_lines("\n".join(line for line in text.splitlines() if not line.startswith("--")))


def test_binder_requirements_are_the_lock_for_linux_and_binders_python():
    """Every pin of binder/requirements.txt is the lock's, for Linux x86_64 and that Python,
    with torch's CPU build in place of the CUDA build's packages."""
    binder = binder_pins()
    assert all(r.marker is None for r in binder), "compiled for one platform: no markers"
    linux = {"sys_platform": "linux", "platform_system": "Linux", "platform_machine": "x86_64",
             "os_name": "posix", "implementation_name": "cpython",
             "python_version": binder_python(), "python_full_version": binder_python() + ".0"}
    lock = pins_here(lock_lines(LOCK.read_text()), linux)
    pins = {canonicalize_name(r.name): str(r.specifier).removeprefix("==") for r in binder}
    extra = {"nbgitpuller"}  # binder/requirements.in adds it for JupyterHub links
    ui_only = set(requirement_file_pins(ROOT / "requirements-ui.txt"))  # make test-ui's
    # make book's and make hub's, with what they pull in
    book_or_hub = lock_names_only_for("requirements-book.txt", "requirements-hub.txt")
    expected = {n: v for n, v in lock.items()
                if n not in ui_only | book_or_hub and not CUDA_ONLY.match(n)}
    expected["torch"] += "+cpu"
    assert {n: v for n, v in pins.items() if n not in extra} == expected
    assert extra <= set(pins)


def test_binder_installs_torchs_cpu_build_and_no_cuda_library():
    """pip (repo2docker runs `pip install -r binder/requirements.txt`) reads the CPU index from
    the file, and the pin admits only the CPU build: PyPI's torch of the same release (the CUDA
    build, on Linux) is not `+cpu`, so pip cannot take it."""
    from packaging.version import Version
    lines = (BINDER / "requirements.txt").read_text().splitlines()
    first_pin = next(i for i, line in enumerate(lines) if re.match(r"^[A-Za-z0-9]", line))
    assert "--extra-index-url https://download.pytorch.org/whl/cpu" in lines[:first_pin]
    (torch,) = [r for r in binder_pins() if canonicalize_name(r.name) == "torch"]
    (pin,) = torch.specifier
    release = Version(pin.version).public
    assert Version(pin.version).local == "cpu"
    assert torch.specifier.contains(f"{release}+cpu") and not torch.specifier.contains(release)
    assert not [r.name for r in binder_pins() if CUDA_ONLY.match(canonicalize_name(r.name))]


def test_the_cpu_build_rewrite_drops_what_only_cuda_needs_and_keeps_the_rest():
    from tools.binder_lock import cpu_build
    text = ("# header\nfilelock==1.0\n    # via torch\nnvidia-a==1\n    # via\n    #   cuda-toolkit\n"
            "cuda-toolkit==2\n    # via torch\nonly-for-nvidia==3\n    # via nvidia-a\n"
            "torch==2.0\n    # via -r requirements.txt\ntriton==4\n    # via torch\n")
    out = cpu_build(text)
    assert re.findall(r"^(\S+)==", out, re.M) == ["filelock", "torch"], out
    assert "torch==2.0+cpu" in out and out.count("--extra-index-url") == 1
    assert cpu_build(out) == out, "make lock runs it on its own output: nothing changes twice"
    with pytest.raises(ValueError, match="no torch pin"):
        cpu_build("numpy==1.0\n")


def test_binder_requirements_are_compiled_from_requirements_in_by_make_lock():
    header = (BINDER / "requirements.txt").read_text().splitlines()[:2]
    assert header[1] == "#    make lock"
    sources = [line.split("#")[0].strip() for line in (BINDER / "requirements.in").read_text().splitlines()]
    assert "-r ../requirements.txt" in sources


def test_postbuild_is_executable_stops_on_error_and_installs_what_make_install_adds():
    post = BINDER / "postBuild"
    assert os.access(post, os.X_OK), "repo2docker runs postBuild only when it is executable"
    text = post.read_text()
    assert text.startswith("#!/bin/bash\n")
    assert re.search(r"^set -e", text, re.M)
    d2l = re.search(r"^D2L\s*:=\s*(\S+)", (ROOT / "Makefile").read_text(), re.M).group(1)
    assert re.search(rf"pip install .*--no-deps {re.escape(d2l)}$", text, re.M), d2l
    assert re.search(r"pip install .*--no-deps .*-e \.$", text, re.M)
    assert "jupyter trust" in text


def copy_of_the_repository(dest):
    """What repo2docker copies: the files git tracks (with any edits not yet committed)."""
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           cwd=ROOT, capture_output=True, text=True, check=True,
                           timeout=60).stdout.split("\0")
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    return dest


def run(cmd, **kwargs):
    """Run a build step; on failure, show its output."""
    kwargs.setdefault("timeout", 1800)  # an install of torch may take many minutes
    done = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{cmd} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done


@pytest.mark.skipif(not os.environ.get("BINDER_BUILD"), reason="slow (a fresh venv): make test-binder")
def test_a_simulated_binder_build_passes_strict_nbval_on_the_calculus_chapter(tmp_path):
    python = shutil.which(f"python{binder_python()}")
    if python is None or subprocess.run([python, "-c", ""], timeout=60).returncode != 0:
        pytest.skip(f"python{binder_python()} (binder/runtime.txt) does not run here")
    repo = copy_of_the_repository(tmp_path / "repo")
    env = tmp_path / "env"
    run([python, "-m", "venv", env])
    bin_ = env / "bin"
    # As in repo2docker's image: the venv first on PATH. Jupyter's data (the trust database)
    # goes to a directory of this test's own instead of the home directory.
    environ = {k: v for k, v in os.environ.items()
               if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "BINDER_BUILD"}}
    environ |= {"PATH": f"{bin_}{os.pathsep}{os.environ['PATH']}",
                "JUPYTER_DATA_DIR": str(tmp_path / "jupyter-data")}
    run([bin_ / "pip", "install", "--no-cache-dir", "-r", "binder/requirements.txt"], cwd=repo, env=environ)
    run(["binder/postBuild"], cwd=repo, env=environ)

    # Nothing floats: every distribution is binder/requirements.txt's, or d2l and d2lutils.
    pins = repo / "binder-pins.txt"  # the file's pins alone, without its index line
    pins.write_text("".join(line for line in (repo / "binder/requirements.txt").read_text()
                            .splitlines(keepends=True) if not line.startswith("--")))
    check = run([bin_ / "python", "-c", "from pathlib import Path; from tests.test_lock import venv_against; "
                 f"print('\\n'.join(venv_against(Path({str(pins)!r}))))"],
                cwd=repo, env=environ)
    assert check.stdout.strip() == "", check.stdout
    # d2lutils is the installed project, not a copy on the path; the notebooks are trusted.
    where = run([bin_ / "python", "-c", "import d2l, nbgitpuller, d2lutils; print(d2lutils.__file__)"],
                cwd=tmp_path, env=environ)
    assert where.stdout.strip() == str(repo / "d2lutils" / "__init__.py")
    signed = run([bin_ / "python", "-c",
                  "import nbformat; from nbformat.sign import NotebookNotary; "
                  f"print(NotebookNotary().check_signature(nbformat.read({CHAPTER!r}, 4)))"],
                 cwd=repo, env=environ)
    assert signed.stdout.strip() == "True", "postBuild did not trust the notebooks"

    nbval = run([bin_ / "python", "-m", "pytest", "-p", "no:xdist", "--nbval", "--nbval-current-env",
                 "--nbval-cell-timeout=300", CHAPTER], cwd=repo, env=environ)
    assert re.search(r"\b\d+ passed\b", nbval.stdout) and " failed" not in nbval.stdout, nbval.stdout
