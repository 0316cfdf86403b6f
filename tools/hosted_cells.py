"""What a notebook needs to run outside this clone (Colab, Kaggle, Studio Lab, Binder), from one setting.

The one setting is the repository's GitHub address, `[project.urls] Repository` in
pyproject.toml. Everything else that names the repository is derived from it here, and
written by `make hosted`:

* the first code cell of every notebook with code (INSTALL_CELL): it does nothing when
  d2lutils is importable, and otherwise installs it from INSTALL_SOURCE (the environment
  variable D2LUTILS_PIP_SOURCE overrides it, so that `make test-hosted` installs a wheel);
  a JAX notebook's (JAX_INSTALL_CELL, under notebooks/jax/) installs d2lutils with its jax
  extra, and JAX alone where only JAX is missing (a runtime without it: Studio Lab, Binder,
  plain Python);
* the regions between `<!-- hosted: NAME -->` and `<!-- /hosted: NAME -->` in README.md,
  notebooks/00_index.py and docs/teaching.md: the badges that open each chapter (the JAX
  twins too) in Colab, SageMaker Studio Lab, Kaggle and Binder, the Binder badge, the pip
  command and the nbgitpuller link.

    python tools/hosted_cells.py           # rewrite what is out of step (make hosted)
    python tools/hosted_cells.py --check   # exit 1, naming each copy that is out of step
"""

import argparse
import re
import sys
import tomllib
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools.pairs import NOTEBOOKS, ROOT, pair_difference, sync_pair, text_halves  # noqa: E402

PYPROJECT = ROOT / "pyproject.toml"
README = ROOT / "README.md"
TEACHING = ROOT / "docs" / "teaching.md"
INDEX = NOTEBOOKS / "00_index.py"
BRANCH = "main"  # the branch the badges open
ENV_VARIABLE = "D2LUTILS_PIP_SOURCE"
# The chapters, in the order the badges list them (paths under notebooks/, without .ipynb):
# the PyTorch chapters, then the JAX twins of the first two.
CHAPTERS = ["01_calculus", "02_autograd", "03_autodiff_from_scratch",
            "04_calculus_for_deep_learning", "jax/01_calculus", "jax/02_autograd"]


def repository_url(pyproject=PYPROJECT):
    """https://github.com/OWNER/REPO, from [project.urls] Repository; ValueError if it is not that."""
    url = tomllib.loads(pyproject.read_text())["project"]["urls"]["Repository"]
    if not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", url):
        raise ValueError(f"[project.urls] Repository must be https://github.com/OWNER/REPO, got {url!r}")
    return url


REPOSITORY = repository_url()
OWNER_REPO = REPOSITORY.removeprefix("https://github.com/")
INSTALL_SOURCE = f"git+{REPOSITORY}"

# pip as IPython's %pip runs it (the kernel's Python, in a shell), without the line %pip
# prints after it, "Note: you may need to restart the kernel ...": nothing is imported yet.
INSTALL_CELL = f"""\
# In Colab, Kaggle, Studio Lab or a notebook alone, this installs d2lutils.
import importlib.util, os, sys
if importlib.util.find_spec('d2lutils') is None:
    repository = '{INSTALL_SOURCE}'
    source = os.environ.get('{ENV_VARIABLE}', repository)
    print(f'Installing d2lutils from {{source}}')
    get_ipython().system(f'"{{sys.executable}}" -m pip install --quiet {{source}}')"""

# The JAX notebooks' first cell: d2lutils with the extra of pyproject.toml that adds jax, or, where
# d2lutils is there (a PyTorch chapter installed it) but jax is not, that extra's requirements
# alone. pip takes an extra as `NAME[EXTRA] @ URL` for a URL (git+https://..., file://...) and
# as `PATH[EXTRA]` for a wheel's path (`NAME[EXTRA] @ PATH` is no URL to pip); the spec is
# quoted because %pip hands its line to a shell, where `>` redirects and `[...]` globs.
JAX_EXTRA = "jax"
JAX_NOTEBOOKS = NOTEBOOKS / "jax"  # the notebooks that get JAX_INSTALL_CELL: those that import jax


