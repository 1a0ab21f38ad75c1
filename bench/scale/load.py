"""A small bounded HTTP load generator: N threads with keep-alive connections, stdlib only."""

from __future__ import annotations

import http.client
import itertools
import math
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class LoadResult:
    """Throughput, latency percentiles and errors of one load level."""

    clients: int
    requests: int
    errors: int
    seconds: float
    throughput: float  # successful requests per second
    p50_ms: float
    p95_ms: float
    p99_ms: float
    error_samples: tuple[str, ...]


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of *values*; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(p / 100 * len(ordered))))
    return ordered[rank - 1]


def run_load(
    host: str,
    port: int,
    queries: Sequence[str],
    clients: int,
    max_requests: int,
    max_seconds: float,
    path: str = "/api/search",
    limit: int = 10,
) -> LoadResult:
    """GET path?q=...&limit= from *clients* threads until either bound is reached."""
    # Threads + http.client rather than asyncio: the server does the work; a
    # blocking client per connection is enough to keep 32 requests in flight.
    budget = itertools.count()
    next_query = itertools.cycle(queries).__next__
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.perf_counter() + max_seconds

    def worker() -> None:
        conn = http.client.HTTPConnection(host, port, timeout=30)
        while time.perf_counter() < deadline:
            with lock:
                if next(budget) >= max_requests:
                    break
                q = next_query()
            url = f"{path}?{urlencode({'q': q, 'limit': limit})}"
            t0 = time.perf_counter()
            try:
                conn.request("GET", url)
                resp = conn.getresponse()
                resp.read()
                ok, why = resp.status == 200, f"HTTP {resp.status} for {q!r}"
            except (OSError, http.client.HTTPException) as exc:
                ok, why = False, f"{type(exc).__name__}: {exc}"
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
            elapsed = time.perf_counter() - t0
            with lock:
                (latencies.append(elapsed * 1000) if ok else errors.append(why))
        conn.close()

    start = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    return LoadResult(
        clients=clients,
        requests=len(latencies) + len(errors),
        errors=len(errors),
        seconds=round(seconds, 2),
        throughput=round(len(latencies) / seconds, 1),
        p50_ms=round(percentile(latencies, 50), 1),
        p95_ms=round(percentile(latencies, 95), 1),
        p99_ms=round(percentile(latencies, 99), 1),
        error_samples=tuple(errors[:5]),
    )
