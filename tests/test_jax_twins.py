"""The JAX twins use the same library as the PyTorch chapters. Their exercises are the JAX
edition of the same checks, asked as d2l.exercise("jax/02_autograd", 4): the truth is the
same, but a learner's function is called on JAX arrays, JAX's numbers are numbers, the words
are JAX's, and solution() shows the JAX worked solution. The plot helpers take JAX arrays."""

import math
import re
import sys

import numpy as np
import pytest
import torch

import d2lutils as d2l
from d2lutils import exercise_checks, plotting

jax = jnp = None  # imported when these tests run, below: not in every worker that collects them


@pytest.fixture(scope="module", autouse=True)
def jax_on_the_cpu():
    global jax, jnp
    import jax
    import jax.numpy as jnp
    jax.config.update("jax_platforms", "cpu")


def feedback(chapter, number, answer):
    """(status, the feedback as shown) of a check: 'right', 'not yet' or 'not answered'."""
    verdict = d2l.exercise(chapter, number).check(answer)
    return verdict.status, " ".join(repr(verdict).split())


def _jax_grad_7(x):
    return jax.grad(lambda x: 3 * x[0] ** 2 + 5 * jnp.exp(x[1]))(x)


def _backward_sin(x):
    x = x.clone().requires_grad_(True)
    torch.sin(x).sum().backward()
    return x.grad


# (chapter, number, kind, answer in JAX, the same answer in torch, words both messages hold)
TWINS = [
    ("01_calculus", 4, "right", lambda x: x ** x * (1 + jnp.log(x)),
     lambda x: x ** x * (1 + torch.log(x)), "agrees"),
    ("01_calculus", 4, "wrong: the rule for a^x", lambda x: x ** x * jnp.log(x),
     lambda x: x ** x * torch.log(x), "rule for a^x"),
    ("01_calculus", 4, "wrong: a constant factor", lambda x: 2 * x ** x * (1 + jnp.log(x)),
     lambda x: 2 * x ** x * (1 + torch.log(x)), "constant factor"),
    ("01_calculus", 7, "right, by jax.grad", _jax_grad_7,
     lambda x: torch.stack([6 * x[0], 5 * torch.exp(x[1])]), "agrees"),
    ("01_calculus", 7, "wrong: a factor 2 missing", lambda x: jnp.stack([3 * x[0], 5 * jnp.exp(x[1])]),
     lambda x: torch.stack([3 * x[0], 5 * torch.exp(x[1])]), "Component 1"),
    ("01_calculus", 7, "wrong: a row matrix", lambda x: jnp.stack([6 * x[0], 5 * jnp.exp(x[1])])[None],
     lambda x: torch.stack([6 * x[0], 5 * torch.exp(x[1])])[None], "row matrix"),
    ("01_calculus", 8, "wrong: the gradient of the square", (lambda x: 2 * x, "B"),
     (lambda x: 2 * x, "B"), "||x||^2"),
    ("01_calculus", 10, "right, as a function of (fprime, finv)",
     lambda fprime, finv: lambda y: 1 / fprime(finv(y)),
     lambda fprime, finv: lambda y: 1 / fprime(finv(y)), "agrees"),
    ("02_autograd", 3, "right, with ones_like", lambda a, d: jnp.ones_like(a) * (d / a),
     lambda a, d: torch.ones_like(a) * (d / a), "d/a"),
    ("02_autograd", 3, "wrong: a stopped gradient", lambda a, d: jnp.zeros_like(a),
     lambda a, d: torch.zeros_like(a), "0 everywhere"),
    ("02_autograd", 4, "right, by jax.grad", lambda x: jax.vmap(jax.grad(jnp.sin))(x),
     _backward_sin, "derivative of sin is cos"),
    ("02_autograd", 4, "wrong: sin itself", lambda x: jnp.sin(x), torch.sin, "sin itself"),
    ("02_autograd", 6, "wrong: a term missing",
     lambda x: 2 * jnp.sin(x) / x + jnp.log(x ** 2) * jnp.cos(x),
     lambda x: 2 * torch.sin(x) / x + torch.log(x ** 2) * torch.cos(x), "does not agree"),
    ("02_autograd", 11, "right, in float32", lambda n, m: jnp.float32(m) / jnp.float32(n),
     lambda n, m: torch.tensor(m, dtype=torch.float32) / n, "share"),
]
# What the JAX edition never says: PyTorch's names, where the exercise is not about PyTorch.
# ("backward" alone is the name of reverse-mode differentiation, which both editions teach.)
TORCH_WORDS = re.compile(r"torch|tensor|(?<!jax)\.grad\b|\.backward|backward\(|requires_grad|"
                         r"create_graph|\bautograd\b")
