"""The pieces of `make book` that need no browser and no Sphinx (tools/book/): the site's
address, the contents' order, which cells an explorer needs, its grid of frames, the
worked solutions it puts behind toggles, each page's kind (from its path and name) and
what that kind gets (run bar, answer notes, closed toggles, a title naming a JAX page's
edition). The site itself is read by `make test-book`."""
import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / 'tools' / 'book'))

import build  # noqa: E402
import explorer_frames  # noqa: E402


def test_the_readme_gives_the_site_address_built_from_the_repository_setting():
    owner, name, url = build.repository()
    assert url == f'https://github.com/{owner}/{name}'
    assert build.site_address(owner, name) in (ROOT / 'README.md').read_text()


def test_the_contents_follow_the_links_of_00_index_and_leave_out_no_notebook_of_the_project():
    from tools import pairs
    order = build.contents_order()
    assert order[:3] == ['00_index', '01_calculus', '02_autograd']
    every = {p.relative_to(ROOT / 'notebooks').with_suffix('').as_posix() for p in pairs.notebooks()}
    assert sorted(order) == sorted(every)


def test_a_learners_own_notebook_is_no_page_of_the_book(tmp_path, monkeypatch):
    """JupyterLab saves a learner's Untitled.ipynb in notebooks/: the book leaves it out
    (a page without a title would fail the build)."""
    notebooks = tmp_path / 'notebooks'
    shutil.copytree(ROOT / 'notebooks', notebooks,
                    ignore=shutil.ignore_patterns('*.py', '.ipynb_checkpoints'))
    shutil.copy(ROOT / 'notebooks' / '00_index.py', notebooks)
    (notebooks / 'Untitled.ipynb').write_text((notebooks / '00_index.ipynb').read_text())
    monkeypatch.setattr(build, 'NOTEBOOKS', notebooks)
    order = build.contents_order()
    assert 'Untitled' not in order and order[:2] == ['00_index', '01_calculus']


def test_the_pages_open_each_notebook_in_a_hosted_runtime_as_its_badges_do():
    from tools import hosted_cells as hosted
    links = dict(build.runtime_links('notebooks/01_calculus.ipynb'))
    assert list(links) == list(hosted.SERVICES)
    for service, url in links.items():
        assert f'({url})' in hosted.badge(service, 'notebooks/01_calculus.ipynb')
    assert 'd2l-companion/d2l-calculus-companion/blob/main/notebooks/01_calculus.ipynb' \
        in links['Colab']


def test_images_from_other_sites_are_shown_as_their_alt_text():
    text = '[![Open in Colab](https://colab.example/badge.svg)](https://colab.example/x) ![a](b.png)'
    assert build.offline_images(text) == '[Open in Colab](https://colab.example/x) ![a](b.png)'
    html = '<a href="https://k.example"><img src="https://k.example/b.svg" alt="Open in Kaggle"></a>'
    assert build.offline_images(html) == '<a href="https://k.example">Open in Kaggle</a>'


def test_an_explorer_cell_is_one_whose_last_statement_calls_explore_something():
    assert explorer_frames.is_explorer_call('# a comment\nd2l.explore_secant(f, x=1.0)')
    assert explorer_frames.is_explorer_call('explore_backward(f, (3, -4))')
    assert not explorer_frames.is_explorer_call('w = d2l.explore_secant(f)\nprint(w)')
    assert not explorer_frames.is_explorer_call('d2l.draw_secant(f)')


def test_an_explorer_needs_the_last_cells_that_bind_what_it_reads_and_what_those_read():
    sources = ['import math',                     # 0
               'def g(x):\n    return helper(x)',  # 1: helper is looked up when g is called
               'f = lambda x: x',                  # 2: an older f
               'def helper(x):\n    return math.sin(x)',  # 3
               'f = g',                            # 4: the f the explorer gets
               'print("unrelated")',               # 5
               'explore_tangent(f)']               # 6
    assert explorer_frames.needed_cells(sources, 6) == [0, 1, 3, 4]


