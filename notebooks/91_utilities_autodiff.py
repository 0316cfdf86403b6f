# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Utilities: traces, tables and graphs of the autodiff engine
#
# The chapter [Autodiff from scratch](03_autodiff_from_scratch.ipynb) builds a
# small automatic differentiation engine, `d2lutils.autodiff`, and shows its
# work: evaluation traces printed as tables, computational graphs drawn with
# Matplotlib, and a slider that steps through a backward pass. The code that
# does the showing is not what the chapter teaches, so it lives here, as the
# textbook keeps such helpers in its appendix "Utility Functions and Classes".
# Every block marked `#@save autodiff_draw` becomes part of
# `d2lutils/autodiff_draw.py`; the two marked `#@save autodiff` join the engine.
# Back to the [table of contents](00_index.ipynb).
#
# Nothing here is needed to understand the chapter. Read on if you want to
# know how a table is lined up or a graph laid out.

# %% [markdown]
# ## The engine and its drawings, in two modules
#
# The engine (`d2lutils.autodiff`) imports no Matplotlib, and nothing of its
# drawings: it stands alone, small enough to read in one sitting. The
# drawings (`d2lutils.autodiff_draw`) need Matplotlib and the engine, so the
# imports go one way only: a notebook that draws a trace imports
# `d2lutils.autodiff_draw`, and one that only differentiates needs nothing
# but the engine.

# %%
# In Colab, Kaggle, Studio Lab or a notebook alone, this installs d2lutils.
import importlib.util, os, sys
if importlib.util.find_spec('d2lutils') is None:
    repository = 'git+https://github.com/d2l-companion/d2l-calculus-companion'
    source = os.environ.get('D2LUTILS_PIP_SOURCE', repository)
    print(f'Installing d2lutils from {source}')
    get_ipython().system(f'"{sys.executable}" -m pip install --quiet {source}')

# %% [markdown]
# The drawing module uses the engine's values, its rules and its checks of
# arguments:

# %%
#@save autodiff_draw
import collections
import numbers
import unicodedata
from d2lutils.autodiff import RULES, Var, _check_callable, _reals, topological_order

# %% [markdown]
# ## Notation of the primitives
#
# The tables write each operation and its local derivatives in symbols. For
# each primitive of the engine's `RULES`, `formula` and `partials` say it with
# `{0}`, `{1}` for the arguments and `{out}` for the result; `label` names it
# in drawings. A primitive added to `RULES` without notation (a `tan`, say)
# is written as `tan({0})`, with `tan'({0})` for its derivative.

# %%
#@save autodiff_draw
NOTATION = {
    'add': ('{0} + {1}', ('1', '1'), '+'),
    'sub': ('{0} - {1}', ('1', '-1'), '−'),
    'mul': ('{0}·{1}', ('{1}', '{0}'), '×'),
    'div': ('{0}/{1}', ('1/{1}', '-{0}/{1}²'), '÷'),
    'neg': ('-{0}', ('-1',), '−'),
    'pow': ('{0}^{1}', ('{1}·{0}^({1}-1)', '0'), 'pow'),
    'powv': ('{0}^{1}', ('{1}·{0}^({1}-1)', '{out}·ln {0}'), 'pow'),
    'log': ('ln {0}', ('1/{0}',), 'ln'),
    'exp': ('exp {0}', ('{out}',), 'exp'),
    'sin': ('sin {0}', ('cos {0}',), 'sin'),
    'cos': ('cos {0}', ('-sin {0}',), 'cos'),
    'tanh': ('tanh {0}', ('1 - {out}²',), 'tanh'),
    'sqrt': ('sqrt {0}', ('1/(2·{out})',), '√'),
}


# %%
#@save autodiff_draw
class Primitive(collections.namedtuple('Primitive', 'rule formula partials label')):
    """A primitive of the engine with its notation: RULES[name] and NOTATION[name].

    Defined in notebooks/91_utilities_autodiff.ipynb."""
    __slots__ = ()


# %%
#@save autodiff_draw
def _notation(name):
    """(formula, partials, label) of a primitive, made up from its name when not in NOTATION."""
    return NOTATION.get(name, (f'{name}({{0}})', (f"{name}'({{0}})",), name))


# %%
#@save autodiff_draw
PRIMITIVES = {name: Primitive(RULES[name], *_notation(name)) for name in RULES}

# %% [markdown]
# ## The record of one evaluation
#
# A `Trace` holds the inputs, the output and every node in between, in
# evaluation order, each with its name $v_i$. The nodes are the engine's `Var`s;
# a node is recognised by what it has (`_parents`), not by its class, so the
# tables also work on the `Var`s of the copy of the engine that the chapter
# defines in its own cells.

