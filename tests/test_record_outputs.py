"""`make outputs` (tools/record_outputs.py): records what the cells print, the same on every run,
and never throws away an edit made in either half of a pair."""

import nbformat
import pytest

from tests.git_repo import commit_all
from tools import record_outputs
from tools.pairs import as_text

TEXT = '''# %% [markdown]
# # A chapter
#
# Some words.

# %%
print(1 + 1)

# %% tags=["nbval-ignore-output"]
# Ignored by nbval: a clock, different on every run.
import time
print(time.perf_counter_ns())
'''


@pytest.fixture
def chapter(tmp_path):
    """notebooks/ch.py alone, committed in a fresh git repository; returns the .ipynb path."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / "ch.py").write_text(TEXT)
    commit_all(tmp_path, "chapter")
    return folder / "ch.ipynb"


def recorded(ipynb):
    return nbformat.read(ipynb, as_version=4)


def commit(ipynb):
    commit_all(ipynb.parent.parent, "recorded")


def test_records_what_the_cells_print_and_nothing_that_changes_between_runs(chapter):
    record_outputs.record(chapter)
    notebook = recorded(chapter)
    assert [c["id"] for c in notebook.cells] == ["cell-1", "cell-2", "cell-3"]
    assert notebook.cells[1].outputs == [
        nbformat.v4.new_output("stream", name="stdout", text="2\n")]
    assert notebook.metadata["language_info"] == {"name": "python"}  # no Python version
    assert "widgets" not in notebook.metadata
    assert all("execution" not in c.metadata for c in notebook.cells)  # no timings
    assert chapter.with_suffix(".py").read_text() == as_text(notebook)  # the pair in step

    first = chapter.read_bytes()
    record_outputs.record(chapter)
    assert chapter.read_bytes() == first  # the clock cell keeps its recorded output


def test_refresh_volatile_records_the_volatile_cell_anew(chapter):
    record_outputs.record(chapter)
    clock = recorded(chapter).cells[2].outputs
    record_outputs.record(chapter, refresh_volatile=True)
    assert recorded(chapter).cells[2].outputs != clock


def test_an_edit_made_only_in_the_notebook_is_kept_in_both_halves(chapter):
    record_outputs.record(chapter)
    commit(chapter)
    notebook = recorded(chapter)
    notebook.cells[0].source += "\n\nAdded in JupyterLab."
    notebook.cells[1].source = "print(2 + 2)"
    nbformat.write(notebook, chapter)

    assert record_outputs.main([str(chapter)]) == 0
    text = chapter.with_suffix(".py").read_text()
    assert "# Added in JupyterLab." in text and "print(2 + 2)" in text
    notebook = recorded(chapter)
    assert "Added in JupyterLab." in notebook.cells[0].source
    assert notebook.cells[1].outputs[0]["text"] == "4\n"  # and it was run


def test_an_edit_made_only_in_the_text_is_recorded(chapter):
    record_outputs.record(chapter)
    commit(chapter)
    py = chapter.with_suffix(".py")
    py.write_text(py.read_text().replace("print(1 + 1)", "print(3 * 3)"))
    assert record_outputs.main([str(py)]) == 0
    assert recorded(chapter).cells[1].outputs[0]["text"] == "9\n"


def test_edits_in_both_halves_stop_it_naming_the_files_and_losing_nothing(chapter, capsys):
    record_outputs.record(chapter)
    commit(chapter)
    notebook = recorded(chapter)
    notebook.cells[0].source += "\n\nFrom JupyterLab."
    nbformat.write(notebook, chapter)
    py = chapter.with_suffix(".py")
    py.write_text(py.read_text().replace("Some words.", "Words from an editor."))
    before = chapter.read_bytes(), py.read_bytes()

    assert record_outputs.main([str(chapter)]) == 1
    err = capsys.readouterr().err
    assert "make outputs:" in err and "ch.ipynb" in err and "ch.py" in err
    assert (chapter.read_bytes(), py.read_bytes()) == before
