"""Two small network helpers of the UI tests: a free port, and the status of one request."""

import socket
import urllib.error
import urllib.request


def free_port():
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