# %%
#@save autodiff_draw
def _is_node(value):
    """Whether value is a node of a graph (a Var), rather than a number."""
    return hasattr(value, '_parents')


# %%
#@save autodiff_draw
def _subscript(number):
    """number written with Unicode subscript digits: -1 -> ₋₁."""
    return str(number).translate(str.maketrans('-0123456789', '₋₀₁₂₃₄₅₆₇₈₉'))


# %%
#@save autodiff_draw
class Trace:
    """The evaluation trace of a function at one point, made by trace(f, primals).

    inputs: the leaf Vars given to f; names: their names (x₁, x₂, ...);
    output: the Var f returned; nodes: the inputs, then every other Var the
    output depends on, in evaluation order; symbols: v₋₁, v₀, v₁, ..., one per
    node (the inputs are v_{1-n}, ..., v₀).

    Defined in notebooks/91_utilities_autodiff.ipynb."""

    def __init__(self, inputs, names, output, nodes):
        self.inputs, self.names, self.output, self.nodes = inputs, names, output, nodes
        first = 1 - len(inputs)
        self.symbols = [f'v{_subscript(first + k)}' for k in range(len(nodes))]
        self._position = {id(node): k for k, node in enumerate(nodes)}

    def position(self, node):
        """Index of the Var node in self.nodes."""
        return self._position[id(node)]

    def symbol(self, arg):
        """The name of a node (v₁, ...), or a number written out."""
        return self.symbols[self.position(arg)] if _is_node(arg) else f'{arg:g}'

    def __repr__(self):
        return (f'Trace({len(self.inputs)} inputs, {len(self.nodes) - len(self.inputs)} '
                f'other nodes, output {self.output.value:g})')


# %%
#@save autodiff_draw
def trace(f, primals, names=None):
    """Run f on Vars at primals and return the Trace of the evaluation.

    f: a function of len(primals) arguments, built from + - * / ** and the
    engine's functions, returning one Var. primals: a list or tuple of real
    numbers. names: a name per input (default x₁, x₂, ...).

    Defined in notebooks/91_utilities_autodiff.ipynb."""
    _check_callable(f, 'trace')
    primals = _reals(primals, 'primals')
    if names is None:
        names = [f'x{_subscript(i)}' for i in range(1, len(primals) + 1)]
    if len(names) != len(primals):
        raise ValueError(f'trace: {len(names)} names for {len(primals)} primals')
    inputs = [Var(p) for p in primals]
    output = f(*inputs)
    if not isinstance(output, Var):
        raise TypeError(f'trace: f must return a Var computed from its arguments, '
                        f'got {type(output).__name__}')
    is_input = {id(v) for v in inputs}
    others = sorted((v for v in topological_order(output) if id(v) not in is_input),
                    key=lambda v: v._serial)
    return Trace(inputs, [str(name) for name in names], output, inputs + others)


# %%
#@save autodiff_draw
def _check_trace(record):
    """Raise a TypeError unless record is a Trace."""
    if not isinstance(record, Trace):
        raise TypeError(f'expected a Trace from trace(f, primals), got {type(record).__name__}')


# %% [markdown]
# ## Text tables
#
# A table is a list of rows of strings, lined up by `_format_rows`: numbers to
# the right, everything else to the left. Widths are counted in columns on the
# screen, where the combining dot of $\dot{v}$ and the bar of $\bar{v}$ take
# none.

# %%
#@save autodiff_draw
def _width(text):
    """Columns text takes on screen: combining accents (the dot of v̇) take none."""
    return sum(not unicodedata.combining(char) for char in text)


# %%
#@save autodiff_draw
def _is_number(text):
    """Whether the string text is a number, such as '-4.333'."""
    try:
        float(text)
    except ValueError:
        return False
    return True


# %%
#@save autodiff_draw
def _format_rows(rows):
    """rows (lists of strings) as aligned text: numbers to the right, the rest to the left."""
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [(' ' * (w - _width(t)) + t) if _is_number(t) else (t + ' ' * (w - _width(t)))
                 for t, w in zip(row, widths)]
        lines.append(' '.join(cells).rstrip())
    return '\n'.join(lines)


# %% [markdown]
# The primal table: each node, how it is computed in symbols, and its value.

# %%
#@save autodiff_draw
def _definition(record, k):
    """How node k of the trace is computed, in symbols: 'x₁', 'v₋₁·v₀', ..."""
    node = record.nodes[k]
    if k < len(record.inputs):
        return record.names[k]
    if node._op is None:  # a Var made inside f, a constant there
        return f'{node.value:g}'
    return _notation(node._op)[0].format(*map(record.symbol, node._args))


