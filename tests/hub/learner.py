"""A simulated learner of `make hub`: what a browser does, as HTTP and websocket requests.

A learner opens the course link `make hub` printed, logs in on the hub's form with a name and
the shared password, waits while the hub starts their server (its progress events), lets
nbgitpuller pull the chapters into their home (its event stream), starts a kernel for a
chapter and runs its cells over the kernel's websocket (the Jupyter messaging protocol, as
JupyterLab does), and moves an explorer's slider (a widget message, as the slider in the
browser sends). Every request goes through the proxy to 127.0.0.1, with a timeout.
"""

import json
import re
import struct
import time
import urllib.parse
import uuid

import requests
import websocket

REQUEST_TIMEOUT_S = 60


def pulled_folder(link):
    """The folder of a learner's home that the course link pulls the chapters into."""
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
    return query["targetpath"][0] if "targetpath" in query else query["repo"][0].rstrip("/").split("/")[-1]


class LearnerError(AssertionError):
    """Something a learner would have seen go wrong, with what the page or kernel said."""


def events(response):
    """The JSON data of each `data:` line of a server-sent event stream, as it arrives."""
    for line in response.iter_lines(decode_unicode=True):
        if line and line.startswith("data:"):
            yield json.loads(line[5:].strip())


def split_message(frame):
    """A kernel message from a websocket frame: text is JSON alone; binary (jupyter_server's
    legacy format) is a count, offsets, the JSON, then the buffers."""
    if isinstance(frame, str):
        return json.loads(frame), []
    count = struct.unpack("!I", frame[:4])[0]
    offsets = list(struct.unpack(f"!{count}I", frame[4:4 + 4 * count])) + [len(frame)]
    parts = [frame[offsets[i]:offsets[i + 1]] for i in range(count)]
    return json.loads(parts[0].decode()), parts[1:]


def outputs_of(messages):
    """The notebook outputs (nbformat 4 dicts) that a cell's iopub messages make, in order."""
    outputs = []
    for msg in messages:
        kind, content = msg["header"]["msg_type"], msg["content"]
        if kind == "stream":
            if outputs and outputs[-1]["output_type"] == "stream" and outputs[-1]["name"] == content["name"]:
                outputs[-1]["text"] += content["text"]
            else:
                outputs.append({"output_type": "stream", "name": content["name"], "text": content["text"]})
        elif kind in ("display_data", "execute_result"):
            outputs.append({"output_type": kind, "data": content["data"]})
        elif kind == "error":
            outputs.append({"output_type": "error", "ename": content["ename"],
                            "evalue": content["evalue"], "traceback": content["traceback"]})
        elif kind == "clear_output":
            outputs.clear()
    return outputs