def test_a_cell_that_runs_code_reading_a_name_gets_the_binding_made_before_it():
    sources = ['record = 1', 'shown = record + 1', 'record = 2', 'explore_x(shown, record)']
    assert explorer_frames.needed_cells(sources, 3) == [0, 1, 2]


@pytest.mark.parametrize('count, start, k, expected', [
    (5, 2, 9, [0, 1, 2, 3, 4]),           # all fit
    (301, 100, 96, list(range(0, 301, 4))),  # every 4th from the start, both ends on it
    (30, 22, 2, [0, 22]),                 # the start and the end farther from it
    (50, 19, 3, [0, 19, 49]),             # an end takes the place of a step next to it
])
def test_a_coarser_grid_keeps_the_start_and_the_ends(count, start, k, expected):
    assert explorer_frames.spread(count, start, k) == expected


def test_the_grid_takes_from_the_slider_with_the_most_values_until_it_fits():
    picks = explorer_frames.grid([30, 50, 701, 501], [22, 19, 50, 400], 35)
    sizes = [len(p) for p in picks]
    assert sizes[0] >= sizes[2] and sizes[1] >= sizes[3] and min(sizes) >= 2
    assert 1 < len(picks[0]) and 22 in picks[0] and 50 in picks[2]
    assert explorer_frames.grid([21], [20], 96) == [list(range(21))]


def test_each_worked_solution_is_found_under_its_exercise_heading():
    solutions = build.solution_cells('01_calculus')
    assert sorted(solutions) == list(range(1, 11))
    assert all(solutions[n] for n in solutions)
    first = ''.join(solutions[1][0]['source'])
    assert not first.lstrip().startswith('#')  # the heading itself is left out


def test_links_of_a_solution_shown_on_its_chapter_page_point_from_there():
    cell = {'cell_type': 'markdown',
            'source': 'see [2.4](../01_calculus.ipynb) and [other](02_autograd_solutions.ipynb)'}
    assert build.moved_up(cell)['source'] == \
        'see [2.4](01_calculus.ipynb) and [other](solutions/02_autograd_solutions.ipynb)'


def test_the_chapters_note_that_sliders_need_a_kernel_is_left_out_of_the_site():
    alone = 'as in 2.4.1. (Sliders need a running kernel: in a static view of this\npage, only the figure above shows.)\n'
    assert build.without_static_view_note(alone) == 'as in 2.4.1.\n'
    shared = ('(Sliders need a running kernel; in a static view of this page only the\nfigure '
              'above shows. `d2l.explore_descent` wires them.)')
    assert build.without_static_view_note(shared) == '(`d2l.explore_descent` wires them.)'


@pytest.mark.parametrize('doc, kind', [
    ('00_index', 'index'),
    ('01_calculus', 'chapter'),
    ('04_calculus_for_deep_learning', 'chapter'),
    ('jax/01_calculus', 'chapter'),
    ('jax/02_autograd', 'chapter'),
    ('90_utilities', 'appendix'),
    ('92_utilities_exercises', 'appendix'),
    ('solutions/01_calculus_solutions', 'solutions'),
    ('jax/solutions/01_calculus_solutions', 'solutions'),
    ('jax/solutions/02_autograd_solutions', 'solutions'),
])
def test_a_pages_kind_comes_from_the_notebooks_path_and_name_not_its_depth(doc, kind):
    assert build.page_kind(doc) == kind


def test_every_notebook_is_a_kind_of_page_and_a_notebook_of_no_kind_is_refused():
    kinds = {doc: build.page_kind(doc) for doc in build.contents_order()}
    assert {'index', 'chapter', 'appendix', 'solutions'} == set(kinds.values())
    with pytest.raises(ValueError, match='no kind of page'):
        build.page_kind('drafts/scratch')


@pytest.mark.parametrize('chapter', ['01_calculus', 'jax/01_calculus', 'jax/02_autograd'])
def test_a_chapter_and_its_solutions_name_each_other_in_the_same_folder(chapter):
    solutions = build.solutions_of(chapter)
    assert (ROOT / 'notebooks' / f'{solutions}.ipynb').exists()
    assert build.page_kind(solutions) == 'solutions'
    assert build.chapter_of(solutions) == chapter


