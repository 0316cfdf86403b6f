"""The notebook pairs: NAME.ipynb (with outputs) and NAME.py (jupytext percent format).

    python tools/pairs.py --check            # exit 1, naming the files, if a pair is out of sync
    python tools/pairs.py --sync [NB ...]    # bring each pair in step (make sync)
    python tools/pairs.py --sync NB --take py   # copy NB's .py over its .ipynb (make sync TAKE=py)

Syncing never discards an edit. For a pair whose halves differ it asks git which
half was edited since the last commit (both halves were in step there: `make test`
checks it) and copies that half's cells into the other; the .ipynb keeps the
outputs of its unchanged cells. When both halves were edited, it stops and names
the files instead of choosing (then --take py or --take ipynb chooses). Outside a git checkout, or for a pair that was
never committed, the more recently modified half wins, as with `jupytext --sync`.
"""

import argparse
import difflib
import os
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
from jupytext.combine import combine_inputs_with_outputs
from jupytext.config import load_jupytext_configuration_file

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools.contents import project_notebooks  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
# In notebooks/, not at the root: JupyterLab serves notebooks/, and its Jupytext
# looks for the configuration only inside the folder it serves.
CONFIG_FILE = NOTEBOOKS / "jupytext.toml"
CONFIG = load_jupytext_configuration_file(str(CONFIG_FILE))
FORMAT = "py:percent"


class PairConflict(Exception):
    """Both halves of a pair hold edits, and they differ: a person must choose."""


def notebooks(root=NOTEBOOKS):
    """The project's NAME.ipynb files, in chapter order: 00_index and each notebook it links
    to (tools/contents.py). Any other notebook under notebooks/, a learner's own, is not
    one of them: nothing here checks, syncs or records it."""
    return project_notebooks(root)


def text_halves(root=NOTEBOOKS):
    """The NAME.py of each of the project's notebooks, in chapter order."""
    return [p.with_suffix(".py") for p in project_notebooks(root)]


