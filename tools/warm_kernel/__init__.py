"""Warm kernels for `make test`: a pytest plugin, `pytest -p tools.warm_kernel
--nbval-kernel-name d2l-warm`, that runs each notebook in a fork of a process that has
imported torch (and, for a notebook that imports jax, jax) once: zygote.py beside this file.

What it does in a test process (both halves of `make test` load it):
- uses the zygote $D2L_WARM_KERNEL_SOCKET names (`zygote.py share` starts one for both
  halves), or starts one and stops it at the end (under xdist each worker does, not the
  controller);
- lets jupyter_client find the kernelspec kernels/d2l-warm, whose stand-in asks the zygote
  for a kernel;
- has nbval start a warm kernel and wait for its answers, not for jupyter_client's fixed
  pauses (WarmRunningKernel), and say, before a notebook's first cell, whether that notebook
  imports jax;
- under `make test`, writes a line as each notebook passes or fails, past make's
  --output-sync (Progress).
"""

import os
import re
import subprocess
import time
from pathlib import Path

from tools.warm_kernel.zygote import (JAX_VARIABLE, PROGRESS_VARIABLE, SOCKET_VARIABLE,
                                      start_zygote, stop_zygote)

KERNEL_NAME = "d2l-warm"
KERNELSPECS = Path(__file__).resolve().parent  # kernels/d2l-warm/kernel.json, for JUPYTER_PATH


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




def adapt_to_protocol(client, reply):
    """What jupyter_client does with a kernel_info reply as its wait_for_ready ends: a kernel
    that speaks another major version of the messaging protocol gets messages adapted to it."""
    from jupyter_client import protocol_version_info
    major = int(reply["content"]["protocol_version"].split(".")[0])
    if major != protocol_version_info[0]:
        client.session.adapt_version = major


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
                    adapt_to_protocol(self.kc, reply)
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
