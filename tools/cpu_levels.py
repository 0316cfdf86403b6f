"""Run a command at each level of vector instructions this CPU has (make test-cpus).

    python tools/cpu_levels.py [--level NAME] [--list] [--guard] COMMAND ...

torch, NumPy and XLA (JAX) each pick, when they start, the widest vector
instructions the CPU has (on x86-64: AVX2, AVX-512), and the last bit of a
float32 sine, sigmoid or sum can change with them. A learner's laptop may have
fewer than the machine that recorded the outputs, so `make test-cpus` runs the
notebooks again as such a laptop would: each library held down to a level by
its own switch, set in the environment of the command.

* baseline: torch's plain C++ kernels (ATEN_CPU_CAPABILITY=default), NumPy
  without its optional dispatch (NPY_DISABLE_CPU_FEATURES: every dispatched
  feature this CPU has), XLA without fused multiply-add (--xla_cpu_max_isa=AVX,
  the least jaxlib runs on);
* avx2: torch's AVX2 kernels, NumPy up to X86_V3, XLA up to AVX2;
* avx512: everything at the CPU's own level, nothing set.

Only the levels this CPU can run are listed (the last is always its own).
Without --level the command runs at each of them in turn; the exit status is
1 if it failed at any. --guard is make outputs' check of what it has just
recorded at the CPU's own level: the command (nbval on those notebooks) runs
at the baseline only, and a failure is a warning that names the outputs that
depend on the CPU; the exit status stays 0, as the outputs are recorded.
Nothing here changes how a learner's notebook runs: the library and the
notebooks never set these variables.
"""

import argparse
import os
import platform
import subprocess
import sys

X86 = platform.machine().lower() in ("x86_64", "amd64")
# torch's levels, lowest first, as ATEN_CPU_CAPABILITY names them.
TORCH_LEVELS = ["default", "avx2", "avx512"] if X86 else ["default"]
# The most XLA may use at each level (--xla_cpu_max_isa); on other CPUs XLA is left alone.
XLA_ISA = {"default": "AVX", "avx2": "AVX2"} if X86 else {}
NAMES = {"default": "baseline"}
NOTHING_COLLECTED = 5  # pytest's exit status when there is no test


def torch_level():
    """torch's own level on this CPU, as ATEN_CPU_CAPABILITY names it ('avx512', 'default', ...)."""
    import torch
    return torch.backends.cpu.get_cpu_capability().lower()


def numpy_dispatched():
    """The optional features NumPy dispatches to on this CPU (X86_V3, X86_V4, AVX512_ICL, ...)."""
    try:
        from numpy._core import _multiarray_umath as umath
    except ImportError:  # NumPy 1.x
        from numpy.core import _multiarray_umath as umath
    found = umath.__cpu_features__
    return [name for name in umath.__cpu_dispatch__ if found.get(name)]


def above_avx2(feature):
    return "512" in feature or feature in ("X86_V4", "AVX10")


def levels():
    """[(name, environment settings)] for each level this CPU has, lowest first."""
    own = torch_level()
    if own not in TORCH_LEVELS:  # a CPU whose own level has another name (aarch64's sve256, ...)
        order = TORCH_LEVELS + [own]
    else:
        order = TORCH_LEVELS[:TORCH_LEVELS.index(own) + 1]
    dispatched = numpy_dispatched()
    result = []
    for level in order:
        if level == order[-1]:  # the CPU's own level: nothing held down
            result.append((NAMES.get(level, level), {}))
            continue
        settings = {"ATEN_CPU_CAPABILITY": level}
        off = [f for f in dispatched if level == "default" or above_avx2(f)]
        if off:
            settings["NPY_DISABLE_CPU_FEATURES"] = " ".join(off)
        if level in XLA_ISA:
            settings["XLA_FLAGS"] = f"--xla_cpu_max_isa={XLA_ISA[level]}"
        result.append((NAMES.get(level, level), settings))
    return result


def environment(settings):
    """os.environ with the settings of a level; XLA_FLAGS the user set are kept, ours added."""
    env = dict(os.environ)
    for key, value in settings.items():
        if key == "XLA_FLAGS" and env.get(key):
            value = f"{env[key]} {value}"
        env[key] = value
    return env


def describe(settings):
    return " ".join(f"{key}='{value}'" for key, value in settings.items()) or "nothing held down"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--level", help="run at this level only (baseline, avx2, avx512, ...)")
    parser.add_argument("--guard", action="store_true",
                        help="at the baseline only; a failure is a warning, exit 0")
    parser.add_argument("--list", action="store_true", help="print the levels and exit")
    parser.add_argument("--name", default="make test-cpus", help="how to sign what is printed")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    known = levels()
    if args.list:
        for name, settings in known:
            print(f"{name}: {describe(settings)}")
        return 0
    if not args.command:
        parser.error("give the command to run")
    chosen = known
    if args.guard:
        if len(known) == 1:
            print(f"{args.name}: this CPU has only the baseline level, so the outputs just "
                  "recorded are not compared at another (make test-cpus does that on a CPU "
                  "with AVX2)", flush=True)
            return 0
        chosen = known[:1]
    elif args.level:
        chosen = [(name, settings) for name, settings in known if name == args.level]
        if not chosen:
            sys.exit(f"{args.name}: this CPU has no level {args.level!r}; it has "
                     + ", ".join(name for name, _ in known))
    passed, failed = [], []
    for name, settings in chosen:
        print(f"{args.name}: level {name} ({describe(settings)})", flush=True)
        code = subprocess.call(args.command, env=environment(settings))
        # pytest's 5: nothing collected (a notebook with no code cell), so nothing can differ.
        (passed if code in (0, NOTHING_COLLECTED) else failed).append(name)
    if args.guard:
        if failed:
            print(f"{args.name}: WARNING: the outputs that failed above differ when the "
                  f"notebook runs on a CPU without {known[-1][0]}: they depend on the CPU, so "
                  "a learner's run would not match them. Compute what they show so that the "
                  "last bit of a float cannot reach it (CONTRIBUTING.md, Outputs on every CPU).",
                  file=sys.stderr, flush=True)
        else:
            print(f"{args.name}: the outputs recorded are the same at the baseline level",
                  flush=True)
        return 0
    print(f"{args.name}: passed at {', '.join(passed) or 'no level'}"
          + (f"; failed at {', '.join(failed)}" if failed else ""), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
