# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Utilities: exercise checks
#
# Every exercise of the chapters has an answer cell: you replace `None` by
# your answer and run the cell, and a check tells you at once whether the
# answer is right, and if not, what kind of mistake it looks like. The checks
# live in the library, `d2lutils.exercise_checks`, and are defined below with
# `#@save exercise_checks`, the way the textbook keeps helpers that it does not
# teach in its appendix "Utility Functions and Classes".
#
# Nothing here is needed to read the chapters. Read on to see what the checks
# accept and how they decide.

# %% [markdown]
# ## How to use it
#
# `d2l.exercises()` lists every exercise, in chapter order, and
# `d2l.exercise(chapter, number)` returns one of them; `chapter` is the name of
# the chapter's notebook, such as `"01_calculus"`, or `"jax/01_calculus"` for the
# JAX edition of the same exercise, which the JAX chapters ask. An exercise has
#
# * `check(answer)`: the verdict on your answer, right (✅), not yet (❌) or not
#   answered (✏️), with a message. An answer still `None` is "not answered yet"; an
#   answer of the wrong kind (a number where a function was expected, say) gets a
#   message naming the kind expected; a wrong answer, one naming the mistake, never the
#   right answer. A check never raises: whatever you pass, you get a verdict. The
#   verdict is true only when the answer is right, so `assert ex.check(answer)` works.
# * `hint()`: the first call gives a nudge, each further call says more.
# * `solution()`: the worked solution, read from the chapter's solutions notebook
#   (in JAX for the JAX edition), with a link to it.
#
# `d2l.progress()` shows, chapter by chapter, which exercises you have answered right in
# this kernel; `d2l.progress("01_calculus")` shows one chapter, as the last cell of its
# exercises does. An exercise answered right stays done when a later try is wrong.
#
# A check gives a function of yours a few seconds (`TIME_LIMIT`) and then says that it
# did not return; interrupting a check shows one line and changes nothing.
#
# Under each exercise, the chapters have a cell of this form:
#
# ```python
# # Your answer: replace None with a function of x (torch operations), e.g. lambda x: ...
# answer = None
# d2l.exercise("01_calculus", 4).check(answer)
# ```
#
# The first line of the cell says what kind of answer the check expects;
# `print(d2l.exercise("01_calculus", 4).expects)` says it too.

# %% [markdown]
# ## What the checks accept
#
# A check computes the right answer itself, when it runs, by a route of its
# own: PyTorch's autograd, a finite difference, exact fractions, or SymPy. It
# never prints that answer. It accepts every correct form of yours:
#
# * **A function** may be a Python function of `x` made of torch operations
#   (`lambda x: x ** x * (1 + torch.log(x))`) or, in the JAX edition, of `jax.numpy`
#   operations, where `jax.grad(f)` of a function of one number is an answer too; a
#   function of plain numbers (`math.…`), a SymPy expression, or a string SymPy can read
#   (`"x**x*(1 + log(x))"`; `^` works for a power too, and `2x` for `2*x`). The
#   check evaluates it at random points, the same ones on every run, and compares
#   with the truth, so any algebraically equal form passes.
# * **A number** may be an `int`, a `float`, a `Fraction`, a NumPy, torch or JAX
#   scalar or 0-d array of any float type, a SymPy number or a string like `"1/3"`;
#   it must be within a tolerance that a hand computation with four digits, or a
#   computation in float32, meets.
# * **A vector or matrix** may be a tensor, a NumPy or JAX array or nested lists, of
#   the right shape.
# * **A choice** is a letter, or several letters (`"ACD"`) where the question
#   says "choose all that apply". The question and its options are printed by
#   the check while the answer is still `None`.
#
# When an answer is wrong, the check looks for the usual mistakes: a sign
# error, a missing chain-rule factor, a constant factor, a wrong shape (a row
# where a column was expected), a number where a function was expected, the
# derivative at one point instead of the derivative function.

# %% [markdown]
# ## The library entry points
#
# `d2l.exercises`, `d2l.exercise` and `d2l.progress` are in the package itself
# (`#@save __init__`), and import the checks only when first called, so that `import
# d2lutils` stays cheap (the checks need torch). The checks live in two kinds of module:
#
# * `d2lutils.exercise_checks`, the framework: an exercise, its verdicts, hints and
#   solution, the registry, and the helpers that read an answer and compare it with the
#   truth;
# * one module per chapter with that chapter's exercises: `exercises_calculus` (2.4),
#   `exercises_autograd` (2.5), `exercises_autodiff_scratch` and `exercises_calculus_dl`.
#
# The framework is not called `exercises`: importing a submodule `d2lutils.exercises`
# would set the attribute `d2lutils.exercises` to the module, replacing the function.

# %%
# In Colab, Kaggle or Studio Lab, or a notebook on its own, this installs d2lutils.
import importlib.util, os, sys
if importlib.util.find_spec('d2lutils') is None:
    source = os.environ.get('D2LUTILS_PIP_SOURCE', 'git+https://github.com/d2l-companion/d2l-calculus-companion')
    print(f'Installing d2lutils from {source}')
    get_ipython().system(f'"{sys.executable}" -m pip install --quiet {source}')

# %%
#@save __init__
def exercises():
    """List every exercise that has a check, in chapter order.

    Defined in notebooks/92_utilities_exercises.ipynb."""
    from d2lutils import exercise_checks
    return exercise_checks.all_exercises()


#@save __init__
def exercise(chapter, number):
    """The exercise `number` of `chapter`, with check(answer), hint() and solution().

    chapter: the chapter notebook's name, e.g. "01_calculus"; number: an int.
    Defined in notebooks/92_utilities_exercises.ipynb."""
    from d2lutils import exercise_checks
    return exercise_checks.find(chapter, number)


#@save __init__
def progress(chapter=None):
    """Which exercises have been answered right in this kernel, chapter by chapter.

    chapter: a chapter notebook's name, e.g. "01_calculus", or None for every chapter.
    Defined in notebooks/92_utilities_exercises.ipynb."""
    from d2lutils import exercise_checks
    return exercise_checks.progress_of(chapter)


# %% [markdown]
# ## Exercises, verdicts and the registry
#
# A check is a function of the answer. It returns a sentence of praise when
# the answer is right, and raises `Wrong` with a message naming the mistake
# when it is not; `WrongKind` says the answer is not even of the expected
# kind. `Exercise.check` turns all of this, and any exception raised by the
# learner's own code, into a `Verdict`: right, not yet, or not answered. Warnings
# raised while the learner's function runs (NumPy's DeprecationWarning, say) are
# silenced: they are not about the answer.
#
# A verdict is what the answer cell shows. It is true when the answer is right, so a
# solutions notebook can `assert` it, but it never shows as a bare `True` or `False`: as
# the last line of a cell it shows itself, as Markdown in JupyterLab (a mark, the verdict
# in bold, the message) and as the same words in plain text in a terminal or a plain
# export. Markdown characters of a message are escaped, so that `x**2` or `du_dx` show as
# typed and no message can carry HTML.

# %%
#@save exercise_checks
import contextlib
import contextvars
import copy
import fractions
import json
import math
import numbers
import re
import signal
import sys
import textwrap
import threading
import warnings
from pathlib import Path
import numpy as np
import torch


# %%
#@save exercise_checks
class Wrong(Exception):
    """A wrong answer; the message names the mistake, never the right answer."""


#@save exercise_checks
class WrongKind(Wrong):
    """An answer of the wrong kind, such as a number where a function was expected."""


# %% [markdown]
# ### Editions, time limits, notes
#
# An exercise of 2.4 or 2.5 is asked twice: in the PyTorch chapter, as
# `d2l.exercise("02_autograd", 4)`, and in its JAX twin, as
# `d2l.exercise("jax/02_autograd", 4)`. The check is the same and so is the truth,
# but the *edition* decides how the check calls a learner's function: on float64
# torch tensors in the PyTorch edition, on float64 JAX arrays in the JAX edition. It
# is set while a check runs (`_edition`), from the name the notebook called it by,
# never from what happens to be imported.
#
# A learner's function may loop for ever. A check runs it for at most `TIME_LIMIT`
# seconds (set `d2l.exercise_checks.TIME_LIMIT` to allow more), then says that it did
# not return. The limit is an alarm signal, so it holds where a notebook's cells run:
# in the main thread of a kernel on Linux or macOS.

# %%
#@save exercise_checks
TIME_LIMIT = 10.0  # seconds for a learner's answer, its first JAX compilation included; 0: none


#@save exercise_checks
_EDITIONS = {'jax': ('01_calculus', '02_autograd')}  # the other editions, and their chapters


#@save exercise_checks
_edition = contextvars.ContextVar('edition', default='torch')  # the edition being checked


#@save exercise_checks
_notes = contextvars.ContextVar('notes', default=None)  # said under the verdict being made


#@save exercise_checks
def _note(text):
    """Say text once under the verdict of the check that is running."""
    notes = _notes.get()
    if notes is not None and text not in notes:
        notes.append(text)


#@save exercise_checks
class _OutOfTime(BaseException):
    """The time limit has passed. Not an Exception, so a learner's `except Exception:` lets it by."""


#@save exercise_checks
@contextlib.contextmanager
def _time_limit(seconds):
    """Raise _OutOfTime in the code run inside once seconds have passed, where an alarm can be set."""
    if (not seconds or not hasattr(signal, 'setitimer')
            or threading.current_thread() is not threading.main_thread()):
        yield
        return

    def stop(signum, frame):
        raise _OutOfTime()
    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# %%
#@save exercise_checks
def _wrap(message):
    """Text wrapped to 88 columns, keeping its line breaks."""
    return '\n'.join(textwrap.fill(line, 88) for line in message.split('\n'))


#@save exercise_checks
def _first_line(error):
    """The first line of an error's message: what it says, without the context some add."""
    text = str(error).strip()
    return text.split('\n', 1)[0] if text else type(error).__name__


#@save exercise_checks
def _lower_first(message):
    """A message (or an exception's) with its first letter in lower case, to go mid-sentence."""
    text = str(message)
    return text[:1].lower() + text[1:]


#@save exercise_checks
def _md_escape(text):
    """text with Markdown's special characters escaped, so that it shows as typed."""
    return re.sub(r'([\\`*_\[\]<>#|$~])', r'\\\1', text)


#@save exercise_checks
def _md_question(question):
    """A multiple-choice question's text as Markdown: its lead line, then one item per option."""
    items, lead = [], []
    for line in question.split('\n'):
        option = re.match(r'^  ([A-Z])\. (.*)$', line)
        if option:
            items.append(f'- **{option.group(1)}.** {_md_escape(option.group(2))}')
        elif items and line.startswith('     '):
            items[-1] += ' ' + _md_escape(line.strip())
        else:
            lead.append(_md_escape(line))
    return ' '.join(lead) + '\n\n' + '\n'.join(items)


#@save exercise_checks
class Verdict:
    """What check(answer) returns: true if the answer is right; it shows itself as feedback.

    status: 'right', 'not yet' or 'not answered'; message: the feedback in words;
    question: the options of a multiple-choice question, shown under it, or None."""
    _MARKS = {'right': '\u2705', 'not yet': '\u274c', 'not answered': '\u270f\ufe0f'}
    _LABELS = {'right': 'Right.', 'not yet': 'Not yet.', 'not answered': 'Not answered yet.'}

    def __init__(self, status, message, question=None, counts=True):
        if status not in self._LABELS:
            raise ValueError(f'status must be one of {", ".join(self._LABELS)}, not {status!r}')
        self.status, self.message, self.question = status, message, question
        self.counts = counts  # False for a check that was interrupted: progress() keeps its past

    def __bool__(self):
        return self.status == 'right'

    def __repr__(self):
        text = _wrap(f'{self._MARKS[self.status]} {self._LABELS[self.status]} {self.message}')
        return text + (f'\n\n{self.question}' if self.question else '')

    def _repr_markdown_(self):
        text = (f'{self._MARKS[self.status]} **{self._LABELS[self.status]}** '
                f'{_md_escape(self.message)}')
        return text + (f'\n\n{_md_question(self.question)}' if self.question else '')


#@save exercise_checks
def _say(message, details=None):
    """Print a hint wrapped to 88 columns, then details as they are."""
    print(_wrap(message) + (f'\n\n{details}' if details else ''))


#@save exercise_checks
class Exercise:
    """One exercise of a chapter, with check(answer), hint() and solution().

    Defined in notebooks/92_utilities_exercises.ipynb."""

    def __init__(self, chapter, number, title, expects, checker, hints, question=None,
                 jax=None):
        self.chapter, self.number, self.title = chapter, number, title
        self.edition, self.name = 'torch', chapter  # name: how its notebook calls it
        self.expects = expects  # the kind of answer, in words
        self.question = question  # the options of a multiple-choice question, if any
        self._checker, self._hints, self._hints_given = checker, tuple(hints), 0
        self._jax = jax or {}  # what the JAX edition says differently: expects, hints, question
        self.status = None  # 'right' once answered right in this kernel, else the last status
        self.last = None  # the status of the last verdict, for progress()

    def __repr__(self):
        return f'<exercise {self.name} {self.number}: {self.title}>'

    def in_edition(self, edition):
        """This exercise as another edition asks it ('jax': the JAX twin of its chapter)."""
        twin = copy.copy(self)
        twin.edition, twin.name = edition, f'{edition}/{self.chapter}'
        words = self._jax if edition == 'jax' else {}
        twin.expects = words.get('expects', self.expects)
        twin.question = words.get('question', self.question)
        twin._hints = tuple(words.get('hints', self._hints))
        twin._hints_given, twin.status, twin.last = 0, None, None
        return twin

    def check(self, answer):
        """The Verdict on answer: true if right; it shows the feedback. Never raises.

        An exercise answered right stays done in this kernel (progress() shows the last
        attempt beside it); an interrupted check changes nothing."""
        verdict = self._verdict(answer)
        if verdict.counts:
            self.last = verdict.status
            if self.status != 'right':
                self.status = verdict.status
        return verdict

    def _verdict(self, answer):
        """The Verdict on answer, in this exercise's edition, with the learner's warnings silenced."""
        if answer is None:
            return Verdict('not answered', 'Fill in your answer in place of None '
                           f'({self.expects}), and run this cell again.', self.question,
                           counts=False)  # not an attempt: progress() keeps what it had
        edition, notes = _edition.set(self.edition), _notes.set([])
        try:
            verdict = self._run_checker(answer)
            if _notes.get():
                verdict.message = ' '.join([verdict.message] + _notes.get())
            return verdict
        finally:
            _edition.reset(edition)
            _notes.reset(notes)

    def _run_checker(self, answer):
        """The checker's verdict; what the learner's code raises, or its running too long, is feedback."""
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            try:
                with _time_limit(TIME_LIMIT):
                    praise = self._checker(answer)
            except _OutOfTime:
                return Verdict('not yet', f'Your answer did not return within {TIME_LIMIT:g} '
                               f'second{"s" * (TIME_LIMIT != 1)}, so the check stopped it: look '
                               'for a loop that never ends. (To allow more time: '
                               'd2l.exercise_checks.TIME_LIMIT = 30.)')
            except KeyboardInterrupt:
                return Verdict('not answered', 'The check was interrupted before it decided; '
                               'nothing was recorded. Run the cell again.', counts=False)
            except WrongKind as err:
                return Verdict('not yet', f'Not the kind of answer expected. {err} The '
                               f'check expects {self.expects}.')
            except Wrong as err:
                return Verdict('not yet', str(err))
            except Exception as err:  # raised by the learner's own code
                return Verdict('not yet', f'Checking your answer raised '
                               f'{type(err).__name__}: {_first_line(err)}. The check expects '
                               f'{self.expects}.')
        return Verdict('right', praise)

    def hint(self):
        """Print the next hint: the first is a nudge, each later one says more."""
        k = min(self._hints_given, len(self._hints) - 1)
        self._hints_given += 1
        more = ('call hint() again for more' if k + 1 < len(self._hints)
                else 'that was the last hint; solution() shows the worked solution')
        _say(f'Hint {k + 1} of {len(self._hints)}: {self._hints[k]}', f'({more})')

    def answer_cell(self):
        """The source of this exercise's answer cell, to put under the exercise."""
        comment = textwrap.wrap(f'Your answer: replace None with {self.expects}.', 86)
        return '\n'.join(['# ' + line for line in comment] + [
            'answer = None', f'd2l.exercise("{self.name}", {self.number}).check(answer)'])

    def solution(self):
        """The worked solution of this edition, read from its solutions notebook; it shows itself."""
        return Solution(self.name, self.number)


# %%
#@save exercise_checks
class ExerciseList(list):
    """A list of exercises that shows itself as a table."""

    def __repr__(self):
        return '\n'.join(f'{e.name:31s} {e.number:2d}  {e.title}' for e in self)


#@save exercise_checks
_REGISTRY = {}


#@save exercise_checks
_CHAPTER_MODULES = {  # chapter notebook -> the module of its exercises
    '01_calculus': 'exercises_calculus',
    '02_autograd': 'exercises_autograd',
    '03_autodiff_from_scratch': 'exercises_autodiff_scratch',
    '04_calculus_for_deep_learning': 'exercises_calculus_dl',
}


#@save exercise_checks
def _load(chapters):
    """Import the exercise modules of the given chapters, which fill the registry."""
    import importlib
    for chapter in chapters:
        importlib.import_module(f'd2lutils.{_CHAPTER_MODULES[chapter]}')


#@save exercise_checks
_IN_EDITIONS = {}  # (edition, chapter, number) -> the exercise as that edition asks it


#@save exercise_checks
def exercise_check(chapter, number, title, expects, hints, question=None, jax=None):
    """Decorator: register the decorated function as the check of one exercise.

    jax: what the JAX edition says differently, {'expects': ..., 'hints': [...], 'question': ...}."""
    def register(checker):
        _REGISTRY[chapter, number] = Exercise(chapter, number, title, expects, checker,
                                              hints, question, jax)
        return checker
    return register


#@save exercise_checks
def _chapter_names():
    """Every name a notebook may call d2l.exercise with, PyTorch chapters first."""
    return list(_CHAPTER_MODULES) + [f'{edition}/{chapter}' for edition, chapters
                                     in _EDITIONS.items() for chapter in chapters]


#@save exercise_checks
def _edition_and_chapter(name):
    """('torch', '02_autograd') for '02_autograd', ('jax', '02_autograd') for 'jax/02_autograd'."""
    if not isinstance(name, str) or name not in _chapter_names():
        raise ValueError(f'no chapter {name!r} has exercises; the chapters are: '
                         + ', '.join(repr(c) for c in _chapter_names()))
    edition, _, chapter = name.rpartition('/')
    return edition or 'torch', chapter


