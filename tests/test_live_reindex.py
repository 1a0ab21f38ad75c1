"""Staff keep searching while HR re-indexes: no errors, new documents visible without a restart."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import uvicorn

from finder.settings import Settings
from finder.web.app import create_app
from indexer.batch import run_batch
from tests.share import write_docx

TODAY = date(2026, 11, 27)
PEOPLE = 12
NEW_WORD = "ballonvaart"
QUERIES = ("wondzorg", "valpreventie", '"wondzorg en valpreventie"', NEW_WORD,
           "wondzorg NOT decubitus", "zorg dept:Zorg", "(", "kind:cv wondzorg")


def make_share(root: Path) -> Path:
    share = root / "share"
    share.mkdir()
    rows = ["id,name,email,department,location,role"]
    for i in range(PEOPLE):
        pid = f"p{i:02d}"
        rows.append(f"{pid},Collega {i},{pid}@zorg.example,Zorg,Utrecht,Verpleegkundige")
        (share / pid).mkdir()
        write_docx(share / pid / "cv.docx", f"CV van collega {i}", "Wondzorg en valpreventie.")
    (share / "people.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return share


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """The real app under uvicorn on 127.0.0.1, in a thread, for the length of a test."""

    def __init__(self, index: Path) -> None:
        self.port = free_port()
        config = uvicorn.Config(create_app(Settings(index=index)), host="127.0.0.1",
                                port=self.port, log_level="warning", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def url(self, path: str, **params: str) -> str:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        return f"http://127.0.0.1:{self.port}{path}{query}"

    def get(self, path: str, **params: str) -> tuple[int, dict[str, object]]:
        try:
            with urllib.request.urlopen(self.url(path, **params), timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline and self.thread.is_alive(), "server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Path, Path, LiveServer]]:
    share = make_share(tmp_path)
    index = tmp_path / "index"
    run_batch(share, index, workers=1, today=TODAY)
    with LiveServer(index) as server:
        yield share, index, server


@pytest.mark.slow
def test_queries_keep_working_while_a_batch_commits(
        live: tuple[Path, Path, LiveServer]) -> None:
    share, index, server = live
    status, health = server.get("/healthz")
    assert status == 200
    before = health["generation"]
    assert server.get("/api/search", q=NEW_WORD)[1]["total"] == 0

    stop = threading.Event()
    statuses: Counter[int] = Counter()
    failures: list[str] = []

    def hammer(worker: int) -> None:
        for n in range(600):  # bounded in count as well as in time
            if stop.is_set():
                return
            query = QUERIES[(worker + n) % len(QUERIES)]
            try:
                status, body = server.get("/api/search", q=query)
            except Exception as exc:  # noqa: BLE001 - every failure is what the test reports
                failures.append(f"{query!r}: {type(exc).__name__}: {exc}")
                continue
            statuses[status] += 1
            if status != (400 if query == "(" else 200):
                failures.append(f"{query!r}: {status} {body}")

    threads = [threading.Thread(target=hammer, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    try:
        time.sleep(0.5)
        for i in range(PEOPLE):
            write_docx(share / f"p{i:02d}" / "verslag.docx",
                       *[f"Verslag {NEW_WORD} met collega {i}."] * 20)
        report = run_batch(share, index, workers=1, today=TODAY)  # commits while queried
        assert report.added == PEOPLE
        time.sleep(0.5)
        rebuilt = run_batch(share, index, full=True, workers=1, today=TODAY)  # a fresh generation
        assert rebuilt.added == 2 * PEOPLE
        time.sleep(1.0)  # keep hammering the new generation too
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)

    assert failures == [], failures[:5]
    assert sum(statuses.values()) >= 40 and set(statuses) <= {200, 400}
    status, health = server.get("/healthz")
    assert status == 200 and health["generation"] != before
    status, found = server.get("/api/search", q=NEW_WORD, limit="50")
    assert status == 200 and found["total"] == PEOPLE  # seen without a restart
