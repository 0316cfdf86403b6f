"""A JAX chapter's kernel never loads PyTorch: the JAX edition's exercise checks and the
helpers its chapters call (draw_secant, draw_tangent, explore_secant's static view, plot
over even_points) work in a Python where `import torch` fails, and say there what they say
where torch is loaded (as it is in make test's warm kernels, which compute the explorers
with PyTorch).

A kernel whose import system refuses torch checks every exercise of the JAX edition on
answers written here in JAX, one right and one wrong each (a wrong one must get its own
message: words of the mistake it makes), and draws with the helpers; this process, which
has imported torch, draws the same: the numbers and pictures must be the same. (That the
JAX edition's verdicts are those of the PyTorch edition, with torch loaded, is
tests/test_jax_twins.py's.)"""

import base64
import json
import math
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Installed in the subprocess before anything else: any import of torch, or of a module of
# it, raises at once, so a helper that needs torch fails loudly instead of loading it.
REFUSE_TORCH = '''
import importlib.abc, sys

class RefuseTorch(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "torch" or name.startswith("torch."):
            raise ImportError(f"this Python refuses to import {name}")
        return None

sys.meta_path.insert(0, RefuseTorch())
'''


def _sgd_without_zero_grad(steps, zero_grad=False):
    """w after `steps` steps of exercise 10's loop, by hand: lr 0.1, loss (w - 3)^2."""
    w, grad = 1.0, 0.0
    for _ in range(steps):
        grad = 2 * (w - 3) + (0.0 if zero_grad else grad)
        w -= 0.1 * grad
    return w


def answers():
    """{(chapter, number): [(answer, expected status, words its message must hold), ...]}."""
    import jax
    import jax.numpy as jnp

    def per_example_norms(X, y, w, square=False):
        grads = jax.vmap(jax.grad(lambda w, x, y: (x @ w - y) ** 2),
                         in_axes=(None, 0, 0))(w, X, y)
        norms = jnp.linalg.norm(grads, axis=1)
        return norms ** 2 if square else norms

    x2 = 2.0  # exercise 7 of 2.5, by hand: f = log(x^2) sin x + 1/x at x = 2
    slope = 2 / x2 * math.sin(x2) + math.log(x2 ** 2) * math.cos(x2) - 1 / x2 ** 2
    adjoint = math.sin(x2) / x2 ** 2
    steps = {"u1": "x**2", "u2": "log(u1)", "u3": "sin(x)", "u4": "u2*u3", "u5": "1/x",
             "f": "u4 + u5"}
    return {
        ("jax/01_calculus", 1): [
            ((("0", "n*x**(n-1)", "exp(x)", "1/x"), ("(exp(h) - 1)/h", 1)), "right", ""),
            ((("0", "n*x**n", "exp(x)", "1/x"), ("(exp(h) - 1)/h", 1)), "not yet",
             "wrong power of x")],
        ("jax/01_calculus", 2): [
            ((("df + dg", "df*g + f*dg", "(df*g - f*dg)/g**2"), ("fh", "g")), "right", ""),
            ((("df + dg", "df*g + f*dg", "(f*dg - df*g)/g**2"), ("fh", "g")), "not yet",
             "Sign error")],
        ("jax/01_calculus", 3): [("A", "right", ""), ("C", "not yet", "C is not right")],
        ("jax/01_calculus", 4): [
            (lambda x: x ** x * (1 + jnp.log(x)), "right", ""),
            (lambda x: x ** x * jnp.log(x), "not yet", "rule for a^x")],
        ("jax/01_calculus", 5): [
            ((lambda x: (x - 1) ** 2, 1.0), "right", ""),
            ((lambda x: jnp.abs(x), 0.0), "not yet", "kink")],
        ("jax/01_calculus", 6): [
            (lambda x: 4 * x - 4, "right", ""),
            (lambda x: x ** 3 - 1 / x, "not yet", "f itself")],
        ("jax/01_calculus", 7): [
            (jax.grad(lambda x: 3 * x[0] ** 2 + 5 * jnp.exp(x[1])), "right", ""),
            (lambda x: jnp.stack([6 * x[0], 5 * jnp.exp(x[1])])[None], "not yet",
             "row matrix")],
        ("jax/01_calculus", 8): [
            ((lambda x: x / jnp.linalg.norm(x), "B"), "right", ""),
            ((lambda x: 2 * x, "B"), "not yet", "||x||^2")],
        ("jax/01_calculus", 9): [
            ("du_dx*dx_da + du_dy*dy_da + du_dz*dz_da", "right", ""),
            ("du_dx*dx_db + du_dy*dy_db + du_dz*dz_db", "not yet", "du/db")],
        ("jax/01_calculus", 10): [
            (lambda fprime, finv: lambda y: 1 / fprime(finv(y)), "right", ""),
            ("fprime(finv(y))", "not yet", "factor that multiplies")],
        ("jax/02_autograd", 1): [("ABC", "right", ""), ("ABD", "not yet", "2 are right")],
        ("jax/02_autograd", 2): [("A", "right", ""), ("C", "not yet", "C is not right")],
        ("jax/02_autograd", 3): [
            (lambda a, d: jnp.ones_like(a) * (d / a), "right", ""),
            (lambda a, d: d, "not yet", "the value, not its gradient")],
        ("jax/02_autograd", 4): [
            (lambda x: jax.vmap(jax.grad(jnp.sin))(x), "right", ""),
            (jnp.cos, "not yet", "calls cos")],
        ("jax/02_autograd", 5): [
            (steps, "right", ""),
            ({k: v for k, v in steps.items() if k != "u5"} | {"f": "u4"}, "not yet",
             "miss the term 1/x")],
        ("jax/02_autograd", 6): [
            (lambda x: 2 / x * jnp.sin(x) + jnp.log(x ** 2) * jnp.cos(x) - 1 / x ** 2,
             "right", ""),
            (lambda x: 2 / x * jnp.sin(x) + jnp.log(x ** 2) * jnp.cos(x) + 1 / x ** 2,
             "not yet", "Sign error")],
        ("jax/02_autograd", 7): [((slope, adjoint), "right", ""),
                                 ((adjoint, slope), "not yet", "wrong order")],
        ("jax/02_autograd", 8): [("ABE", "right", ""), ("AB", "not yet", "one more")],
        ("jax/02_autograd", 9): [("ABC", "right", ""), ("ABCD", "not yet", "3 are right")],
        ("jax/02_autograd", 10): [
            (_sgd_without_zero_grad(3), "right", ""),
            (_sgd_without_zero_grad(3, zero_grad=True), "not yet", "emptied at each step")],
        ("jax/02_autograd", 11): [
            (lambda n, m: m / n, "right", ""),
            (lambda n, m: 1 / n, "not yet", "a second time")],
        ("jax/02_autograd", 12): [("D", "right", ""), ("A", "not yet", "A is not right")],
        ("jax/02_autograd", 13): [
            (per_example_norms, "right", ""),
            (lambda X, y, w: per_example_norms(X, y, w, square=True), "not yet",
             "squared norms")],
    }


