"""The notebook pairs: NAME.ipynb (with outputs) and NAME.py (jupytext percent format).

    python tools/pairs.py --check   # exit 1, naming the files, if a pair is out of sync
"""

import difflib
import sys
from pathlib import Path

import jupytext
from jupytext.config import load_jupytext_configuration_file

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CONFIG = load_jupytext_configuration_file(str(ROOT / "jupytext.toml"))


def text_halves(root=NOTEBOOKS):
    """Every NAME.py under notebooks/, in chapter order."""
    return sorted(p for p in root.rglob("*.py") if ".ipynb_checkpoints" not in p.parts)


def notebooks(root=NOTEBOOKS):
    """Every NAME.ipynb under notebooks/, in chapter order."""
    return sorted(p for p in root.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def as_text(notebook):
    """The percent-format text that jupytext writes for this notebook."""
    return jupytext.writes(notebook, fmt="py:percent", config=CONFIG)


def pair_difference(ipynb):
    """'' if NAME.py is what jupytext writes for NAME.ipynb, else a unified diff."""
    py = ipynb.with_suffix(".py")
    if not py.exists():
        return f"{py.relative_to(ROOT)} is missing\n"
    expected = as_text(jupytext.read(ipynb)).splitlines(keepends=True)
    actual = py.read_text().splitlines(keepends=True)
    return "".join(difflib.unified_diff(
        actual, expected, f"{py.relative_to(ROOT)}",
        f"{py.relative_to(ROOT)} as written from {ipynb.name}"))


def main(argv):
    if argv != ["--check"]:
        print(__doc__, file=sys.stderr)
        return 2
    failed = False
    for ipynb in notebooks():
        diff = pair_difference(ipynb)
        if diff:
            failed = True
            print(f"{ipynb.relative_to(ROOT)} and its .py are out of sync; run `make sync`.")
            print(diff[:3000])
    orphans = [p for p in text_halves() if not p.with_suffix(".ipynb").exists()]
    for py in orphans:
        failed = True
        print(f"{py.relative_to(ROOT)} has no .ipynb; run `make sync` then `make outputs`.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
