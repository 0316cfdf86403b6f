"""Where the time of `make test` goes (make bench).

Prints a Markdown report and writes it to build/bench.md:
  1. each notebook as nbval runs it, split into kernel start, the first code
     cell (the imports) and the other cells (median of NB_RUNS fresh kernels),
     and the fast loop `make test NB=...` on it;
  2. the whole `make test`, each of its halves alone, and `make test` with the notebooks in
     cold kernels (as before tools/warm_kernel/), taking turns: wall and CPU seconds;
  3. `import d2lutils` against `from d2l import torch as d2l`, and the start-up
     of each tool process (median of RUNS fresh processes each);
  4. the explorers in JupyterLab in a headless Chromium, started with `make lab`:
     key press on a slider to redrawn figure, and frames per second while
     dragging (tests/ui/bench_explorer_latency.py; --no-browser skips it);
  5. a class on `make hub`: N learners at once (make test-class N=..., for each N of
     --class-sizes, default 5, 10, 20; and the JAX chapter at the smallest N), per learner:
     spawn time, first cells' time, memory (PSS of server and kernel) and CPU seconds
     (--no-class skips it; --class-only runs it alone).
Timings depend on the machine and on what else runs: compare ratios within one
report, not seconds across reports. Nothing here is asserted.

    python benchmarks/bench.py [--runs 5] [--nb-runs 3] [--suite-runs 3] [--no-browser]
                               [--suite-only] [--book-only] [--class-sizes 5,10,20] [--no-class] [--class-only]
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client import KernelManager

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tools.pairs import notebooks  # noqa: E402

PY = sys.executable
LOAD_TEXTBOOK = "from tests.textbook import load_textbook_d2l; load_textbook_d2l()"


def seconds(command):
    """Wall time of one successful run of a command (a list of arguments) in the repository."""
    return wall_and_cpu(command)[0]


def wall_and_cpu(command):
    """Wall time and CPU time (user and system, of the command and everything it waited
    for) of one successful run of a command in the repository."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_seconds(command, runs):
    """Median wall time of `runs` fresh runs of a command."""
    return statistics.median(seconds(command) for _ in range(runs))


def run_notebook_once(path):
    """(kernel start, first code cell, other cells) in seconds, in a fresh kernel."""
    cells = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    manager = KernelManager(kernel_name="python3")
    start = time.perf_counter()
    # stderr: the kernel warns that it talks over TCP, which is all it says here.
    manager.start_kernel(cwd=str(path.parent), stderr=subprocess.DEVNULL)
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
        ready = time.perf_counter()
        imported = ready
        for index, source in enumerate(cells):
            client.execute_interactive(source, timeout=600, output_hook=lambda msg: None)
            if index == 0:
                imported = time.perf_counter()
        done = time.perf_counter()
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return ready - start, imported - ready, done - imported


def notebook_rows(runs):
    """Per notebook: its name, the medians of run_notebook_once, and of `make test NB=`."""
    rows = []
    for path in notebooks():
        name = path.relative_to(ROOT).as_posix()
        samples = [run_notebook_once(path) for _ in range(runs)]
        kernel, imports, cells = (statistics.median(s[i] for s in samples) for i in range(3))
        loop = median_seconds(["make", "-s", "test", f"NB={name}"], runs)
        rows.append((name, kernel, imports, cells, loop))
    return rows


# Cold kernels: nbval's own, a fresh interpreter per notebook that imports everything itself.
COLD = "NBVAL=--nbval --nbval-current-env --nbval-cell-timeout=300"


def suite_seconds(runs):
    """Per way of running the suite: the medians of wall and CPU seconds.

    The ways take turns, so that a change in the machine's load (other jobs, other virtual
    machines on the host) falls on all alike.
    """
    make = ["make", "-s"]
    modes = {"test": make + ["test"], "notebooks": make + ["test-notebooks"],
             "units": make + ["test-units"], "cold": make + ["test", COLD]}
    samples = {mode: [] for mode in modes}
    for _ in range(runs):
        for mode, command in modes.items():
            samples[mode].append(wall_and_cpu(command))
    return {mode: (statistics.median(w for w, _ in got), statistics.median(c for _, c in got))
            for mode, got in samples.items()}


