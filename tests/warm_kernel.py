"""Notebook kernels for `make test` that start with torch already imported.

`make test` runs every notebook in a kernel of its own, and each kernel spent its first
second and a half on the same imports: `import torch` alone is about 1.3 s of CPU, most of
what a short notebook costs. Here one process (the *zygote*) imports them once and waits;
each notebook's kernel is a fork of it. The fork has a fresh namespace and runs every cell
as an ordinary kernel does: only what is in `sys.modules` is shared, and no notebook code
runs before the fork, so each name a notebook uses still comes from its own cells (`import
torch` in a cell binds the module that is already loaded).

A notebook that imports jax gets its kernel from a second zygote, a fork of the first that
has imported jax too (about 1 s of CPU, once rather than in each JAX notebook). The PyTorch
notebooks' kernels never have jax loaded: the exercise checks look for it in `sys.modules`.

One file, four roles:

    pytest -p tests.warm_kernel --nbval-kernel-name d2l-warm ...
        a pytest plugin (as both halves of `make test` load it): the test process uses the
        zygote $D2L_WARM_KERNEL_SOCKET names, or starts one and stops it at the end (under
        xdist, each worker does, not the controller). It also makes nbval wait for a warm
        kernel by events, not by jupyter_client's fixed pauses (WarmRunningKernel).
    python warm_kernel.py share COMMAND...
        runs COMMAND (`make test`'s two halves) with one zygote for all of it: the imports are
        made once, not once per half. It also hands the test processes its own output, past
        make's --output-sync, which holds each half's report until the half ends: there the
        plugin says as each notebook passes or fails, with its time, and as each half ends
        (Progress).
    python warm_kernel.py serve SOCKET
        the zygote (started by start_zygote): imports, then forks a kernel for each request on
        the Unix socket SOCKET, and one for each on SOCKET-jax from its jax-importing fork;
        stopped with SIGTERM, or when its stdin ends (its starter has ended), it stops its
        kernels.
    python warm_kernel.py kernel -f CONNECTION_FILE
        what the kernelspec tests/jupyter/kernels/d2l-warm runs: asks the zygote (named by
        $D2L_WARM_KERNEL_SOCKET) for a kernel and stands in for it, so that jupyter_client
        signals, waits for and kills it as it does any kernel. With no zygote it becomes an
        ordinary ipykernel, so the kernelspec works anywhere.
"""

import atexit
import gc
import json
import os
import re
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

SOCKET_VARIABLE = "D2L_WARM_KERNEL_SOCKET"
# The file descriptor `share` hands on for the progress lines (Progress), open in every process.
PROGRESS_VARIABLE = "D2L_TEST_PROGRESS_FD"
# Set by the plugin for the stand-in of a notebook that imports jax; no kernel sees it.
JAX_VARIABLE = "D2L_WARM_KERNEL_JAX"
# Imported once in the zygote: the kernel itself (with the debugger, which every kernel imports
# as it starts), what the notebooks import first, and the parts of libraries that load on first
# use (torch._dynamo: torch.func and torch.optim's first step, about 1 s; sympy: the exercise
# checks). Never a notebook's own code.
PRELOAD = ("numpy", "torch", "torch._dynamo", "torch._decomp.decompositions_for_jvp", "sympy",
           "matplotlib.pyplot", "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger")
JAX_PRELOAD = ("jax", "jax.numpy")  # importing jax starts no thread and no XLA backend
# pyplot reads its backend when imported: the one ipykernel gives a kernel that names none.
INLINE = "module://matplotlib_inline.backend_inline"
# Signals jupyter_client sends a kernel (interrupt, terminate), passed on to the fork.
RELAYED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)


KERNEL_NAME = "d2l-warm"
KERNELSPECS = Path(__file__).resolve().parent / "jupyter"