#@save exercise_checks
def all_exercises(editions=('torch',)):
    """Every exercise of the given editions, in chapter order, PyTorch's first."""
    _load(_CHAPTER_MODULES)
    found = ExerciseList(_REGISTRY[key] for key in sorted(_REGISTRY))
    for edition in editions:
        if edition != 'torch':
            found += [find(f'{edition}/{c}', n) for c, n in sorted(_REGISTRY)
                      if c in _EDITIONS[edition]]
    return found


#@save exercise_checks
def find(chapter, number):
    """The exercise `number` of `chapter` ('02_autograd', or 'jax/02_autograd' for its JAX
    twin); a ValueError lists what exists if there is none."""
    edition, base = _edition_and_chapter(chapter)
    _load([base])
    if (base, number) not in _REGISTRY:
        numbers_ = sorted(n for c, n in _REGISTRY if c == base)
        raise ValueError(f'{chapter!r} has no exercise {number!r}; its exercises are '
                         f'{numbers_[0]} to {numbers_[-1]}')
    if edition == 'torch':
        return _REGISTRY[base, number]
    key = edition, base, number
    if key not in _IN_EDITIONS:
        _IN_EDITIONS[key] = _REGISTRY[base, number].in_edition(edition)
    return _IN_EDITIONS[key]


# %% [markdown]
# ## Progress
#
# Each exercise remembers in this kernel whether it has been answered right, and the
# status of its last verdict; `d2l.progress()` shows them, chapter by chapter: a table in
# JupyterLab, the same lines as text elsewhere. An exercise answered right stays done
# when a later attempt is wrong (the last attempt shows beside it), and an interrupted
# check changes nothing. Each chapter's exercises end with a cell showing that chapter's
# progress; the JAX chapters' show their own. Nothing is saved: a new kernel starts from
# nothing answered.

# %%
#@save exercise_checks
class Progress:
    """The status of each exercise in this kernel, chapter by chapter; it shows itself."""
    _WORDS = {'right': '\u2705 right', 'not yet': '\u274c not yet',
              'not answered': '\u00b7 not answered', None: '\u00b7 not answered'}

    def __init__(self, exercises):
        self.exercises = list(exercises)

    def _chapters(self):
        chapters = {}
        for e in self.exercises:
            chapters.setdefault(e.name, []).append(e)
        return chapters

    def _status(self, e):
        """The status in words, and the last attempt where it differs from the status."""
        words = self._WORDS[e.status]
        if e.last is not None and e.last != e.status:
            words += f' (last try: {self._WORDS[e.last].split(" ", 1)[1]})'
        return words

    def _summary(self, chapter, exercises):
        right = sum(e.status == 'right' for e in exercises)
        return f'{chapter}: {right} of {len(exercises)} answered right in this kernel'

    def __repr__(self):
        parts = []
        for chapter, exercises in self._chapters().items():
            rows = [f'  {e.number:2d}  {self._status(e):16s} {e.title}' for e in exercises]
            if any(len(self._status(e)) > 16 for e in exercises):  # a last try shown: align
                width = max(len(self._status(e)) for e in exercises)
                rows = [f'  {e.number:2d}  {self._status(e):{width}s} {e.title}' for e in exercises]
            parts.append('\n'.join([self._summary(chapter, exercises)] + rows))
        return '\n\n'.join(parts)

    def _repr_markdown_(self):
        parts = []
        for chapter, exercises in self._chapters().items():
            rows = [f'| {e.number} | {self._status(e)} | {_md_escape(e.title)} |'
                    for e in exercises]
            parts.append('\n'.join([f'**{_md_escape(self._summary(chapter, exercises))}**', '',
                                    '| exercise | status | title |', '| ---: | --- | --- |']
                                   + rows))
        return '\n\n'.join(parts)


#@save exercise_checks
def progress_of(chapter=None):
    """The Progress of one chapter's exercises, or of every chapter's if chapter is None
    (the JAX chapters among them once one of their exercises has been checked)."""
    if chapter is None:
        tried = [e for e in _IN_EDITIONS.values() if e.last is not None]
        return Progress(list(all_exercises()) + [e for e in all_exercises(tuple(_EDITIONS))
                                                 if e.edition != 'torch' and any(
                                                     t.name == e.name for t in tried)])
    edition, _ = _edition_and_chapter(chapter)
    return Progress(e for e in all_exercises((edition,)) if e.name == chapter)


# %% [markdown]
# ## The worked solutions, from their single source
#
# `solution()` reads the chapter's solutions notebook when it is called and
# shows the section whose heading names the exercise: its Markdown, and its code cells
# (which check the solution) as code blocks, so that a sentence such as "SymPy agrees:"
# is followed by what agrees. The heading is found by its number, so "## Exercise 3: …",
# "### 2.4.7 Exercise 3", "## Exercise 3. …" and "## Exercise 2.4.3" all match; the
# section ends at the next heading of the same or a higher level.
#
# Where the front end renders Markdown (JupyterLab, Colab), the solution shows as
# Markdown, with its math typeset and a link to the solutions notebook; elsewhere (a
# terminal, a plain export) as text, with the LaTeX turned into plain notation.
#
# It reads the copy of the solutions notebooks packaged with the library,
# `d2lutils/solutions.json`, which `make lib` writes from them, so that it works
# where the library is installed alone (Colab, Kaggle, `pip install`), with no
# repository beside it. Each edition has its own: an exercise of a JAX chapter shows
# the worked solution in JAX, from `notebooks/jax/solutions/`, and its link, relative
# to the chapter that asks it, leads there.

# %%
#@save exercise_checks
def _solutions_folder():
    """Where solution() reads the solutions notebooks: None, the copy packaged with the library."""
    return None


#@save exercise_checks
def _solutions_file(chapter):
    """The solutions notebook of a chapter ('02_autograd' or 'jax/02_autograd'), from notebooks/."""
    edition, _, base = chapter.rpartition('/')
    return f'{edition}/' * bool(edition) + f'solutions/{base}_solutions.ipynb'


#@save exercise_checks
def _solution_cells(chapter, folder=None):
    """The cells of a chapter's solutions notebook, from folder (notebooks/, or a copy of it)
    or else the library's copy. Raises LookupError if there is no such notebook."""
    name = _solutions_file(chapter)
    if folder is None:
        import importlib.resources
        packaged = importlib.resources.files('d2lutils').joinpath('solutions.json')
        cells = json.loads(packaged.read_text(encoding='utf-8')).get(chapter)
        if cells is None:
            raise LookupError(f'there is no solutions notebook {name}')
        return cells
    path = Path(folder) / name
    if not path.exists():
        raise LookupError(f'there is no solutions notebook {name}')
    return json.loads(path.read_text(encoding='utf-8'))['cells']


#@save exercise_checks
def _heading(line):
    """(level, exercise number) of a Markdown heading line, or (level, None), or None."""
    match = re.match(r'^(#{1,6})\s+(.*)$', line)
    if not match:
        return None
    # "Exercise 3", "Exercise 3: ...", "Exercise 3. ..." and "Exercise 2.4.3" name exercise 3
    number = re.search(r'\bExercise\s+(\d+(?:\.\d+)*)', match.group(2), re.IGNORECASE)
    return len(match.group(1)), int(number.group(1).split('.')[-1]) if number else None


#@save exercise_checks
def solution_parts(chapter, number, folder=None):
    """(heading, [(kind, text), ...]) of an exercise's section in its solutions notebook.

    kind is 'markdown' or 'code', in the order of the cells; folder: where the solutions
    notebooks are (default: the copy packaged with the library). Raises LookupError if the
    notebook or the section is missing."""
    cells = _solution_cells(chapter, folder or _solutions_folder())
    level, heading, parts = None, None, []
    for cell in cells:
        source = ''.join(cell['source'])
        if cell['cell_type'] == 'code':
            if heading is not None and source.strip():
                parts.append(('code', source.strip()))
            continue
        if cell['cell_type'] != 'markdown':
            continue
        lines, ended = [], False
        for line in source.split('\n'):
            found = _heading(line)
            if heading is None:
                if found and found[1] == number:
                    level, heading = found[0], line.lstrip('#').strip()
                continue
            if found and found[0] <= level:
                ended = True
                break
            lines.append(line)
        if heading is not None and '\n'.join(lines).strip():
            parts.append(('markdown', '\n'.join(lines).strip()))
        if ended:
            break
    if heading is None:
        raise LookupError(f'{_solutions_file(chapter)} has no heading "Exercise {number}"')
    return heading, parts


#@save exercise_checks
def solution_section(chapter, number, folder=None):
    """(heading, Markdown text) of an exercise's section, its code cells as code blocks."""
    heading, parts = solution_parts(chapter, number, folder)
    return heading, '\n\n'.join(text if kind == 'markdown' else f'```python\n{text}\n```'
                                for kind, text in parts)


#@save exercise_checks
_LATEX_WORDS = {'cdot': '\u00b7', 'times': '\u00d7', 'to': '\u2192', 'infty': '\u221e',
                'nabla': '\u2207', 'partial': '\u2202', 'approx': '\u2248', 'neq': '\u2260',
                'ne': '\u2260', 'le': '\u2264', 'leq': '\u2264', 'ge': '\u2265',
                'geq': '\u2265', 'pi': '\u03c0', 'epsilon': '\u03b5', 'eta': '\u03b7',
                'lambda': '\u03bb', 'sum': '\u03a3', 'int': '\u222b', 'in': '\u2208',
                'top': '\u1d40', 'mathbb{R}': '\u211d', '|': '\u2016', 'quad': '  ',
                'qquad': '    ', ',': ' ', ';': ' ', '!': '', 'left': '', 'right': '',
                'big': '', 'Big': '', 'bigg': '', 'Bigg': ''}


#@save exercise_checks
def _latex_as_text(text):
    """Markdown with LaTeX math, rewritten to read as plain text: \\frac{a}{b} -> (a)/(b), ..."""
    def braces(m):
        return m.group(1)
    for _ in range(3):  # nested fractions and roots, innermost first
        text = re.sub(r'\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}', r'(\1)/(\2)', text)
        text = re.sub(r'\\sqrt\{([^{}]*)\}', r'sqrt(\1)', text)
        text = re.sub(r'\\(?:mathbf|mathrm|boldsymbol|text|operatorname)\{([^{}]*)\}',
                      braces, text)
    text = re.sub(r'\\(mathbb\{R\}|[a-zA-Z]+|[|,;!])',
                  lambda m: _LATEX_WORDS.get(m.group(1), m.group(1)), text)
    text = re.sub(r'\^\{([^{}]*)\}', r'^(\1)', text)
    text = re.sub(r'_\{([^{}]*)\}', r'_\1', text)
    return text.replace('$$', '').replace('$', '').replace('{', '').replace('}', '')


#@save exercise_checks
class Solution:
    """An exercise's worked solution, read from its solutions notebook; it shows itself."""

    def __init__(self, chapter, number, folder=None):
        # Relative to the chapter that asks the exercise: notebooks/ or notebooks/jax/.
        self.link = _solutions_file(chapter.rpartition('/')[2])
        try:
            self.heading, self.parts = solution_parts(chapter, number, folder)
            self.problem = None
        except LookupError as err:
            self.heading, self.parts, self.problem = None, [], str(err)

    def __repr__(self):
        if self.problem:
            return f'The worked solution should be in {self.link}, but {self.problem}.'
        body = [_latex_as_text(text) if kind == 'markdown'
                else textwrap.indent(text, '    ') for kind, text in self.parts]
        return '\n\n'.join([f'Worked solution: {self.link}, section '
                            f'"{_latex_as_text(self.heading)}".']
                           + body)

    def _repr_markdown_(self):
        if self.problem:
            return _md_escape(repr(self))
        body = [text if kind == 'markdown' else f'```python\n{text}\n```'
                for kind, text in self.parts]
        return '\n\n'.join([f'**Worked solution** from [{self.link}]({self.link}), section '
                            f'"{self.heading}".'] + body)


# %% [markdown]
# ## Reading an answer
#
# The helpers below turn an answer into numbers. A function is called on the test
# points as a float64 array of its edition: a torch tensor in the PyTorch edition, a
# JAX array (with JAX's 64-bit floats on for the call) in the JAX edition. If it cannot
# take a whole array, it is called at one point at a time: on a float in the PyTorch
# edition (a function of `math.exp`, say), on a 0-d JAX array in the JAX edition (where
# `jax.grad(f)` of a scalar function is such a function; the verdict then mentions
# `jax.vmap`). A number may be a Python, NumPy, torch or JAX scalar or 0-d array of any
# float type. A SymPy expression or a string is turned into a NumPy function with
# `sympy.lambdify`; SymPy is imported only then.

# %%
#@save exercise_checks
def _is_sympy(answer):
    """Whether answer is a SymPy object (SymPy is not imported to find out)."""
    return type(answer).__module__.split('.')[0] == 'sympy'


#@save exercise_checks
def _kind(answer):
    """The kind of an answer in words, such as "a value of type list"."""
    return f'a value of type {type(answer).__name__}'


#@save exercise_checks
def _is_array(value):
    """Whether value is a NumPy array or scalar, a torch tensor or a JAX array."""
    if isinstance(value, (np.ndarray, np.generic, torch.Tensor)):
        return True
    jax = sys.modules.get('jax')  # a JAX array exists only where jax was imported
    return jax is not None and isinstance(value, jax.Array)


#@save exercise_checks
def _is_number(answer):
    """Whether answer is a single real number: int, float, Fraction, or a 0-d array or tensor
    (NumPy, torch or JAX) of an integer or float type."""
    if isinstance(answer, bool):
        return False
    if isinstance(answer, numbers.Real):
        return True
    if _is_array(answer):
        kind = str(answer.dtype)
        return answer.ndim == 0 and 'bool' not in kind and 'complex' not in kind
    return _is_sympy(answer) and getattr(answer, 'is_number', False)


#@save exercise_checks
def _number(answer, what='a number'):
    """A float from a number, a 0-d tensor, a SymPy number or a string like "1/3"."""
    if isinstance(answer, str):
        answer = _expression(answer, ())
    if _is_number(answer):
        try:
            value = float(answer)
        except TypeError:
            value = complex(answer).real  # a SymPy number with a zero imaginary part
        if not math.isfinite(value):
            raise Wrong(f'Your answer is {value}, not a finite number.')
        return value
    if callable(answer):
        raise WrongKind(f'This is a function, where {what} was expected.')
    raise WrongKind(f'This is {_kind(answer)}, where {what} was expected.')


#@save exercise_checks
def _expression(answer, names, functions=()):
    """A SymPy expression from a string or SymPy object, using only the given names."""
    import sympy as sp
    from sympy.parsing.sympy_parser import (convert_xor, implicit_multiplication,
                                            parse_expr, standard_transformations)
    if isinstance(answer, str):
        local = {'e': sp.E, 'ln': sp.log}  # unless the names say otherwise
        local.update({name: sp.Symbol(name) for name in names})
        local.update({name: sp.Function(name) for name in functions})
        try:
            answer = parse_expr(answer, local_dict=local,
                                transformations=standard_transformations + (
                                    convert_xor, implicit_multiplication))
        except Exception as err:
            raise WrongKind(f'SymPy cannot read the string {answer!r} '
                            f'({type(err).__name__}).') from None
    if not isinstance(answer, sp.Expr):
        raise WrongKind(f'This is {_kind(answer)}, not an expression.')
    unknown = sorted(s.name for s in answer.free_symbols if s.name not in names)
    unknown += sorted({f.func.__name__ for f in answer.atoms(sp.core.function.AppliedUndef)
                       if f.func.__name__ not in functions})
    if unknown:
        allowed = ', '.join(list(names) + [f'{f}(...)' for f in functions]) or 'no symbols'
        raise WrongKind(f'Your expression uses {", ".join(unknown)}; it may use {allowed}.')
    return answer


#@save exercise_checks
def _to_array(value, shape):
    """value (a tensor, array, list or number) as a float64 array broadcast to shape."""
    if value is None:
        raise Wrong('Your function returned None: it must return the values it computes.')
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().numpy()
    if isinstance(value, (list, tuple)):  # a list of tensors, say, one value per entry
        value = [v.detach().cpu().numpy() if isinstance(v, torch.Tensor) else v for v in value]
    array = np.asarray(value, dtype=float)
    if array.shape != tuple(shape):
        array = np.broadcast_to(array, shape) if array.size == 1 else array
    return array


#@save exercise_checks
def _numeric(answer, names, functions=None):
    """A function of float64 arrays (one per name) from a callable, an expression or a string."""
    if isinstance(answer, str) or _is_sympy(answer):
        import sympy as sp
        functions = functions or {}
        expr = _expression(answer, names, tuple(functions))
        symbols = [next((s for s in expr.free_symbols if s.name == n), sp.Symbol(n))
                   for n in names]
        compiled = sp.lambdify(symbols, expr, modules=[functions, 'numpy'])
        return lambda *arrays: _to_array(compiled(*arrays), np.shape(arrays[0]))
    if callable(answer):
        return lambda *arrays: _call(answer, arrays)
    raise WrongKind(f'This is {_kind(answer)}, where a function was expected.')


#@save exercise_checks
def _in_edition(torch, jax):
    """What to say in the edition being checked: the PyTorch words or the JAX words."""
    return jax if _edition.get() == 'jax' else torch


#@save exercise_checks
def _jax():
    """The jax module, for the JAX edition's checks (a learner there has imported it)."""
    import jax
    return jax


#@save exercise_checks
def _learner_array(value):
    """value as a float64 array of the edition being checked: a torch tensor or a JAX array."""
    if _edition.get() == 'jax':
        jax = _jax()
        with jax.enable_x64(True):
            return jax.numpy.asarray(np.asarray(value, dtype=float))
    return torch.as_tensor(np.asarray(value, dtype=float))


#@save exercise_checks
def _call_learner(function, *arrays):
    """function(*arrays), each array as a float64 array of the edition being checked.

    In the JAX edition the call runs with JAX's 64-bit floats on, and JAX arrays in what it
    returns come back as NumPy arrays."""
    if _edition.get() == 'jax':
        jax = _jax()
        with jax.enable_x64(True):
            out = function(*(_learner_array(a) for a in arrays))
            return jax.tree_util.tree_map(np.array, out)  # NumPy copies, writable
    return function(*(_learner_array(a) for a in arrays))


