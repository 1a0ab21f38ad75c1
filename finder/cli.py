"""expertise-finder: search from the command line, or serve the intranet app."""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
from pathlib import Path
from typing import Any

from finder.query import QueryError
from finder.settings import Settings
from indexer.store import IndexMissing


def main(argv: list[str] | None = None) -> int:
    """Entry point: ``search`` prints results, ``serve`` runs the app."""
    parser = argparse.ArgumentParser(prog="expertise-finder",
                                     description="Wie weet er iets van X? Find colleagues.")
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("search", help="rank colleagues for a question")
    s.add_argument("query")
    s.add_argument("--index", type=Path, help="index directory (default: $EXPERTISE_INDEX)")
    s.add_argument("--limit", type=int, default=10)
    s.add_argument("--department", default=None)
    s.add_argument("--json", action="store_true", help="print the JSON of the API")
    v = sub.add_parser("serve", help="serve the intranet page and JSON API")
    v.add_argument("--index", type=Path, help="index directory (default: $EXPERTISE_INDEX)")
    v.add_argument("--host", default=None)
    v.add_argument("--port", type=int, default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env()
    if args.index:
        settings = dataclasses.replace(settings, index=args.index)
    if args.command == "serve":
        return _serve(settings, args)
    return _search(settings, args)


def _search(settings: Settings, args: argparse.Namespace) -> int:
    from finder.search import Finder

    try:
        with Finder(settings.index, settings.search_config()) as finder:
            results = finder.find_experts(args.query, limit=max(1, min(args.limit, 100)),
                                          department=args.department)
    except QueryError as exc:
        print(f"expertise-finder: {exc}", file=sys.stderr)
        return 2
    except IndexMissing as exc:
        print(f"expertise-finder: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(results_json(results), ensure_ascii=False, indent=2))
    else:
        for i, e in enumerate(results.experts, start=1):
            print(f"{i:2}. {e.name} ({e.department}) {e.score:.3f}")
            for ev in e.evidence:
                print(f"      {ev.kind}: {ev.document}" + (f" [{ev.validity}]" if ev.validity
                                                         else ""))
        print(f"{results.total} colleague(s)")
    return 0


def results_json(results: Any) -> dict[str, Any]:
    """The API's JSON shape (BRIEF contract), shared by the CLI and the app."""
    data = dataclasses.asdict(results)
    return {"query": data["query"], "total": data["total"], "offset": data["offset"],
            "limit": data["limit"], "suggestion": data["suggestion"],
            "facets": data["facets"], "experts": data["experts"]}


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from finder.app import create_app

    host = args.host or settings.host
    port = args.port or settings.port
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
    return 0


if __name__ == "__main__":
    sys.exit(main())
