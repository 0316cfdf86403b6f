"""A path through the book: the contents link every notebook, every chapter links onwards,
and every relative link in a notebook's Markdown opens an existing file."""

import re

import nbformat
import pytest

from tools.pairs import NOTEBOOKS, ROOT, notebooks

INDEX = NOTEBOOKS / "00_index.ipynb"
# [text](target) or [text](target "title"), and HTML href="target"
LINK = re.compile(r"\]\(\s*(?:<([^>]+)>|([^)\s]+))(?:\s+\"[^\"]*\")?\s*\)"
                  r"|href=[\"']([^\"']+)[\"']")
# Each chapter that mirrors a section of the textbook links to it.
TEXTBOOK = {
    "01_calculus.ipynb": "https://d2l.ai/chapter_preliminaries/calculus.html",
    "02_autograd.ipynb": "https://d2l.ai/chapter_preliminaries/autograd.html",
}


def links(path):
    """Every link target in the Markdown cells of the notebook at path."""
    cells = nbformat.read(path, as_version=4).cells
    text = "\n".join(cell.source for cell in cells if cell.cell_type == "markdown")
    return [next(group for group in match if group) for match in LINK.findall(text)]


def is_relative(target):
    return not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) and not target.startswith("#")


def rel(path):
    return path.relative_to(ROOT).as_posix()


def chapters():
    """The chapters, in reading order: notebooks/NN_NAME.ipynb with 00 < NN < 90."""
    return [p for p in notebooks() if p.parent == NOTEBOOKS and 0 < int(p.name[:2]) < 90]


def appendices():
    """notebooks/9N_NAME.ipynb, such as the utilities."""
    return [p for p in notebooks() if p.parent == NOTEBOOKS and int(p.name[:2]) >= 90]


@pytest.mark.parametrize("path", notebooks(), ids=rel)
def test_every_relative_link_opens_an_existing_file(path):
    broken = [target for target in links(path) if is_relative(target)
              and not (path.parent / target.split("#")[0]).is_file()]
    assert not broken, f"{rel(path)} links to files that do not exist: {broken}"


def test_the_link_finder_finds_markdown_and_html_links(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell('[a](x.ipynb) and [b](<y z.ipynb>) and '
                                      '[c](https://d2l.ai "d2l") and <a href="w.md">w</a>'),
        nbformat.v4.new_code_cell("'[not a link](code.ipynb)'")])
    nbformat.write(notebook, tmp_path / "n.ipynb")
    assert links(tmp_path / "n.ipynb") == ["x.ipynb", "y z.ipynb", "https://d2l.ai", "w.md"]


def test_the_contents_link_every_notebook():
    linked = {(INDEX.parent / target.split("#")[0]).resolve()
              for target in links(INDEX) if is_relative(target)}
    missing = [rel(p) for p in notebooks() if p != INDEX and p.resolve() not in linked]
    assert not missing, f"notebooks/00_index.ipynb does not link {missing}"


# Chapters still to be linked onwards, by another branch of issue 15. strict: once they
# pass, the test fails until the entry here is removed.
NOT_YET = {}


def unless_not_yet(paths):
    return [pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=NOT_YET[rel(p)]))
            if rel(p) in NOT_YET else p for p in paths]


@pytest.mark.parametrize("path", unless_not_yet(chapters()), ids=rel)
def test_a_chapter_links_the_contents_its_neighbours_and_its_solutions(path):
    targets = {(path.parent / t.split("#")[0]).resolve() for t in links(path) if is_relative(t)}
    order = chapters()
    expected = [INDEX]
    i = order.index(path)
    expected += order[max(i - 1, 0):i] + order[i + 1:i + 2]
    solutions = NOTEBOOKS / "solutions" / f"{path.stem}_solutions.ipynb"
    if solutions.exists():
        expected.append(solutions)
    missing = [rel(p) for p in expected if p.resolve() not in targets]
    assert not missing, f"{rel(path)} does not link {missing}"


@pytest.mark.parametrize("path", appendices(), ids=rel)
def test_an_appendix_links_the_contents(path):
    targets = {(path.parent / t.split("#")[0]).resolve() for t in links(path) if is_relative(t)}
    assert INDEX.resolve() in targets


