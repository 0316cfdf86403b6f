"""One JupyterLab, started with `make lab` as a learner starts it, and one headless Chromium,
for all the UI tests (`make test-ui`).

The server is the one users run: `make lab PORT=<free port>`, in a scratch copy of the
repository (its files as they are now, committed afresh there, with the repository's .venv
linked in), so that the tests can save notebooks, run `make test NB=...` and read `git status`
without ever changing the user's notebooks. The page logs in with the URL `make lab` prints.

What the tests set differently from a learner is only what a learner could set in their own
Jupyter folders: an empty Jupyter configuration, data (notebook-signature database) and
runtime folder under a temporary directory, JupyterLab's `expose_app_in_browser` (so the tests
can run its commands through `window.jupyterapp`), and a user setting that turns autosave
off.

Environment variables:
    CHROMIUM      the browser to drive (default: the first Chromium on PATH)
    UI_TIMEOUT    seconds one notebook may take to run all its cells (default 300)
"""

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from lab_notebook import RanNotebooks
from http_util import free_port, http_status
from ui_settings import BUILD, NOTEBOOKS, ROOT

BIN = Path(sys.executable).parent

CHROMIUM_NAMES = ("chromium-headless-shell", "chromium", "chromium-browser",
                  "google-chrome", "google-chrome-stable")
# The machine may have no internet: keep Chromium from calling home.
CHROMIUM_ARGS = ["--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]

# JupyterLab settings for the test server: never autosave (the tests must not write the
# notebooks). No news setting: make lab itself turns the news pop-up off (test_make_lab.py).
USER_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": '{"autosave": false}',
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


def run(command, cwd, **kwargs):
    """Run a short command; its output on failure."""
    answer = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300,
                            **kwargs)
    assert answer.returncode == 0, f"{command} failed:\n{answer.stdout}{answer.stderr}"
    return answer.stdout


def git(repo, *command):
    return run(["git", "-c", "user.name=test-ui", "-c", "user.email=test-ui@example.invalid",
                "-c", "commit.gpgsign=false", *command], repo)


def stop_process_tree(proc, url, log):
    """Stop `make lab` and the server it started, their kernels with them; kill what lingers."""
    try:
        children = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    if proc.poll() is None and url is not None:
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
            os.killpg(proc.pid, sig)  # make leads its own process group
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
    """JupyterLab as `make lab` started it: the URL it printed, its token, its log, and the
    scratch repository it serves."""

    def __init__(self, repo, printed_url, log_path):
        self.repo = repo
        self.notebooks = repo / "notebooks"
        self.printed_url = printed_url
        self.base, self.token = re.match(r"(http://[^/]+)/lab\?token=(\w+)$", printed_url).groups()
        self.log_path = log_path

    def url(self, path):
        sep = "&" if "?" in path else "?"
        return f"{self.base}{path}{sep}token={self.token}"

    def log(self):
        return self.log_path.read_text(errors="replace")


def fingerprint(folder):
    """The bytes of every file under folder, hashed: to show the tests left it as it was."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".ipynb_checkpoints" not in p.parts}


@pytest.fixture(scope="session")
def build_dir():
    BUILD.mkdir(parents=True, exist_ok=True)
    for old in BUILD.rglob("*.png"):
        old.unlink()
    return BUILD


@pytest.fixture(scope="session")
def scratch_repo(tmp_path_factory):
    """A copy of the repository's files as they are now (tracked and new, not ignored),
    committed in a git repository of its own, with the repository's .venv linked in."""
    repo = tmp_path_factory.mktemp("repo")
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], ROOT)
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)  # mtimes kept: make sees .venv as up to date
    (repo / ".venv").symlink_to(ROOT / ".venv")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "scratch copy for make test-ui")
    return repo


