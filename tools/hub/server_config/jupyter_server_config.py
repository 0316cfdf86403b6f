"""What each learner's server of `make hub` adds to Jupyter (on its JUPYTER_CONFIG_PATH).

jupyter_server pings a websocket on its own timer, reading `ws_ping_interval` (30000) and
`ws_ping_timeout` (90000) in milliseconds, and hands the same numbers to Tornado, which reads
them in seconds and warns, once per server, that the timeout (90000) cannot be longer than the
interval (30000). No pair of values is right for both, so the pings are off: the proxy here is on
the loopback and keeps an idle websocket open, and JupyterLab reconnects a closed kernel
websocket by itself. Behind a load balancer that closes idle connections (Kubernetes), the
pings are worth the warning: docs/teaching.md, Zero to JupyterHub.
"""

c = get_config()  # noqa: F821  (provided by Jupyter when it loads this file)
c.ServerApp.tornado_settings = {"ws_ping_interval": 0}