#@save exercise_checks
def _call(function, arrays):
    """A learner's function at the points, as float64 arrays of the edition, or else one point at a time."""
    shape = np.shape(arrays[0])
    try:
        out = _call_learner(function, *arrays)
        result = _to_array(out, shape)
        if result.shape == shape:
            return result
    except Wrong:
        raise
    except Exception:  # a function of one number, such as math.exp, or jax.grad(f)
        pass
    if _edition.get() == 'jax':
        values = [_call_learner(function, *point) for point in zip(*arrays)]
        _note('(Your function takes one number at a time, so the check called it at each '
              'point; jax.vmap of it takes a whole array at once.)')
    else:
        values = [function(*(float(a) for a in point)) for point in zip(*arrays)]
    return _to_array([_number(v, 'a number as the value of your function') for v in values],
                     shape)


#@save exercise_checks
def _close(a, b, rtol=1e-6, atol=1e-8):
    """Whether two float arrays have one shape, are finite and agree within tolerance."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.all(np.isfinite(a))) and np.allclose(a, b, rtol, atol)


# %% [markdown]
# ## Comparing with the truth, and naming the mistake
#
# An answer that differs from the truth is compared first with the typical
# wrong answers of its exercise, each with its own message, then with the
# generic mistakes: minus the truth (a sign error), a constant multiple, a
# constant shift. Only the learner's own value is ever printed, never the
# true one.

# %%
#@save exercise_checks
def _points(seed, low, high, n=12, both_signs=False):
    """n seeded random points in [low, high], also in [-high, -low] if both_signs."""
    x = np.random.default_rng(seed).uniform(low, high, n)
    if both_signs:
        x[::2] *= -1
    return x


#@save exercise_checks
def _derivative(f, x):
    """f'(x) at each point of the array x, by autograd; f is a torch function of a tensor."""
    x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    f(x).sum().backward()  # each f(x_i) depends on x_i alone
    return x.grad.numpy()


#@save exercise_checks
def _diagnose(yours, truth, what, where=None, rtol=1e-6, atol=1e-8):
    """Raise Wrong naming a generic mistake (sign, factor, shift) when yours differs from truth."""
    yours, truth = np.asarray(yours, dtype=float), np.asarray(truth, dtype=float)
    if _close(yours, truth, rtol, atol):
        return
    if _close(yours, -truth, rtol, atol):
        raise Wrong(f'Sign error: your answer is minus {what}.')
    if np.all(yours == 0) and np.any(np.abs(truth) > 1e-3):
        raise Wrong(f'Your answer is 0 everywhere, where {what} is not: nothing reached the '
                    'input. ' + _in_edition(
                        torch='Was the input detached (detach(), no_grad) before the value was '
                              'computed from it, or the result made with zeros_like?',
                        jax='Was the input cut off by jax.lax.stop_gradient, or the result '
                            'made with zeros_like?'))
    large = np.abs(truth) > 1e-3
    if large.sum() >= 2 and np.all(np.isfinite(yours)):
        ratio = yours[large] / truth[large]
        if np.allclose(ratio, ratio[0], rtol=max(rtol, 1e-6)):
            # The factor itself is not shown: dividing by it would give the answer away.
            raise Wrong(f'Off by a constant factor: your answer is a fixed multiple of {what}. '
                        'Look for a factor missing or added (a chain-rule factor, a 2 '
                        'from a square, a 1/2).')
    shift = yours - truth
    if (shift.size > 1 and np.all(np.isfinite(shift))
            and np.allclose(shift, shift.flat[0], rtol, atol)):
        raise Wrong(f'Off by a constant: your answer differs from {what} by the same '
                    'amount everywhere. Check its constant term.')
    bad = int(np.argmax(~np.isclose(yours, truth, rtol, atol))) if yours.size > 1 else 0
    place = f' {where(bad)}' if where else ''
    raise Wrong(f'Your answer does not agree with {what}{place}.')


#@save exercise_checks
def _as_function(answer, names, what, at_points=(), functions=None):
    """A NumPy function of the given names; WrongKind for a number, naming the point it fits.

    at_points: (label, true value) or (label, true value, message) for numbers that
    are `what` at one point."""
    value = None
    if _is_number(answer):
        value = float(answer)
    elif isinstance(answer, str) or _is_sympy(answer):
        expr = _expression(answer, names, tuple(functions or ()))
        if expr.is_number:
            value = complex(expr).real
    if value is not None:
        for label, truth, *message in at_points:
            if math.isclose(value, truth, rel_tol=2e-3, abs_tol=1e-9):
                raise WrongKind(message[0] if message else
                                f'This is {what} at {label}, a single number. The exercise '
                                f'asks for {what} as a function of {", ".join(names)}, '
                                'which gives its value at every point.')
        raise WrongKind(f'This is a number, where a function of {", ".join(names)} '
                        'was expected.')
    return _numeric(answer, names, functions)


#@save exercise_checks
def _check_function(answer, names, points, truth, what, mistakes=(), at_points=(),
                    functions=None, rtol=1e-6, atol=1e-8):
    """Check a function answer against the true values at the test points.

    points: one array per name; truth: the true values there; mistakes: pairs
    (function of the point arrays, message) of typical wrong answers."""
    f = _as_function(answer, names, what, at_points, functions)
    with np.errstate(all='ignore'):
        yours = f(*points)
    if yours.shape != truth.shape:
        raise Wrong(f'For {truth.size} points your function returned values of shape '
                    f'{yours.shape}: it should return one value per point, like its input.')
    if _close(yours, truth, rtol, atol):
        return
    for candidate, message in mistakes:
        with np.errstate(all='ignore'):
            if _close(yours, candidate(*points), rtol, atol):
                raise Wrong(message)

    def where(i):
        at = ', '.join(f'{n} = {p[i]:.3g}' for n, p in zip(names, points))
        return f'at {at} (yours gives {yours[i]:.4g})'
    _diagnose(yours, truth, what, where, rtol, atol)


#@save exercise_checks
def _vector_values(answer, names, points, unpack):
    """Values, shape (points, k), of a vector-valued answer at each row of points.

    answer: a function (of one tensor, or of one scalar per name if unpack), or a
    list of k expressions or strings in the names."""
    k = len(names) if unpack else points.shape[1]
    if isinstance(answer, (list, tuple)):
        if not answer or not all(isinstance(a, str) or _is_sympy(a) for a in answer):
            raise WrongKind('A list or tuple must hold one SymPy expression or string '
                            'per component.')
        if len(answer) != k:
            raise Wrong(f'Your answer has {len(answer)} components; the gradient has {k}, '
                        'one per input.')
        columns = [_numeric(a, names)(*points.T) for a in answer]
        return np.stack(columns, axis=1)
    if not callable(answer) or _is_sympy(answer):
        if _is_number(answer) or isinstance(answer, str) or _is_sympy(answer):
            raise WrongKind('This is a single number or expression; the gradient has one '
                            'entry per input.')
        raise WrongKind(f'This is {_kind(answer)}, where a function was expected.')
    rows = []
    for point in points:
        out = _call_learner(answer, *(point if unpack else [point]))
        if isinstance(out, (list, tuple)):
            out = [o.detach().numpy() if isinstance(o, torch.Tensor) else o for o in out]
        row = _to_array(out, np.shape(out) if out is not None else ())
        if row.shape != (k,):
            if row.size == k:
                layout = 'row' if row.shape[0] == 1 else 'column'
                raise Wrong(f'Your gradient has shape {row.shape}: a {layout} matrix. The '
                            f'gradient has the shape of the input, ({k},): return a vector, '
                            'not a matrix.')
            if row.size == 1:
                raise Wrong('Your function returns a single number; the gradient has '
                            f'{k} entries, one partial derivative per input.')
            raise Wrong(f'Your function returns shape {row.shape}; the gradient has shape ({k},).')
        rows.append(row)
    return np.array(rows)


#@save exercise_checks
def _check_vector(yours, truth, labels, mistakes=()):
    """Compare vector values (points, k) with the truth, naming the wrong component."""
    if _close(yours, truth):
        return
    for candidate, message in mistakes:
        if _close(yours, candidate):
            raise Wrong(message)
    if yours.shape[1] == 2 and _close(yours[:, ::-1], truth):
        raise Wrong('The components are in the wrong order: the first entry is the '
                    f'derivative with respect to {labels[0]}.')
    for j, label in enumerate(labels):
        try:
            _diagnose(yours[:, j], truth[:, j], f'the partial derivative with respect to {label}')
        except Wrong as err:
            raise Wrong(f'Component {j + 1}: {err}') from None


# %% [markdown]
# ## Multiple choice
#
# Discussion exercises get a question whose options each carry an
# explanation. Where one option is asked for, a wrong pick is told why it is wrong.
# Where several are true ("choose all that apply"), the check says how many of the
# chosen letters are right and how many true ones are missing, never which: naming the
# wrong letter would let the question be solved by trying letters one at a time. The
# explanations of every option come with the right answer.

# %%
#@save exercise_checks
def _question(options, multiple=False):
    """The text of a multiple-choice question from {letter: (statement, explanation)}."""
    head = 'Choose all that apply (answer with letters, e.g. "AC"):' if multiple \
        else 'Choose one (answer with its letter):'
    return '\n'.join([head] + [textwrap.fill(f'  {letter}. {text}', 88, subsequent_indent='     ')
                                for letter, (text, _) in options.items()])


#@save exercise_checks
def _choice(answer, options, correct, multiple=False):
    """Check letters against options {letter: (statement, explanation)}; correct: the letters."""
    if not isinstance(answer, str):
        raise WrongKind(f'This is {_kind(answer)}, where a letter was expected.')
    letters = set(re.sub(r'[\s,;]', '', answer).upper())
    if not letters or letters - set(options):
        raise WrongKind(f'{answer!r} is not made of the letters {", ".join(options)}.')
    if not multiple and len(letters) > 1:
        raise WrongKind('Choose one letter only.')
    wrong, missing = sorted(letters - set(correct)), set(correct) - letters
    if wrong and multiple:
        right = len(letters) - len(wrong)
        also = (f' And {len(missing)} true statement{"s are" if len(missing) > 1 else " is"} '
                'still missing.' if missing else '')
        raise Wrong(f'Of the {len(letters)} letters you chose, {right} '
                    f'{"is" if right == 1 else "are"} right and {len(wrong)} '
                    f'{"is" if len(wrong) == 1 else "are"} not.{also} Read each statement '
                    'again: which of them always holds?')
    if wrong:
        raise Wrong(' '.join(f'{letter} is not right: {options[letter][1]}' for letter in wrong))
    if missing:
        more = 'one more statement is' if len(missing) == 1 else f'{len(missing)} more are'
        raise Wrong(f'What you chose is right, but {more} true as well: read the others '
                    'again.')
    return ' '.join(f'{letter}: {options[letter][1]}' for letter in sorted(correct))


# %% [markdown]
# ## 2.4 Calculus
#
# The exercises of [2.4 Calculus](01_calculus.ipynb), with the answer kind
# each check expects, saved to `d2lutils.exercises_calculus`. Where an exercise asks to
# prove (1 and 2), the check asks for the step that carries the proof as well as the
# rules: for $e^x$, the factor $g(h)$ in $\frac{e^{x+h} - e^x}{h} = e^x g(h)$ and its
# limit; for the product rule, the split of $f(x+h)g(x+h) - f(x)g(x)$ into a multiple of
# the change of $g$ plus a multiple of the change of $f$, which must hold exactly, for
# every $h$.

# %%
#@save exercises_calculus
import fractions
import math
import numbers
import numpy as np
import torch
from d2lutils.exercise_checks import (  # the framework, shared by every chapter's checks
    Wrong, WrongKind, exercise_check, _as_function, _check_function, _check_vector, _choice,
    _close, _derivative, _diagnose, _expression, _is_number, _is_sympy, _kind,
    _lower_first, _number, _numeric, _points, _question, _to_array, _vector_values,
    _edition, _jax)  # the edition being checked, and jax for the JAX edition's


# %%
#@save exercises_calculus
def _expressions(answer, count, names, what):
    """A tuple of `count` SymPy expressions or strings (numbers allowed), as NumPy functions."""
    if not isinstance(answer, (tuple, list)) or len(answer) != count:
        raise WrongKind(f'This is {_kind(answer)}, not a tuple of {count} items ({what}).')
    functions = []
    for item in answer:
        if isinstance(item, numbers.Real) and not isinstance(item, bool):
            item = str(item)
        if not (isinstance(item, str) or _is_sympy(item)):
            raise WrongKind(f'Each item must be a SymPy expression or a string, not '
                            f'{_kind(item)}.')
        functions.append(_numeric(item, names))
    return functions


#@save exercises_calculus
@exercise_check(
    '01_calculus', 1, 'Derivatives of c, x^n, e^x and log x from the limit definition',
    expects='a pair (rules, step). rules: a tuple of four SymPy expressions or strings in '
            'x (and n, c), the derivatives of c, x**n, exp(x) and log(x); step: the pair (g, '
            'limit) that carries the proof for exp, where (exp(x+h) - exp(x))/h = exp(x)*g(h): '
            'g as a string in h, and its limit as h -> 0',
    hints=['Write the difference quotient (f(x+h) - f(x))/h for each function and simplify '
           'it before letting h go to 0.',
           'For x^n expand (x+h)^n with the binomial theorem; for e^x use e^(x+h) = e^x e^h '
           'and the limit of (e^h - 1)/h; for log x use log(x+h) - log x = log(1 + h/x).',
           'Only the term of (x+h)^n that is linear in h survives: n x^(n-1) h. The limit of '
           '(e^h - 1)/h is 1, and log(1 + t)/t tends to 1 as t tends to 0.'])
def _check_01_1(answer):
    return _check_rules_and_step(
        answer, 4, _check_01_1_rules, _check_01_1_step,
        missing='These look like the four rules alone; add the step of the proof for '
                'exp, as a pair (rules, (g, limit)).',
        praise=' And your g(h) and its limit carry the proof for e^x: the difference '
               'quotient is e^x times g(h), and g(h) tends to 1.')


#@save exercises_calculus
def _check_rules_and_step(answer, n_rules, check_rules, check_step, missing, praise):
    """Check an answer (rules, step) of a derive-the-rules exercise: the rules, then the step
    that carries the proof; a bare tuple of n_rules rules gets the message `missing`."""
    if isinstance(answer, (tuple, list)) and len(answer) == n_rules:
        raise WrongKind(missing)
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise WrongKind(f'This is {_kind(answer)}, not a pair (rules, step).')
    rules, step = answer
    rules_praise = check_rules(rules)
    check_step(step)
    return rules_praise + praise


#@save exercises_calculus
def _check_01_1_step(step):
    """Check the step (g, limit) of exercise 1: (e^(x+h) - e^x)/h = e^x g(h), g(h) -> limit."""
    if not isinstance(step, (tuple, list)) or len(step) != 2:
        raise WrongKind(f'The step is {_kind(step)}, not a pair (g, limit).')
    g, limit = step
    if isinstance(g, str) or _is_sympy(g):
        expr = _expression(g, ('h', 'x'))
        if any(s.name == 'x' for s in expr.free_symbols):
            raise Wrong('In the step, your g still depends on x: the question asks for the '
                        'factor that is left once e^x is taken out of the difference quotient.')
    hs = _points(15, 0.01, 0.5, both_signs=True)
    truth = (np.exp(hs) - 1) / hs
    try:
        _check_function(g, ('h',), (hs,), truth, 'g(h)', mistakes=[
            (lambda h: np.exp(h), 'In the step, g leaves out part of the difference '
                                  'quotient: divide all of (e^(x+h) - e^x)/h by e^x.'),
            (lambda h: np.exp(h) - 1, 'In the step, the division by h is missing from g.'),
            (lambda h: np.exp(h) / h, 'In the step, g has lost the term from e^x in the '
                                      'difference quotient.')])
    except WrongKind:
        raise
    except Wrong as err:
        message = str(err)
        raise Wrong(message if message.startswith('In the step') else
                    f'In the step: {message}') from None
    try:
        value = _number(limit, 'a number, the limit of g')
    except WrongKind:
        raise
    except Wrong as err:
        raise Wrong(f'In the step, the limit of g: {_lower_first(err)}') from None
    if not math.isclose(value, 1.0, rel_tol=1e-3, abs_tol=1e-6):
        raise Wrong(f'In the step, the limit of g as h -> 0 is not {value:g}: evaluate g at '
                    'h = 0.01, 0.001 and 0.0001 and watch where it goes.')


#@save exercises_calculus
def _check_01_1_rules(answer):
    """Check the four derivatives of exercise 1; return the praise."""
    d_const, d_power, d_exp, d_log = _expressions(
        answer, 4, ('x', 'n', 'c'), 'the derivatives of c, x**n, exp(x) and log(x)')
    x, n = _points(11, 0.3, 3), _points(12, -2.5, 3.5)
    c = np.full_like(x, 2.7)
    power = _derivative(lambda t: t ** torch.from_numpy(n), x)
    where = lambda i: f'at x = {x[i]:.3g}'  # noqa: E731
    with np.errstate(all='ignore'):
        yours = [d(x, n, c) for d in (d_const, d_power, d_exp, d_log)]
    if not _close(yours[0], 0 * x):
        raise Wrong('The derivative of a constant is not right: write its difference '
                    'quotient and simplify it before taking the limit.')
    if _close(yours[1], n * x ** n):
        raise Wrong('The derivative of x^n has the wrong power of x: see which term of '
                    '(x+h)^n survives once you divide by h and let h go to 0.')
    if _close(yours[1], x ** (n - 1)):
        raise Wrong('The derivative of x^n is missing a constant factor: count the terms of '
                    'the expanded (x+h)^n that are linear in h.')
    _diagnose(yours[1], power, 'the derivative of x^n', where)
    if _close(yours[2], x * np.exp(x - 1)):
        raise Wrong('The derivative of e^x: the power rule does not apply, because x is in '
                    'the exponent, not the base. Use e^(x+h) = e^x e^h.')
    _diagnose(yours[2], _derivative(torch.exp, x), 'the derivative of e^x', where)
    if _close(yours[3], 1 / (x * np.log(10))):
        raise Wrong('The derivative of log x: here log is the natural logarithm (as in '
                    'torch.log), not the logarithm to base 10.')
    _diagnose(yours[3], _derivative(torch.log, x), 'the derivative of log x', where)
    return 'All four derivatives agree with autograd at random points.'


#@save exercises_calculus
def _product_quotient_truth(seed):
    """Values f, g, f', g' and the true (f+g)', (fg)', (f/g)' at random points, by autograd."""
    rng = np.random.default_rng(seed)
    a, b, k = rng.uniform(0.5, 2, 3)
    x = torch.tensor(_points(seed, -2, 2), dtype=torch.float64, requires_grad=True)
    f, g = a * torch.sin(b * x) + 0.3, torch.exp(k * x / 3) + 1
    values = {'f': f, 'g': g, 'df': torch.autograd.grad(f.sum(), x, retain_graph=True)[0],
              'dg': torch.autograd.grad(g.sum(), x, retain_graph=True)[0]}
    truth = [torch.autograd.grad(h.sum(), x, retain_graph=True)[0] for h in (f + g, f * g, f / g)]
    return ({n: v.detach().numpy() for n, v in values.items()}, [t.numpy() for t in truth])