ABOUT_PYTORCH = {("02_autograd", 2), ("02_autograd", 9), ("02_autograd", 10)}


@pytest.mark.parametrize("chapter, number, kind, in_jax, in_torch, words", TWINS,
                         ids=[f"{c}-{n}-{k}" for c, n, k, *_ in TWINS])
def test_an_answer_in_jax_gets_in_the_jax_edition_the_verdict_of_its_torch_twin(
        chapter, number, kind, in_jax, in_torch, words):
    jax_verdict, jax_message = feedback(f"jax/{chapter}", number, in_jax)
    torch_verdict, torch_message = feedback(chapter, number, in_torch)
    assert jax_verdict == torch_verdict == ("right" if kind.startswith("right") else "not yet")
    assert words in jax_message and words in torch_message, (jax_message, torch_message)
    assert "raised" not in jax_message  # a specific message, not an error from calling it
    assert not TORCH_WORDS.findall(jax_message.replace("agrees with autograd", "")), jax_message


@pytest.mark.parametrize("answer", [
    lambda: jnp.array(3.016), lambda: jnp.float32(3.016), lambda: jnp.asarray(3.016, dtype=jnp.bfloat16)],
    ids=["0-d array", "float32 scalar", "bfloat16"])
def test_a_jax_number_is_a_number(answer):
    status, message = feedback("jax/02_autograd", 10, answer())
    assert status == "right" or "three decimals" in message, message
    assert "ArrayImpl" not in message
    # In either edition, and where a pair or a point is asked
    assert feedback("02_autograd", 10, jnp.array(3.016))[0] == "right"
    assert feedback("jax/01_calculus", 5, (lambda x: x ** 2, jnp.array(0.0)))[0] == "right"
    assert feedback("04_calculus_for_deep_learning", 1, jnp.asarray(2.025))[0] == "right"
    slope = math.sin(2) + math.log(4) * math.cos(2) - 1 / 4
    assert feedback("jax/02_autograd", 7, (jnp.float32(slope), jnp.float32(math.sin(2) / 4)))[0] == "right"


def test_a_derivative_of_one_number_at_a_time_is_mapped_over_the_points():
    status, message = feedback("jax/01_calculus", 4, jax.grad(lambda x: x ** x))
    assert status == "right" and "jax.vmap" in message, message
    status, message = feedback("jax/02_autograd", 4, jax.grad(jnp.sin))
    assert status == "right" and "jax.vmap" in message, message


@pytest.mark.parametrize("edition, answer, words", [
    ("jax", lambda: jnp.cos, "calls cos"),
    ("jax", lambda: np.cos, "outside JAX"),
    ("jax", lambda: lambda x: (jnp.sin(x + 1e-6) - jnp.sin(x - 1e-6)) / 2e-6, "nothing in your function differentiates"),
    ("torch", lambda: torch.cos, "calls cos"),
    ("torch", lambda: np.cos, "nothing in your function differentiates"),
    ("torch", lambda: lambda x: (torch.sin(x + 1e-6) - torch.sin(x - 1e-6)) / 2e-6,
     "nothing in your function differentiates"),
    ("torch", lambda: lambda x: np.cos(np.asarray(x)), "nothing in your function differentiates"),
], ids=["jnp.cos", "np.cos in jax", "difference in jax", "torch.cos", "np.cos in torch",
        "difference in torch", "np.cos of an array"])
