"""expertise-finder: search from the command line, serve the intranet app, or list certificates."""

from __future__ import annotations

import argparse
import dataclasses
import errno
import html
import json
import logging
import os
import re
import socket
import sys
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from finder.query import DOCUMENT_KINDS, QueryError
from finder.settings import PREFIX, SettingError, Settings
from finder.web.openapi import MAX_LIMIT
from indexer.store import IndexMissing

PROG = "expertise-finder"
EXIT_SIGPIPE = 128 + 13  # what a shell reports for a command killed by SIGPIPE
VALIDITY = {"valid": "valid until", "expiring": "expiring", "expired": "expired"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")  # nothing from a document may drive the terminal


def main(argv: list[str] | None = None) -> int:
    """Entry point: ``search`` prints results, ``serve`` runs the app."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings.from_env()
        if args.index:
            settings = dataclasses.replace(settings, index=args.index)
    except SettingError as exc:
        return _fail(exc)
    if args.command == "serve":
        return _serve(settings, args)
    if args.command == "certificates":
        return _certificates(settings, args)
    return _search(settings, args)


def certificates_command(argv: list[str]) -> int:
    """``expertise-indexer certificates …``: the same command, offered to HR's batch tool."""
    return main(["certificates", *argv])


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG,
                                     description="Wie weet er iets van X? Find colleagues.")
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("search", help="rank colleagues for a question")
    s.add_argument("query")
    s.add_argument("--index", type=Path, help="index directory (default: $EXPERTISE_INDEX)")
    s.add_argument("--limit", type=_whole(1, MAX_LIMIT), default=None,
                   help=f"colleagues to show, 1-{MAX_LIMIT} (default: $EXPERTISE_PAGE_SIZE)")
    s.add_argument("--department", default=None, help="only colleagues of this department")
    s.add_argument("--location", default=None, help="only colleagues at this location")
    s.add_argument("--kind", choices=DOCUMENT_KINDS, default=None,
                   help="only evidence of this kind")
    s.add_argument("--valid-only", action="store_true",
                   help="only valid certificates count")
    s.add_argument("--json", action="store_true", help="print the JSON of the API")
    c = sub.add_parser("certificates", help="every colleague's certificates and the "
                       "required ones they lack, as CSV (for cron)")
    c.add_argument("--index", type=Path, help="index directory (default: $EXPERTISE_INDEX)")
    c.add_argument("--expiring", type=_whole(0, 3650), default=None, metavar="DAYS",
                   help="'expiring' within DAYS (default: $EXPERTISE_EXPIRING_DAYS)")
    c.add_argument("--csv", type=Path, default=None, metavar="FILE",
                   help="write the CSV here and print a summary (default: CSV on stdout)")
    c.add_argument("--requirements", default=None, metavar="FILE",
                   help="required certificates (default: $EXPERTISE_REQUIREMENTS)")
    c.add_argument("--lang", choices=("nl", "en"), default=None,
                   help="header and status language (default: $EXPERTISE_LANGUAGE)")
    v = sub.add_parser("serve", help="serve the intranet page and JSON API")
    v.add_argument("--index", type=Path, help="index directory (default: $EXPERTISE_INDEX)")
    v.add_argument("--host", default=None, help="address (default: $EXPERTISE_HOST)")
    v.add_argument("--port", type=_whole(1, 65535), default=None,
                   help="port (default: $EXPERTISE_PORT)")
    return parser


def _whole(lo: int, hi: int) -> Callable[[str], int]:
    """An argparse type: a whole number from lo to hi, else a usage error (exit 2)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{value} is not between {lo} and {hi}")
        return value
    return parse


def _fail(exc: Exception) -> int:
    print(f"{PROG}: {exc}", file=sys.stderr)
    return 2


def _search(settings: Settings, args: argparse.Namespace) -> int:
    from finder.search import Finder, results_json

    try:
        with Finder(settings.index, settings.search_config()) as finder:
            results = finder.find_experts(
                args.query, limit=args.limit or settings.page_size,
                department=args.department, location=args.location, kind=args.kind,
                valid_only=args.valid_only)
    except (QueryError, IndexMissing) as exc:
        return _fail(exc)
    if args.json:
        return _write(json.dumps(results_json(results), ensure_ascii=False, indent=2) + "\n")
    return _write(results_text(results))


def _certificates(settings: Settings, args: argparse.Namespace) -> int:
    from datetime import date

    from finder import exports, passport
    from finder.requirements import CertificateNames
    from finder.search import Finder
    from finder.web.assets import locate
    from finder.web.i18n import load_catalogs

    try:
        if args.requirements is not None:
            settings = dataclasses.replace(settings, requirements=args.requirements)
        rules = settings.requirement_rules()
        with Finder(settings.index, settings.search_config()) as finder, \
                finder.reader.snapshot() as s:
            rows = passport.certificate_rows(
                s, rules, CertificateNames(finder.thesaurus), today=date.today(),
                expiring_days=settings.expiring_days if args.expiring is None
                else args.expiring)
    except (SettingError, IndexMissing) as exc:
        return _fail(exc)
    catalog = load_catalogs(locate())[args.lang or settings.language]
    text = exports.to_csv(*passport.export_table(rows, catalog.gettext))
    if args.csv is None:
        return _write(text)
    partial = args.csv.with_name(f".{args.csv.name}.partial")
    try:  # a reader never sees half a file: written beside it, then swapped in
        partial.write_text(text, encoding="utf-8", newline="")
        partial.replace(args.csv)
    except OSError as exc:
        return _fail(OSError(f"cannot write {args.csv}: {exc.strerror or exc}"))
    counts = ", ".join(f"{n} {status}" for status, n in passport.totals(rows).items())
    return _write(f"{len(rows)} certificate row(s): {counts}; written to {args.csv}\n")


def results_text(results: Any) -> str:
    """The terminal's view: per colleague a headline, contact line and best evidence."""
    lines = []
    for rank, e in enumerate(results.experts, start=1):
        head = ", ".join(_plain(x) for x in (e.role, e.department) if x)
        lines.append(f"{rank:2}. {_plain(e.name)}" + (f" ({head})" if head else "")
                     + f"  {e.score:.3f}")
        contact = " · ".join(_plain(x) for x in (e.email, e.phone) if x)
        if contact:
            lines.append(f"    {contact}")
        if e.evidence:
            lines.append(f"    {_evidence_line(e.evidence[0])}")
    if results.suggestion:
        lines.append(f"Did you mean: {_plain(results.suggestion)}?")
    lines.append(f"{results.total} colleague(s)")
    return "\n".join(lines) + "\n"


