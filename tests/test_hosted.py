"""Running outside the clone: the package, the notebooks' first cells and the badges.

`make test-hosted` (tools/run_as_hosted.py) runs every notebook alone in a fresh environment,
from a wheel of this tree, and checks that the wheel holds every module and what solution()
reads; these are the fast checks: what tools/hosted_cells.py derives from the one setting is in
step, each badge is a well-formed URL of its service, the first cell installs only when it
must, and the package declares what it imports.
"""

import ast
import json
import re
import shlex
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from tools import warm_kernel
from tools import hosted_cells as hosted
from tools.pairs import NOTEBOOKS, ROOT, text_halves

# Each service's URL that opens a notebook from GitHub, as the service documents it:
#   Colab:       colab.research.google.com/github/OWNER/REPO/blob/BRANCH/PATH
#   Studio Lab:  studiolab.sagemaker.aws/import/github/OWNER/REPO/blob/BRANCH/PATH
#   Kaggle:      kaggle.com/kernels/welcome?src=https://github.com/OWNER/REPO/blob/BRANCH/PATH
#   Binder:      mybinder.org/v2/gh/OWNER/REPO/REF, with ?urlpath=lab/tree/PATH or ?labpath=PATH
REPO = r"(?P<repo>[\w.-]+/[\w.-]+)"
PATH = r"(?P<path>[\w./-]+\.ipynb)"
DOCUMENTED = {
    "colab.research.google.com": re.compile(
        rf"https://colab\.research\.google\.com/github/{REPO}/blob/(?P<branch>[\w.-]+)/{PATH}"),
    "studiolab.sagemaker.aws": re.compile(
        rf"https://studiolab\.sagemaker\.aws/import/github/{REPO}/blob/(?P<branch>[\w.-]+)/{PATH}"),
    "kaggle.com": re.compile(
        rf"https://(?:www\.)?kaggle\.com/kernels/welcome\?src=https://github\.com/{REPO}"
        rf"/blob/(?P<branch>[\w.-]+)/{PATH}"),
    "mybinder.org": re.compile(
        rf"https://mybinder\.org/v2/gh/{REPO}/(?P<branch>[\w.-]+)"
        rf"(?:\?(?:urlpath=lab/tree/|labpath=){PATH})?"),
}
BADGE_IMAGES = {
    "colab.research.google.com": "https://colab.research.google.com/assets/colab-badge.svg",
    "studiolab.sagemaker.aws": "https://studiolab.sagemaker.aws/studiolab.svg",
    "kaggle.com": "https://kaggle.com/static/images/open-in-kaggle.svg",
    "mybinder.org": "https://mybinder.org/badge_logo.svg",
}
BADGE = re.compile(r"\[!\[[^\]]*\]\((?P<image>[^)\s]+)\)\]\((?P<url>[^)\s]+)\)")


