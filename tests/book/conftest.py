"""The static site as a reader gets it (`make test-book`): build/book/ served on 127.0.0.1
by Python's http.server, as `make book-serve` does, and one headless Chromium that may
load nothing from anywhere else (every other request is aborted and counts as failed).

Environment variables:
    CHROMIUM   the browser to drive (`make test-book` finds one with tests/ui/find_chromium.sh)
"""
import functools
import http.server
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / 'build' / 'book'
sys.path.insert(0, str(ROOT / 'tools' / 'book'))  # the build's own modules, for what they define
# The machine may have no internet: keep Chromium from calling home (as tests/ui does).
CHROMIUM_ARGS = ['--disable-gpu', '--disable-background-networking', '--disable-component-update',
                 '--disable-sync', '--no-first-run', '--disable-dev-shm-usage']


def pages():
    """Every HTML page of the site, as paths relative to it, but index.html, which only
    leads to 00_index.html."""
    if not (SITE / '00_index.html').exists():
        raise pytest.UsageError('build/book/ has no site: run `make book` (or `make test-book`)')
    return sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob('*.html')
                  if '_static' not in p.parts and p != SITE / 'index.html')  # index: a redirect


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope='session')
def site_url():
    server = http.server.ThreadingHTTPServer(
        ('127.0.0.1', 0), functools.partial(QuietHandler, directory=str(SITE)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f'http://127.0.0.1:{server.server_address[1]}/'
    server.shutdown()
    server.server_close()


@pytest.fixture(scope='session')
def browser():
    from playwright.sync_api import sync_playwright
    path = os.environ.get('CHROMIUM') or next(
        (shutil.which(n) for n in ('chromium-headless-shell', 'chromium', 'google-chrome')
         if shutil.which(n)), None)
    if not path:
        raise pytest.UsageError('no Chromium: set CHROMIUM, or run `make test-book`')
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """One page opened in a fresh tab, with what went wrong while it loaded."""

    def __init__(self, browser, site_url, path):
        self.page = browser.new_page(viewport={'width': 1280, 'height': 900})
        self.errors, self.failed = [], []
        self.page.on('console', lambda m: self.errors.append(m.text) if m.type == 'error' else None)
        self.page.on('pageerror', lambda e: self.errors.append(str(e)))
        self.page.on('requestfailed', lambda r: self.failed.append(f'{r.url} ({r.failure})'))
        self.page.on('response', lambda r: self.failed.append(f'{r.url} (HTTP {r.status})')
                     if r.status >= 400 else None)

        def only_this_site(route):
            if route.request.url.startswith(site_url):
                route.continue_()
            else:
                route.abort()  # reported by requestfailed: the site must need nothing else
        self.page.route('**/*', only_this_site)
        self.page.goto(site_url + path, wait_until='load')  # formulas: typeset at build time

    def close(self):
        self.page.close()


@pytest.fixture
def visit(browser, site_url):
    opened = []

    def open_page(path):
        opened.append(Visit(browser, site_url, path))
        return opened[-1]
    yield open_page
    for v in opened:
        v.close()
