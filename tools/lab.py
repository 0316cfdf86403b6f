"""Run JupyterLab (the command given, from `make lab`) and print its address once it answers.

    python tools/lab.py JUPYTER-LAB-COMMAND...

Jupyter's own options do the rest (Makefile, `lab`): it makes the token (or takes
$JUPYTER_TOKEN) and hands it to no command line, and it picks the port (port_retries).
What Jupyter cannot do is here: it prints its URL before the server listens (jupyter_server
2 binds the port in a callback of its event loop, after the log lines), so a click on that
URL right away is refused. So this waits until the server answers a request made with its
token, read from the server-info file Jupyter writes for it (readable by its user only),
and then prints the address, once. And when the port asked for (`make lab PORT=N`, where
Jupyter does not move on: port_retries=0) is taken, Jupyter stops saying so, and this names
a free one to ask for instead.
"""

import json
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

START_TIMEOUT_S = 300


def http_status(url, token=None, timeout=2):
    """The HTTP status of one GET of url (with the token, if given); None if nothing answers."""
    headers = {"Authorization": f"token {token}"} if token else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers),
                                    timeout=timeout) as answer:
            return answer.status
    except urllib.error.HTTPError as err:
        return err.code
    except OSError:  # refused, reset, timed out
        return None


def server_info(pid):
    """What the server of process pid wrote about itself (url, port, token), or None yet."""
    from jupyter_core.paths import jupyter_runtime_dir
    try:
        return json.loads((Path(jupyter_runtime_dir()) / f"jpserver-{pid}.json").read_text())
    except (OSError, ValueError):
        return None


def port_is_free(port, host="127.0.0.1"):
    """Whether a server could listen on host:port now."""
    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def free_port():
    """A port on 127.0.0.1 that nothing listens on now, chosen by the system."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def free_port_near(port, tries=100):
    """A free port after port (the next ones first, as Jupyter's own retries go), or any."""
    for candidate in range(port + 1, min(port + 1 + tries, 65536)):
        if port_is_free(candidate):
            return candidate
    return free_port()


def port_asked_for(command):
    """The port of `--ServerApp.port=N` when the command also forbids moving on from it
    (--ServerApp.port_retries=0), as `make lab PORT=N` does; else None."""
    if "--ServerApp.port_retries=0" not in command:
        return None
    ports = [int(m[1]) for arg in command if (m := re.fullmatch(r"--ServerApp\.port=(\d+)", arg))]
    return ports[-1] if ports else None


def suggest_another_port(command):
    """After the server stopped: if the port asked for is taken, say which one to ask for."""
    port = port_asked_for(command)
    if port is not None and not port_is_free(port):
        free = free_port_near(port)
        print(f"make lab: port {port} is taken (another JupyterLab?). Port {free} is free: "
              f"make lab PORT={free}", file=sys.stderr, flush=True)


def main(command):
    server = subprocess.Popen(command)
    # Stopped by a signal (a terminal closing, `kill`): stop the server with us.
    signal.signal(signal.SIGTERM, lambda *_: server.terminate())
    signal.signal(signal.SIGHUP, lambda *_: server.terminate())
    deadline = time.monotonic() + START_TIMEOUT_S
    info = None
    while not (info and http_status(f"{info['url'].rstrip('/')}/api/status", info["token"]) == 200):
        if server.poll() is not None:  # Jupyter has said why (a port taken, ...)
            if server.returncode:
                suggest_another_port(command)
            return server.returncode
        if time.monotonic() > deadline:
            print(f"make lab: JupyterLab did not answer within {START_TIMEOUT_S} s.",
                  file=sys.stderr)
            server.terminate()
            return 1
        info = info or server_info(server.pid)
        time.sleep(0.1)
    url = f"{info['url'].rstrip('/')}/lab" + (f"?token={info['token']}" if info["token"] else "")
    print(f"\n    JupyterLab is ready. Open:  {url}\n"
          f"    Stop it with Ctrl-C (twice).\n", flush=True)
    while True:
        try:
            return server.wait()
        except KeyboardInterrupt:  # the server, in our process group, got it too and decides
            continue


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
