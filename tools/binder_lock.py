"""Make binder/requirements.txt install torch's CPU build: `make lock` runs this on uv's output.

    python tools/binder_lock.py FILE     # rewrites FILE in place

uv compiles binder/requirements.in for Linux x86_64 from PyPI, where torch is the CUDA build:
torch plus about twenty nvidia-*, cuda-* and triton packages, GBs that a class image on CPU
nodes never uses. uv cannot compile against PyTorch's own index from here (it is not reachable),
so the lock it writes is turned into the CPU build's, which is the same release with the same
dependencies less the CUDA ones:

- an `--extra-index-url` line for PyTorch's CPU index, which pip (and so repo2docker, which
  runs `pip install -r binder/requirements.txt`) reads from the file itself;
- torch pinned to the CPU build's local version, `torch==X+cpu`: PyPI has no such file, so pip
  can only take it from that index (a bare `==X` would also admit PyPI's CUDA build);
- the CUDA packages left out, with whatever only they pull in (uv's `# via` comments say which).
"""

import re
import sys
from pathlib import Path

CPU_INDEX = "https://download.pytorch.org/whl/cpu"
CUDA_PACKAGE = re.compile(r"^(nvidia-.*|cuda-.*|triton)$")
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def blocks(text):
    """The file as its header (comments before the first pin) and one block per pin: the pin's
    line with the `# via` lines under it."""
    header, found = [], []
    for line in text.splitlines(keepends=True):
        if PIN.match(line):
            found.append([line])
        elif found:
            found[-1].append(line)
        else:
            header.append(line)
    return header, found


def via(block):
    """The names a block's `# via` comments give (requirement files and -c lines left out)."""
    names = []
    for line in block[1:]:
        text = line.strip().lstrip("#").strip()
        text = text.removeprefix("via").strip()
        for word in text.split(","):
            word = word.strip()
            if word and not word.startswith(("-r ", "-c ")):
                names.append(word.lower())
    return names


def cpu_build(text):
    """The requirements text for torch's CPU build (see the module's docstring)."""
    header, pins = blocks(text)
    if not any(PIN.match(b[0]).group(1).lower() == "torch" for b in pins):
        raise ValueError("no torch pin in the requirements: nothing to turn into the CPU build")
    name = {id(b): PIN.match(b[0]).group(1).lower() for b in pins}
    dropped = {name[id(b)] for b in pins if CUDA_PACKAGE.match(name[id(b)])}
    changed = True
    while changed:  # and what only the CUDA packages need
        changed = False
        for b in pins:
            parents = via(b)
            if name[id(b)] not in dropped and parents and all(p in dropped for p in parents):
                dropped.add(name[id(b)])
                changed = True
    out = [line for line in header if not line.startswith("--extra-index-url")]
    out.append(f"--extra-index-url {CPU_INDEX}\n")
    for b in pins:
        if name[id(b)] in dropped:
            continue
        pin = PIN.match(b[0])
        if name[id(b)] == "torch":
            version = pin.group(2).split("+")[0]
            b = [f"torch=={version}+cpu" + b[0][pin.end():]] + b[1:]
        kept = [b[0]] + [line for line in b[1:] if not any(
            re.fullmatch(rf"#\s*(via\s+)?{re.escape(d)}", line.strip()) for d in dropped)]
        out.extend(kept)
    return "".join(out)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.splitlines()[2].strip())
    path = Path(sys.argv[1])
    path.write_text(cpu_build(path.read_text()))
