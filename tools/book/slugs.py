"""Heading anchors as JupyterLab makes them, so that the notebooks' links to a section
(`02_autograd.ipynb#2.5.A-Gradients-in-a-Training-Loop`) also resolve on the site
(tools/book/conf.py: myst_heading_slug_func)."""


def jupyter_anchor(title):
    """JupyterLab's anchor of a heading: its text, spaces as hyphens."""
    return title.strip().replace(' ', '-')
