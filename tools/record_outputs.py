"""Re-execute notebooks in place and record their outputs (make outputs).

    python tools/record_outputs.py [NOTEBOOK.ipynb ...]   # default: every notebook

The .py half of each pair is the text that authors edit; this script first
builds the .ipynb's cells from it (nothing of the old outputs is kept), runs
every cell in a fresh kernel of this environment, and writes the .ipynb back,
and the .py as jupytext writes it, so that the pair is in sync. Only what the cells print is recorded: no execution timings, no widget
state and no Python patch version, so that running it twice changes nothing.
"""

import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools.pairs import ROOT, as_text, text_halves  # noqa: E402

TIMEOUT = 600  # seconds per cell; the slowest cell here takes a few seconds
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def paired_notebooks(paths):
    if paths:
        return [Path(p).with_suffix(".ipynb").resolve() for p in paths]
    return [p.with_suffix(".ipynb") for p in text_halves()]


def from_text_half(ipynb):
    """The notebook built from NAME.py, with ids by position (the same on every run)."""
    notebook = jupytext.read(ipynb.with_suffix(".py"))
    notebook.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    for number, cell in enumerate(notebook.cells, start=1):
        cell["id"] = f"cell-{number}"
    return notebook


def record(ipynb):
    notebook = from_text_half(ipynb)
    # store_widget_state=True: with False, nbclient 0.11 fails on an Output widget
    # (KeyError in its output hook); the state is dropped below anyway.
    client = NotebookClient(notebook, timeout=TIMEOUT, kernel_name="python3",
                            record_timing=False, store_widget_state=True,
                            coalesce_streams=True,  # one stdout output per cell, not chunks split at random
                            resources={"metadata": {"path": str(ipynb.parent)}})
    client.execute()
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = [out for out in cell.outputs
                            if WIDGET_VIEW not in out.get("data", {})]
    notebook.metadata["language_info"] = {"name": "python"}
    nbformat.validate(notebook)
    nbformat.write(notebook, ipynb)
    ipynb.with_suffix(".py").write_text(as_text(notebook))
    print(f"recorded {ipynb.relative_to(ROOT)}")


def main(argv):
    for ipynb in paired_notebooks(argv):
        record(ipynb)


if __name__ == "__main__":
    main(sys.argv[1:])
