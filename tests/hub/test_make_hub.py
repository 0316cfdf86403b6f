"""make hub as an instructor types it: what it prints, and the link it prints, used as printed.

Part of make test-hub (with the faults); make test-class uses the same link for a whole class.
"""

import re
import socket
import subprocess
import sys
import types
import urllib.parse

import psutil
import pytest
import requests

from hubs import ROOT


@pytest.fixture(scope="module")
def tools():
    """tools/hub/'s modules, imported here (not when a bare pytest collects this file: it
    imports JupyterHub, which only make hub installs)."""
    sys.path.insert(0, str(ROOT / "tools" / "hub"))
    import class_spawner
    import hub
    return types.SimpleNamespace(hub=hub, spawner=class_spawner)


def test_the_printed_link_asks_to_log_in_and_takes_the_printed_password_only(hub_factory):
    hub = hub_factory()
    assert hub.link.startswith("http://127.0.0.1:") and "/hub/user-redirect/git-pull?" in hub.link
    assert f"the password:  {hub.password}" in hub.printed()
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(hub.link).query)
    assert query["repo"] == [ROOT.as_uri()], "the link pulls from this clone"
    assert query["urlpath"][0].endswith("/notebooks/00_index.ipynb")
    browser = requests.Session()
    form = browser.get(hub.link, timeout=30)
    assert form.status_code == 200 and "/hub/login" in form.url
    xsrf = re.search(r'name="_xsrf"\s+value="([^"]+)"', form.text).group(1)
    wrong = browser.post(form.url, data={"username": "eve", "password": hub.password + "x",
                                         "_xsrf": xsrf}, timeout=30, allow_redirects=False)
    assert wrong.status_code == 403, wrong.status_code
    for name in ("..", "../eve", "eve/x"):  # a name is a folder of homes/: JupyterHub refuses these
        outside = browser.post(form.url, data={"username": name, "password": hub.password,
                                               "_xsrf": xsrf}, timeout=30, allow_redirects=False)
        assert outside.status_code == 403, (name, outside.status_code)
    right = browser.post(form.url, data={"username": "eve", "password": hub.password,
                                         "_xsrf": xsrf}, timeout=30, allow_redirects=False)
    assert right.status_code == 302 and "user-redirect/git-pull" in right.headers["Location"]


def test_the_password_is_on_no_command_line(hub_factory):
    hub = hub_factory()
    for proc in psutil.process_iter(["cmdline"]):
        assert hub.password not in " ".join(proc.info["cmdline"] or []), proc


def test_a_taken_port_stops_make_hub_and_names_a_free_one(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(["make", "--no-print-directory", "hub", f"HUB_PORT={port}",
                               f"HUB_STATE={tmp_path}"], cwd=ROOT, capture_output=True, text=True,
                              timeout=300)
    assert done.returncode != 0
    assert re.search(rf"port {port} is taken\. Port \d+ is free", done.stderr), done.stderr


def test_the_course_link_names_the_repository_branch_and_first_page(tools):
    hub_script = tools.hub
    link = hub_script.course_link("http://127.0.0.1:9", repo="file:///srv/course", branch="spring")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
    assert link.startswith("http://127.0.0.1:9/hub/user-redirect/git-pull?")
    assert query["repo"] == ["file:///srv/course"] and query["branch"] == ["spring"]
    assert query["urlpath"] == [f"lab/tree/{query['targetpath'][0]}/{hub_script.FIRST_PAGE}"]
    assert "branch" not in urllib.parse.parse_qs(urllib.parse.urlsplit(
        hub_script.course_link("http://h", repo="file:///r")).query)


def test_a_short_password_is_refused_with_its_length(tools, tmp_path, monkeypatch):
    hub_script = tools.hub
    monkeypatch.setenv("D2L_HUB_PASSWORD", "short")
    with pytest.raises(ValueError, match="at least 8 characters"):
        hub_script.password_in(tmp_path)
    monkeypatch.delenv("D2L_HUB_PASSWORD")
    made = hub_script.password_in(tmp_path)
    assert len(made) >= 8 and hub_script.password_in(tmp_path) == made, "kept for the next start"
    assert (tmp_path / "password").stat().st_mode & 0o077 == 0, "readable by its owner only"


def test_a_failed_servers_reason_is_its_last_error_or_else_its_last_line_that_says_something(tools):
    last_meaningful_line = tools.spawner.last_meaningful_line
    traceback = ("[I server] starting\nTraceback (most recent call last):\n"
                 '  File "x.py", line 1, in <module>\n    ^^^^\n'
                 "TraitError: The 'port_retries' trait expected an int, not 'a few'.\n\n")
    assert last_meaningful_line(traceback).startswith("TraitError: The 'port_retries' trait")
    refused = ("[I 10:00 ServerApp] nbgitpuller | extension was successfully loaded.\n"
               "[C 10:00 ServerApp] Running as root is not recommended. Use --allow-root to bypass.\n"
               "[I 10:00 ServerApp] Skipped non-installed server(s): pyright\n")
    assert "Running as root" in last_meaningful_line(refused)
    assert last_meaningful_line("") == ""
