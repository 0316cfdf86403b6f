"""Two small network helpers of the UI tests: a free port, and the status of one request."""

import socket

# make lab's own wait uses the same request, so the tests ask the server as it does
from tools.lab import http_status  # noqa: F401


def free_port():
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

