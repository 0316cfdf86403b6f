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
# d2lutils` stays cheap (the PyTorch edition's checks need torch, and they import it
# only when they run: the JAX edition's never do). The checks live in two kinds of module:
#
# * `d2lutils.exercise_checks`, the framework, defined here: an exercise, its
#   verdicts, hints and solution, the registry and the progress;
# * `d2lutils.exercise_answers`, the helpers that read an answer and compare it with
#   the truth ([Reading and judging an answer](93_utilities_answers.ipynb));
# * one module per chapter with that chapter's exercises, each from its own notebook:
#   `exercises_calculus` ([2.4](94_utilities_exercises_calculus.ipynb)),
#   `exercises_autograd` ([2.5](95_utilities_exercises_autograd.ipynb)),
#   `exercises_autodiff_scratch` ([Autodiff from scratch](96_utilities_exercises_autodiff_scratch.ipynb))
#   and `exercises_calculus_dl` ([Calculus for deep learning](97_utilities_exercises_calculus_dl.ipynb)).
#
# The framework is not called `exercises`: importing a submodule `d2lutils.exercises`
# would set the attribute `d2lutils.exercises` to the module, replacing the function.

# %%
# In Colab, Kaggle, Studio Lab or a notebook alone, this installs d2lutils.
import importlib.util, os, sys
if importlib.util.find_spec('d2lutils') is None:
    repository = 'git+https://github.com/d2l-companion/d2l-calculus-companion'
    source = os.environ.get('D2LUTILS_PIP_SOURCE', repository)
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
import json
import math
import re
import signal
import sys
import textwrap
import threading
import warnings
from pathlib import Path


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
# decides too how the truth is computed: by torch autograd in the PyTorch edition, by
# JAX's autodiff (with 64-bit floats) in the JAX edition, so that a JAX chapter's
# kernel never loads PyTorch. It is set while a check runs (`_edition`), from the name
# the notebook called it by, never from what happens to be imported.
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
        comment = textwrap.wrap(f'Your answer: replace None with {self.expects}.', 78)
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
# next: [Reading and judging an answer](93_utilities_answers.ipynb) ·
# back to the chapters: [2.4 Calculus](01_calculus.ipynb) ·
# [2.5 Automatic differentiation](02_autograd.ipynb) ·
# [Autodiff from scratch](03_autodiff_from_scratch.ipynb) ·
# [Calculus for deep learning](04_calculus_for_deep_learning.ipynb)