#@save exercises_calculus
@exercise_check(
    '01_calculus', 2, 'The sum, product and quotient rules from first principles',
    expects='a pair (rules, step). rules: a tuple of three SymPy expressions or strings in '
            'f, g, df, dg (df, dg stand for f\'(x), g\'(x)), the derivatives of f + g, f*g and '
            'f/g; step: the pair (A, B), strings in f, g, fh, gh (fh, gh stand for f(x+h), '
            'g(x+h)), with fh*gh - f*g = A*(gh - g) + B*(fh - f) for every h, the step that '
            'proves the product rule',
    hints=['Start from the difference quotient of the sum, of the product and of the '
           'quotient, and rewrite each with the difference quotients of f and g.',
           'For the product, add and subtract f(x+h)g(x) in the numerator. For the '
           'quotient, put f(x+h)/g(x+h) - f(x)/g(x) over the common denominator '
           'g(x+h)g(x), then add and subtract f(x)g(x).',
           'The product rule has two terms, one for each factor differentiated. The '
           'quotient rule\'s numerator has a minus sign, and its denominator is g(x)^2.'])
def _check_01_2(answer):
    return _check_rules_and_step(
        answer, 3, _check_01_2_rules, _check_01_2_step,
        missing='These look like the three rules alone; add the step of the proof of '
                'the product rule, as a pair (rules, (A, B)).',
        praise=' Your A and B split the change of f g exactly, for every h: divided by '
               'h, with h -> 0, they give the product rule.')


#@save exercises_calculus
def _check_01_2_step(step):
    """Check the add-and-subtract step (A, B) of exercise 2 on random values of f, g, fh, gh."""
    if not isinstance(step, (tuple, list)) or len(step) != 2:
        raise WrongKind(f'The step is {_kind(step)}, not a pair (A, B).')
    names = ('f', 'g', 'fh', 'gh')
    A, B = _expressions(step, 2, names, 'A and B')
    rng = np.random.default_rng(22)
    f, g, fh, gh = rng.uniform(-2, 2, (4, 16))
    with np.errstate(all='ignore'):
        a, b = A(f, g, fh, gh), B(f, g, fh, gh)
    change, split = fh * gh - f * g, a * (gh - g) + b * (fh - f)
    if _close(split, change):
        return
    if _close(a, g + 0 * f) and _close(b, f + 0 * g) or _close(a, f + 0 * g) and _close(
            b, g + 0 * f):
        raise Wrong('In the step, your A and B make the two sides differ by a term that '
                    'vanishes only as h -> 0; the step must hold exactly, for every h.')
    raise Wrong('In the step, with your A and B the two sides differ: the identity must hold '
                'for all values of f(x), g(x), f(x+h) and g(x+h).')


#@save exercises_calculus
def _check_01_2_rules(answer):
    """Check the three rules of exercise 2; return the praise."""
    d_sum, d_prod, d_quot = _expressions(answer, 3, ('f', 'g', 'df', 'dg'),
                                         'the derivatives of f + g, f*g and f/g')
    v, (t_sum, t_prod, t_quot) = _product_quotient_truth(21)
    args = (v['f'], v['g'], v['df'], v['dg'])
    with np.errstate(all='ignore'):
        yours = [d(*args) for d in (d_sum, d_prod, d_quot)]
    _diagnose(yours[0], t_sum, 'the derivative of f + g')
    if _close(yours[1], v['df'] * v['dg']):
        raise Wrong('The product rule: the derivative of a product is not the product of '
                    'the derivatives.')
    _diagnose(yours[1], t_prod, 'the derivative of f*g')
    if _close(yours[2], v['df'] / v['dg']):
        raise Wrong('The quotient rule: the derivative of a quotient is not the quotient of '
                    'the derivatives.')
    if _close(yours[2], (v['df'] * v['g'] - v['f'] * v['dg']) / v['g']):
        raise Wrong('The quotient rule: the numerator is right, but the denominator is not: '
                    'redo the step that puts the two fractions over a common denominator.')
    if _close(yours[2], (v['f'] * v['dg'] - v['df'] * v['g']) / v['g'] ** 2):
        raise Wrong('Sign error in the quotient rule\'s numerator.')
    _diagnose(yours[2], t_quot, 'the derivative of f/g')
    return ('The three rules agree with autograd on random functions f and g. '
            'Compare your derivation with solution().')


#@save exercises_calculus
_OPTIONS_01_3 = {
    'A': ('Write c f(x) as u v with u = c and v = f. Then u\' = 0, so the term u\'v of the '
          'product rule vanishes and (c f)\' = c f\'.',
          'right: a constant is a function whose difference quotient is 0 everywhere.'),
    'B': ('With u = c and v = f, the term u v\' vanishes, because v\' = 0.',
          'v = f varies with x, so v\' is not 0 in general.'),
    'C': ('Both terms of the product rule are equal, so (c f)\' = 2 c f\'.',
          'work out each of the two terms with u = c and v = f: they are not equal.'),
    'D': ('The product rule does not apply, because c is not a function of x.',
          'a constant is a function of x too, one that never changes, and the product '
          'rule applies to it.'),
}


#@save exercises_calculus
@exercise_check(
    '01_calculus', 3, 'The constant multiple rule as a special case of the product rule',
    expects='one letter, "A" to "D"', question=_question(_OPTIONS_01_3),
    hints=['A constant c is a function too: c(x) = c for every x.',
           'Apply the product rule (u v)\' = u\'v + u v\' with u = c and v = f. What is u\'?'])
def _check_01_3(answer):
    return _choice(answer, _OPTIONS_01_3, 'A')


#@save exercises_calculus
@exercise_check(
    '01_calculus', 4, 'The derivative of x^x',
    expects='a function of x (torch operations), e.g. lambda x: ..., or a SymPy '
            'expression or string in x',
    jax={'expects': 'a function of x written with jax.numpy, e.g. lambda x: ..., or a SymPy '
                    'expression or string in x'},
    hints=['Neither the power rule (constant exponent) nor the exponential rule '
           '(constant base) applies: here both vary.',
           'Write x^x = e^(x log x), then use the chain rule.',
           'The derivative of x log x is log x + 1; multiply by e^(x log x) = x^x.'])
def _check_01_4(answer):
    x = _points(41, 0.2, 3)
    truth = _derivative(lambda t: t ** t, x)
    _check_function(
        answer, ('x',), (x,), truth, 'the derivative of x^x',
        mistakes=[(lambda x: x * x ** (x - 1),
                   'You used the power rule, which holds only for a constant exponent; '
                   'in x^x the exponent varies too.'),
                  (lambda x: x ** x * np.log(x),
                   'You used the rule for a^x, which holds only for a constant base; in '
                   'x^x the base varies too, which adds a term.')],
        at_points=[('x = 1', 1.0), ('x = 2', 4 * (1 + math.log(2)))])
    return 'Your derivative agrees with autograd at random points of (0.2, 3).'


#@save exercises_calculus
@exercise_check(
    '01_calculus', 5, 'Where f\'(x) = 0: a function and a point',
    expects='a pair (f, x0): a function f of x (torch operations, or a SymPy expression or '
            'string in x) and a number x0 where f\'(x0) = 0',
    jax={'expects': 'a pair (f, x0): a function f of x (jax.numpy, or a SymPy expression or '
                    'string in x) and a number x0 where f\'(x0) = 0',
         'hints': ['f\'(x0) = 0 means the tangent at x0 is horizontal: f neither rises nor '
                   'falls there, to first order.',
                   'Think of the bottom of a parabola, or the top of a hill.',
                   'For example the lowest point of a parabola x^2 + ... . Check with jax.grad '
                   'that the derivative is 0 there.']},
    hints=['f\'(x0) = 0 means the tangent at x0 is horizontal: f neither rises nor falls '
           'there, to first order.',
           'Think of the bottom of a parabola, or the top of a hill.',
           'For example the lowest point of a parabola x^2 + ... . Check with autograd '
           'that the derivative is 0 there.'])
def _check_01_5(answer):
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        if callable(answer) or isinstance(answer, str) or _is_sympy(answer):
            raise WrongKind('This is only a function: give the point too, as a pair (f, x0).')
        raise WrongKind(f'This is {_kind(answer)}, not a pair (f, x0).')
    f, x0 = _as_function(answer[0], ('x',), 'the function'), _number(answer[1], 'a number x0')
    h = 1e-5
    with np.errstate(all='ignore'):
        left, mid, right = f(np.array([x0 - h, x0, x0 + h]))
    if not all(map(math.isfinite, (left, mid, right))):
        raise Wrong(f'Your f is not defined (finite) at and around x0 = {x0:g}.')
    slope_left, slope_right = (mid - left) / h, (right - mid) / h
    if abs(slope_left - slope_right) > 1e-2 * max(1, abs(slope_left)):
        raise Wrong(f'Your f has a kink at x0 = {x0:g}: the slopes from the left and from '
                    'the right differ, so f is not differentiable there and f\'(x0) does '
                    'not exist, let alone equal 0.')
    slope = (right - left) / (2 * h)
    if abs(slope) > 1e-5:
        if abs(mid) < 1e-9:
            raise Wrong(f'f(x0) = 0: x0 = {x0:g} is a root of f, a point where its value is '
                        '0, not one where its derivative is 0.')
        raise Wrong(f'At x0 = {x0:g} the slope of your f is about {slope:.3g}, not 0.')
    return (f'f\'({x0:g}) = 0 (central difference): the tangent there is horizontal. Such '
            'a point can be a minimum, a maximum, or neither (x^3 at 0).')


#@save exercises_calculus
@exercise_check(
    '01_calculus', 6, 'The tangent of x^3 - 1/x at x = 1',
    expects='the tangent line, as a function of x (torch operations) or a SymPy '
            'expression or string in x',
    jax={'expects': 'the tangent line, as a function of x (jax.numpy) or a SymPy expression '
                    'or string in x'},
    hints=['The tangent at x = 1 is the line through (1, f(1)) with slope f\'(1).',
           'Its equation is y = f(1) + f\'(1) (x - 1).',
           'The derivative of -1/x = -x^(-1) is +x^(-2).'])
def _check_01_6(answer):
    x = _points(61, -2, 3)
    one = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
    value = one ** 3 - 1 / one
    slope, = torch.autograd.grad(value, one)
    truth = value.item() + slope.item() * (x - 1)
    _check_function(
        answer, ('x',), (x,), truth, 'the tangent line',
        mistakes=[(lambda x: 3 * x ** 2 + 1 / x ** 2,
                   'This is the derivative f\'(x), a curve; the tangent line is the straight '
                   'line through (1, f(1)) with slope f\'(1).'),
                  (lambda x: 2 * x - 2,
                   'The slope is off by a sign error in the derivative of -1/x.'),
                  (lambda x: 3 * x - 3,
                   'The slope is off: it misses the term from -1/x.'),
                  (lambda x: x ** 3 - 1 / x, 'This is f itself, not its tangent line.')],
        at_points=[('x = 1', slope.item(), 'This is the slope f\'(1), a single number; the '
                    'tangent line is a function of x.')])
    return 'This is the tangent line at x = 1; plot it with f to see it touch.'


#@save exercises_calculus
@exercise_check(
    '01_calculus', 7, 'The gradient of 3 x1^2 + 5 e^x2',
    expects='a function of a tensor x of shape (2,) returning the gradient as a tensor of '
            'shape (2,), or a list of two SymPy expressions or strings in x1, x2',
    jax={'expects': 'a function of an array x of shape (2,) returning the gradient as an '
                    'array of shape (2,) (jax.numpy, or jax.grad of f), or a list of two '
                    'SymPy expressions or strings in x1, x2'},
    hints=['The gradient collects the partial derivatives: differentiate in x1 with x2 '
           'held fixed, then in x2 with x1 held fixed.',
           'In the partial derivative with respect to x1, 5 e^x2 is a constant; in the one '
           'with respect to x2, 3 x1^2 is.'])
def _check_01_7(answer):
    points = np.stack([_points(71, -2, 2), _points(72, -2, 2)], axis=1)
    yours = _vector_values(answer, ('x1', 'x2'), points,
                           unpack=isinstance(answer, (list, tuple)))
    x = torch.tensor(points, requires_grad=True)
    (3 * x[:, 0] ** 2 + 5 * torch.exp(x[:, 1])).sum().backward()
    truth = x.grad.numpy()
    sums = truth.sum(axis=1, keepdims=True)
    if yours.shape == truth.shape and _close(yours, np.broadcast_to(sums, truth.shape)):
        raise Wrong('Each component holds the sum of both partial derivatives; the gradient '
                    'has one partial derivative per component.')
    _check_vector(yours, truth, ['x1', 'x2'])
    return 'Your gradient agrees with autograd at random points.'


#@save exercises_calculus
_OPTIONS_01_8 = {
    'A': ('The gradient is 0 there, because 0 is the minimum of the norm; that is what '
          'PyTorch returns.',
          'PyTorch returns 0 at 0 by a convention, choosing one subgradient; that does not '
          'make 0 a derivative. Compare the slopes along a direction v and along -v.'),
    'B': ('There is no gradient: the slope along v is ||v|| and along -v also ||v||, not '
          'its opposite, so no linear map fits. Every vector in the unit ball is a '
          'subgradient.',
          'right: the norm has a cone-shaped corner at 0, like |x| in one dimension.'),
    'C': ('The gradient formula that holds away from 0 gives 0/0 at 0, which is 1 by '
          'continuity.',
          'the gradient has no limit as x tends to 0: its direction depends on where x '
          'comes from.'),
    'D': ('The gradient is infinite at 0.',
          'the slopes near 0 stay bounded; nothing blows up, the direction just jumps.'),
}


#@save exercises_calculus
@exercise_check(
    '01_calculus', 8, 'The gradient of the norm ||x||_2, and what happens at x = 0',
    expects='a pair (gradient, letter): a function of a tensor x of shape (n,) (any n, '
            'x != 0) returning the gradient, a tensor of shape (n,); and the letter of what '
            'happens at x = 0, "A" to "D"',
    question='What happens at x = 0? ' + _question(_OPTIONS_01_8),
    jax={'expects': 'a pair (gradient, letter): a function of an array x of shape (n,) (any '
                    'n, x != 0) returning the gradient, an array of shape (n,); and the letter '
                    'of what happens at x = 0, "A" to "D"'},
    hints=['Write ||x|| = sqrt(x^T x) and use the chain rule.',
           'The gradient of x^T x is 2x, and the derivative of sqrt(u) is 1/(2 sqrt(u)).',
           'At x = 0 the norm has a corner, like |x| in one dimension: compare the slopes '
           'along a direction v and along -v.'])
def _check_01_8(answer):
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        if callable(answer):
            raise WrongKind('This is only the gradient: add the letter for x = 0, as a pair '
                            '(gradient, letter).')
        raise WrongKind(f'This is {_kind(answer)}, not a pair (gradient, letter).')
    answer, letter = answer
    if not callable(answer) or _is_sympy(answer):
        _number(answer, 'a function of the tensor x')  # names a number; else the kind
        raise WrongKind('The first item is not a function of the tensor x.')
    yours, truth, xs, norms = [], [], [], []
    for n, seed in [(2, 81), (3, 82), (5, 83)]:
        points = np.random.default_rng(seed).normal(size=(4, n))
        yours.append(_vector_values(answer, None, points, unpack=False).ravel())
        x = torch.tensor(points, requires_grad=True)
        torch.linalg.vector_norm(x, dim=1).sum().backward()
        truth.append(x.grad.numpy().ravel())
        xs.append(points.ravel())
        norms.append(np.repeat(np.linalg.norm(points, axis=1), n))
    yours, truth, xs, norms = map(np.concatenate, (yours, truth, xs, norms))
    if _close(yours, 2 * xs):
        raise Wrong('This is the gradient of ||x||^2, not of ||x||: the chain rule through '
                    'the square root adds a factor.')
    if _close(yours, xs):
        raise Wrong('This is x itself: it misses the factor from the square root.')
    if _close(yours, xs / norms ** 2):
        raise Wrong('Off by a factor ||x||: redo the derivative of the square root.')
    _diagnose(yours, truth, 'the gradient of the norm')
    at_zero = _choice(letter, _OPTIONS_01_8, 'B')
    return f'Your gradient agrees with autograd in 2, 3 and 5 dimensions. At 0, {at_zero}'


#@save exercises_calculus
_CHAIN_NAMES = ('du_dx', 'du_dy', 'du_dz', 'dx_da', 'dx_db', 'dy_da', 'dy_db', 'dz_da', 'dz_db')


#@save exercises_calculus
def _chain_instance(seed):
    """Partial derivatives of random u(x, y, z), x(a, b), y(a, b), z(a, b), and the true du/da."""
    rng = np.random.default_rng(seed)
    p = torch.tensor(rng.uniform(0.5, 1.5, 6), dtype=torch.float64)
    a = torch.tensor(_points(seed, -1, 1), dtype=torch.float64, requires_grad=True)
    b = torch.tensor(_points(seed + 1, -1, 1), dtype=torch.float64, requires_grad=True)
    inner = [p[0] * a * b + a, torch.sin(p[1] * a) + b ** 2, torch.exp(p[2] * (a - b))]

    def outer(x, y, z):
        return torch.sin(x) * y + p[3] * z ** 2 * x + p[4] * y * z
    leaves = [t.detach().requires_grad_(True) for t in inner]
    du = torch.autograd.grad(outer(*leaves).sum(), leaves)
    d_inner = [torch.autograd.grad(t.sum(), (a, b), retain_graph=True) for t in inner]
    du_da, = torch.autograd.grad(outer(*inner).sum(), a)
    values = [*du] + [d for pair in d_inner for d in pair]
    return [v.detach().numpy() for v in values], du_da.numpy()


#@save exercises_calculus
@exercise_check(
    '01_calculus', 9, 'The chain rule for u = f(x, y, z) with x, y, z functions of a, b',
    expects='a SymPy expression or string for du/da in the names du_dx, du_dy, du_dz, '
            'dx_da, dx_db, dy_da, dy_db, dz_da, dz_db (partial derivatives)',
    hints=['u depends on a through x, through y and through z: three paths.',
           'Each path contributes the product of the partial derivatives along it.',
           'The contributions of the paths add up: du/da is a sum of three products.'])
