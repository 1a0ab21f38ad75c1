"""A bounded soak of the running app: mixed queries for N seconds; server RSS and open files.

``python -m bench.soak [--seconds 600] [--index DIR [--share SHARE]] [--url URL --pid PID]
[--threads 4] [--reindex-every S] [--json OUT]``

Without ``--url`` it serves ``--index`` itself (``expertise-finder serve`` in a
subprocess on a free port); without ``--index`` it first builds the demo
organisation in a temporary directory. Every 10 s it samples the server's
resident memory (VmRSS) and open file descriptors from /proc, and at the end
says whether either grew: searchers and readers that are never closed show up
as a climbing descriptor count, long before memory runs out. With
``--reindex-every`` a full re-index runs now and then, so retired generations
must be let go too. Reports, never asserts (see bench/README conventions).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

SAMPLE_EVERY = 10.0
QUERIES = (
    "wondzorg",
    "reanimatie",
    "BLS",
    "diabetes",
    "dementie",
    "palliatieve zorg",
    '"palliatieve zorg"',
    "wondzorg NOT decubitus",
    "kind:certificate BLS",
    "dept:ICT python",
    "informatiebeveiliging",
    "wondzrg",
    "valpreventie OR ouderenzorg",
    "fysiotherapie",
    "wound care",
    "nurse",
    "ICT",
    "(",
    "NOT",
    "é AND",
)
PREFIXES = ("wond", "rea", "dia", "pal", "fys", "inf")


@dataclass
class Sample:
    """One reading of the server process."""

    seconds: float
    rss_mb: float
    fds: int
    requests: int
    errors: int


@dataclass
class Soak:
    """What a soak run measured."""

    seconds: float
    threads: int
    requests: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    reindexes: int = 0
    samples: list[Sample] = field(default_factory=list)
    rss_grew: bool = False
    fds_grew: bool = False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _proc_reading(pid: int) -> tuple[float, int]:
    rss_kb = 0
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                rss_kb = int(line.split()[1])
    return rss_kb / 1024, len(os.listdir(f"/proc/{pid}/fd"))


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        exc.read()
        return int(exc.code)


def _next_url(base: str, rng: random.Random, people: list[str]) -> str:
    """One request of the mix: mostly searches, some suggestions, profiles and pages."""
    roll = rng.random()
    q = rng.choice(QUERIES)
    if roll < 0.55:
        return f"{base}/api/search?{urllib.parse.urlencode({'q': q})}"
    if roll < 0.70:
        return f"{base}/api/suggest?{urllib.parse.urlencode({'q': rng.choice(PREFIXES)})}"
    if roll < 0.82 and people:
        return f"{base}/api/people/{rng.choice(people)}"
    if roll < 0.92:
        return f"{base}/?{urllib.parse.urlencode({'q': q})}"
    return f"{base}/people/{rng.choice(people)}" if people else f"{base}/healthz"


def _people(base: str) -> list[str]:
    found: set[str] = set()
    for q in ("zorg", "ICT", "BLS", "dementie"):
        try:
            with urllib.request.urlopen(f"{base}/api/search?q={q}&limit=50", timeout=30) as r:
                found |= {e["person_id"] for e in json.loads(r.read())["experts"]}
        except (urllib.error.URLError, KeyError, ValueError):
            continue
    return sorted(found)


def soak(
    base: str,
    pid: int,
    seconds: float,
    threads: int = 4,
    reindex: list[str] | None = None,
    reindex_every: float = 0.0,
) -> Soak:
    """Hammer *base* for *seconds* with *threads* clients while sampling process *pid*."""
    result = Soak(seconds=seconds, threads=threads)
    people = _people(base)
    statuses: Counter[str] = Counter()
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    started = time.monotonic()

    def client(seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < deadline:
            url = _next_url(base, rng, people)
            t0 = time.perf_counter()
            try:
                status = str(_get(url))
            except (urllib.error.URLError, OSError) as exc:
                status = type(exc).__name__
            with lock:
                statuses[status] += 1
                latencies.append(time.perf_counter() - t0)

    workers = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(threads)]
    for w in workers:
        w.start()
    next_sample = next_reindex = time.monotonic()
    if reindex_every:
        next_reindex += reindex_every
    while True:
        now = time.monotonic()
        if now >= next_sample:
            rss, fds = _proc_reading(pid)
            with lock:
                done = sum(statuses.values())
                bad = sum(n for s, n in statuses.items() if not s.isdigit() or s.startswith("5"))
            result.samples.append(Sample(round(now - started, 1), round(rss, 1), fds, done, bad))
            print(
                f"{now - started:6.0f} s  rss {rss:7.1f} MB  fds {fds:4d}  "
                f"requests {done:7d}  errors {bad}",
                flush=True,
            )
            next_sample += SAMPLE_EVERY
        if reindex and reindex_every and now >= next_reindex:
            subprocess.run(reindex, check=False, capture_output=True)
            result.reindexes += 1
            next_reindex = time.monotonic() + reindex_every
        if now >= deadline:
            break
        time.sleep(min(0.5, max(0.0, deadline - now)))
    for w in workers:
        w.join(timeout=60)
    result.statuses = dict(sorted(statuses.items()))
    result.requests = sum(statuses.values())
    result.errors = sum(n for s, n in statuses.items() if not s.isdigit() or s.startswith("5"))
    rss, fds = _proc_reading(pid)
    result.samples.append(
        Sample(
            round(time.monotonic() - started, 1), round(rss, 1), fds, result.requests, result.errors
        )
    )
    if latencies:
        ordered = sorted(latencies)
        result.p50_ms = round(1000 * statistics.median(ordered), 1)
        result.p95_ms = round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 1)
    result.rss_grew, result.fds_grew = _grew(result.samples)
    return result


def _grew(samples: list[Sample]) -> tuple[bool, bool]:
    """Compare the first and last quarter after warm-up (the first sample is a cold start)."""
    warm = samples[1:] if len(samples) > 4 else samples
    quarter = max(1, len(warm) // 4)
    rss0 = statistics.median(s.rss_mb for s in warm[:quarter])
    rss1 = statistics.median(s.rss_mb for s in warm[-quarter:])
    fd0 = statistics.median(s.fds for s in warm[:quarter])
    fd1 = statistics.median(s.fds for s in warm[-quarter:])
    # Allocator noise and a cache filling up are not a leak: 10 % and 8 MB, or 5 descriptors.
    return rss1 > rss0 * 1.10 and rss1 - rss0 > 8, fd1 - fd0 > 5


def _demo(root: Path) -> tuple[Path, Path]:
    from indexer.batch import run_batch
    from indexer.demo import generate_demo

    share, index = root / "share", root / "index"
    generate_demo(share)
    run_batch(share, index, workers=1)
    return share, index


def main(argv: list[str] | None = None) -> int:
    """Run the soak and print the figures; exit 0 whatever they show."""
    p = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    p.add_argument("--seconds", type=float, default=600.0, help="how long (default 10 minutes)")
    p.add_argument("--threads", type=int, default=4, help="concurrent clients")
    p.add_argument("--index", type=Path, help="index to serve (default: build the demo)")
    p.add_argument("--share", type=Path, help="share of --index, for --reindex-every")
    p.add_argument("--url", help="an app that is already running (needs --pid)")
    p.add_argument("--pid", type=int, help="process id of the app behind --url")
    p.add_argument(
        "--reindex-every",
        type=float,
        default=0.0,
        help="run a full re-index this often (seconds; 0 = never)",
    )
    p.add_argument("--json", type=Path, help="also write the figures here")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    tmp = tempfile.TemporaryDirectory(prefix="soak-")
    server: subprocess.Popen[bytes] | None = None
    try:
        share, index = args.share, args.index
        if args.url:
            if not args.pid:
                p.error("--url needs --pid (the server's process id, for /proc)")
            base, pid = args.url.rstrip("/"), args.pid
        else:
            if index is None:
                print("building the demo organisation ...", flush=True)
                share, index = _demo(Path(tmp.name))
            port = _free_port()
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "finder.cli",
                    "serve",
                    "--index",
                    str(index),
                    "--port",
                    str(port),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            base, pid = f"http://127.0.0.1:{port}", server.pid
            _wait_for(base + "/healthz", server)
        reindex = (
            [
                sys.executable,
                "-m",
                "indexer.cli",
                str(share),
                "--index",
                str(index),
                "--full",
                "--workers",
                "1",
            ]
            if share and index
            else None
        )
        result = soak(base, pid, args.seconds, args.threads, reindex, args.reindex_every)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        tmp.cleanup()
    _print(result)
    if args.json:
        args.json.write_text(json.dumps(asdict(result), indent=1), encoding="utf-8")
    return 0


def _wait_for(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode}")
        try:
            if _get(url) == 200:
                return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not answer /healthz within 60 s")


def _print(r: Soak) -> None:
    first, last = r.samples[1] if len(r.samples) > 1 else r.samples[0], r.samples[-1]
    rss_max = max(s.rss_mb for s in r.samples)
    fd_max = max(s.fds for s in r.samples)
    print(
        f"\n{r.requests} requests in {r.seconds:.0f} s from {r.threads} clients "
        f"({r.requests / max(r.seconds, 1):.0f}/s), {r.reindexes} re-index(es)"
    )
    print(f"status codes: {r.statuses}; errors (5xx or no answer): {r.errors}")
    print(f"latency p50 {r.p50_ms} ms, p95 {r.p95_ms} ms")
    print(
        f"RSS  {first.rss_mb:.1f} -> {last.rss_mb:.1f} MB (max {rss_max:.1f}): "
        f"{'GREW' if r.rss_grew else 'no growth'}"
    )
    print(f"FDs  {first.fds} -> {last.fds} (max {fd_max}): {'GREW' if r.fds_grew else 'no growth'}")


if __name__ == "__main__":
    sys.exit(main())
