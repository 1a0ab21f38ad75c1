"""Word .docx/.docm/.dotx (transitional and Strict) via zipfile + lxml."""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree

from indexer.ingest.extract.base import CORRUPT, Extracted, ExtractionError, Limits
from indexer.ingest.extract.guards import local, open_zip, parse_xml, read_member
from indexer.ingest.extract.ooxml import core_properties, main_part, read_rels

log = logging.getLogger(__name__)

# Subtrees that hold no reading text: properties, deleted text, field codes.
_SKIP = frozenset(
    {
        "delText",
        "delInstrText",
        "instrText",
        "sdtPr",
        "sdtEndPr",
        "rPr",
        "pPr",
        "tblPr",
        "tblGrid",
        "trPr",
        "tcPr",
        "sectPr",
        "fldData",
        "Fallback",
        "sym",
    }
)
# Parts that follow the body, in this order (relationship type names).
_EXTRA_PARTS = ("header", "footer", "footnotes", "endnotes", "comments")


class _Walker:
    """Collects text from WordprocessingML in document order, by local names."""

    def __init__(self, chunk_text: Callable[[str], str]) -> None:
        self.out: list[str] = []
        self._chunk_text = chunk_text

    def walk(self, el: etree._Element) -> None:
        out = self.out
        for child in el:
            name = local(child.tag)
            if not name or name in _SKIP:
                continue
            if name == "t":
                out.append(child.text or "")
            elif name == "tab" or name == "ptab":
                out.append("\t")
            elif name in ("br", "cr"):
                out.append("\n")
            elif name == "noBreakHyphen":
                out.append("-")
            elif name == "AlternateContent":
                # Newer text boxes are stored twice; the Choice is the real one and
                # the VML Fallback a copy for old readers.
                choice = next((c for c in child if local(c.tag) == "Choice"), None)
                fallback = next((c for c in child if local(c.tag) == "Fallback"), None)
                if choice is not None or fallback is not None:
                    self.walk(choice if choice is not None else fallback)
            elif name == "txbxContent":
                out.append("\n")
                self.walk(child)
                out.append("\n")
            elif name == "altChunk":
                rid = next((v for k, v in child.attrib.items() if local(k) == "id"), "")
                out.append("\n" + self._chunk_text(rid) + "\n")
            else:
                self.walk(child)
                if name == "p":
                    out.append("\n")
                elif name == "tc":
                    out.append("\t")  # cells never glued, even without a paragraph
                elif name == "tr":
                    out.append("\n")

    def text(self) -> str:
        return "".join(self.out)


def _tidy(text: str) -> str:
    """Trim line ends and collapse runs of blank lines."""
    lines = [line.strip(" \t\u00a0") for line in text.splitlines()]
    tidy: list[str] = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy).strip()


def _html_text(data: bytes) -> str:
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True)
    try:
        doc = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError):
        return ""
    for bad in doc.xpath("//script|//style"):
        bad.drop_tree()
    return str(doc.text_content())


def _part_text(zf: zipfile.ZipFile, part: str) -> str:
    rels = read_rels(zf, part)

    def chunk_text(rid: str) -> str:
        rel = rels.get(rid)
        if rel is None or rel.target not in zf.NameToInfo:
            return ""
        data = read_member(zf, rel.target)
        if rel.target.lower().endswith((".htm", ".html", ".mht", ".mhtml")):
            return _html_text(data)
        if rel.target.lower().endswith(".txt"):
            return data.decode("utf-8", "replace")
        log.debug("altChunk %s skipped: unsupported chunk type", rel.target)
        return ""

    walker = _Walker(chunk_text)
    walker.walk(parse_xml(read_member(zf, part), part))
    return walker.text()


def extract(path: Path, limits: Limits) -> Extracted:
    """Text of the body, headers, footers, notes and comments, plus core properties."""
    with open_zip(path, limits) as zf:
        main = main_part(zf)
        if main is None:
            raise ExtractionError(CORRUPT, "no main document part")
        texts = [_part_text(zf, main)]
        rels = read_rels(zf, main)
        seen = {texts[0].strip()}
        for kind in _EXTRA_PARTS:
            for rel in rels.values():
                if rel.kind != kind or rel.target not in zf.NameToInfo:
                    continue
                text = _part_text(zf, rel.target)
                # First-page/even/default headers often repeat each other.
                if text.strip() and text.strip() not in seen:
                    seen.add(text.strip())
                    texts.append(text)
        props: dict[str, Any] = core_properties(zf)
    created: datetime | None = props.get("created")
    modified: datetime | None = props.get("modified")
    return Extracted(
        text=_tidy("\n".join(texts)),
        format="docx",
        title=str(props.get("title", "")),
        authors=tuple(props.get("authors", ())),
        created=created,
        modified=modified,
    )