def _check_01_9(answer):
    f = _as_function(answer, _CHAIN_NAMES, 'du/da')
    for seed in (91, 93):
        values, truth = _chain_instance(seed)
        d = dict(zip(_CHAIN_NAMES, values))
        with np.errstate(all='ignore'):
            yours = f(*values)
        if _close(yours, truth):
            continue
        one_path = [d['du_dx'] * d['dx_da'], d['du_dy'] * d['dy_da'], d['du_dz'] * d['dz_da']]
        if any(_close(yours, p) for p in one_path) or any(
                _close(yours, sum(one_path) - p) for p in one_path):
            raise Wrong('Some paths are missing: u depends on a through each of x, y and z, '
                        'and each path adds a term.')
        if _close(yours, d['du_dx'] * d['dx_db'] + d['du_dy'] * d['dy_db']
                  + d['du_dz'] * d['dz_db']):
            raise Wrong('This is du/db, the derivative with respect to b.')
        if _close(yours, np.prod(one_path, axis=0)):
            raise Wrong('Multiplying the contributions of the paths is not how the chain rule '
                        'combines them.')
        _diagnose(yours, truth, 'du/da')
    return ('Your du/da agrees with autograd on random u, x, y, z; du/db is the same with b '
            'in place of a.')


#@save exercises_calculus
_INVERSE_PAIRS = [  # f', f^-1 in NumPy, the same in torch, test interval for y
    (np.exp, np.log, torch.exp, torch.log, (0.3, 4.0)),
    (np.cosh, np.arcsinh, torch.cosh, torch.asinh, (-3.0, 3.0)),
    (lambda x: 1 / np.cos(x) ** 2, np.arctan, lambda x: 1 / torch.cos(x) ** 2, torch.atan,
     (-3.0, 3.0)),
]


#@save exercises_calculus
def _JAX_INVERSE_PAIRS(jnp):
    """The f' and f^-1 of _INVERSE_PAIRS in jax.numpy, for the JAX edition."""
    return [(jnp.exp, jnp.log), (jnp.cosh, jnp.arcsinh),
            (lambda x: 1 / jnp.cos(x) ** 2, jnp.arctan)]


#@save exercises_calculus
@exercise_check(
    '01_calculus', 10, 'The derivative of the inverse function',
    expects='a SymPy expression or string in y using the functions fprime (for f\') and '
            'finv (for f^-1), e.g. "fprime(y)", or a Python function (fprime, finv) -> '
            'function of y',
    hints=['Differentiate both sides of f(f^-1(y)) = y with respect to y.',
           'By the chain rule the left side gives f\'(f^-1(y)) times (f^-1)\'(y); the right '
           'side gives 1.',
           'Solve for (f^-1)\'(y). Check it with f = exp, whose inverse is log.'])
def _check_01_10(answer):
    for k, (fprime, finv, fprime_torch, finv_torch, (low, high)) in enumerate(_INVERSE_PAIRS):
        y = _points(101 + k, low, high)
        truth = _derivative(finv_torch, y)
        if callable(answer) and not _is_sympy(answer):
            if _edition.get() == 'jax':
                fprime_torch, finv_torch = _JAX_INVERSE_PAIRS(_jax().numpy)[k]
            g = answer(fprime_torch, finv_torch)
            if not callable(g):
                raise WrongKind('Your function of (fprime, finv) must return a function of y.')
            f = _numeric(g, ('y',))
        else:
            f = _as_function(answer, ('y',), 'the derivative of the inverse',
                             functions={'fprime': fprime, 'finv': finv})
        with np.errstate(all='ignore'):
            yours = f(y)
        if _close(yours, truth):
            continue
        if _close(yours, 1 / fprime(y)):
            raise Wrong('f\' is evaluated at the wrong point: y is a value of f, not a point '
                        'of f\'s domain.')
        if _close(yours, fprime(finv(y))):
            raise Wrong('This is the factor that multiplies the derivative of the inverse in '
                        'the chain-rule equation; solve the equation for that derivative.')
        _diagnose(yours, truth, 'the derivative of the inverse')
    return 'Your formula agrees with autograd for exp/log, sinh/asinh and tan/atan.'


# %% [markdown]
# ## 2.5 Automatic differentiation
#
# The exercises of [2.5 Automatic Differentiation](02_autograd.ipynb), saved to
# `d2lutils.exercises_autograd`.

# %%
#@save exercises_autograd
import fractions
import math
import numbers
import numpy as np
import torch
from d2lutils.exercise_checks import (  # the framework, shared by every chapter's checks
    Wrong, WrongKind, exercise_check, _as_function, _check_function, _check_vector, _choice,
    _close, _derivative, _diagnose, _expression, _is_number, _is_sympy, _kind,
    _lower_first, _number, _numeric, _points, _question, _to_array, _vector_values,
    _call, _call_learner, _edition, _in_edition, _jax)  # a learner's function, in its edition


# %%
#@save exercises_autograd
_OPTIONS_02_1 = {
    'A': ('To differentiate a gradient, autograd must record the backward pass as a graph '
          'too (create_graph=True), which keeps more intermediate values in memory.',
          'true: without create_graph the gradient is a plain tensor with no history.'),
    'B': ('Each local derivative (cos u for sin u, say) is a new function of the inputs, '
          'and differentiating products of them multiplies the terms (product rule): the '
          'graph of the second derivative is several times larger.',
          'true: the second backward pass runs through a bigger graph.'),
    'C': ('The Hessian of f: R^n -> R has n rows, and one reverse pass through the '
          'gradient gives one row, so all of it costs about n gradients.',
          'true: a gradient is one pass, a full Hessian n of them.'),
    'D': ('Autograd falls back to finite differences for second derivatives, which need '
          'many evaluations.',
          'autograd differentiates the recorded graph exactly, the second time as the '
          'first; no finite differences are involved.'),
    'E': ('Second derivatives must be computed in float64, which is slower.',
          'the precision is a separate choice; second derivatives work in float32 too.'),
}


#@save exercises_autograd
_OPTIONS_02_1_JAX = {  # the same statements, true and false alike, in JAX's terms
    'A': ('To differentiate a gradient, JAX differentiates the computation of the gradient '
          'itself (jax.grad of jax.grad), which traces and keeps more intermediate values.',
          'true: the gradient function is a new, larger computation.'),
    'B': _OPTIONS_02_1['B'][:1] + ('true: the second differentiation runs through a bigger '
                                   'computation.',),
    'C': _OPTIONS_02_1['C'],
    'D': ('JAX falls back to finite differences for second derivatives, which need many '
          'evaluations.',
          'jax.grad differentiates the traced computation exactly, the second time as the '
          'first; no finite differences are involved.'),
    'E': _OPTIONS_02_1['E'],
}


#@save exercises_autograd
@exercise_check(
    '02_autograd', 1, 'Why a second derivative costs more than a first one',
    expects='the letters of all true statements, e.g. "AD"', question=_question(
        _OPTIONS_02_1, multiple=True),
    jax={'question': _question(_OPTIONS_02_1_JAX, multiple=True),
         'hints': ['Think of what jax.grad(jax.grad(f)) differentiates: the computation of '
                   'the first gradient, which is itself a function.',
                   'Compare the size of the computation of f with that of f\' (try '
                   'jax.make_jaxpr on both for sin(sin x)), and count how many passes a full '
                   'Hessian takes.']},
    hints=['Think of what autograd needs in order to differentiate a gradient: the gradient '
           'must itself be the output of a recorded computation.',
           'Compare the size of the graph of f with the graph of f\' (try it on sin(sin x) '
           'with create_graph=True), and count how many passes a full Hessian takes.'])
def _check_02_1(answer):
    options = _in_edition(torch=_OPTIONS_02_1, jax=_OPTIONS_02_1_JAX)
    return _choice(answer, options, 'ABC', multiple=True)


#@save exercises_autograd
_OPTIONS_02_2 = {
    'A': ('The second call raises a RuntimeError: the first call freed the values saved '
          'for the backward pass. With retain_graph=True in the first call, the second '
          'works and x.grad holds twice the gradient.',
          'right: saved tensors are freed to save memory, and gradients accumulate.'),
    'B': ('The second call computes the gradient again and overwrites x.grad with the same '
          'values.',
          'gradients are never overwritten in x.grad. Run the two calls and read what '
          'happens.'),
    'C': ('Nothing special: x.grad simply doubles.',
          'that happens only in one setting, not with the calls as written. Run them and '
          'read what happens.'),
    'D': ('The second call sets x.grad to zero, since the graph was already used.',
          'nothing resets x.grad except you (x.grad.zero_()).'),
}


#@save exercises_autograd
@exercise_check(
    '02_autograd', 2, 'Calling backward twice',
    expects='one letter, "A" to "D"', question=(
        'You run y = 2 * torch.dot(x, x); y.backward(); y.backward(). What happens?\n'
        + _question(_OPTIONS_02_2)),
    hints=['Try it: run the two calls in a cell and read the message.',
           'To compute its backward pass, dot saved its inputs during the forward pass. '
           'What does PyTorch do with them once they have been used?'])
def _check_02_2(answer):
    x = torch.arange(4.0, requires_grad=True)
    y = 2 * torch.dot(x, x)
    y.backward()
    try:
        y.backward()
        fails = False
    except RuntimeError:
        fails = True
    correct = 'A' if fails else 'C'  # what this version of PyTorch does, found by running it
    return _choice(answer, _OPTIONS_02_2, correct)


#@save exercises_autograd
def _control_flow(a):
    """The function of 2.5.4, for a tensor a of any shape."""
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    return b if b.sum() > 0 else 100 * b


#@save exercises_autograd
@exercise_check(
    '02_autograd', 3, 'Control flow with a vector or matrix a',
    expects='a function of (a, d), d = f(a), returning what a.grad holds after your '
            'corrected backward call, with every entry of d weighted by 1: a tensor of the '
            'shape of a, computed without autograd',
    jax={'expects': 'a function of (a, d), d = f(a), returning the gradient of the sum of d '
                    'with respect to a (an array of the shape of a), computed without autodiff',
         'hints': ['For a vector a, the loop and the branch depend on a only through the norm '
                   'and the sum of b: the same for every entry.',
                   'So f(a) = k a for one number k, and each entry of jax.grad(lambda a: '
                   'f(a).sum())(a) is the same number k.',
                   'How do you get k from a and d = f(a)?']},
    hints=['For a vector a, the loop and the branch depend on a only through b.norm() and '
           'b.sum(): the same for every entry.',
           'So f(a) = k a for one number k, and each entry of a.grad after d.sum().backward() '
           'is the same number k.',
           'How do you get k from a and d = f(a)?'])
def _check_02_3(answer):
    if not callable(answer) or _is_sympy(answer):
        raise WrongKind(f'This is {_kind(answer)}, where a function of (a, d) was expected.')
    gen = torch.Generator().manual_seed(23)
    for shape, sign in [((5,), 1), ((5,), -1), ((3, 4), 1), ((3, 4), -1)]:
        a = torch.rand(shape, generator=gen, dtype=torch.float64) + 0.1
        a = (sign * a).requires_grad_(True)
        d = _control_flow(a)
        d.sum().backward()
        yours = _call_learner(answer, a.detach().numpy(), d.detach().numpy())
        grad = _in_edition(torch='a.grad', jax='the gradient')
        got_shape = tuple(yours.shape) if hasattr(yours, 'shape') else np.shape(yours)
        if _is_number(yours) or got_shape != tuple(shape):
            got = 'one number' if _is_number(yours) else f'shape {got_shape}'
            raise Wrong(f'For a of shape {tuple(shape)} your function returns {got}: {grad} '
                        'has the shape of a, one partial derivative per entry.')
        yours = _to_array(yours, tuple(shape))
        if _close(yours, d.detach().numpy()):
            raise Wrong('This is d = f(a), the value, not its gradient.')
        if _close(yours, np.ones(shape)):
            raise Wrong('All ones is the gradient of the sum of a; f(a) is not a itself.')
        _diagnose(yours, a.grad.numpy(), grad)
    return (f'Your formula gives {_in_edition(torch="a.grad", jax="the gradient")} for '
            'vectors and matrices, with positive and negative sums: f(a) = k a, and every '
            'entry of the gradient is k = d/a.')


#@save exercises_autograd
@exercise_check(
    '02_autograd', 4, 'sin and its derivative by autograd',
    expects='a function of a tensor x returning the derivative of sin at each entry of x, '
            'computed by autograd (backward or torch.autograd.grad), not with cos',
    jax={'expects': 'a function of an array x returning the derivative of sin at each entry '
                    'of x, computed by jax.grad (with jax.vmap, or of a sum), not with cos',
         'hints': ['jax.grad(jnp.sin) is the derivative of sin at one number.',
                   'jax.vmap maps a function of one number over an array; or differentiate '
                   'the sum of sin(x), whose gradient holds the derivative at every entry.',
                   'def derivative(x):\n    return jax.grad(lambda x: ...)(x)']},
    hints=['Make a copy of x that requires grad, compute sin of it, and call backward.',
           'backward needs a scalar: take the sum of sin(x). Each entry of x only affects '
           'its own term, so x.grad is the derivative at every entry.',
           'def derivative(x):\n    x = x.clone().requires_grad_(True)\n    ...\n    '
           'return x.grad'])
def _check_02_4(answer):
    if not callable(answer) or _is_sympy(answer):
        _as_function(answer, ('x',), 'the derivative of sin',
                     at_points=[('x = 0', 1.0)])
        raise WrongKind('This is an expression; the exercise asks for a Python function '
                        'that lets automatic differentiation compute the derivative.')
    x = _points(44, -6, 6)
    if _edition.get() == 'jax':
        yours = _call(answer, (x,))
        used = _jax_primitives(answer, x)
    else:
        used = set()

        class Watch(torch.overrides.TorchFunctionMode):  # sees every torch function it calls
            def __torch_function__(self, func, types, args=(), kwargs=None):
                used.add(getattr(func, '__name__', ''))
                return func(*args, **(kwargs or {}))
        with Watch():
            yours = _call(answer, (x,))
    truth = _derivative(torch.sin, x)
    _check_function(lambda t: yours, ('x',), (x,), truth, 'the derivative of sin',
                    mistakes=[(np.sin, 'This is sin itself: take the gradient of sin(x).')])
    _check_differentiates(used)
    return (_in_edition(torch='Autograd\'s', jax='jax.grad\'s') + ' derivative of sin is '
            'cos, at every test point. Now plot both.')


#@save exercises_autograd
def _jax_primitives(function, x):
    """The names of the JAX primitives a function computes with, from its jaxpr at the
    points x (or at one point, for a function of one number); None if JAX cannot trace it."""
    jax = _jax()

    def walk(jaxpr, found):
        for equation in jaxpr.eqns:
            found.add(equation.primitive.name)
            for param in equation.params.values():
                for inner in param if isinstance(param, (list, tuple)) else [param]:
                    inner = getattr(inner, 'jaxpr', inner)  # a closed jaxpr holds a jaxpr
                    if hasattr(inner, 'eqns'):
                        walk(inner, found)
        return found
    with jax.enable_x64(True):
        for at in (x, x[0]):
            try:
                return walk(jax.make_jaxpr(function)(jax.numpy.asarray(at)).jaxpr, set())
            except Exception:
                continue
    return None


#@save exercises_autograd
def _check_differentiates(used):
    """Raise Wrong unless what a right answer to 2.5 #4 computed with came from autodiff.

    used: the torch functions it called (PyTorch edition) or the JAX primitives of its jaxpr
    (JAX edition; None where JAX could not trace it). A derivative by autodiff runs backward
    or grad (torch), or holds sin with its derivative's cos (a jaxpr); a formula calls cos
    alone, a difference quotient only sin."""
    asked = _in_edition(torch='the derivative from autograd (backward, torch.autograd.grad or '
                              'torch.func.grad)',
                        jax='the derivative from jax.grad')
    if used is None:
        raise Wrong('The values are right, but your function computes outside JAX (with NumPy '
                    f'or math), so JAX cannot differentiate it: the exercise asks for {asked}, '
                    'not a formula.')
    by_autodiff = ('sin' in used and 'cos' in used if _edition.get() == 'jax'
                   else bool(used & {'backward', 'grad', 'vjp', 'jacrev', 'jacobian'}))
    if 'cos' in used and not by_autodiff:
        raise Wrong(f'The values are right, but your function calls cos: the exercise asks for '
                    f'{asked}, without using the formula.')
    if not by_autodiff:
        raise Wrong('The values are right, but nothing in your function differentiates (a '
                    'formula from another library, or a difference quotient, say): the '
                    f'exercise asks for {asked}.')


#@save exercises_autograd
def _f_02(x):
    """f(x) = log(x^2) sin x + 1/x of exercises 5 to 7 of 2.5, in torch or NumPy."""
    lib = torch if isinstance(x, torch.Tensor) else np
    return lib.log(x ** 2) * lib.sin(x) + 1 / x


#@save exercises_autograd
@exercise_check(
    '02_autograd', 5, 'The dependency graph of f(x) = log(x^2) sin x + 1/x',
    expects='a dict from step names to SymPy strings, one operation each, on x and the '
            'names of earlier steps, in order, the last step named "f", e.g. '
            '{"u1": "x**2", ..., "f": "..."}',
    hints=['List the elementary operations in the order a computer would run them, naming '
           'each intermediate value: u1 = x**2, then ...',
           'There are six steps: a square, a log, a sine, a product, a reciprocal and a sum. '
           'The graph has an edge from each name a step uses to the step.',
           'x is used by three steps. Which ones?'])
def _check_02_5(answer):
    import sympy as sp
    if not isinstance(answer, dict) or not answer:
        raise WrongKind(f'This is {_kind(answer)}, not a dict of steps.')
    if list(answer)[-1] != 'f':
        raise WrongKind('The last step of the dict must be named "f", the output.')
    known, defined, uses_of_x = ['x'], {}, 0
    for name, step in answer.items():
        if not isinstance(name, str) or not name.isidentifier() or name in known:
            raise WrongKind(f'Step names must be new Python names; {name!r} is not.')
        expr = _expression(step if isinstance(step, str) else step, tuple(known))
        operations = sp.count_ops(expr)
        if operations > 1:
            raise Wrong(f'Step {name} = {step} does {operations} operations; the graph needs '
                        'one node per elementary operation: split it.')
        uses_of_x += sp.Symbol('x') in expr.free_symbols
        defined[name] = expr.subs(defined)
        known.append(name)
    x = _points(55, 0.3, 3, both_signs=True)
    with np.errstate(all='ignore'):
        yours = _numeric(defined['f'], ('x',))(x)
    truth = _f_02(x)
    if _close(yours[x > 0], truth[x > 0]) and not _close(yours, truth):
        raise Wrong('Your steps compute f for x > 0 only: log(x^2) is defined for every '
                    'x != 0, but 2 log x is not.')
    if _close(yours, truth - 1 / x):
        raise Wrong('Your steps miss the term 1/x.')
    if _close(yours, np.log(x ** 2) + np.sin(x) + 1 / x):
        raise Wrong('log(x^2) and sin x are multiplied in f, not added.')
    if not _close(yours, truth):
        raise Wrong('Your steps, run in order, do not compute f.')
    return (f'Your {len(answer)} steps compute f, one operation each; x feeds {uses_of_x} of '
            'them, so in reverse mode its adjoint collects that many contributions.')


