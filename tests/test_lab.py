"""`make lab`'s save hook (tools/lab_config/), which keeps a notebook that was only opened as
committed. `make lab` itself is JupyterLab with Jupyter's own options (Makefile); its URL, token
and port are exercised by `make test-ui` (tests/ui/test_make_lab.py)."""

import runpy
from pathlib import Path

import pytest
from traitlets.config import Config

LAB_CONFIG = Path(__file__).resolve().parents[1] / "tools" / "lab_config"


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