# %%
#@save autodiff_draw
def _primal_rows(record, digits):
    """One row [vᵢ, =, definition, =, value] per node."""
    return [[record.symbols[k], '=', _definition(record, k), '=', f'{node.value:.{digits}f}']
            for k, node in enumerate(record.nodes)]


# %%
#@save autodiff_draw
def primal_table(record, digits=3):
    """The primal evaluation trace as text: each node, its definition and its value.

    record: a Trace from trace(). digits: decimals shown.

    Defined in notebooks/91_utilities_autodiff.ipynb."""
    _check_trace(record)
    out = record.output
    rows = _primal_rows(record, digits)
    rows.append(['y', '=', record.symbol(out), '=', f'{out.value:.{digits}f}'])
    return _format_rows(rows)


# %% [markdown]
# The tangent and adjoint tables write sums of products such as
# $\dot{v}_{-1} v_0 + \dot{v}_0 v_{-1}$ from the `partials` of the notation.

# %%
#@save autodiff_draw
def _local_derivative(record, node, i):
    """∂node/∂(argument i) in symbols, such as 'v₀' for v₋₁·v₀ and i = 0."""
    template = _notation(node._op)[1][i]
    return template.format(*map(record.symbol, node._args), out=record.symbol(node))


# %%
#@save autodiff_draw
def _accent(name, mark):
    """name with a dot (tangent) or bar (adjoint) over its first letter: v₁ -> v̇₁."""
    return name[0] + {'dot': '\u0307', 'bar': '\u0304'}[mark] + name[1:]


# %%
#@save autodiff_draw
def _term(factor, partial):
    """factor times the local derivative partial, as (is it subtracted?, text)."""
    negative = partial.startswith('-')
    partial = partial[1:] if negative else partial
    if partial == '1':
        return negative, factor
    if partial.startswith('1/'):
        return negative, f'{factor}/{partial[2:]}'
    if ' + ' in partial or ' - ' in partial:
        partial = f'({partial})'
    return negative, f'{factor}·{partial}'


# %%
#@save autodiff_draw
def _sum_of_terms(terms):
    """'a + b - c' from [(False, 'a'), (False, 'b'), (True, 'c')]; '0' when empty."""
    text = ''
    for negative, term in terms:
        if not text:
            text = f'-{term}' if negative else term
        else:
            text += f' - {term}' if negative else f' + {term}'
    return text or '0'


# %% [markdown]
# The tangents of the table are the forward-mode sums
# $\dot{v}_i = \sum_j \frac{\partial v_i}{\partial v_j} \dot{v}_j$, computed
# along the local derivatives the graph recorded: the same numbers a `Dual`
# computes, node by node.

# %%
#@save autodiff_draw
def _tangents(record, tangents):
    """The tangent of every node of the trace for the seed tangents (one per input)."""
    tangents = _reals(tangents, 'tangents')
    if len(tangents) != len(record.inputs):
        raise ValueError(f'one tangent per input is needed: {len(record.inputs)} inputs, '
                         f'{len(tangents)} tangents')
    out = []
    for k, node in enumerate(record.nodes):
        if k < len(record.inputs):
            out.append(tangents[k])
        else:  # a constant made inside f has no parents, hence tangent 0
            out.append(sum(local * out[record.position(p)] for p, local in node._parents))
    return out


# %%
#@save autodiff_draw
def tangent_table(record, tangents, digits=3):
    """The forward-mode trace as text: each node's primal and its tangent for a seed.

    record: a Trace from trace(). tangents: one real number per input (the
    seed ẋ). digits: decimals shown.

    Defined in notebooks/91_utilities_autodiff.ipynb."""
    _check_trace(record)
    dots = _tangents(record, tangents)
    rows = _primal_rows(record, digits)
    for k, (node, dot) in enumerate(zip(record.nodes, dots)):
        if k < len(record.inputs):
            formula = _accent(record.names[k], 'dot')
        else:
            formula = _sum_of_terms(
                _term(_accent(record.symbol(a), 'dot'), _local_derivative(record, node, i))
                for i, a in enumerate(node._args) if _is_node(a))
        rows[k] += ['│', _accent(record.symbols[k], 'dot'), '=', formula, '=',
                    f'{dot:.{digits}f}']
    out = record.position(record.output)
    rows.append(['y', '=', record.symbols[out], '=', f'{record.output.value:.{digits}f}', '│',
                 'ẏ', '=', _accent(record.symbols[out], 'dot'), '=', f'{dots[out]:.{digits}f}'])
    return _format_rows(rows)


# %% [markdown]
# The adjoint table runs the engine's backward pass and writes each adjoint as
# the sum over the nodes that use it.