@pytest.mark.parametrize("name, url", TEXTBOOK.items())
def test_a_chapter_that_mirrors_the_textbook_links_its_section(name, url):
    assert url in links(NOTEBOOKS / name)


@pytest.mark.parametrize("path", sorted((NOTEBOOKS / "solutions").glob("*.ipynb")), ids=rel)
def test_a_solutions_notebook_links_its_chapter(path):
    chapter = NOTEBOOKS / f"{path.stem.removesuffix('_solutions')}.ipynb"
    targets = {(path.parent / t.split("#")[0]).resolve() for t in links(path) if is_relative(t)}
    assert chapter.resolve() in targets, f"{rel(path)} does not link {rel(chapter)}"


# The JAX twins (notebooks/jax/): the textbook's other tab. Each twin mirrors the PyTorch
# chapter of the same name, numbered section by numbered section, and the two link to each
# other at the top and at every numbered section, as the textbook's framework tabs do.
JAX = NOTEBOOKS / "jax"
SECTION = re.compile(r"^##\s+(\d+\.\d+\.(?:\d+|[A-Z])\s.*?)\s*$", re.M)  # 2.5.A: the companion's own


def jax_chapters():
    return sorted(JAX.glob("[0-8][0-9]_*.ipynb"))


def numbered_sections(path):
    """{'2.4.1 Derivatives and Differentiation': markdown of its heading cell, ...}"""
    cells = nbformat.read(path, as_version=4).cells
    return {match: cell.source for cell in cells if cell.cell_type == "markdown"
            for match in SECTION.findall(cell.source)}


def twins():
    return [(NOTEBOOKS / p.name, p) for p in jax_chapters()]


def test_the_jax_twins_exist_for_the_textbook_chapters():
    assert [p.name for p in jax_chapters()] == ["01_calculus.ipynb", "02_autograd.ipynb"]
    assert all(torch_chapter.exists() for torch_chapter, _ in twins())


@pytest.mark.parametrize("torch_chapter, jax_chapter", twins(), ids=lambda p: rel(p))
def test_twins_have_the_same_numbered_sections(torch_chapter, jax_chapter):
    assert list(numbered_sections(torch_chapter)) == list(numbered_sections(jax_chapter))
    assert len(numbered_sections(jax_chapter)) >= 6


def section_link(target, section):
    return f"{target}#{section.replace(' ', '-')}"


@pytest.mark.parametrize("torch_chapter, jax_chapter", twins(), ids=lambda p: rel(p))
def test_twins_link_each_other_at_the_top_and_at_every_numbered_section(torch_chapter, jax_chapter):
    for here, there, target in [(torch_chapter, jax_chapter, f"jax/{jax_chapter.name}"),
                                (jax_chapter, torch_chapter, f"../{torch_chapter.name}")]:
        first = next(c for c in nbformat.read(here, as_version=4).cells if c.cell_type == "markdown")
        assert target in links_in(first.source), f"{rel(here)}: its first cell does not link {target}"
        for section, source in numbered_sections(here).items():
            assert section_link(target, section) in links_in(source), \
                f"{rel(here)}, {section}: no link to the same section of {rel(there)}"


def links_in(markdown):
    return [next(group for group in match if group) for match in LINK.findall(markdown)]


@pytest.mark.parametrize("path", jax_chapters(), ids=rel)
def test_a_jax_chapter_links_the_contents_its_solutions_and_the_textbook(path):
    targets = {(path.parent / t.split("#")[0]).resolve() for t in links(path) if is_relative(t)}
    expected = [INDEX, JAX / "solutions" / f"{path.stem}_solutions.ipynb"]
    missing = [rel(p) for p in expected if p.resolve() not in targets]
    assert not missing, f"{rel(path)} does not link {missing}"
    assert TEXTBOOK[path.name] in links(path)


@pytest.mark.parametrize("path", sorted((JAX / "solutions").glob("*.ipynb")), ids=rel)
def test_a_jax_solutions_notebook_links_its_chapter_and_its_pytorch_twin(path):
    chapter = JAX / f"{path.stem.removesuffix('_solutions')}.ipynb"
    twin = NOTEBOOKS / "solutions" / path.name
    targets = {(path.parent / t.split("#")[0]).resolve() for t in links(path) if is_relative(t)}
    assert chapter.resolve() in targets and twin.resolve() in targets