#@save exercises_autograd
@exercise_check(
    '02_autograd', 6, 'The derivative of log(x^2) sin x + 1/x by the chain rule',
    expects='a function of x (torch operations) or a SymPy expression or string in x',
    jax={'expects': 'a function of x (jax.numpy) or a SymPy expression or string in x'},
    hints=['Use the product rule on log(x^2) sin x and the chain rule on log(x^2).',
           'The derivative of log(u) with u = x^2 is (1/u) du/dx, and du/dx = 2x.',
           'Three terms: one from differentiating log(x^2), one from sin x, one from 1/x.'])
def _check_02_6(answer):
    x = _points(66, 0.3, 3, both_signs=True)
    truth = _derivative(_f_02, x)
    _check_function(
        answer, ('x',), (x,), truth, 'f\'(x)',
        mistakes=[(lambda x: np.sin(x) / x ** 2 + np.log(x ** 2) * np.cos(x) - 1 / x ** 2,
                   'A chain-rule factor is missing in the derivative of log(x^2).'),
                  (lambda x: 2 / x * np.cos(x) - 1 / x ** 2,
                   'The product rule: the derivative of a product is not the product of the '
                   'derivatives; differentiate one factor at a time and add.'),
                  (lambda x: 2 / x * np.sin(x) + np.log(x ** 2) * np.cos(x) + 1 / x ** 2,
                   'Sign error in one term: the derivative of 1/x.'),
                  (lambda x: np.log(x ** 2) * np.cos(x) - 1 / x ** 2,
                   'A term is missing: the product rule also differentiates log(x^2).')],
        at_points=[('x = 2', float(_derivative(_f_02, np.array([2.0]))[0]))])
    return 'Your f\'(x) agrees with autograd at random points of both signs.'


#@save exercises_autograd
@exercise_check(
    '02_autograd', 7, 'Forward and backward differentiation at x = 2',
    expects='a pair of numbers: df/dx at x = 2, and the adjoint df/du1 at x = 2 of the step '
            'u1 = x^2 (the partial derivative of f with respect to u1), e.g. (0.123, 0.456)',
    hints=['Forward: carry du/dx next to each value u, starting with dx/dx = 1. Backward: '
           'store all values, then carry df/du from f (df/df = 1) back to x.',
           'u1 = x^2 feeds only u2 = log u1, so df/du1 = df/du2 times du2/du1.',
           'df/du2 = u3 = sin x, because f = u2 u3 + u5; and du2/du1 = 1/u1.'])
def _check_02_7(answer):
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        if _is_number(answer):
            raise WrongKind('This is one number; give two, (df/dx, df/du1).')
        raise WrongKind(f'This is {_kind(answer)}, not a pair of numbers.')
    slope, adjoint = (_number(a, 'a number') for a in answer)
    x = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
    u1 = x ** 2
    u1.retain_grad()
    (torch.log(u1) * torch.sin(x) + 1 / x).backward()
    true_slope, true_adjoint = x.grad.item(), u1.grad.item()
    close = lambda a, b: math.isclose(a, b, rel_tol=1e-3, abs_tol=1e-4)  # noqa: E731
    if close(slope, true_adjoint) and close(adjoint, true_slope):
        raise Wrong('The two numbers are in the wrong order: df/dx first, then df/du1.')
    if not close(slope, true_slope):
        if close(slope, -true_slope):
            raise Wrong('df/dx has a sign error.')
        raise Wrong(f'df/dx at x = 2 is not {slope:.4g}: redo the forward sweep step by step.')
    if close(adjoint, 1 / 4):
        raise Wrong('df/du1 misses a chain-rule factor: this is only the local derivative '
                    'of the step that uses u1.')
    if close(adjoint, true_slope):
        raise Wrong('df/du1 is not df/dx: u1 = x^2 is an intermediate value.')
    if close(adjoint, true_adjoint * 4):
        raise Wrong('df/du1 has one factor too many: du1/dx belongs to the next step back, '
                    'from u1 to x.')
    if not close(adjoint, true_adjoint):
        raise Wrong(f'df/du1 at x = 2 is not {adjoint:.4g}.')
    return 'Both numbers agree with autograd (df/du1 read from u1.grad with retain_grad).'


#@save exercises_autograd
_OPTIONS_02_8 = {
    'A': ('For f: R^n -> R^m, forward mode needs one pass per input (n in all) for the '
          'Jacobian, backward mode one per output (m): forward pays off when n is much '
          'smaller than m.',
          'true: a pass gives one column (forward) or one row (backward) of the Jacobian.'),
    'B': ('Backward mode must keep the intermediate values of the whole forward pass until '
          'the backward sweep reaches them; forward mode can drop each value once the '
          'steps that use it are done.',
          'true: that is why training needs more memory than inference.'),
    'C': ('Forward mode must store every intermediate Jacobian until the end of the pass.',
          'forward mode multiplies each step\'s Jacobian in as soon as it is computed, and '
          'then needs it no more.'),
    'D': ('Backward mode is always cheaper; that is why deep learning uses it.',
          'only when there are fewer outputs than inputs. Deep learning has one output, '
          'the loss, and millions of inputs.'),
    'E': ('The forward passes for different input directions are independent and can run '
          'in parallel; a backward sweep can only start after the forward sweep has '
          'finished.',
          'true: forward mode is one sweep per direction; backward mode two in sequence.'),
}


#@save exercises_autograd
@exercise_check(
    '02_autograd', 8, 'When forward and when backward differentiation pays off',
    expects='the letters of all true statements, e.g. "AD"', question=_question(
        _OPTIONS_02_8, multiple=True),
    hints=['Write the Jacobian of a chain of steps as a product of the steps\' Jacobians, '
           'and compare multiplying it from the right with multiplying it from the left.',
           'Count what each order must keep in memory, and what it can do side by side.'])
def _check_02_8(answer):
    return _choice(answer, _OPTIONS_02_8, 'ABE', multiple=True)


# %% [markdown]
# The exercises of the companion subsection "Gradients in a training loop": what keeps
# autograd from recording, forgetting `zero_grad`, and scaling the loss when gradients
# are accumulated over micro-batches. Each check finds the truth by running PyTorch.

# %%
#@save exercises_autograd
_OPTIONS_02_9 = {
    'A': ('Inside `with torch.no_grad():`, a result computed from w has requires_grad == '
          'False, and after the block w.requires_grad is still True.',
          'true: no_grad only pauses recording for the block; w is not changed.'),
    'B': ('w.detach() returns a new tensor that shares w\'s memory and belongs to no graph; '
          'w itself still requires grad.',
          'true: detach makes a new tensor; the original keeps its flag.'),
    'C': ('w.requires_grad_(False) changes w itself: from then on, operations on w are not '
          'recorded, until w.requires_grad_(True).',
          'true: requires_grad_ with a trailing underscore acts in place on w.'),
    'D': ('Since w is a leaf, w -= 0.1 * w.grad works the same outside torch.no_grad() as '
          'inside it.',
          'outside no_grad, an in-place change of a leaf that requires grad raises a '
          'RuntimeError: recording it would make w the result of an operation, no longer a '
          'leaf, and overwrite values saved for the backward pass.'),
    'E': ('w.detach() copies the values into new memory, so changing the detached tensor in '
          'place leaves w unchanged.',
          'the detached tensor shares w\'s storage: an in-place change shows in w too.'),
    'F': ('After y = 2 * w; z = (y ** 2).sum(); z.backward(), y.grad holds dz/dy.',
          'y is not a leaf: its .grad stays None unless y.retain_grad() is called before '
          'backward.'),
}


#@save exercises_autograd
@exercise_check(
    '02_autograd', 9, 'no_grad, detach and requires_grad_(False)',
    expects='the letters of all true statements, e.g. "AD"',
    question=_question(_OPTIONS_02_9, multiple=True),
    hints=['Try each one: make w = torch.ones(2, requires_grad=True) and look at '
           'requires_grad of w and of what you compute.',
           'For sharing memory, compare data_ptr() of w and w.detach().',
           'A leaf is a tensor you created; a result of an operation is not.'])
def _check_02_9(answer):
    return _choice(answer, _OPTIONS_02_9, 'ABC', multiple=True)


#@save exercises_autograd
def _sgd_loop(steps=3, zero_grad=False, sign=1.0):
    """(w, w.grad) after `steps` steps of the loop of exercise 10, run by PyTorch.

    zero_grad: empty .grad before each backward; sign: -1 moves w up the gradient."""
    w = torch.tensor(1.0, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=0.1, maximize=sign < 0)
    for _ in range(steps):
        if zero_grad:
            optimizer.zero_grad()
        loss = (w - 3) ** 2
        loss.backward()
        optimizer.step()
    return w.item(), w.grad.item()


#@save exercises_autograd
@exercise_check(
    '02_autograd', 10, 'Forgetting zero_grad',
    expects='a number: w after the three steps',
    hints=['backward adds the new gradient to w.grad; nothing here empties it.',
           'Write three rows: w, the new gradient 2(w - 3), w.grad after backward, w after '
           'step.'])
def _check_02_10(answer):
    w = _number(answer, 'a number, the value of w')
    truth, grad = _sgd_loop()
    close = lambda a, b: math.isclose(a, b, rel_tol=1e-3, abs_tol=1e-4)  # noqa: E731
    if close(w, truth):
        return ('w after three steps agrees with PyTorch: the gradients added up in w.grad, '
                'so each step was longer than the last, and w went past the minimum.')
    if close(w, _sgd_loop(zero_grad=True)[0]):
        raise Wrong('This is what the loop gives when .grad is emptied at each step; here '
                    'each backward adds to what is already in w.grad.')
    if close(w, grad):
        raise Wrong('That is w.grad after the third backward, not w.')
    if close(w, 3.0):
        raise Wrong('That is the minimum of the loss; the question is where three steps of '
                    'this loop leave w.')
    for steps, said in [(1, 'one step'), (2, 'two steps')]:
        if close(w, _sgd_loop(steps)[0]):
            raise Wrong(f'That is w after {said}; the loop runs three.')
    if w < 1 or close(w, _sgd_loop(sign=-1.0)[0]):
        raise Wrong('w moved away from the minimum at w = 3: SGD subtracts lr times the '
                    'gradient.')
    if math.isclose(w, truth, rel_tol=1e-2):
        raise Wrong('Close, but not within 0.1%: give w to at least three decimals.')
    raise Wrong('Not w after three steps: redo the three steps, writing w.grad after each '
                'backward.')


#@save exercises_autograd
_SPLITS = [(10, (4, 4, 2)), (10, (2, 2, 2, 2, 2)), (8, (2, 2, 2, 2)), (12, (5, 5, 2)),
           (7, (7,)), (32, (1,) * 32)]  # a batch size and the sizes of its micro-batches


#@save exercises_autograd
def _accumulated_grad(sizes, factors, seed=0):
    """(accumulated .grad, full batch's .grad) of a seeded linear model's mean squared error.

    The batch is cut into micro-batches of the given sizes; each one's mean loss, times
    its factor, is backpropagated and .grad accumulates, as in exercise 11."""
    gen = torch.Generator().manual_seed(seed)
    X = torch.randn(sum(sizes), 3, generator=gen, dtype=torch.float64)
    y = torch.randn(sum(sizes), generator=gen, dtype=torch.float64)
    w = torch.randn(3, generator=gen, dtype=torch.float64, requires_grad=True)
    ((X @ w - y) ** 2).mean().backward()
    full = w.grad.clone()
    w.grad = None
    for X_part, y_part, factor in zip(X.split(list(sizes)), y.split(list(sizes)), factors):
        (factor * ((X_part @ w - y_part) ** 2).mean()).backward()
    return w.grad, full


#@save exercises_autograd
_EQUAL_SPLIT = ('Right only when every micro-batch has the same size: with a smaller last one, '
                'its examples would count more than the others\'. Which factor holds for any '
                'sizes?')


#@save exercises_autograd
@exercise_check(
    '02_autograd', 11, 'Scaling the loss for gradient accumulation',
    expects='a function of (batch_size, micro_batch_size) returning the factor for a '
            'micro-batch of that size',
    hints=['Write the batch\'s mean loss (1/N) times the sum over all N examples as a sum '
           'over the micro-batches.',
           'A micro-batch\'s sum of losses is its size times its mean.'])
def _check_02_11(answer):
    f = _as_function(answer, ('batch_size', 'micro_batch_size'), 'the factor', at_points=[])
    pairs = sorted({(n, m) for n, sizes in _SPLITS for m in sizes})
    batch = np.array([n for n, _ in pairs], dtype=float)
    micro = np.array([m for _, m in pairs], dtype=float)
    with np.errstate(all='ignore'):
        yours = f(batch, micro)
    if not np.all(np.isfinite(yours)):
        raise Wrong('Your factor is not a finite number for every batch and micro-batch size.')
    factor = dict(zip(pairs, map(float, yours)))
    right = True
    for n, sizes in _SPLITS:
        accumulated, full = _accumulated_grad(sizes, [factor[n, m] for m in sizes])
        # float32's precision: a factor computed in float32 is right too
        right = right and torch.allclose(accumulated, full, rtol=1e-6, atol=1e-9)
    if right:
        return (f'With your factors {_in_edition(torch="the accumulated .grad", jax="the sum")} '
                'equals the full batch\'s gradient, checked on splits with equal micro-batches '
                'and with a smaller last one: each micro-batch counts by its share of the '
                'examples.')
    mistakes = [
        (np.ones_like(batch), 'With no scaling, .grad adds up the micro-batches\' mean '
                              'gradients: too large.'),
        (1 / np.ceil(batch / micro), _EQUAL_SPLIT), (1 / np.floor(batch / micro), _EQUAL_SPLIT),
        (1 / batch, 'Each micro-batch\'s loss is already a mean over its own examples; this '
                    'divides by a count a second time.'),
        (1 / micro, 'The micro-batch loss is already a mean over its examples; dividing by '
                    'its size again is not the scaling that gives the batch\'s mean.'),
        (batch / micro, 'This makes the accumulated gradient larger than the batch\'s, not '
                        'equal to it.')]
    for candidate, message in mistakes:
        if _close(yours, candidate, rtol=1e-6):
            raise Wrong(message)
    total = _in_edition(torch='the accumulated .grad', jax='the sum of the scaled gradients')
    raise Wrong(f'With this factor {total} is not the full batch\'s gradient. Try a batch of 3 '
                'cut into micro-batches of 2 and 1, by hand.')


# %% [markdown]
# Two exercises on 2.5.B and 2.5.C, the companion's sections beyond the textbook: what a
# logging line keeps alive, and per-example gradients.

# %%
#@save exercises_autograd
_OPTIONS_02_12 = {
    'A': ('total += loss keeps every step\'s graph in memory.',
          'true: total is the result of a recorded addition, so it holds this step\'s graph, '
          'and the step before it holds the one before.'),
    'B': ('total += loss.item() keeps every step\'s graph in memory.',
          'item() gives a Python float: no graph comes with it.'),
    'C': ('total += loss.detach() keeps every step\'s graph in memory.',
          'detach() gives a tensor with no history: the step\'s graph can be freed.'),
    'D': ('losses.append(loss) keeps every step\'s graph in memory.',
          'true: each loss in the list still refers to its graph, so every step\'s graph '
          'stays in memory.'),
    'E': ('losses.append(float(loss)) keeps every step\'s graph in memory.',
          'float() of a one-element tensor is a Python number.'),
}


#@save exercises_autograd
_OPTIONS_02_12_JAX = {
    'A': ('total += loss, with loss from jax.value_and_grad', 'a JAX array is a value: '
          'nothing of the computation that made it is kept.'),
    'B': ('total += float(loss)', 'a Python number: nothing is kept.'),
    'C': ('losses.append(loss)', 'a list of values, one number each: nothing of their '
                                 'computations is kept.'),
    'D': ('None of them: in JAX a loss is a value, and the computation of its gradient is '
          'traced again at each call to jax.grad.',
          'true: JAX keeps no graph between calls, so logging cannot keep one alive.'),
}


#@save exercises_autograd
@exercise_check(
    '02_autograd', 12, 'What a logging line keeps alive',
    expects='the letters of all the lines that keep the graphs, as one string of letters',
    question=_question(_OPTIONS_02_12, multiple=True),
    jax={'question': _question(_OPTIONS_02_12_JAX, multiple=False),
         'expects': 'one letter, "A" to "D"',
         'hints': ['What does jax.value_and_grad return: a value, or something that records '
                   'how it was computed?',
                   'Compare with PyTorch, where a loss refers to the graph that made it '
                   '(its grad_fn).']},
    hints=['A loss tensor refers to the graph that computed it (loss.grad_fn): whatever keeps '
           'the tensor keeps the graph.',
           'item(), float() and detach() each give something without a history; adding a '
           'loss to a tensor that requires grad records the addition.'])
def _check_02_12(answer):
    if _edition.get() == 'jax':
        return _choice(answer, _OPTIONS_02_12_JAX, 'D')
    return _choice(answer, _OPTIONS_02_12, 'AD', multiple=True)


#@save exercises_autograd
def _per_example_data(seed=12):
    """(X, y, w) of exercise 13: 6 examples with 3 features, float64, seeded."""
    gen = torch.Generator().manual_seed(seed)
    return (torch.randn(6, 3, generator=gen, dtype=torch.float64),
            torch.randn(6, generator=gen, dtype=torch.float64),
            torch.randn(3, generator=gen, dtype=torch.float64))


#@save exercises_autograd
@exercise_check(
    '02_autograd', 13, 'Per-example gradient norms',
    expects='a function of (X, y, w) returning, for each example i, the norm of the gradient '
            'with respect to w of its squared error (X[i] @ w - y[i]) ** 2: a tensor of '
            'shape (n,) for X of shape (n, 3)',
    jax={'expects': 'a function of (X, y, w) returning, for each example i, the norm of the '
                    'gradient with respect to w of its squared error (X[i] @ w - y[i]) ** 2: '
                    'an array of shape (n,) for X of shape (n, 3)',
         'hints': ['Write the loss of one example, a function of (w, x, y), and its gradient '
                   'with jax.grad.',
                   'jax.vmap maps that gradient over the examples, with w shared: '
                   'in_axes=(None, 0, 0).',
                   'jnp.linalg.norm(..., axis=1) gives one norm per row.']},
    hints=['Write the loss of one example, a function of (w, x, y), and its gradient with '
           'torch.func.grad.',
           'torch.func.vmap maps that gradient over the examples, with w shared: '
           'in_dims=(None, 0, 0).',
           'torch.linalg.vector_norm(..., dim=1) gives one norm per row.'])