def pytest_configure(config):
    """With `--nbval-kernel-name d2l-warm`: use the zygote $D2L_WARM_KERNEL_SOCKET names (`make
    test` shares one between its halves), or start one for this process; let jupyter_client
    find the kernelspec; have nbval start and stop warm kernels with WarmRunningKernel. An
    xdist controller runs no notebook: only the workers, or a run without xdist, do this."""
    if config.getoption("nbval_kernel_name", None) != KERNEL_NAME:
        return
    if config.getoption("numprocesses", None) and not hasattr(config, "workerinput"):
        return
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        filter(None, [str(KERNELSPECS), os.environ.get("JUPYTER_PATH")]))
    import nbval.plugin
    nbval.plugin.RunningKernel = warm_running_kernel()
    if os.path.exists(os.environ.get(SOCKET_VARIABLE, "")):
        return
    config.warm_kernel = start_zygote()
    os.environ[SOCKET_VARIABLE] = config.warm_kernel[1]


def pytest_sessionstart(session):
    """Under `make test`, say how the tests go as they go (Progress)."""
    fd = progress_fd()
    if fd is not None and not hasattr(session.config, "workerinput"):
        session.config.pluginmanager.register(Progress(fd), "d2l-progress")


def pytest_unconfigure(config):
    if hasattr(config, "warm_kernel"):
        stop_zygote(*config.warm_kernel)


class Progress:
    """Under `make test` (share): a line as each notebook passes or fails, with its time, and
    one as the half ends with pytest's counts, written at once to what make test writes to.
    Plain text: no colour codes, whatever the output is. A notebook's line is written as the
    next test starts (its last cell is then done), or as the half ends."""

    def __init__(self, fd):
        self.fd, self.started, self.notebook = fd, time.monotonic(), None

    def say(self, line):
        try:
            os.write(self.fd, f"{line}\n".encode())
        except OSError:  # the output is gone: the report still says it all
            pass

    def notebook_done(self):
        done, self.notebook = self.notebook, None
        if done:
            verdict = (f"FAILED ({done['failed']} of {done['cells']} cells)" if done["failed"]
                       else f"passed ({done['cells']} cells)")
            self.say(f"  {done['path']}: {verdict} in {done['end'] - done['start']:.1f} s")

    def pytest_runtest_logstart(self, nodeid):
        path = nodeid.split("::")[0]
        if self.notebook and self.notebook["path"] != path:
            self.notebook_done()
        if path.endswith(".ipynb") and not self.notebook:
            now = time.monotonic()
            self.notebook = {"path": path, "start": now, "end": now, "cells": 0, "failed": 0}

    def pytest_runtest_logreport(self, report):
        if self.notebook and report.nodeid.split("::")[0] == self.notebook["path"]:
            self.notebook["cells"] += report.when == "call"
            self.notebook["failed"] += report.failed

    def pytest_runtest_logfinish(self, nodeid):
        if self.notebook and nodeid.split("::")[0] == self.notebook["path"]:
            self.notebook["end"] = time.monotonic()

    def pytest_terminal_summary(self, terminalreporter):
        self.notebook_done()
        counts = {kind: len(terminalreporter.stats.get(kind, ()))
                  for kind in ("passed", "failed", "error", "skipped", "xfailed", "xpassed")}
        said = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n) or "nothing ran"
        half = ("the notebooks" if any(a.split("::")[0].endswith(".ipynb")
                                       for a in terminalreporter.config.args) else "the unit tests")
        self.say(f"make test: {half} ended: {said} in {time.monotonic() - self.started:.0f} s; "
                 f"their report follows")


def progress_fd():
    """The file descriptor `share` handed on for Progress, if this process has it open: the
    variable names it with its file (device:inode), since a process that did not inherit it
    (a test's own pytest in a subprocess) may have opened another file under its number."""
    fd, _, file = os.environ.get(PROGRESS_VARIABLE, "").partition(":")
    try:
        stat = os.fstat(int(fd))
    except (OSError, ValueError):
        return None
    return int(fd) if file == f"{stat.st_dev}:{stat.st_ino}" else None


