"""The JAX twins use the same library as the PyTorch chapters: the plot helpers take JAX
arrays, and an exercise answer written with jax.numpy gets the verdict and the message that
the same answer written with torch gets."""

import sys

import numpy as np
import pytest
import torch

import d2lutils as d2l
from d2lutils import plotting

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
    return verdict.status, repr(verdict)


def _jax_grad_7(x):
    return jax.grad(lambda x: 3 * x[0] ** 2 + 5 * jnp.exp(x[1]))(x)


# (chapter, number, kind, answer in JAX, the same answer in torch)
TWINS = [
    ("01_calculus", 4, "right", lambda x: x ** x * (1 + jnp.log(x)),
     lambda x: x ** x * (1 + torch.log(x))),
    ("01_calculus", 4, "wrong: the rule for a^x", lambda x: x ** x * jnp.log(x),
     lambda x: x ** x * torch.log(x)),
    ("01_calculus", 4, "wrong: a constant factor", lambda x: 2 * x ** x * (1 + jnp.log(x)),
     lambda x: 2 * x ** x * (1 + torch.log(x))),
    ("01_calculus", 7, "right, by jax.grad", _jax_grad_7,
     lambda x: torch.stack([6 * x[0], 5 * torch.exp(x[1])])),
    ("01_calculus", 7, "wrong: a factor 2 missing", lambda x: jnp.stack([3 * x[0], 5 * jnp.exp(x[1])]),
     lambda x: torch.stack([3 * x[0], 5 * torch.exp(x[1])])),
    ("01_calculus", 7, "wrong: a row matrix", lambda x: jnp.stack([6 * x[0], 5 * jnp.exp(x[1])])[None],
     lambda x: torch.stack([6 * x[0], 5 * torch.exp(x[1])])[None]),
    ("01_calculus", 8, "wrong: the gradient of the square", None, None),  # filled in below
    ("02_autograd", 4, "right, by jax.grad", lambda x: jax.vmap(jax.grad(jnp.sin))(x),
     lambda x: torch.func.vmap(torch.func.grad(torch.sin))(x)),
    ("02_autograd", 4, "wrong: sin itself", lambda x: jnp.sin(x), torch.sin),
    ("02_autograd", 6, "wrong: a term missing",
     lambda x: 2 * jnp.sin(x) / x + jnp.log(x ** 2) * jnp.cos(x),
     lambda x: 2 * torch.sin(x) / x + torch.log(x ** 2) * torch.cos(x)),
]


@pytest.mark.parametrize("chapter, number, kind, in_jax, in_torch", TWINS,
                         ids=[f"{c}-{n}-{k}" for c, n, k, *_ in TWINS])
def test_an_answer_in_jax_gets_the_verdict_and_message_of_its_torch_twin(
        chapter, number, kind, in_jax, in_torch):
    if number == 8:  # a pair (gradient, letter); the gradient of ||x||^2 in each framework
        in_jax, in_torch = (lambda x: 2 * jnp.asarray(x), "B"), (lambda x: 2 * torch.as_tensor(x), "B")
    jax_verdict, jax_message = feedback(chapter, number, in_jax)
    torch_verdict, torch_message = feedback(chapter, number, in_torch)
    assert (jax_verdict, jax_message) == (torch_verdict, torch_message)
    assert (jax_verdict == "right") is kind.startswith("right"), jax_message
    assert "raised" not in jax_message  # a specific message, not an error from calling it


def _a_typo(x):
    return torch.log(x) + undefined_name  # noqa: F821  (a learner's typo)


def test_a_torch_answer_gets_the_same_feedback_whether_or_not_jax_is_imported(monkeypatch):
    # The library looks for jax only in sys.modules (exercise_checks._call_learner): with "jax"
    # taken out, this process is, to the checks, one where the learner never imported it.
    def torch_feedback():
        return [repr(d2l.exercise("01_calculus", 4).check(answer))
                for answer in (_a_typo, lambda x: x ** x * torch.log(x))]
    assert "jax" in sys.modules
    with_jax = torch_feedback()
    monkeypatch.delitem(sys.modules, "jax")
    without_jax = torch_feedback()
    assert "raised" in without_jax[0] and "the rule for a^x" in without_jax[1]
    assert with_jax == without_jax


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
