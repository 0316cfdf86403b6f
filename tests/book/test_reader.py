"""The book for every reader (`make test-book`): no raw formula, light pages, readable by a
screen reader (axe-core), explorers sharp and spoken, code that fits the page."""
import json
import re

import pytest

import build  # tools/book (conftest): page_kind, which pages are chapters
import explorer_frames  # LEAST: the positions a slider should have
import page_weight
from conftest import ROOT, SITE, pages

PAGES = pages()
EXPLORER_PAGES = [p for p in PAGES if 'class="d2l-explorer"' in (SITE / p).read_text()]
AXE = ROOT / 'build' / 'book-assets' / 'node_modules' / 'axe-core' / 'axe.min.js'


def kind(path):
    """The page's kind as build.py gives it ('chapter', ...), or None for Sphinx's own."""
    try:
        return build.page_kind(path.removesuffix('.html'))
    except ValueError:
        return None


CHAPTERS = [p for p in PAGES if kind(p) == 'chapter']

# Text a reader sees that is TeX no one typeset: a command (\frac), a $...$ pair, or the
# delimiters \( and \[ (Sphinx writes formulas with them; the build typesets every one).
RAW_FORMULA = re.compile(r'\\[A-Za-z]+|\\[(\[]|\$[^$\s][^$]*\$')

VISIBLE_TEXT = """() => {
    document.querySelectorAll('details').forEach(d => d.open = true);
    const skip = 'pre, code, kbd, samp, mjx-container, script, style, noscript, textarea';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const texts = [];
    for (let node; (node = walker.nextNode());) {
        const parent = node.parentElement;
        if (!node.textContent.trim() || parent.closest(skip)) continue;
        if (!parent.checkVisibility()) continue;
        texts.push(node.textContent);
    }
    return texts.join(' ');
}"""


def raw_formulas(text):
    """The pieces of text that look like TeX (with a little context), none if it has none."""
    return [text[max(0, m.start() - 30):m.end() + 30] for m in RAW_FORMULA.finditer(text)]


def test_the_raw_formula_check_finds_tex_and_passes_plain_text():
    assert raw_formulas(r'the rule \frac{a}{b} holds') and raw_formulas('so $x^2$ grows')
    assert raw_formulas(r'where \(x\) is') and raw_formulas(r'\[ y \]')
    assert raw_formulas('it costs 3 dollars; a $ sign alone') == []
    assert raw_formulas('f(x) = 3x - 4, for x in [0, 1]') == []


@pytest.mark.parametrize('path', PAGES)
def test_no_page_shows_a_raw_formula(visit, path):
    page = visit(path).page
    assert raw_formulas(page.evaluate(VISIBLE_TEXT)) == [], f'{path}: TeX shown as text'


@pytest.mark.parametrize('path', PAGES)
def test_a_page_weighs_at_most_1_mb_gzipped_before_its_reader_scrolls(browser, site_url, path):
    for viewport in (page_weight.PHONE, page_weight.DESKTOP):
        got = page_weight.weigh(browser, site_url + path, viewport)
        heaviest = sorted(got, key=lambda g: -g[2])[:5]
        assert page_weight.total(got) <= page_weight.LIMIT_BYTES, (
            f'{path} at {viewport["width"]} px: {page_weight.total(got)} bytes; the heaviest: '
            + ', '.join(f'{url.removeprefix(site_url)} {size}' for url, _, size in heaviest))


def axe_violations(page, serious=('serious', 'critical')):
    """axe-core's violations of the page as it is now, those of the given impacts."""
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['html'][:120]}"
            for v in result['violations'] if v['impact'] in serious]


@pytest.mark.parametrize('path', PAGES)
def test_axe_finds_no_serious_or_critical_violation_with_every_toggle_open(visit, path):
    page = visit(path).page
    assert axe_violations(page) == [], f'{path} as it loads'
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    assert axe_violations(page) == [], f'{path} with its toggles open'


def test_axe_finds_what_the_theme_did_before_the_build_fixed_it(visit):
    """The check can fail: the theme's search button, named "Search" while it shows
    "Search Ctrl + K", is a serious violation once its label is put back."""
    page = visit('00_index.html').page
    page.evaluate("() => document.querySelector('button.search-button-field')"
                  ".setAttribute('aria-label', 'Search')")
    assert any(v.startswith('label-content-name-mismatch') for v in axe_violations(page))


@pytest.mark.parametrize('path', PAGES)
def test_every_figure_says_what_it_shows_under_a_number(visit, path):
    page = visit(path).page
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    alts = page.eval_on_selector_all('article img:not(.d2l-explorer-frame)',
                                     'images => images.map(i => i.getAttribute("alt") || "")')
    numbers = []
    for alt in alts:
        assert not re.search(r'_images/|\.(svg|png)\b', alt), f'{path}: alt text is a file name: {alt}'
        found = re.match(r'Fig\. ((?:\d+\.)*)(\d+): (.{4,})', alt)
        assert found, f'{path}: a figure whose alt text does not say what it shows: {alt!r}'
        numbers.append(int(found[2]))
    assert numbers == list(range(1, len(numbers) + 1)), f'{path}: figures numbered {numbers}'


def slider_state(page, explorer, s):
    return page.evaluate("""([el, s]) => {
        const input = el.querySelectorAll('input[type=range]')[s];
        return {valuetext: input.getAttribute('aria-valuetext'),
                readout: el.querySelectorAll('output')[s].textContent,
                alt: el.querySelector('img.d2l-explorer-frame').alt,
                max: +input.max};
    }""", [explorer, s])


