"""`make lab`: JupyterLab on Jupyter's own options (Makefile) behind tools/lab.py, which prints
the URL once the server answers, and its save hook (tools/lab_config/), which keeps a notebook
that was only opened as committed. The URL, token and port in a real run are exercised by
`make test-ui` (tests/ui/test_make_lab.py)."""

import runpy
import sys
from pathlib import Path

import pytest
from traitlets.config import Config

LAB_CONFIG = Path(__file__).resolve().parents[1] / "tools" / "lab_config"


def test_a_server_that_stops_before_it_answers_prints_no_url_and_passes_on_its_exit(capsys):
    from tools import lab
    assert lab.main([sys.executable, "-c", "import sys; sys.exit(3)"]) == 3
    assert "Open:" not in capsys.readouterr().out


def test_the_address_comes_from_the_info_file_jupyter_writes_for_its_server(tmp_path,
                                                                           monkeypatch):
    from tools import lab
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path))
    assert lab.server_info(12345) is None  # not written yet
    (tmp_path / "jpserver-12345.json").write_text('{"url": "http://127.0.0.1:9/", "token": "t"}')
    assert lab.server_info(12345) == {"url": "http://127.0.0.1:9/", "token": "t"}


def load_hook():
    return runpy.run_path(str(LAB_CONFIG / "keep_as_recorded.py"))["keep_notebook_as_recorded"]


def test_make_labs_config_adds_its_extension_and_sets_no_hook_of_the_users():
    config = Config()
    runpy.run_path(str(LAB_CONFIG / "jupyter_server_config.py"),
                   init_globals={"get_config": lambda: config})
    user = Config()
    user.ServerApp.jpserver_extensions = {"their_extension": True}
    user.merge(config)  # as Jupyter merges the files of its configuration path
    assert user.ServerApp.jpserver_extensions == {"their_extension": True,
                                                  "keep_as_recorded": True}
    assert "pre_save_hook" not in config.ContentsManager


@pytest.mark.filterwarnings("ignore:Overriding existing pre_save_hook")
def test_the_save_hook_runs_after_a_users_own_pre_save_hook(tmp_path):
    from jupyter_server.services.contents.filemanager import FileContentsManager

    ran = []
    manager = FileContentsManager(root_dir=str(tmp_path),
                                  pre_save_hook=lambda model, **kwargs: ran.append("theirs"))
    extension = runpy.run_path(str(LAB_CONFIG / "keep_as_recorded.py"))
    extension["_load_jupyter_server_extension"](type("App", (), {"contents_manager": manager}))
    model = notebook_model({"language_info": {"name": "python", "version": "3.11.7"}})
    manager.run_pre_save_hooks(model, "x.ipynb")
    assert ran == ["theirs"]
    assert model["content"]["metadata"] == {"language_info": {"name": "python"}}


def notebook_model(metadata):
    return {"type": "notebook", "content": {"metadata": metadata, "cells": []}}


def test_saving_keeps_only_the_language_name_of_what_the_kernel_reports():
    model = notebook_model({"language_info": {
        "name": "python", "version": "3.11.7", "mimetype": "text/x-python",
        "codemirror_mode": {"name": "ipython", "version": 3}}})
    load_hook()(model, path="01_calculus.ipynb", contents_manager=None)
    assert model["content"]["metadata"] == {"language_info": {"name": "python"}}


def test_saving_drops_jupytext_options_that_only_repeat_jupytext_toml():
    model = notebook_model({"jupytext": {"notebook_metadata_filter": "kernelspec,-all"}})
    load_hook()(model, path="x.ipynb", contents_manager=None)
    assert model["content"]["metadata"] == {}


def test_saving_keeps_jupytext_options_of_the_notebooks_own():
    model = notebook_model({"jupytext": {"notebook_metadata_filter": "kernelspec,-all",
                                         "formats": "ipynb,md"}})
    load_hook()(model, path="x.ipynb", contents_manager=None)
    assert model["content"]["metadata"] == {"jupytext": {"formats": "ipynb,md"}}


