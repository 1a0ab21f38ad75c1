"""Regenerate indexer/data/ (Dutch word frequencies, ESCO occupation labels, nl<->en lexicon).

Reads ESCO (European Commission) occupations from ../shared/corpus/esco/:
- nl_words.tsv: folded Dutch word -> frequency over ESCO Dutch labels and
  descriptions, the dictionary the compound splitter uses;
- occupations_nl_en.tsv: English preferred label, Dutch preferred label, Dutch
  alternative labels, English labels, English description, Dutch description,
  joined on the concept URI (the labels feed the thesaurus, the texts the
  concept bridge, indexer/language/concepts.py);
- lexicon_nl_en.tsv: Dutch word, English word, confidence, aligned with IBM model 1
  (both directions) over the parallel descriptions and preferred labels.
The hand-written files (nl_healthcare_words.txt, synonyms_nl_healthcare.txt,
ATTRIBUTION.md) are left alone.

Usage: .venv/bin/python scripts/build_lexicon.py [--esco DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import logging
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.language.compounds import split_compound  # noqa: E402
from indexer.language.thesaurus import OCCUPATIONS  # noqa: E402
from indexer.language.words import stop_words, words  # noqa: E402

log = logging.getLogger("build_lexicon")


# Words frequent in ESCO's descriptions that carry no domain meaning; left out of
# the alignment only (they would otherwise soak up probability mass).
def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


EXTRA_STOP = {
    "nl": _wordset(
        "zorgen ervoor zoals hun bepaalde onder andere verschillende alle kunnen "
        "mogelijk gebruik gebruiken gebruikt nodig daarbij zodat waarbij welke elk "
        "ander anderen volgens bijvoorbeeld evenals ervan erop hiervan tevens bovendien "
        "houden uitvoeren verrichten"
    ),
    "en": _wordset(
        "they may such also ensure various use using used including well within other "
        "according required e g etc perform carry"
    ),
}
_CAPITALISED = re.compile(r"^[A-Z][a-z]")


def _same_word(label_word: str, text_word: str) -> bool:
    """``text_word`` is ``label_word`` or a plural of it (operator/operators, man/men)."""
    a, b = label_word.lower(), text_word.lower().strip(",.;:")
    return b in {a, a + "s", a + "es", a[:-1] + "ies", a[:-3] + "men"}


def split_english(text: str) -> tuple[str, str]:
    """Split ESCO's "labels then description" text into (preferred label, description).

    The description opens with the preferred label, capitalised and usually plural
    ("technical director ... Technical directors realise ..."), so the preferred label
    is the longest opening run of words that recurs capitalised further on.
    """
    tokens = text.split()
    for k in range(min(len(tokens) // 2, 12), 0, -1):
        label = tokens[:k]
        for p in range(k, len(tokens) - k + 1):
            opening = tokens[p : p + k]
            # A capitalised word starts a sentence; an acronym ("ICT ...") only counts
            # when the run ends in a plural, as alternative labels are singular.
            starts = _CAPITALISED.match(opening[0]) or (
                opening[0].isupper() and opening[-1].lower() != label[-1].lower()
            )
            if starts and all(_same_word(a, b) for a, b in zip(label, opening, strict=True)):
                return " ".join(label), " ".join(tokens[p:])
    return "", text


def content_words(text: str, lang: str) -> list[str]:
    """Content words; Dutch compounds also contribute their parts, so that parts
    (medewerker, leerling) get aligned even when they seldom stand alone."""
    stops = stop_words(lang) | EXTRA_STOP[lang]
    found = [w for w in words(text) if len(w) >= 3 and w.isalpha() and w not in stops]
    if lang != "nl":
        return found
    return [p for w in found for p in ([w] + [x for x in split_compound(w) if x != w])
            if len(p) >= 3 and p not in stops]


class Occupation(NamedTuple):
    """One ESCO occupation in both languages."""

    nl_pref: str
    nl_alts: list[str]
    nl_desc: str
    en_pref: str  # "" when the English text does not reveal it
    en_labels: str  # every English label, space-joined as ESCO's English text has them
    en_desc: str


def read_esco(esco: Path) -> list[Occupation]:
    """The occupations with a Dutch and an English text, joined on the concept URI."""
    with (esco / "occupations_en.csv").open(encoding="utf-8", newline="") as fh:
        english = {row["id"]: row["description"] for row in csv.DictReader(fh)}
    rows = []
    with (esco / "occupations_nl.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            en_text = english.get(row["conceptUri"])
            if not en_text:
                continue
            en_label, en_desc = split_english(en_text)
            alts = [a.strip() for a in row["altLabels"].splitlines() if a.strip()]
            en_labels = en_text[: len(en_text) - len(en_desc)].strip() if en_label else ""
            rows.append(Occupation(row["preferredLabel"].strip(), alts, row["description"],
                                   en_label, en_labels, en_desc))
    return rows


def ibm1(
    pairs: list[tuple[list[str], list[str]]], iterations: int = 6
) -> dict[tuple[str, str], float]:
    """t(target | source) by IBM model 1 EM; a NULL source word absorbs function words."""
    t: dict[tuple[str, str], float] = defaultdict(lambda: 1.0)
    for it in range(iterations):
        count: dict[tuple[str, str], float] = defaultdict(float)
        total: dict[str, float] = defaultdict(float)
        for src, tgt in pairs:
            src_null = [*src, "<null>"]
            for e in tgt:
                norm = sum(t[(f, e)] for f in src_null)
                for f in src_null:
                    c = t[(f, e)] / norm
                    count[(f, e)] += c
                    total[f] += c
        t = defaultdict(float, {(f, e): c / total[f] for (f, e), c in count.items()})
        log.info("IBM1 iteration %d: %d pairs", it + 1, len(t))
    return t


def best_by_source(t: dict[tuple[str, str], float]) -> dict[str, list[tuple[str, float]]]:
    table: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (f, e), p in t.items():
        if f != "<null>" and p >= 0.05:
            table[f].append((e, p))
    for f in table:
        table[f].sort(key=lambda x: -x[1])
    return table


def align(rows: list[Occupation]) -> list[tuple[str, str, float]]:
    """Confident nl<->en word pairs: p(en|nl) and p(nl|en) both high (or mutual best)."""
    pairs = []
    for nl_pref, _alts, nl_desc, en_pref, _en_labels, en_desc in rows:
        pairs.append((content_words(nl_desc, "nl"), content_words(en_desc, "en")))
        if en_pref:
            # Preferred labels only: the Dutch alternative labels are no literal
            # translations ("medewerker verkoop" vs "shop assistant") and pulled
            # verkoop -> shop, onderwijs -> teacher when tried.
            pairs.append((content_words(nl_pref, "nl"), content_words(en_pref, "en")))
    nl_freq = Counter(w for nl, _ in pairs for w in set(nl))
    en_freq = Counter(w for _, en in pairs for w in set(en))
    forward = best_by_source(ibm1(pairs))  # nl word -> en words
    backward = best_by_source(ibm1([(en, nl) for nl, en in pairs]))  # en word -> nl words
    back_p = {(f, e): p for e, lst in backward.items() for f, p in lst}
    out = []
    for nl_word, candidates in forward.items():
        if nl_freq[nl_word] < 3:
            continue
        for rank, (en_word, p_fwd) in enumerate(candidates[:3]):
            p_back = back_p.get((nl_word, en_word), 0.0)
            if en_freq[en_word] < 3 or p_back == 0.0:
                continue
            mutual_best = rank == 0 and backward[en_word][0][0] == nl_word
            score = (p_fwd * p_back) ** 0.5
            if (mutual_best and score >= 0.25) or score >= 0.4:
                out.append((nl_word, en_word, round(score, 3)))
    return sorted(out)


# "gezondheids- en welzijnszorg": a first half cut off before a hyphen keeps its linking
# -s; counted as a word it would beat the right split gezondheid|s|zorg.
_TRUNCATED = re.compile(r"\w+-(?!\w)")


def word_frequencies(rows: Iterable[Occupation]) -> Counter[str]:
    freq: Counter[str] = Counter()
    for nl_pref, alts, nl_desc, *_english in rows:
        for raw in (nl_pref, *alts, nl_desc):
            text = _TRUNCATED.sub(" ", raw)
            freq.update(w for w in words(text) if len(w) >= 3 and w.isalpha())
    return freq


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--esco", type=Path, default=ROOT.parent / "shared" / "corpus" / "esco")
    parser.add_argument("--out", type=Path, default=ROOT / "indexer" / "data")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    rows = read_esco(args.esco)
    log.info("%d occupations with Dutch and English text", len(rows))

    freq = word_frequencies(rows)
    lines = [f"{w}\t{n}" for w, n in sorted(freq.items()) if n >= 2 or len(w) >= 6]
    (args.out / "nl_words.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    log.info("nl_words.tsv: %d words", len(lines))

    occ = []
    for o in sorted(rows):
        fields = [o.en_pref.lower(), o.nl_pref, "|".join(o.nl_alts), o.en_labels, o.en_desc,
                  o.nl_desc]
        occ.append("\t".join(" ".join(f.split()) for f in fields))
    (args.out / OCCUPATIONS).write_text("\n".join(occ) + "\n", encoding="utf-8")
    log.info("%s: %d occupations", OCCUPATIONS, len(occ))

    lexicon = align(rows)
    text = "".join(f"{nl}\t{en}\t{score}\n" for nl, en, score in lexicon)
    (args.out / "lexicon_nl_en.tsv").write_text(text, encoding="utf-8")
    log.info("lexicon_nl_en.tsv: %d pairs", len(lexicon))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
