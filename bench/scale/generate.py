"""Generate a synthetic share: N documents (.docx and .pdf, Dutch and English) for N/10 colleagues.

``python -m bench.scale.generate OUT --docs 1000|10000|100000 [--seed S] [--pdf-fraction F]
[--real-pdfs DIR]``

With ``--real-pdfs`` (``../shared/corpus/resumes``) every PDF CV and PDF document is a
copy of a real resume PDF from that folder, cycled, so that indexing is measured on
PDFs as real tools write them (2-3 pages, many positioned text runs) and not only on
the generated one-page ones; certificates stay generated. The copies land in OUT
(``bench/out``, git-ignored), never in the repository.
"""

from __future__ import annotations

import argparse
import csv
import logging
import random
import shutil
import time
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from bench.quality.share import FIRST, LAST
from bench.scale.vocab import Specialty, Vocabulary, load

log = logging.getLogger(__name__)

DOCS_PER_PERSON = 10
MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
DEPARTMENTS = (
    "Wondzorg",
    "Intensive Care",
    "Geriatrie",
    "Cardiologie",
    "Oncologie",
    "Spoedeisende Hulp",
    "Kindergeneeskunde",
    "Revalidatie",
    "Psychiatrie",
    "Facilitair Bedrijf",
    "HR",
    "ICT",
    "Financiën",
    "Kwaliteit en Veiligheid",
)
LOCATIONS = ("Utrecht", "Amersfoort", "Zwolle", "Arnhem", "Nijmegen", "Deventer")
CERTIFICATES = (
    ("Basic Life Support (BLS)", "Reanimatie (BLS)"),
    ("VCA Basis", "VCA Basis"),
    ("Medication safety", "Medicatieveiligheid"),
    ("First aid", "EHBO"),
    ("Wound care", "Wondzorg en decubituspreventie"),
    ("Aggression management", "Agressiehantering"),
    ("Palliative care", "Palliatieve zorg"),
    ("BIG registration", "BIG-registratie"),
    ("Safe lifting", "Tilinstructie"),
    ("Infection prevention", "Infectiepreventie"),
)
ISSUERS = ("NRR", "Het Oranje Kruis", "Zorgacademie Midden", "SSVV", "Nederlandse Hartstichting")


@dataclass(frozen=True)
class Person:
    """A generated colleague and their specialty."""

    person_id: str
    name: str
    email: str
    lang: str  # main language of their documents
    specialty: Specialty


def _date_nl(d: date) -> str:
    return f"{d.day} {MONTHS_NL[d.month - 1]} {d.year}"


def _date_en(d: date) -> str:
    return d.strftime("%-d %B %Y")


def _filler(vocab: Vocabulary, lang: str, rng: random.Random, words: int) -> list[str]:
    # Zipf-drawn words in sentences of 8-16 words: realistic term statistics,
    # meaningless text (the specialty sentences carry the meaning).
    zipf = vocab.words_nl if lang == "nl" else vocab.words_en
    out = []
    while words > 0:
        n = min(words, rng.randint(8, 16))
        out.append(" ".join(zipf.draw(rng) for _ in range(n)).capitalize() + ".")
        words -= n
    return out


def _topic(vocab: Vocabulary, p: Person, lang: str, rng: random.Random, k: int) -> list[str]:
    own = p.specialty.sentences_nl if lang == "nl" else p.specialty.sentences_en
    extra = vocab.skill_sentences_en if lang == "en" else own
    return [rng.choice(own) if rng.random() < 0.6 else rng.choice(extra) for _ in range(k)]