def extra_requirements(extra=JAX_EXTRA, pyproject=PYPROJECT):
    """The requirements of an extra of [project.optional-dependencies], as written there."""
    optional = tomllib.loads(pyproject.read_text())["project"].get("optional-dependencies", {})
    if not optional.get(extra):
        raise ValueError(f"pyproject.toml declares no extra {extra!r} in [project.optional-dependencies]")
    return optional[extra]


JAX_REQUIREMENTS = extra_requirements()
JAX_INSTALL_CELL = f"""\
# In Colab, Kaggle, Studio Lab or alone, this installs d2lutils and JAX (CPU).
import importlib.util, os, sys
pip = f'"{{sys.executable}}" -m pip install --quiet'
if importlib.util.find_spec('d2lutils') is None:
    repository = '{INSTALL_SOURCE}'
    source = os.environ.get('{ENV_VARIABLE}', repository)
    spec = (f'd2lutils[{JAX_EXTRA}] @ {{source}}' if '://' in source  # a URL
            else f'{{source}}[{JAX_EXTRA}]')  # a path
    print(f'Installing {{spec}}')
    get_ipython().system(f'{{pip}} "{{spec}}"')
elif importlib.util.find_spec('jax') is None:
    print('Installing JAX (CPU): {', '.join(JAX_REQUIREMENTS)}')
    get_ipython().system(f'{{pip}} {' '.join(f'"{r}"' for r in JAX_REQUIREMENTS)}')"""

# Each service: its badge image, and the URL that opens a notebook of the repository there.
# The URL forms are those each service documents (tests/test_hosted.py checks them).
SERVICES = {
    "Colab": ("Open In Colab", "https://colab.research.google.com/assets/colab-badge.svg",
              "https://colab.research.google.com/github/{repo}/blob/{branch}/{path}"),
    "Studio Lab": ("Open in SageMaker Studio Lab", "https://studiolab.sagemaker.aws/studiolab.svg",
                   "https://studiolab.sagemaker.aws/import/github/{repo}/blob/{branch}/{path}"),
    "Kaggle": ("Open in Kaggle", "https://kaggle.com/static/images/open-in-kaggle.svg",
               "https://kaggle.com/kernels/welcome?src=https://github.com/{repo}/blob/{branch}/{path}"),
    "Binder": ("Launch Binder", "https://mybinder.org/badge_logo.svg",
               "https://mybinder.org/v2/gh/{repo}/{branch}?urlpath=lab/tree/{path}"),
}


def service_url(service, path):
    """The URL that opens the repository's notebook `path` (from the root) in `service`."""
    return SERVICES[service][2].format(repo=OWNER_REPO, branch=BRANCH, path=path)


def badge(service, path):
    """The Markdown badge that opens `path` in `service`."""
    alt, image, _ = SERVICES[service]
    return f"[![{alt}]({image})]({service_url(service, path)})"


def title(notebook):
    """A notebook's title (notebook: its path under notebooks/, without .ipynb): the first
    level-1 heading of its .py, with the edition named when a JAX twin's heading is its
    PyTorch chapter's ("2.4 Calculus (JAX)"). The badges and the book's pages use it."""
    text = (NOTEBOOKS / f"{notebook}.py").read_text()
    heading = re.search(r"^# # (.+)$", text, re.M).group(1).strip()
    if notebook.split("/")[0] == "jax" and "JAX" not in heading:
        return f"{heading} (JAX)"
    return heading


def badge_table(link_prefix):
    """A Markdown table: one row per chapter, one badge per service; link_prefix + file links each title."""
    lines = ["| Chapter | " + " | ".join(SERVICES) + " |",
             "| --- |" + " --- |" * len(SERVICES)]
    for chapter in CHAPTERS:
        path = f"notebooks/{chapter}.ipynb"
        lines.append(f"| [{title(chapter)}]({link_prefix}{chapter}.ipynb) | "
                     + " | ".join(badge(s, path) for s in SERVICES) + " |")
    return lines


def nbgitpuller_link():
    """An nbgitpuller link that pulls the repository into a hub user's home and opens chapter 1."""
    repo = quote(REPOSITORY, safe="")
    name = OWNER_REPO.split("/")[1]
    path = quote(f"lab/tree/{name}/notebooks/01_calculus.ipynb", safe="")
    return f"https://HUB/hub/user-redirect/git-pull?repo={repo}&branch={BRANCH}&urlpath={path}"