def check_jax_edition():
    """Every JAX-edition exercise checked on its answers here; the verdicts' texts, by
    exercise. Raises AssertionError at a wrong status or a message without its words."""
    import d2lutils as d2l

    verdicts = {}
    for (chapter, number), tries in answers().items():
        exercise = d2l.exercise(chapter, number)
        for answer, status, words in tries:
            verdict = exercise.check(answer)
            said = " ".join(repr(verdict).split())
            assert verdict.status == status and words in said, (chapter, number, said)
            verdicts.setdefault(f"{chapter} {number}", []).append(said)
    return verdicts


def draw_as_the_jax_chapters_do():
    """The numbers and pictures of the helpers the JAX chapters call, as JSON-able values."""
    import io

    import jax.numpy as jnp
    import matplotlib
    matplotlib.use("agg")
    import d2lutils as d2l

    def f(x):  # arithmetic alone: a tensor or a JAX array, whichever the explorers give
        return 3 * x ** 2 - 4 * x

    def g(x):
        return x ** 3 - 2 * x

    def svg(figure):
        out = io.BytesIO()
        figure.savefig(out, format="svg", metadata={"Date": None})
        d2l.plt.close("all")
        return out.getvalue().decode()

    d2l.use_svg_display()
    d2l.plt.close("all")
    quotient = d2l.draw_secant(f, x=1.0, h=0.5)
    secant = svg(d2l.plt.gcf())
    slope = d2l.draw_tangent(g, x0=1.0)
    tangent = svg(d2l.plt.gcf())
    static = d2l.explore_secant(f, x=1.0)._repr_mimebundle_()["image/png"]
    xs = d2l.plotting.even_points((0.0, 3.0), 31)
    d2l.plot(xs, [d2l.plotting.values_of(f, xs), d2l.plotting.values_of(g, xs)], "x", "f(x)")
    plotted = svg(d2l.plt.gcf())
    drawn = {"quotient": quotient, "slope": slope, "svg": [secant, tangent, plotted],
             "static view": static, "torch loaded": "torch" in sys.modules}
    if "torch" not in sys.modules:  # where the helpers compute with JAX, jax.numpy works too
        drawn["slope of sin"] = d2l.draw_tangent(jnp.sin, x0=1.0)
        d2l.plt.close("all")
        sin = d2l.plotting.values_of(jnp.sin, xs)
        drawn["sin"], drawn["dtype"] = sin.tolist(), str(sin.dtype)
    return drawn


