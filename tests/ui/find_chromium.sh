#!/bin/sh
# Print the path of the Chromium that `make test-ui` drives.
#   $CHROMIUM if it is set; else the first of the browsers below on PATH;
#   else, as root with apt-get, install Debian's chromium-headless-shell and use it;
#   else say what to install and exit 1.
# Everything but the path goes to stderr.

if [ -n "$CHROMIUM" ]; then
    if [ -x "$CHROMIUM" ] && [ ! -d "$CHROMIUM" ]; then
        echo "$CHROMIUM"
        exit 0
    fi
    echo "make test-ui: CHROMIUM=$CHROMIUM is not an executable file." >&2
    exit 1
fi

find_one() {
    for name in chromium-headless-shell chromium chromium-browser google-chrome google-chrome-stable; do
        path=$(command -v "$name" 2>/dev/null) && { echo "$path"; return 0; }
    done
    return 1
}

find_one && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "make test-ui: no Chromium found; installing Debian's chromium-headless-shell (about 100 MB)." >&2
    apt-get -qq update >&2 &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium-headless-shell >&2 &&
        find_one && exit 0
    echo "make test-ui: installing chromium-headless-shell with apt-get failed." >&2
fi

{
    echo "make test-ui needs a Chromium-based browser and found none on PATH"
    echo "(looked for: chromium-headless-shell chromium chromium-browser google-chrome)."
    echo "Install one, e.g. on Debian or Ubuntu:"
    echo "    sudo apt-get install chromium-headless-shell     (or: sudo apt-get install chromium)"
    echo "or point the target at a browser you have:"
    echo "    make test-ui CHROMIUM=/path/to/chrome"
} >&2
exit 1
