"""Build the static site in build/book/ from the recorded notebooks (`make book`).

The notebooks are not executed: their recorded outputs are shown, as `make test`
checks them. On copies in build/book-src/ this adds what a page needs and a notebook
does not: a bar with the hosted runtimes, the solutions and the textbook's section; a
note under each answer cell; each worked solution behind a "Show solution" toggle; and
each explorer's frames, drawn by tools/book/explorer_frames.py in two more processes
while Sphinx builds, behind native range inputs. Then Sphinx (tools/book/conf.py) writes
the HTML, and tools/book/finish.py typesets its formulas, cuts its icons and describes its
figures. docs/book.md says how the pieces fit.

    python tools/book/build.py [--out build/book]
"""
import argparse
import copy
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tools import contents, hosted_cells as hosted  # noqa: E402  (the badges' URLs, from [project.urls] Repository)
HERE = Path(__file__).resolve().parent
NOTEBOOKS = ROOT / 'notebooks'


def repository():
    """(owner, name, url) of the GitHub repository named in pyproject.toml's
    [project.urls] Repository, read by tools/hosted_cells.py, which builds the badges from it."""
    url = hosted.repository_url()
    owner, name = url.removeprefix('https://github.com/').split('/')
    return owner, name, url


def site_address(owner, name):
    """Where GitHub Pages publishes the site of repository owner/name."""
    return f'https://{owner.lower()}.github.io/{name}/'


def runtime_links(path):
    """(runtime, URL that opens the notebook at path (from the repository root) there),
    the URLs of the notebooks' badges (tools/hosted_cells.py)."""
    return [(service, hosted.service_url(service, path)) for service in hosted.SERVICES]


def contents_order():
    """The project's notebooks (tools/contents.py) in the order 00_index links to them
    (00_index first), as paths relative to notebooks/ without .ipynb. Any other notebook
    under notebooks/ (a learner's own) is no page of the book."""
    index = json.loads((NOTEBOOKS / '00_index.ipynb').read_text())
    text = '\n'.join(''.join(c['source']) for c in index['cells'] if c['cell_type'] == 'markdown')
    project = [p.relative_to(NOTEBOOKS).with_suffix('').as_posix()
               for p in contents.project_notebooks(NOTEBOOKS) if p.exists()]
    order = ['00_index']
    for target in re.findall(r'\]\(([^)#\s]+)\.ipynb\)', text):
        if target not in order and target in project:
            order.append(target)
    return order + [doc for doc in project if doc not in order]


CHAPTER_FOLDERS = ([], ['jax'])  # the chapters' folders: notebooks/ and notebooks/jax/


def page_kind(doc):
    """What the page of notebook doc (its path under notebooks/, without .ipynb) is, from
    its path and name, whatever its depth: 'solutions' (in a solutions/ folder), 'index'
    (00_index), 'appendix' (a 9N_ utilities notebook) or 'chapter' (an NN_ notebook of
    notebooks/ or notebooks/jax/). ValueError for a notebook that is none of these."""
    *folders, stem = doc.split('/')
    if 'solutions' in folders and stem.endswith('_solutions'):
        return 'solutions'
    if doc == '00_index':
        return 'index'
    if folders in CHAPTER_FOLDERS and re.match(r'9\d_', stem):
        return 'appendix'
    if folders in CHAPTER_FOLDERS and re.match(r'\d\d_', stem):
        return 'chapter'
    raise ValueError(f'make book: notebooks/{doc}.ipynb is no kind of page the book knows: a '
                     f'chapter (NN_name in notebooks/ or notebooks/jax/), an appendix (9N_name), '
                     f'00_index, or NAME_solutions in a solutions/ folder (tools/book/build.py)')


def solutions_of(chapter):
    """The solutions notebook of a chapter: solutions/NAME_solutions in the chapter's folder."""
    folder, _, stem = chapter.rpartition('/')
    return posixpath.join(folder, 'solutions', f'{stem}_solutions')


def chapter_of(solutions):
    """The chapter a solutions notebook solves: its name without _solutions, in the folder
    that holds its solutions/ folder."""
    *folders, stem = solutions.split('/')
    last = len(folders) - 1 - folders[::-1].index('solutions')
    return '/'.join(folders[:last] + folders[last + 1:] + [stem.removesuffix('_solutions')])


def href(doc, target):
    """The link from doc's page to target's, relative, as the site's folders nest."""
    return posixpath.relpath(target, posixpath.dirname(doc) or '.') + '.html'