# %%
#@save autodiff_draw
def _fresh_backward(record):
    """Run the backward pass of the trace, the adjoints of its leaves reset to 0 first."""
    for node in record.nodes:
        if node._op is None:
            node.grad = 0.0
    record.output.backward()


# %%
#@save autodiff_draw
def _users(record):
    """For each node of the trace, the (node, argument index) pairs where it is an argument."""
    users = [[] for _ in record.nodes]
    for node in record.nodes:
        for i, arg in enumerate(node._args):
            if _is_node(arg):
                users[record.position(arg)].append((node, i))
    return users


# %%
#@save autodiff_draw
def _adjoint_formula(record, k, users):
    """The adjoint of node k as a sum over its users, in symbols: 'v̄₃ + v̄₁·v₋₁'."""
    terms = [(False, 'ȳ')] if record.nodes[k] is record.output else []
    terms += [_term(_accent(record.symbol(user), 'bar'), _local_derivative(record, user, i))
              for user, i in reversed(users[k])]
    return _sum_of_terms(terms)


# %%
#@save autodiff_draw
def adjoint_table(record, digits=3):
    """The reverse-mode trace as text: each node's primal and adjoint, output first.

    record: a Trace from trace(); its output.backward() is run (the adjoints
    of its leaves are reset first). digits: decimals shown.

    Defined in notebooks/91_utilities_autodiff.ipynb."""
    _check_trace(record)
    _fresh_backward(record)
    users = _users(record)
    primal_rows, rows = _primal_rows(record, digits), []
    for k in reversed(range(len(record.nodes))):
        rows.append(primal_rows[k] + ['│', _accent(record.symbols[k], 'bar'), '=',
                                      _adjoint_formula(record, k, users), '=',
                                      f'{record.nodes[k].grad:.{digits}f}'])
    for name, symbol, x in zip(record.names, record.symbols, record.inputs):
        rows.append([''] * 5 + ['│', _accent(name, 'bar'), '=', _accent(symbol, 'bar'), '=',
                                f'{x.grad:.{digits}f}'])
    return _format_rows(rows)


# %% [markdown]
# ## Drawing the graph
#
# The graph is drawn in layers: the inputs in layer 0, and every other node one
# layer to the right of its furthest-right parent, so that all edges point
# right. Within a layer the nodes are spread evenly around 0. An edge that
# skips layers can then run through a node on its way, or through the label
# under it, as in a long sum $((a + b) + c) + d$ whose terms are computed first.
# With `layout='parents'`, each node is placed instead at the mean height of
# its parents, which keeps such edges beside the nodes they pass. In either
# layout, an edge that would run straight through a node's disc is bent over
# it, as in $\sin(x_1) \cdot x_1$ below.

# %%
#@save autodiff_draw
def _layers(record):
    """The layer of each node of the trace: 0 for a node without parents, else one past its parents'."""
    layers = []
    for node in record.nodes:  # parents come first in a trace
        parent_layers = [layers[record.position(p)] for p, _ in node._parents]
        layers.append(1 + max(parent_layers) if parent_layers else 0)
    return layers


# %%
#@save autodiff_draw
def _spread(layers):
    """(x, y) for each node: x is its layer, y spreads the nodes of each layer evenly around 0."""
    sizes, placed, positions = collections.Counter(layers), collections.Counter(), []
    for layer in layers:
        positions.append((layer, (sizes[layer] - 1) / 2 - placed[layer]))
        placed[layer] += 1
    return positions


# %%
#@save autodiff_draw
def _under_parents(record, layers, spread):
    """(x, y) for each node: the parentless keep their place in spread, any other node goes to
    the mean height of its parents, moved down as far as needed to stay 1 below the one above."""
    positions = list(spread)
    for layer in range(1, max(layers) + 1):
        members = [k for k, n in enumerate(layers) if n == layer and record.nodes[k]._parents]
        wanted = {k: sum(positions[record.position(p)][1] for p, _ in record.nodes[k]._parents)
                  / len(record.nodes[k]._parents) for k in members}
        above = None
        for k in sorted(members, key=lambda k: -wanted[k]):  # from the top down
            y = wanted[k] if above is None else min(wanted[k], above - 1)
            positions[k], above = (layer, y), y
    return positions


# %%
#@save autodiff_draw
_LAYOUTS = ('layers', 'parents')


# %%
#@save autodiff_draw
def _graph_layout(record, layout='layers'):
    """(x, y) for each node of the trace: x is its layer; y spreads each layer around 0
    (layout='layers') or follows the node's parents (layout='parents')."""
    if layout not in _LAYOUTS:
        raise ValueError(f"draw_graph: layout must be 'layers' or 'parents', got {layout!r}")
    layers = _layers(record)
    positions = _spread(layers)
    return _under_parents(record, layers, positions) if layout == 'parents' else positions


