"""Start JupyterLab on the notebooks and print the address to open (make lab).

    python tools/lab.py [--port PORT]

- The server listens on 127.0.0.1 only, serving notebooks/ (where jupytext.toml
  pairs every NAME.ipynb with its NAME.py, so saving either writes both).
- Its token is made once per run (or taken from $JUPYTER_TOKEN) and handed to
  the server through the environment, never on a command line, where every user
  of the machine could read it with `ps`.
- The address is printed once the server answers, so it works when clicked.
- A port in use: the default (8888) moves to a free port and says so; a port
  chosen with --port (make lab PORT=...) stops with a message instead.
- tools/lab_config/ is added to Jupyter's configuration path, on top of the
  user's own settings (see the file there).
"""

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
LAB_CONFIG = ROOT / "tools" / "lab_config"
DEFAULT_PORT = 8888
START_TIMEOUT_S = 120


def port_is_free(port):
    with socket.socket() as s:
        # As the server will: a port left in TIME_WAIT by a server just stopped is free.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def choose_port(asked):
    """The port to listen on; None (after saying why) when the one asked for is taken."""
    port = DEFAULT_PORT if asked is None else asked
    if port_is_free(port):
        return port
    if asked is not None:
        print(f"make lab: port {port} is in use (another JupyterLab?). Stop that one, or "
              f"pick another port: make lab PORT={port + 1}", file=sys.stderr)
        return None
    other = free_port()
    print(f"make lab: port {port} is in use, so JupyterLab uses port {other} "
          f"(make lab PORT=... picks one).", file=sys.stderr)
    return other


def server_env(token):
    env = dict(os.environ, JUPYTER_TOKEN=token)
    env.pop("JUPYTER_TOKEN_FILE", None)
    extra = [str(LAB_CONFIG)] + ([env["JUPYTER_CONFIG_PATH"]] if env.get("JUPYTER_CONFIG_PATH")
                                 else [])
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(extra)
    return env


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


def answers(base, token):
    """True once the server answers an authenticated request."""
    return http_status(f"{base}/api/status", token) == 200


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=None,
                        help=f"port on 127.0.0.1 (default {DEFAULT_PORT}, or a free one)")
    args = parser.parse_args(argv)
    token = os.environ.get("JUPYTER_TOKEN") or secrets.token_hex(24)
    port = choose_port(args.port)
    if port is None:
        return 1
    command = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
               "--ServerApp.port_retries=0", f"--ServerApp.root_dir={NOTEBOOKS}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # Jupyter refuses root without it (containers, CI)
    server = subprocess.Popen(command, env=server_env(token), cwd=NOTEBOOKS)
    # Stopped by a signal (a terminal closing, `kill`): stop the server with us.
    signal.signal(signal.SIGTERM, lambda *_: server.terminate())
    signal.signal(signal.SIGHUP, lambda *_: server.terminate())
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while not answers(base, token):
        if server.poll() is not None:
            if server.returncode < 0:  # stopped by a signal (Ctrl-C, kill): nothing to explain
                return 1
            print(f"make lab: JupyterLab stopped before it answered (exit {server.returncode}). "
                  f"If port {port} was taken meanwhile: make lab PORT={port + 1}", file=sys.stderr)
            return 1
        if time.monotonic() > deadline:
            print(f"make lab: JupyterLab did not answer within {START_TIMEOUT_S} s.",
                  file=sys.stderr)
            server.terminate()
            return 1
        time.sleep(0.1)
    print(f"\n    JupyterLab is ready. Open:  {base}/lab?token={token}\n"
          f"    Stop it with Ctrl-C (twice).\n", flush=True)
    while True:
        try:
            return server.wait()
        except KeyboardInterrupt:  # the server, in our process group, got it too and decides
            continue


if __name__ == "__main__":
    sys.exit(main())
