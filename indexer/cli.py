"""expertise-indexer: HR's batch command. Parse args, set up logging, print the summary."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path

from indexer.batch import (
    BatchReport,
    UnknownPerson,
    erase_person,
    iter_failed,
    restore_person,
    run_batch,
)
from indexer.people import PeopleError, valid_person_id
from indexer.store import IndexLocked, IndexStore
from indexer.workers import Progress

ENV_PREFIX = "EXPERTISE_"
COMMANDS = "expertise_indexer.commands"  # entry points: subcommands other packages add
logger = logging.getLogger("indexer")  # the package's logger: main sets its level


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code (0 when the batch ran, even with bad files)."""
    argv = sys.argv[1:] if argv is None else argv
    command = _added_command(argv[0]) if argv else None
    if command is not None:
        return command(argv[1:])
    if argv and argv[0] == "certificates" and not Path(argv[0]).is_dir():
        print("expertise-indexer: the certificates command comes with the finder and is not "
              "installed here: run 'expertise-finder certificates --index DIR' (or reinstall "
              "the package)", file=sys.stderr)
        return 2
    if argv and argv[0] in ("remove", "restore"):
        args = _person_parser(argv[0]).parse_args(argv[1:])
        args.command, args.verbose = argv[0], False
    else:
        args = _parser().parse_args(argv)
        args.command = "index"
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    # The batch's summary line and crashed workers are for the operator: the indexer's
    # INFO and up always show; other libraries' chatter below WARNING only with -v.
    logger.setLevel(logging.DEBUG if args.verbose else logging.INFO)
    try:
        if args.command == "remove":
            return _remove(args)
        if args.command == "restore":
            return _restore(args)
        return _index(args)
    except IndexLocked:
        print("expertise-indexer: another re-index is running on this index "
              "(use --wait to wait for it)", file=sys.stderr)
        return 3
    except PeopleError as exc:
        print(f"expertise-indexer: people.csv is not usable: {exc}", file=sys.stderr)
        return 2
    except UnknownPerson as exc:
        print(f"expertise-indexer: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        where = exc.filename or getattr(args, "index", "") or ""
        print(f"expertise-indexer: {exc.strerror or exc} ({where}); "
              "the previous index is unchanged", file=sys.stderr)
        return 4


def _added_command(name: str) -> Callable[[list[str]], int] | None:
    """A subcommand another installed package adds (the entry-point group COMMANDS).

    The finder adds ``certificates`` (HR's certificate list for cron) this way: it
    reads the index like the finder does, and the indexer never imports the finder.
    """
    if name.startswith("-") or name in ("remove", "restore"):
        return None
    found = entry_points(group=COMMANDS, name=name)
    return next(iter(found)).load() if found else None


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="expertise-indexer",
        description="Index the document share (people.csv + one folder per colleague).")
    p.add_argument("-v", "--verbose", action="store_true", help="log every step")
    p.add_argument("source", nargs="?", type=Path, help="the document share")
    p.add_argument("--index", type=Path, default=os.environ.get(f"{ENV_PREFIX}INDEX"),
                   help=f"index directory (default: ${ENV_PREFIX}INDEX)")
    p.add_argument("--full", action="store_true", help="rebuild from scratch")
    p.add_argument("--report", type=Path, help="write the batch report (JSON) here")
    p.add_argument("--workers", type=int, default=None, help="extraction processes "
                   "(default: number of cores)")
    p.add_argument("--wait", action="store_true", help="wait for a running re-index instead "
                   "of failing")
    p.epilog = ("Also: 'expertise-indexer remove PERSON_ID --index DIR' removes a colleague "
                "and everything of theirs at once; 'restore PERSON_ID' undoes that; "
                "'certificates --index DIR [--expiring DAYS] [--csv FILE]' lists every "
                "colleague's certificates for HR (a share named 'certificates': "
                "./certificates).")
    return p