# %%
#@save autodiff_draw
_NODE_COLORS = {'input': '#d9ead3', 'inner': '#cfe2f3', 'output': '#f9cb9c',
                'current': '#ea9999', 'pending': 'white', 'constant': 'white'}
_HIGHLIGHT = '#cc0000'  # the ring of the current node and the arrows out of it
_GRAPH_FONTSIZE = 10    # node labels and symbols, in points
_RADIUS = 14            # of a node's disc (s=800 pt²), in points
_LABEL_DEPTH = 28       # from a node's centre to the foot of the label under it, in points


# %%
#@save autodiff_draw
def _y_limits(ys):
    """The y-limits of a graph whose nodes are at heights ys: room for the labels below."""
    return min(ys) - 0.7, max(ys) + 0.45


# %%
#@save autodiff_draw
def _passes(start, end, positions, points, below=_LABEL_DEPTH, above=_RADIUS):
    """Whether the straight edge from start to end passes a node of a layer it skips less than
    `above` points above its centre or `below` points under it (by default: its disc or label).

    positions: (x, y) of every node; points: points per unit of y."""
    (x0, y0), (x1, y1) = start, end
    for x, y in positions:
        if x0 < x < x1:
            gap = (y0 + (y1 - y0) * (x - x0) / (x1 - x0) - y) * points  # > 0: the edge is above
            if -below < gap < above:
                return True
    return False


# %%
#@save autodiff_draw
def _edges_through_nodes(record, layout='layers', height=180):
    """The edges (vᵢ, vⱼ) of the graph of a trace drawn height points tall (72 an inch)
    with this layout that run through a node or the label under it."""
    positions = _graph_layout(record, layout)
    low, high = _y_limits([y for _, y in positions])
    points = height / (high - low)
    return [(record.symbols[record.position(parent)], record.symbols[k])
            for k, node in enumerate(record.nodes) for parent, _ in node._parents
            if _passes(positions[record.position(parent)], positions[k], positions, points)]


# %% [markdown]
# Two more things make a graph read right. A node that uses the same value
# twice, such as $x \cdot x$, gets two arrows from it, bent apart so that both
# show: in reverse mode its adjoint comes back along each of them. And a number
# that an operation takes as an argument, such as the 2 of $2 \cdot v$, is not a
# node of the trace (nothing is differentiated with respect to it), but it is
# drawn, in a small white disc beside the operation, with an arrow into it.

# %%
#@save autodiff_draw
def _constants(record, positions):
    """(text, (x, y), k) for each number that node k took as an argument, placed above and left of it."""
    found = []
    for k, node in enumerate(record.nodes):
        x, y = positions[k]
        numbers_in = [arg for arg in getattr(node, '_args', ()) if not _is_node(arg)]
        for i, number in enumerate(numbers_in):
            found.append((f'{number:g}', (x - 0.5, y + 0.6 + 0.5 * i), k))
    return found


# %%
#@save autodiff_draw
def _bends(record, k, positions, points):
    """The arc3 bend of each edge into node k: apart for a parent used twice (x·x), upwards
    for an edge that would run through a node's disc, None (straight) for the others."""
    node = record.nodes[k]
    uses = collections.Counter(id(parent) for parent, _ in node._parents)
    seen, bends = collections.Counter(), []
    for parent, _ in node._parents:
        n, start = uses[id(parent)], positions[record.position(parent)]
        if n > 1:
            bends.append(0.4 * (seen[id(parent)] - (n - 1) / 2))
        elif _passes(start, positions[k], positions, points, below=_RADIUS + 2, above=_RADIUS + 2):
            bends.append(-0.3)  # negative: over the node, away from its label
        else:
            bends.append(None)
        seen[id(parent)] += 1
    return bends


# %%
#@save autodiff_draw
def _node_indices(record, indices, what):
    """indices as a set; a TypeError or ValueError unless each is an int indexing record.nodes."""
    if isinstance(indices, (str, bytes)) or not hasattr(indices, '__iter__'):
        raise TypeError(f'draw_graph: {what} must be a list of node indices, '
                        f'got {type(indices).__name__}')
    indices = list(indices)
    for k in indices:
        if isinstance(k, bool) or not isinstance(k, numbers.Integral):
            raise TypeError(f'draw_graph: {what} must be node indices (ints), got {k!r}')
        if not 0 <= k < len(record.nodes):
            raise ValueError(f'draw_graph: {what} must be from 0 to {len(record.nodes) - 1}, '
                             f'got {k}')
    return set(indices)


