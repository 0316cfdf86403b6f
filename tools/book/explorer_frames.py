"""Draw each explorer's frames for the static site: the pictures LiveFigure draws (at 2x,
stored as WebP), one per setting of the sliders on a grid, written to a folder with a
manifest the page's JavaScript (tools/book/static/d2l-explorer.js) reads: the sliders'
values and readouts, the frames' files, and what each frame shows (its alt text).

An explorer cell is a code cell whose last statement calls a function named explore_*
(`d2l.explore_secant(f, x=1.0)`). The cell is not re-run with its notebook: only the
earlier cells that define the names it uses (and the names those use, and so on) are
run, quietly, in one namespace, then the explorer call itself. Nothing is recorded back
into a notebook.

    python tools/book/explorer_frames.py OUT_DIR NOTEBOOK.ipynb...   # writes OUT_DIR/*/
"""
import ast
import contextlib
import io
import json
import math
import os
import sys
from pathlib import Path

# Frames are drawn for 2x screens: two image pixels per CSS pixel of the width they are
# shown at (96 per inch of the figure), as a notebook's picture is; make test-book checks
# at least 1.5. Each is stored as a lossless WebP of at most PALETTE colours (a figure has
# few; anti-aliased edges keep their look), a fifth of the PNG LiveFigure writes.
SITE_DPI = 192
PALETTE = 128
# Every combination of the sliders' values on the grid is a frame. A slider shows at least
# LEAST of its values (all if it has fewer); an explorer has at most FRAME_LIMIT frames,
# more only when its sliders' LEAST values need them, and about MOST_FRAMES at the very
# most (a frame takes 20-40 ms to draw and encode, and `make book` must stay within 30 s
# on two cores): past that, the last slider keeps 3 values (the start and both ends), then
# 2, then the one before it, and the page says why (why_fewer). The grid is regular, so a
# slider may keep one more.
LEAST = 5
FRAME_LIMIT = 64
MOST_FRAMES = 160
# What an explorer's frames may weigh in all, on the site's disk (make test-book checks
# it). A reader fetches only the frame shown and those one move away, once the explorer
# nears the screen (tools/book/static/d2l-explorer.js), never all of them.
FRAME_BUDGET_BYTES = 8_000_000


def live_figure_class():
    """LiveFigure, the engine every explorer draws its frames with (the one import of it)."""
    from d2lutils.live_figure import LiveFigure
    return LiveFigure


@contextlib.contextmanager
def site_resolution():
    """Explorers made inside draw their frames at SITE_DPI (LiveFigure.dpi: for the
    figure it makes)."""
    engine = live_figure_class()
    kept = engine.dpi
    engine.dpi = SITE_DPI
    try:
        yield
    finally:
        engine.dpi = kept


def live_figure_and_controls(widget):
    """The LiveFigure behind an explorer's widget and its sliders by argument name.

    The one place that knows how an explorer's widget is built (LiveFigure.interact:
    a VBox of the controls, the picture and an error area, with .live the figure)."""
    live = widget.live
    picture = widget.children[len(widget.children) - 2]
    names = list(picture.names)
    return live, dict(zip(names, widget.children[:len(names)]))


def is_explorer_call(source):
    """Whether the cell's last statement calls a function named explore_*."""
    tree = _parse(source)
    if tree is None or not tree.body or not isinstance(tree.body[-1], ast.Expr):
        return False
    call = tree.body[-1].value
    if not isinstance(call, ast.Call):
        return False
    name = getattr(call.func, 'attr', None) or getattr(call.func, 'id', '')
    return name.startswith('explore_')


def _parse(source):
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(('%', '!'))]
    try:
        return ast.parse('\n'.join(lines))
    except SyntaxError:
        return None


