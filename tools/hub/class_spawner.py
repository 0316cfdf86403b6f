"""The spawner of `make hub`: each learner's server a local process of .venv, in a home of its own.

JupyterHub's LocalProcessSpawner runs each server as the system user of the same name, which
needs one Unix account per learner (created by root, as The Littlest JupyterHub does). For a
try-out on one machine that is too much to ask: this spawner runs every server as the user who
typed `make hub`, each in its own home folder under the hub's state folder (build/hub/homes/NAME),
so learners' files stay apart, but nothing keeps one learner out of another's files. That is
why the README calls `make hub` a try-out, not a course's hub.

Two things on top of JupyterHub's SimpleLocalProcessSpawner:
- `--allow-root` only where it is needed: a server refuses to run as root without it (in
  containers and CI we are root), and it is not passed when we are not;
- a server that exits before it answers gives the learner a message that says so, with the last
  line it wrote (its log is in the learner's home, .jupyterhub-server.log), instead of a bare
  error page after the HTTP timeout.
"""

import asyncio
import os
import re
import socket
from pathlib import Path

from jupyterhub.spawner import SimpleLocalProcessSpawner
from traitlets import Float, Unicode

LOG_NAME = ".jupyterhub-server.log"


class SpawnFailed(RuntimeError):
    """A learner's server stopped before it answered; the message is for the learner.

    JupyterHub shows an exception's `jupyterhub_message` on its pages (the progress of a spawn,
    the page for a failed one) and keeps other exceptions' text to its log."""

    def __init__(self, message):
        super().__init__(message)
        self.jupyterhub_message = message


LEVEL = re.compile(r"^\[([A-Z]) ")  # Jupyter's log lines: [I ...], [W ...], [E ...], [C ...]


def last_meaningful_line(text):
    """What a server's log says went wrong: its last critical or error line ([C ...], [E ...]),
    else its last line that is neither blank nor part of a traceback's frames."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in reversed(lines):
        if (level := LEVEL.match(line)) and level.group(1) in "CE":
            return line
    for line in reversed(lines):
        if not LEVEL.match(line) and not line.startswith(("File ", "^", "~")):
            return line
    return lines[-1] if lines else ""


class ClassSpawner(SimpleLocalProcessSpawner):
    """Run each learner's single-user server as the hub's own user, in a home of its own."""

    log_name = Unicode(LOG_NAME, config=True, help="The server's log, in the learner's home.")
    exit_check_interval = Float(0.2, config=True,
                                help="How often start() checks whether the server has exited.")

    def get_args(self):
        args = super().get_args()
        if os.geteuid() == 0 and not any(a.startswith("--allow-root") or "allow_root" in a
                                         for a in args):
            args.append("--ServerApp.allow_root=True")
        return args

    async def start(self):
        home = Path(self.home_dir)
        home.mkdir(parents=True, exist_ok=True)
        log_path = home / self.log_name
        log = open(log_path, "ab")
        self.popen_kwargs = {**self.popen_kwargs, "stdout": log, "stderr": log}
        try:
            ip, port = await super().start()
        finally:
            log.close()  # the child holds its own copy
        await self._until_listening_or_exited(ip, port, log_path)
        return ip, port

    async def _until_listening_or_exited(self, ip, port, log_path):
        """Return once the server listens on its port; raise SpawnFailed if it exits first."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.start_timeout
        while loop.time() < deadline:
            status = await self.poll()
            if status is not None:
                self.log.error("Server of %s exited with status %s; its log: %s",
                               self.user.name, status, log_path)
                try:
                    reason = last_meaningful_line(log_path.read_text(errors="replace")[-20000:])
                except OSError:
                    reason = ""
                raise SpawnFailed(
                    f"Your server could not start: it stopped (exit status {status}) before it "
                    f"answered. It said: {reason.rstrip('.') or '(nothing)'}. Please tell your instructor; "
                    f"the whole log is {self.log_name} in your home folder.")
            with socket.socket() as probe:
                probe.settimeout(0.2)
                if probe.connect_ex((ip or "127.0.0.1", port)) == 0:
                    return
            await asyncio.sleep(self.exit_check_interval)
        # Still running but not listening: let JupyterHub's own start timeout decide.