def titled(source, doc):
    """A Markdown cell's source with its level-1 heading made the page's title: the
    notebook's title as tools/hosted_cells.py gives it, which names the edition of a JAX twin
    ("2.4 Calculus (JAX)") so that the site's search, sidebar and tabs tell it from its
    PyTorch chapter."""
    return re.sub(r'^# .+$', lambda _: f'# {hosted.title(doc)}', source, count=1, flags=re.M)


def markdown(text, **metadata):
    return {'cell_type': 'markdown', 'metadata': metadata, 'source': text}



def html_output(html):
    return {'output_type': 'display_data', 'metadata': {}, 'data': {'text/html': html}}


def offline_images(text):
    """Images from other sites (badges, say) as their alt text: the site loads nothing
    from elsewhere, so that it reads the same offline."""
    text = re.sub(r'!\[([^\]]*)\]\(https?://[^)]*\)', r'\1', text)

    def alt(tag):
        found = re.search(r'\balt\s*=\s*"([^"]*)"', tag[0])
        return found[1] if found else ''
    return re.sub(r'<img\b[^>]*\bsrc\s*=\s*"https?://[^"]*"[^>]*>', alt, text)


STATIC_VIEW = re.compile(r'Sliders\s+need\s+a\s+running\s+kernel[:;]\s+in\s+a\s+static\s+view\s+'
                         r'of\s+this\s+page,?\s+only\s+the\s+figure\s+above\s+shows\.\s*')


def without_static_view_note(text):
    """The chapters' note that sliders need a kernel, which the site's explorers do not
    (each says what it shows under its picture), taken out; a bracket left empty too."""
    text = STATIC_VIEW.sub('', text)
    return re.sub(r'\s*\(\s*\)', '', text).replace('( ', '(')


def run_bar(doc, owner, name, textbook):
    """The line under a page's title: open it on a hosted runtime, its solutions (or its
    chapter), and the textbook's section."""
    links = ' '.join(f'<a class="d2l-runtime" href="{url}">{runtime}</a>'
                     for runtime, url in runtime_links(f'notebooks/{doc}.ipynb'))
    parts = [f'<span class="d2l-run-label">Run this page:</span> {links}']
    kind = page_kind(doc)
    if kind == 'solutions':
        parts.append(f'<a href="{href(doc, chapter_of(doc))}">the chapter</a>')
    elif kind == 'chapter' and (NOTEBOOKS / f'{solutions_of(doc)}.ipynb').exists():
        parts.append(f'<a href="{href(doc, solutions_of(doc))}">solutions</a>')
    text, url = textbook
    parts.append(f'<a href="{url}">{text}</a>')
    return f'<p class="d2l-run-bar">{" · ".join(parts)}</p>'


def textbook_link(cells):
    """(text, URL) of the first link to a page of d2l.ai in the notebook's Markdown,
    or d2l.ai itself."""
    for cell in cells:
        if cell['cell_type'] == 'markdown':
            found = re.search(r'\[([^\]]+)\]\((https://d2l\.ai/[^)\s]+)\)', ''.join(cell['source']))
            if found:
                return f"the textbook's {found[1]}", found[2]
    return 'the textbook, d2l.ai', 'https://d2l.ai'


EXERCISE_CALL = re.compile(r'd2l\.exercise\(\s*["\']([^"\']+)["\']\s*,\s*(\d+)\s*\)\.check\(')
SOLUTION_HEADING = re.compile(r'^##\s+Exercise\s+(\d+)\b.*$', re.M)


def solution_cells(doc):
    """The cells of each worked solution to chapter doc (solutions/NAME_solutions in its
    folder), by exercise number: those under its '## Exercise N' heading (the heading
    itself left out)."""
    path = NOTEBOOKS / f'{solutions_of(doc)}.ipynb'
    if not path.exists():
        return {}
    cells = json.loads(path.read_text())['cells']
    found, current = {}, None
    for cell in cells:
        source = ''.join(cell['source'])
        heading = SOLUTION_HEADING.search(source) if cell['cell_type'] == 'markdown' else None
        if heading:
            current = int(heading[1])
            found[current] = []
            rest = source[heading.end():].strip()
            if rest:
                found[current].append({**cell, 'source': rest})
        elif cell['cell_type'] == 'markdown' and re.match(r'\s*(#|---)', source):
            current = None  # another section, or the links at the foot
        elif current is not None:
            found[current].append(cell)
    return found


