"""The warm kernels' processes: the zygote, the stand-in jupyter_client starts, and `share`.

`make test` runs every notebook in a kernel of its own, and each kernel spent its first
second and a half on the same imports: `import torch` alone is about 1.3 s of CPU, most of
what a short notebook costs. Here one process (the *zygote*) imports them once and waits;
each notebook's kernel is a fork of it. The fork has a fresh namespace and runs every cell
as an ordinary kernel does: only what is in `sys.modules` is shared, and no notebook code
runs before the fork, so each name a notebook uses still comes from its own cells (`import
torch` in a cell binds the module that is already loaded). The fork starts with the
`sys.path` and the environment a kernel started cold has (tests/test_warm_kernel.py compares
them); a kernel asked for with an environment that differs from the zygote's in a variable
a library may read as it is imported (anything but the few of SAME_AT_IMPORT) starts cold
instead, since the zygote's imports read the zygote's.

A notebook that imports jax gets its kernel from a second zygote, forked from the first
before torch is imported, that has imported jax (about 1 s of CPU, once rather than in each
JAX notebook). So a JAX notebook's kernel has no torch, as a learner's JAX kernel has none,
and a PyTorch notebook's has no jax: the exercise checks and the explorers look in
`sys.modules` to see which framework a kernel uses.

The pytest plugin that starts and uses all this is the package itself (__init__.py). This
file is run as a script, in one of three roles:

    python tools/warm_kernel/zygote.py share COMMAND...
        runs COMMAND (`make test`'s two halves) with one zygote for all of it: the imports are
        made once, not once per half. It also hands the test processes its own output, past
        make's --output-sync, which holds each half's report until the half ends: there the
        plugin says as each notebook passes or fails, with its time, and as each half ends.
    python tools/warm_kernel/zygote.py serve SOCKET
        the zygote (started by start_zygote): imports, then forks a kernel for each request on
        the Unix socket SOCKET, and one for each on SOCKET-jax from its jax-importing fork;
        stopped with SIGTERM, or when its stdin ends (its starter has ended), it stops its
        kernels.
    python tools/warm_kernel/zygote.py kernel -f CONNECTION_FILE
        what the kernelspec kernels/d2l-warm runs: asks the zygote (named by
        $D2L_WARM_KERNEL_SOCKET) for a kernel and stands in for it, so that jupyter_client
        signals, waits for and kills it as it does any kernel. With no zygote, or an
        environment the zygote did not import with, it becomes an ordinary ipykernel, so the
        kernelspec works anywhere.

It imports nothing outside the standard library before a role needs it: the stand-in and
`share` stay light.
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

SOCKET_VARIABLE = "D2L_WARM_KERNEL_SOCKET"
# The file descriptor `share` hands on for the progress lines (Progress), open in every process.
PROGRESS_VARIABLE = "D2L_TEST_PROGRESS_FD"
# Set by the plugin for the stand-in of a notebook that imports jax; no kernel sees it.
JAX_VARIABLE = "D2L_WARM_KERNEL_JAX"
# Imported once, before the zygote forks its jax sibling: the kernel itself (with the debugger,
# which every kernel imports as it starts) and what every notebook imports first (sympy: the
# exercise checks). Never a notebook's own code.
PRELOAD = ("numpy", "sympy", "matplotlib.pyplot",
           "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger")
# Then each zygote imports its framework: torch, with the parts it loads on first use
# (torch._dynamo: torch.func and torch.optim's first step, about 1 s), or jax. A JAX
# notebook's kernel has no torch, as a learner's JAX kernel has none (the JAX edition never
# imports it), and a PyTorch notebook's has no jax.
TORCH_PRELOAD = ("torch", "torch._dynamo", "torch._decomp.decompositions_for_jvp")
JAX_PRELOAD = ("jax", "jax.numpy")  # importing jax starts no thread and no XLA backend
# pyplot reads its backend when imported: the one ipykernel gives a kernel that names none.
INLINE = "module://matplotlib_inline.backend_inline"
# Signals jupyter_client sends a kernel (interrupt, terminate), passed on to the fork.
RELAYED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)
# The variables a kernel's environment may have other than the zygote's and still be forked
# from it: no library reads them as it is imported. jupyter_client, pytest (COLUMNS and LINES
# for its report), make and this module set them per kernel, per test or per process; the
# last three, torch and jax set as they are imported (to quiet XLA's logs and find their
# caches), so a test process that imported them hands them on to its kernels.
SAME_AT_IMPORT = re.compile(r"JPY_.*|PYTEST_.*|MAKE.*|MFLAGS|D2L_WARM_KERNEL_.*|D2L_TEST_.*|"
                            r"JUPYTER_PATH|PYDEVD_DISABLE_FILE_VALIDATION|COLUMNS|LINES|"
                            r"_|OLDPWD|PWD|SHLVL|"
                            r"TORCHINDUCTOR_CACHE_DIR|TF_CPP_MIN_LOG_LEVEL|TPU_SKIP_MDS_QUERY")


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


def serve(path):
    """Listen on path and path-jax (before the imports, so that a kernel asked for meanwhile
    waits in the queue), import PRELOAD, fork the jax zygote (which imports JAX_PRELOAD),
    import TORCH_PRELOAD, then fork a kernel for each request until SIGTERM or the end of
    stdin."""
    listener = _listen(path)
    jax_listener = _listen(path + "-jax")
    # A kernel started cold (python -m ipykernel_launcher) has no script's folder on sys.path:
    # nor has this one, whose kernels keep its sys.path.
    if sys.path and sys.path[0] == os.path.dirname(os.path.abspath(__file__)):
        del sys.path[0]
    global IMPORTED_WITH
    IMPORTED_WITH = dict(os.environ)
    os.environ.setdefault("MPLBACKEND", INLINE)
    # The debugger ipykernel loads warns on stderr that Python's frozen modules may hide
    # breakpoints; a kernel's stderr is hidden, the zygote's is the test run's.
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    for name in PRELOAD:
        before = set(os.environ)
        __import__(name)
        if name.startswith("ipykernel."):  # imported by every kernel as it starts
            SET_BY_IMPORTS.update({added: os.environ[added] for added in set(os.environ) - before})
    del os.environ["PYDEVD_DISABLE_FILE_VALIDATION"]
    jax_zygote = os.fork()
    if jax_zygote == 0:
        listener.close()
        try:
            for name in JAX_PRELOAD:
                __import__(name)
        except ImportError:  # no jax here: its notebooks fail in their kernels, as they would
            pass
        gc.freeze()  # what the imports made lives on in every kernel: no collection walks it
        os._exit(_serve(jax_listener, path + "-jax"))
    jax_listener.close()
    for name in TORCH_PRELOAD:
        __import__(name)
    gc.freeze()
    code = _serve(listener, path)
    _kill(jax_zygote, signal.SIGTERM)
    try:
        os.waitpid(jax_zygote, 0)
    except ChildProcessError:
        pass
    os._exit(code)  # the interpreter's teardown of torch would take 0.5 s more: the OS does it


IMPORTED_WITH = {}  # the zygote's environment as it made its imports
# What importing ipykernel adds to the environment: a kernel started cold has it too. (Those of
# the other imports, such as torch._dynamo's cache folder, a cold kernel has once it imports
# them, and a warm kernel does not, its imports being made: no notebook reads them.)
SET_BY_IMPORTS = {}


def forkable(env):
    """Whether a kernel asked for with the environment env may be a fork of the zygote: env
    differs from the zygote's only in variables of SAME_AT_IMPORT (or MPLBACKEND, which the
    fork applies itself)."""
    names = set(env) | set(IMPORTED_WITH)
    return all(env.get(name) == IMPORTED_WITH.get(name) for name in names
               if not SAME_AT_IMPORT.fullmatch(name) and name != "MPLBACKEND")


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
                    if pid is None:  # no kernel: the stand-in left, or starts one cold
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
    if not forkable(request["env"]):
        for fd in fds:
            os.close(fd)
        try:
            connection.sendall(b"cold\n")
        except OSError:
            pass
        return None
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
    for name, value in SET_BY_IMPORTS.items():
        os.environ.setdefault(name, value)
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
    """Ask the zygote for a kernel run with argv; pass on signals to it; exit as it exits. Where
    there is no zygote, or it answers that this environment needs a cold kernel, become one."""
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
    answer = replies.readline().strip()
    if not answer.isdigit():  # "cold": this environment is not the one the zygote imported with
        connection.close()
        os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", *argv])
    pid = int(answer)

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