# %%
#@save autodiff_draw
def draw_graph(record, axes=None, figsize=(5, 3.5), highlight=None, done=None, values=False,
               layout='layers'):
    """Draw the computational graph of a trace with Matplotlib, inputs on the left.

    record: a Trace from trace(). axes: Matplotlib axes to draw on (cleared
    first); by default the current axes, in a figure of size figsize (inches).
    Each node shows its operation (or input name) and, below, its symbol vᵢ;
    with values=True, its value too (v₁ = 8). A value used twice by one
    operation (x·x) has two arrows into it; a number an operation takes (the
    2 of 2·v) is drawn beside it in a small white disc.
    highlight: None, or the index in record.nodes of the node to mark as the
    current one (red), with the arrows out of it (in reverse mode, the edges
    its adjoint comes back along). done: None, or indices of nodes to mark as
    finished (their usual colours); when highlight or done is given, all other
    nodes are drawn pale, as not reached yet. layout: 'layers' (each layer
    spread evenly) or 'parents' (each node at the mean height of its
    parents, for graphs whose edges skip layers).

    Defined in notebooks/91_utilities_autodiff.ipynb."""
    _check_trace(record)
    positions = _graph_layout(record, layout)
    marking = highlight is not None or done is not None
    if highlight is not None:
        _node_indices(record, [highlight], 'highlight')
    done = _node_indices(record, () if done is None else done, 'done')
    import d2lutils as d2l  # Matplotlib is needed here only
    if axes is None:
        d2l.set_figsize(figsize)
        axes = d2l.plt.gca()
        axes.set_position([0, 0, 1, 1])  # the graph fills its figure: no ticks to make room for
    axes.cla()
    constants = _constants(record, positions)
    xs, ys = zip(*(positions + [xy for _, xy, _ in constants]))
    low, high = _y_limits(ys)
    points = axes.get_window_extent().height * 72 / axes.figure.dpi / (high - low)  # per unit
    for k, node in enumerate(record.nodes):
        for (parent, _), bend in zip(node._parents, _bends(record, k, positions, points)):
            start = record.position(parent)
            color, width = (_HIGHLIGHT, 1.6) if start == highlight else ('0.4', 1.0)
            arrow = dict(arrowstyle='->', color=color, lw=width, shrinkA=14, shrinkB=14)
            if bend is not None:
                arrow['connectionstyle'] = f'arc3,rad={bend:g}'
            axes.annotate('', xy=positions[k], xytext=positions[start], arrowprops=arrow)
    for text, (x, y), k in constants:
        axes.annotate('', xy=positions[k], xytext=(x, y),
                      arrowprops=dict(arrowstyle='->', color='0.4', lw=1.0, shrinkA=9, shrinkB=14))
        axes.scatter([x], [y], s=300, color=_NODE_COLORS['constant'], edgecolors='0.5',
                     linewidths=1.0, zorder=2)
        axes.text(x, y, text, ha='center', va='center', fontsize=_GRAPH_FONTSIZE - 1, zorder=3)
    output = record.position(record.output)
    for k, (node, (x, y)) in enumerate(zip(record.nodes, positions)):
        if k < len(record.inputs):
            label, kind = record.names[k], 'input'
        else:
            label = _notation(node._op)[2] if node._op else f'{node.value:g}'
            kind = 'output' if k == output else 'inner'
        ring, ring_width, ink = '0.3', 1.0, 'black'
        if k == highlight:
            kind, ring, ring_width = 'current', _HIGHLIGHT, 2.0
        elif marking and k not in done:
            kind, ring, ink = 'pending', '0.7', '0.6'
        axes.scatter([x], [y], s=800, color=_NODE_COLORS[kind], edgecolors=ring,
                     linewidths=ring_width, zorder=2)
        axes.text(x, y, label, ha='center', va='center', fontsize=_GRAPH_FONTSIZE, color=ink,
                  zorder=3)
        # Below the disc (s=800 pt² is a radius of about 14 pt), whatever the data scale.
        under = f'{record.symbols[k]} = {node.value:.4g}' if values else record.symbols[k]
        axes.annotate(under, (x, y), xytext=(0, -16), textcoords='offset points',
                      ha='center', va='top', fontsize=_GRAPH_FONTSIZE, color=ink)
    axes.set_xlim(min(xs) - 0.5, max(xs) + 0.5)
    axes.set_ylim(low, high)
    axes.set_axis_off()


# %% [markdown]
# ## The backward pass, step by step
#
# `draw_backward_step` draws the graph at one step of the backward sweep,
# beside the adjoint table as far as it has grown. The sweep visits the output
# first, then every other node in reverse evaluation order.

