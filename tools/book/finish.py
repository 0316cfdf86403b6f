"""The last step of `make book`: Sphinx's pages made light, self-contained and accessible.

- **Formulas typeset now**, not in the reader's browser: every `\\(...\\)` and `\\[...\\]`
  Sphinx wrote is sent to MathJax in Node (tools/book/typeset_math.js, one process for
  the whole site) and replaced by an SVG with hidden MathML beside it for screen readers.
  A page then loads no MathJax (1.2 MB of script) and no math font.
- **Icons from a font of only the icons used**: the theme draws its icons with Font
  Awesome's script (1.5 MB), which swaps each `<i class="fa-...">` for an SVG; its CSS can
  draw the same icons from Font Awesome's web fonts. The script is dropped and the fonts cut
  down (fontTools) to the icons the pages and the theme's CSS name, a few kilobytes.
- **Figures say what they show**: each recorded figure (a Matplotlib SVG) gets a number, as
  the textbook's ("Fig. 2.4.1"), and alt text and a caption made from its own text: each
  panel's title, what it plots against what (its axis labels), its legend's entries.
- **Readable by a screen reader** (axe-core, make test-book): the theme's search button
  named by what it shows; the sidebar a landmark; an empty table header cell a data cell;
  a display formula wider than the page focusable, so that a keyboard scrolls it.
- **Scripts that can wait do**: search and the explorers' script load with `defer`.

    python tools/book/finish.py SITE_DIR     # as build.py calls finish(site)
"""
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE.parents[1] / 'build' / 'book-assets' / 'node_modules'

INLINE = re.compile(r'(<span class="math notranslate nohighlight">)\\\((.*?)\\\)(</span>)', re.S)
DISPLAY = re.compile(r'(<div class="math notranslate nohighlight"[^>]*>\s*(?:<span class="eqno">'
                     r'.*?</span>)?\s*)\\\[(.*?)\\\](\s*</div>)', re.S)
MATH_CSS = 'd2l-math.css'


def pages(site):
    return sorted(p for p in site.rglob('*.html') if '_static' not in p.relative_to(site).parts)


def typeset(pages_formulas):
    """Per page, {(TeX, display): HTML} for each of its formulas and the page's glyphs to
    put in its body; and the stylesheet: from one run of typeset_math.js."""
    pages_formulas = [sorted(formulas) for formulas in pages_formulas]
    done = subprocess.run(['node', str(HERE / 'typeset_math.js')], input=json.dumps(pages_formulas),
                          capture_output=True, text=True,
                          env={**os.environ, 'NODE_PATH': str(NODE_MODULES)})
    if done.returncode:
        raise SystemExit(f'make book: typesetting the formulas failed:\n{done.stderr}')
    out = json.loads(done.stdout)
    return [(dict(zip(formulas, page['html'])), page['cache'])
            for formulas, page in zip(pages_formulas, out['pages'])], out['css']


def typeset_pages(site):
    """Replace every formula of every page by its SVG; give each page with formulas the
    glyphs they use and a link to the stylesheet they need; return how many formulas."""
    texts = {page: page.read_text() for page in pages(site)}
    wanted = {}
    for page, text in texts.items():
        formulas = {(html.unescape(m[2]).strip(), False) for m in INLINE.finditer(text)}
        formulas |= {(html.unescape(m[2]).strip(), True) for m in DISPLAY.finditer(text)}
        if formulas:
            wanted[page] = formulas
    done, css = typeset(list(wanted.values()))
    (site / '_static' / MATH_CSS).write_text(css)
    for page, (typeset_html, cache) in zip(wanted, done):
        text = texts[page]
        display = lambda m: m[1] + typeset_html[html.unescape(m[2]).strip(), True] + m[3]  # noqa: E731
        inline = lambda m: m[1] + typeset_html[html.unescape(m[2]).strip(), False] + m[3]  # noqa: E731
        text = INLINE.sub(inline, DISPLAY.sub(display, text))
        up = '../' * (len(page.relative_to(site).parts) - 1)
        text = text.replace('</head>', f'<link rel="stylesheet" href="{up}_static/{MATH_CSS}" />\n</head>', 1)
        text = re.sub(r'(<body[^>]*>)', lambda m: m[1] + cache, text, count=1)
        page.write_text(text)
    return sum(len(f) for f in wanted.values())


