"""Mutated .docx and .pdf files, zip bombs and billion laughs: indexed or reported, never fatal."""

from __future__ import annotations

import functools
import io
import random
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from extract_helpers import BILLION_LAUGHS, W_NS, make_cv_docx, make_pdf, rewrite_zip
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finder.search import Finder
from indexer.batch import run_batch
from indexer.ingest.extract import REASONS, Limits
from indexer.ingest.files import Colleagues, Job, process
from indexer.people import Person

ROSTER = [Person("anna", "Anna de Vries", "anna@zorg.example", "Zorg", "Utrecht", "V")]
LIMITS = Limits()
FUZZ = settings(max_examples=300, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])
PDF_LINES = ["Curriculum vitae Anna de Vries", "Wondverzorging en decubituspreventie",
             "BLS-certificaat behaald op 12-03-2025", "Stomazorg (2019) - Intensive Care"] * 6


@functools.cache
def seed(kind: str) -> bytes:
    """A well-formed file to mutate: the rich test CV, or a one-page PDF."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"seed.{kind}"
        if kind == "docx":
            make_cv_docx(path)
        else:
            make_pdf(path, PDF_LINES, title="CV", author="Anna de Vries")
        return path.read_bytes()


def flip(data: bytes, flips: list[tuple[int, int]]) -> bytes:
    out = bytearray(data)
    for pos, xor in flips:
        out[pos % len(out)] ^= xor
    return bytes(out)


def mutate_members(data: bytes, drop: str | None, garble: str | None,
                   flips: list[tuple[int, int]], cut: float) -> bytes:
    """A valid zip whose parts are missing, bit-flipped or truncated: damage inside the XML."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == drop:
                continue
            if info.filename == garble:
                body = flip(body, flips)[: max(1, int(len(body) * cut))]
            zout.writestr(info.filename, body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def mutations(kind: str) -> st.SearchStrategy[bytes]:
    data = seed(kind)
    flips = st.lists(st.tuples(st.integers(0, len(data) - 1), st.integers(1, 255)),
                     min_size=1, max_size=25)
    raw = st.one_of(
        flips.map(lambda f: flip(data, f)),
        st.integers(0, len(data) - 1).map(lambda n: data[:n]),
        st.tuples(st.integers(0, len(data) - 1), st.integers(1, 4000)).map(
            lambda t: data[: t[0]] + data[t[0] + t[1]:]),  # a slice cut out
        st.tuples(st.integers(0, len(data) - 1), st.integers(1, 4000)).map(
            lambda t: data[: t[0]] + data[t[0]: t[0] + t[1]] * 3 + data[t[0]:]),  # repeated
    )
    if kind != "docx":
        return raw
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = sorted(zf.namelist())
    inner = st.builds(mutate_members, st.just(data), st.one_of(st.none(), st.sampled_from(members)),
                      st.one_of(st.none(), st.sampled_from(members)),
                      st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(1, 255)),
                               max_size=10), st.floats(0.0, 1.0))
    return st.one_of(raw, inner)


def processed(tmp: Path, name: str, data: bytes) -> None:
    """Run one file the way a batch worker does; it must end indexed or with a known reason."""
    path = tmp / name
    path.write_bytes(data)
    started = time.monotonic()
    outcome = process(Job(f"anna/{name}", path, "anna"), Colleagues.of(ROSTER), LIMITS)
    assert time.monotonic() - started < LIMITS.timeout_seconds + 1
    if outcome.record is None:
        assert outcome.reason in REASONS, outcome
    else:
        assert outcome.record.content.strip() and not outcome.reason


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mutants")


@given(mutations("docx"))
@FUZZ
def test_mutated_docx_is_indexed_or_reported(scratch: Path, data: bytes) -> None:
    processed(scratch, "cv.docx", data)


@given(mutations("pdf"))
@FUZZ
def test_mutated_pdf_is_indexed_or_reported(scratch: Path, data: bytes) -> None:
    processed(scratch, "cv.pdf", data)


# ------------------------------------------------------------------ hostile files in a batch
def zip_bomb(src: Path, dest: Path) -> Path:
    """A .docx whose body inflates to 40 MB from about 40 KB (ratio ~1000)."""
    body = (f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'.encode()
            + b" " * (40 << 20) + b"</w:t></w:r></w:p></w:body></w:document>")
    return rewrite_zip(src, dest, {"word/document.xml": body})


def deep_nesting(src: Path, dest: Path, depth: int = 20_000) -> Path:
    body = (f'<w:document xmlns:w="{W_NS}"><w:body>'.encode() + b"<w:p>" * depth
            + b"</w:p>" * depth + b"</w:body></w:document>")
    return rewrite_zip(src, dest, {"word/document.xml": body})


def test_batch_of_hostile_and_mutated_files_completes(tmp_path: Path) -> None:
    share = tmp_path / "share"
    folder = share / "anna"
    folder.mkdir(parents=True)
    (share / "people.csv").write_text("id,name,email,department,location,role\n"
                                      "anna,Anna de Vries,anna@zorg.example,Zorg,Utrecht,V\n",
                                      encoding="utf-8")
    good = make_cv_docx(folder / "goed.docx")
    zip_bomb(good, folder / "bom.docx")
    rewrite_zip(good, folder / "lachen.docx", {"word/document.xml": BILLION_LAUGHS})
    deep_nesting(good, folder / "diep.docx")
    rng = random.Random(11)
    for i in range(40):
        kind = "docx" if i % 2 else "pdf"
        data = seed(kind)
        n = rng.randrange(len(data))
        mutated = [flip(data, [(rng.randrange(len(data)), rng.randrange(1, 256))
                               for _ in range(rng.randint(1, 20))]),
                   data[:n], data[:n] + data[n + rng.randint(1, 2000):]][i % 3]
        (folder / f"mutant_{i:02d}.{kind}").write_bytes(mutated)
    files = len(list(folder.iterdir()))

    started = time.monotonic()
    report = run_batch(share, tmp_path / "index", workers=2)
    assert time.monotonic() - started < 60
    assert report.added + len(report.failed) == files  # every file indexed or reported
    reasons = {Path(f.path).name: f for f in report.failed}
    assert all(f.reason in REASONS for f in report.failed)
    assert reasons["bom.docx"].reason == "zip bomb"
    assert reasons["lachen.docx"].reason == "corrupt file"
    assert "entit" in reasons["lachen.docx"].detail.lower()  # refused, not expanded
    assert reasons["diep.docx"].reason == "corrupt file"
    assert "goed.docx" not in reasons
    with Finder(tmp_path / "index") as finder:  # the good file is searchable
        assert [e.person_id for e in finder.find_experts("wondverzorging").experts] == ["anna"]
