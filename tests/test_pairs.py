"""Each notebook's two halves, NAME.ipynb and NAME.py, hold the same cells; the pair check
finds a pair that does not; `make sync` brings a pair in step without losing an edit."""

import os
import shutil

import jupytext
import nbformat
import pytest

from tests.git_repo import commit_all
from tools import pairs
from tools.pairs import ROOT, notebooks, pair_difference, text_halves



@pytest.mark.parametrize("ipynb", notebooks(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_pair_is_in_sync(ipynb):
    diff = pair_difference(ipynb)
    assert not diff, (f"{ipynb.relative_to(ROOT)} and its .py are out of sync "
                      f"(run `make sync`):\n{diff}")


def test_every_text_half_has_a_notebook():
    orphans = [p.relative_to(ROOT).as_posix() for p in text_halves()
               if not p.with_suffix(".ipynb").exists()]
    assert not orphans, f"no .ipynb for {orphans}: run `make sync`, then `make outputs`"


def test_there_are_notebooks_to_check():
    assert len(notebooks()) >= 1


# A small pair of our own, made the way `make outputs` makes the real ones.

def make_notebook():
    notebook = nbformat.v4.new_notebook(metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)",
                       "language": "python"},
        "language_info": {"name": "python"}})
    notebook.cells = [nbformat.v4.new_markdown_cell("# A chapter\n\nSome words."),
                      nbformat.v4.new_code_cell("1 + 1", execution_count=1, outputs=[
                          nbformat.v4.new_output("execute_result", {"text/plain": "2"},
                                                 execution_count=1)]),
                      nbformat.v4.new_code_cell("print('hi')", execution_count=2, outputs=[
                          nbformat.v4.new_output("stream", name="stdout", text="hi\n")])]
    for number, cell in enumerate(notebook.cells, start=1):
        cell["id"] = f"cell-{number}"
    return notebook


@pytest.fixture
def pair(tmp_path):
    """notebooks/ch.ipynb and notebooks/ch.py in step, in a fresh git repository, committed."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    ipynb = folder / "ch.ipynb"
    notebook = make_notebook()
    nbformat.write(notebook, ipynb)
    ipynb.with_suffix(".py").write_text(pairs.as_text(notebook))
    commit_all(tmp_path, "pair")
    return ipynb


def edit_notebook_half(ipynb, index, extra):
    notebook = nbformat.read(ipynb, as_version=4)
    notebook.cells[index].source += extra
    nbformat.write(notebook, ipynb)


def edit_text_half(ipynb, old, new):
    py = ipynb.with_suffix(".py")
    text = py.read_text()
    assert old in text
    py.write_text(text.replace(old, new, 1))


def test_pair_difference_is_empty_for_a_pair_in_step(pair):
    assert pair_difference(pair) == ""


def test_pair_check_reports_a_text_half_edited_alone(pair, capsys):
    edit_text_half(pair, "Some words.", "Other words.")
    diff = pair_difference(pair)
    assert "-# Other words." in diff and "+# Some words." in diff
    assert pairs.check(pair.parent) == 1
    assert "ch.ipynb and its .py are out of sync; run `make sync`" in capsys.readouterr().out


def test_pair_check_reports_a_notebook_half_edited_alone(pair):
    edit_notebook_half(pair, 1, " + 1")
    assert "+1 + 1 + 1" in pair_difference(pair)
    assert pairs.check(pair.parent) == 1


def test_pair_check_reports_a_text_half_without_notebook(pair, capsys):
    pair.unlink()
    assert pairs.check(pair.parent) == 1
    assert "ch.py has no .ipynb" in capsys.readouterr().out


def test_sync_brings_an_edit_made_only_in_the_notebook_into_the_text(pair):
    edit_notebook_half(pair, 0, "\n\nWritten in JupyterLab.")
    assert pairs.sync_pair(pair)
    assert "# Written in JupyterLab." in pair.with_suffix(".py").read_text()
    assert "Written in JupyterLab." in nbformat.read(pair, as_version=4).cells[0].source
    assert pair_difference(pair) == ""


def test_sync_brings_an_edit_made_only_in_the_text_into_the_notebook_keeping_outputs(pair):
    edit_text_half(pair, "Some words.", "Words edited in an editor.")
    assert pairs.sync_pair(pair)
    notebook = nbformat.read(pair, as_version=4)
    assert "Words edited in an editor." in notebook.cells[0].source
    assert notebook.cells[1].outputs[0]["data"]["text/plain"] == "2"  # unchanged cell: kept
    assert "jupytext" not in notebook.metadata  # the pairing lives in jupytext.toml
    assert pair_difference(pair) == ""
    # The .py stays the newer half, or JupyterLab's Jupytext refuses to open it.
    assert pair.with_suffix(".py").stat().st_mtime >= pair.stat().st_mtime


def test_sync_stops_naming_both_files_when_both_halves_hold_edits(pair, capsys):
    edit_notebook_half(pair, 0, "\n\nFrom JupyterLab.")
    edit_text_half(pair, "print('hi')", "print('hello')")
    before = (pair.read_text(), pair.with_suffix(".py").read_text())
    assert pairs.sync([str(pair)]) == 1
    err = capsys.readouterr().err
    assert "ch.ipynb" in err and "ch.py" in err and "both edited" in err
    assert (pair.read_text(), pair.with_suffix(".py").read_text()) == before  # nothing lost


def test_sync_changes_nothing_for_a_pair_in_step(pair):
    before = pair.read_text()
    assert pairs.sync_pair(pair) == ""
    assert pair.read_text() == before


def test_sync_outside_git_takes_the_newer_half(pair):
    shutil.rmtree(pair.parent.parent / ".git")
    edit_notebook_half(pair, 0, "\n\nNewer.")
    py = pair.with_suffix(".py")
    older = pair.stat().st_mtime - 10
    os.utime(py, (older, older))
    assert pairs.sync_pair(pair)
    assert "# Newer." in py.read_text()


def test_sync_builds_a_missing_notebook_from_its_text(pair):
    pair.unlink()
    assert pairs.sync_pair(pair)
    assert [c.source for c in nbformat.read(pair, as_version=4).cells] == \
        [c.source for c in make_notebook().cells]


def test_the_pairing_is_configured_where_jupyterlab_looks_for_it():
    # JupyterLab serves notebooks/, and its Jupytext reads configuration only inside it.
    assert pairs.CONFIG_FILE.parent == pairs.NOTEBOOKS
    assert "ipynb,py:percent" in str(pairs.CONFIG.formats)
    assert jupytext.config.find_jupytext_configuration_file(str(pairs.NOTEBOOKS)) == \
        str(pairs.CONFIG_FILE)


@pytest.mark.parametrize("take, kept", [("py", "print('hello')"), ("ipynb", "From JupyterLab.")])
def test_take_chooses_the_half_to_keep_when_both_hold_edits(pair, take, kept):
    edit_notebook_half(pair, 0, "\n\nFrom JupyterLab.")
    edit_text_half(pair, "print('hi')", "print('hello')")
    assert pairs.sync([str(pair)], take=take) == 0
    assert pair_difference(pair) == ""
    assert kept in pair.with_suffix(".py").read_text()


def test_take_without_a_named_pair_is_refused(capsys):
    assert pairs.sync([], take="py") == 2
    assert "name the pair with NB=" in capsys.readouterr().err