def _check_02_13(answer):
    if not callable(answer) or _is_sympy(answer):
        raise WrongKind(f'This is {_kind(answer)}, where a function of (X, y, w) was expected.')
    X, y, w = _per_example_data()
    w_ = w.clone().requires_grad_(True)
    per_example = []
    for x_i, y_i in zip(X, y):  # the truth, one example at a time
        g, = torch.autograd.grad((x_i @ w_ - y_i) ** 2, w_)
        per_example.append(g)
    grads = torch.stack(per_example).numpy()
    yours = _call_learner(answer, X.numpy(), y.numpy(), w.numpy())
    got = tuple(yours.shape) if hasattr(yours, 'shape') else np.shape(yours)
    if _is_number(yours) or got == ():
        raise Wrong('Your function returns one number; there is one norm per example: for '
                    f'{len(X)} examples, {len(X)} numbers.')
    if got == grads.shape:
        raise Wrong(f'Your function returns shape {got}: the gradients themselves. The '
                    'exercise asks for the norm of each one.')
    if got != (len(X),):
        raise Wrong(f'Your function returns shape {got}; for {len(X)} examples it should '
                    f'return {len(X)} norms, shape ({len(X)},).')
    yours = _to_array(yours, (len(X),))
    truth = np.linalg.norm(grads, axis=1)
    mean = np.linalg.norm(grads.mean(axis=0))
    if _close(yours, np.full(len(X), mean)):
        raise Wrong('Every example gets the same number: the norm of the batch\'s mean '
                    'gradient. Each example needs the gradient of its own loss.')
    if _close(yours, truth ** 2):
        raise Wrong('These are the squared norms; the norm is their square root.')
    if _close(yours, np.abs(grads).sum(axis=1)):
        raise Wrong('This sums the absolute values of the entries (the 1-norm); the norm asked '
                    'for is the Euclidean one, the square root of the sum of squares.')
    _diagnose(yours, truth, 'the per-example gradient norms',
              where=lambda i: f'for example {i} (yours gives {yours[i]:.4g})')
    return ('One gradient per example, and its norm: the numbers a per-example clipping or a '
            'differentially private optimizer works with.')


# %% [markdown]
# ## Autodiff from scratch
#
# The exercises of [Autodiff from scratch](03_autodiff_from_scratch.ipynb), saved to
# `d2lutils.exercises_autodiff_scratch`. The first one checks a learner's new primitive
# on the engine's own `Dual` and `Var`, against PyTorch. The fifth measures the error of
# the central difference in float32 as the chapter does, and accepts every step in the
# flat bottom of that measurement.

# %%
#@save exercises_autodiff_scratch
import fractions
import math
import numbers
import numpy as np
import torch
from d2lutils.exercise_checks import (  # the framework, shared by every chapter's checks
    Wrong, WrongKind, exercise_check, _as_function, _check_function, _check_vector, _choice,
    _close, _derivative, _diagnose, _expression, _is_number, _is_sympy, _kind,
    _lower_first, _number, _numeric, _points, _question, _to_array, _vector_values)


# %%
#@save exercises_autodiff_scratch
def _sec2(x):
    """1 / cos(x)^2, the derivative of tan, for NumPy arrays or floats."""
    return 1 / np.cos(x) ** 2


#@save exercises_autodiff_scratch
@exercise_check(
    '03_autodiff_from_scratch', 1, 'A new primitive: tan in both modes',
    expects='a function tan(x) that accepts a float, an autodiff.Dual and an autodiff.Var '
            'and returns the same kind',
    hints=['Both modes only need the value and the local derivative of the new primitive; '
           'look at how sin is defined in the engine.',
           'The local derivative of tan a is 1/cos(a)^2. Add a rule for it next to the '
           'others, and a function tan that applies it.',
           'RULES[\'tan\'] = lambda a: (value, (local derivative,)), and '
           'tan = lambda x: _apply(\'tan\', x).'])
def _check_03_1(answer):
    from d2lutils import autodiff
    if not callable(answer) or _is_sympy(answer):
        raise WrongKind(f'This is {_kind(answer)}, where a function tan(x) was expected.')
    xs, seed_tangent = _points(31, -1.2, 1.2, n=6), 1.7
    x = torch.tensor(xs, requires_grad=True)
    torch.tan(x).sum().backward()
    truth = x.grad.numpy()
    try:
        on_floats = np.array([_number(answer(float(p)), 'a number for tan of a number')
                              for p in xs])
    except Wrong:
        raise
    except Exception as err:
        raise Wrong(f'Your tan does not accept a plain float: it raised {type(err).__name__}: '
                    f'{err}') from None
    if not _close(on_floats, np.tan(xs)):
        raise Wrong('On plain numbers your tan does not give tan x.')
    try:
        duals = [answer(autodiff.Dual(float(p), seed_tangent)) for p in xs]
    except Exception as err:
        raise Wrong(f'Your tan does not accept a Dual: it raised {type(err).__name__}: '
                    f'{err}') from None
    if not all(hasattr(d, 'tangent') and hasattr(d, 'primal') for d in duals):
        raise Wrong('On a Dual your tan must return a Dual, which carries the tangent; it '
                    f'returned {_kind(duals[0])}.')
    tangents = np.array([d.tangent for d in duals])
    if not _close([d.primal for d in duals], np.tan(xs)):
        raise Wrong('The primal of tan(Dual(x, t)) is not tan x.')
    if _close(tangents, truth):
        raise Wrong('A chain-rule factor is missing in forward mode: the tangent of tan(u) '
                    'is the local derivative times the tangent of u.')
    forward = tangents / seed_tangent
    for name, local in [('forward', forward)]:
        if _close(local, 1 / np.cos(xs)):
            raise Wrong(f'In {name} mode the local derivative is off by a power of cos x.')
        if _close(local, np.cos(xs) ** 2):
            raise Wrong(f'In {name} mode the local derivative is upside down.')
        _diagnose(local, truth, f'the derivative of tan ({name} mode)')
    backward = []
    for p in xs:
        v = autodiff.Var(float(p))
        try:
            out = answer(v * v) * 2.0  # tan inside a graph: the adjoints must flow through it
        except Exception as err:
            raise Wrong(f'Your tan does not accept a Var: it raised {type(err).__name__}: '
                        f'{err}') from None
        if not hasattr(out, 'backward'):
            raise Wrong('On a Var your tan must return a Var, which records its parent for '
                        f'the backward pass; it returned {_kind(out)}.')
        out.backward()
        backward.append(v.grad / (4 * p) if p else 0.0)
    truth_sq = _sec2(xs ** 2)
    _diagnose(np.array(backward), truth_sq, 'the derivative of tan (reverse mode)')
    return ('Your tan agrees with PyTorch on numbers, in forward mode (with a tangent seed '
            'of 1.7) and in reverse mode inside a graph: one rule served both modes.')


#@save exercises_autodiff_scratch
@exercise_check(
    '03_autodiff_from_scratch', 2, 'A bug in the backward rule of division',
    expects='the fixed rule: a function of two floats (a, b) returning (a / b, (d/da, d/db)), '
            'e.g. lambda a, b: (a / b, (..., ...))',
    hints=['A gradient check compares each partial derivative from grad with a central '
           'difference (f(x+h) - f(x-h)) / 2h, one input at a time.',
           'The check flags the denominator: d(a/b)/da = 1/b is right.',
           'a/b = a * b^(-1); differentiate b^(-1) with the power rule.'])
def _check_03_2(answer):
    if not callable(answer) or _is_sympy(answer):
        raise WrongKind(f'This is {_kind(answer)}, where a rule (a function of a, b) was '
                        'expected.')
    a_s, b_s = _points(32, -3, 3), _points(33, 0.5, 3, both_signs=True)
    rows = []
    for a, b in zip(a_s, b_s):
        out = answer(float(a), float(b))
        try:
            value, (da, db) = out
            rows.append([_number(value), _number(da), _number(db)])
        except (TypeError, ValueError):
            raise WrongKind('A rule returns (value, (partial derivative in a, partial '
                            f'derivative in b)); yours returned {_kind(out)}.') from None
    yours = np.array(rows)
    a, b = (torch.tensor(v, requires_grad=True) for v in (a_s, b_s))
    (a / b).sum().backward()
    if not _close(yours[:, 0], a_s / b_s):
        raise Wrong('The value of the rule is not a / b.')
    true_da, true_db = a.grad.numpy(), b.grad.numpy()
    if _close(yours[:, 1], true_db) and _close(yours[:, 2], true_da):
        raise Wrong('The two partial derivatives are in the wrong order: the one in a '
                    'comes first.')
    problems = []  # each partial derivative is tested, and every one found wrong is named
    if not _close(yours[:, 1], true_da):
        try:
            _diagnose(yours[:, 1], true_da, 'the partial derivative in a')
        except Wrong as err:
            problems.append(f'in a: {_lower_first(err)}')
    if not _close(yours[:, 2], true_db):
        if _close(yours[:, 2], -true_db):
            said = 'it has the wrong sign, as in the buggy rule.'
        elif _close(yours[:, 2], -a_s / b_s) or _close(yours[:, 2], -1 / b_s ** 2):
            said = 'it misses a factor.'
        else:
            try:
                _diagnose(yours[:, 2], true_db, 'the partial derivative in b')
                said = ''
            except Wrong as err:
                said = _lower_first(err)
        problems.append(f'in b: {said}')
    if len(problems) == 1:
        raise Wrong(f'One partial derivative is wrong, {problems[0]}')
    if problems:
        raise Wrong('Both partial derivatives are wrong; fix the one in a first. '
                    + ' '.join(f'The one {p}' for p in problems))
    return ('Your rule agrees with PyTorch at random points: the quotient rule\'s minus '
            'sign is back.')


#@save exercises_autodiff_scratch
@exercise_check(
    '03_autodiff_from_scratch', 3, 'Forward over reverse: Hessian-vector products',
    expects='the two Hessian-vector products H e1 and H e2 of f at (2, 5), stacked as a '
            '2 x 2 tensor, array or nested list (rows H e1, H e2)',
    hints=['torch.func.grad(f) is a function that returns the gradient; torch.func.jvp of '
           'that function in the direction v gives H v.',
           'By hand: differentiate the gradient (1/x1 + x2, x1 - cos x2) once more.',
           'Each entry: d/dx1 and d/dx2 of each component of the gradient.'])
def _check_03_3(answer):
    if _is_number(answer) or callable(answer) or isinstance(answer, (str, dict)):
        raise WrongKind(f'This is {_kind(answer)}, where a 2 x 2 tensor was expected.')
    try:
        yours = np.asarray(answer.detach().numpy() if isinstance(answer, torch.Tensor)
                           else answer, dtype=float)
    except (TypeError, ValueError):
        raise WrongKind(f'This is {_kind(answer)}, where a 2 x 2 tensor was expected.') from None
    if yours.shape != (2, 2):
        if yours.shape == (2,):
            raise Wrong('This is one Hessian-vector product; stack both, H e1 and H e2.')
        if yours.shape == (4,):
            raise Wrong('These are four numbers in a row; stack them as a 2 x 2 matrix.')
        raise Wrong(f'Your answer has shape {yours.shape}; the Hessian is 2 x 2.')

    def f(x):
        return torch.log(x[0]) + x[0] * x[1] - torch.sin(x[1])
    truth = torch.autograd.functional.hessian(
        f, torch.tensor([2.0, 5.0], dtype=torch.float64)).numpy()
    close = lambda a, b: _close(a, b, rtol=1e-3, atol=1e-4)  # noqa: E731
    if close(yours, truth):
        return ('Both Hessian-vector products agree with PyTorch\'s Hessian; H is symmetric, '
                'so rows and columns agree too.')
    flipped = truth.copy()
    flipped[1, 1] *= -1
    if close(yours, flipped):
        raise Wrong('Sign error in the second diagonal entry: differentiate -sin x2 twice, '
                    'one step at a time.')
    flipped = truth.copy()
    flipped[0, 0] *= -1
    if close(yours, flipped):
        raise Wrong('Sign error in the first diagonal entry: differentiate 1/x1 again.')
    if close(yours, truth * np.eye(2)):
        raise Wrong('The off-diagonal entries are missing: one term of f depends on both '
                    'x1 and x2.')
    _diagnose(yours, truth, 'the Hessian')


#@save exercises_autodiff_scratch
@exercise_check(
    '03_autodiff_from_scratch', 4, 'Which mode, and what does it cost?',
    expects='a pair of whole numbers: (passes in forward mode, passes in reverse mode) for '
            'the full Jacobian of x -> (sum sin x_i, sum x_i^2), x in R^300',
    hints=['One forward pass gives one column of the Jacobian, one reverse pass one row.',
           'The Jacobian of a function R^n -> R^m has m rows and n columns.'])
def _check_03_4(answer):
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise WrongKind(f'This is {_kind(answer)}, not a pair (forward, reverse).')
    forward, reverse = (_number(a, 'a whole number of passes') for a in answer)

    def g(x):
        return torch.stack([torch.sin(x).sum(), (x * x).sum()])
    x = torch.tensor(_points(34, -1, 1, n=300))
    m, n = torch.autograd.functional.jacobian(g, x).shape  # the Jacobian: m rows, n columns
    if (forward, reverse) == (n, m):
        return (f'{n} forward passes (one column each) against {m} reverse passes (one row '
                f'each): reverse mode wins by a factor of about {n // m}.')
    if (forward, reverse) == (m, n):
        raise Wrong('Swapped: a forward pass gives one column of the Jacobian (one input '
                    'direction), a reverse pass one row (one output).')
    if (forward, reverse) == (1, 1):
        raise Wrong('One pass gives a Jacobian-vector product (a column) or a '
                    'vector-Jacobian product (a row), not the whole Jacobian.')
    if forward == n * m or reverse == n * m:
        raise Wrong('A pass gives a whole column or row of the Jacobian, not one entry.')
    raise Wrong('Count the columns (forward) and the rows (reverse) of the Jacobian.')


#@save exercises_autodiff_scratch
def _float32_central_errors():
    """(steps, errors) of the central difference of sin at 1 in float32, on the exercise's grid."""
    steps = 10.0 ** -np.arange(1, 6.01, 0.5)
    x, two = np.float32(1.0), np.float32(2)
    errors = [abs(float((np.sin(x + np.float32(h)) - np.sin(x - np.float32(h)))
                        / (two * np.float32(h))) - math.cos(1.0)) for h in steps]
    return steps, np.array(errors)


#@save exercises_autodiff_scratch
@exercise_check(
    '03_autodiff_from_scratch', 5, 'Finite differences in single precision',
    expects='a number: the best step h of the central difference in float32',
    hints=['The truncation error of the central difference is about h^2; the round-off '
           'error about eps / h.',
           'The two errors are equal near h = eps^(1/3). Use float32\'s eps, '
           'np.finfo(np.float32).eps.',
           'In float32 the bottom of the error\'s V is broad and ragged: measure the error '
           'at each step of the exercise and see where it stays near its smallest value.'])
def _check_03_5(answer):
    h = _number(answer, 'a step h')
    if h <= 0:
        raise Wrong('A step must be positive.')
    # The flat bottom, measured as the solution measures it: the grid steps whose error is
    # within a factor 3 of the smallest, widened by a quarter of a grid step on each side.
    steps, errors = _float32_central_errors()
    bottom = steps[errors <= 3 * errors.min()]
    low, high = bottom.min() / 10 ** 0.125, bottom.max() * 10 ** 0.125
    eps32, eps64 = float(np.finfo(np.float32).eps), float(np.finfo(np.float64).eps)
    if low <= h <= high:
        return (f'Measured on the exercise\'s grid, every step from {bottom.min():.0e} to '
                f'{bottom.max():.0e} gives an error within a factor 3 of the best, '
                f'{errors.min():.1e}: the bottom of the V is broad in float32, around the '
                f'prediction eps^(1/3) ~ {eps32 ** (1 / 3):.0e}, some thousand times the '
                'float64 step.')
    near = lambda a, b, factor: b / factor < a < b * factor  # noqa: E731
    if near(h, eps64 ** (1 / 3), 3):
        raise Wrong('That is the best step in float64. In float32 eps is much larger, so '
                    'round-off (eps / h) pushes the best step up.')
    if near(h, eps64 ** 0.5, 3):
        raise Wrong('That is the forward difference\'s best step in float64.')
    if near(h, eps32, 2):
        raise Wrong('That is eps itself, not a step size.')
    if h > high:
        raise Wrong(f'h = {h:.3g} is too large: there the truncation error dominates. '
                    'Measure the error for the steps the exercise lists.')
    raise Wrong(f'h = {h:.3g} is too small: there the round-off error dominates. Measure '
                'the error for the steps the exercise lists.')


# %% [markdown]
# ## Calculus for deep learning
#
# The exercises of [Calculus for deep learning](04_calculus_for_deep_learning.ipynb),
# Section 4.8, saved to `d2lutils.exercises_calculus_dl`. Exercise 6 asks for the step of
# the proof, the sum $S_n$ in closed form, and for the rate at which the error shrinks.

# %%
#@save exercises_calculus_dl
import fractions
import math
import numbers
import numpy as np
import torch
from d2lutils.exercise_checks import (  # the framework, shared by every chapter's checks
    Wrong, WrongKind, exercise_check, _as_function, _check_function, _check_vector, _choice,
    _close, _derivative, _diagnose, _expression, _is_number, _is_sympy, _kind,
    _lower_first, _number, _numeric, _points, _question, _to_array, _vector_values)


# %%
#@save exercises_calculus_dl
@exercise_check(
    '04_calculus_for_deep_learning', 1, 'A linear approximation of sqrt(4.1)',
    expects='a number: the estimate of sqrt(4.1) from the linear approximation at x = 4',
    hints=['f(x + eps) is about f(x) + eps f\'(x), with x = 4 and eps = 0.1.',
           'f(4) = 2 and f\'(x) = 1 / (2 sqrt(x)).'])
