"""How many held-out Dutch-English care terms the query expansion translates.

Each line of the held-out file (``nl<TAB>en<TAB>kind``, written by someone who did not
see the vocabulary) is a Dutch term and its English equivalent. A term counts as
translated when the English term is among the thesaurus expansions of the Dutch one
(or one of its cognate forms, ``indexer.language.cognates``), and back; a term written
alike in both languages counts as translated. The concept
bridge's guesses are not counted: they order results, they do not translate.

    .venv/bin/python -m bench.vocabulary HELD_OUT.tsv [--without-medical] [--without-cognates]
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from indexer.language.cognates import dutch_forms, english_forms
from indexer.language.thesaurus import DEFAULT_SYNONYMS, Thesaurus, normalize


def translations(thesaurus: Thesaurus, term: str,
                 cognates: Callable[[str], list[str]]) -> set[str]:
    """The folded phrases a term is searched as, besides itself (the product adds each
    word's cognates that the index holds: here, every form the rules give)."""
    out = {normalize(e.phrase) for e in thesaurus.expand(term)}
    for word in normalize(term).split():
        out.update(cognates(word))
    return out


def _none(word: str) -> list[str]:
    return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("held_out", type=Path)
    parser.add_argument("--without-medical", action="store_true",
                        help="leave out synonyms_nl_en_medical.txt (the vocabulary's share)")
    parser.add_argument("--without-cognates", action="store_true",
                        help="leave out the cognate rules (their share)")
    args = parser.parse_args()
    medical = "synonyms_nl_en_medical.txt"
    thesaurus = Thesaurus.load(defaults=[p for p in DEFAULT_SYNONYMS
                                         if not (args.without_medical and p.name == medical)])
    rows = list(csv.DictReader(args.held_out.open(encoding="utf-8"), delimiter="\t"))
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    missed = []
    for row in rows:
        nl, en, kind = row["nl"], row["en"], row["kind"]
        same = normalize(en) == normalize(nl)
        to_en, to_nl = (_none, _none) if args.without_cognates else (english_forms, dutch_forms)
        forward = same or normalize(en) in translations(thesaurus, nl, to_en)
        backward = same or normalize(nl) in translations(thesaurus, en, to_nl)
        counts = hits[kind]
        counts[0] += 1
        counts[1] += forward
        counts[2] += backward
        if not forward:
            missed.append(f"{nl} -> {en}")
    print("| kind | terms | nl -> en | en -> nl |\n|---|---|---|---|")
    for kind, (n, fwd, back) in sorted(hits.items()):
        print(f"| {kind} | {n} | {fwd} ({fwd / n:.0%}) | {back} ({back / n:.0%}) |")
    n = sum(c[0] for c in hits.values())
    fwd = sum(c[1] for c in hits.values())
    back = sum(c[2] for c in hits.values())
    print(f"| all | {n} | {fwd} ({fwd / n:.0%}) | {back} ({back / n:.0%}) |")
    print("\nnot translated nl -> en:", "; ".join(missed))


if __name__ == "__main__":
    main()
