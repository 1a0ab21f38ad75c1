"""PDF text as a reader sees it: words a PDF places apart stay apart, ligatures are letters.

Many PDF writers (the livecareer resumes among them) position each word without a
space character between them; a text layer read character by character then runs
the words together ("generalledger") and a phrase search misses the CV.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from finder.search import Finder
from indexer.batch import run_batch
from indexer.ingest.extract import extract
from indexer.ingest.extract.pdf import normalise
from tests.share import P, write_people

LINES = ["Professional experience",
         "Responsible for general ledger reconciliations and month-end close.",
         "Prepared accounts payable reports for the finance director."]


def write_positioned_pdf(path: Path, lines: list[str]) -> None:
    """Each word drawn at its own position, with no space character between words."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(path), pagesize=A4)
    y = A4[1] - 100
    for line in lines:
        x = 60.0
        for word in line.split():
            pdf.setFont("Helvetica", 11)
            pdf.drawString(x, y, word)
            x += stringWidth(word, "Helvetica", 11) + 1.3  # a narrow gap, as tight layouts leave
        y -= 18
    pdf.showPage()
    pdf.save()


def test_words_placed_apart_are_extracted_apart(tmp_path: Path) -> None:
    pdf = tmp_path / "cv.pdf"
    write_positioned_pdf(pdf, LINES)
    text = extract(pdf).text
    assert "Responsible for general ledger reconciliations" in text
    assert "Prepared accounts payable reports" in text


def test_a_pdf_cv_is_found_by_its_exact_phrase(tmp_path: Path) -> None:
    share = tmp_path / "share"
    write_people(share, [P("p1", "Anna de Vries", department="Financiën"),
                         P("p2", "Bram Bos", department="Financiën")])
    write_positioned_pdf(share / "p1" / "cv.pdf", LINES)
    write_positioned_pdf(share / "p2" / "cv.pdf", ["Ledger of general meetings kept."])
    run_batch(share, tmp_path / "ix", workers=1)
    with Finder(tmp_path / "ix") as finder:
        found = finder.find_experts('"general ledger"').experts
    assert [e.person_id for e in found] == ["p1"]


@pytest.mark.parametrize(("raw", "read"), [
    ("ﬁnancial ofﬁce", "financial office"),  # ligatures
    ("ＢＬＳ　２０２４", "BLS 2024"),  # full-width forms
    ("verpleeg-\nkundige", "verpleegkundige"),  # hyphenated at the line end
    ("Results-\nOriented", "Results-\nOriented"),  # a capital: a real hyphen
    ("2010-\n2014", "2010-\n2014"),
    ("wond\u00ad\nzorg", "wondzorg"),  # a soft hyphen
])
def test_normalise_undoes_typesetting(raw: str, read: str) -> None:
    assert normalise(raw) == read