# %%
#@save autodiff_draw
def _backward_sweep(record):
    """Indices of the nodes in the order the backward pass finds their adjoints, output first."""
    output = record.position(record.output)
    return [output] + [k for k in reversed(range(len(record.nodes))) if k != output]


# %%
#@save autodiff_draw
def _check_step(record, step):
    """Raise unless step is an int from 0 (the seed) to the number of nodes (all done)."""
    last = len(record.nodes)
    if isinstance(step, bool) or not isinstance(step, numbers.Integral):
        raise TypeError(f'step must be an int from 0 to {last}, got {step!r}')
    if not 0 <= step <= last:
        raise ValueError(f'step must be from 0 (the seed ȳ = 1) to {last} (all adjoints '
                         f'known) for this trace, got {step}')


# %%
#@save autodiff_draw
def _axes_pair(axes):
    """axes as a list of two Matplotlib axes, or a TypeError."""
    from matplotlib.axes import Axes
    pair = list(axes) if hasattr(axes, '__iter__') else []
    if len(pair) != 2 or not all(isinstance(a, Axes) for a in pair):
        raise TypeError('axes must be a pair of Matplotlib axes (graph, table), '
                        f'got {type(axes).__name__}')
    return pair


# %%
#@save autodiff_draw
def _adjoint_in_numbers(record, k, users):
    """How the adjoint of node k adds up, in numbers: 'v̄₀ = 1·1 + 1·3 = 4'."""
    def number(x):
        text = f'{x:.4g}'
        return f'({text})' if text.startswith('-') else text

    node = record.nodes[k]
    terms = ['ȳ'] if node is record.output else []
    for user, i in reversed(users[k]):
        j = sum(_is_node(arg) for arg in user._args[:i])  # argument i is parent j
        terms.append(f'{number(user.grad)}·{number(user._parents[j][1])}')
    return f'{_accent(record.symbols[k], "bar")} = {" + ".join(terms) or "0"} = {node.grad:.4g}'


# %%
#@save autodiff_draw
def _draw_table(axes, rows, caption, capacity):
    """Write rows (lists of strings) aligned on axes, under caption; a row marked ▶ in red.

    capacity: the most rows this table will hold, which sets the line spacing."""
    axes.cla()
    axes.set_axis_off()
    axes.set_title(caption, fontsize=9, loc='left')
    spacing = min(0.12, 1 / capacity)
    for r, line in enumerate(_format_rows(rows).split('\n')):
        axes.text(0, 1 - r * spacing, line, family='monospace', fontsize=9, va='top',
                  color=_HIGHLIGHT if line.startswith('▶') else 'black',
                  transform=axes.transAxes)


# %%
#@save autodiff_draw
def _state_legend(axes):
    """A legend under the graph for the colours of the current and the pending nodes."""
    from matplotlib.lines import Line2D
    handles = [Line2D([], [], marker='o', linestyle='', markersize=8, markeredgewidth=w,
                      markerfacecolor=_NODE_COLORS[kind], markeredgecolor=ring)
               for kind, ring, w in [('current', _HIGHLIGHT, 2.0), ('pending', '0.7', 1.0)]]
    axes.legend(handles, ['adjoint being computed', 'not reached yet'], loc='upper center',
                bbox_to_anchor=(0.5, 0.06), ncol=2, fontsize=9, frameon=False,
                handletextpad=0.2, columnspacing=1.0)


