"""Notebook kernels for `make test` that start with torch already imported.

`make test` runs every notebook in a kernel of its own, and each kernel spent its first
second and a half on the same imports: `import torch` alone is about 1.3 s of CPU, most of
what a short notebook costs. Here one process per test process (the *zygote*) imports them
once and waits; each notebook's kernel is a fork of it. The fork has a fresh namespace and
runs every cell as an ordinary kernel does: only what is in `sys.modules` is shared, and no
notebook code runs before the fork, so each name a notebook uses still comes from its own
cells (`import torch` in a cell binds the module that is already loaded).

One file, three roles:

    pytest -p tests.warm_kernel --nbval-kernel-name d2l-warm ...
        a pytest plugin (as both halves of `make test` load it): the test process starts a
        zygote, and stops it at the end (under xdist, each worker does, not the controller).
    python warm_kernel.py serve SOCKET
        the zygote (started by the plugin, start_zygote): imports, then forks a kernel for each
        request on the Unix socket SOCKET; stopped with SIGTERM, it stops its kernels.
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
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SOCKET_VARIABLE = "D2L_WARM_KERNEL_SOCKET"
# Imported once in the zygote: the kernel itself, what the notebooks import first, and the
# parts of libraries that load on first use (torch._dynamo: torch.func and torch.optim's first
# step, about 1 s; sympy: the exercise checks). Never a notebook's own code.
PRELOAD = ("numpy", "torch", "torch._dynamo", "sympy", "matplotlib.pyplot", "ipykernel.kernelapp")
# pyplot reads its backend when imported: the one ipykernel gives a kernel that names none.
INLINE = "module://matplotlib_inline.backend_inline"
# Signals jupyter_client sends a kernel (interrupt, terminate), passed on to the fork.
RELAYED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)


KERNEL_NAME = "d2l-warm"
KERNELSPECS = Path(__file__).resolve().parent / "jupyter"


def pytest_configure(config):
    """With `--nbval-kernel-name d2l-warm`, start the zygote this process's kernels are forked
    from, and let jupyter_client find the kernelspec. An xdist controller runs no notebook:
    only the workers, or a run without xdist, start one."""
    if config.getoption("nbval_kernel_name", None) != KERNEL_NAME:
        return
    if config.getoption("numprocesses", None) and not hasattr(config, "workerinput"):
        return
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        filter(None, [str(KERNELSPECS), os.environ.get("JUPYTER_PATH")]))
    config.warm_kernel_folder = tempfile.mkdtemp(prefix="d2l-warm-")
    path = os.path.join(config.warm_kernel_folder, "zygote.sock")
    config.warm_kernel = start_zygote(path)
    os.environ[SOCKET_VARIABLE] = path


def pytest_unconfigure(config):
    zygote = getattr(config, "warm_kernel", None)
    if zygote is not None:
        zygote.terminate()
        try:
            zygote.wait(timeout=10)
        except subprocess.TimeoutExpired:
            zygote.kill()
        shutil.rmtree(config.warm_kernel_folder, ignore_errors=True)


def kernel_name():
    """The kernel a test that runs a notebook of its own can use: a warm one where this
    process has a zygote (under `make test`), else the ordinary python3."""
    return KERNEL_NAME if os.environ.get(SOCKET_VARIABLE) else "python3"


def start_zygote(path):
    """Start a zygote listening on path; return its process once it listens (it makes the
    socket before its imports, so that no kernel asked for from then on starts cold)."""
    zygote = subprocess.Popen([sys.executable, __file__, "serve", str(path)],
                              stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not os.path.exists(path) and zygote.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    return zygote


def serve(path):
    """Listen on path (before the imports, so that a kernel asked for meanwhile waits in the
    queue), import PRELOAD, then fork a kernel for each request until SIGTERM."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(16)
    os.environ.setdefault("MPLBACKEND", INLINE)
    for name in PRELOAD:
        __import__(name)
    gc.freeze()  # what the imports made lives on in every kernel: no collection need walk it
    kernels = {}  # the connection of each kernel's stand-in -> the kernel's pid
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)

    def stop(signum, frame):
        raise SystemExit(0)
    signal.signal(signal.SIGTERM, stop)
    try:
        while True:
            for key, _ in selector.select(timeout=0.1):
                if key.fileobj is listener:
                    connection, _ = listener.accept()
                    pid = _fork_kernel(connection, listener, kernels)
                    connection.sendall(f"{pid}\n".encode())
                    kernels[connection] = pid
                    selector.register(connection, selectors.EVENT_READ)
                else:  # the stand-in closed its end or died: its kernel goes too
                    _kill(kernels.pop(key.fileobj))
                    selector.unregister(key.fileobj)
                    key.fileobj.close()
            _reap(kernels, selector)
    finally:
        for pid in kernels.values():
            _kill(pid)
        os.unlink(path)


def _fork_kernel(connection, listener, kernels):
    """Fork; in the child, become the kernel the request on connection describes."""
    # The request: a line of JSON, and the stand-in's stdin, stdout and stderr, which the
    # kernel takes as its own (as a kernel started by jupyter_client has them).
    data, fds, _, _ = socket.recv_fds(connection, 1 << 16, 3)
    while not data.endswith(b"\n"):
        data += connection.recv(1 << 16)
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


def _kill(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def stand_in(argv):
    """Ask the zygote for a kernel run with argv; pass on signals to it; exit as it exits."""
    path = os.environ.get(SOCKET_VARIABLE)
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(path)
    except (OSError, TypeError):  # no zygote: an ordinary kernel in this process
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
    elif role == "kernel":
        stand_in(rest)
    else:
        sys.exit(f"usage: {sys.argv[0]} serve SOCKET | kernel -f CONNECTION_FILE")
