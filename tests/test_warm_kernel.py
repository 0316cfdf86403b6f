"""The kernels `make test` runs the notebooks in (tools/warm_kernel): forks of a process
that imported torch once. Each must still be a kernel of its own, as jupyter_client knows
kernels: a fresh namespace, the folder and environment it was started with, and it stops,
and is interrupted, when jupyter_client says so."""

import os
import queue
import socket
import subprocess
import sys
import time
from types import SimpleNamespace

import nbformat
import pytest
from jupyter_client.manager import KernelManager

from tools import warm_kernel

PROBE = "import os, sys; print(os.getpid(), os.getcwd(), os.environ.get('D2L_TEST_PROBE'), " \
        "'torch' in sys.modules, 'left_by_the_last_kernel' in dir())"


@pytest.fixture(scope="module")
def zygote():
    """The zygote of this test process (started by the plugin, under `make test`), or one
    started here; the kernelspec findable either way."""
    saved = {name: os.environ.get(name) for name in ("JUPYTER_PATH", warm_kernel.SOCKET_VARIABLE)}
    os.environ["JUPYTER_PATH"] = str(warm_kernel.KERNELSPECS)
    started = None
    if not saved[warm_kernel.SOCKET_VARIABLE]:
        started = warm_kernel.start_zygote()
        os.environ[warm_kernel.SOCKET_VARIABLE] = started[1]
    yield
    if started is not None:
        warm_kernel.stop_zygote(*started)
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def start(cwd, **env):
    manager = KernelManager(kernel_name=warm_kernel.KERNEL_NAME)
    manager.start_kernel(cwd=str(cwd), env={**os.environ, **env})
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    return manager, client


def run(client, code, timeout=60):
    """What code prints, and the status of its reply."""
    printed = []
    reply = client.execute_interactive(code, timeout=timeout, output_hook=lambda msg: printed.append(
        msg["content"].get("text", "")) if msg["msg_type"] == "stream" else None)
    return "".join(printed), reply["content"]["status"]


def gone(pid, within_s=10):
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_each_kernel_is_a_fresh_process_with_torch_loaded_and_stops_when_told(zygote, tmp_path):
    manager, client = start(tmp_path, D2L_TEST_PROBE="first")
    try:
        printed, _ = run(client, PROBE)
        pid, cwd, probe, torch_loaded, leftover = printed.split()
        assert (cwd, probe, torch_loaded, leftover) == (str(tmp_path), "first", "True", "False")
        assert int(pid) != manager.provisioner.pid  # a fork of the zygote, not the stand-in
        run(client, "left_by_the_last_kernel = 1")
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)  # a kill, as jupyter_client gives a hung kernel
    assert gone(int(pid)), "the kernel outlived its stand-in"

    manager, client = start(tmp_path.parent, D2L_TEST_PROBE="second")
    try:
        printed, _ = run(client, PROBE)
        assert printed.split()[1:] == [str(tmp_path.parent), "second", "True", "False"]
        # An interrupt (nbval's, when a cell runs past its time) reaches the kernel. The cell
        # says it runs by making a file: once the file is there, the cell's own code is what
        # the interrupt stops (a print would be heard while its flush, inside ipykernel's
        # messaging, may still be on its way, where an interrupt can break the kernel).
        asleep = tmp_path / "asleep"
        client.execute(f"import time; open({str(asleep)!r}, 'w').close(); time.sleep(60)",
                       stop_on_error=False)  # no abort of the next request
        deadline = time.monotonic() + 60
        while not asleep.exists():  # however busy the machine
            assert time.monotonic() < deadline, "the cell did not start in 60 s"
            time.sleep(0.01)
        started = time.monotonic()
        manager.interrupt_kernel()
        try:
            reply = client.get_shell_msg(timeout=20)
        except queue.Empty:
            pytest.fail("an interrupt sent by jupyter_client did not reach the kernel in 20 s")
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "KeyboardInterrupt"
        assert time.monotonic() - started < 10
        assert run(client, "print('alive')") == ("alive\n", "ok")
    finally:
        client.stop_channels()
        manager.shutdown_kernel()
    assert not manager.is_alive()


def test_without_a_zygote_the_kernelspec_starts_an_ordinary_kernel(zygote, tmp_path,
                                                                     monkeypatch):
    monkeypatch.delenv(warm_kernel.SOCKET_VARIABLE)
    manager, client = start(tmp_path, D2L_TEST_PROBE="cold")
    try:
        printed, _ = run(client, PROBE)
        pid, cwd, probe, torch_loaded, leftover = printed.split()
        assert (cwd, probe, torch_loaded) == (str(tmp_path), "cold", "False")
        assert int(pid) == manager.provisioner.pid  # the kernelspec's process is the kernel
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_a_stand_in_that_ends_before_it_asks_leaves_the_zygote_serving(zygote, tmp_path):
    for _ in range(2):  # connects, then ends (killed, say) before it has sent its request
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as stand_in:
            stand_in.connect(os.environ[warm_kernel.SOCKET_VARIABLE])
    manager, client = start(tmp_path, D2L_TEST_PROBE="next")
    try:
        printed, status = run(client, PROBE)
        assert (printed.split()[2], status) == ("next", "ok")
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def notebook_item(*cells):
    """What pytest_runtest_setup sees of a cell of nbval's: its parent holds the notebook."""
    notebook = nbformat.v4.new_notebook(cells=list(cells))
    return SimpleNamespace(parent=SimpleNamespace(nb=notebook))


