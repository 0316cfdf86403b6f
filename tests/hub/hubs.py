"""`make hub` started as an instructor starts it, and what the tests measure of it.

Each hub is `make hub HUB_PORT=<free port> HUB_STATE=<temporary folder>`, in its own process
group; the tests read the course link and password from what it prints, as an instructor reads
them. Hub.stop() stops it with SIGTERM, which stops every learner's server and the proxy, then
kills by PID any process left whose working folder is in that hub's state folder (a server, a
kernel): nothing outlives the tests.
"""

import os
import re
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from tools.lab import free_port

ROOT = Path(__file__).resolve().parents[2]
HUB_READY_TIMEOUT_S = 180


@dataclass
class Hub:
    """A running `make hub`: what it printed, and where it keeps its state."""
    process: subprocess.Popen
    state: Path
    log: list = field(default_factory=list)
    link: str = ""
    password: str = ""

    @property
    def base_url(self):
        return self.link.split("/hub/", 1)[0]

    def printed(self):
        return "".join(self.log)

    def processes(self):
        """The processes working in this hub's state folder: learners' servers and kernels."""
        found = []
        for proc in psutil.process_iter(["pid", "cwd"]):
            cwd = proc.info.get("cwd")
            if cwd and Path(cwd).is_relative_to(self.state):
                found.append(proc)
        return found

    def stop(self, grace=10):
        """Stop the hub as Ctrl-C would; return the processes it left, which are then killed."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        deadline = time.monotonic() + grace
        while (left := self.processes()) and time.monotonic() < deadline:
            time.sleep(0.2)
        for proc in left:
            try:
                proc.kill()
            except psutil.NoSuchProcess:
                pass
        return left


def start_hub(state, **make_vars):
    """Run `make hub` with these variables; return once it printed the link and password."""
    state.mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = ["make", "--no-print-directory", "hub", f"HUB_PORT={port}", f"HUB_STATE={state}",
               *(f"{k}={v}" for k, v in make_vars.items())]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, start_new_session=True)
    hub = Hub(process=process, state=state)
    ready = threading.Event()

    def read():
        for line in process.stdout:
            hub.log.append(line)
            if (link := re.search(r"Learners open:\s+(\S+)", line)):
                hub.link = link.group(1)
            if (password := re.search(r"the password:\s+(\S+)", line)):
                hub.password = password.group(1)
            if hub.link and hub.password:
                ready.set()
        ready.set()
    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(HUB_READY_TIMEOUT_S) or not (hub.link and hub.password):
        hub.stop()
        raise AssertionError(f"make hub printed no link and password:\n{hub.printed()[-4000:]}")
    return hub


def pss_mb(pid):
    """The proportional set size of one process, in MB (/proc/PID/smaps_rollup)."""
    text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    return int(re.search(r"^Pss:\s+(\d+) kB", text, re.M).group(1)) / 1024


def usage_of(hub, name):
    """What a learner's processes (those working in their home) hold and have used: PSS in MB of
    the server and of the kernels, the CPU seconds all of them have run, and how many kernels
    have torch loaded (its library mapped: a JAX chapter's kernel needs none)."""
    home = hub.state / "homes" / name
    usage = {"server MB": 0.0, "kernel MB": 0.0, "CPU s": 0.0, "kernels with torch": 0}
    for proc in psutil.process_iter(["pid", "cwd", "cmdline"]):
        cwd, cmd = proc.info.get("cwd"), " ".join(proc.info.get("cmdline") or [])
        if not cwd or not Path(cwd).is_relative_to(home):
            continue
        try:
            if "ipykernel" in cmd:
                usage["kernel MB"] += pss_mb(proc.info["pid"])
                maps = Path(f"/proc/{proc.info['pid']}/maps").read_text()
                usage["kernels with torch"] += "libtorch" in maps
            elif "jupyterhub-singleuser" in cmd:
                usage["server MB"] += pss_mb(proc.info["pid"])
            else:
                continue
            times = proc.cpu_times()
            usage["CPU s"] += times.user + times.system
        except (OSError, psutil.Error):
            pass  # it ended meanwhile
    return usage


def wait_until(condition, timeout, what, every=0.5):
    """Poll condition() until it is true; fail naming what was awaited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (value := condition()):
            return value
        time.sleep(every)
    raise AssertionError(f"{what}: not within {timeout} s")
