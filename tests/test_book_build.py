"""The pieces of `make book` that need no browser and no Sphinx (tools/book/): the site's
address, the contents' order, which cells an explorer needs, its grid of frames, and the
worked solutions it puts behind toggles. The site itself is read by `make test-book`."""
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


def test_the_contents_follow_the_links_of_00_index_and_leave_out_no_notebook():
    order = build.contents_order()
    assert order[:3] == ['00_index', '01_calculus', '02_autograd']
    every = {p.relative_to(ROOT / 'notebooks').with_suffix('').as_posix()
             for p in (ROOT / 'notebooks').rglob('*.ipynb') if '.ipynb_checkpoints' not in p.parts}
    assert sorted(order) == sorted(every)


def test_each_hosted_runtime_opens_the_notebook_at_its_path_in_the_repository():
    links = dict(build.runtime_links('me', 'repo', 'notebooks/01_calculus.ipynb'))
    assert links['Colab'] == ('https://colab.research.google.com/github/me/repo/blob/main/'
                              'notebooks/01_calculus.ipynb')
    assert links['Binder'].endswith('/v2/gh/me/repo/main?labpath=notebooks/01_calculus.ipynb')
    assert 'github.com/me/repo/blob/main/notebooks/01_calculus.ipynb' in links['Kaggle']
    assert 'github/me/repo/blob/main/notebooks/01_calculus.ipynb' in links['Studio Lab']


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