FONTS = '_static/vendor/fontawesome/webfonts'
ICON = re.compile(r'\bfa-[a-z0-9-]+')
# The theme's script that swaps each icon for an SVG, its source map and licence file.
ICON_SCRIPT = re.compile(r'\s*<script defer src="[./]*_static/scripts/fontawesome\.js[^"]*"></script>')


def icon_codepoints(site):
    """The code points of the icons the site can show: those its pages and the theme's
    scripts name (`fa-bars`: the CSS rule `.fa-bars{--fa:"\\f0c9"}`), and those the
    theme's CSS draws itself (`--pst-icon-...`)."""
    css = '\n'.join(p.read_text() for p in (site / '_static' / 'styles').glob('*.css'))
    glyphs = {}
    for rule in re.finditer(r'([^{}]+)\{--fa:"([^"]+)"\}', css):
        for selector in rule[1].split(','):
            glyphs[selector.strip().lstrip('.')] = rule[2]
    used = set()
    for path in [*pages(site), *(site / '_static' / 'scripts').glob('*.js')]:
        if path.name != 'fontawesome.js':
            used |= set(ICON.findall(path.read_text()))
    values = [glyphs[name] for name in used if name in glyphs]
    values += re.findall(r'--pst-icon-[a-z-]+:"([^"]+)"', css)
    text = ''.join(re.sub(r'\\([0-9a-fA-F]{1,6}) ?', lambda m: chr(int(m[1], 16)), v) for v in values)
    return {ord(c) for c in text}


def icons_from_fonts(site):
    """Drop the theme's icon script from every page, and cut its icon fonts down to the
    icons used; return their size in bytes."""
    import logging
    from fontTools import subset
    logging.getLogger('fontTools').setLevel(logging.WARNING)
    for page in pages(site):
        text = page.read_text()
        page.write_text(ICON_SCRIPT.sub('', text))
    for leftover in (site / '_static' / 'scripts').glob('fontawesome.js*'):
        leftover.unlink()
    codepoints, total = icon_codepoints(site), 0
    for font in (site / FONTS).glob('*.woff2'):
        options = subset.Options()
        options.flavor = 'woff2'
        options.layout_features = []
        options.notdef_outline = True
        cut = subset.load_font(str(font), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints)
        subsetter.subset(cut)
        subset.save_font(cut, str(font), options)
        total += font.stat().st_size
    return total


FIGURE = re.compile(r'<img alt="[^"]*" src="((?:\.\./)*_images/[^"]+\.svg)" />')


def _svg_texts(group):
    """The texts Matplotlib wrote in an SVG group (each as a comment in a text_N group),
    with mathtext's markup taken out: `$f\'(x)$` reads f'(x)."""
    import xml.etree.ElementTree as ET
    found = []
    for node in group.iter():
        if node.tag is ET.Comment and node.text:
            text = re.sub(r'\\([A-Za-z]+)', r'\1', node.text.strip()).replace('$', '')
            found.append(re.sub(r'\s+', ' ', re.sub(r'[{}]', '', text)).strip())
    return [t for t in found if t]


def describe_svg(path):
    """What a Matplotlib SVG figure shows, in words: per panel (axes), its title, its
    y label against its x label, and the entries of its legend."""
    import xml.etree.ElementTree as ET
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    root = ET.parse(path, parser).getroot()
    ns = '{http://www.w3.org/2000/svg}'
    figure = root.find(f'{ns}g')
    panels, title = [], []
    for child in (figure if figure is not None else []):
        name = child.get('id', '')
        if name.startswith('text_'):
            title += _svg_texts(child)
        if not name.startswith('axes_'):
            continue
        words, axis_labels = [], []
        for part in child:
            part_id = part.get('id', '')
            if part_id.startswith('text_'):
                words += _svg_texts(part)  # the panel's title
            elif part_id.startswith('matplotlib.axis_'):
                label = [t for g in part if g.get('id', '').startswith('text_') for t in _svg_texts(g)]
                axis_labels.append(label[0] if label else '')
            elif part_id.startswith('legend_'):
                entries = [t for g in part if g.get('id', '').startswith('text_') for t in _svg_texts(g)]
                if entries:
                    words.append('lines: ' + ', '.join(entries))
        x, y = (axis_labels + ['', ''])[:2]
        lines = [w for w in words if w.startswith('lines:')]
        texts = [w for w in words if not w.startswith('lines:')]
        if x or y:  # a plot: its title (and notes), what against what, its lines
            words = texts + [f'{y or "values"} against {x or "position"}'] + lines
        elif texts:  # a drawing (a computational graph, say): the labels it shows
            words = ['a diagram labelled ' + ', '.join(texts)] + lines
        if words:
            panels.append('; '.join(words))
    said = ' | '.join(title + panels) or 'a figure'
    return said if len(said) <= 300 else said[:299] + '…'


