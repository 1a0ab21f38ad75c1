"""Rebuild the precomputed language data in indexer/data/ (issue 16: a fast cold start).

- thesaurus_esco.json.gz: the thesaurus's ESCO entries (occupation labels and lexicon),
  normalised (indexer/language/thesaurus.py);
- concept_bridge.json.gz: the ESCO occupation texts analysed with the index's analyzers,
  the concept bridge's tables (indexer/language/concepts.py);
- nl_words_opentaal.hashes.json.gz: the hashes of the general Dutch word list that the
  compound splitter looks parts up in (indexer/language/compounds.py).

Each file holds a fingerprint of the data and code it was computed from; when one of
them changes, the finder analyses the slow way again (and logs a warning) until this
script is run. tests/test_precomputed.py fails on a stale file. The output is the
same bytes for the same inputs.

Usage: .venv/bin/python scripts/build_language_cache.py [--check]
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.language import compounds, concepts, precomputed, thesaurus  # noqa: E402
from indexer.language.words import DATA_DIR  # noqa: E402

log = logging.getLogger("build_language_cache")


def stale() -> list[str]:
    """The precomputed files that do not match their data and code."""
    checks = [(thesaurus.ESCO_CACHE, thesaurus.esco_sources()),
              (concepts.BRIDGE_CACHE, concepts.sources()),
              (compounds.GENERAL_CACHE, compounds.general_sources())]
    return [name for name, sources in checks if precomputed.read(DATA_DIR / name, sources) is None]


def build() -> None:
    """Compute the files the slow way and write them."""
    precomputed.write(DATA_DIR / compounds.GENERAL_CACHE, compounds.general_sources(),
                      compounds.stored_general())
    log.info("%s: the general word list's hashes", compounds.GENERAL_CACHE)
    entries = thesaurus.read_esco_entries()
    precomputed.write(DATA_DIR / thesaurus.ESCO_CACHE, thesaurus.esco_sources(),
                      thesaurus.stored_esco_layer(entries))
    log.info("%s: %d entries", thesaurus.ESCO_CACHE, len(entries))
    occupations = concepts.read_occupations(DATA_DIR / thesaurus.OCCUPATIONS)
    tables = concepts.analyse(occupations)
    precomputed.write(DATA_DIR / concepts.BRIDGE_CACHE, concepts.sources(),
                      dataclasses.asdict(tables))
    log.info("%s: %d occupations", concepts.BRIDGE_CACHE, len(tables.lengths))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true",
                        help="only say whether the files are up to date (exit 1 if not)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.check:
        old = stale()
        for name in old:
            print(f"{name} is stale: run {precomputed.BUILD_SCRIPT}")
        return 1 if old else 0
    build()
    return 0


if __name__ == "__main__":
    sys.exit(main())