def suite_lines(runs):
    times = suite_seconds(runs)
    rows = {"test": "`make test` (its two halves at once)",
            "notebooks": "`make test-notebooks` alone",
            "units": "`make test-units` alone",
            "cold": "`make test`, the notebooks in cold kernels (nbval's own)"}
    return ["", "## The whole suite, warm (run once before)", "",
            "| what | wall (s) | CPU (s) |", "| --- | ---: | ---: |",
            *(f"| {label} | {times[mode][0]:.1f} | {times[mode][1]:.1f} |"
              for mode, label in rows.items())]


def startup_rows(runs):
    bin_dir = Path(PY).parent
    commands = {
        "`python -c pass` (the floor)": [PY, "-c", "pass"],
        "`import d2lutils`": [PY, "-c", "import d2lutils"],
        "`from d2l import torch as d2l`": [PY, "-c", LOAD_TEXTBOOK],
        "`import torch`": [PY, "-c", "import torch"],
        "`import torch`, then `gc.freeze()` (as tests/conftest.py does)": [
            PY, "-c", "import torch, gc; gc.freeze()"],
        "`import matplotlib.pyplot`": [PY, "-c", "import matplotlib.pyplot"],
        "`import nbformat`": [PY, "-c", "import nbformat"],
        "pytest with nbval, collecting one notebook": [
            PY, "-m", "pytest", "-q", "--co", "-p", "no:xdist", "--nbval",
            "notebooks/01_calculus.ipynb"],
        "the same without the hypothesis plugin": [
            PY, "-m", "pytest", "-q", "--co", "-p", "no:xdist", "-p", "no:hypothesispytest",
            "--nbval", "notebooks/01_calculus.ipynb"],
        "`jupytext --version`": [str(bin_dir / "jupytext"), "--version"],
    }
    return [(name, median_seconds(cmd, runs)) for name, cmd in commands.items()]


def browser_section():
    """The explorers' latency in JupyterLab, as tests/ui/bench_explorer_latency.py writes it."""
    chromium = subprocess.run(["sh", "tests/ui/find_chromium.sh"], cwd=ROOT, text=True,
                              capture_output=True, timeout=600)
    if chromium.returncode != 0:
        return f"## Explorers in the browser\n\nSkipped: {chromium.stderr.strip()}\n"
    env = dict(os.environ, CHROMIUM=chromium.stdout.strip())
    out = ROOT / "build" / "bench-browser.md"
    out.unlink(missing_ok=True)
    subprocess.run([PY, "-m", "pytest", "-q", "-p", "no:xdist", "tests/ui/bench_explorer_latency.py"],
                   cwd=ROOT, env=env, check=True, timeout=1800,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return out.read_text()


CLASS_CHAPTERS = ("notebooks/01_calculus.ipynb", "notebooks/jax/01_calculus.ipynb")


def class_sizes(text):
    """--class-sizes: learners per run, as '5,10,20'."""
    try:
        sizes = [int(n) for n in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"--class-sizes takes numbers like 5,10,20, not {text!r}")
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"--class-sizes must be 1 or more learners, not {text!r}")
    return sizes


