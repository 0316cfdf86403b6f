"""What the UI tests open and how, read from the environment (see conftest.py)."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = Path(os.environ.get("UI_NOTEBOOKS") or ROOT / "notebooks").resolve()
BUILD = ROOT / "build" / "ui"
TRUST = os.environ.get("UI_TRUST", "1") != "0"
RUN_TIMEOUT = float(os.environ.get("UI_TIMEOUT", "300"))


def notebook_paths(root=NOTEBOOKS):
    """Every NAME.ipynb under root (chapters and solutions), found when the tests are collected."""
    return sorted(p for p in root.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