def test_the_derivative_of_sin_must_come_from_autodiff_in_both_editions(edition, answer, words):
    chapter = "jax/02_autograd" if edition == "jax" else "02_autograd"
    status, message = feedback(chapter, 4, answer())
    assert status == "not yet" and words in message, message
    assert "values are right" in message
    asked = "jax.grad" if edition == "jax" else "autograd"
    assert asked in message and "cos x" not in message  # says what is asked, not the answer


@pytest.mark.parametrize("chapter", ["01_calculus", "02_autograd"])
def test_the_jax_edition_speaks_jax(chapter):
    for e in d2l.exercises():
        if e.chapter != chapter or (chapter, e.number) in ABOUT_PYTORCH:
            continue
        twin = d2l.exercise(f"jax/{chapter}", e.number)
        assert twin.name == f"jax/{chapter}" and twin.edition == "jax"
        said = " ".join([twin.expects, *twin._hints, twin.answer_cell(),
                         repr(twin.check(None))])
        assert not TORCH_WORDS.findall(said), f"{twin}: {TORCH_WORDS.findall(said)}: {said}"
        assert f'd2l.exercise("jax/{chapter}", {e.number})' in twin.answer_cell()


def test_the_edition_comes_from_the_call_not_from_what_is_imported(monkeypatch):
    # A torch answer in the PyTorch edition is called on tensors whether or not jax is
    # imported; a jax.numpy answer in the JAX edition is called on JAX arrays.
    def torch_feedback():
        return [feedback("01_calculus", 4, answer)
                for answer in (lambda x: torch.log(x) + undefined_name,  # noqa: F821 (a typo)
                               lambda x: x ** x * torch.log(x))]
    assert "jax" in sys.modules
    with_jax = torch_feedback()
    monkeypatch.delitem(sys.modules, "jax")
    without_jax = torch_feedback()
    assert "raised" in with_jax[0][1] and "rule for a^x" in with_jax[1][1]
    assert with_jax == without_jax
    monkeypatch.undo()
    seen = []
    d2l.exercise("jax/01_calculus", 4).check(lambda x: seen.append(type(x)) or x)
    assert seen and all(isinstance(t, type) and issubclass(t, jax.Array) for t in seen), seen


def test_the_jax_edition_keeps_its_own_progress(monkeypatch):
    e, twin = d2l.exercise("02_autograd", 6), d2l.exercise("jax/02_autograd", 6)
    for exercise in (e, twin):  # as in a fresh kernel; put back after the test
        monkeypatch.setattr(exercise, "status", None)
        monkeypatch.setattr(exercise, "last", None)
    assert e is not twin
    twin.check("2*sin(x)/x + log(x**2)*cos(x) - 1/x**2")
    assert twin.status == "right" and e.status is None

    def row(shown):
        return next(line for line in shown.splitlines() if line.startswith("   6  "))
    assert "right" in row(repr(d2l.progress("jax/02_autograd")))
    assert "not answered" in row(repr(d2l.progress("02_autograd")))
    assert "jax/02_autograd:" in repr(d2l.progress())


@pytest.mark.parametrize("chapter, number", [("01_calculus", 7), ("02_autograd", 4),
                                             ("02_autograd", 11)])
def test_solution_in_the_jax_edition_is_the_jax_worked_solution(chapter, number):
    jax_solution = d2l.exercise(f"jax/{chapter}", number).solution()
    torch_solution = d2l.exercise(chapter, number).solution()
    code = " ".join(text for kind, text in jax_solution.parts if kind == "code")
    assert jax_solution.problem is None and "jax" in code and "torch." not in code
    assert jax_solution.parts != torch_solution.parts
    # The link is relative to the chapter that asks it: notebooks/jax/ -> jax/solutions/.
    assert jax_solution.link == f"solutions/{chapter}_solutions.ipynb"
    assert "jax" in jax_solution._repr_markdown_()


