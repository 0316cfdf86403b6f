"""Re-execute notebooks in place and record their outputs (make outputs).

    python tools/record_outputs.py [--refresh-volatile] [NOTEBOOK.ipynb ...]

By default every notebook. The .py half of each pair is the text that authors
edit; this script builds the .ipynb's cells from it, runs every cell in a
fresh kernel of this environment, and writes the .ipynb back, and the .py as
jupytext writes it, so that the pair is in sync. An edit made only in the
.ipynb is first brought into the .py (tools/pairs.py, as `make sync` does), so
it is never lost; when both halves hold different edits, nothing is run and the
script exits 1 naming the files.

Only what the cells print is recorded, so that running it twice changes
nothing: no execution timings, no widget state, no Python patch version, and
cell ids by position. Two kinds of output need care:
- The view of a live widget is not recorded: without the widget state it
  cannot be shown, and it names a random model id. An explorer's widget comes
  with its static view (d2lutils.live_figure: the figure at the sliders'
  starting values as a PNG, and a line saying how to make them move), and that
  is what is recorded instead, as two outputs: the figure, then the line. So a
  chapter opened without running shows every explorer's picture. The PNG is
  drawn the same on every run here; the explorer cells stay tagged
  nbval-ignore-output, since a raster need not match to the byte on another
  machine (each explorer also draws its figure as SVG in a cell of its own,
  which is compared).
- A cell tagged nbval-ignore-output holds a genuinely volatile output, such as
  a timing figure. It is executed like every cell, but while its source is
  unchanged its previously recorded output is kept, so that re-recording does
  not rewrite figures that only differ by noise. --refresh-volatile (make
  outputs REFRESH=1) records the new ones. An explorer's static view is always
  recorded anew.
"""

import argparse
import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools.pairs import PairConflict, as_notebook_paths, as_text, shown, sync_pair  # noqa: E402

TIMEOUT = 600  # seconds per cell; the slowest cell here takes a few seconds
KERNEL = "python3"  # the kernel the notebooks name; its tests run theirs in a warm one
VOLATILE = "nbval-ignore-output"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def from_text_half(ipynb):
    """The notebook built from NAME.py, with ids by position (the same on every run)."""
    notebook = jupytext.read(ipynb.with_suffix(".py"))
    notebook.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    for number, cell in enumerate(notebook.cells, start=1):
        cell["id"] = f"cell-{number}"
    return notebook


def is_volatile(cell):
    return cell.cell_type == "code" and VOLATILE in cell.get("metadata", {}).get("tags", [])


def volatile_outputs(ipynb):
    """Map the source of each volatile cell of the recorded notebook to its outputs."""
    if not ipynb.exists():
        return {}
    old = nbformat.read(ipynb, as_version=4)
    return {cell.source: cell.outputs for cell in old.cells if is_volatile(cell)}


def execute(notebook, directory):
    # store_widget_state=True: with False, nbclient 0.11 fails on an Output widget
    # (KeyError in its output hook); the state is dropped below anyway.
    client = NotebookClient(notebook, timeout=TIMEOUT, kernel_name=KERNEL,
                            record_timing=False, store_widget_state=True,
                            coalesce_streams=True,  # one stream output, not chunks split at random
                            resources={"metadata": {"path": str(directory)}})
    client.execute()
    notebook.metadata.pop("widgets", None)
    notebook.metadata["language_info"] = {"name": "python"}


def as_recorded(output):
    """What is recorded of one output: itself, or for a widget's view its static view
    (the figure, then the line under it) when it has one, else nothing."""
    data = output.get("data", {})
    if WIDGET_VIEW not in data:
        return [output]
    if "image/png" not in data or "text/plain" not in data:
        return []
    note = data["text/plain"]
    return [nbformat.v4.new_output("display_data", {"image/png": data["image/png"]}),
            nbformat.v4.new_output("display_data", {"text/markdown": note, "text/plain": note})]


def record(ipynb, refresh_volatile=False):
    """Sync the pair, then run NAME.py's cells and write both halves with their outputs."""
    synced = sync_pair(ipynb)
    if synced:
        print(f"synced {synced}")
    kept = {} if refresh_volatile else volatile_outputs(ipynb)
    notebook = from_text_half(ipynb)
    execute(notebook, ipynb.parent)
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        widget = any(WIDGET_VIEW in out.get("data", {}) for out in cell.outputs)
        cell.outputs = [kept_out for out in cell.outputs for kept_out in as_recorded(out)]
        if is_volatile(cell) and cell.source in kept and not widget:
            cell.outputs = kept[cell.source]
            for out in cell.outputs:
                if "execution_count" in out:
                    out["execution_count"] = cell.execution_count
    nbformat.validate(notebook)
    nbformat.write(notebook, ipynb)
    ipynb.with_suffix(".py").write_text(as_text(notebook))
    print(f"recorded {shown(ipynb)}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", help="default: every notebook")
    parser.add_argument("--refresh-volatile", action="store_true",
                        help=f"also re-record the output of cells tagged {VOLATILE}")
    args = parser.parse_args(argv)
    for ipynb in as_notebook_paths(args.notebooks):
        try:
            record(ipynb, args.refresh_volatile)
        except PairConflict as err:
            print(f"make outputs: {err}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