def cv_paragraphs(vocab: Vocabulary, p: Person, rng: random.Random) -> list[str]:
    """A CV: profile, work history, education, skills."""
    title = p.specialty.label_nl if p.lang == "nl" else p.specialty.sentences_en[0]
    head = ("Curriculum vitae", p.name, p.email)
    sections = (
        ("Profiel", "Werkervaring", "Opleiding", "Vaardigheden")
        if p.lang == "nl"
        else ("Profile", "Work experience", "Education", "Skills")
    )
    paras = [*head, sections[0], title, *_topic(vocab, p, p.lang, rng, 3)]
    paras.append(sections[1])
    year = rng.randint(1995, 2018)
    for _ in range(rng.randint(2, 4)):
        end = min(year + rng.randint(1, 6), 2026)
        paras.append(f"{year} - {end}  {rng.choice((p.specialty.label_nl, *p.specialty.alt_nl))}")
        paras += _topic(vocab, p, p.lang, rng, 2) + _filler(vocab, p.lang, rng, 60)
        year = end
    paras += [sections[2], *_filler(vocab, p.lang, rng, 40), sections[3]]
    paras += [", ".join(rng.sample(vocab.skill_labels_en, 6))]
    return paras


def certificate_paragraphs(p: Person, rng: random.Random) -> tuple[str, list[str]]:
    """A certificate with issue date and expiry date; some expired, some expiring soon."""
    en_name, nl_name = rng.choice(CERTIFICATES)
    issued = date(2018, 1, 1) + timedelta(days=rng.randint(0, 8 * 365))
    expires = issued + timedelta(days=365 * rng.choice((1, 2, 3, 5)))
    issuer = rng.choice(ISSUERS)
    if p.lang == "nl":
        return nl_name, [
            "Certificaat",
            nl_name,
            f"Hierbij verklaren wij dat {p.name} met goed gevolg de training "
            f"{nl_name} heeft afgerond.",
            f"Datum van afgifte: {_date_nl(issued)}",
            f"Geldig tot {_date_nl(expires)}",
            f"Uitgegeven door {issuer}",
        ]
    return en_name, [
        "Certificate of completion",
        en_name,
        f"This is to certify that {p.name} has successfully completed {en_name}.",
        f"Issued on {_date_en(issued)}",
        f"Valid until {_date_en(expires)}",
        f"Issued by {issuer}",
    ]


def document_paragraphs(
    vocab: Vocabulary, p: Person, rng: random.Random, mention: Person | None
) -> list[str]:
    """A protocol or report: a title, topical sentences and Zipf filler; sometimes mixed nl/en."""
    lang = p.lang if rng.random() < 0.85 else ("en" if p.lang == "nl" else "nl")
    kind = rng.choice(
        ("Protocol", "Werkinstructie", "Projectverslag")
        if lang == "nl"
        else ("Protocol", "Work instruction", "Project report")
    )
    paras = [f"{kind}: {rng.choice((p.specialty.label_nl, *p.specialty.alt_nl))}"]
    for _ in range(rng.randint(3, 6)):
        paras += _topic(vocab, p, lang, rng, 2) + _filler(vocab, lang, rng, rng.randint(30, 70))
    if mention is not None:  # roster e-mails in shared documents link co-authors
        paras.append(f"Contact: {mention.name} ({mention.email})")
    return paras


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
    'package.core-properties+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>'
)


def write_docx(path: Path, paragraphs: list[str], author: str, modified: date) -> None:
    """A minimal valid .docx written with zipfile (python-docx is ~10x slower here)."""
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(t)}</w:t></w:r></w:p>' for t in paragraphs
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w='
        '"http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    stamp = f"{modified.isoformat()}T09:00:00Z"
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(paragraphs[0])}</dc:title><dc:creator>{escape(author)}</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", document)
        z.writestr("docProps/core.xml", core)