def explorers_in_view(page):
    """Each explorer of the page, scrolled to so that its frames load."""
    handles = page.locator('.d2l-explorer').element_handles()
    for handle in handles:
        handle.scroll_into_view_if_needed()
        page.wait_for_function(
            "el => { const i = el.querySelector('img.d2l-explorer-frame');"
            " return i && i.complete && i.naturalWidth > 0; }", arg=handle)
    return handles


@pytest.mark.parametrize('path', EXPLORER_PAGES)
def test_an_explorers_picture_and_sliders_say_the_values_shown_as_they_move(visit, path):
    page = visit(path).page
    for e, explorer in enumerate(explorers_in_view(page)):
        sliders = explorer.query_selector_all('input[type=range]')
        for s, slider in enumerate(sliders):
            before = slider_state(page, explorer, s)
            assert before['valuetext'], f'{path}, explorer {e + 1}: a slider with no aria-valuetext'
            assert before['readout'] in before['valuetext'], (path, e, before)
            assert before['readout'] in before['alt'], (path, e, before)
            at_end = slider.input_value() == slider.get_attribute('max')
            slider.focus()
            page.keyboard.press('ArrowLeft' if at_end else 'ArrowRight')
            after = slider_state(page, explorer, s)
            assert after['readout'] != before['readout'], (path, e, s)
            assert after['readout'] in after['valuetext'] and after['readout'] in after['alt']
            assert after['valuetext'] != before['valuetext'] and after['alt'] != before['alt']
            page.keyboard.press('ArrowRight' if at_end else 'ArrowLeft')


@pytest.mark.parametrize('path', EXPLORER_PAGES)
def test_explorer_frames_are_sharp_on_a_2x_screen_and_every_slider_has_5_positions_or_says_why(
        visit, path):
    page = visit(path).page
    for e, explorer in enumerate(explorers_in_view(page)):
        natural, shown = explorer.eval_on_selector(
            'img.d2l-explorer-frame', 'i => [i.naturalWidth, i.getBoundingClientRect().width]')
        assert natural >= 1.5 * shown, f'{path}, explorer {e + 1}: {natural} px shown at {shown}'
        positions = [int(s.get_attribute('max')) + 1
                     for s in explorer.query_selector_all('input[type=range]')]
        if min(positions) < explorer_frames.LEAST:
            why = explorer.eval_on_selector('.d2l-explorer-why', 'p => p.textContent')
            assert len(why) > 40, f'{path}, explorer {e + 1}: {positions} and no reason given'


def test_an_explorer_with_fewer_positions_says_why_in_the_manifest_it_is_drawn_from():
    manifests = {m.parent.name: json.loads(m.read_text().split('] = ', 1)[1].rstrip().rstrip(';'))
                 for m in (SITE / '_explorers').glob('*/manifest.js')}
    for name, manifest in manifests.items():
        few = [s for s in manifest['sliders'] if len(s['values']) < min(s['of'], explorer_frames.LEAST)]
        assert bool(few) == bool(manifest.get('why')), name


CODE_BLOCKS = """() => [...document.querySelectorAll('article div.highlight pre')]
    .filter(pre => !pre.closest('.cell_output'))
    .filter(pre => pre.scrollWidth > pre.clientWidth + 1)
    .map(pre => ({text: pre.textContent}))"""


def longest(block):
    return max(block['text'].split('\n'), key=len)


def too_wide(visit, path):
    page = visit(path).page
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    return page.evaluate(CODE_BLOCKS)


@pytest.mark.parametrize('path', CHAPTERS)
def test_no_code_block_of_a_chapter_scrolls_sideways_at_1280_px(visit, path):
    """Every code block, the install cell, answer cells and #@save blocks included, and the
    solutions behind their toggles."""
    wide = [longest(b) for b in too_wide(visit, path)]
    assert wide == [], f'{path}: the longest line of each code block too wide'


@pytest.mark.parametrize('path', PAGES)
def test_at_phone_width_code_scrolls_in_its_block_and_nothing_widens_the_page(browser, site_url, path):
    page = browser.new_page(viewport=page_weight.PHONE)
    try:
        page.goto(site_url + path, wait_until='load')
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        wide = page.evaluate("""() => {
            const inPlace = el => {  // inside a block that scrolls or clips within the page
                for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
                    if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(a).overflowX)
                        && a.getBoundingClientRect().right <= innerWidth + 1) return true;
                }
                return false;
            };
            return [...document.querySelectorAll('article *')]
                .filter(el => el.getBoundingClientRect().right > innerWidth + 1 && !inPlace(el))
                .map(el => el.tagName + '.' + el.className)
                .filter((v, i, all) => all.indexOf(v) === i).slice(0, 8); }""")
        width = page.evaluate('() => [document.documentElement.scrollWidth, innerWidth]')
        assert width[0] <= width[1] and wide == [], f'{path}: page {width}, too wide: {wide}'
        fixed = page.evaluate("""() => [...document.querySelectorAll(
                'article pre, article mjx-container[display=true], article table')]
            .filter(el => el.scrollWidth > el.clientWidth + 1)
            .filter(el => !['auto', 'scroll'].includes(getComputedStyle(el).overflowX)
                          && !['auto', 'scroll'].includes(getComputedStyle(el.parentElement).overflowX))
            .map(el => el.tagName)""")
        assert fixed == [], f'{path}: wide blocks that do not scroll in place'
    finally:
        page.close()
