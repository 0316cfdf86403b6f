"""What a page of the static site weighs before its reader scrolls: every response the
browser gets while the page loads and settles, unscrolled, gzip-compressed as GitHub
Pages serves text (images and fonts are compressed already and barely change).
make test-book checks the limit (tests/book/test_reader.py); make bench reports it.
"""
import gzip
import io
import os

# A phone, as Lighthouse's mobile run shows a page, and a desktop window.
PHONE = {'width': 412, 'height': 823}
DESKTOP = {'width': 1280, 'height': 900}
LIMIT_BYTES = 1_000_000


def weigh(browser, url, viewport, settle_ms=1500, route=None):
    """[(URL, bytes as sent, bytes gzip-compressed)] of everything the page at url loads
    in a fresh tab of the given viewport before any scroll, once it has settled."""
    page = browser.new_page(viewport=viewport)
    got = []

    def response(r):
        try:
            body = r.body()
        except Exception:  # a redirect, or a body the browser did not keep
            body = b''
        got.append((r.url, len(body), len(gzip.compress(body, 6))))
    try:
        if route:
            page.route('**/*', route)
        page.on('response', response)
        page.goto(url, wait_until='load')
        page.wait_for_timeout(settle_ms)
    finally:
        page.close()
    return got


def total(got):
    """The compressed bytes of what weigh() returned."""
    return sum(compressed for _, _, compressed in got)


COMPRESSED_TYPES = ('text/', 'application/javascript', 'application/json', 'image/svg+xml')


def gzip_server(site):
    """An HTTP server on 127.0.0.1 (a free port) serving the folder site, text gzip-
    compressed as GitHub Pages sends it (Python's http.server sends it as it is), for
    Lighthouse to time what a reader downloads. Call .serve_forever() in a thread."""
    import functools
    import http.server

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_head(self):
            path = self.translate_path(self.path)
            kind = self.guess_type(path)
            if ('gzip' not in self.headers.get('Accept-Encoding', '')
                    or not kind.startswith(COMPRESSED_TYPES) or not os.path.isfile(path)):
                return super().send_head()
            with open(path, 'rb') as file:
                body = gzip.compress(file.read(), 6)
            self.send_response(200)
            self.send_header('Content-Type', kind)
            self.send_header('Content-Encoding', 'gzip')
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            return io.BytesIO(body)

    return http.server.ThreadingHTTPServer(
        ('127.0.0.1', 0), functools.partial(Handler, directory=str(site)))