def moved_up(cell):
    """A cell of a solutions/ folder shown on its chapter's page, one folder up: its
    relative links made to point from there."""
    if cell['cell_type'] != 'markdown':
        return cell
    def relink(match):
        target = match[1]
        return f'](' + (target[3:] if target.startswith('../') else f'solutions/{target}')
    source = re.sub(r'\]\((?![a-z]+:|#|/)([^)\s]+\.ipynb)', relink, ''.join(cell['source']))
    return {**cell, 'source': source}


def toggle(cells, label='Show solution'):
    """cells behind a toggle, collapsed: a <details> opened and closed around them."""
    return ([markdown(f'<details class="d2l-solution">\n<summary>{label}</summary>\n')]
            + cells + [markdown('</details>\n')])


def explorer_html(name, depth):
    """Where an explorer's sliders and picture go, and the script with its frames."""
    up = '../' * depth
    return (f'<div class="d2l-explorer" data-explorer="{name}" data-base="{up}_explorers/{name}/">'
            f'<noscript>The sliders need JavaScript.</noscript></div>\n'
            f'<script src="{up}_explorers/{name}/manifest.js"></script>\n')


def prepare(doc, owner, name, explorers):
    """The notebook doc as the site shows it (a dict, nbformat 4)."""
    notebook = json.loads((NOTEBOOKS / f'{doc}.ipynb').read_text())
    kind, depth = page_kind(doc), doc.count('/')  # depth: only for relative URLs
    cells, solutions = [], solution_cells(doc) if kind == 'chapter' else {}
    chapter = NOTEBOOKS / f'{chapter_of(doc)}.ipynb' if kind == 'solutions' else None
    textbook = textbook_link(json.loads(chapter.read_text())['cells'] if chapter and
                             chapter.exists() else notebook['cells'])
    title_done = False
    explorer_number = 0
    for index, cell in enumerate(notebook['cells']):
        cell = copy.deepcopy(cell)
        source = ''.join(cell['source'])
        if cell['cell_type'] == 'markdown':
            cell['source'] = without_static_view_note(offline_images(source))
            if not title_done and re.search(r'^# ', source, re.M):
                cell['source'], title_done = titled(cell['source'], doc), True
            if kind == 'solutions' and SOLUTION_HEADING.search(source):
                heading = SOLUTION_HEADING.search(source)
                body = source[heading.end():].strip()
                cells.append(markdown(source[:heading.end()]))
                cells.extend(toggle([markdown(body)] if body else []))
                # the cells up to the next heading are moved inside the toggle below
                continue
        cells.append(cell)
        if index == 0 and kind != 'index':
            cells.append(markdown(run_bar(doc, owner, name, textbook)))
        if cell['cell_type'] == 'code' and f'{doc}:{index}' in explorers:
            explorer_number += 1
            cell['source'] = '\n'.join(line for line in source.splitlines()
                                       if not line.startswith('# Ignored by nbval'))
            cell['outputs'] = [html_output(explorer_html(explorers[f'{doc}:{index}'], depth))]
        if cell['cell_type'] == 'code':
            call = EXERCISE_CALL.search(source)
            if call and kind == 'chapter':
                links = ' '.join(f'<a class="d2l-runtime" href="{url}">{runtime}</a>'
                                 for runtime, url in runtime_links(f'notebooks/{doc}.ipynb'))
                cells.append(markdown(
                    f'<p class="d2l-answer-note">Answer in a running copy of this notebook: '
                    f'{links}, or <code>make lab</code> on your machine.</p>\n'))
                worked = [moved_up(c) for c in solutions.get(int(call[2]), [])]
                if worked:
                    cells.extend(toggle(worked))
    if kind == 'solutions':
        cells = _close_solution_toggles(cells)
    seen = set()
    for number, cell in enumerate(cells):  # cells added or copied get ids of their own
        if cell.get('id') in seen or 'id' not in cell:
            cell['id'] = f'book-{number}'
        seen.add(cell['id'])
    notebook['cells'] = cells
    return notebook


def _close_solution_toggles(cells):
    """On a solutions page: move each exercise's cells inside the toggle under its heading,
    up to the next heading or the links at the foot."""
    out, open_toggle = [], None
    for cell in cells:
        source = ''.join(cell['source'])
        is_close = cell['cell_type'] == 'markdown' and source == '</details>\n'
        starts_section = cell['cell_type'] == 'markdown' and re.match(r'\s*(#|---)', source)
        if is_close:
            open_toggle = cell  # hold it back: the exercise's cells come first
            continue
        if open_toggle is not None and starts_section:
            out.append(open_toggle)
            open_toggle = None
        out.append(cell)
    if open_toggle is not None:
        out.append(open_toggle)
    return out


