"""Two small network helpers of the UI tests: a free port, and the status of one request."""

# make lab's own wait uses the same request, so the tests ask the server as it does
from tools.lab import free_port, http_status  # noqa: F401
