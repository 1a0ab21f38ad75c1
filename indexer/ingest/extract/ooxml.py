"""Package plumbing for OOXML zips: relationships, part names, core properties."""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass

from indexer.ingest.extract.base import parse_date, unique
from indexer.ingest.extract.guards import local, parse_xml, read_member


@dataclass(frozen=True)
class Rel:
    """One relationship: its type's last path segment (Strict and transitional alike)."""

    kind: str
    target: str  # zip member name, resolved


def rels_path(part: str) -> str:
    """The relationships part that belongs to *part* ("" is the package)."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def read_rels(zf: zipfile.ZipFile, part: str) -> dict[str, Rel]:
    """Relationships of *part* by id; internal targets only, resolved to member names."""
    name = rels_path(part)
    if name not in zf.NameToInfo:
        return {}
    root = parse_xml(read_member(zf, name), name)
    base = posixpath.dirname(part)
    rels: dict[str, Rel] = {}
    for el in root:
        if local(el.tag) != "Relationship" or el.get("TargetMode") == "External":
            continue
        target = el.get("Target") or ""
        # Targets are relative to the source part's folder unless absolute.
        if target.startswith("/"):
            member = target.lstrip("/")
        else:
            member = posixpath.normpath(posixpath.join(base, target))
        kind = (el.get("Type") or "").rstrip("/").rpartition("/")[2]
        rels[el.get("Id") or member] = Rel(kind=kind, target=member)
    return rels


def main_part(zf: zipfile.ZipFile) -> str | None:
    """The main document part named by the package relationships, if present."""
    for rel in read_rels(zf, "").values():
        if rel.kind == "officeDocument" and rel.target in zf.NameToInfo:
            return rel.target
    return "word/document.xml" if "word/document.xml" in zf.NameToInfo else None


def core_properties(zf: zipfile.ZipFile) -> dict[str, object]:
    """Title, authors, created and modified from the core-properties part."""
    name = next(
        (r.target for r in read_rels(zf, "").values() if r.kind == "core-properties"),
        "docProps/core.xml",
    )
    if name not in zf.NameToInfo:
        return {}
    root = parse_xml(read_member(zf, name), name)
    values = {local(el.tag): (el.text or "").strip() for el in root}
    return {
        "title": values.get("title", ""),
        "authors": unique(values.get("creator"), values.get("lastModifiedBy")),
        "created": parse_date(values.get("created")),
        "modified": parse_date(values.get("modified")),
    }
