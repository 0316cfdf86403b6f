"""The static site in build/book/ (`make book`) read in a headless Chromium, served from
127.0.0.1 with every request elsewhere refused: what an offline reader sees."""
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import SITE, pages

PAGES = pages()
EXPLORER_PAGES = [p for p in PAGES if 'class="d2l-explorer"' in (SITE / p).read_text()]


@pytest.mark.parametrize('path', PAGES)
def test_page_loads_with_no_console_error_and_no_failed_request(visit, path):
    page = visit(path)
    assert page.errors == [], f'{path}: console errors'
    assert page.failed == [], f'{path}: failed requests'


@pytest.mark.parametrize('path', PAGES)
def test_every_figure_is_visible_and_every_formula_typeset(visit, path):
    page = visit(path).page
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    # Figures load lazily: load them all now; explorers load their frames when near.
    page.evaluate("() => document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
    for explorer in page.locator('.d2l-explorer').element_handles():
        explorer.scroll_into_view_if_needed()
        page.wait_for_function("el => { const i = el.querySelector('img.d2l-explorer-frame');"
                               " return i && i.getAttribute('src') && i.complete; }", arg=explorer)
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    hidden = page.evaluate("""() => [...document.querySelectorAll('article img')]
        .filter(i => !(i.naturalWidth > 0 && i.getBoundingClientRect().width > 0
                       && i.getBoundingClientRect().height > 0))
        .map(i => i.getAttribute('src'))""")
    assert hidden == [], f'{path}: figures not shown'
    # Typeset when the site was built (tools/book/finish.py): an SVG each, a TeX error an
    # merror node in it.
    raw = page.evaluate("""() => [...document.querySelectorAll('.math')]
        .filter(m => !m.querySelector('mjx-container svg')
                     || m.querySelector('mjx-merror, [data-mml-node=merror]'))
        .map(m => m.textContent.slice(0, 60))""")
    assert raw == [], f'{path}: formulas left untypeset (or typeset as errors)'


class Anchors(HTMLParser):
    """The hrefs and the ids of one HTML page."""

    def __init__(self):
        super().__init__()
        self.hrefs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get('id'):
            self.ids.add(attrs['id'])
        if tag == 'a' and attrs.get('href'):
            self.hrefs.append(attrs['href'])


def anchors(path):
    parser = Anchors()
    parser.feed((SITE / path).read_text())
    return parser


def test_every_internal_link_resolves():
    broken = []
    for path in PAGES:
        for href in anchors(path).hrefs:
            parts = urlsplit(href)
            if parts.scheme or href.startswith(('//', 'mailto:', 'javascript:')):
                continue
            target = (SITE / path).parent / unquote(parts.path) if parts.path else SITE / path
            target = Path(target).resolve()
            if target.is_dir():
                target = target / 'index.html'
            if not target.is_relative_to(SITE) or not target.exists():
                broken.append(f'{path}: {href} (no such file)')
            elif parts.fragment and target.suffix == '.html' and \
                    parts.fragment not in anchors(target.relative_to(SITE).as_posix()).ids:
                broken.append(f'{path}: {href} (no such anchor)')
    assert broken == []


def test_the_site_address_leads_to_the_contents(browser, site_url):
    page = browser.new_page()
    try:
        page.goto(site_url, wait_until='load')
        page.wait_for_url(site_url + '00_index.html')
        assert page.title().startswith('Contents')
    finally:
        page.close()


def test_the_contents_follow_00_index_with_previous_and_next_links(visit):
    page = visit('00_index.html').page
    sidebar = page.eval_on_selector_all('nav.bd-links a.reference.internal',
                                        'links => links.map(a => a.getAttribute("href"))')
    linked = list(dict.fromkeys(re.findall(  # the site's own, in the order of their first link
        r'\]\(([^)#\s:]+)\.ipynb\)', (SITE.parents[1] / 'notebooks' / '00_index.py').read_text())))
    assert [h.removesuffix('.html') for h in sidebar if '#' not in h][:len(linked)] == linked
    chapter = visit('01_calculus.html').page
    assert chapter.locator('a.left-prev').get_attribute('href') == '00_index.html'
    assert chapter.locator('a.right-next').get_attribute('href') == '02_autograd.html'


def frame_fingerprint(page, image):
    """A number from the pixels the image shows (drawn on a canvas), once it has loaded."""
    page.wait_for_function('img => img.complete && img.naturalWidth > 0', arg=image)
    return page.evaluate("""img => {
        const c = document.createElement('canvas');
        c.width = img.naturalWidth; c.height = img.naturalHeight;
        const g = c.getContext('2d'); g.drawImage(img, 0, 0);
        const d = g.getImageData(0, 0, c.width, c.height).data;
        let h = 0; for (let i = 0; i < d.length; i += 7) h = (h * 31 + d[i]) >>> 0;
        return h; }""", image)


@pytest.mark.parametrize('path', EXPLORER_PAGES)
def test_every_explorer_slider_moved_with_the_keyboard_changes_the_picture(visit, path):
    page = visit(path).page
    explorers = page.locator('.d2l-explorer')
    assert explorers.count() > 0
    for e in range(explorers.count()):
        explorer = explorers.nth(e)
        explorer.scroll_into_view_if_needed()  # its frames load once it nears the screen
        image = explorer.locator('img.d2l-explorer-frame').element_handle()
        sliders = explorer.locator('input[type=range]')
        assert sliders.count() > 0, f'{path}: an explorer without sliders'
        for s in range(sliders.count()):
            slider = sliders.nth(s)
            before = frame_fingerprint(page, image)
            at_end = slider.input_value() == slider.get_attribute('max')
            slider.focus()
            page.keyboard.press('ArrowLeft' if at_end else 'ArrowRight')
            after = frame_fingerprint(page, image)
            name = slider.get_attribute('aria-label')
            assert after != before, f'{path}: explorer {e + 1}, slider {name}: same picture'
            page.keyboard.press('ArrowRight' if at_end else 'ArrowLeft')  # back where it was


def search(page, words):
    """The titles of the results the theme's search box (Ctrl+K) lists for words, once
    the search has finished listing them."""
    page.keyboard.press('Control+k')
    box = page.locator('input[name=q]:visible').first
    box.fill(words)
    box.press('Enter')
    page.wait_for_url(re.compile(r'search\.html\?q='))
    page.wait_for_function("() => (document.querySelector('#search-results .search-summary')"
                           "?.textContent || '').startsWith('Search finished')", timeout=15000)
    return page.locator('#search-results li a').all_inner_texts()


def test_the_theme_search_finds_the_chain_rule_in_each_edition_under_titles_of_its_own(visit):
    titles = search(visit('01_calculus.html').page, 'chain rule')
    assert '2.4 Calculus' in titles and '2.4 Calculus (JAX)' in titles, titles
    assert len(titles) == len(set(titles)), f'a title listed twice: {titles}'


def test_no_two_pages_share_a_title_and_a_jax_pages_names_its_edition():
    titles = {p: re.search(r'<title>(.*?)</title>', (SITE / p).read_text(), re.S)[1]
              for p in PAGES}
    assert len(set(titles.values())) == len(titles), titles
    assert all('JAX' in t for p, t in titles.items() if p.startswith('jax/')), titles


def _exercises(chapter):
    """How many exercises a chapter has (its JAX twin the same), as the library registers them."""
    import d2lutils as d2l
    return sum(e.chapter == chapter for e in d2l.exercises())


CHAPTER_EXERCISES = {f'{edition}{chapter}.html': _exercises(chapter)
                     for edition in ('', 'jax/') for chapter in ('01_calculus', '02_autograd')}


@pytest.mark.parametrize('path, exercises', CHAPTER_EXERCISES.items())
def test_exercise_answer_cells_come_with_where_to_run_them_and_a_closed_solution(visit, path, exercises):
    page = visit(path).page
    notes = page.locator('.d2l-answer-note')
    toggles = page.locator('details.d2l-solution')
    assert notes.count() == exercises and toggles.count() == exercises
    from tools import hosted_cells as hosted
    assert notes.first.locator('a.d2l-runtime').all_inner_texts() == list(hosted.SERVICES)
    runtimes = notes.first.locator('a.d2l-runtime').evaluate_all('as => as.map(a => a.href)')
    assert all(f"/notebooks/{path.removesuffix('.html')}.ipynb" in url for url in runtimes)
    assert page.evaluate("() => [...document.querySelectorAll('details.d2l-solution')]"
                         ".every(d => !d.open)")
    first = toggles.first
    assert not first.locator('.cell').first.is_visible()
    first.locator('summary').click()
    assert first.locator('.cell').first.is_visible()


SOLUTIONS_PAGES = [p for p in PAGES if '/solutions/' in f'/{p}']


@pytest.mark.parametrize('path', SOLUTIONS_PAGES)
def test_every_solution_of_a_solutions_page_is_behind_a_closed_toggle(visit, path):
    page = visit(path).page
    toggles = page.locator('details.d2l-solution')
    headings = page.locator('article h2').all_inner_texts()
    assert toggles.count() == sum(h.startswith('Exercise') for h in headings) > 0, headings
    assert page.evaluate("() => [...document.querySelectorAll('details.d2l-solution')]"
                         ".every(d => !d.open)")
    last = toggles.last
    assert last.locator('.cell').count() > 0
    assert not last.locator('.cell').first.is_visible()
    last.locator('summary').click()
    assert last.locator('.cell').first.is_visible()


def run_bar(page):
    """The links of the run bar under the page's title, as absolute URLs."""
    return page.locator('p.d2l-run-bar a').evaluate_all('as => as.map(a => a.href)')


@pytest.mark.parametrize('path', [p for p in PAGES if p.startswith('jax/')])
def test_a_jax_pages_run_bar_links_its_twins_section_of_the_textbook_and_its_own_pages(visit, path):
    jax, pytorch = visit(path).page, visit(path.removeprefix('jax/')).page
    links, twin_links = run_bar(jax), run_bar(pytorch)
    assert len(links) == len(twin_links) == 6  # four runtimes, solutions or chapter, textbook
    assert links[-1] == twin_links[-1]  # the textbook's section
    assert re.fullmatch(r'https://d2l\.ai/chapter_preliminaries/(calculus|autograd)\.html',
                        links[-1]), links[-1]
    assert all(f'/notebooks/{path.removesuffix(".html")}.ipynb' in url for url in links[:4])
    root = jax.url.removesuffix(path)  # the solutions or the chapter, in JAX
    assert links[-2] == root + 'jax/' + twin_links[-2].removeprefix(root), (links, twin_links)


def test_each_explorer_carries_at_most_its_budget_of_frames():
    from explorer_frames import FRAME_BUDGET_BYTES
    folders = sorted((SITE / '_explorers').iterdir())
    assert folders, 'no explorer was drawn'
    sizes = {f.name: sum(p.stat().st_size for p in f.glob('*.webp')) for f in folders}
    assert all(sizes.values()), sizes
    assert {name: size for name, size in sizes.items() if size > FRAME_BUDGET_BYTES * 1.1} == {}


@pytest.mark.parametrize('path', EXPLORER_PAGES)
def test_an_explorer_fetches_no_frame_until_it_nears_the_screen(visit, path):
    page = visit(path).page
    page.set_viewport_size({'width': 1280, 'height': 400})
    fetched = []
    page.on('request', lambda r: fetched.append(r.url) if '/_explorers/' in r.url
            and not r.url.endswith('.js') else None)
    page.reload(wait_until='load')
    page.wait_for_timeout(300)
    far = page.evaluate("() => [...document.querySelectorAll('.d2l-explorer')]"
                        ".every(e => e.getBoundingClientRect().top > innerHeight + 600)")
    if far:  # every explorer far below: nothing of theirs yet
        assert fetched == []
    page.locator('.d2l-explorer').last.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    assert fetched, f'{path}: no frame fetched once the explorer is in view'


@pytest.mark.parametrize('path', ['01_calculus.html', 'jax/02_autograd.html'])
def test_the_themes_launch_menu_opens_binder_and_colab_as_the_run_bar_does(visit, path):
    page = visit(path).page
    menu = page.locator('.dropdown-launch-buttons a.dropdown-item').evaluate_all(
        'as => as.map(a => [a.textContent.trim(), a.href])')
    bar = dict(page.locator('p.d2l-run-bar a.d2l-runtime').evaluate_all(
        'as => as.map(a => [a.textContent.trim(), a.href])'))
    assert [name for name, _ in menu] == ['Binder', 'Colab']
    assert all(bar[name] == url for name, url in menu), (menu, bar)
