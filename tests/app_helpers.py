"""Tiny shares for the app tests: people.csv plus CVs written with python-docx."""

from __future__ import annotations

import contextlib
import csv
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import docx
import uvicorn

from finder.cli import UVICORN_OPTIONS
from indexer.batch import run_batch

FIELDS = ("id", "name", "email", "department", "location", "role", "phone")


def write_share(root: Path, people: dict[str, tuple[str, str, str]],
                cvs: dict[str, list[str]]) -> Path:
    """people: id -> (name, department, role); cvs: id -> paragraphs of their CV."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / "people.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(FIELDS)
        for i, (pid, (name, dept, role)) in enumerate(sorted(people.items())):
            email = name.lower().replace(" ", ".").replace("<", "").replace(">", "") + "@x.example"
            writer.writerow((pid, name, email, dept, "Zwolle", role, f"038-12345{i:02d}"))
    for pid, paragraphs in cvs.items():
        write_cv(root / pid / "cv.docx", paragraphs)
    return root


def write_cv(path: Path, paragraphs: list[str]) -> Path:
    """A real .docx CV."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = docx.Document()
    document.add_heading("Curriculum Vitae", level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def build(share: Path, index: Path) -> Path:
    """Index *share* into *index* (one worker, today)."""
    run_batch(share, index, workers=1, today=date.today())
    return index


@contextlib.contextmanager
def live_server(app: object, *, log_level: str = "warning",
                access_log: bool = False) -> Iterator[str]:
    """The app under uvicorn on 127.0.0.1, with the options `serve` uses, in a thread.

    Yields the base URL once the server accepts connections; stops it afterwards.
    """
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    config = uvicorn.Config(app, host="127.0.0.1", port=port,  # type: ignore[arg-type]
                            log_level=log_level, access_log=access_log, **UVICORN_OPTIONS)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
