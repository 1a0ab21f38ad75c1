"""Rebuild indexer/data/nl_words_opentaal.txt.gz, the compound splitter's general dictionary.

From the OpenTaal word list as Debian ships it (``apt install wdutch``:
/usr/share/dict/nederlands; BSD or CC BY 3.0, see indexer/data/ATTRIBUTION.md): the
lower-case alphabetic words of 4 to 24 letters, accents folded, sorted. The same bytes
for the same list. Rerun scripts/build_language_cache.py afterwards.

Usage: .venv/bin/python scripts/build_opentaal_words.py [/usr/share/dict/nederlands]
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.language.compounds import GENERAL_WORDS  # noqa: E402
from indexer.language.words import DATA_DIR, fold  # noqa: E402

HEADER = ("# OpenTaal Dutch word list 2.20.19 (Debian wdutch), lower-case alphabetic words of 4-24\n"
          "# letters, accents folded; BSD or CC BY 3.0, see ATTRIBUTION.md.\n")


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else Path("/usr/share/dict/nederlands")
    words = [line.strip() for line in source.read_text(encoding="utf-8").splitlines()]
    keep = sorted({fold(w) for w in words if w.islower() and w.isalpha() and 4 <= len(w) <= 24})
    with gzip.GzipFile(DATA_DIR / GENERAL_WORDS, "wb", mtime=0) as f:
        f.write((HEADER + "\n".join(keep) + "\n").encode("utf-8"))
    print(f"{GENERAL_WORDS}: {len(keep)} words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