def build(site):
    """Build the site into a folder beside site, then put it in site's place: a build that
    fails or is stopped leaves the last site as it was (`make book-serve` keeps serving)."""
    started = time.perf_counter()
    out = site.with_name(site.name + '.new')
    owner, name, url = repository()
    order = contents_order()
    work = ROOT / 'build'
    src, explorers_dir = work / 'book-src', work / 'book-explorers'
    for folder in (src, explorers_dir, out):
        shutil.rmtree(folder, ignore_errors=True)
    # The explorers' frames are drawn in other processes while Sphinx builds.
    sys.path.insert(0, str(HERE))
    import explorer_frames
    import finish
    explorers = {}
    for doc in order:
        notebook = json.loads((NOTEBOOKS / f'{doc}.ipynb').read_text())
        for n, cell in enumerate(explorer_frames.explorer_cells(notebook), 1):
            explorers[f'{doc}:{cell}'] = f'{doc.replace("/", "-")}-{n}'
    # Two processes share the notebooks (a core each once Sphinx is done): frames take most
    # of the build's time, and the last chapter's (4.4's descent, 4 sliders) about half.
    notebooks = list(dict.fromkeys(key.split(':')[0] for key in explorers))
    drawing = [subprocess.Popen(
        [sys.executable, str(HERE / 'explorer_frames.py'), str(explorers_dir),
         *[str(NOTEBOOKS / f'{doc}.ipynb') for doc in share]],
        stdout=subprocess.PIPE, env={**os.environ, 'MPLBACKEND': 'Agg'}, cwd=ROOT)
        for share in (notebooks[-1:], notebooks[:-1]) if share]
    for doc in order:
        target = src / f'{doc}.ipynb'
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(prepare(doc, owner, name, explorers), indent=1))
    toc = '\n'.join(order[1:])  # each entry shows its page's title (titled())
    with (src / '00_index.ipynb').open('r+') as file:  # the sidebar: 00_index's order
        notebook = json.load(file)
        notebook['cells'].append({**markdown(f'```{{toctree}}\n:hidden:\n\n{toc}\n```\n'), 'id': 'book-toc'})
        file.seek(0), file.truncate(), json.dump(notebook, file, indent=1)
    os.environ.update(D2L_BOOK_REPOSITORY=url, D2L_BOOK_SITE=site_address(owner, name),
                      D2L_BOOK_STATIC=str(HERE / 'static'))
    from sphinx.cmd.build import build_main
    status = build_main(['-q', '-b', 'html', '-c', str(HERE), '-W', '--keep-going',
                         '-d', str(work / 'book-doctrees'), str(src), str(out)])
    sphinx_done = time.perf_counter()
    finished = finish.finish(out) if not status else ''  # while the frames are drawn
    drawn = {}
    for process in drawing:
        drawn.update(json.loads(process.communicate()[0] or '{}'))
    failed = [process.returncode for process in drawing if process.returncode]
    if status or failed:
        raise SystemExit(f'make book: failed (Sphinx {status}, explorers {failed})')
    if drawn != explorers:
        raise SystemExit(f'make book: explorers drawn {drawn}, expected {explorers}')
    frames_done = time.perf_counter()
    shutil.copytree(explorers_dir, out / '_explorers')
    (out / 'index.html').write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>d2l calculus companion</title>'
        '<meta http-equiv="refresh" content="0; url=00_index.html"></head>'
        '<body><a href="00_index.html">Contents</a></body></html>\n')
    (out / '.nojekyll').write_text('')  # GitHub Pages: serve _static/ and _explorers/ as they are
    shutil.rmtree(site, ignore_errors=True)
    out.rename(site)
    print(f'make book: {len(order)} pages, {len(explorers)} explorers, {finished}, '
          f'in {os.path.relpath(site, ROOT)}/ in {time.perf_counter() - started:.1f} s (Sphinx done '
          f'at {sphinx_done - started:.1f} s, frames at {frames_done - started:.1f} s); '
          f'site address {site_address(owner, name)}')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--out', type=Path, default=ROOT / 'build' / 'book')
    build(parser.parse_args().out.resolve())


if __name__ == '__main__':
    main()
