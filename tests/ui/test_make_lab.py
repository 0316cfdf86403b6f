"""`make lab` as a learner uses it: the URL it prints logs in, a port taken is said so, and
saving an edit in JupyterLab writes both halves of a pair.

The server is the one `make lab` started in a scratch copy of the repository (conftest.py),
so the saves below never touch the user's notebooks."""

import json
import re
import socket
import subprocess
import urllib.request
from pathlib import Path

import nbformat
import psutil
import pytest

from lab_notebook import Notebook, rel
from http_util import http_status
from ui_settings import notebook_paths

CHAPTERS = notebook_paths()
EDITED = next(p for p in CHAPTERS if p.name == "01_calculus.ipynb")
MARK = "A sentence typed in JupyterLab by the UI test."


def git_status(repo):
    return subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True,
                          text=True, timeout=60, check=True).stdout


@pytest.fixture(scope="module")
def edited_not_open(ran_notebooks):
    """A notebook kept open by earlier tests holds new outputs: close the one edited below, so
    that opening its path opens the file as it is on disk (the others are closed at the end)."""
    ran_notebooks.close(EDITED)


def test_the_printed_url_logs_in_and_the_api_needs_the_token(lab):
    assert lab.printed_url.startswith("http://127.0.0.1:")
    assert lab.first_answer == 200, \
        f"the URL make lab printed, requested at once, answered {lab.first_answer} (None: refused)"
    assert http_status(lab.printed_url, timeout=60) == 200
    assert http_status(f"{lab.base}/api/contents") == 403
    assert http_status(f"{lab.base}/api/contents", lab.token) == 200


def test_the_token_is_on_no_command_line(lab):
    shown = []
    for proc in psutil.process_iter(["pid", "cmdline"]):
        if any(lab.token in arg for arg in proc.info["cmdline"] or []):
            shown.append((proc.info["pid"], proc.info["cmdline"][:3]))
    assert not shown, f"the token of make lab is visible with ps in: {shown}"


def test_a_port_asked_for_and_taken_stops_with_a_message_that_says_so(lab):
    # A second `make lab` on the port the first one holds: Jupyter (port_retries=0) stops.
    port = lab.base.rsplit(":", 1)[1]
    answer = subprocess.run(["make", "lab", f"PORT={port}"], cwd=lab.repo, capture_output=True,
                            text=True, timeout=180, env=lab.env)
    assert answer.returncode != 0
    said = answer.stdout + answer.stderr
    assert f"port {port} is not available" in said
    # ... and names a free port to ask for instead, as a command to run.
    suggested = re.search(rf"port {port} is taken.*: make lab PORT=(\d+)", said)
    assert suggested and int(suggested[1]) != int(port), said
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", int(suggested[1])))  # free: it binds


def test_the_news_pop_up_is_not_shown(page):
    """JupyterLab asks in a pop-up over the first notebook whether to fetch Jupyter's news;
    make lab turns its announcements off (tools/lab_config/labconfig/page_config.json), and
    the tests' own settings leave the news setting alone."""
    config = page.evaluate(
        "() => JSON.parse(document.getElementById('jupyter-config-data').textContent)")
    assert "@jupyterlab/apputils-extension:announcements" in config.get("disabledExtensions", [])
    page.wait_for_timeout(500)
    assert "get notified" not in page.evaluate("() => document.body.textContent")


def test_the_file_browser_lists_each_notebook_once_and_the_text_halves_stay_on_disk(page, lab):
    listed = json.loads(urllib.request.urlopen(lab.url("/api/contents/?content=1"),
                                               timeout=60).read())
    names = {item["name"] for item in listed["content"]}
    assert "01_calculus.ipynb" in names and "01_calculus.py" not in names, sorted(names)
    assert (lab.notebooks / "01_calculus.py").exists()
    page.wait_for_function("() => Array.from(document.querySelectorAll('.jp-DirListing-itemText'))"
                           ".some(e => e.textContent.includes('00_index'))")
    shown = page.evaluate("() => Array.from(document.querySelectorAll('.jp-DirListing-itemText'))"
                          ".map(e => e.textContent.trim())")
    assert not [name for name in shown if name.endswith(".py")], shown


def test_the_workspace_is_kept_in_the_projects_build_folder(page, lab):
    """JupyterLab saves its workspace (open tabs, layout) as the page changes: in build/ of
    the repository, not in the user's Jupyter folder."""
    page.wait_for_timeout(1500)  # the workspace is saved a moment after a change
    kept = list((lab.repo / "build" / "lab-workspaces").glob("*.jupyterlab-workspace"))
    assert kept, "make lab saved no workspace in build/lab-workspaces/"
    users = Path(lab.env["JUPYTER_CONFIG_DIR"]) / "lab" / "workspaces"
    assert not users.exists() or not any(users.iterdir()), list(users.iterdir())


def test_make_lab_serves_the_notebooks_with_their_pairing(lab):
    # Jupytext reads its configuration when it first reads a notebook.
    assert http_status(lab.url(f"/api/contents/{rel(EDITED)}?content=1")) == 200
    log = lab.log()
    assert "Loaded Jupytext configuration file" in log, \
        "Jupytext under make lab found no jupytext.toml: saving would not write the .py"


# Opening a notebook, then saving it, changes nothing: test_jupyterlab.py checks it for every
# notebook, before it runs them.


def test_a_markdown_edit_saved_in_jupyterlab_reaches_the_py_and_the_chapter_still_passes(
        page, lab, edited_not_open):
    py = lab.notebooks / rel(EDITED.with_suffix(".py"))
    ipynb = py.with_suffix(".ipynb")
    first_markdown = next(i for i, cell in enumerate(nbformat.read(ipynb, as_version=4).cells)
                          if cell.cell_type == "markdown")
    try:
        with Notebook(page, EDITED, "Notebook") as notebook:
            notebook.settle(quiet_s=0)
            notebook.type_at_end_of_cell(first_markdown, f" {MARK}")
            assert notebook.save() == "completed"
        assert MARK in nbformat.read(ipynb, as_version=4).cells[first_markdown].source
        assert MARK in py.read_text(), f"saving {ipynb.name} in JupyterLab left its .py unchanged"
        check = subprocess.run(["make", "test", f"NB=notebooks/{rel(EDITED)}"], cwd=lab.repo,
                               capture_output=True, text=True, timeout=600)
        assert check.returncode == 0, \
            f"make test NB=... fails after the save:\n{check.stdout[-3000:]}{check.stderr[-2000:]}"
    finally:
        subprocess.run(["git", "checkout", "--", "."], cwd=lab.repo, timeout=60, check=True)
