"""Start `make hub`'s JupyterHub and print the course link and password once it answers.

    python tools/hub/hub.py [--port 8020] [--state build/hub] [--cull-timeout 3600]

What JupyterHub needs that depends on the run is handed to tools/hub/jupyterhub_config.py in
D2L_HUB_* variables (the password never on a command line): the port learners open (on the
loopback; a port taken stops here, naming a free one), two free ports for the hub's and the
proxy's APIs, the state folder (the hub's database, cookie secret, learners' homes), and the
shared password: made once and kept in the state folder (readable by its owner only), so a hub
started again takes the same one. $D2L_HUB_PASSWORD sets it instead (8 characters at least).

The course link pulls the chapters into a learner's home with nbgitpuller from this clone's
git folder, the way a course's link pulls them from GitHub: so a learner gets what is committed
here (on the branch checked out), not edits still uncommitted, which this says when there are any.
"""

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PROXY = ROOT / "build" / "hub-proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
TARGET = "d2l-calculus-companion"  # the folder the chapters are pulled into (as the GitHub links do)
FIRST_PAGE = "notebooks/00_index.ipynb"
START_TIMEOUT_S = 120
MIN_PASSWORD = 8  # JupyterHub's SharedPasswordAuthenticator refuses a shorter one

sys.path.insert(0, str(ROOT))
# make lab's checks of a port and of a server's answer, the same here
from tools.lab import free_port, http_status, port_is_free  # noqa: E402


def password_in(state):
    """The shared password: $D2L_HUB_PASSWORD, else the one kept in state, else a new one kept there."""
    given = os.environ.get("D2L_HUB_PASSWORD")
    if given is not None:
        if len(given) < MIN_PASSWORD:
            raise ValueError(f"D2L_HUB_PASSWORD must have at least {MIN_PASSWORD} characters "
                             f"(it has {len(given)})")
        return given
    kept = state / "password"
    if kept.exists():
        return kept.read_text().strip()
    password = secrets.token_urlsafe(9)  # 12 characters a learner can type
    kept.touch(mode=0o600)
    kept.write_text(password + "\n")
    return password


def git(*args):
    """Run git in this clone and return its output, stripped; None if it fails."""
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)
    return done.stdout.strip() if done.returncode == 0 else None


def course_link(base_url, repo=None, branch=None):
    """The nbgitpuller link that pulls this clone's chapters and opens the table of contents."""
    if repo is None:
        repo = ROOT.as_uri()  # file://: a local path would ignore the shallow clone's depth
    query = {"repo": repo}
    if branch:
        query["branch"] = branch
    query["targetpath"] = TARGET
    query["urlpath"] = f"lab/tree/{TARGET}/{FIRST_PAGE}"
    return f"{base_url.rstrip('/')}/hub/user-redirect/git-pull?{urllib.parse.urlencode(query)}"


def checked_out_branch():
    """The branch checked out here; on a detached HEAD, a branch at the same commit, if any
    (else None: nbgitpuller then asks the repository for its default branch)."""
    branch = git("rev-parse", "--abbrev-ref", "HEAD")
    if branch not in (None, "HEAD"):
        return branch
    same = git("for-each-ref", "--points-at", "HEAD", "--format=%(refname:short)", "refs/heads")
    return same.splitlines()[0] if same else None


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8020, help="the port learners open (8020)")
    parser.add_argument("--state", type=Path, default=ROOT / "build" / "hub",
                        help="the hub's database, secrets and learners' homes (build/hub)")
    parser.add_argument("--cull-timeout", type=int, default=3600,
                        help="stop a server idle this many seconds (3600)")
    args = parser.parse_args(argv)
    if not 0 < args.port < 65536:
        parser.error(f"--port must be a port number (1-65535), not {args.port}")
    if args.cull_timeout < 10:
        parser.error(f"--cull-timeout must be 10 s or more, not {args.cull_timeout}")
    return args


def main(argv):
    args = parse_args(argv)
    if not PROXY.exists():
        print(f"make hub: {PROXY.relative_to(ROOT)} is missing: run `make hub`, which installs it",
              file=sys.stderr)
        return 1
    if not port_is_free(args.port):
        print(f"make hub: port {args.port} is taken. Port {free_port()} is free: "
              f"make hub HUB_PORT=...", file=sys.stderr)
        return 1
    state = args.state.resolve()
    (state / "homes").mkdir(parents=True, exist_ok=True)
    password = password_in(state)
    env = {**os.environ,
           "D2L_HUB_PORT": str(args.port), "D2L_HUB_STATE": str(state),
           "D2L_HUB_HUB_API_PORT": str(free_port()), "D2L_HUB_PROXY_API_PORT": str(free_port()),
           "D2L_HUB_PASSWORD": password, "D2L_HUB_PROXY": str(PROXY),
           "D2L_HUB_CULL_TIMEOUT": str(args.cull_timeout)}
    hub = subprocess.Popen([str(Path(sys.executable).with_name("jupyterhub")),
                            "-f", str(HERE / "jupyterhub_config.py")], cwd=state, env=env)
    # Stopped by a signal (a terminal closing, `kill`): stop the hub with us; it stops the
    # learners' servers and the proxy.
    signal.signal(signal.SIGTERM, lambda *_: hub.terminate())
    signal.signal(signal.SIGHUP, lambda *_: hub.terminate())
    base_url = f"http://127.0.0.1:{args.port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while http_status(f"{base_url}/hub/health") != 200:
        if hub.poll() is not None:
            return hub.returncode or 1
        if time.monotonic() > deadline:
            print(f"make hub: JupyterHub did not answer within {START_TIMEOUT_S} s.", file=sys.stderr)
            hub.terminate()
            return 1
        time.sleep(0.2)
    uncommitted = git("status", "--porcelain", "--untracked-files=no")
    note = ("\n    (The link pulls what is committed here: edits not yet committed are not in it.)"
            if uncommitted else "")
    print(f"\n    JupyterHub is ready. Learners open:  {course_link(base_url, branch=checked_out_branch())}\n"
          f"    and log in with any name and the password:  {password}\n"
          f"    Each learner gets a server of their own, with the chapters pulled into it.{note}\n"
          f"    Stop it with Ctrl-C.\n", flush=True)
    while True:
        try:
            return hub.wait()
        except KeyboardInterrupt:  # the hub, in our process group, got it too, and stops
            continue


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