def pytest_runtest_setup(item):
    """Before a notebook's first cell (whose setup starts the kernel), say whether the
    notebook imports jax: its kernel then comes from the zygote that has."""
    global _next_kernel_imports_jax
    notebook = getattr(item.parent, "nb", None)
    if notebook is not None:
        _next_kernel_imports_jax = any(
            IMPORTS_JAX.search(cell.source) for cell in notebook.cells if cell.cell_type == "code")


IMPORTS_JAX = re.compile(r"^\s*(import|from)\s+jax\b", re.MULTILINE)
_next_kernel_imports_jax = False


def kernel_name():
    """The kernel a test that runs a notebook of its own can use: a warm one where this
    process has a zygote (under `make test`), else the ordinary python3."""
    return KERNEL_NAME if os.environ.get(SOCKET_VARIABLE) else "python3"


def start_zygote():
    """Start a zygote listening on a socket in a new temporary folder; return its process and
    the socket's path once it listens (it makes the socket before its imports, so that no
    kernel asked for from then on starts cold)."""
    path = os.path.join(tempfile.mkdtemp(prefix="d2l-warm-"), "zygote.sock")
    zygote = subprocess.Popen([sys.executable, __file__, "serve", str(path)],
                              stdin=subprocess.PIPE)  # closed when this process ends
    deadline = time.monotonic() + 10
    while not os.path.exists(path) and zygote.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    return zygote, path


def stop_zygote(zygote, path):
    """Stop the zygote start_zygote started, and remove its folder."""
    zygote.stdin.close()
    zygote.terminate()
    try:
        zygote.wait(timeout=10)
    except subprocess.TimeoutExpired:
        zygote.kill()
    shutil.rmtree(os.path.dirname(path), ignore_errors=True)


def handed_on_output():
    """A copy of this process's stdout for the processes it starts (pass_fds), and the value
    of PROGRESS_VARIABLE that names it: make's --output-sync holds their own stdout, not it."""
    progress = os.dup(sys.stdout.fileno())
    os.set_inheritable(progress, True)
    stat = os.fstat(progress)
    return progress, f"{progress}:{stat.st_dev}:{stat.st_ino}"


def share(command):
    """Run command with one zygote that every test process it starts uses; exit as it does."""
    zygote, path = start_zygote()
    progress, variable = handed_on_output()
    try:
        code = subprocess.call(command, pass_fds=(progress,), env={
            **os.environ, SOCKET_VARIABLE: path, PROGRESS_VARIABLE: variable})
    except KeyboardInterrupt:
        code = 130
    finally:
        stop_zygote(zygote, path)
    sys.exit(code)