def shown(path):
    """path relative to the repository when it lies inside it, else as given."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def as_text(notebook):
    """The percent-format text that jupytext writes for this notebook."""
    return jupytext.writes(notebook, fmt=FORMAT, config=CONFIG)


def _diff(old, new, old_name, new_name):
    return "".join(difflib.unified_diff(old.splitlines(keepends=True),
                                        new.splitlines(keepends=True), old_name, new_name))


def _halves_diff(ipynb, from_py, from_ipynb):
    """How NAME.py differs from the text jupytext writes for NAME.ipynb, as a unified diff."""
    py = shown(ipynb.with_suffix(".py"))
    return _diff(from_py, from_ipynb, py, f"{py} as written from {ipynb.name}")


def pair_difference(ipynb):
    """'' if NAME.py is what jupytext writes for NAME.ipynb, else a unified diff."""
    py = ipynb.with_suffix(".py")
    if not py.exists():
        return f"{shown(py)} is missing\n"
    return _halves_diff(ipynb, py.read_text(), as_text(jupytext.read(ipynb)))


def committed_text(py):
    """NAME.py as last committed, or None (no git, not in a checkout, never committed)."""
    try:
        answer = subprocess.run(["git", "show", f"HEAD:./{py.name}"], cwd=py.parent,
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return answer.stdout if answer.returncode == 0 else None


def _write_text_half(ipynb, text):
    ipynb.with_suffix(".py").write_text(text)
    return f"{shown(ipynb.with_suffix('.py'))} <- {ipynb.name}"


def _write_notebook_half(ipynb):
    """The cells of NAME.py, with the outputs NAME.ipynb recorded for the cells it kept."""
    py = ipynb.with_suffix(".py")
    notebook = jupytext.read(py)
    if ipynb.exists():
        notebook = combine_inputs_with_outputs(notebook, nbformat.read(ipynb, as_version=4),
                                               fmt=FORMAT)
    notebook.metadata.pop("jupytext", None)  # the pairing lives in jupytext.toml, not here
    nbformat.write(notebook, ipynb)
    # The text half must stay the newer one: JupyterLab's Jupytext refuses to open a .py
    # that is older than its .ipynb ("... is more recent than ...").
    os.utime(py)
    return f"{shown(ipynb)} <- {py.name}"


def sync_pair(ipynb, take=None):
    """Bring one pair in step; returns what was written ('' if nothing).

    Raises PairConflict, naming both files, when each half holds an edit the
    other lacks, unless take ('py' or 'ipynb') says which half to keep."""
    if take not in (None, "py", "ipynb"):
        raise ValueError(f"take must be 'py' or 'ipynb', got {take!r}")
    py = ipynb.with_suffix(".py")
    if not ipynb.exists():
        if not py.exists():
            raise FileNotFoundError(f"neither {shown(ipynb)} nor {shown(py)} exists")
        return _write_notebook_half(ipynb)
    from_ipynb = as_text(jupytext.read(ipynb))
    if not py.exists():
        return _write_text_half(ipynb, from_ipynb)
    from_py = py.read_text()
    if from_py == from_ipynb:
        return ""
    if take == "py":
        return _write_notebook_half(ipynb)
    if take == "ipynb":
        return _write_text_half(ipynb, from_ipynb)
    base = committed_text(py)
    if base is None:  # no history to tell which half was edited: the newer one wins
        py_edited = py.stat().st_mtime >= ipynb.stat().st_mtime
        ipynb_edited = not py_edited
    else:
        py_edited, ipynb_edited = from_py != base, from_ipynb != base
    if py_edited and ipynb_edited:
        raise PairConflict(
            f"{shown(ipynb)} and {shown(py)} were both edited since the last commit, "
            "differently, so neither can be copied over the other without losing an edit.\n"
            f"Make the two halves hold the same cells (edit one; `git diff {shown(py)}` shows "
            f"its edits), or drop the edits of one half with `git checkout -- FILE`, "
            f"then run `make sync` again; or keep one half as it is and copy it over the "
            f"other: `make sync NB={shown(py)} TAKE=py` (or TAKE=ipynb). How they differ:\n"
            + _halves_diff(ipynb, from_py, from_ipynb))
    if ipynb_edited:
        return _write_text_half(ipynb, from_ipynb)
    return _write_notebook_half(ipynb)


def as_notebook_paths(paths):
    """NAME.ipynb for each given NAME.ipynb or NAME.py; the project's notebooks when none is given."""
    if not paths:
        return notebooks()
    return [Path(p).resolve().with_suffix(".ipynb") for p in paths]


def check(root=NOTEBOOKS):
    """Print what is out of step under root; 1 if anything is, else 0."""
    failed = False
    for ipynb in notebooks(root):
        if not ipynb.exists():
            failed = True
            print(f"{shown(ipynb.with_suffix('.py'))} has no .ipynb; run `make sync` then `make outputs`.")
            continue
        diff = pair_difference(ipynb)
        if diff:
            failed = True
            print(f"{shown(ipynb)} and its .py are out of sync; run `make sync`.")
            print(diff[:3000])
    return 1 if failed else 0


def sync(paths, take=None):
    """Sync each pair (all by default); 1 if one had edits in both halves, else 0."""
    if take and not paths:
        print("make sync: TAKE= copies one half over the other: name the pair with NB=",
              file=sys.stderr)
        return 2
    failed = False
    for ipynb in as_notebook_paths(paths):
        try:
            done = sync_pair(ipynb, take)
        except PairConflict as err:
            failed = True
            print(f"make sync: {err}", file=sys.stderr)
            continue
        if done:
            print(f"synced {done}")
    return 1 if failed else 0


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="exit 1 if a pair is out of sync")
    mode.add_argument("--sync", nargs="*", metavar="NB",
                      help="bring these pairs (default: all) in step")
    parser.add_argument("--take", choices=["py", "ipynb"],
                        help="with --sync NB: keep this half and copy it over the other")
    args = parser.parse_args(argv)
    return check() if args.check else sync(args.sync, args.take)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
