"""JupyterHub's settings for `make hub`: the embedded defaults, nothing for an instructor to set.

tools/hub/hub.py starts JupyterHub with this file and hands it what depends on the run, in
D2L_HUB_* variables of the hub's environment (never on a command line, where `ps` shows it):
the port, the state folder, the password, the proxy's command. The rest is here:

- the shared-password authenticator: any name logs in with the one password hub.py prints (a
  try-out; a course uses OAuth or LTI: docs/teaching.md);
- the spawner of class_spawner.py: each learner's server a process of .venv, in a home of its
  own under the state folder, with JupyterLab;
- the course link (hub.py prints it): nbgitpuller pulls the chapters from this clone into the
  learner's home, as a course's link pulls them from GitHub;
- jupyterhub-idle-culler as a hub service: a server idle for an hour is stopped (its files stay);
- start timeouts for the start of a class, when every learner's server starts at once on a
  few cores (docs/teaching.md, Sizing).
"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))  # for JupyterHub to import class_spawner


def setting(name, default=None):
    """A D2L_HUB_ variable of hub.py's, or default; a required one missing stops with its name."""
    value = os.environ.get(f"D2L_HUB_{name}", default)
    if value is None:
        raise ValueError(f"D2L_HUB_{name} is not set: start the hub with `make hub` "
                         f"(tools/hub/hub.py sets it)")
    return value


state = Path(setting("STATE"))
cull_timeout = int(setting("CULL_TIMEOUT", "3600"))

c = get_config()  # noqa: F821  (provided by JupyterHub when it loads this file)

# Where it listens (the loopback only) and what it keeps: all in the state folder.
c.JupyterHub.bind_url = f"http://127.0.0.1:{setting('PORT')}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(setting("HUB_API_PORT"))
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every learner's server

# The proxy: configurable-http-proxy from build/hub-proxy/ (the Makefile installs it).
c.ConfigurableHTTPProxy.command = [setting("PROXY")]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{setting('PROXY_API_PORT')}"
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")

# Who logs in: anyone, with the one password.
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = setting("PASSWORD")
c.Authenticator.allow_all = True
# A name is a folder of the state folder (homes/NAME): JupyterHub itself refuses '..' and '/'
# in a name (tests/hub/test_make_hub.py checks it does).

# Each learner's server: JupyterLab from .venv, in build/hub/homes/NAME.
c.JupyterHub.spawner_class = "class_spawner.ClassSpawner"
c.ClassSpawner.home_dir_template = str(state / "homes" / "{username}")
c.Spawner.cmd = [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
# The start of a class: every server starts at once, and on two cores 20 of them took 26 s each
# (make bench); JupyterHub's 60 s would stop about the 45th. The HTTP wait is the same.
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
# A server that died (killed, out of memory) is noticed within 10 s (JupyterHub's 30), so that
# the learner's next click starts it again; a poll of a local process is one signal 0.
c.Spawner.poll_interval = 10
# What make lab adds to Jupyter (tools/lab_config/: one file-browser entry per pair, no news
# pop-up), and server_config/ beside this file (no websocket pings: that file says why).
c.Spawner.environment = {
    "JUPYTER_CONFIG_PATH": os.pathsep.join([str(HERE / "server_config"),
                                            str(ROOT / "tools" / "lab_config")]),
    # how often a server tells the hub it is in use, for the culler (JupyterHub's default 300 s)
    "JUPYTERHUB_ACTIVITY_INTERVAL": str(max(5, min(300, cull_timeout // 4))),
}

# Servers nobody used for cull_timeout seconds are stopped; a learner's files stay, and the
# next visit starts the server again.
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={cull_timeout}",
                f"--cull-every={max(5, min(600, cull_timeout // 2))}"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
c.JupyterHub.last_activity_interval = max(5, min(300, cull_timeout // 4))