def _start_without_torch():
    """A kernel that refuses torch, checking and drawing as the JAX edition does. Under make
    test it is a fork of the warm kernels' jax zygote, which has imported jax and never torch
    (tools/warm_kernel); alone, an ordinary kernel. Started at once, and asked to run, so that
    this process can draw with torch meanwhile; returns (manager, client, request id)."""
    from jupyter_client.manager import KernelManager

    from tools import warm_kernel
    code = (REFUSE_TORCH + "import json\n"
            "try:\n"
            "    import torch\n"
            "    raise SystemExit('the refusal of torch did not work')\n"
            "except ImportError:\n"
            "    pass\n"
            "import jax\n"
            "jax.config.update('jax_platforms', 'cpu')\n"
            "from tests.test_jax_without_torch import (check_jax_edition,\n"
            "                                          draw_as_the_jax_chapters_do)\n"
            "verdicts = check_jax_edition()\n"
            "drawn = draw_as_the_jax_chapters_do()\n"
            "drawn['modules'] = sorted(m for m in sys.modules if m.split('.')[0] == 'torch')\n"
            "print(json.dumps({'verdicts': verdicts, 'drawn': drawn}))\n")
    manager = KernelManager(kernel_name=warm_kernel.kernel_name())
    manager.start_kernel(cwd=str(ROOT), env={**os.environ, warm_kernel.JAX_VARIABLE: "1",
                                            "MPLBACKEND": "agg"})
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    return manager, client, client.execute(code)


def _printed(client, request, timeout=300):
    """What the request printed, once its kernel is idle; an error's traceback raises."""
    printed = []
    while True:
        message = client.get_iopub_msg(timeout=timeout)
        if message["parent_header"].get("msg_id") != request:
            continue
        kind, content = message["msg_type"], message["content"]
        if kind == "stream":
            printed.append(content["text"])
        elif kind == "error":
            traceback = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(content["traceback"]))
            raise AssertionError(traceback[-3000:])  # without IPython's colour codes
        elif kind == "status" and content["execution_state"] == "idle":
            return "".join(printed)


def test_the_jax_edition_checks_and_draws_without_torch_as_it_does_with_torch():
    import torch  # noqa: F401  (as make test's warm kernel has: the explorers then use it)

    manager, client, request = _start_without_torch()
    try:
        with_torch = draw_as_the_jax_chapters_do()
        out = _printed(client, request)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    alone = json.loads(out.strip().splitlines()[-1])
    # Every exercise of the JAX edition, right and wrong answers: checked without torch.
    assert len(alone["verdicts"]) == 23
    drawn = alone["drawn"]
    assert drawn["torch loaded"] is False and drawn["modules"] == []
    assert with_torch["torch loaded"] is True
    # The explorers' numbers: jax.grad there, torch autograd here, both in float64.
    assert drawn["quotient"] == with_torch["quotient"]
    assert abs(drawn["quotient"] - (3 * 0.5 + 2)) < 1e-12  # (f(1 + h) - f(1))/h = 3h + 2
    assert drawn["slope"] == with_torch["slope"] == 1.0  # g'(1) = 3 - 2
    # Without torch, a function written with jax.numpy is drawn and differentiated in float64.
    assert abs(drawn["slope of sin"] - math.cos(1.0)) < 1e-15
    assert drawn["dtype"] == "float64"
    assert all(abs(a - math.sin(3.0 * k / 30)) < 1e-15 for k, a in enumerate(drawn["sin"]))
    # The figures, as SVG, and the explorer's static view, as a PNG, are the same pictures.
    for a, b in zip(drawn["svg"], with_torch["svg"]):
        assert a == b
    assert base64.b64decode(drawn["static view"]).startswith(b"\x89PNG")
    assert drawn["static view"] == with_torch["static view"]
