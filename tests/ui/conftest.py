"""One JupyterLab server and one headless Chromium for all the UI tests (`make test-ui`).

Environment variables (`make test-ui` sets CHROMIUM; the others are for trying the tests out):
    CHROMIUM      the browser to drive (default: the first Chromium on PATH)
    UI_NOTEBOOKS  the folder JupyterLab serves and the tests open (default: notebooks/)
    UI_TRUST=0    skip `jupyter trust`: the recorded figures then show as text and the tests fail
    UI_TIMEOUT    seconds one notebook may take to run all its cells (default 300)

The server runs with its own Jupyter config, data (so its own notebook-signature database),
settings, workspace and checkpoint folders under a temporary directory, so neither the user's
set-up nor an earlier `make lab` changes what the tests see, and nothing is written beside the
notebooks; autosave is off and the tests never save (the server's log is checked for saves).
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from lab_notebook import RanNotebooks
from ui_settings import BUILD, NOTEBOOKS, TRUST, notebook_paths

BIN = Path(sys.executable).parent

CHROMIUM_NAMES = ("chromium-headless-shell", "chromium", "chromium-browser",
                  "google-chrome", "google-chrome-stable")
# The machine may have no internet: keep Chromium from calling home.
CHROMIUM_ARGS = ["--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]

# JupyterLab settings for the test server: never autosave (the tests must not write the
# notebooks) and never ask to fetch news (a toast in every screenshot, a request to the web).
USER_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": '{"autosave": false}',
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        '{"fetchNews": "false", "checkForUpdates": false}',
}


def pytest_configure(config):
    """A run stopped with SIGTERM (a CI time limit, `kill`) still stops its server and browser:
    as for Ctrl-C, pytest then runs the fixtures' finalisers."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, interrupt)


def chromium_path():
    """$CHROMIUM, or the first Chromium on PATH."""
    path = os.environ.get("CHROMIUM") or next(
        (found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)
    if not path:
        pytest.exit("no Chromium found: install chromium-headless-shell (apt) or set "
                    "CHROMIUM=/path/to/chrome (`make test-ui` does this for you)", returncode=1)
    return path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process_tree(proc, url, log):
    """Stop the server by its PID, its kernels with it; kill what does not stop."""
    try:
        children = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    if proc.poll() is None:
        try:  # a clean shutdown: the server shuts its kernels down first
            urllib.request.urlopen(urllib.request.Request(url("/api/shutdown"), method="POST"),
                                   timeout=5).read()
        except OSError as err:
            log.write(f"\n[test-ui] /api/shutdown failed: {err!r}\n")
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if proc.poll() is not None:
            break
        try:
            os.killpg(proc.pid, sig)  # the server leads its own process group
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
    # Kernels run in process groups of their own: stop any the shutdown left behind.
    alive = [c for c in children if c.is_running()]
    for child in alive:
        child.terminate()
    _, alive = psutil.wait_procs(alive, timeout=5)
    for child in alive:
        child.kill()
    psutil.wait_procs(alive, timeout=5)


class Lab:
    """A running JupyterLab: its base URL, token and log."""

    def __init__(self, port, token, log_path):
        self.base = f"http://127.0.0.1:{port}"
        self.token = token
        self.log_path = log_path

    def url(self, path):
        sep = "&" if "?" in path else "?"
        return f"{self.base}{path}{sep}token={self.token}"

    def saves_in_log(self):
        return [line for line in self.log_path.read_text(errors="replace").splitlines()
                if "Saving file at" in line]


@pytest.fixture(scope="session")
def build_dir():
    BUILD.mkdir(parents=True, exist_ok=True)
    for old in BUILD.rglob("*.png"):
        old.unlink()
    return BUILD


@pytest.fixture(scope="session")
def lab(tmp_path_factory, build_dir):
    """JupyterLab on 127.0.0.1, a free port and a random token, serving NOTEBOOKS."""
    home = tmp_path_factory.mktemp("jupyter")
    for sub in ("checkpoints", "config", "data", "runtime", "workspaces"):
        (home / sub).mkdir()
    for name, text in USER_SETTINGS.items():
        path = home / "settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    env = dict(os.environ,
               PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
               JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_DATA_DIR=str(home / "data"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTER_PLATFORM_DIRS="1")
    env.pop("JUPYTER_TOKEN", None)
    jupyter = str(BIN / "jupyter")

    notebooks = notebook_paths()
    if TRUST and notebooks:  # as `make lab` does: trusted notebooks show their recorded figures
        trust = subprocess.run([jupyter, "trust", *map(str, notebooks)], env=env,
                               capture_output=True, text=True)
        assert trust.returncode == 0, f"jupyter trust failed:\n{trust.stdout}{trust.stderr}"

    port, token = free_port(), secrets.token_hex(24)
    lab = Lab(port, token, build_dir / "jupyterlab.log")
    cmd = [jupyter, "lab", "--no-browser",
           "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
           f"--ServerApp.root_dir={NOTEBOOKS}", f"--IdentityProvider.token={token}",
           "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, to run its commands
           f"--LabApp.user_settings_dir={home / 'settings'}",
           f"--LabApp.workspaces_dir={home / 'workspaces'}",
           # the checkpoint JupyterLab makes of each notebook it opens: not in notebooks/
           f"--FileCheckpoints.checkpoint_dir={home / 'checkpoints'}"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    with open(lab.log_path, "w") as log:
        proc = subprocess.Popen(cmd, env=env, cwd=NOTEBOOKS, stdin=subprocess.DEVNULL,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + 60
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"JupyterLab exited with {proc.returncode}; see {lab.log_path}")
                try:
                    with urllib.request.urlopen(lab.url("/api/status"), timeout=2) as answer:
                        if answer.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not answer within 60 s; see {lab.log_path}")
                time.sleep(0.25)
            yield lab
        finally:
            stop_process_tree(proc, lab.url, log)
    saves = lab.saves_in_log()
    assert not saves, f"the UI tests must not save notebooks, but the server logged: {saves}"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    args = list(CHROMIUM_ARGS)
    if os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium's sandbox refuses to run as root
    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=args)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        pw.stop()


@pytest.fixture(scope="session")
def page(lab, browser):
    """One JupyterLab page, loaded once, whose app object the tests drive."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.set_default_timeout(60_000)
    page.goto(lab.url("/lab"))
    page.wait_for_function("() => window.jupyterapp !== undefined")
    page.evaluate("async () => { await window.jupyterapp.started; await window.jupyterapp.restored; }")
    yield page
    page.close()


@pytest.fixture(scope="session")
def ran_notebooks(page):
    """Notebooks that ran all their cells in the page, kept open for later tests; closed,
    their kernels shut down, at the end of the session."""
    kept = RanNotebooks(page)
    yield kept
    kept.close_all()
