"""The CLI's cold start (issue 16's target: `expertise-finder search … --json` <= 1.0 s).

Each run is a fresh process, as a shell starts it, timed from spawn to exit, on the demo
organisation (generated and indexed in a temp dir unless --index names one):

- shipped: the installed command as it is, with the precomputed language data;
- slow path: the same, with ``indexer.language.precomputed.read`` finding nothing, so
  the thesaurus and the concept bridge are computed from the ESCO files at start, as
  every start did before.

Runs alternate between the two so that other work on the machine weighs on both alike;
the CPU time of each process is given too, as it depends less on that other work.

    .venv/bin/python -m bench.coldstart [--runs 10] [--index DIR] [--query wondzorg]
"""

from __future__ import annotations

import argparse
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from indexer.batch import run_batch
from indexer.demo import DEFAULT_TODAY, generate_demo

# The slow path: the same entry point, with the precomputed files never found.
SLOW = ("import sys; import indexer.language.precomputed as p; p.read = lambda *a: None; "
        "from finder.cli import main; sys.exit(main(sys.argv[1:]))")


def command(query: str, index: Path) -> list[str]:
    """The shipped command line, as an operator would type it."""
    exe = shutil.which("expertise-finder", path=str(Path(sys.executable).parent))
    return [exe or "expertise-finder", "search", "--index", str(index), "--json", query]


def timed(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one fresh process running *argv* to the end
    (its output dropped). CPU time shows the work even when the machine is shared."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def p95(values: list[float]) -> float:
    """The 95th percentile, by the nearest rank (the largest of 10 runs)."""
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def measure(query: str, index: Path, runs: int) -> dict[str, list[tuple[float, float]]]:
    shipped = command(query, index)
    slow = [sys.executable, "-c", SLOW, *shipped[1:]]
    timed(shipped)  # the first run compiles bytecode and fills the page cache: not counted
    out: dict[str, list[tuple[float, float]]] = {"shipped": [],
                                                 "slow path (no precomputed data)": []}
    for _ in range(runs):
        out["shipped"].append(timed(shipped))
        out["slow path (no precomputed data)"].append(timed(slow))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="fresh processes per variant")
    parser.add_argument("--index", type=Path, help="an index directory (default: the demo)")
    parser.add_argument("--query", default="wondzorg")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        index = args.index
        if index is None:
            demo = generate_demo(Path(tmp) / "share", DEFAULT_TODAY)
            index = Path(tmp) / "index"
            run_batch(demo.target, index, today=DEFAULT_TODAY)
        figures = measure(args.query, index, args.runs)
        shown = command(args.query, Path("DIR"))
        shown[0] = os.path.relpath(shown[0])
        print(f"`{shlex.join(shown)}`, {args.runs} fresh processes each, alternating; "
              f"load average {os.getloadavg()[0]:.1f} at the end\n")
        print("| configuration | median | p95 | min | CPU median |\n|---|---|---|---|---|")
        for name, runs in figures.items():
            wall = [w for w, _ in runs]
            print(f"| {name} | {statistics.median(wall):.2f} s | {p95(wall):.2f} s | "
                  f"{min(wall):.2f} s | {statistics.median(c for _, c in runs):.2f} s |")


if __name__ == "__main__":
    main()
