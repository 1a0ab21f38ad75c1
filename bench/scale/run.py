"""Scale benchmark: indexing speed, re-index, memory, query latency in process and over HTTP.

``python -m bench.scale.run --docs 1000|10000|100000 [--work bench/out] [--steps index,query,http]
[--real-pdfs ../shared/corpus/resumes]``
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench.scale import measure
from bench.scale.generate import generate
from bench.scale.load import percentile, run_load
from bench.scale.vocab import queries as make_queries
from indexer.store.generations import current_generation

log = logging.getLogger(__name__)

HOST, PORT = "127.0.0.1", 8765


def latencies(search: Any, queries: list[str], warmup: int = 10) -> dict[str, float]:
    """p50/p95/p99 in ms of ``search(q)`` over *queries*, after a short warm-up."""
    for q in queries[:warmup]:
        search(q)
    times = []
    for q in queries:
        t0 = time.perf_counter()
        search(q)
        times.append((time.perf_counter() - t0) * 1000)
    return {
        "p50_ms": round(percentile(times, 50), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "p99_ms": round(percentile(times, 99), 1),
        "mean_ms": round(sum(times) / len(times), 1),
    }


def in_process(index: Path, queries: list[str]) -> dict[str, Any]:
    """Finder.find_experts (evidence and facets), uncached, next to a bare Whoosh search;
    with the garbage collector set as ``serve`` sets it (``finder.runtime``)."""
    from finder import runtime
    from finder.search import Finder, SearchConfig

    with Finder(index, SearchConfig(cache_size=0)) as finder:
        runtime.tune_gc()
        expert = latencies(lambda q: finder.find_experts(q, limit=10), queries)
    bare = bare_whoosh(index, queries)
    ratio = round(expert["p50_ms"] / bare["p50_ms"], 1) if bare["p50_ms"] else 0.0
    return {"find_experts": expert, "bare_whoosh_docs": bare, "overhead_ratio_p50": ratio}


def bare_whoosh(index: Path, queries: list[str]) -> dict[str, float]:
    """Top-10 OR search over the docs index's body fields, reading each hit's persons.

    A baseline, so whoosh is imported here directly: the floor the finder builds on.
    """
    from whoosh import index as whoosh_index
    from whoosh.qparser import MultifieldParser, OrGroup

    from indexer.store.schema import BODY_FIELDS

    gen = current_generation(index)
    assert gen is not None, f"no index at {index}"
    ix = whoosh_index.open_dir(str(gen / "docs"))
    parser = MultifieldParser(list(BODY_FIELDS.values()), ix.schema, group=OrGroup)
    with ix.searcher() as searcher:
        return latencies(
            lambda q: [h.get("persons") for h in searcher.search(parser.parse(q), limit=10)],
            queries,
        )


def http_bench(
    index: Path,
    queries: list[str],
    work: Path,
    levels: tuple[int, ...],
    max_requests: int,
    max_seconds: float,
    workers: int = 1,
) -> dict[str, Any]:
    """Start ``expertise-finder serve`` with *workers* processes and load it at each
    concurrency level."""
    exe = Path(sys.executable).with_name("expertise-finder")
    cmd = [str(exe), "serve", "--index", str(index), "--host", HOST, "--port", str(PORT)]
    with (work / "serve.log").open("w") as logf:
        # Uncached: the load cycles through the questions, a cache would answer repeats.
        env = {**os.environ, "EXPERTISE_CACHE_SIZE": "0", "EXPERTISE_WORKERS": str(workers)}
        server = subprocess.Popen(cmd, stdout=logf, stderr=subprocess.STDOUT, env=env)
        try:
            started = wait_healthy(server, timeout=120)
            rss_before = measure.tree_rss_kb(server.pid) / 1024
            pss_before = measure.tree_rss_kb(server.pid, measure.pss_kb) / 1024
            # Warm every process up first (its roster, caches, the index pages it reads),
            # as a server that has run a while is; not counted.
            run_load(HOST, PORT, queries, 2 * workers, 50 * workers, max_seconds)
            runs = []
            for clients in levels:
                result = run_load(HOST, PORT, queries, clients, max_requests, max_seconds)
                log.info("HTTP %2d clients: %s", clients, result)
                runs.append(asdict(result))
            rss_after = measure.tree_rss_kb(server.pid) / 1024
            pss_after = measure.tree_rss_kb(server.pid, measure.pss_kb) / 1024
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {
        "startup_s": started,
        "rss_before_mb": round(rss_before, 1),
        "rss_after_mb": round(rss_after, 1),
        "pss_before_mb": round(pss_before, 1),
        "pss_after_mb": round(pss_after, 1),
        "workers": workers,
        "levels": runs,
    }


def wait_healthy(server: subprocess.Popen[bytes], timeout: float) -> float:
    """Seconds until GET /healthz answers 200; raises if the server dies or never answers."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if server.poll() is not None:
            raise RuntimeError(f"server exited with {server.returncode}; see serve.log")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{PORT}/healthz", timeout=2) as r:
                if r.status == 200:
                    return round(time.perf_counter() - start, 2)
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not become healthy")


