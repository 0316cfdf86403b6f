"""`make lab` (tools/lab.py and tools/lab_config/): the port it picks, how it hands the token
to the server, and the save hook that keeps an opened notebook as committed. The whole path,
the printed URL in a browser, is exercised by `make test-ui`."""

import runpy
import socket

import pytest
from traitlets.config import Config

from tools import lab

HOOK_FILE = lab.LAB_CONFIG / "jupyter_server_config.py"


@pytest.fixture
def taken_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


def test_a_free_port_is_used_as_asked():
    port = lab.free_port()
    assert lab.choose_port(port) == port


def test_a_port_asked_for_and_taken_stops_with_how_to_pick_another(taken_port, capsys):
    assert lab.choose_port(taken_port) is None
    assert f"make lab PORT={taken_port + 1}" in capsys.readouterr().err


def test_the_default_port_taken_moves_to_a_free_one_and_says_so(taken_port, monkeypatch, capsys):
    monkeypatch.setattr(lab, "DEFAULT_PORT", taken_port)
    port = lab.choose_port(None)
    assert port != taken_port and lab.port_is_free(port)
    err = capsys.readouterr().err
    assert f"port {taken_port} is in use" in err and str(port) in err


def test_the_token_goes_to_the_server_in_its_environment_with_our_config(monkeypatch):
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", "/elsewhere")
    monkeypatch.setenv("JUPYTER_TOKEN_FILE", "/some/file")
    env = lab.server_env("abc123")
    assert env["JUPYTER_TOKEN"] == "abc123"
    assert "JUPYTER_TOKEN_FILE" not in env  # one source of the token, not two
    assert env["JUPYTER_CONFIG_PATH"].split(":") == [str(lab.LAB_CONFIG), "/elsewhere"]


def load_hook():
    config = Config()
    namespace = runpy.run_path(str(HOOK_FILE), init_globals={"get_config": lambda: config})
    assert config.ContentsManager.pre_save_hook is namespace["keep_notebook_as_recorded"]
    return namespace["keep_notebook_as_recorded"]


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