def _evidence_line(ev: Any) -> str:
    where = _plain(ev.document)
    if ev.title and ev.title.casefold() != PurePosixPath(ev.document).stem.casefold():
        where = f"{_plain(ev.title)} ({where})"  # not for a title that is just the file name
    line = f"{_plain(ev.kind)}: {where}"
    if ev.validity in VALIDITY:
        line += f" [{VALIDITY[ev.validity]} {ev.expires}]" if ev.expires else f" [{ev.validity}]"
    elif ev.validity:
        line += f" [validity {_plain(ev.validity)}]"
    text = _plain(html.unescape(re.sub(r"</?mark>", "", ev.snippet)))
    return f"{line}: {text}" if text else line


def _plain(text: str) -> str:
    """One line of text without control characters."""
    return " ".join(_CONTROL.sub(" ", text).split())


def _write(text: str) -> int:
    """All of *text* to stdout; 141 when the reader went away before the end."""
    try:
        # Line by line: with unbuffered stdout (PYTHONUNBUFFERED, common in containers) a
        # single big write that a closing pipe cuts short is dropped without any error;
        # a line is one small write, so the closed pipe raises on the next one.
        for line in text.splitlines(keepends=True):
            sys.stdout.write(line)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader (head, less, grep -m) stopped reading: say nothing, as `cat` would.
        # Point stdout at devnull so the flush at exit cannot raise again (the recipe in
        # the Python docs, "Note on SIGPIPE"). Exit 141 = 128 + SIGPIPE, the status a
        # shell shows for cat or grep cut off the same way: the output was not all
        # delivered, and `set -o pipefail` scripts can tell (without pipefail the
        # pipeline's status is head's anyway).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_SIGPIPE
    return 0


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from finder.web.assets import AssetsMissing, locate

    host = args.host or settings.host
    port = args.port or settings.port
    try:
        locate()  # an install without templates or catalogs stops here, in one sentence
    except AssetsMissing as exc:
        print(f"expertise-finder: cannot serve: {exc}", file=sys.stderr)
        return 2
    if not _port_free(host, port):
        print(f"expertise-finder: port {port} on {host} is already in use (is the finder "
              "already running?); choose another with --port N or EXPERTISE_PORT "
              "(make demo PORT=8001)", file=sys.stderr)
        return 2
    if settings.auth == "none" and host not in ("127.0.0.1", "::1", "localhost"):
        logging.getLogger(PROG).warning(
            "EXPERTISE_AUTH=none on %s: anyone who reaches port %d can search colleagues' "
            "documents; use header or basic outside a demo", host, port)
    if settings.workers == 1:
        from finder import runtime
        from finder.web.app import create_app

        app = create_app(settings)
        runtime.for_serving()
        uvicorn.run(app, host=host, port=port, log_level="info", **UVICORN_OPTIONS)
        return 0
    # Each worker process makes its own app from the environment (``serving_app``), so
    # the index given as --index goes there; this process only binds the port once,
    # hands it to the workers and restarts one that dies, so it loads no app itself.
    os.environ[f"{PREFIX}INDEX"] = str(settings.index)
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config("finder.web.app:serving_app", factory=True,
                            workers=settings.workers, host=host, port=port, log_level="info",
                            **UVICORN_OPTIONS)
    bound = config.bind_socket()
    # uvicorn binds it with protocol 0, so asyncio never sets TCP_NODELAY on the accepted
    # connections and every keep-alive request waits ~40 ms for a delayed ACK (uvicorn
    # issue #3149; measured: 96 against 54 ms a question). The same socket, told it is TCP:
    listener = socket.socket(bound.family, bound.type, socket.IPPROTO_TCP,
                             fileno=bound.detach())
    Multiprocess(config, sockets=[listener]).run()
    return 0


# The app decides whom to trust from the TCP peer itself (EXPERTISE_TRUSTED_PROXIES), so
# uvicorn must not replace that peer with an X-Forwarded-For value (it would for any
# request from 127.0.0.1 by default); and it need not announce itself.
UVICORN_OPTIONS: dict[str, Any] = {"proxy_headers": False, "server_header": False}


def _port_free(host: str, port: int) -> bool:
    """Whether *host*:*port* can be bound now (uvicorn's own error names no way out)."""
    try:
        with socket.create_server((host, port)):
            return True
    except OSError as exc:
        return exc.errno != errno.EADDRINUSE


if __name__ == "__main__":
    sys.exit(main())
