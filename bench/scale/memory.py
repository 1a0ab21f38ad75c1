"""Server memory under load: ``expertise-finder serve`` RSS before and after N clients.

``python -m bench.scale.memory INDEX [--clients 32] [--seconds 40] [VAR=VALUE ...]``

Uncached (``EXPERTISE_CACHE_SIZE=0``), the scale benchmark's questions; extra
``VAR=VALUE`` pairs go into the server's environment (``MALLOC_ARENA_MAX=2``) to compare
allocator settings side by side.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from bench.scale import measure
from bench.scale.load import run_load
from bench.scale.run import HOST, PORT, wait_healthy
from bench.scale.vocab import queries as make_queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("env", nargs="*", metavar="VAR=VALUE")
    args = parser.parse_args()
    env = {**os.environ, "EXPERTISE_CACHE_SIZE": "0",
           **dict(pair.split("=", 1) for pair in args.env)}
    exe = Path(sys.executable).with_name("expertise-finder")
    cmd = [str(exe), "serve", "--index", str(args.index), "--host", HOST, "--port", str(PORT)]
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        wait_healthy(server, timeout=120)
        before = measure.tree_rss_kb(server.pid) // 1024
        result = run_load(HOST, PORT, make_queries(200), args.clients, 10_000, args.seconds)
        after = measure.tree_rss_kb(server.pid) // 1024
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"| {' '.join(args.env) or '(defaults)'} | {before} / {after} MB | "
          f"{result.throughput} | {result.p95_ms} ms | {result.errors} errors |")


if __name__ == "__main__":
    main()
