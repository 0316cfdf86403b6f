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

# MathJax is served by the site itself (build.py copies it from the npm package), so that
# formulas are typeset with no network; MathJax finds its fonts beside its script.
mathjax_path = 'mathjax/tex-chtml.js'

html_theme = 'sphinx_book_theme'
html_title = 'd2l calculus companion'
html_baseurl = os.environ.get('D2L_BOOK_SITE', '')
html_static_path = [os.environ['D2L_BOOK_STATIC'], os.environ['D2L_BOOK_MATHJAX']]
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
    'home_page_in_toc': True,
    'show_toc_level': 2,
    'navigation_with_keys': False,
}