def warm_running_kernel():
    """nbval's RunningKernel, made to start and stop a warm kernel without the pauses
    jupyter_client makes to be sure (about 0.3 s per notebook): it waits for the kernel's
    answers instead. (A function, so that the zygote and the stand-in need not import nbval.)"""
    from queue import Empty

    from jupyter_client.manager import KernelManager
    from nbval.kernel import NbvalKernelspecManager, RunningKernel

    class WarmRunningKernel(RunningKernel):
        def __init__(self, kernel_name, cwd=None, startup_timeout=60):
            if kernel_name != KERNEL_NAME:
                super().__init__(kernel_name, cwd=cwd, startup_timeout=startup_timeout)
                return
            self.km = KernelManager(kernel_name=kernel_name,
                                    kernel_spec_manager=NbvalKernelspecManager())
            env = {k: v for k, v in os.environ.items() if k != JAX_VARIABLE}
            if _next_kernel_imports_jax:
                env[JAX_VARIABLE] = "1"
            self.km.start_kernel(stderr=subprocess.DEVNULL, cwd=cwd, env=env)
            self.kc = self.km.client()
            self.kc.start_channels()
            try:
                self._wait_until_ready(startup_timeout)
            except RuntimeError:
                self.kc.stop_channels()
                self.km.shutdown_kernel(now=True)
                raise

        def _wait_until_ready(self, timeout):
            """Ask for the kernel's info; it is ready once both the reply and the idle status
            of a request have come: it runs, and this client hears what it publishes.
            (jupyter_client also waits for IOPub to stay silent for 0.2 s.)"""
            deadline = time.monotonic() + timeout
            asked, reply = {self.kc.kernel_info()}, None
            while time.monotonic() < deadline:
                if reply is None:  # the request waits in a queue until the kernel listens
                    try:
                        message = self.kc.get_shell_msg(timeout=1)
                    except Empty:
                        if not self.km.is_alive():
                            raise RuntimeError("the kernel died before it answered") from None
                        continue
                    if message["parent_header"].get("msg_id") in asked:
                        reply = message
                    continue
                try:
                    message = self.kc.get_iopub_msg(timeout=0.05)
                except Empty:  # published before this client's subscription reached it: again
                    asked.add(self.kc.kernel_info())
                    reply = None
                    continue
                if (message["msg_type"] == "status"
                        and message["content"]["execution_state"] == "idle"
                        and message["parent_header"].get("msg_id") in asked):
                    self.kc._handle_kernel_info_reply(reply)
                    return
            raise RuntimeError(f"the kernel did not answer in {timeout} s")

        def stop(self):
            """Stop the kernel as nbval does (a kill), having waited for its stand-in to end:
            jupyter_client then finds it gone at once, rather than looking again 0.1 s later."""
            if self.km.kernel_name == KERNEL_NAME and self.km.provisioner is not None:
                process = self.km.provisioner.process
                process.kill()
                process.wait(timeout=10)
            super().stop()

    return WarmRunningKernel


def serve(path):
    """Listen on path and path-jax (before the imports, so that a kernel asked for meanwhile
    waits in the queue), import PRELOAD, fork the jax zygote, then fork a kernel for each
    request until SIGTERM or the end of stdin."""
    listener = _listen(path)
    jax_listener = _listen(path + "-jax")
    os.environ.setdefault("MPLBACKEND", INLINE)
    # The debugger ipykernel loads warns on stderr that Python's frozen modules may hide
    # breakpoints; a kernel's stderr is hidden, the zygote's is the test run's.
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    for name in PRELOAD:
        __import__(name)
    del os.environ["PYDEVD_DISABLE_FILE_VALIDATION"]
    gc.freeze()  # what the imports made lives on in every kernel: no collection need walk it
    jax_zygote = os.fork()
    if jax_zygote == 0:
        listener.close()
        try:
            for name in JAX_PRELOAD:
                __import__(name)
        except ImportError:  # no jax here: its notebooks fail in their kernels, as they would
            pass
        gc.freeze()
        os._exit(_serve(jax_listener, path + "-jax"))
    jax_listener.close()
    code = _serve(listener, path)
    _kill(jax_zygote, signal.SIGTERM)
    try:
        os.waitpid(jax_zygote, 0)
    except ChildProcessError:
        pass
    os._exit(code)  # the interpreter's teardown of torch would take 0.5 s more: the OS does it


def _listen(path):
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(16)
    return listener