def test_plot_draws_jax_arrays_as_the_same_curves_as_numpy():
    x = jnp.linspace(0, 3, 31)
    derivative = jax.vmap(jax.grad(lambda t: 3 * t ** 2 - 4 * t))(x)
    Xs, Ys = plotting.as_curves(x, [x ** 2, derivative])
    expected = np.asarray(x).astype(float)
    assert all(isinstance(c, np.ndarray) and c.dtype == float for c in Xs + Ys)
    np.testing.assert_array_equal(Xs[0], expected)
    np.testing.assert_allclose(Ys[1], 6 * expected - 4, rtol=1e-6, atol=1e-6)
    Xs, Ys = plotting.as_curves(jnp.stack([x, 2 * x]))  # a 2-D array: one curve per row
    assert len(Ys) == 2


def test_plot_takes_jax_bfloat16_arrays():
    x = jnp.arange(4.0, dtype=jnp.bfloat16)
    Xs, Ys = plotting.as_curves(x, x * 2)
    np.testing.assert_array_equal(Ys[0], [0.0, 2.0, 4.0, 6.0])
    d2l.plot(x, x * 2)
    d2l.plt.close("all")


def test_the_time_limit_holds_for_a_jax_answer(monkeypatch):
    monkeypatch.setattr(exercise_checks, "TIME_LIMIT", 0.1)

    def never_returns(x):
        while True:
            x = jnp.sin(x)
    status, message = feedback("jax/01_calculus", 4, never_returns)
    assert status == "not yet" and "did not return within 0.1 seconds" in message


def _edition_neutral(answer):
    """Whether an answer of tests/test_exercises.py's CASES is not written with torch."""
    if callable(answer):
        return False
    if isinstance(answer, (tuple, list)):
        return all(_edition_neutral(a) for a in answer)
    return not isinstance(answer, torch.Tensor)


@pytest.mark.parametrize("chapter", ["01_calculus", "02_autograd"])
def test_no_message_of_the_jax_edition_to_a_wrong_answer_gives_the_answer_away(chapter):
    from tests.test_exercises import CASES, LEAKS
    checked = 0
    wrong = [(number, answer) for (c, number), (_, wrongs) in CASES.items() if c == chapter
             for answer, _ in wrongs if _edition_neutral(answer)]
    wrong += [(number, in_jax) for c, number, kind, in_jax, _, _ in TWINS
              if c == chapter and not kind.startswith("right")]
    for number, answer in wrong:
        status, message = feedback(f"jax/{chapter}", number, answer)
        found = [leak for leak in LEAKS[chapter, number] if leak in message]
        assert not found, f"jax/{chapter} {number}: the message to {answer!r} states {found}: {message}"
        checked += status == "not yet"
    assert checked >= 10  # most of them are judged, not refused for their kind


# The JAX edition checks what it asks about PyTorch without loading it (a JAX chapter's
# kernel never imports torch): what it knows must be what PyTorch does, found here by
# running PyTorch through the PyTorch edition's checks.
@pytest.mark.parametrize("letter", "ABCD")
def test_the_jax_edition_judges_backward_twice_as_pytorch_behaves(letter):
    assert feedback("jax/02_autograd", 2, letter) == feedback("02_autograd", 2, letter)


@pytest.mark.parametrize("steps, zero_grad, sign", [
    (3, False, 1.0), (1, False, 1.0), (2, False, 1.0), (3, True, 1.0), (3, False, -1.0)])
def test_the_jax_edition_runs_the_forgotten_zero_grad_loop_as_pytorch_does(steps, zero_grad,
                                                                             sign):
    from d2lutils import exercises_autograd
    in_torch = exercises_autograd._sgd_loop(steps, zero_grad, sign)  # torch.optim.SGD
    in_jax = exercises_autograd._sgd_loop_in_jax(steps, zero_grad, sign)
    assert in_jax == pytest.approx(in_torch, rel=1e-6)  # both in float32
