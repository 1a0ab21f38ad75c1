"""python -m indexer.demo TARGET [--today YYYY-MM-DD] [--seed N]: write the demo share."""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import date
from pathlib import Path

try:
    from indexer.demo import DEFAULT_TODAY, generate_demo
except ModuleNotFoundError as missing:  # python-docx, reportlab, pillow: the 'demo' extra
    raise SystemExit(f"python -m indexer.demo needs {missing.name!r}: install the demo extra "
                     "(pip install 'expertise-finder[demo]'), or run 'make demo'") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m indexer.demo",
        description="Write the Zorggroep De Linde demo share (people.csv, CVs, certificates).",
    )
    parser.add_argument("target", type=Path, help="folder to write the share into")
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=DEFAULT_TODAY,
        help=f"date certificates are valid or expired against ({DEFAULT_TODAY})",
    )
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    summary = generate_demo(args.target, today=args.today, seed=args.seed)
    out = sys.stdout
    out.write(
        f"{summary.people} colleagues, {summary.cvs} CVs, "
        f"{len(summary.certificates)} certificates, "
        f"{len(summary.shared)} shared documents, {len(summary.problems)} problem files "
        f"in {summary.target} ({summary.seconds:.1f} s)\n"
        f"valid BLS/reanimatie: {len(summary.bls_valid)}; expired only: "
        f"{', '.join(summary.bls_expired)}\n"
        f"{len(summary.scans)} scanned certificates (need OCR: tesseract-ocr): "
        f"{', '.join(scan.path for scan in summary.scans)}\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