class Kernel:
    """One kernel of a learner's server, driven over its websocket through the proxy."""

    def __init__(self, learner, kernel_id):
        self.learner, self.id = learner, kernel_id
        self.session = uuid.uuid4().hex
        self.comms = {}  # comm_id -> the state it was opened with (widget models)
        self.comm_messages = []  # (comm_id, data, buffers) the kernel sent, in order
        self.statuses = []  # the kernel's execution_state messages (starting, restarting, ...)
        self.ws = None
        self.connect()

    def connect(self):
        url = self.learner.server_url(f"api/kernels/{self.id}/channels?session_id={self.session}")
        url = "ws" + url[len("http"):]
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.learner.http.cookies)
        self.ws = websocket.create_connection(
            url, header=[f"Cookie: {cookie}", f"X-XSRFToken: {self.learner.xsrf}"],
            origin=self.learner.base_url, timeout=REQUEST_TIMEOUT_S)

    def close(self):
        if self.ws is not None:
            self.ws.close()

    def send(self, channel, msg_type, content, buffers=()):
        msg_id = uuid.uuid4().hex
        msg = {"header": {"msg_id": msg_id, "msg_type": msg_type, "session": self.session,
                          "username": self.learner.name, "version": "5.3",
                          "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
               "parent_header": {}, "metadata": {}, "content": content,
               "channel": channel, "buffers": []}
        assert not buffers, "no buffers are sent by these tests"
        self.ws.send(json.dumps(msg))
        return msg_id

    def receive(self, deadline):
        """The next message, or None at the deadline; comms and statuses are noted on the way."""
        self.ws.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            frame = self.ws.recv()
        except websocket.WebSocketTimeoutException:
            return None
        if not frame:
            raise LearnerError(f"{self.learner.name}: the kernel's websocket closed")
        msg, buffers = split_message(frame)
        kind, content = msg["header"]["msg_type"], msg.get("content", {})
        if kind == "comm_open":
            self.comms[content["comm_id"]] = content.get("data", {}).get("state", {})
        elif kind == "comm_msg":
            self.comm_messages.append((content["comm_id"], content.get("data", {}), buffers))
        elif kind == "status":
            self.statuses.append(content["execution_state"])
        return msg

    def execute(self, code, timeout):
        """Run code; return its outputs and the reply's status ('ok', 'error', 'aborted')."""
        msg_id = self.send("shell", "execute_request",
                           {"code": code, "silent": False, "store_history": True,
                            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        deadline = time.monotonic() + timeout
        mine, reply, idle = [], None, False
        while not (reply and idle):
            msg = self.receive(deadline)
            if msg is None:
                raise LearnerError(f"{self.learner.name}: a cell ran past {timeout} s: {code[:60]!r}")
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "execute_reply":
                reply = msg["content"]["status"]
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
            elif msg.get("channel") == "iopub":
                mine.append(msg)
        return outputs_of(mine), reply

    def wait_ready(self, timeout):
        """Ask for kernel_info until the kernel answers, as JupyterLab does after a restart."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            asked = self.send("shell", "kernel_info_request", {})
            ask_again = min(deadline, time.monotonic() + 2)
            while (msg := self.receive(ask_again)) is not None:
                if (msg["header"]["msg_type"] == "kernel_info_reply"
                        and msg.get("parent_header", {}).get("msg_id") == asked):
                    return
        raise LearnerError(f"{self.learner.name}: the kernel did not answer within {timeout} s")

    def wait_for(self, predicate, timeout, what):
        """Read messages until predicate(kernel) holds; fail naming what was awaited."""
        deadline = time.monotonic() + timeout
        while not predicate(self):
            if self.receive(deadline) is None and time.monotonic() >= deadline:
                raise LearnerError(f"{self.learner.name}: no {what} within {timeout} s")

    def set_widget(self, comm_id, **state):
        """Change a widget's state as the browser does when a learner moves it."""
        self.send("shell", "comm_msg", {"comm_id": comm_id, "data": {
            "method": "update", "state": state, "buffer_paths": []}})


class Learner:
    """One learner, with a browser's cookies, logging in to the hub at base_url."""

    def __init__(self, base_url, name, password):
        self.base_url, self.name, self.password = base_url.rstrip("/"), name, password
        self.http = requests.Session()
        self.times = {}  # what took how long, in seconds

    def server_url(self, path=""):
        return f"{self.base_url}/user/{urllib.parse.quote(self.name)}/{path}"

    @property
    def xsrf(self):
        """The _xsrf cookie of the learner's server (Jupyter checks it on every POST)."""
        path = f"/user/{self.name}/"
        for cookie in self.http.cookies:
            if cookie.name == "_xsrf" and cookie.path.rstrip("/") == path.rstrip("/"):
                return cookie.value
        return self.http.cookies.get("_xsrf", "")

    def get(self, url, **kwargs):
        kwargs.setdefault("timeout", REQUEST_TIMEOUT_S)
        return self.http.get(url, **kwargs)

    def log_in(self, link):
        """Open the course link, which asks for the login form, and submit it: returns the page
        the hub answers with (the spawn-pending page while the server starts)."""
        form = self.get(link)
        if "/hub/login" not in form.url:
            raise LearnerError(f"{self.name}: the course link did not ask to log in: {form.url}")
        xsrf = re.search(r'name="_xsrf"\s+value="([^"]+)"', form.text)
        if xsrf is None:
            raise LearnerError(f"{self.name}: no _xsrf field on the login form")
        started = time.monotonic()
        page = self.http.post(form.url, data={"username": self.name, "password": self.password,
                                              "_xsrf": xsrf.group(1)}, timeout=REQUEST_TIMEOUT_S)
        self.times["login"] = time.monotonic() - started
        self.spawn_started = started
        return page

    def wait_for_server(self, timeout):
        """Follow the hub's progress events for the server; return the last event (its message
        says why, when the spawn failed)."""
        url = f"{self.base_url}/hub/api/users/{urllib.parse.quote(self.name)}/server/progress"
        deadline = time.monotonic() + timeout
        last = {}
        while time.monotonic() < deadline:
            with self.get(url, stream=True, timeout=(10, timeout)) as stream:
                if stream.status_code != 200:
                    raise LearnerError(f"{self.name}: progress answered {stream.status_code}: {stream.text[:300]}")
                for event in events(stream):
                    last = event
                    if event.get("ready") or event.get("failed"):
                        self.times["spawn"] = time.monotonic() - self.spawn_started
                        return event
            time.sleep(0.5)  # the stream ended without a verdict (the hub restarted it)
        raise LearnerError(f"{self.name}: the server did not start within {timeout} s; last: {last}")

    def open(self, next_url):
        """Open a page of the learner's server (the first one passes the hub's OAuth)."""
        page = self.get(next_url)
        if page.status_code != 200:
            raise LearnerError(f"{self.name}: {next_url} answered {page.status_code}: {page.text[:300]}")
        if not self.xsrf:
            self.get(self.server_url("lab"))  # renders a page, which sets the _xsrf cookie
        return page

    def pull(self, link, timeout):
        """What the course link's page does next: nbgitpuller's event stream until the pull ends."""
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
        params = {k: v[0] for k, v in query.items() if k in ("repo", "branch", "targetpath")}
        started = time.monotonic()
        with self.get(self.server_url("git-pull/api"), params=params, stream=True,
                      timeout=(10, timeout)) as stream:
            if stream.status_code != 200:
                raise LearnerError(f"{self.name}: git-pull answered {stream.status_code}")
            said = []
            for event in events(stream):
                said.append(event.get("output", ""))
                if event.get("phase") == "finished":
                    self.times["pull"] = time.monotonic() - started
                    return
                if event.get("phase") == "error":
                    raise LearnerError(f"{self.name}: nbgitpuller failed: {event.get('message')}\n{''.join(said)[-2000:]}")
        raise LearnerError(f"{self.name}: nbgitpuller's stream ended without finishing")

    def api(self, method, path, **kwargs):
        kwargs.setdefault("timeout", REQUEST_TIMEOUT_S)
        answer = self.http.request(method, self.server_url(f"api/{path}"),
                                   headers={"X-XSRFToken": self.xsrf}, **kwargs)
        if answer.status_code >= 400:
            raise LearnerError(f"{self.name}: {method} api/{path} answered {answer.status_code}: {answer.text[:300]}")
        return answer.json() if answer.content else None

    def notebook(self, path):
        """A notebook of the learner's home, as the contents API gives it to JupyterLab."""
        return self.api("GET", f"contents/{urllib.parse.quote(path)}", params={"content": 1})["content"]

    def start_kernel(self, path):
        """Open a notebook's session, as JupyterLab does: a kernel, and its websocket."""
        model = self.api("POST", "sessions", json={"path": path, "type": "notebook", "name": "",
                                                   "kernel": {"name": "python3"}})
        return Kernel(self, model["kernel"]["id"])
