"""What a learner reads when a recorded output differs: nbval's report, without colour codes off a terminal."""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from tools import warm_kernel
from tools.pairs import ROOT


def test_a_failure_written_to_a_file_carries_no_colour_codes():
    cell = nbformat.v4.new_code_cell("print(6 * 7)", execution_count=1)
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="41\n")]
    notebook = nbformat.v4.new_notebook(cells=[cell])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    # Inside the repository, as a chapter is, so that pytest finds its conftest.py.
    folder = Path(tempfile.mkdtemp(dir=ROOT / "build"))
    try:
        path = folder / "recorded.ipynb"
        nbformat.write(notebook, path)
        # In a warm kernel under make test, whose zygote this process's environment names.
        run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:xdist", "--nbval",
                              "-p", "tools.warm_kernel", f"--nbval-kernel-name={warm_kernel.kernel_name()}",
                              str(path.relative_to(ROOT))], cwd=ROOT, capture_output=True, text=True)
    finally:
        shutil.rmtree(folder)
    assert run.returncode == 1, run.stdout
    assert "mismatch 'stdout'" in run.stdout and "'41\\n' == '42\\n'" in run.stdout, run.stdout
    assert "\x1b[" not in run.stdout + run.stderr, run.stdout