def _names(tree):
    """(names the code binds, names it reads when it runs, names read inside the bodies
    of the functions and classes it defines, which are looked up only when called)."""
    bound, now, later = set(), set(), set()

    def visit(node, deferred):
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, (ast.Store, ast.Del)):
                bound.add(node.id) if not deferred else None
            else:
                (later if deferred else now).add(node.id)
            return
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if not deferred:
                bound.add(node.name)
            for child in node.decorator_list + getattr(node, 'bases', []):
                visit(child, deferred)
            for child in node.body:
                visit(child, deferred or not isinstance(node, ast.ClassDef))
            return
        if isinstance(node, ast.Lambda):
            visit(node.body, True)
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)) and not deferred:
            for alias in node.names:
                bound.add((alias.asname or alias.name).split('.')[0])
        for child in ast.iter_child_nodes(node):
            visit(child, deferred)
    visit(tree, False)
    return bound, now, later


def needed_cells(sources, index):
    """The indices of the cells before sources[index] that it needs, in order: for each
    name a cell reads as it runs, the last cell before it that binds the name; for each
    name read inside a function it defines (looked up when called), the last such cell
    before sources[index]; and so on for the cells found."""
    trees = [_parse(s) for s in sources[:index + 1]]
    names = [_names(t) if t is not None else (set(), set(), set()) for t in trees]
    chosen, todo = set(), [index]

    def binder(name, before):
        return next((i for i in range(before - 1, -1, -1) if name in names[i][0]), None)
    while todo:
        cell = todo.pop()
        _, now, later = names[cell]
        found = {binder(n, cell) for n in now} | {binder(n, index) for n in later}
        for i in found - {None} - chosen:
            chosen.add(i)
            todo.append(i)
    return sorted(chosen - {index})


def slider_values(control):
    """Every value a slider can take, in order, and the index of its value now."""
    import ipywidgets as widgets
    low, high, step = control.min, control.max, control.step
    count = int(round((high - low) / step)) + 1
    exponents = [low + i * step for i in range(count)]
    if isinstance(control, widgets.FloatLogSlider):
        values = [control.base ** e for e in exponents]
        start = round((math.log(control.value, control.base) - low) / step)
    else:
        values = [round(e, 10) for e in exponents]
        if isinstance(control, widgets.IntSlider):
            values = [int(v) for v in values]
        start = round((control.value - low) / step)
    return values, min(max(start, 0), count - 1)