def markdown_of(path):
    """The Markdown a reader sees: README.md, or the Markdown cells of a notebook."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text())["cells"]
        return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return path.read_text()


def badges(path):
    """(image URL, link URL) of every badge whose link goes to one of the four services."""
    found = []
    for match in BADGE.finditer(markdown_of(path)):
        host = re.match(r"https://(?:www\.)?([^/?]+)", match["url"])
        if host and host.group(1) in DOCUMENTED:
            found.append((host.group(1), match["image"], match["url"]))
    return found


def test_what_tools_hosted_derives_is_in_step():
    stale = hosted.stale_files(hosted.expected_files())
    assert not stale, ("out of step with [project.urls] Repository "
                       f"(run `make hosted`): {[str(p.relative_to(ROOT)) for p in stale]}")


def test_the_one_setting_is_a_github_repository():
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", hosted.REPOSITORY)
    bad = ROOT / "build" / "pyproject-test.toml"
    bad.parent.mkdir(exist_ok=True)
    bad.write_text('[project.urls]\nRepository = "https://gitlab.com/a/b"\n')
    with pytest.raises(ValueError, match="must be https://github.com/OWNER/REPO"):
        hosted.repository_url(bad)


@pytest.mark.parametrize("path", [ROOT / "README.md", NOTEBOOKS / "00_index.ipynb"],
                         ids=["README", "00_index"])
def test_every_badge_is_a_documented_url_of_its_service_for_this_repository(path):
    found = badges(path)
    assert found, f"{path.name} has no badges"
    for host, image, url in found:
        match = DOCUMENTED[host].fullmatch(url)
        assert match, f"{path.name}: {url} is not of the form {host} documents"
        assert match["repo"] == hosted.OWNER_REPO, url
        assert image == BADGE_IMAGES[host], url
        if match["path"]:
            assert (ROOT / match["path"]).is_file(), f"{url}: no {match['path']} here"


@pytest.mark.parametrize("path", [ROOT / "README.md", NOTEBOOKS / "00_index.ipynb"],
                         ids=["README", "00_index"])
def test_every_chapter_has_a_badge_for_each_service(path):
    opened = {(host, DOCUMENTED[host].fullmatch(url)["path"]) for host, _, url in badges(path)}
    for chapter in hosted.CHAPTERS:
        for host in DOCUMENTED:
            assert (host, f"notebooks/{chapter}.ipynb") in opened, f"{path.name}: {chapter}, {host}"


@pytest.mark.parametrize("path, prefix", [(ROOT / "README.md", "notebooks/"),
                                          (NOTEBOOKS / "00_index.ipynb", "")],
                         ids=["README", "00_index"])
def test_the_badge_table_has_a_row_titled_to_name_jax_for_each_jax_chapter(path, prefix):
    rows = {m[2]: m[1] for m in re.finditer(r"^\| \[([^\]]+)\]\(([^)\s]+)\) \|",
                                            markdown_of(path), re.M)}
    assert {f"notebooks/jax/{n}.ipynb" for n in ("01_calculus", "02_autograd")} <= \
        {f"notebooks/{c}.ipynb" for c in hosted.CHAPTERS}
    assert rows[f"{prefix}jax/01_calculus.ipynb"] == "2.4 Calculus (JAX)"
    assert rows[f"{prefix}jax/02_autograd.ipynb"] == "2.5 Automatic differentiation (JAX)"
    assert len(set(rows.values())) == len(rows) == len(hosted.CHAPTERS), rows


def test_a_jax_chapters_title_names_jax_and_a_pytorch_chapters_is_its_heading():
    assert hosted.title("01_calculus") == "2.4 Calculus"
    assert hosted.title("jax/01_calculus") == "2.4 Calculus (JAX)"
    # a heading that names JAX already is kept as it is
    assert hosted.title("jax/solutions/01_calculus_solutions") == "Solutions: 2.4 Calculus in JAX"


def test_no_placeholder_stands_for_the_repository():
    for path in [ROOT / "README.md", ROOT / "docs" / "teaching.md", *text_halves()]:
        assert "OWNER/REPO" not in path.read_text(), path


def notebooks_with_code():
    return [py for py in text_halves() if re.search(r"^# %%$", py.read_text(), re.M)]


@pytest.mark.parametrize("py", notebooks_with_code(), ids=lambda p: p.stem)
def test_the_first_code_cell_of_every_notebook_is_the_install_cell(py):
    cells = re.split(r"^# %%.*\n", py.read_text(), flags=re.M)
    headers = re.findall(r"^# %%.*$", py.read_text(), flags=re.M)
    first = next(body for header, body in zip(headers, cells[1:]) if "[markdown]" not in header)
    jax = hosted.JAX_NOTEBOOKS in py.parents
    assert first.strip() == (hosted.JAX_INSTALL_CELL if jax else hosted.INSTALL_CELL)


def test_the_notebooks_that_get_the_jax_install_cell_are_those_that_import_jax():
    """The JAX part goes to the notebooks under notebooks/jax/, which are those whose code
    imports jax at the top (92_utilities_exercises imports it only inside a check, for the
    JAX edition's answers, and must not install it)."""
    imports = re.compile(r"^(import|from)\s+jax\b", re.M)
    importing = {py for py in notebooks_with_code() if imports.search(py.read_text())}
    under_jax = {py for py in notebooks_with_code() if hosted.JAX_NOTEBOOKS in py.parents}
    assert importing == under_jax
    assert {py.relative_to(NOTEBOOKS).as_posix() for py in under_jax} == {
        "jax/01_calculus.py", "jax/02_autograd.py",
        "jax/solutions/01_calculus_solutions.py", "jax/solutions/02_autograd_solutions.py"}
    assert "jax" not in hosted.INSTALL_CELL.lower()


def run_install_cell(monkeypatch, importable, source=None, cell=hosted.INSTALL_CELL, jax=True):
    """Run an install cell as a kernel would, with d2lutils importable or not and jax importable
    or not; returns (what it printed, the %pip lines)."""
    import importlib.util
    real = importlib.util.find_spec
    missing = {name for name, there in (("d2lutils", importable), ("jax", jax)) if not there}
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name in missing else real(name, *a))
    if source is None:
        monkeypatch.delenv(hosted.ENV_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(hosted.ENV_VARIABLE, source)
    magics = []

    class Shell:
        def run_line_magic(self, name, line):
            magics.append(f"%{name} {line}")

        def system(self, command):  # `"PYTHON" -m pip ...`, as %pip runs it, without its note
            python, _, rest = command.partition(" -m pip ")
            assert python == f'"{sys.executable}"', command
            magics.append(f"%pip {rest}")
    printed = []
    exec(cell, {"get_ipython": Shell, "print": lambda *a: printed.append(" ".join(a))})
    return printed, magics


def pip_arguments(magic):
    """What pip is given by a %pip line, as the shell that IPython's %pip runs it in splits it."""
    assert magic.startswith("%pip install --quiet ")
    return shlex.split(magic.removeprefix("%pip install --quiet "))


def test_the_install_cell_prints_no_note_on_restarting_the_kernel():
    """IPython's %pip prints "Note: you may need to restart the kernel to use updated
    packages." after pip: the first cell, which imports nothing first, runs pip without it."""
    assert "run_line_magic('pip'" not in hosted.INSTALL_CELL
    assert "-m pip install --quiet" in hosted.INSTALL_CELL


def test_the_install_cell_does_nothing_where_d2lutils_is_importable(monkeypatch):
    assert run_install_cell(monkeypatch, importable=True) == ([], [])


def test_the_install_cell_installs_from_the_repository_and_says_so(monkeypatch):
    printed, magics = run_install_cell(monkeypatch, importable=False)
    assert printed == [f"Installing d2lutils from git+{hosted.REPOSITORY}"]
    assert magics == [f"%pip install --quiet git+{hosted.REPOSITORY}"]


def test_the_install_cell_takes_its_source_from_the_environment_variable(monkeypatch):
    printed, magics = run_install_cell(monkeypatch, importable=False, source="/tmp/x.whl")
    assert printed == ["Installing d2lutils from /tmp/x.whl"]
    assert magics == ["%pip install --quiet /tmp/x.whl"]


def test_the_pytorch_install_cell_installs_no_jax_where_jax_is_missing(monkeypatch):
    assert run_install_cell(monkeypatch, importable=True, jax=False) == ([], [])
    printed, magics = run_install_cell(monkeypatch, importable=False, jax=False)
    assert magics == [f"%pip install --quiet git+{hosted.REPOSITORY}"]


def jax_extra():
    """The requirements of pyproject.toml's extra `jax`."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(r) for r in project["optional-dependencies"][hosted.JAX_EXTRA]]


@pytest.mark.parametrize("jax", [True, False], ids=["jax there", "no jax"])
def test_the_jax_install_cell_does_nothing_where_both_are_importable_and_only_there(monkeypatch, jax):
    answer = run_install_cell(monkeypatch, importable=True, jax=jax, cell=hosted.JAX_INSTALL_CELL)
    assert (answer == ([], [])) == jax


@pytest.mark.parametrize("jax", [True, False], ids=["jax there", "no jax"])
def test_the_jax_install_cell_installs_d2lutils_with_the_jax_extra_from_the_repository(monkeypatch, jax):
    """pip takes an extra of a URL as a PEP 508 requirement, NAME[EXTRA] @ URL (a git+https://
    URL with [jax] after it would be cloned as a URL ending in [jax])."""
    printed, magics = run_install_cell(monkeypatch, importable=False, jax=jax,
                                       cell=hosted.JAX_INSTALL_CELL)
    spec = f"d2lutils[jax] @ git+{hosted.REPOSITORY}"
    assert printed == [f"Installing {spec}"]
    assert len(magics) == 1 and pip_arguments(magics[0]) == [spec]
    requirement = Requirement(spec)
    assert (requirement.name, requirement.extras, requirement.url) == (
        "d2lutils", {"jax"}, f"git+{hosted.REPOSITORY}")


def test_the_jax_install_cell_puts_the_extra_after_a_url_source_as_a_requirement(monkeypatch):
    printed, magics = run_install_cell(monkeypatch, importable=False, source="file:///tmp/x.whl",
                                       cell=hosted.JAX_INSTALL_CELL)
    (spec,) = pip_arguments(magics[0])
    assert printed == [f"Installing {spec}"]
    requirement = Requirement(spec)
    assert (requirement.name, requirement.extras, requirement.url) == (
        "d2lutils", {"jax"}, "file:///tmp/x.whl")


def test_the_jax_install_cell_puts_the_extra_on_a_wheels_path_as_pip_takes_it(monkeypatch):
    """A path is no URL to pip (`d2lutils[jax] @ /tmp/x.whl` fails: "No scheme supplied"); pip
    takes a local wheel's extras as PATH[EXTRA], which make test-hosted installs (JAX_CASES)."""
    printed, magics = run_install_cell(monkeypatch, importable=False, source="/tmp/a dir/x.whl",
                                       cell=hosted.JAX_INSTALL_CELL)
    assert printed == ["Installing /tmp/a dir/x.whl[jax]"]
    assert pip_arguments(magics[0]) == ["/tmp/a dir/x.whl[jax]"]


def test_the_jax_install_cell_installs_only_the_extras_requirements_where_only_jax_is_missing(monkeypatch):
    printed, magics = run_install_cell(monkeypatch, importable=True, jax=False,
                                       cell=hosted.JAX_INSTALL_CELL)
    extra = jax_extra()
    assert printed == [f"Installing JAX (CPU): {', '.join(map(str, extra))}"]
    assert len(magics) == 1
    installed = [Requirement(r) for r in pip_arguments(magics[0])]  # quoted: `>` is no redirect
    assert installed == extra and [r.name for r in installed] == ["jax"]
    assert all(not r.extras for r in installed), "jax alone is the CPU build; extras add GPUs"


def test_the_jax_extra_is_declared_with_a_lower_bound():
    (requirement,) = jax_extra()
    assert requirement.name == "jax" and {s.operator for s in requirement.specifier} == {">="}
    assert hosted.JAX_REQUIREMENTS == [str(requirement)]


def test_an_extra_that_pyproject_does_not_declare_stops_make_lib(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n[project.optional-dependencies]\nplots = ["matplotlib"]\n')
    with pytest.raises(ValueError, match="declares no extra 'jax'"):
        hosted.extra_requirements("jax", path)


def test_the_install_cells_are_short_and_say_what_they_do():
    for cell in (hosted.INSTALL_CELL, hosted.JAX_INSTALL_CELL):
        lines = cell.splitlines()
        assert lines[0].startswith("# ") and "installs d2lutils" in lines[0]
        assert len(lines) <= 14 and max(map(len, lines)) <= 80  # fits a page's code block
        compile(cell, "install cell", "exec")
    assert "JAX (CPU)" in hosted.JAX_INSTALL_CELL.splitlines()[0]


def test_test_hosted_meets_every_case_of_the_jax_install_cell_and_starts_without_jax():
    """make test-hosted's environment has no jax (a runtime without it); the JAX notebooks take
    the cases in turn, the first (what one JAX notebook alone, NB=..., meets) with neither."""
    from tools import run_as_hosted as hosted_run
    assert "jax" not in hosted_run.BASE and "jax" not in hosted_run.OLDEST_BASE
    cases = hosted_run.JAX_CASES
    assert {(c["d2lutils"], c["jax"]) for c in cases} == {(a, b) for a in (True, False)
                                                           for b in (True, False)}
    assert (cases[0]["d2lutils"], cases[0]["jax"]) == (False, False)
    assert {c["source"] for c in cases if not c["d2lutils"]} == {"url", "path"}
    assert len(cases) == len(list(hosted_run.JAX_NOTEBOOKS.rglob("*.ipynb")))
    assert hosted_run.JAX_NOTEBOOKS == hosted.JAX_NOTEBOOKS


# The distribution that provides each top-level module the library imports.
DISTRIBUTIONS = {"IPython": "ipython", "matplotlib_inline": "matplotlib-inline"}


def imported_distributions():
    """The third-party distributions d2lutils imports anywhere (at the top or in a function)."""
    names = set()
    for path in (ROOT / "d2lutils").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names.add(node.module.split(".")[0])
    third_party = names - set(sys.stdlib_module_names) - {"d2lutils"}
    return {DISTRIBUTIONS.get(n, n) for n in third_party}


def declared(extras=True):
    """The requirements of pyproject.toml: its dependencies, and those of its extras."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    optional = project.get("optional-dependencies", {}) if extras else {}
    return [Requirement(r) for r in project["dependencies"] + sum(optional.values(), [])]


def test_the_package_declares_what_the_library_imports_with_lower_bounds_and_no_pins():
    assert {r.name for r in declared()} == imported_distributions()
    for requirement in declared():
        operators = {s.operator for s in requirement.specifier}
        assert operators == {">="}, f"{requirement}: a lower bound only, no pin or cap"


def test_an_explorer_exported_to_html_without_widget_state_shows_its_figure_and_a_note(tmp_path):
    """A plain `jupyter nbconvert --to html` of a notebook saved without widget state (the
    default) has no widget to draw: the explorer's figure and the note stand in for it."""
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(
        "import d2lutils as d2l\nd2l.explore_secant(lambda x: x ** 2, x=1.0)")]
    NotebookClient(notebook, timeout=120, kernel_name=warm_kernel.kernel_name(),
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    notebook.metadata.pop("widgets", None)
    html, _ = HTMLExporter().from_notebook_node(notebook)
    assert "Sliders need a live JupyterLab, Colab or VS Code" in html
    assert re.search(r'<img [^>]*src="data:image/png;base64,[A-Za-z0-9+/]{1000}', html)
    assert "VBox(" not in html and "Traceback" not in html


def test_test_hosted_says_clearly_when_the_python_it_needs_does_not_run(capsys):
    from tools import run_as_hosted as hosted_run
    with pytest.raises(SystemExit, match=r"/no/python3\.12 is not a Python 3\.12 that runs"):
        hosted_run.find_python("/no/python3.12")