def svg_size(path):
    """The width and height attributes of an SVG's <img>, in CSS pixels (Matplotlib gives
    points): the page keeps the figure's place before it loads, which it does lazily."""
    head = path.read_text()[:2000]
    found = re.search(r'<svg[^>]*\bwidth="([\d.]+)pt"[^>]*\bheight="([\d.]+)pt"', head)
    if not found:
        return ''
    return f'width="{round(float(found[1]) * 4 / 3)}" height="{round(float(found[2]) * 4 / 3)}" '


def figure_number_prefix(text):
    """'2.4.' for a page titled '2.4 Calculus', '' for a page whose title has no number."""
    found = re.search(r'<title>\s*(\d+(?:\.\d+)*)\s', text)
    return f'{found[1]}.' if found else ''


def figures(site):
    """Number each page's figures, and give each alt text and a caption that say what it
    shows; return how many."""
    count = 0
    for page in pages(site):
        text = page.read_text()
        prefix, number = figure_number_prefix(text), 0

        def captioned(match):
            nonlocal number
            number += 1
            svg = page.parent / match[1]
            said = html.escape(f'Fig. {prefix}{number}: {describe_svg(svg)}', quote=True)
            return (f'<img alt="{said}" src="{match[1]}" {svg_size(svg)}loading="lazy" '
                    f'decoding="async" />'
                    f'<p class="d2l-caption" aria-hidden="true">{said}</p>')
        new = FIGURE.sub(captioned, text)
        if new != text:
            page.write_text(new)
        count += number
    return count


SEARCH_BUTTON = re.compile(r'(<button class="btn search-button-field[^"]*"[^>]*?) aria-label="Search"')
SIDEBAR = '<div class="bd-sidebar-primary bd-sidebar'
EMPTY_HEADER = re.compile(r'<th class="head">(?:<p></p>)?</th>')
DISPLAY_FORMULA = '<mjx-container class="MathJax" jax="SVG" display="true"'


def accessible(site):
    """What axe-core asks of the theme's pages and of the formulas (see the top)."""
    for page in pages(site):
        text = page.read_text()
        new = SEARCH_BUTTON.sub(r'\1', text)  # its name: what it shows, "Search Ctrl + K"
        new = new.replace(SIDEBAR, f'<div role="region" aria-label="Site" {SIDEBAR[5:]}', 1)
        new = EMPTY_HEADER.sub('<td></td>', new)
        new = new.replace(DISPLAY_FORMULA, DISPLAY_FORMULA + ' tabindex="0"')
        if new != text:
            page.write_text(new)


DEFERRABLE = re.compile(r'<script src="([^"]*(?:searchtools|language_data|searchindex|d2l-explorer)'
                        r'\.js[^"]*)"></script>')


def deferred(site):
    """The scripts a page needs only once it is parsed (search, the explorers) wait for it,
    in order, rather than hold up its first paint."""
    for page in pages(site):
        text = page.read_text()
        new = DEFERRABLE.sub(r'<script defer src="\1"></script>', text)
        if new != text:
            page.write_text(new)


def finish(site):
    """Every step above on the site in folder site; a line saying what was done."""
    formulas = typeset_pages(site)
    fonts = icons_from_fonts(site)
    numbered = figures(site)
    accessible(site)
    deferred(site)
    return f'{formulas} formulas typeset, {numbered} figures described, icon fonts {fonts / 1000:.0f} kB'


def main(argv):
    print(finish(Path(argv[0])))


if __name__ == '__main__':
    main(sys.argv[1:])
