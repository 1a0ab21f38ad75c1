"""Shared fixtures: the demo organisation, generated and indexed once per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from finder.search import Finder
from indexer.batch import BatchReport, run_batch
from indexer.demo import DemoSummary, generate_demo

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
TODAY = date.today()


@dataclass(frozen=True)
class DemoIndex:
    """The demo share, its index and what the generator and the batch said."""

    share: Path
    index: Path
    summary: DemoSummary
    report: BatchReport


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoIndex:
    """The demo organisation indexed once; read-only for the tests that use it."""
    root = tmp_path_factory.mktemp("demo")
    summary = generate_demo(root / "share", today=TODAY)
    report = run_batch(root / "share", root / "index", workers=1, today=TODAY)
    return DemoIndex(root / "share", root / "index", summary, report)


@pytest.fixture(scope="session")
def finder(demo: DemoIndex) -> Iterator[Finder]:
    """A Finder over the demo index."""
    with Finder(demo.index) as f:
        yield f


@pytest.fixture
def corpus() -> Path:
    """../shared/corpus, or skip when this checkout has none beside it."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


@pytest.fixture(autouse=True)
def _no_expertise_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never inherit a developer's EXPERTISE_* settings."""
    for name in list(os.environ):
        if name.startswith("EXPERTISE_"):
            monkeypatch.delenv(name)