def markdown(res: dict[str, Any]) -> str:
    """The figures as a markdown table."""
    rows: list[tuple[str, object]] = [("documents", res["docs"])]
    if "full_index" in res:  # a run with the index step happened
        rows += _index_rows(res)
    q = res.get("in_process")
    if q:
        fe, bw = q["find_experts"], q["bare_whoosh_docs"]
        rows += [
            ("find_experts p50/p95/p99 (ms)", f"{fe['p50_ms']} / {fe['p95_ms']} / {fe['p99_ms']}"),
            (
                "bare Whoosh docs p50/p95/p99 (ms)",
                f"{bw['p50_ms']} / {bw['p95_ms']} / {bw['p99_ms']}",
            ),
            ("overhead ratio (p50)", q["overhead_ratio_p50"]),
        ]
    h = res.get("http")
    if h:
        for lv in h["levels"]:
            rows.append(
                (
                    f"HTTP {lv['clients']} clients: req/s, p50/p95/p99 ms, errors",
                    f"{lv['throughput']}, {lv['p50_ms']} / {lv['p95_ms']} / {lv['p99_ms']}, "
                    f"{lv['errors']} of {lv['requests']}",
                )
            )
        rows.append(("server processes (EXPERTISE_WORKERS)", h.get("workers", 1)))
        rows.append(("server RSS before / after", f"{h['rss_before_mb']} / {h['rss_after_mb']} MB"))
        if "pss_after_mb" in h:
            rows.append(("server PSS before / after (shared pages counted once)",
                         f"{h['pss_before_mb']} / {h['pss_after_mb']} MB"))
    return "\n".join(["| measure | value |", "|---|---|", *(f"| {a} | {b} |" for a, b in rows)])