# %%
#@save autodiff_draw
def draw_backward_step(record, step, axes=None):
    """Draw one step of the backward pass of a trace: the graph and the adjoint table so far.

    record: a Trace from trace(); its backward pass is run (the adjoints of
    its leaves are reset first). step: an int from 0, where only the seed
    ȳ = 1 is set, to len(record.nodes), where every adjoint is known; at each
    step s in between, the s-th node in reverse order gets its adjoint.
    axes: a pair of Matplotlib axes (graph, table); by default a new figure.
    Returns the rows of the table shown, as (adjoint, value) pairs such as
    ('v̄₄', 1.0), the current node's last; the last step adds the inputs
    ('x̄₁', ...).

    Defined in notebooks/91_utilities_autodiff.ipynb."""
    _check_trace(record)
    _check_step(record, step)
    import d2lutils as d2l  # Matplotlib is needed here only
    if axes is None:
        d2l.set_figsize((9, 3.5))
        _, axes = d2l.plt.subplots(1, 2)
    graph_axes, table_axes = _axes_pair(axes)
    _fresh_backward(record)
    users, sweep = _users(record), _backward_sweep(record)
    current = sweep[step] if step < len(sweep) else None
    draw_graph(record, axes=graph_axes, highlight=current, done=sweep[:step])
    finished = ', done' if current is None else ''
    graph_axes.set_title(f'backward step {step} of {len(sweep)}{finished}', fontsize=10)
    _state_legend(graph_axes)
    rows, shown = [], []
    for k in sweep[:step + 1]:
        adjoint, value = _accent(record.symbols[k], 'bar'), record.nodes[k].grad
        rows.append(['▶' if k == current else ' ', adjoint, '=',
                     _adjoint_formula(record, k, users), '=', f'{value:.3f}'])
        shown.append((adjoint, value))
    if current is None:  # all done: read the gradient off the inputs
        for name, symbol, x in zip(record.names, record.symbols, record.inputs):
            rows.append([' ', _accent(name, 'bar'), '=', _accent(symbol, 'bar'), '=',
                         f'{x.grad:.3f}'])
            shown.append((_accent(name, 'bar'), x.grad))
        caption = '∇y = ({}) = ({})'.format(', '.join(_accent(n, 'bar') for n in record.names),
                                            ', '.join(f'{x.grad:.4g}' for x in record.inputs))
    else:
        caption = _adjoint_in_numbers(record, current, users)
    _draw_table(table_axes, rows, caption, len(record.nodes) + len(record.inputs))
    return shown


# %% [markdown]
# ## The explorer
#
# `explore_backward` puts a step slider over `draw_backward_step`, through
# `d2l.live_figure.LiveFigure`. The steps are few, so it draws every frame at once: moving
# the slider then only shows a frame already drawn.

# %%
#@save autodiff_draw
def explore_backward(f, primals, names=None):
    """A step slider over draw_backward_step for the trace of f at primals.

    f, primals, names: as in trace(). Returns the widget to display; moving
    its slider redraws the figure.

    Defined in notebooks/91_utilities_autodiff.ipynb."""
    import ipywidgets as widgets
    import d2lutils as d2l
    record = trace(f, primals, names)
    slider = widgets.IntSlider(value=0, min=0, max=len(record.nodes), description='step')
    live = d2l.live_figure.LiveFigure(lambda figure: figure.subplots(1, 2),
                                      lambda axes, step: draw_backward_step(record, step, axes),
                                      figsize=(9, 3.5))
    for step in range(len(record.nodes) + 1):  # a few frames: draw them all now
        live.draw(step=step)
    return live.interact(step=slider)


# %% [markdown]
# ## A check of the whole module
#
# Every helper above at work on one small function, $y = \sin(x_1) \cdot x_1$
# at $x_1 = 1$, whose derivative is $\cos 1 + \sin 1 \approx 1.382$:

# %%
import math

import d2lutils as d2l
from d2lutils import autodiff


def small(x1):
    return autodiff.sin(x1) * x1


record = trace(small, (1.0,))
print(primal_table(record))
print(tangent_table(record, (1.0,)))
print(adjoint_table(record))
assert math.isclose(record.inputs[0].grad, math.cos(1) + math.sin(1))

# %%
d2l.use_svg_display()
draw_graph(record, figsize=(4, 2.5))
d2l.plt.show()

# %% [markdown]
# A graph whose edges skip layers: $y = 2\mathbf{x}^\top\mathbf{x}$ for
# $\mathbf{x} \in \mathbb{R}^4$, summed term by term as in
# [2.5.1 in JAX](jax/02_autograd.ipynb#2.5.1-A-Simple-Function). Drawn 3.2
# inches (230 points) tall with the default layout, the edges from the last two
# squares run through the labels of the sums they pass; with
# `layout='parents'`, through none.

# %%
sum_of_squares = trace(lambda x1, x2, x3, x4: 2 * (x1 * x1 + x2 * x2 + x3 * x3 + x4 * x4),
                       (0.0, 1.0, 2.0, 3.0))
for layout in ['layers', 'parents']:
    print(f'{layout:8s} edges through a node or label:', _edges_through_nodes(sum_of_squares, layout, 230))
assert _edges_through_nodes(sum_of_squares, 'parents', 230) == []

# %% [markdown]
# Each square $x_i \cdot x_i$ gets two arrows from $x_i$, and the constant 2
# one arrow into the last product: 15 edges between nodes (8 into the
# squares, 6 into the sums, 1 into the product) and 1 from the constant.

# %%
draw_graph(sum_of_squares, figsize=(6.5, 3.2), values=True, layout='parents')
arrows = [t for t in d2l.plt.gca().texts if getattr(t, 'arrow_patch', None) is not None]
print('arrows drawn:', len(arrows))
assert len(arrows) == sum(len(node._parents) for node in sum_of_squares.nodes) + 1 == 16
d2l.plt.show()