def bar(doc):
    notebook = build.prepare(doc, 'owner', 'name', {})
    return next(''.join(c['source']) for c in notebook['cells']
                if 'd2l-run-bar' in ''.join(c['source']))


@pytest.mark.parametrize('doc, links', [
    ('01_calculus', ['solutions/01_calculus_solutions.html', 'calculus.html']),
    ('jax/01_calculus', ['solutions/01_calculus_solutions.html', 'calculus.html']),
    ('jax/02_autograd', ['solutions/02_autograd_solutions.html', 'autograd.html']),
    ('solutions/01_calculus_solutions', ['../01_calculus.html', 'calculus.html']),
    ('jax/solutions/01_calculus_solutions', ['../01_calculus.html', 'calculus.html']),
    ('jax/solutions/02_autograd_solutions', ['../02_autograd.html', 'autograd.html']),
])
def test_the_run_bar_links_the_solutions_or_the_chapter_and_the_textbooks_section(doc, links):
    hrefs = re.findall(r'href="([^"]+)"', bar(doc))
    assert hrefs[-2] == links[0]
    assert hrefs[-1] == f'https://d2l.ai/chapter_preliminaries/{links[1]}'
    assert all(h.endswith(f'/notebooks/{doc}.ipynb') for h in hrefs[:3])  # the runtimes


def answer_notes_and_toggles(doc):
    cells = [''.join(c['source']) for c in build.prepare(doc, 'owner', 'name', {})['cells']]
    notes = sum('d2l-answer-note' in s for s in cells)
    toggles = sum(s.startswith('<details class="d2l-solution">') for s in cells)
    assert toggles == sum(s == '</details>\n' for s in cells)
    return notes, toggles, cells


def _exercises(chapter):
    """How many exercises a chapter (or its JAX twin, or their solutions) has, as registered."""
    import d2lutils as d2l
    return sum(e.chapter == chapter for e in d2l.exercises())


@pytest.mark.parametrize('doc, exercises', [
    (f'{edition}{chapter}', _exercises(chapter)) for edition in ('', 'jax/')
    for chapter in ('01_calculus', '02_autograd')])
def test_each_answer_cell_of_a_chapter_gets_its_note_and_its_solution_behind_a_toggle(doc, exercises):
    notes, toggles, cells = answer_notes_and_toggles(doc)
    assert (notes, toggles) == (exercises, exercises)
    assert not any(' open' in s.split('\n')[0] for s in cells if s.startswith('<details'))


@pytest.mark.parametrize('doc, exercises', [
    ('solutions/01_calculus_solutions', _exercises('01_calculus')),
    ('jax/solutions/01_calculus_solutions', _exercises('01_calculus')),
    ('jax/solutions/02_autograd_solutions', _exercises('02_autograd'))])
def test_each_solution_of_a_solutions_page_is_behind_a_toggle_with_its_cells(doc, exercises):
    notes, toggles, cells = answer_notes_and_toggles(doc)
    assert (notes, toggles) == (0, exercises)
    opened = [i for i, s in enumerate(cells) if s.startswith('<details')]
    closed = [i for i, s in enumerate(cells) if s == '</details>\n']
    assert all(c - o > 2 for o, c in zip(opened, closed))  # the solution's cells are inside


def test_a_jax_pages_title_names_its_edition_and_no_two_pages_share_a_title():
    titles = {}
    for doc in build.contents_order():
        notebook = build.prepare(doc, 'owner', 'name', {})
        heading = next(m[1] for c in notebook['cells'] if c['cell_type'] == 'markdown'
                       for m in [re.search(r'^# (.+)$', ''.join(c['source']), re.M)] if m)
        titles[doc] = heading
    assert titles['01_calculus'] == '2.4 Calculus'
    assert titles['jax/01_calculus'] == '2.4 Calculus (JAX)'
    assert titles['jax/02_autograd'] == '2.5 Automatic differentiation (JAX)'
    assert all('JAX' in t for d, t in titles.items() if d.startswith('jax/'))
    assert len(set(titles.values())) == len(titles), titles