def _index_rows(res: dict[str, Any]) -> list[tuple[str, object]]:
    idx, ext, floor = res["full_index"], res["extraction_only"], res["read_floor"]
    return [
        ("read floor (docs/s)", f"{floor['per_second']}"),
        ("extraction only, 2 processes (docs/s)", f"{ext['per_second']} ({ext['failed']} failed)"),
        ("full index (docs/s)", f"{idx['docs_per_second']} ({idx['seconds']} s)"),
        ("full index, batch time in its report", f"{_rep(idx, 'seconds')} s"),
        (
            "re-index, nothing changed",
            f"{res['unchanged']['seconds']} s "
            f"({res['unchanged']['percent_of_full']}% of full; report "
            f"{_rep(res['unchanged'], 'seconds')} s, {_rep(res['unchanged'], 'unchanged')} "
            "unchanged)",
        ),
        (
            "re-index, 1% changed",
            f"{res['changed_1pct']['seconds']} s (report "
            f"{_rep(res['changed_1pct'], 'seconds')} s, "
            f"{_rep(res['changed_1pct'], 'updated')} updated)",
        ),
        (
            "index size on disk",
            f"{res['index_mb']} MB (current generation {res['generation_mb']} MB)",
        ),
        (
            "indexer peak RSS",
            f"{idx['max_rss_mb']} MB largest process, {idx['tree_rss_mb']} MB process tree",
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    """Entry point: generate (if needed), measure, write JSON, print markdown."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=Path("bench/out"))
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--steps",
        default="index,query,http",
        help="comma-separated subset of index,query,http; skipped steps keep "
        "the figures of the previous run's JSON",
    )
    parser.add_argument("--http-requests", type=int, default=1000, help="per concurrency level")
    parser.add_argument("--http-seconds", type=float, default=60, help="per concurrency level")
    parser.add_argument("--indexer-args", default="", help="extra args for expertise-indexer")
    parser.add_argument("--workers", type=int, default=1, help="server processes (http step)")
    parser.add_argument("--real-pdfs", type=Path, default=None, metavar="DIR",
                        help="PDF CVs and documents copied from DIR (../shared/corpus/resumes): "
                        "indexing measured on real PDFs, in scale-N-real")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    steps = set(args.steps.split(","))
    name = f"scale-{args.docs}" + ("-real" if args.real_pdfs else "")
    work = args.work / name
    share, index = work / "share", work / "index"
    out = args.work / f"{name}.json"
    res: dict[str, Any] = json.loads(out.read_text()) if out.exists() else {}
    res["docs"] = args.docs
    if not (share / "people.csv").exists():
        res["generation"] = generate(share, args.docs, real_pdfs=args.real_pdfs)
        log.info("generated: %s", res["generation"])
    if "index" in steps:
        res |= index_step(share, index, work, args.indexer_args.split())
        out.write_text(json.dumps(res, indent=2, default=str), encoding="utf-8")
    queries = make_queries(args.queries)
    if "query" in steps:
        res["in_process"] = in_process(index, queries)
        out.write_text(json.dumps(res, indent=2, default=str), encoding="utf-8")
    if "http" in steps:
        try:
            res["http"] = http_bench(
                index, queries, work, (1, 8, 32), args.http_requests, args.http_seconds,
                args.workers
            )
        except RuntimeError as exc:  # report what we have; the server's log says why
            log.error("HTTP bench failed: %s", exc)
            res.pop("http", None)
    out.write_text(json.dumps(res, indent=2, default=str), encoding="utf-8")
    print(markdown(res))
    return 0


def index_step(share: Path, index: Path, work: Path, extra: list[str]) -> dict[str, Any]:
    """Floors, full index, unchanged and 1%-changed re-index, sizes."""
    res: dict[str, Any] = {}
    files = measure.share_files(share)
    res["read_floor"] = _pass(measure.read_floor(files))
    log.info("read floor: %s", res["read_floor"])
    res["extraction_only"] = _pass(measure.extraction_only(files))
    log.info("extraction only: %s", res["extraction_only"])
    shutil.rmtree(index, ignore_errors=True)
    full = measure.run_indexer(share, index, work / "report-full.json", full=True, extra=extra)
    res["full_index"] = asdict(full) | {"docs_per_second": round(len(files) / full.seconds, 1)}
    log.info("full index: %s s, exit %s", full.seconds, full.exit_code)
    same = measure.run_indexer(share, index, work / "report-same.json", full=False, extra=extra)
    res["unchanged"] = asdict(same) | {
        "percent_of_full": round(100 * same.seconds / full.seconds, 1)
    }
    log.info("unchanged re-index: %s s", same.seconds)
    changed = measure.change_files(files, 0.01)
    one = measure.run_indexer(share, index, work / "report-1pct.json", full=False, extra=extra)
    res["changed_1pct"] = asdict(one) | {"files_changed": len(changed)}
    log.info("1%% changed re-index: %s s", one.seconds)
    res["index_mb"] = measure.dir_size_mb(index)
    gen = current_generation(index)
    res["generation_mb"] = measure.dir_size_mb(gen) if gen else 0.0
    return res


def _rep(run: dict[str, Any], key: str) -> object:
    value = run.get("report", {}).get(key, "?")
    return round(value, 2) if isinstance(value, float) else value


def _pass(p: measure.Pass) -> dict[str, Any]:
    return asdict(p) | {"per_second": p.per_second}


if __name__ == "__main__":
    raise SystemExit(main())