def jupyter_home(home):
    """Empty Jupyter folders of the tests' own, as a new user has, plus the two settings the
    tests need (see the module docstring)."""
    for sub in ("config", "data", "runtime"):
        (home / sub).mkdir()
    (home / "config" / "jupyter_lab_config.py").write_text(
        "c.LabApp.expose_app_in_browser = True  # window.jupyterapp, to run its commands\n")
    for name, text in USER_SETTINGS.items():
        path = home / "config" / "lab" / "user-settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    env = dict(os.environ,
               JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_DATA_DIR=str(home / "data"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTER_PLATFORM_DIRS="1")
    for name in ("JUPYTER_TOKEN", "JUPYTER_TOKEN_FILE", "JUPYTER_CONFIG_PATH",
                 "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR", "MAKEFLAGS", "MAKELEVEL"):
        env.pop(name, None)
    return env


READY = re.compile(r"JupyterLab is ready\. Open:\s+(http://\S+)")


@pytest.fixture(scope="session")
def lab(tmp_path_factory, build_dir, scratch_repo):
    """`make lab PORT=<free port>` in the scratch repository, until the session ends."""
    users_notebooks = fingerprint(NOTEBOOKS)
    env = jupyter_home(tmp_path_factory.mktemp("jupyter"))
    log_path = build_dir / "make-lab.log"
    printed = {}
    found = threading.Event()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(["make", "lab", f"PORT={free_port()}"], cwd=scratch_repo,
                                env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, start_new_session=True)

        def copy_output():  # to the log, watching for the line with the URL
            for line in proc.stdout:
                log.write(line)
                log.flush()
                if "url" not in printed and (match := READY.search(line)):
                    printed["url"] = match.group(1)
                    found.set()
        reader = threading.Thread(target=copy_output, daemon=True)
        reader.start()
        lab = None
        try:
            deadline = time.monotonic() + 180
            while not found.wait(0.25):
                if proc.poll() is not None:
                    pytest.fail(f"make lab exited with {proc.returncode} before printing its "
                                f"URL; see {log_path}")
                if time.monotonic() > deadline:
                    pytest.fail(f"make lab printed no URL within 180 s; see {log_path}")
            lab = Lab(scratch_repo, printed["url"], log_path)
            lab.env = env
            # Requested at once, as a click would: make lab prints the URL once the server
            # answers, so the request is answered, however busy the machine (not refused).
            lab.first_answer = http_status(lab.printed_url, timeout=60)
            lab.process = proc
            yield lab
        finally:
            stop_process_tree(proc, lab.url if lab else None, log)
            reader.join(timeout=10)
    assert fingerprint(NOTEBOOKS) == users_notebooks, \
        "the UI tests changed the repository's notebooks/; they must work on the scratch copy"


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


def new_lab_page(browser, url):
    """A page that starts loading JupyterLab at url; call its `ready()` before driving it."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.set_default_timeout(60_000)
    page.goto(url, wait_until="commit")

    def ready():
        page.wait_for_function("() => window.jupyterapp !== undefined")
        page.evaluate("async () => { await window.jupyterapp.started; "
                      "await window.jupyterapp.restored; }")
        return page
    page.ready = ready
    return page


@pytest.fixture(scope="session")
def pages(request, lab, browser):
    """The JupyterLab pages, loading side by side: the one every test may drive, logged in with
    the URL `make lab` printed, and, when a collected test asks for `second_page`, another tab
    on a workspace of its own."""
    made = [new_lab_page(browser, lab.printed_url)]  # the address make lab printed: it must log in
    if any("second_page" in item.fixturenames for item in request.session.items):
        made.append(new_lab_page(browser, f"{lab.base}/lab/workspaces/second?token={lab.token}"))
    yield made
    for page in made:
        page.close()


@pytest.fixture(scope="session")
def page(pages):
    """One JupyterLab page, loaded once, whose app object the tests drive."""
    return pages[0].ready()


@pytest.fixture(scope="session")
def second_page(pages):
    """The second JupyterLab page, for a test to open a notebook in while it works in `page`;
    it may still be loading: call its `ready()` before driving it."""
    return pages[1]


@pytest.fixture(scope="session")
def ran_notebooks(page):
    """Notebooks that ran all their cells in a page, kept open for later tests; closed at the
    end of the session, their kernels shutting down side by side, which the server's own
    shutdown (the `lab` fixture, right after) waits for."""
    kept = RanNotebooks(page)
    yield kept
    kept.close_all(wait=False)