def _person_parser(command: str) -> argparse.ArgumentParser:
    helptext = {"remove": "Remove a colleague and everything of theirs from the index now.",
                "restore": "Let a removed colleague be indexed again (now, given the share)."}
    p = argparse.ArgumentParser(prog=f"expertise-indexer {command}", description=helptext[command])
    p.add_argument("person_id")
    p.add_argument("source", nargs="?", type=Path,
                   help="the document share (default: the last batch's): " + (
                       "index the colleague again right away" if command == "restore" else
                       "read the documents that name them again, redacted, right away"))
    p.add_argument("--index", type=Path, default=os.environ.get(f"{ENV_PREFIX}INDEX"),
                   help=f"index directory (default: ${ENV_PREFIX}INDEX)")
    p.add_argument("--wait", action="store_true", help="wait for a running re-index")
    return p


def _index(args: argparse.Namespace) -> int:
    if args.source is None or args.index is None:
        print("expertise-indexer: usage: expertise-indexer SOURCE --index DIR", file=sys.stderr)
        return 2
    if not args.source.is_dir():
        print(f"expertise-indexer: share not found: {args.source}", file=sys.stderr)
        return 2
    report = run_batch(args.source, args.index, full=args.full, wait=args.wait,
                       workers=args.workers, progress=_progress())
    if args.report:
        args.report.write_text(json.dumps(report.to_json(), indent=2, ensure_ascii=False),
                               encoding="utf-8")
    print(summary(report))
    return 0


def summary(report: BatchReport) -> str:
    """The lines HR reads after a batch."""
    lines = [report.headline()]
    if report.people_csv:
        lines.append(f"  {report.people_csv}")
    if report.ocr:
        lines.append(f"  {report.ocr} scan(s) or photo(s) read by OCR"
                     + (f" ({report.ocr_cached} from the OCR cache)" if report.ocr_cached else ""))
    for reason, count in report.failed_by_reason().items():
        lines.append(f"  failed: {count} × {reason}")
    lines += [f"  {line}" for line in list(iter_failed(report))[:20]]
    if len(report.failed) > 20:
        lines.append(f"  … {len(report.failed) - 20} more (see --report)")
    lines += [f"  warning: {w}" for w in report.warnings]
    return "\n".join(lines)


def _progress() -> Progress:
    """A bar on a terminal, a log line every 500 files otherwise."""
    tty = sys.stderr.isatty()

    def show(done: int, total: int) -> None:
        if tty:
            width = 30
            filled = width * done // max(total, 1)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            if done == total:
                sys.stderr.write("\n")
        elif done % 500 == 0 or done == total:
            sys.stderr.write(f"processed {done}/{total} files\n")

    return show


def _remove(args: argparse.Namespace) -> int:
    if not valid_person_id(args.person_id) or args.index is None:
        print("expertise-indexer: give a valid person id and --index DIR", file=sys.stderr)
        return 2
    out, batch = erase_person(args.index, args.person_id, args.source, wait=args.wait)
    print(f"removed {args.person_id}: {len(out)} document(s) taken out of the index (theirs, "
          "and those that name them); they stay out of later batches until "
          "'expertise-indexer restore'")
    if batch is not None:
        print(summary(batch))
        print("documents that named them were read again with their name and e-mail redacted")
        return 0
    print(f"expertise-indexer: warning: the share is not at hand: documents that name "
          f"{args.person_id} stay out of the index until the next batch (or give the share: "
          f"'expertise-indexer remove {args.person_id} SOURCE --index {args.index}')",
          file=sys.stderr)
    return 0


def _restore(args: argparse.Namespace) -> int:
    if not valid_person_id(args.person_id) or args.index is None:
        print("expertise-indexer: give a valid person id and --index DIR", file=sys.stderr)
        return 2
    restore_person(args.index, args.person_id, wait=args.wait)
    if args.source is None:
        print(f"{args.person_id} may be indexed again; they stay out of the index until the "
              f"next batch (expertise-indexer SOURCE --index {args.index}), or run "
              f"'expertise-indexer restore {args.person_id} SOURCE --index {args.index}'")
        return 0
    report = run_batch(args.source, args.index, wait=True, progress=_progress())
    print(summary(report))
    if args.person_id in IndexStore(args.index).manifest().get("people", {}):
        print(f"{args.person_id} is in the index again")
        return 0
    print(f"expertise-indexer: {args.person_id} is still not indexed: people.csv does not "
          "list them, or lists them with opt_out", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
