"""Vocabulary for the synthetic share: ESCO words with Zipf frequencies, specialties, queries."""

from __future__ import annotations

import bisect
import csv
import itertools
import random
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ESCO = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "esco"
WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
SENTENCE = re.compile(r"(?<=[.!?])\s+")
# Function words are the top of any frequency list; queries skip them (a user
# does not search for "the") but documents keep them, as real text does.
STOP = frozenset(
    {
        "the",
        "and",
        "for",
        "with",
        "that",
        "are",
        "from",
        "their",
        "this",
        "they",
        "such",
        "into",
        "also",
        "other",
        "may",
        "can",
        "have",
        "has",
        "been",
        "which",
        "will",
        "all",
        "use",
        "using",
        "including",
        "its",
        "these",
        "them",
        "our",
        "out",
        "een",
        "het",
        "van",
        "voor",
        "met",
        "die",
        "zijn",
        "zij",
        "naar",
        "door",
        "ook",
        "aan",
        "als",
        "dat",
        "bij",
        "kan",
        "deze",
        "worden",
        "wordt",
        "over",
        "hun",
        "tot",
        "uit",
        "niet",
        "onder",
        "andere",
        "zoals",
        "hebben",
    }
)


@dataclass(frozen=True)
class Specialty:
    """One ESCO occupation: Dutch label(s) and sentences in both languages."""

    label_nl: str
    alt_nl: tuple[str, ...]
    sentences_nl: tuple[str, ...]
    sentences_en: tuple[str, ...]


class Zipf:
    """Draws items with probability proportional to 1 / rank**s (rank 1 = most frequent)."""

    def __init__(self, items: list[str], s: float = 1.0) -> None:
        """*items* sorted from most to least frequent."""
        self.items = items
        self._cum = list(itertools.accumulate(1.0 / (r**s) for r in range(1, len(items) + 1)))

    def draw(self, rng: random.Random) -> str:
        """One item."""
        return self.items[bisect.bisect_left(self._cum, rng.random() * self._cum[-1])]


@dataclass(frozen=True)
class Vocabulary:
    """Everything the generator and the scale queries need from ESCO."""

    words_nl: Zipf
    words_en: Zipf
    specialties: tuple[Specialty, ...]
    specialty_rank: Zipf  # specialties drawn Zipf-wise: a few are common
    skill_labels_en: tuple[str, ...]
    skill_sentences_en: tuple[str, ...]


def _rows(name: str) -> list[dict[str, str]]:
    with (ESCO / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _split_labels(text: str) -> tuple[str, str]:
    # English ESCO texts run "labels ... Description." together; the description
    # starts at the first capitalised word.
    m = re.search(r"\s[A-Z]", text)
    return (text[: m.start()], text[m.start() + 1 :]) if m else (text, "")


def _ranked(texts: list[str]) -> list[str]:
    counts = Counter(w.lower() for t in texts for w in WORD.findall(t))
    return [w for w, _ in counts.most_common()]


@lru_cache(maxsize=1)
def load(esco: Path = ESCO) -> Vocabulary:
    """Read the ESCO CSVs once per process."""
    nl = _rows("occupations_nl.csv")
    en = {r["id"]: _split_labels(r["description"])[1] for r in _rows("occupations_en.csv")}
    skills = [_split_labels(r["description"]) for r in _rows("skills_en.csv")]
    specialties = []
    for row in nl:
        desc_en = en.get(row["conceptUri"], "")
        if not row["description"] or not desc_en:
            continue
        specialties.append(
            Specialty(
                label_nl=row["preferredLabel"],
                alt_nl=tuple(a for a in row["altLabels"].splitlines() if a.strip()),
                sentences_nl=tuple(SENTENCE.split(row["description"].strip())),
                sentences_en=tuple(SENTENCE.split(desc_en.strip())),
            )
        )
    specialties.sort(key=lambda s: s.label_nl)
    random.Random(42).shuffle(specialties)  # the Zipf head is an arbitrary, fixed set
    skill_sentences = tuple(s for _, d in skills for s in SENTENCE.split(d) if len(s) > 20)
    return Vocabulary(
        words_nl=Zipf(_ranked([r["description"] for r in nl])),
        words_en=Zipf(_ranked(list(en.values()) + [d for _, d in skills])),
        specialties=tuple(specialties),
        specialty_rank=Zipf([str(i) for i in range(len(specialties))], s=0.8),
        skill_labels_en=tuple(" ".join(lab.split()[:3]) for lab, _ in skills if lab),
        skill_sentences_en=skill_sentences,
    )


def queries(n: int, seed: int = 7) -> list[str]:
    """*n* staff-like queries: Dutch occupation labels, English skill labels, loose words."""
    vocab = load()
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < n:
        kind = rng.random()
        if kind < 0.35:
            spec = vocab.specialties[int(vocab.specialty_rank.draw(rng))]
            out.append(rng.choice((spec.label_nl, *spec.alt_nl)))
        elif kind < 0.6:
            out.append(rng.choice(vocab.skill_labels_en))
        else:
            zipf = vocab.words_nl if rng.random() < 0.6 else vocab.words_en
            words: list[str] = []
            while len(words) < rng.choice((1, 2, 2, 3)):
                w = zipf.draw(rng)
                if w not in STOP and w not in words:
                    words.append(w)
            out.append(" ".join(words))
    return out
