"""OpenDocument text (.odt/.ott) via zipfile + lxml on content, styles and meta."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from indexer.ingest.extract.base import (
    CORRUPT,
    ENCRYPTED,
    Extracted,
    ExtractionError,
    Limits,
    parse_date,
    unique,
)
from indexer.ingest.extract.guards import local, open_zip, parse_xml, read_member

# Change-tracking keeps deleted text; sequence/variable declarations hold names.
_SKIP = frozenset(
    {
        "tracked-changes",
        "sequence-decls",
        "variable-decls",
        "user-field-decls",
        "forms",
        "automatic-styles",
        "font-face-decls",
        "scripts",
    }
)
_BLOCKS = frozenset({"p", "h", "table-row", "list-item", "note-body", "annotation"})
_PAGE_PARTS = frozenset(
    {"header", "footer", "header-left", "footer-left", "header-first", "footer-first"}
)


def _walk(el: etree._Element, out: list[str], in_para: bool = False) -> None:
    # Inside a paragraph every text node and tail counts (spans, links, fields);
    # outside one, text nodes are only layout whitespace.
    in_para = in_para or local(el.tag) in ("p", "h")
    if in_para and el.text:
        out.append(el.text)
    for child in el:
        name = local(child.tag)
        if name and name not in _SKIP:
            if name == "s":
                out.append(" " * int(child.get(_attr(child, "c")) or 1))
            elif name == "tab":
                out.append("\t")
            elif name == "line-break":
                out.append("\n")
            else:
                _walk(child, out, in_para)
                if name in _BLOCKS:
                    out.append("\n")
                elif name == "table-cell":
                    out.append("\t")
        if in_para and child.tail:
            out.append(child.tail)


def _attr(el: etree._Element, name: str) -> str:
    """The namespaced attribute key with local name *name*, or *name* itself."""
    return next((k for k in el.attrib if local(k) == name), name)


def _is_encrypted(zf: zipfile.ZipFile) -> bool:
    name = "META-INF/manifest.xml"
    if name not in zf.NameToInfo:
        return False
    manifest = parse_xml(read_member(zf, name), name)
    return any(local(el.tag) == "encryption-data" for el in manifest.iter())


def _page_parts_text(zf: zipfile.ZipFile) -> str:
    if "styles.xml" not in zf.NameToInfo:
        return ""
    root = parse_xml(read_member(zf, "styles.xml"), "styles.xml")
    out: list[str] = []
    for el in root.iter():
        if local(el.tag) in _PAGE_PARTS:
            _walk(el, out)
            out.append("\n")
    return "".join(out)


def extract(path: Path, limits: Limits) -> Extracted:
    """Body text (tables, frames, notes, comments), headers/footers and meta."""
    with open_zip(path, limits) as zf:
        if _is_encrypted(zf):
            raise ExtractionError(ENCRYPTED, "OpenDocument with encrypted parts")
        if "content.xml" not in zf.NameToInfo:
            raise ExtractionError(CORRUPT, "no content.xml")
        out: list[str] = []
        _walk(parse_xml(read_member(zf, "content.xml"), "content.xml"), out)
        body = "".join(out)
        extra = _page_parts_text(zf)
        meta: dict[str, str] = {}
        if "meta.xml" in zf.NameToInfo:
            for el in parse_xml(read_member(zf, "meta.xml"), "meta.xml").iter():
                name = local(el.tag)
                if name and name not in meta and el.text:
                    meta[name] = el.text.strip()
    lines = [line.strip() for line in (body + "\n" + extra).splitlines()]
    text = "\n".join(line for line in lines if line)
    return Extracted(
        text=text,
        format="odt",
        title=meta.get("title", ""),
        authors=unique(meta.get("initial-creator"), meta.get("creator")),
        created=parse_date(meta.get("creation-date")),
        modified=parse_date(meta.get("date")),
    )
