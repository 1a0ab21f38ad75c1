"""Survey a folder: one line per file with what extraction got (a manual check)."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from indexer.ingest.extract import ExtractionError, extract


def main(argv: list[str] | None = None) -> int:
    """Print format/reason, characters, words and time for every file under DIR."""
    parser = argparse.ArgumentParser(prog="python -m indexer.ingest.extract.survey")
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    counts: Counter[str] = Counter()
    out = sys.stdout
    for path in sorted(p for p in args.folder.rglob("*") if p.is_file()):
        start = time.perf_counter()
        try:
            got = extract(path)
            what = f"ok {got.format}"
            detail = f"{len(got.text):>8} chars {len(got.text.split()):>6} words"
            if got.pages:
                detail += f" {got.pages} pages"
            counts[what] += 1
        except ExtractionError as exc:
            what, detail = exc.reason, exc.detail[:60]
            counts[what] += 1
        ms = (time.perf_counter() - start) * 1000
        out.write(f"{path.relative_to(args.folder)!s:<60} {what:<28} {ms:7.1f} ms  {detail}\n")
    out.write("\n" + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
