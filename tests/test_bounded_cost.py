"""Hostile content costs bounded time: one document of one word repeated cannot stall search.

The bounds are generous guards against quadratic blow-up (seconds where a linear
routine takes milliseconds); the measured times are in BENCHMARKS.md.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from finder.search import Finder, SearchConfig
from finder.settings import Settings
from finder.snippets import Marker, snippet
from finder.web.app import create_app
from indexer.batch import run_batch
from indexer.store import Busy, IndexReader
from indexer.store.slots import Slots
from tests.share import P, write_docx, write_people


def test_a_repeated_word_document_is_searched_quickly(tmp_path: Path) -> None:
    share = tmp_path / "share"
    write_people(share, [P("p1", "Anna de Vries"), P("p2", "Bram Bos")])
    (share / "p1" / "herhaling.txt").write_text("decubitus " * 33_000)  # 330 KB
    write_docx(share / "p2" / "cv.docx", "Bram kent decubitus en wondzorg.")
    run_batch(share, tmp_path / "ix", workers=1)
    with Finder(tmp_path / "ix") as finder:
        finder.find_experts("wondzorg")  # warm
        started = time.monotonic()
        found = finder.find_experts("decubitus")
        assert time.monotonic() - started < 2.0
    assert {e.person_id for e in found.experts} == {"p1", "p2"}


def test_snippet_selection_is_linear_in_the_hits() -> None:
    text = "wondzorg decubitus " * 100_000  # 200,000 hits: quadratic would take hours
    started = time.monotonic()
    html, hits = snippet(text, Marker(["wondzorg", "decubitus", "reanimatie"]), "nl")
    assert time.monotonic() - started < 2.0
    assert hits > 10 and "<mark>wondzorg</mark>" in html


def _small_index(tmp_path: Path) -> Path:
    share = tmp_path / "share"
    write_people(share, [P(f"p{i}", f"Collega {i}") for i in range(12)])
    for i in range(12):
        write_docx(share / f"p{i}" / "cv.docx", f"Collega {i} kent wondzorg en decubitus.")
    run_batch(share, tmp_path / "ix", workers=1)
    return tmp_path / "ix"


def test_a_spent_time_budget_still_ranks_everyone_and_says_so(tmp_path: Path) -> None:
    ix = _small_index(tmp_path)
    with Finder(ix) as finder:
        whole = finder.find_experts("wondzorg")
    with Finder(ix, SearchConfig(budget=1e-9)) as hurried:
        part = hurried.find_experts("wondzorg")
        assert part.partial and not whole.partial
        assert part.total == whole.total and part.experts  # the ranking is never cut
        # A hurried answer is not cached: the same question may be answered whole later.
        assert hurried._cache == {}


def test_a_request_that_gets_no_searcher_in_time_is_told_busy(tmp_path: Path) -> None:
    ix = _small_index(tmp_path)
    reader = IndexReader(ix, max_searchers=1, wait=0.05)
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with reader.snapshot():
            held.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(5)
        started = time.monotonic()
        with pytest.raises(Busy), reader.snapshot():
            pass
        assert time.monotonic() - started < 1.0  # it waited its budget, not for the holder
    finally:
        release.set()
        holder.join()
    with reader.snapshot() as s:  # free again
        assert s.counts()["people"] == 12
    reader.close()


def test_a_freed_searcher_goes_to_the_question_that_waited_longest() -> None:
    """First come, first served: a question that arrives as a searcher is freed does
    not take it from those already waiting (under 32 clients one waited past its
    budget that way, and was told busy)."""
    slots = Slots(1)
    assert slots.acquire()
    served: list[str] = []

    def ask(name: str) -> None:
        if slots.acquire(timeout=5):
            served.append(name)
            time.sleep(0.05)
            slots.release()

    waiters = [threading.Thread(target=ask, args=(name,)) for name in ("first", "second")]
    for waiter in waiters:
        waiter.start()
        time.sleep(0.2)  # waiting now
    slots.release()
    assert not slots.acquire(timeout=0)  # the newcomer does not jump the queue
    for waiter in waiters:
        waiter.join()
    assert served == ["first", "second"]
    assert slots.acquire(timeout=0)  # free again


def test_a_question_that_gave_up_waiting_leaves_the_queue() -> None:
    slots = Slots(1)
    assert slots.acquire()
    assert not slots.acquire(timeout=0.05)
    slots.release()  # to nobody: the one that waited is gone
    assert slots.acquire(timeout=0)


def test_busy_is_a_503_with_retry_after_and_healthz_still_answers(tmp_path: Path) -> None:
    ix = _small_index(tmp_path)
    app = create_app(Settings(index=ix, search_budget_ms=50))
    with TestClient(app) as client:
        reader = app.state.finder.reader
        taken = [reader._slots.acquire(timeout=1) for _ in range(reader.max_searchers)]
        try:
            assert all(taken)
            api = client.get("/api/search", params={"q": "wondzorg"})
            assert api.status_code == 503 and api.headers["retry-after"] == "2"
            assert "druk" in api.json()["error"]
            page = client.get("/", params={"q": "wondzorg"}, headers={"accept-language": "en"})
            assert page.status_code == 503 and "Very busy" in page.text
            started = time.monotonic()
            assert client.get("/healthz").status_code == 200
            assert time.monotonic() - started < 0.5
        finally:
            for _ in taken:
                reader._slots.release()
        assert client.get("/api/search", params={"q": "wondzorg"}).json()["partial"] is False


def test_megabytes_of_digits_or_numbers_cost_a_batch_seconds_not_minutes(tmp_path: Path) -> None:
    share = tmp_path / "share"
    write_people(share, [P("p1", "Anna de Vries")])
    (share / "p1" / "cijfers.txt").write_text("1234567890" * 800_000)  # one 8 MB token
    (share / "p1" / "enen.txt").write_text("1 " * 4_000_000)  # 4 million one-digit words
    (share / "p1" / "cv.txt").write_text("Anna kent wondzorg.")
    started = time.monotonic()
    report = run_batch(share, tmp_path / "ix", workers=1)
    assert time.monotonic() - started < 20  # was over 280 s (a quadratic e-mail scan)
    assert report.failed == () and report.added == 3  # indexed, not "timed out"
    with Finder(tmp_path / "ix") as finder:
        assert [e.person_id for e in finder.find_experts("wondzorg").experts] == ["p1"]
        assert finder.suggest("1234") == []  # no digit run offered as a word


def test_text_past_the_cap_is_left_out_of_the_index(tmp_path: Path) -> None:
    share = tmp_path / "share"
    write_people(share, [P("p1", "Anna de Vries")])
    (share / "p1" / "handboek.txt").write_text("wondzorg " + "protocol " * 60_000 + "decubitus")
    run_batch(share, tmp_path / "ix", workers=1)  # 540,000 characters; the cap is 500,000
    with Finder(tmp_path / "ix") as finder:
        assert finder.find_experts("wondzorg").total == 1
        assert finder.find_experts("decubitus").total == 0
