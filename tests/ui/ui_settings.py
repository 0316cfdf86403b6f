"""What the UI tests open and where they write (see conftest.py)."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The notebooks the tests are collected from. They open them by the same relative path in
# the scratch copy that `make lab` serves (conftest.py), never these files.
NOTEBOOKS = ROOT / "notebooks"
BUILD = ROOT / "build" / "ui"
RUN_TIMEOUT = float(os.environ.get("UI_TIMEOUT", "300"))


def notebook_paths(root=NOTEBOOKS):
    """The project's notebooks under root (00_index and those it links to: chapters, solutions,
    appendices; tools/contents.py), found when the tests are collected."""
    import sys
    sys.path.insert(0, str(ROOT))
    from tools.contents import project_notebooks
    return project_notebooks(root)
