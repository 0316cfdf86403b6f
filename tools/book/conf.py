"""Sphinx settings of the static site (`make book`; docs/book.md). tools/book/build.py
prepares the sources in build/book-src/ and passes what depends on the repository
(its address, the site's address) through the environment it sets."""
import os

project = 'd2l calculus companion'
author = 'the d2l calculus companion authors'
copyright = 'the authors, MIT licence'

extensions = ['myst_nb']
root_doc = '00_index'  # the contents page; build.py adds index.html that leads to it
exclude_patterns = ['_build', '**.ipynb_checkpoints']

# The notebooks are shown with the outputs recorded in them: `make test` checks those.
nb_execution_mode = 'off'
nb_ipywidgets_js = {}  # no widget state is recorded: load no widget code from a CDN
myst_enable_extensions = ['dollarmath', 'amsmath']
myst_heading_anchors = 3
myst_heading_slug_func = 'tools.book.slugs.jupyter_anchor'  # links as in JupyterLab resolve
suppress_warnings = ['mystnb.unknown_mime_type']

# Formulas are written as MathJax reads them (\\(...\\), \\[...\\]) but no MathJax is loaded:
# tools/book/finish.py typesets them into SVG once Sphinx is done (html_math_renderer below).
html_math_renderer = 'd2l_typeset_at_build'

html_theme = 'sphinx_book_theme'
html_title = 'd2l calculus companion'
html_baseurl = os.environ.get('D2L_BOOK_SITE', '')
html_static_path = [os.environ['D2L_BOOK_STATIC']]
html_css_files = ['d2l-book.css']
html_js_files = ['d2l-explorer.js']
html_copy_source = False  # the .ipynb files are on the repository; keep the site small
html_show_sourcelink = False
html_context = {'default_mode': 'light'}  # else the theme logs an error on a first visit
html_theme_options = {
    'repository_url': os.environ.get('D2L_BOOK_REPOSITORY', ''),
    'repository_branch': 'main',
    'path_to_docs': 'notebooks',
    'use_repository_button': True,
    'use_download_button': False,  # it offers the page's source, which the site leaves out
    # The theme's launch menu (the rocket in the header) for the two runtimes it knows; its
    # URLs are those of tools/hosted_cells.py (make test-book compares them). The run bar under
    # each title (build.py) lists all four, Kaggle and Studio Lab too.
    'launch_buttons': {'binderhub_url': 'https://mybinder.org',
                       'colab_url': 'https://colab.research.google.com',
                       'notebook_interface': 'jupyterlab'},
    'home_page_in_toc': True,
    'show_toc_level': 2,
    'navigation_with_keys': False,
}


def setup(app):
    """Sphinx's MathJax markup for formulas, without MathJax's script and settings: the
    formulas are typeset when the site is built (tools/book/finish.py)."""
    from sphinx.ext.mathjax import html_visit_displaymath, html_visit_math
    app.add_html_math_renderer('d2l_typeset_at_build', (html_visit_math, None),
                               (html_visit_displaymath, None))
