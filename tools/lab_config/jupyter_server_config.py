"""What `make lab` adds to the user's Jupyter server settings (via JUPYTER_CONFIG_PATH).

One server extension, keep_as_recorded.py beside this file: a save hook that keeps a
notebook that was only opened as committed, and a folder listed with one entry per pair
(the .py of NAME.ipynb left out; see that file). It is added to the user's extensions and
hooks, never in place of them: `jpserver_extensions.update` merges with the user's own
settings, and the hook is registered next to a `pre_save_hook` of theirs.

Beside it, labconfig/page_config.json (read from the same path) turns off JupyterLab's
announcements: no pop-up asking whether to fetch Jupyter's news over every chapter, and no
request to the web for news or updates.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for the server to import it

c = get_config()  # noqa: F821  (provided by Jupyter when it loads this file)
c.ServerApp.jpserver_extensions.update({"keep_as_recorded": True})