def regions():
    """Each generated region's lines, by file and name."""
    return {
        README: {
            "binder-badge": [badge("Binder", "notebooks/00_index.ipynb")],
            "badges": badge_table("notebooks/"),
            "pip-install": ["```sh", f"pip install {INSTALL_SOURCE}", "```"],
        },
        TEACHING: {"nbgitpuller": ["```", nbgitpuller_link(), "```"]},
        INDEX: {"badges": badge_table("")},
    }


REGION = re.compile(r"^(?P<prefix>(?:# )?)<!-- hosted: (?P<name>[a-z-]+) -->\n"
                    r"(?P<body>.*?)"
                    r"^(?P=prefix)<!-- /hosted: (?P=name) -->$", re.M | re.S)


def with_regions(text, generated, where):
    """text with each hosted region's body replaced by its generated lines."""
    found = set()

    def fill(match):
        name, prefix = match["name"], match["prefix"]
        if name not in generated:
            raise ValueError(f"{where}: no hosted region is called {name!r}; "
                             f"the names are {', '.join(generated)}")
        found.add(name)
        body = "".join(f"{prefix}{line}".rstrip() + "\n" for line in generated[name])
        return (f"{prefix}<!-- hosted: {name} -->\n{body}{prefix}<!-- /hosted: {name} -->")
    text = REGION.sub(fill, text)
    missing = set(generated) - found
    if missing:
        raise ValueError(f"{where} has no region <!-- hosted: {sorted(missing)[0]} --> ... "
                         f"<!-- /hosted: {sorted(missing)[0]} -->")
    return text


CELL_START = re.compile(r"^# %%(?P<rest>.*)$", re.M)


def install_cell(py):
    """The first code cell of the notebook whose .py is py: JAX_INSTALL_CELL under notebooks/jax/."""
    return JAX_INSTALL_CELL if JAX_NOTEBOOKS in py.parents else INSTALL_CELL


def with_install_cell(text, cell=INSTALL_CELL):
    """The percent-format text with cell as its first code cell (None: it has no code)."""
    cells = list(CELL_START.finditer(text))
    code = [m for m in cells if "[markdown]" not in m["rest"] and "[raw]" not in m["rest"]]
    if not code:
        return None
    first = code[0]
    following = [m.start() for m in cells if m.start() > first.start()]
    end = following[0] if following else len(text)
    cell = f"# %%\n{cell}\n\n"
    body = text[first.end() + 1:end]
    if ENV_VARIABLE in body:  # the cell is there: bring it up to date
        return text[:first.start()] + cell + text[end:]
    return text[:first.start()] + cell + text[first.start():]


def expected_files():
    """Map each file this tool writes to the text it should hold."""
    expected = {}
    for path, generated in regions().items():
        expected[path] = with_regions(expected.get(path, path.read_text()), generated,
                                      path.relative_to(ROOT))
    for py in text_halves():
        text = expected.get(py, py.read_text())
        new = with_install_cell(text, install_cell(py))
        if new is not None:
            expected[py] = new
    return expected


def stale_files(expected):
    return [p for p, text in expected.items() if not p.exists() or p.read_text() != text]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if a derived copy is out of step")
    args = parser.parse_args(argv)
    try:
        expected = expected_files()
    except ValueError as err:
        print(f"tools/hosted_cells.py: {err}", file=sys.stderr)
        return 1
    stale = stale_files(expected)
    if args.check:
        for path in stale:
            print(f"{path.relative_to(ROOT)} is out of step with [project.urls] Repository; "
                  f"run `make hosted`.")
        return 1 if stale else 0
    pairs = [p.with_suffix(".ipynb") for p in stale if p.suffix == ".py"]
    unsynced = [ipynb for ipynb in pairs if ipynb.exists() and pair_difference(ipynb)]
    if unsynced:  # the .py is written, then copied over the .ipynb: it must hold every edit
        print("tools/hosted_cells.py: the halves of " + ", ".join(str(p.relative_to(ROOT)) for p in unsynced)
              + " differ; run `make sync` first.", file=sys.stderr)
        return 1
    for path in stale:
        path.write_text(expected[path])
        print(f"wrote {path.relative_to(ROOT)}")
    for ipynb in pairs:
        print(f"wrote {sync_pair(ipynb, take='py')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
