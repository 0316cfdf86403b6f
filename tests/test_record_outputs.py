"""`make outputs` (tools/record_outputs.py): records what the cells print, the same on every run,
and never throws away an edit made in either half of a pair."""

import base64
import shutil

import nbformat
import pytest

from tools import warm_kernel
from tests.git_repo import commit_all
from d2lutils import live_figure
from tools import record_outputs
from tools.pairs import as_text

TEXT = '''# %% [markdown]
# # A chapter
#
# Some words.

# %%
print(1 + 1)

# %% tags=["nbval-ignore-output"]
# A clock, different on every run.
import time
print(time.perf_counter_ns())

# %% tags=["nbval-ignore-output"]
import d2lutils as d2l
d2l.explore_tangent(lambda x: x ** 2, x0=1.0)
'''


@pytest.fixture(scope="module", autouse=True)
def warm_kernels():
    """Record in warm kernels under `make test` (tools/warm_kernel): five kernel starts."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(record_outputs, "KERNEL", warm_kernel.kernel_name())
        yield


@pytest.fixture(scope="module")
def recorded_once(tmp_path_factory, warm_kernels):
    """notebooks/ch.py in a fresh git repository, recorded once by `make outputs` and
    committed (a kernel start each time, so the tests share this one and copy it)."""
    root = tmp_path_factory.mktemp("recorded")
    folder = root / "notebooks"
    folder.mkdir()
    (folder / "ch.py").write_text(TEXT)
    commit_all(root, "chapter")
    record_outputs.record(folder / "ch.ipynb")
    commit_all(root, "recorded")
    return root


@pytest.fixture
def chapter(recorded_once, tmp_path):
    """A copy of that repository, to change; returns the .ipynb path."""
    root = shutil.copytree(recorded_once, tmp_path / "repo", symlinks=True)
    return root / "notebooks" / "ch.ipynb"


def recorded(ipynb):
    return nbformat.read(ipynb, as_version=4)


def test_records_what_the_cells_print_the_same_on_every_run_and_refreshes_on_request(chapter):
    notebook = recorded(chapter)
    assert [c["id"] for c in notebook.cells] == ["cell-1", "cell-2", "cell-3", "cell-4"]
    assert notebook.cells[1].outputs == [
        nbformat.v4.new_output("stream", name="stdout", text="2\n")]
    assert notebook.metadata["language_info"] == {"name": "python"}  # no Python version
    assert "widgets" not in notebook.metadata
    assert all("execution" not in c.metadata for c in notebook.cells)  # no timings
    assert chapter.with_suffix(".py").read_text() == as_text(notebook)  # the pair in step

    first = chapter.read_bytes()
    notebook.cells[3].outputs = []  # the explorer, as recorded before explorers had a static view
    nbformat.write(notebook, chapter)
    record_outputs.record(chapter)
    # the clock cell keeps its recorded output, and the explorer (tagged nbval-ignore-output
    # too) is recorded anew, its figure drawn the same
    assert chapter.read_bytes() == first
    clock = recorded(chapter).cells[2].outputs
    record_outputs.record(chapter, refresh_volatile=True)  # make outputs REFRESH=1
    assert recorded(chapter).cells[2].outputs != clock


def without_the_explorer(text):
    """The chapter's text without its explorer cell, the slowest to run (the tests that edit
    a chapter need only its printing cells)."""
    return text[:text.index('# %% tags=["nbval-ignore-output"]\nimport d2lutils')].rstrip() + "\n"


def test_an_edit_made_only_in_the_notebook_is_kept_in_both_halves(chapter):
    notebook = recorded(chapter)
    notebook.cells[0].source += "\n\nAdded in JupyterLab."
    notebook.cells[1].source = "print(2 + 2)"
    del notebook.cells[3]  # the explorer: see without_the_explorer
    nbformat.write(notebook, chapter)

    assert record_outputs.main([str(chapter)]) == 0
    text = chapter.with_suffix(".py").read_text()
    assert "# Added in JupyterLab." in text and "print(2 + 2)" in text
    notebook = recorded(chapter)
    assert "Added in JupyterLab." in notebook.cells[0].source
    assert notebook.cells[1].outputs[0]["text"] == "4\n"  # and it was run


def test_an_edit_made_only_in_the_text_is_recorded(chapter):
    py = chapter.with_suffix(".py")
    py.write_text(without_the_explorer(py.read_text()).replace("print(1 + 1)", "print(3 * 3)"))
    assert record_outputs.main([str(py)]) == 0
    assert recorded(chapter).cells[1].outputs[0]["text"] == "9\n"


def test_edits_in_both_halves_stop_it_naming_the_files_and_losing_nothing(chapter, capsys):
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


def test_an_explorer_is_recorded_as_its_figure_and_the_line_saying_how_to_make_it_move(chapter):
    """Its widget view needs a running kernel: a chapter opened without running shows the
    static view instead, as a static export does, even where the old recording had none."""
    def explorer_outputs():
        return recorded(chapter).cells[3].outputs
    figure, line = explorer_outputs()
    assert figure.output_type == line.output_type == "display_data"
    assert list(figure.data) == ["image/png"]
    assert base64.b64decode(figure.data["image/png"]).startswith(b"\x89PNG\r\n\x1a\n")
    assert line.data == {"text/markdown": live_figure._STATIC_NOTE,
                         "text/plain": live_figure._STATIC_NOTE}
    assert "run this cell" in live_figure._STATIC_NOTE and "\n" not in live_figure._STATIC_NOTE
    # Recorded anew where an old recording has none: the test above.


def test_a_widget_without_a_static_view_is_not_recorded():
    view = {"application/vnd.jupyter.widget-view+json": {"model_id": "x", "version_major": 2}}
    widget = nbformat.v4.new_output("display_data", {**view, "text/plain": "VBox()"})
    assert record_outputs.as_recorded(widget) == []
    text = nbformat.v4.new_output("stream", name="stdout", text="2\n")
    assert record_outputs.as_recorded(text) == [text]
