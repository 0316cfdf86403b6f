"""Each notebook's two halves, NAME.ipynb and NAME.py, hold the same cells."""

import pytest

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