def _check_04_1(answer):
    estimate = _number(answer, 'a number')
    x = torch.tensor(4.0, dtype=torch.float64, requires_grad=True)
    torch.sqrt(x).backward()
    slope = x.grad.item()
    truth = 2 + 0.1 * slope
    if abs(estimate - truth) < 5e-5:
        return ('f(4) + 0.1 f\'(4) with f\'(4) from autograd; it overshoots sqrt(4.1) by '
                'about eps^2/64, and halving eps divides the error by four.')
    if abs(estimate - math.sqrt(4.1)) < 6e-5:  # to four decimals or more
        raise Wrong('This is the exact value of sqrt(4.1) (to the digits you gave), as a '
                    'calculator finds it. The exercise asks for the linear approximation at '
                    'x = 4, f(4) + 0.1 f\'(4): close to the exact value, but not equal to it.')
    if math.isclose(estimate, slope) or math.isclose(estimate, 0.1 * slope):
        raise Wrong('This is only the slope part of the linear estimate.')
    if math.isclose(estimate, 2 + 0.1 * 2 * slope):
        raise Wrong('The slope is off by a constant factor: redo the derivative of sqrt(x).')
    if math.isclose(estimate, 2.1):
        raise Wrong('You used the slope 1: the derivative of sqrt(x) at 4 is much smaller.')
    raise Wrong(f'{estimate:g} is not f(4) + 0.1 f\'(4).')


#@save exercises_calculus_dl
@exercise_check(
    '04_calculus_for_deep_learning', 2, 'The gradient of x^2 y + sin(xy)',
    expects='a function of (x, y) returning the pair (df/dx, df/dy), or a pair of SymPy '
            'expressions or strings in x, y',
    hints=['Differentiate in x with y held fixed, then in y with x held fixed.',
           'sin(xy) needs the chain rule: the inner function xy has derivative y in x and '
           'x in y.'])
def _check_04_2(answer):
    points = np.stack([_points(421, -2, 2), _points(422, -2, 2)], axis=1)
    yours = _vector_values(answer, ('x', 'y'), points, unpack=True)
    xy = torch.tensor(points, requires_grad=True)
    x, y = xy[:, 0], xy[:, 1]
    (x ** 2 * y + torch.sin(x * y)).sum().backward()
    truth = xy.grad.numpy()
    px, py = points[:, 0], points[:, 1]
    no_chain = np.stack([2 * px * py + np.cos(px * py), px ** 2 + np.cos(px * py)], axis=1)
    _check_vector(yours, truth, ['x', 'y'], mistakes=[
        (no_chain, 'A chain-rule factor is missing in the derivative of sin(xy), in x and '
                   'in y.')])
    return 'Your gradient agrees with autograd at random points of [-2, 2]^2.'


#@save exercises_calculus_dl
@exercise_check(
    '04_calculus_for_deep_learning', 3, 'When gradient descent on a quadratic diverges',
    expects='a pair of numbers: (the learning rate below which gradient descent converges '
            'from every start, the learning rate that converges fastest)',
    hints=['One step multiplies the component of x along an eigenvector of H with '
           'eigenvalue lambda by 1 - eta lambda.',
           'Every component must shrink: |1 - eta lambda| < 1 for both eigenvalues, 2 and 4.',
           'The slowest component sets the speed; it is fastest where |1 - 2 eta| and '
           '|1 - 4 eta| are equal.'])
def _check_04_3(answer):
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise WrongKind(f'This is {_kind(answer)}, not a pair of learning rates.')
    limit, best = (_number(a, 'a learning rate') for a in answer)
    low, high = torch.linalg.eigvalsh(torch.tensor([[3.0, 1.0], [1.0, 3.0]],
                                                   dtype=torch.float64)).tolist()
    close = lambda a, b: math.isclose(a, b, rel_tol=2e-3)  # noqa: E731
    if not close(limit, 2 / high):
        if close(limit, 2 / low):
            raise Wrong('Too large: at this rate one component of x grows from step to step. '
                        'Every component must shrink.')
        if close(limit, 1 / high):
            raise Wrong('At that rate the fastest component vanishes in one step, but larger '
                        'rates still converge.')
        raise Wrong(f'{limit:g} is not the largest learning rate that converges.')
    if close(best, 1 / high):
        raise Wrong('The fastest rate balances the slowest and the fastest components; '
                    '1/lambda_max leaves the slowest one shrinking slowly.')
    if close(best, limit):
        raise Wrong('At the limit the component along the largest eigenvalue does not '
                    'shrink at all.')
    if not close(best, 2 / (low + high)):
        raise Wrong(f'{best:g} is not the rate that converges fastest.')
    return ('Gradient descent converges for 0 < eta < 2/lambda_max, fastest at '
            '2/(lambda_min + lambda_max), where both components shrink threefold a step.')


#@save exercises_calculus_dl
def _backprop_counts(n):
    """Products of derivatives for the gradient of Section 4.5's graph with n inputs.

    As in Section 4.5, a local derivative next to an input (forward) or the output
    (backward) is not a product; every other edge use is one product."""
    inputs = [f'x{i}' for i in range(n)]
    edges = [('a', x) for x in inputs] + [('b', x) for x in inputs] + [
        ('u', 'a'), ('u', 'b'), ('v', 'a'), ('v', 'b'), ('f', 'u'), ('f', 'v')]
    forward = n * sum(parent not in inputs for _, parent in edges)  # one pass per input
    backward = sum(child != 'f' for child, _ in edges)  # one pass for all inputs
    return forward, backward


#@save exercises_calculus_dl
@exercise_check(
    '04_calculus_for_deep_learning', 4, 'Counting the work of backpropagation',
    expects='a pair of functions of n (or SymPy expressions or strings in n): the number '
            'of multiplications (input to output, output to input)',
    hints=['Input to output: each input needs its own pass through the whole graph above it.',
           'Output to input: the derivatives of f with respect to a and b are computed once '
           'and shared by all inputs.',
           'Count the products per edge of the graph above a and b, then the ones per input.'])
def _check_04_4(answer):
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise WrongKind(f'This is {_kind(answer)}, not a pair of functions of n.')
    n = np.arange(1, 13, dtype=float)
    what = 'the count'
    forward, backward = (_as_function(a, ('n',), what, at_points=[], functions=None)(n)
                         for a in answer)
    truth = np.array([_backprop_counts(int(k)) for k in n], dtype=float)
    if _close(forward, truth[:, 1]) and _close(backward, truth[:, 0]):
        raise Wrong('Swapped: backpropagation (output to input) is the cheaper order.')
    if _close(backward, truth[:, 0]):
        raise Wrong('Output to input: this counts the part of the graph that all inputs '
                    'share once per input.')
    if _close(backward, truth[:, 1] - 4):
        raise Wrong('Output to input: you left out the products above a and b, computed '
                    'once.')
    _diagnose(forward, truth[:, 0], 'the input-to-output count')
    _diagnose(backward, truth[:, 1], 'the output-to-input count')
    return ('Both counts agree with counting the edges of the graph; their ratio tends to 3 '
            'as n grows.')


#@save exercises_calculus_dl
@exercise_check(
    '04_calculus_for_deep_learning', 5, 'The x^3 coefficient of tan x',
    expects='a number (a fraction such as "2/7" or Fraction(2, 7) is fine)',
    hints=['Either divide the series of sin x by that of cos x, or use the Taylor formula '
           'f\'\'\'(0) / 3!.',
           '1 / (1 - x^2/2) = 1 + x^2/2 + ..., so tan x = (x - x^3/6)(1 + x^2/2) + ...'])
def _check_04_5(answer):
    c = _number(answer, 'a number')
    x = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
    d = torch.tan(x)
    for _ in range(3):
        d, = torch.autograd.grad(d, x, create_graph=True)
    third = d.item()
    close = lambda a, b: math.isclose(a, b, rel_tol=2e-3)  # noqa: E731
    if close(c, third / 6):
        return 'tan x = x + x^3/3 + ...; autograd\'s third derivative at 0, over 3!, agrees.'
    if close(c, third):
        raise Wrong('This is the third derivative itself, not the Taylor coefficient.')
    if close(c, -third / 6):
        raise Wrong('Sign error in the coefficient.')
    if close(c, 1 / 6) or close(c, -1 / 6):
        raise Wrong('That is the coefficient of sin x alone; dividing by cos x changes it.')
    if close(c, 1 / 2):
        raise Wrong('That is the contribution of 1/cos x alone; add the one from sin x.')
    raise Wrong(f'{c:g} is not the coefficient of x^3.')


#@save exercises_calculus_dl
@exercise_check(
    '04_calculus_for_deep_learning', 6, 'The error of a left Riemann sum',
    expects='a pair (S_n, p): the step, the left Riemann sum S_n of x^2 on [0, 1] in closed '
            'form (a function of n, or a SymPy expression or string in n); and the rate, the '
            'power p such that the error shrinks like 1/n^p',
    hints=['S_n = (1/n) sum over i = 0 .. n-1 of (i/n)^2.',
           'Use sum_{i=0}^{n-1} i^2 = (n - 1) n (2n - 1) / 6.',
           'For large n the error is dominated by its first term: how does it change when n '
           'doubles?'])
def _check_04_6(answer):
    if callable(answer) or isinstance(answer, str) or _is_sympy(answer):
        raise WrongKind('This is only S_n; add the rate, as a pair (S_n, p).')
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise WrongKind(f'This is {_kind(answer)}, not a pair (S_n, p).')
    answer, rate = answer
    _check_04_6_sum(answer)
    p = _number(rate, 'a number, the power p')
    if not math.isclose(p, 1.0, abs_tol=1e-6):
        raise Wrong(f'Your S_n is right, but the error does not shrink like 1/n^{p:g}: '
                    'compute 1/3 - S_n for n = 10 and n = 20 and compare.')
    return ('S_n agrees with exact sums for n = 1 .. 30, so 1/3 - S_n = 1/(2n) - 1/(6n^2): '
            'the error shrinks like 1/n, halving when n doubles (first order).')


#@save exercises_calculus_dl
def _check_04_6_sum(answer):
    """Check S_n, the step of exercise 6, against exact sums for n = 1 .. 30."""
    n = np.arange(1, 31, dtype=float)
    truth = np.array([float(sum(fractions.Fraction(i, k) ** 2 for i in range(k)) / k)
                      for k in range(1, 31)])
    _check_function(
        answer, ('n',), (n,), truth, 'S_n',
        mistakes=[(lambda n: (n + 1) * (2 * n + 1) / (6 * n ** 2),
                   'This is the right Riemann sum, with heights at i = 1 .. n; the left one '
                   'starts at i = 0.'),
                  (lambda n: 0 * n + 1 / 3, 'This is the integral itself, not the sum.'),
                  (lambda n: 1 / (2 * n) - 1 / (6 * n ** 2),
                   'This is the error 1/3 - S_n, which the exercise gives; the key step is '
                   'S_n itself.'),
                  (lambda n: (n - 1) * n * (2 * n - 1) / 6,
                   'This is the sum of i^2; the strips have width 1/n and heights (i/n)^2.')],
        at_points=[('n -> infinity', 1 / 3, 'This is the integral itself, the limit of S_n; '
                    'the exercise asks for S_n as a function of n.')])


#@save exercises_calculus_dl
@exercise_check(
    '04_calculus_for_deep_learning', 7, 'Critical points of x^3 - 3x + y^2',
    expects='a dict from each critical point (x, y) to "minimum", "maximum" or "saddle", '
            'e.g. {(0, 0): "saddle"}',
    hints=['Set both partial derivatives to zero and solve.',
           'Classify each point by the eigenvalues of the Hessian there: all positive, all '
           'negative, or of both signs.'])
def _check_04_7(answer):
    if not isinstance(answer, dict) or not answer:
        raise WrongKind(f'This is {_kind(answer)}, not a dict from points to kinds.')

    def f(p):
        return p[0] ** 3 - 3 * p[0] + p[1] ** 2
    kinds = {}
    for point, kind in answer.items():
        try:
            p = tuple(float(c) for c in point)
        except (TypeError, ValueError):
            raise WrongKind(f'{point!r} is not a point (x, y).') from None
        word = str(kind).lower().replace('local', '').replace('point', '').strip()
        word = {'min': 'minimum', 'max': 'maximum'}.get(word, word)
        if len(p) != 2 or word not in ('minimum', 'maximum', 'saddle'):
            raise WrongKind(f'Each entry must be (x, y): "minimum", "maximum" or "saddle"; '
                            f'got {point!r}: {kind!r}.')
        t = torch.tensor(p, dtype=torch.float64, requires_grad=True)
        g, = torch.autograd.grad(f(t), t)
        if g.norm() > 1e-6:
            raise Wrong(f'The gradient at {point} is not zero, so it is not a critical point.')
        eigenvalues = torch.linalg.eigvalsh(torch.autograd.functional.hessian(f, t.detach()))
        truth = ('minimum' if (eigenvalues > 0).all() else
                 'maximum' if (eigenvalues < 0).all() else 'saddle')
        if word != truth:
            raise Wrong(f'{point} is not a {word}: look at the signs of the Hessian\'s '
                        'eigenvalues there.')
        kinds[p] = word
    import sympy as sp
    x, y = sp.symbols('x y', real=True)
    expr = x ** 3 - 3 * x + y ** 2
    found = sp.solve([sp.diff(expr, x), sp.diff(expr, y)], [x, y], dict=True)
    missing = len(found) - len(kinds)
    if missing > 0:
        raise Wrong(f'Your points are right, but {missing} critical point'
                    f'{" is" if missing == 1 else "s are"} missing: solve the two equations '
                    'completely.')
    return ('Both critical points, classified by the Hessian\'s eigenvalues; the minimum is '
            'only local, since f(x, 0) falls without bound as x decreases.')


#@save exercises_calculus_dl
def _integral_to_x_squared(x, steps=2001):
    """The integral of sin t from 0 to x^2 by the trapezoid rule, differentiable in x."""
    s = torch.linspace(0, 1, steps, dtype=torch.float64)
    upper = x[:, None] ** 2
    return torch.trapezoid(torch.sin(upper * s), s, dim=1) * upper[:, 0]


#@save exercises_calculus_dl
@exercise_check(
    '04_calculus_for_deep_learning', 8, 'Differentiating an integral with a variable bound',
    expects='a function of x (torch operations) or a SymPy expression or string in x',
    hints=['Write the integral as F(x^2) with F(u) = the integral of sin t from 0 to u.',
           'F\'(u) = sin u by the fundamental theorem; then the chain rule.'])
def _check_04_8(answer):
    x = _points(48, 0.2, 2, both_signs=True)
    # autograd through a trapezoid sum: no fundamental theorem, no closed form
    truth = _derivative(_integral_to_x_squared, x)
    _check_function(
        answer, ('x',), (x,), truth, 'the derivative', rtol=1e-4, atol=1e-6,
        mistakes=[(lambda x: np.sin(x ** 2),
                   'A chain-rule factor is missing: the upper bound is x^2, not x.'),
                  (lambda x: np.sin(x),
                   'sin is evaluated at the wrong point, and a chain-rule factor is missing.'),
                  (lambda x: 1 - np.cos(x ** 2),
                   'This is the integral itself; the exercise asks for its derivative.')])
    return 'Your derivative agrees with autograd through a numerical integral.'


# %% [markdown]
# ## At work
#
# The chapters call the two functions above as `d2l.exercises` and
# `d2l.exercise`; here we call them by the names just defined. Every exercise,
# in chapter order:

# %%
import torch

exercises()

# %% [markdown]
# The answer each check expects. A solutions notebook runs the same check on
# its reference answer, and an answer cell in a chapter says the same in its
# first line.

# %%
for e in exercises():
    print(f'{e.chapter} {e.number}: {e.expects}')

# %% [markdown]
# The answer cell of an exercise, as it appears under the exercise in its
# chapter (`answer_cell()` writes it):

# %%
print(exercise('01_calculus', 4).answer_cell())

# %% [markdown]
# Run as it stands, the cell shows the verdict "not answered yet", without raising, so
# Run All goes through. The verdict is the cell's value: JupyterLab shows it as Markdown,
# a terminal or a plain export as the same words.

# %%
answer = None
exercise('01_calculus', 4).check(answer)

# %% [markdown]
# A right answer, in two of the forms a check accepts: a function of torch
# operations and a string for SymPy.

# %%
answer = lambda x: x ** x * (1 + torch.log(x))  # noqa: E731
exercise('01_calculus', 4).check(answer)

# %%
exercise('01_calculus', 4).check('exp(x*log(x)) * (log(x) + 1)')

# %% [markdown]
# Three wrong answers: the power rule used where it does not hold, a sign
# error, and the derivative at one point instead of the derivative function.
# Each gets a message that names the mistake, and none gets the right answer.

# %%
exercise('01_calculus', 4).check(lambda x: x * x ** (x - 1))

# %%
exercise('01_calculus', 4).check('-x**x*(1 + log(x))')

# %%
exercise('01_calculus', 4).check(1.0)

# %% [markdown]
# The verdict is true only for a right answer, which is what a solutions notebook
# asserts:

# %%
assert exercise('01_calculus', 4).check('x**x*(1 + log(x))')
assert not exercise('01_calculus', 4).check('x**x*log(x)')

# %% [markdown]
# Where a check finds two things wrong, it names both, in the order to fix them. Here
# the rule for division has both partial derivatives wrong:

# %%
exercise('03_autodiff_from_scratch', 2).check(lambda a, b: (a / b, (-1 / b, a / b ** 2)))

# %% [markdown]
# A multiple-choice question shows its options while it is unanswered, and
# explains a wrong pick:

# %%
exercise('02_autograd', 2).check(None)

# %%
exercise('02_autograd', 2).check('C')

# %% [markdown]
# Hints come one at a time, each saying more than the last:

# %%
ex = exercise('02_autograd', 6)
ex.hint()

# %%
ex.hint()

# %% [markdown]
# `ex.solution()` shows the worked solution, read from
# `solutions/02_autograd_solutions.ipynb` when it is called, with a link to it (it is
# not run here, so that this page does not repeat, and go stale against, the solutions
# notebook).
#
# The progress of chapter 01 in this kernel. Each exercise shows its last verdict:
# exercise 4's is "not yet", from the wrong answer checked last, above; the others have
# not been checked here.

# %%
progress('01_calculus')

# %% [markdown]
# Asking for an exercise that does not exist says what does:

# %%
try:
    exercise('01_calculus', 11)
except ValueError as err:
    print(err)

# %% [markdown]
# ---
#
# [Contents](00_index.ipynb) ·
# back to the chapters: [2.4 Calculus](01_calculus.ipynb) ·
# [2.5 Automatic differentiation](02_autograd.ipynb) ·
# [Autodiff from scratch](03_autodiff_from_scratch.ipynb) ·
# [Calculus for deep learning](04_calculus_for_deep_learning.ipynb)
