"""make test-hub: what a class meets on `make hub` when something breaks.

- a learner's kernel killed in the middle of a cell (out of memory, say): it restarts by itself,
  the learner is told so (the kernel's status `restarting`, which JupyterLab shows as "Kernel
  Restarting"), and the next cell runs;
- a learner's server killed: the hub notices, the course link starts it again, and the learner's
  files, their edits of the chapters included, are all there;
- idle culling: a server nobody uses is stopped after the culler's timeout, a busy one is not,
  and the idle learner's files stay;
- a spawn that fails: the learner reads what went wrong, not a bare error.
"""

import os
import signal
import time
import urllib.parse

import psutil

from chapter import CHAPTER
from hubs import wait_until
from learner import Learner, pulled_folder

NOTES = "notebooks/my_notes.txt"  # a learner's own file among the pulled chapters


def pulled(hub, path):
    """A path of the repository as a learner's home has it, once the course link pulled it."""
    return f"{pulled_folder(hub.link)}/{path}"


def pull_chapters(hub, name):
    """A learner who logged in through the course link and has the chapters in their home."""
    learner = Learner(hub.base_url, name, hub.password)
    learner.log_in(hub.link)
    event = learner.wait_for_server(300)
    assert event.get("ready"), event
    learner.open(hub.base_url + event["url"] if event["url"].startswith("/") else event["url"])
    learner.pull(hub.link, timeout=300)
    return learner


def processes_of(hub, name, word):
    """The processes of a learner (working in their home) whose command line has word."""
    home = hub.state / "homes" / name
    found = []
    for proc in psutil.process_iter(["pid", "cwd", "cmdline"]):
        cwd = proc.info.get("cwd")
        if cwd and os.path.realpath(cwd).startswith(str(home)) and word in " ".join(proc.info["cmdline"] or []):
            found.append(proc)
    return found


def server_of(learner):
    """The learner's server as the hub sees it ({} when it has none), asked with their cookie."""
    answer = learner.get(f"{learner.base_url}/hub/api/users/{urllib.parse.quote(learner.name)}")
    assert answer.status_code == 200, answer.text[:300]
    return answer.json().get("servers", {}).get("", {})


def test_a_kernel_killed_mid_cell_restarts_and_the_learner_is_told(hub_factory):
    hub = hub_factory()
    learner = pull_chapters(hub, "kai")
    kernel = learner.start_kernel(pulled(hub, CHAPTER))
    outputs, status = kernel.execute("print(6 * 7)", 60)
    assert status == "ok" and outputs[0]["text"] == "42\n", outputs
    before = processes_of(hub, "kai", "ipykernel")
    assert len(before) == 1, before
    kernel.send("shell", "execute_request", {"code": "import time\nfor _ in range(600):\n    time.sleep(0.1)",
                                             "silent": False, "store_history": True,
                                             "user_expressions": {}, "allow_stdin": False})
    kernel.wait_for(lambda k: "busy" in k.statuses, 30, "busy status for the long cell")
    before[0].send_signal(signal.SIGKILL)
    # JupyterLab shows "Kernel Restarting ... the kernel appears to have died" on this status.
    kernel.wait_for(lambda k: "restarting" in k.statuses, 60, "'restarting' status after the kill")
    after = wait_until(lambda: processes_of(hub, "kai", "ipykernel"), 60, "a new kernel process")
    assert [p.pid for p in after] != [p.pid for p in before]
    # The learner runs a cell again, on the same websocket: the new kernel answers.
    kernel.wait_ready(60)
    outputs, status = kernel.execute("print(6 * 7)", 120)
    assert status == "ok" and outputs[0]["text"] == "42\n", (outputs, kernel.statuses)
    kernel.close()


def test_a_killed_server_is_noticed_and_respawned_with_the_learners_files(hub_factory):
    hub = hub_factory()
    learner = pull_chapters(hub, "sam")
    learner.api("PUT", f"contents/{pulled(hub, NOTES)}", json={"type": "file", "format": "text",
                                                  "content": "the chain rule, again\n"})
    server = processes_of(hub, "sam", "jupyterhub-singleuser")
    assert len(server) == 1, server
    server[0].send_signal(signal.SIGKILL)
    started = time.monotonic()
    wait_until(lambda: not server_of(learner), 60, "the hub noticing the server is gone", every=1)
    noticed = time.monotonic() - started
    # The learner clicks the course link again: the hub starts the server anew and the link
    # pulls the chapters again, merging with the learner's copy.
    page = learner.get(hub.link)
    assert page.status_code == 200, page.text[:300]
    event = learner.wait_for_server(300)
    assert event.get("ready"), event
    learner.open(hub.base_url + event["url"] if event["url"].startswith("/") else event["url"])
    learner.pull(hub.link, timeout=300)
    notes = learner.api("GET", f"contents/{pulled(hub, NOTES)}", params={"content": 1})
    assert notes["content"] == "the chain rule, again\n"
    assert learner.notebook(pulled(hub, CHAPTER))["cells"], "the chapter is gone"
    print(f"the hub noticed the killed server in {noticed:.1f} s")


def test_idle_servers_are_culled_and_busy_ones_are_not(hub_factory):
    hub = hub_factory(HUB_CULL_TIMEOUT=20)
    idle = pull_chapters(hub, "ida")
    busy = pull_chapters(hub, "bo")
    kernel = busy.start_kernel(pulled(hub, CHAPTER))
    # A long computation that prints as it goes, as a learner's training loop would.
    kernel.send("shell", "execute_request", {
        "code": "import time\nfor step in range(90):\n    print(step, flush=True)\n    time.sleep(1)",
        "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False})
    deadline = time.monotonic() + 80
    while server_of(idle) and time.monotonic() < deadline:
        kernel.receive(time.monotonic() + 2)  # read what the busy kernel prints, as a browser would
    assert not server_of(idle), "the idle server was not culled within 80 s (timeout 20 s)"
    assert server_of(busy).get("ready"), "the culler stopped a busy server"
    assert (hub.state / "homes" / "ida" / pulled(hub, CHAPTER)).exists(), "the culled learner's files are gone"
    kernel.close()


BROKEN_SETTINGS = "c.ServerApp.port_retries = 'a few'\n"  # a setting a learner typed wrong


def test_a_spawn_that_fails_tells_the_learner_why(hub_factory):
    hub = hub_factory()
    settings = hub.state / "homes" / "lee" / ".jupyter" / "jupyter_server_config.py"
    settings.parent.mkdir(parents=True)
    settings.write_text(BROKEN_SETTINGS)
    learner = Learner(hub.base_url, "lee", hub.password)
    pending = learner.log_in(hub.link)
    assert pending.status_code == 200 and "/hub/spawn-pending/lee" in pending.url, (pending.status_code, pending.url)
    # The page's progress events: the browser shows the last one's message under the bar.
    event = learner.wait_for_server(120)
    assert event.get("failed"), event
    message = event.get("message", "")
    assert "Your server could not start" in message and "port_retries" in message, message
    # The learner reloads the page: the hub's page for a failed spawn says the same.
    again = learner.get(pending.url)
    assert "Your server could not start" in again.text and "port_retries" in again.text, again.text[-3000:]
    for bare in ("InvalidStateError", "Exception is not set"):
        assert bare not in again.text and bare not in hub.printed(), bare
