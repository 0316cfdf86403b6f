"""The save hook `make lab` adds to the user's Jupyter server (jupyter_server_config.py loads it).

Opening a notebook is not editing it, so saving a notebook that was only opened
must write it back as committed. Two things would otherwise be added on save:
- JupyterLab writes the running kernel's `language_info`: its Python version
  (3.11.7 here, another on the next machine) and five fields more, where
  `make outputs` records only {"name": "python"};
- Jupytext copies the options of notebooks/jupytext.toml into the notebook's
  `jupytext` metadata, where the file already says them once for all notebooks.
The hook below removes both before the .ipynb is written. It is registered as a
save hook next to the user's own (ContentsManager.register_pre_save_hook): a
`c.ContentsManager.pre_save_hook` of the user's runs first, then this one. It is
loaded as a server extension by jupyter_server_config.py, here beside it.

Opening is not editing in JupyterLab either: when a notebook's kernel starts,
JupyterLab sets the notebook's `language_info` to the one the kernel reports,
and a value that differs from the file's marks the notebook modified (the
"unsaved changes" dot) though nobody edited it. So a notebook is served with
its recorded `{"name": "python"}` completed as the kernel, ipykernel on this
server's Python, will report it; the save hook takes it back to the name.

One entry per notebook in the file browser, too: a folder is listed without the
NAME.py of each NAME.ipynb beside it (the text half of a pair, which Jupytext keeps
in step; still on disk, and opened by its path as ever). A .py of its own, with no
notebook of its name, is listed as any file.
"""

import copy
import functools
import inspect
import tomllib
from pathlib import Path

JUPYTEXT_TOML = Path(__file__).resolve().parents[2] / "notebooks" / "jupytext.toml"


def _project_jupytext_options():
    try:
        return tomllib.loads(JUPYTEXT_TOML.read_text())
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def keep_notebook_as_recorded(model, **kwargs):
    """Before a notebook is saved: `language_info` keeps only the language's name, and
    `jupytext` metadata that only repeats notebooks/jupytext.toml is dropped."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    metadata = model["content"].get("metadata")
    if not isinstance(metadata, dict):
        return
    info = metadata.get("language_info")
    if isinstance(info, dict) and "name" in info:
        metadata["language_info"] = {"name": info["name"]}
    options = metadata.get("jupytext")
    if isinstance(options, dict):
        project = _project_jupytext_options()
        for key in [k for k, value in options.items() if project.get(k) == value]:
            del options[key]
        if not options:
            del metadata["jupytext"]


@functools.cache
def kernel_language_info():
    """The language_info that ipykernel on this Python reports when it starts."""
    from ipykernel.ipkernel import IPythonKernel
    return IPythonKernel.language_info


def as_the_kernel_reports(model):
    """A notebook whose language_info is only {"name": "python"} gets the kernel's in full."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    metadata = model["content"].get("metadata")
    if isinstance(metadata, dict) and metadata.get("language_info") == {"name": "python"}:
        metadata["language_info"] = copy.deepcopy(kernel_language_info())


def one_entry_per_pair(model):
    """A folder's listing without the NAME.py of each NAME.ipynb it lists."""
    if model.get("type") != "directory" or not isinstance(model.get("content"), list):
        return
    names = {item.get("name") for item in model["content"] if isinstance(item, dict)}
    model["content"] = [
        item for item in model["content"]
        if not (isinstance(item, dict) and str(item.get("name", "")).endswith(".py")
                and f"{item['name'][:-3]}.ipynb" in names)]


def served(model):
    """What the server sends of a model it read: see the module's docstring."""
    as_the_kernel_reports(model)
    one_entry_per_pair(model)


def _jupyter_server_extension_points():
    return [{"module": "keep_as_recorded"}]


def _load_jupyter_server_extension(serverapp):
    """Run keep_notebook_as_recorded before each save, after any pre_save_hook of the user's,
    serve notebooks with the language_info their kernel will report, and list a folder with
    one entry per pair.

    It runs after Jupytext's extension (extensions load in the order of their names),
    which replaces the contents manager, so both changes go to the one that serves."""
    manager = serverapp.contents_manager
    manager.register_pre_save_hook(keep_notebook_as_recorded)
    get = manager.get
    if inspect.iscoroutinefunction(get):
        async def get_as_the_kernel_reports(*args, **kwargs):
            model = await get(*args, **kwargs)
            served(model)
            return model
    else:
        def get_as_the_kernel_reports(*args, **kwargs):
            model = get(*args, **kwargs)
            served(model)
            return model
    manager.get = get_as_the_kernel_reports
