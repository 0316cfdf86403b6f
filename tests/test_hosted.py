"""Running outside the clone: the package, the notebooks' first cells and the badges.

`make test-hosted` (tools/hosted_run.py) runs every notebook alone in a fresh environment,
from a wheel of this tree, and checks that the wheel holds every module and what solution()
reads; these are the fast checks: what tools/hosted.py derives from the one setting is in
step, each badge is a well-formed URL of its service, the first cell installs only when it
must, and the package declares what it imports.
"""

import ast
import json
import re
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from tests import warm_kernel
from tools import hosted
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
    assert not stale, ("out of step with [project.urls] Repository or the solutions notebooks "
                       f"(run `make lib`): {[str(p.relative_to(ROOT)) for p in stale]}")


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
    assert first.strip() == hosted.INSTALL_CELL


def run_install_cell(monkeypatch, importable, source=None):
    """Run the install cell as a kernel would; returns (what it printed, the %pip lines)."""
    import importlib.util
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: real(name, *a) if importable or name != "d2lutils" else None)
    if source is None:
        monkeypatch.delenv(hosted.ENV_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(hosted.ENV_VARIABLE, source)
    magics = []

    class Shell:
        def run_line_magic(self, name, line):
            magics.append(f"%{name} {line}")
    printed = []
    exec(hosted.INSTALL_CELL, {"get_ipython": Shell, "print": lambda *a: printed.append(" ".join(a))})
    return printed, magics


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
    from tools import hosted_run
    with pytest.raises(SystemExit, match=r"/no/python3\.12 is not a Python 3\.12 that runs"):
        hosted_run.find_python("/no/python3.12")