def test_a_jax_notebook_gets_a_kernel_with_jax_and_no_torch_and_no_other_has_jax(
        zygote, tmp_path):
    code, text = nbformat.v4.new_code_cell, nbformat.v4.new_markdown_cell
    for cells, imports_jax in [((code("x = 1"), code("  from jax import numpy as jnp")), True),
                               ((code("import jax"),), True),
                               ((text("import jax"), code("# import jax\nimport jaxtyping")), False),
                               ((code("import torch"),), False)]:
        warm_kernel.pytest_runtest_setup(notebook_item(*cells))
        assert warm_kernel._next_kernel_imports_jax is imports_jax, cells

    running_kernel = warm_kernel.warm_running_kernel()
    probe = ("import os, sys; print('jax' in sys.modules, 'torch' in sys.modules, "
             f"{warm_kernel.JAX_VARIABLE!r} in os.environ)")
    for imports_jax in (True, False):
        warm_kernel.pytest_runtest_setup(notebook_item(code("import jax" if imports_jax else "")))
        kernel = running_kernel(warm_kernel.KERNEL_NAME, cwd=str(tmp_path))
        try:
            printed, _ = run(kernel.kc, probe)
        finally:
            kernel.stop()
        assert printed.split() == [str(imports_jax), str(not imports_jax), "False"]


def test_make_test_shares_one_zygote_between_its_halves(tmp_path, monkeypatch):
    shown = tmp_path / "shown"
    command = ("import os, sys; path = os.environ[sys.argv[1]]; "
               "open(sys.argv[2], 'w').write(path); sys.exit(os.path.exists(path) and 3)")
    done = subprocess.run([sys.executable, warm_kernel.zygote.__file__, "share", sys.executable, "-c",
                           command, warm_kernel.SOCKET_VARIABLE, str(shown)], timeout=60)
    assert done.returncode == 3  # the command's own exit code; the socket was there
    assert not os.path.exists(shown.read_text())  # and is gone with the command

    # A test process that finds a zygote uses it, and leaves stopping it to whoever started it.
    import nbval.plugin
    monkeypatch.setattr(nbval.plugin, "RunningKernel", nbval.plugin.RunningKernel)
    monkeypatch.setenv("JUPYTER_PATH", "")
    monkeypatch.setenv(warm_kernel.SOCKET_VARIABLE, str(shown))  # a file that exists
    config = SimpleNamespace(getoption=lambda name, default=None: {
        "nbval_kernel_name": warm_kernel.KERNEL_NAME}.get(name, default))
    warm_kernel.pytest_configure(config)
    assert not hasattr(config, "warm_kernel")
    assert os.environ[warm_kernel.SOCKET_VARIABLE] == str(shown)
    assert nbval.plugin.RunningKernel.__name__ == "WarmRunningKernel"


SEEN_AS_IT_STARTS = ("import json, os, sys; print(json.dumps([sys.path, dict(os.environ), "
                     "hash('d2l'), os.getpid()]))")


def started(kernel_name, cwd, env):
    """What a kernel of kernel_name started in cwd with env sees: its sys.path, its
    environment, the hash of a string (salted by PYTHONHASHSEED as the interpreter starts),
    and whether it is the process jupyter_client started (a warm kernel is a fork of the
    zygote)."""
    import json
    manager = KernelManager(kernel_name=kernel_name)
    manager.start_kernel(cwd=str(cwd), env=env)
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        printed, status = run(client, SEEN_AS_IT_STARTS)
        assert status == "ok", printed
        path, environ, hashed, pid = json.loads(printed)
        return path, environ, hashed, pid == manager.provisioner.pid
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_a_warm_kernel_starts_with_the_path_and_environment_of_a_cold_one(zygote, tmp_path):
    """A kernel asked for with the zygote's environment is a fork of it, and starts with the
    sys.path and environment of a kernel started cold. One asked for with a variable read
    before the kernel runs set otherwise (PYTHONHASHSEED, read as the interpreter starts, as
    OMP_NUM_THREADS is read as torch is imported) cannot be a fork, whose interpreter started
    with the zygote's: it starts cold, and so has the variable read, as a cold kernel would.
    That second kernel is the cold one the first is compared with."""
    env = {**os.environ, "D2L_TEST_PROBE": "seen"}
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    expected = subprocess.run([sys.executable, "-c", "print(hash('d2l'))"],
                              env={**env, "PYTHONHASHSEED": seed},
                              capture_output=True, text=True, check=True).stdout
    warm_path, warm_env, _, warm_is_child = started(warm_kernel.KERNEL_NAME, tmp_path, env)
    cold_path, cold_env, hashed, cold_is_child = started(warm_kernel.KERNEL_NAME, tmp_path,
                                                         {**env, "PYTHONHASHSEED": seed})
    assert not warm_is_child  # a fork of the zygote, not the stand-in become a kernel
    assert cold_is_child  # the stand-in became the kernel itself (exec), as python3 runs it
    assert (cold_env["PYTHONHASHSEED"], hashed) == (seed, int(expected))
    assert warm_path == cold_path
    assert "tests" not in {os.path.basename(entry) for entry in warm_path}
    # ipykernel sets a few variables as it starts, the same in both; the seed is the cold
    # one's own, and the session's name differs by design.
    differ = {"JPY_SESSION_NAME", "PYTHONHASHSEED"}
    assert {k: v for k, v in warm_env.items() if k not in differ} == \
        {k: v for k, v in cold_env.items() if k not in differ}