def write_pdf(path: Path, paragraphs: list[str], author: str) -> None:
    """A text PDF with reportlab's canvas (Platypus layout is several times slower)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, pageCompression=1)
    c.setAuthor(author)
    c.setTitle(paragraphs[0])
    y = 800.0
    text = c.beginText(50, y)
    text.setFont("Helvetica", 10)
    for para in paragraphs:
        words, line = para.split(), ""
        for w in [*words, None]:
            if w is not None and len(line) + len(w) < 95:
                line = f"{line} {w}" if line else w
                continue
            text.textLine(line)
            y -= 12
            line = w or ""
            if y < 50:
                c.drawText(text)
                c.showPage()
                y = 800.0
                text = c.beginText(50, y)
                text.setFont("Helvetica", 10)
    c.drawText(text)
    c.save()


def generate(out: Path, docs: int, seed: int = 1, pdf_fraction: float = 0.3,
             real_pdfs: Path | None = None) -> dict[str, float]:
    """Write the share; returns counts and timings."""
    vocab = load()
    real = sorted(real_pdfs.rglob("*.pdf")) if real_pdfs else []
    if real_pdfs and not real:
        raise ValueError(f"no PDFs under {real_pdfs}")
    rng = random.Random(seed)
    n_people = max(1, docs // DOCS_PER_PERSON)
    people = []
    for i in range(n_people):
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}"
        email = f"{name.lower().replace(' ', '.')}.{i}@zorg.example.nl"
        spec = vocab.specialties[int(vocab.specialty_rank.draw(rng))]
        people.append(Person(f"p{i:05d}", name, email, "nl" if rng.random() < 0.7 else "en", spec))
    out.mkdir(parents=True, exist_ok=True)
    with (out / "people.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "email", "department", "location", "role", "phone"])
        for p in people:
            w.writerow(
                [
                    p.person_id,
                    p.name,
                    p.email,
                    rng.choice(DEPARTMENTS),
                    rng.choice(LOCATIONS),
                    p.specialty.label_nl,
                    f"030-{rng.randint(1000000, 9999999)}",
                ]
            )
    start = time.perf_counter()
    counts = {"docx": 0, "pdf": 0, "pdf_seconds": 0.0, "docx_seconds": 0.0, "real_pdf": 0}
    written = 0
    for p in people:
        folder = out / p.person_id
        (folder / "certificates").mkdir(parents=True, exist_ok=True)
        n_certs = rng.randint(2, 4)
        for j in range(DOCS_PER_PERSON):
            if written >= docs:
                break
            modified = date(2015, 1, 1) + timedelta(days=rng.randint(0, 11 * 365))
            author = p.name
            if j == 0:
                paras, path = cv_paragraphs(vocab, p, rng), folder / "cv"
            elif j <= n_certs:
                cert, paras = certificate_paragraphs(p, rng)
                slug = cert.split(" (")[0].lower().replace(" ", "-")
                path = folder / "certificates" / f"{slug}-{j}"
            elif rng.random() < 0.1:  # a shared document: co-author by metadata and mention
                other = people[rng.randrange(n_people)]
                paras = document_paragraphs(vocab, p, rng, mention=other)
                (out / "shared").mkdir(exist_ok=True)
                path = out / "shared" / f"{p.person_id}-doc-{j}"
            else:
                paras = document_paragraphs(vocab, p, rng, mention=None)
                path = folder / f"document-{j}"
            fmt = "pdf" if rng.random() < pdf_fraction else "docx"
            t0 = time.perf_counter()
            if fmt == "pdf" and real and "certificates" not in path.parts:
                shutil.copyfile(real[counts["real_pdf"] % len(real)], path.with_suffix(".pdf"))
                counts["real_pdf"] += 1
            elif fmt == "pdf":
                write_pdf(path.with_suffix(".pdf"), paras, author)
            else:
                write_docx(path.with_suffix(".docx"), paras, author, modified)
            counts[f"{fmt}_seconds"] += time.perf_counter() - t0
            counts[fmt] += 1
            written += 1
    seconds = time.perf_counter() - start
    return {
        "people": n_people,
        "docs": written,
        **counts,
        "seconds": round(seconds, 2),
        "docs_per_second": round(written / seconds, 1),
    }


def main(argv: list[str] | None = None) -> int:
    """Entry point: generate and log the generation speed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pdf-fraction", type=float, default=0.3)
    parser.add_argument("--real-pdfs", type=Path, default=None, metavar="DIR",
                        help="copy real PDFs from DIR for CVs and documents (not certificates)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    stats = generate(args.out, args.docs, args.seed, args.pdf_fraction, args.real_pdfs)
    log.info("%s", stats)
    for fmt in ("docx", "pdf"):
        if stats[fmt]:
            log.info("%s: %.1f ms a file", fmt, 1000 * stats[f"{fmt}_seconds"] / stats[fmt])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
