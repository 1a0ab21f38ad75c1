"""What a batch did: the report HR reads, the --report file and the admin page show."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class FailedFile:
    """A file that could not be indexed, and why."""

    path: str
    reason: str
    detail: str = ""


@dataclass(frozen=True)
class BatchReport:
    """What a batch did; printed as the summary and written with --report."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    people: int = 0
    people_csv: str = ""  # how people.csv was read: "people.csv: 59 colleagues, cp1252, ..."
    failed: tuple[FailedFile, ...] = ()
    warnings: tuple[str, ...] = ()
    seconds: float = 0.0
    generation: str = ""
    full: bool = False
    ocr: int = 0  # files whose text came (partly) from OCR in this batch
    ocr_cached: int = 0  # ... of which the OCR cache already knew

    def headline(self) -> str:
        """The summary's first line: files added, updated, removed, failed; colleagues indexed."""
        return (f"{'full' if self.full else 'incremental'} batch in {self.seconds:.1f} s: "
                f"{self.added} added, {self.updated} updated, {self.removed} removed, "
                f"{self.unchanged} unchanged, {len(self.failed)} failed; "
                f"{self.people} colleagues indexed")

    def failed_by_reason(self) -> dict[str, int]:
        """How many files failed for each reason."""
        counts: dict[str, int] = {}
        for f in self.failed:
            counts[f.reason] = counts.get(f.reason, 0) + 1
        return dict(sorted(counts.items()))

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the --report file and the admin page)."""
        data = asdict(self)
        data["failed_by_reason"] = self.failed_by_reason()
        return data


def iter_failed(report: BatchReport) -> Iterable[str]:
    """One human line per failed file."""
    for f in report.failed:
        yield f"{f.path}: {f.reason}" + (f" ({f.detail})" if f.detail else "")


def without_paths(report: dict[str, Any], paths: set[str]) -> dict[str, Any]:
    """A batch report (as JSON) without the lines of files that were taken out (for /admin)."""
    failed = [f for f in report.get("failed", []) if f.get("path") not in paths]
    reasons = Counter(f.get("reason", "") for f in failed)
    return {**report, "failed": failed, "failed_by_reason": dict(sorted(reasons.items()))}