def spread(count, start, k):
    """About k of the indices range(count): every s-th from start (s as small as keeps
    them to k), and both ends, each in place of an index closer to it than s/2; for k of
    3, start and both ends; for k of 2 or less, start and the end farther from it."""
    if k >= count:
        return list(range(count))
    if k <= 2:  # the start and the end farther from it
        return sorted({start, 0 if start * 2 >= count - 1 else count - 1})
    if k == 3:  # the start and both ends (the middle, if the start is an end)
        return sorted({0, start, count - 1} | ({(count - 1) // 2} if start in (0, count - 1) else set()))
    stride = math.ceil((count - 1) / max(k - 1, 1))
    chosen = {i for i in range(start % stride, count, stride)}
    for end in (0, count - 1):
        chosen = {i for i in chosen if i == start or abs(i - end) * 2 >= stride} | {end}
    return sorted(chosen)


def grid(counts, starts, most, least=2):
    """Per slider, the indices of its values on the grid: all of them if the product of
    the counts is at most `most`, else fewer (`spread`), taken from the slider with the
    most (the later of two alike) until the product fits, each keeping at least its
    `least` values (a number for all, or one per slider) where it has them."""
    least = [least] * len(counts) if isinstance(least, int) else list(least)
    floor = [max(2, min(n, k)) for n, k in zip(counts, least)]
    wanted, done = list(counts), set()

    def sizes():
        return [len(spread(n, a, k)) for n, a, k in zip(counts, starts, wanted)]
    while math.prod(sizes()) > most:
        now = sizes()
        shrinkable = [i for i in range(len(now)) if now[i] > floor[i] and i not in done]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: (now[i], i))
        kept = wanted[widest]
        while sizes()[widest] == now[widest] and wanted[widest] > 2:
            wanted[widest] -= 1
        if sizes()[widest] == now[widest] or sizes()[widest] < floor[widest]:
            wanted[widest] = kept  # it cannot shrink and keep its least values
            done.add(widest)
    return [spread(n, a, k) for n, a, k in zip(counts, starts, wanted)]


def least_values(counts, starts):
    """How many values each slider keeps at least: LEAST (or all it has), unless their
    combinations pass MOST_FRAMES; then the last slider keeps 3 (the start and both ends),
    then 2 (the start and the farther end), then the one before it, until they fit."""
    least = [min(n, LEAST) for n in counts]
    for i in reversed(range(len(least))):
        for fewer in (3, 2):
            if math.prod(least) <= MOST_FRAMES:
                return least
            least[i] = min(least[i], len(spread(counts[i], starts[i], fewer)))
    return least


def describe(figure):
    """What a Matplotlib figure shows, in words, for its alt text: per panel, its title,
    what it plots against what (its axis labels) and its legend's entries."""
    panels = []
    for axes in figure.get_axes():
        if not axes.get_visible() or not axes.has_data() and not axes.get_title():
            continue
        words = [axes.get_title()] if axes.get_title() else []
        y, x = axes.get_ylabel(), axes.get_xlabel()
        if x or y:
            words.append(f'{y or "values"} against {x or "position"}')
        legend = axes.get_legend()
        if legend is not None:
            words.append('lines: ' + ', '.join(t.get_text() for t in legend.get_texts()))
        if words:
            panels.append('; '.join(words))
    title = figure._suptitle.get_text() if getattr(figure, '_suptitle', None) else ''
    return ' | '.join(([title] if title else []) + panels) or 'a figure'


def webp(png):
    """A frame's PNG as a lossless WebP of at most PALETTE colours."""
    from PIL import Image
    image = Image.open(io.BytesIO(png)).convert('RGB')
    out = io.BytesIO()
    image.quantize(PALETTE, method=Image.Quantize.FASTOCTREE).save(
        out, 'WEBP', lossless=True, method=1, quality=20)  # quality: effort, for speed
    return out.getvalue()


def _readout(control, value):
    """The value as the slider's readout shows it."""
    fmt = getattr(control, 'readout_format', None) or ('d' if isinstance(value, int) else '.2f')
    try:
        return format(value, fmt)
    except (TypeError, ValueError):
        return str(value)


def draw_explorer(widget, out_dir):
    """Draw the frames of one explorer widget into out_dir; return its manifest."""
    live, controls = live_figure_and_controls(widget)
    names = list(controls)
    everything = [slider_values(c) for c in controls.values()]
    counts = [len(v) for v, _ in everything]
    starts = [a for _, a in everything]
    least = least_values(counts, starts)
    first = webp(live.draw(**{n: v[a] for n, (v, a) in zip(names, everything)}))
    fit = max(1, FRAME_BUDGET_BYTES // int(len(first) * 1.3))  # sizes vary
    most = min(max(FRAME_LIMIT, math.prod(least)), MOST_FRAMES, max(fit, math.prod(least)))
    picks = grid(counts, starts, most, least)
    sliders = []
    for name, control, (values, start), indices in zip(names, controls.values(), everything, picks):
        sliders.append({'name': name, 'label': control.description or name,
                        'values': [values[i] for i in indices],
                        'readouts': [_readout(control, values[i]) for i in indices],
                        'start': indices.index(start), 'of': len(values)})
    out_dir.mkdir(parents=True, exist_ok=True)
    frames, alts, total = [], [], 0
    for flat in range(math.prod(len(s['values']) for s in sliders)):
        position, rest = [], flat
        for s in reversed(sliders):  # the last slider varies fastest
            rest, i = divmod(rest, len(s['values']))
            position.insert(0, i)
        image = webp(live.draw(**{s['name']: s['values'][i] for s, i in zip(sliders, position)}))
        file = f'{flat}.webp'
        (out_dir / file).write_bytes(image)
        frames.append(file)
        alts.append(describe(live.figure))
        total += len(image)
    inches = live.figure.get_size_inches()
    return {'sliders': sliders, 'frames': frames, 'alts': alts, 'width': round(inches[0] * 96),
            'height': round(inches[1] * 96), 'bytes': total, 'why': why_fewer(sliders)}


def why_fewer(sliders):
    """Why some sliders have fewer than LEAST positions on the site ('' if none has): every
    combination of the sliders' values is a frame drawn when the site is built."""
    few = [s for s in sliders if len(s['values']) < min(s['of'], LEAST)]
    if not few:
        return ''
    wanted = math.prod(min(s['of'], LEAST) for s in sliders)
    return (f'Why {" and ".join(s["label"] for s in few)} have only '
            f'{" and ".join(str(len(s["values"])) for s in few)} positions here: each '
            f'combination of the sliders is a picture drawn when the site is built, and '
            f'{LEAST} positions for every slider would take {wanted} pictures, more than the '
            f'{MOST_FRAMES} the build can draw in its time; the sliders listed first keep '
            f'{LEAST} or more. In a running notebook every value is there.')


def page(path):
    """The notebook at path as the site names its page: its path under notebooks/, no suffix."""
    path = Path(path).resolve()
    notebooks = Path(__file__).resolve().parents[2] / 'notebooks'
    inside = path.relative_to(notebooks) if path.is_relative_to(notebooks) else Path(path.name)
    return inside.with_suffix('').as_posix()


def explorer_cells(notebook):
    """The indices (among all cells) of a notebook's explorer cells."""
    return [i for i, c in enumerate(notebook['cells'])
            if c['cell_type'] == 'code' and is_explorer_call(''.join(c['source']))]


def draw_notebook(path, out_root):
    """Draw every explorer of the notebook at path into out_root/PAGE-N/ (jax-01_calculus-1,
    say); the names by the index of the explorer's cell."""
    notebook = json.loads(Path(path).read_text())
    code = [i for i, c in enumerate(notebook['cells']) if c['cell_type'] == 'code']
    sources = [''.join(notebook['cells'][i]['source']) for i in code]
    made = {}
    namespace = None
    for n, cell in enumerate(explorer_cells(notebook), 1):
        k = code.index(cell)
        if namespace is None:
            namespace = {'__name__': '__main__'}
        for i in needed_cells(sources, k):
            _run(sources[i], namespace, f'{path} cell {code[i]}')
        tree = _parse(sources[k])
        *before, last = tree.body
        _run(ast.unparse(ast.Module(before, [])), namespace, f'{path} cell {cell}')
        with _quiet(), site_resolution():
            widget = eval(compile(ast.Expression(last.value), str(path), 'eval'), namespace)
        name = f'{page(path).replace("/", "-")}-{n}'
        manifest = draw_explorer(widget, out_root / name)
        (out_root / name / 'manifest.js').write_text(  # a script: it loads from file:// too
            f'(window.D2L_EXPLORERS = window.D2L_EXPLORERS || {{}})[{json.dumps(name)}] = '
            f'{json.dumps(manifest)};\n')
        made[cell] = name
    return made


@contextlib.contextmanager
def _quiet():
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        yield


def _run(source, namespace, where):
    import matplotlib.pyplot as plt
    tree = _parse(source)
    with _quiet():
        exec(compile(tree, where, 'exec'), namespace)
    plt.close('all')


def main(argv):
    os.environ.setdefault('MPLBACKEND', 'Agg')
    out_root, paths = Path(argv[0]), argv[1:]
    found = {}
    for path in paths:
        for cell, name in draw_notebook(path, out_root).items():
            found[f'{page(path)}:{cell}'] = name
    print(json.dumps(found))


if __name__ == '__main__':
    main(sys.argv[1:])
