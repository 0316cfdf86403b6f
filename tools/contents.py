"""The project's own notebooks: notebooks/00_index and every notebook its table of contents links to.

    python tools/contents.py     # one path a line, relative to the repository, as the Makefile lists them

The table of contents is the one list of the project's notebooks. `make test`, `make outputs`,
`make sync`, `make lab`'s trust and `make book` take theirs from here, and so leave alone any
other notebook under notebooks/: a learner's own (`Untitled.ipynb`), which JupyterLab puts
there. A new chapter is one when 00_index links to it (tests/test_pairs.py fails while a
committed notebook is not linked). Only the standard library: the Makefile runs this with
the Python that builds .venv, before .venv exists.
"""

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
INDEX = "00_index"
# A Markdown link to a notebook by a relative path: [title](PATH.ipynb). Not a URL (the
# badges' https://... links name the same notebooks on GitHub), not an anchor.
LINK = re.compile(r"\]\((?![A-Za-z][A-Za-z0-9+.-]*:)([^)#\s]+\.ipynb)\)")


def project_notebooks(root=NOTEBOOKS):
    """Every NAME.ipynb of the project under root, in chapter order: the index (read from its
    text half, 00_index.py) and each notebook it links to whose .ipynb or .py exists."""
    index = root / f"{INDEX}.py"
    if not index.exists():
        return []
    found = {root / f"{INDEX}.ipynb"}
    for target in LINK.findall(index.read_text()):
        path = Path(os.path.normpath(root / target))
        if path.is_relative_to(root) and (path.exists() or path.with_suffix(".py").exists()):
            found.add(path)
    return sorted(found)


def is_project_notebook(path, root=NOTEBOOKS):
    """Whether path (NAME.ipynb or NAME.py) is one half of a project notebook."""
    ipynb = Path(os.path.abspath(path)).with_suffix(".ipynb")
    return ipynb in project_notebooks(root)


if __name__ == "__main__":
    for path in project_notebooks():
        print(path.relative_to(ROOT).as_posix())
    sys.exit(0)
