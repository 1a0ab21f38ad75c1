"""Hostile content and hostile load, measured in one run (issue 13's targets).

1. Batch time per hostile file: each file alone in a one-colleague share, minus the same
   batch without it (target: < 2 s each).
2. The served app (``expertise-finder serve`` in its own process, result cache off):
   8 clients repeat the worst query (one word, matched 33,000 times in one 330 KB
   document) while a ninth asks /healthz every 50 ms (targets: query <= 0.5 s alone,
   /healthz <= 100 ms throughout).

    .venv/bin/python -m bench.hostile [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from indexer.batch import run_batch

WORD = "decubitus"


def hostile_files() -> dict[str, Callable[[], str]]:
    """Name -> text of each file, made when needed (some are megabytes)."""
    letters = random.Random(13)
    return {
        "one word repeated, 330 KB": lambda: f"{WORD} " * 33_000,
        '"a:" repeated, 4 MB': lambda: "a:" * 2_000_000,
        '"a:" repeated, 8 MB': lambda: "a:" * 4_000_000,
        "one run of letters, 6 KB": lambda: "".join(letters.choices(string.ascii_lowercase,
                                                                    k=6_000)),
        "digits, 8 MB": lambda: "1234567890" * 800_000,
        '"1 " repeated, 8 MB': lambda: "1 " * 4_000_000,
        '"@" repeated, 8 MB': lambda: "@" * 8_000_000,
        "dots and spaces, 8 MB": lambda: ". " * 4_000_000,
    }


def share_with(root: Path, text: str | None) -> Path:
    share = root / "share"
    (share / "p1").mkdir(parents=True)
    (share / "people.csv").write_text("id,name,email\np1,Anna de Vries,anna@zorg.example\n",
                                      encoding="utf-8")
    (share / "p1" / "cv.txt").write_text("Anna kent wondzorg en decubitus.\n", encoding="utf-8")
    if text is not None:
        (share / "p1" / "hostile.txt").write_text(text, encoding="utf-8")
    return share


def batch_seconds(text: str | None) -> tuple[float, str]:
    with tempfile.TemporaryDirectory() as tmp:
        share = share_with(Path(tmp), text)
        started = time.perf_counter()
        report = run_batch(share, Path(tmp) / "ix", workers=1)
        seconds = time.perf_counter() - started
        failed = [f.reason for f in report.failed]
    return seconds, ("failed: " + ", ".join(failed)) if failed else "indexed"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
    return time.perf_counter() - started


def load(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        share = share_with(Path(tmp), f"{WORD} " * 33_000)
        run_batch(share, Path(tmp) / "ix", workers=1)
        port = free_port()
        env = {**os.environ, "EXPERTISE_INDEX": str(Path(tmp) / "ix"),
               "EXPERTISE_CACHE_SIZE": "0", "EXPERTISE_PORT": str(port)}
        server = subprocess.Popen([str(Path(sys.executable).parent / "expertise-finder"),
                                   "serve"], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    get(base + "/healthz")
                    break
                except OSError:
                    time.sleep(0.1)
            search = f"{base}/api/search?q={WORD}"
            get(search)  # warm
            alone = [get(search) for _ in range(rounds)]
            queries: list[float] = []
            health: list[float] = []
            done = threading.Event()

            def client() -> None:
                for _ in range(rounds):
                    queries.append(get(search))

            def prober() -> None:  # curl, so the clients' GIL in this process is not measured
                while not done.is_set():
                    out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w",
                                          "%{time_total}", base + "/healthz"],
                                         capture_output=True, text=True, check=True).stdout
                    health.append(float(out))
                    time.sleep(0.05)

            clients = [threading.Thread(target=client) for _ in range(8)]
            probe = threading.Thread(target=prober)
            probe.start()
            for c in clients:
                c.start()
            for c in clients:
                c.join()
            done.set()
            probe.join()
        finally:
            server.terminate()
            server.wait(10)
    print(f"\nworst query alone: median {statistics.median(alone):.3f} s, "
          f"max {max(alone):.3f} s ({rounds} requests)")
    print(f"8 clients at once: median {statistics.median(queries):.3f} s, "
          f"max {max(queries):.3f} s ({len(queries)} requests)")
    print(f"/healthz meanwhile: median {1000 * statistics.median(health):.1f} ms, "
          f"max {1000 * max(health):.1f} ms ({len(health)} requests)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="requests per client")
    args = parser.parse_args()
    base, _ = batch_seconds(None)
    print(f"batch without a hostile file: {base:.2f} s")
    print("| file | batch time added | outcome |\n|---|---|---|")
    for name, make in hostile_files().items():
        seconds, outcome = batch_seconds(make())
        print(f"| {name} | {max(0.0, seconds - base):.2f} s | {outcome} |", flush=True)
    load(args.rounds)


if __name__ == "__main__":
    main()