def class_section(sizes):
    """make test-class at each size (the Calculus chapter), then the JAX chapter at the smallest:
    per learner, medians (and the largest) of what tests/hub/test_class.py measured."""
    import json
    lines = ["## A class on `make hub` (make test-class)", "",
             "Learners log in at once, each runs a chapter's first cells and moves an explorer. "
             "Per learner: median (largest).", "",
             "| learners | chapter | spawn (s) | first cells (s) | server PSS (MiB) "
             "| kernel PSS (MiB) | PSS per learner (MiB) | CPU per learner (s) | kernels with torch |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    runs = [(n, CLASS_CHAPTERS[0]) for n in sizes] + [(min(sizes), CLASS_CHAPTERS[1])]
    for n, chapter in runs:
        out = ROOT / "build" / f"bench-class-{n}-{Path(chapter).parent.name}.json"
        out.unlink(missing_ok=True)
        done = subprocess.run(["make", "--no-print-directory", "test-class", f"N={n}",
                               f"CHAPTER={chapter}", f"REPORT={out}"], cwd=ROOT, timeout=3600,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not out.exists():
            lines.append(f"| {n} | {chapter} | failed (make test-class N={n}) | | | | | | |")
            continue
        rows = json.loads(out.read_text())["rows"]

        def cell(key, rows=rows):
            values = [r[key] for r in rows if key in r]
            return f"{statistics.median(values):.1f} ({max(values):.1f})" if values else "-"
        for r in rows:
            r["PSS"] = r["server MB"] + r["kernel MB"]
        verdict = "" if done.returncode == 0 else " (some outputs wrong)"
        lines.append(f"| {n}{verdict} | {chapter} | {cell('spawn')} | {cell('first cells')} | "
                     f"{cell('server MB')} | {cell('kernel MB')} | {cell('PSS')} | {cell('CPU s')} | "
                     f"{sum(r.get('kernels with torch', 0) for r in rows)} of {len(rows)} |")
    return lines


BOOK = ROOT / "build" / "book"
LIGHTHOUSE = ROOT / "build" / "book-assets" / "node_modules" / "lighthouse" / "cli" / "index.js"
LIGHTHOUSE_PAGES = ["00_index.html", "01_calculus.html", "04_calculus_for_deep_learning.html"]


def lighthouse(chromium, url):
    """Lighthouse's mobile scores (performance, accessibility, 0-100) of the page at url,
    and its first and largest contentful paint and total blocking time."""
    import json
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.json"
        subprocess.run(["node", str(LIGHTHOUSE), url, "--only-categories=performance,accessibility",
                        "--output=json", f"--output-path={out}", "--quiet",
                        "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                       env=dict(os.environ, CHROME_PATH=chromium), check=True, timeout=300,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        result = json.loads(out.read_text())
    scores = {name: round(c["score"] * 100) for name, c in result["categories"].items()}
    timings = {key: result["audits"][key]["displayValue"].replace("\xa0", " ")
               for key in ("first-contentful-paint", "largest-contentful-paint",
                           "total-blocking-time")}
    return scores, timings


def book_section():
    """Each page's weight before scrolling, and Lighthouse where it runs."""
    import threading
    sys.path.insert(0, str(ROOT / "tools" / "book"))
    import page_weight
    lines = ["## The book's pages (build/book/)", ""]
    if not (BOOK / "00_index.html").exists():
        return "\n".join(lines + ["Skipped: no site; run `make book` first."]) + "\n"
    chromium = subprocess.run(["sh", "tests/ui/find_chromium.sh"], cwd=ROOT, text=True,
                              capture_output=True, timeout=600)
    if chromium.returncode != 0:
        return "\n".join(lines + [f"Skipped: {chromium.stderr.strip()}"]) + "\n"
    chromium = chromium.stdout.strip()
    server = page_weight.gzip_server(BOOK)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    from playwright.sync_api import sync_playwright
    pages = sorted(p.relative_to(BOOK).as_posix() for p in BOOK.rglob("*.html")
                   if "_static" not in p.parts and p.name != "index.html")
    lines += [f"What a page loads before its reader scrolls, gzip-compressed, at "
              f"{page_weight.PHONE['width']} and {page_weight.DESKTOP['width']} px wide "
              f"(make test-book's limit: {page_weight.LIMIT_BYTES // 1000} kB).", "",
              "| page | phone (kB) | desktop (kB) | requests (phone) |", "| --- | ---: | ---: | ---: |"]
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium)
            for path in pages:
                phone = page_weight.weigh(browser, base + path, page_weight.PHONE)
                desktop = page_weight.weigh(browser, base + path, page_weight.DESKTOP)
                lines.append(f"| {path} | {page_weight.total(phone) / 1000:.0f} | "
                             f"{page_weight.total(desktop) / 1000:.0f} | {len(phone)} |")
            browser.close()
        if not (LIGHTHOUSE.exists() and subprocess.run(["node", "--version"], capture_output=True).returncode == 0):
            lines += ["", "Lighthouse: skipped (no Node, or no `make book` to install it)."]
            return "\n".join(lines) + "\n"
        lines += ["", "Lighthouse 12 (mobile: simulated slow 4G and a 4x slower CPU), served "
                  "gzip-compressed from 127.0.0.1; scores move with the machine's load.", "",
                  "| page | performance | accessibility | FCP | LCP | TBT |",
                  "| --- | ---: | ---: | ---: | ---: | ---: |"]
        for path in LIGHTHOUSE_PAGES:
            scores, t = lighthouse(chromium, base + path)
            lines.append(f"| {path} | {scores['performance']} | {scores['accessibility']} | "
                         f"{t['first-contentful-paint']} | {t['largest-contentful-paint']} | "
                         f"{t['total-blocking-time']} |")
    finally:
        server.shutdown()
    return "\n".join(lines) + "\n"


def report(args):
    lines = ["# Benchmark: where the time of `make test` goes", "",
             f"{os.cpu_count()} cores; Python {sys.version.split()[0]}; load average "
             f"{os.getloadavg()[0]:.2f} at the start. Medians of {args.nb_runs} kernels per "
             f"notebook, {args.suite_runs} runs of the suite, {args.runs} processes per start-up."]
    if args.suite_only:
        return "\n".join(lines + suite_lines(args.suite_runs)) + "\n"
    if args.book_only:
        return "\n".join(lines + ["", book_section()])
    if args.class_only:
        return "\n".join(lines + [""] + class_section(args.class_sizes)) + "\n"
    lines += ["", "## Notebooks, as nbval runs them (each in a cold kernel)", "",
             "| notebook | kernel start (s) | imports (s) | other cells (s) | total (s) "
             "| `make test NB=` (s) |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, kernel, imports, cells, loop in notebook_rows(args.nb_runs):
        lines.append(f"| {name} | {kernel:.2f} | {imports:.2f} | {cells:.2f} | "
                     f"{kernel + imports + cells:.2f} | {loop:.2f} |")
    startups = dict(startup_rows(args.runs))
    ours = startups["`import d2lutils`"]
    theirs = startups["`from d2l import torch as d2l`"]
    lines += suite_lines(args.suite_runs)
    lines += ["", "## Start-up of one process", "",
              "| process | median (s) |", "| --- | ---: |"]
    lines += [f"| {name} | {seconds:.2f} |" for name, seconds in startups.items()]
    lines += ["", f"`import d2lutils` takes {ours / theirs:.2f}x the time of "
              "`from d2l import torch as d2l`."]
    if args.browser:
        lines += ["", browser_section()]
    if args.class_:
        lines += [""] + class_section(args.class_sizes)
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="processes per start-up row")
    parser.add_argument("--nb-runs", type=int, default=3, help="kernels per notebook")
    parser.add_argument("--suite-runs", type=int, default=3, help="runs of make test, each mode")
    parser.add_argument("--no-browser", dest="browser", action="store_false",
                        help="skip the explorers' latency in JupyterLab")
    parser.add_argument("--suite-only", action="store_true",
                        help="only the whole suite (make bench ARGS=--suite-only)")
    parser.add_argument("--book-only", action="store_true",
                        help="only the book's page weights and Lighthouse (make bench ARGS=--book-only)")
    parser.add_argument("--class-sizes", type=class_sizes, default=[5, 10, 20],
                        help="learners at once on make hub, one run each (5,10,20)")
    parser.add_argument("--no-class", dest="class_", action="store_false",
                        help="skip the class on make hub")
    parser.add_argument("--class-only", action="store_true",
                        help="only the class on make hub (make bench ARGS=--class-only)")
    args = parser.parse_args()
    text = report(args)
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "bench.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