def test_saving_a_text_file_is_left_alone():
    model = {"type": "file", "content": "# language_info", "format": "text"}
    load_hook()(model, path="x.py", contents_manager=None)
    assert model == {"type": "file", "content": "# language_info", "format": "text"}


def test_a_notebook_is_served_with_the_language_info_its_kernel_will_report(tmp_path):
    # JupyterLab sets the kernel's language_info on kernel start; the same value changes
    # nothing, so the notebook is not marked modified. Saving takes it back to the name.
    import nbformat
    from jupyter_server.services.contents.filemanager import FileContentsManager
    from ipykernel.ipkernel import IPythonKernel

    notebook = nbformat.v4.new_notebook(metadata={"language_info": {"name": "python"}})
    nbformat.write(notebook, tmp_path / "x.ipynb")
    manager = FileContentsManager(root_dir=str(tmp_path))
    extension = runpy.run_path(str(LAB_CONFIG / "keep_as_recorded.py"))
    extension["_load_jupyter_server_extension"](type("App", (), {"contents_manager": manager}))
    model = manager.get("x.ipynb")
    assert model["content"]["metadata"]["language_info"] == IPythonKernel.language_info
    manager.save(model, "x.ipynb")
    assert nbformat.read(tmp_path / "x.ipynb", 4).metadata == {"language_info": {"name": "python"}}


def test_a_port_asked_for_and_taken_is_said_with_a_free_one_to_ask_for_instead(capsys):
    """`make lab PORT=N` (port_retries=0): Jupyter stops when N is taken; a command to run
    follows, with a port that is free."""
    import re
    import socket
    from tools import lab
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = [sys.executable, "-c", "import sys; sys.exit(1)",  # as Jupyter stops on it
                  f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
        assert lab.main(server) == 1
        said = capsys.readouterr().err
        match = re.search(rf"port {port} is taken.*: make lab PORT=(\d+)$", said.strip())
        assert match, said
        suggested = int(match[1])
        assert suggested != port and lab.port_is_free(suggested)


def test_no_port_is_suggested_when_the_port_was_not_the_cause(capsys):
    from tools import lab
    free = lab.free_port_near(20000)
    assert lab.main([sys.executable, "-c", "import sys; sys.exit(1)",
                     f"--ServerApp.port={free}", "--ServerApp.port_retries=0"]) == 1
    assert lab.main([sys.executable, "-c", "import sys; sys.exit(1)",
                     f"--ServerApp.port={free}"]) == 1  # no PORT=: Jupyter moves on itself
    assert "make lab PORT=" not in capsys.readouterr().err


def test_a_folder_is_listed_with_one_entry_per_pair(tmp_path):
    """The file browser shows each chapter once: NAME.py beside NAME.ipynb is left out of the
    listing (still on disk and opened by its path); a .py of its own is listed."""
    from jupyter_server.services.contents.filemanager import FileContentsManager
    for name in ("ch.ipynb", "ch.py", "mine.py", "notes.txt"):
        (tmp_path / name).write_text("{}" if name.endswith(".ipynb") else "# %%\n")
    manager = FileContentsManager(root_dir=str(tmp_path))
    extension = runpy.run_path(str(LAB_CONFIG / "keep_as_recorded.py"))
    extension["_load_jupyter_server_extension"](type("App", (), {"contents_manager": manager}))
    listed = sorted(item["name"] for item in manager.get("")["content"])
    assert listed == ["ch.ipynb", "mine.py", "notes.txt"]
    assert manager.get("ch.py")["content"] == "# %%\n"


def test_make_labs_page_config_turns_off_the_news_pop_up(monkeypatch):
    """JupyterLab's announcements plugin asks whether to fetch Jupyter's news in a pop-up
    over the first notebook; make lab's configuration path turns it off."""
    from jupyterlab_server.config import get_page_config
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(LAB_CONFIG))
    disabled = get_page_config([], None).get("disabledExtensions")
    assert "@jupyterlab/apputils-extension:announcements" in disabled


def test_make_lab_keeps_its_workspace_in_build():
    import re
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text()
    recipe = re.search(r"^lab:.*?(?=^\S)", makefile, re.M | re.S)[0]
    assert "--LabApp.workspaces_dir=$(CURDIR)/build/" in recipe