def _serve(listener, path):
    """Fork a kernel for each request on listener until SIGTERM, or until stdin ends (whoever
    started the zygote has ended, even if killed); then stop them all and return the exit code
    (0, or 1 after an error, which is printed)."""
    kernels = {}  # the connection of each kernel's stand-in -> the kernel's pid
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    selector.register(sys.stdin, selectors.EVENT_READ)

    def stop(signum, frame):
        raise SystemExit(0)
    signal.signal(signal.SIGTERM, stop)
    code = 0
    try:
        while True:
            for key, _ in selector.select(timeout=0.1):
                if key.fileobj is sys.stdin:
                    if not os.read(sys.stdin.fileno(), 1 << 16):
                        raise SystemExit(0)
                elif key.fileobj is listener:
                    connection, _ = listener.accept()
                    pid = _fork_kernel(connection, listener, kernels)
                    if pid is None:
                        connection.close()
                        continue
                    connection.sendall(f"{pid}\n".encode())
                    kernels[connection] = pid
                    selector.register(connection, selectors.EVENT_READ)
                else:  # the stand-in closed its end or died: its kernel goes too
                    _kill(kernels.pop(key.fileobj))
                    selector.unregister(key.fileobj)
                    key.fileobj.close()
            _reap(kernels, selector)
    except (SystemExit, KeyboardInterrupt):  # SIGTERM, or Ctrl-C in the terminal of make test
        pass
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        for pid in kernels.values():
            _kill(pid)
        for pid in kernels.values():  # reaped, so that their CPU time is counted
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        os.unlink(path)
        sys.stdout.flush()
        sys.stderr.flush()
    return code


def _fork_kernel(connection, listener, kernels):
    """Fork; in the child, become the kernel the request on connection describes."""
    # The request: a line of JSON, and the stand-in's stdin, stdout and stderr, which the
    # kernel takes as its own (as a kernel started by jupyter_client has them).
    data, fds, _, _ = socket.recv_fds(connection, 1 << 16, 3)
    while not data.endswith(b"\n"):
        more = connection.recv(1 << 16)
        if not more:  # the stand-in ended before it had asked: no kernel
            for fd in fds:
                os.close(fd)
            return None
        data += more
    request = json.loads(data)
    pid = os.fork()
    if pid:
        for fd in fds:
            os.close(fd)
        return pid
    # The kernel: nothing of the zygote's but its imports.
    for signum in (signal.SIGTERM, signal.SIGCHLD):
        signal.signal(signum, signal.SIG_DFL)
    for sock in (listener, connection, *kernels):
        sock.close()
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    import matplotlib
    matplotlib.rcParams["backend"] = os.environ.get("MPLBACKEND") or INLINE
    code = 1
    try:
        sys.argv = ["ipykernel_launcher", *request["argv"]]
        from ipykernel import kernelapp
        kernelapp.launch_new_instance()
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (stop.code is not None)
    finally:  # never back into the zygote's loop: exit here, as a kernel process does
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _reap(kernels, selector):
    """Collect the kernels that ended; tell each one's stand-in how (then it exits too)."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        for connection, kernel in list(kernels.items()):
            if kernel == pid:
                del kernels[connection]
                selector.unregister(connection)
                try:
                    connection.sendall(f"{os.waitstatus_to_exitcode(status)}\n".encode())
                except OSError:
                    pass
                connection.close()


def _kill(pid, signum=signal.SIGKILL):
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


def stand_in(argv):
    """Ask the zygote for a kernel run with argv; pass on signals to it; exit as it exits."""
    path = os.environ.get(SOCKET_VARIABLE, "")
    if os.environ.pop(JAX_VARIABLE, None):
        path += "-jax"
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(path)
    except OSError:  # no zygote: an ordinary kernel in this process
        connection.close()
        os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", *argv])
    request = {"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ)}
    socket.send_fds(connection, [(json.dumps(request) + "\n").encode()], [0, 1, 2])
    replies = connection.makefile()
    pid = int(replies.readline())

    def relay(signum, frame):
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass
    for signum in RELAYED:
        signal.signal(signum, relay)
    line = replies.readline()  # the exit code, once the kernel has ended (a relayed
    # signal does not interrupt the read: Python retries it, PEP 475)
    sys.exit(int(line) if line.strip() else 1)


if __name__ == "__main__":
    role, *rest = sys.argv[1:] or [""]
    if role == "serve" and len(rest) == 1:
        serve(rest[0])
    elif role == "share" and rest:
        share(rest)
    elif role == "kernel":
        stand_in(rest)
    else:
        sys.exit(f"usage: {sys.argv[0]} share COMMAND... | serve SOCKET | kernel -f CONNECTION_FILE")
