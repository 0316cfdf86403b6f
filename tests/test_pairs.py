"""Each notebook's two halves, NAME.ipynb and NAME.py, hold the same cells; the pair check
finds a pair that does not; `make sync` brings a pair in step without losing an edit."""

import os
import shutil
import subprocess

import jupytext
import nbformat
import pytest

from tests.git_repo import commit_all
from tools import contents, pairs
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


def test_every_committed_notebook_is_in_the_table_of_contents():
    """The project's notebooks are those 00_index links to (tools/contents.py): a chapter
    committed without its line in the index would be left out of make test and make book."""
    listed = subprocess.run(["git", "ls-files", "notebooks"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.split()
    committed = {ROOT / p for p in listed if p.endswith((".ipynb", ".py"))}
    halves = {*notebooks(), *text_halves()}
    assert committed, "git lists no notebooks"
    missing = sorted(p.relative_to(ROOT).as_posix() for p in committed - halves)
    assert not missing, f"not linked from notebooks/00_index.py: {missing}"


def test_the_makefile_lists_the_same_notebooks():
    """`python3 tools/contents.py` is what the Makefile runs, with no package of .venv."""
    listed = subprocess.run(["python3", "-I", "tools/contents.py"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.split()
    assert listed == [p.relative_to(ROOT).as_posix() for p in notebooks()]


def test_the_contents_are_the_notebooks_the_index_links_to_by_a_relative_path(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("00_index.py", "a.ipynb", "sub/b.py", "c.ipynb", "mine.ipynb"):
        (tmp_path / name).write_text("")
    (tmp_path / "00_index.py").write_text(
        "# [A](a.ipynb), [B](sub/b.ipynb), [B again](./sub/b.ipynb), [gone](gone.ipynb),\n"
        "# [C on Colab](https://colab.research.google.com/github/o/r/blob/main/c.ipynb),\n"
        "# [outside](../x.ipynb), [a section](a.ipynb#part)\n")
    assert contents.project_notebooks(tmp_path) == [
        tmp_path / "00_index.ipynb", tmp_path / "a.ipynb", tmp_path / "sub" / "b.ipynb"]
    assert not contents.is_project_notebook(tmp_path / "mine.ipynb", tmp_path)


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
    index = make_notebook()
    index.cells = [nbformat.v4.new_markdown_cell("# Contents\n\n[A chapter](ch.ipynb)")]
    nbformat.write(index, folder / "00_index.ipynb")
    (folder / "00_index.py").write_text(pairs.as_text(index))
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


def test_a_learners_own_notebook_is_neither_checked_nor_synced(pair, capsys):
    """JupyterLab opens in notebooks/, where a learner's Untitled.ipynb lands: it is not in
    the table of contents, so the pair check, make sync and make outputs leave it alone."""
    mine = pair.parent / "Untitled.ipynb"
    nbformat.write(make_notebook(), mine)
    (pair.parent / "Notes.py").write_text("# %%\nprint('mine')\n")  # no .ipynb
    assert pairs.check(pair.parent) == 0, capsys.readouterr().out
    assert mine not in pairs.notebooks(pair.parent)
    assert pairs.as_notebook_paths([]) == pairs.notebooks()
    assert all(p.name != "Untitled.ipynb" for p in pairs.notebooks())


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
