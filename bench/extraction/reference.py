"""Reference texts that share no code with our extractor, and the word metrics against them.

Every text, candidate and reference alike, is NFKC-normalised (ligatures, Arabic
presentation forms) and has words hyphenated at a line end joined, before
``re.findall(r"\\w+", text.lower())``.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

_WORD = re.compile(r"\w+")
_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])[-\u00ad]\r?\n(?=[^\W\d_A-Z])")
_W = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # Strict OOXML
)
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SPACE = frozenset({"tab", "br", "cr"})


def tokens(text: str) -> list[str]:
    """The words of *text* in order, lower case, after the normalisation every text gets."""
    text = _LINE_END_HYPHEN.sub("", unicodedata.normalize("NFKC", text))
    return _WORD.findall(text.lower())


def share(candidate: Counter[str], reference: Counter[str]) -> float | None:
    """Multiset share of the reference's words found in the candidate (None: no reference words)."""
    total = sum(reference.values())
    if not total:
        return None
    return sum(min(n, candidate[w]) for w, n in reference.items()) / total


def glued(candidate: Counter[str], reference: list[str]) -> Counter[str]:
    """Candidate tokens (with counts) that are two consecutive reference words run together.

    Both words must be letters only and at least two long, so formulas and codes
    ("x" "2" -> "x2") do not count.
    """
    vocabulary = set(reference)
    pairs = {a + b for a, b in zip(reference, reference[1:], strict=False)
             if len(a) > 1 and len(b) > 1 and a.isalpha() and b.isalpha()}
    return Counter({w: n for w, n in candidate.items() if w not in vocabulary and w in pairs})


def textract_expectation(path: Path) -> str | None:
    """The corpus's expected text for ``textract/<fmt>/<name>.<fmt>`` (``<name>.txt``), if any."""
    expected = path.with_suffix(".txt")
    if path.parent.parent.name != "textract" or not expected.exists():
        return None
    return expected.read_text(encoding="utf-8", errors="replace")


def _walk(element: etree._Element, out: list[str]) -> None:
    """Append the w:t text under *element*, spaces for tabs and breaks, a newline per w:p."""
    tag = element.tag
    if not isinstance(tag, str) or tag == _FALLBACK:
        return
    namespace, _, local = tag[1:].partition("}")
    in_w = namespace in _W
    if in_w and local == "t":
        out.append(element.text or "")
    elif in_w and local in _SPACE:
        out.append(" ")
    for child in element:
        _walk(child, out)
    if in_w and local == "p":
        out.append("\n")


def docx_words(path: Path) -> str | None:
    """The text of every w:t of word/document.xml outside mc:Fallback (None: unreadable)."""
    try:
        with zipfile.ZipFile(path) as zf:
            data = zf.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    out: list[str] = []
    _walk(root, out)
    return "".join(out)


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0-100) by linear interpolation; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
