"""Extraction benchmark: share of words found against independent references, and ms per file.

``python -m bench.extraction.run [--resumes N] [--out bench/out/extraction.json]``

PDF references are poppler's ``pdftotext`` and pypdf (pure Python; the one that stays
independent once our extractor reads PDF text with pdftotext); office files are scored
against the corpus's textract expectations, or for a .docx without one the w:t words
of word/document.xml. Every engine runs once per file, one file at a time, in this process.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2 as pdfium

from bench.extraction.reference import (
    docx_words,
    glued,
    percentile,
    share,
    textract_expectation,
    tokens,
)
from indexer.ingest.extract import ExtractionError, extract

log = logging.getLogger(__name__)

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
PDFTOTEXT = "/usr/bin/pdftotext"
PDF_REFERENCES = ("pdftotext", "pypdf")
OFFICE = {".docx": "docx", ".docm": "docx", ".dotx": "docx", ".doc": "doc", ".odt": "odt",
          ".rtf": "rtf"}
SUBPROCESS_TIMEOUT = 120.0

Engine = Callable[[Path], str]


def ours(path: Path) -> str:
    """Our extractor, as the indexer calls it."""
    return extract(path).text


def pypdfium2_raw(path: Path) -> str:
    """PDFium's text of each page, ``get_text_range()`` as is."""
    doc = pdfium.PdfDocument(str(path))
    try:
        pages = []
        for index in range(len(doc)):
            page = doc[index]
            textpage = page.get_textpage()
            pages.append(str(textpage.get_text_range()))
            textpage.close()
            page.close()
        return "\n".join(pages)
    finally:
        doc.close()


def pdftotext(path: Path) -> str:
    """Poppler's ``pdftotext -q -enc UTF-8 FILE -``."""
    run = subprocess.run([PDFTOTEXT, "-q", "-enc", "UTF-8", str(path), "-"],
                         capture_output=True, timeout=SUBPROCESS_TIMEOUT, check=False)
    if run.returncode != 0:
        raise RuntimeError(f"exit {run.returncode}")
    return run.stdout.decode("utf-8", "replace")


def pypdf_text(path: Path) -> str:
    """pypdf's ``extract_text()`` of each page (the empty user password tried first)."""
    reader = pypdf.PdfReader(path)
    if reader.is_encrypted:
        reader.decrypt("")
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_engines() -> dict[str, Engine]:
    """The PDF candidates, pdf-oxide only when it is installed."""
    engines: dict[str, Engine] = {"ours": ours, "pypdfium2 raw": pypdfium2_raw,
                                  "pdftotext": pdftotext, "pypdf": pypdf_text}
    try:
        import pdf_oxide
    except ImportError:
        return engines
    pdf_oxide.disable_logging()

    def oxide(path: Path) -> str:
        doc = pdf_oxide.PdfDocument(str(path))
        return "\n".join(doc.extract_text(i) for i in range(int(doc.page_count())))

    engines["pdf-oxide"] = oxide
    return engines


@dataclass
class Run:
    """One engine on one file: its words (None when it failed), the time, the error."""

    words: list[str] | None
    ms: float
    error: str = ""


def run_engine(engine: Engine, path: Path) -> Run:
    """Time *engine* on *path*; an error is recorded, never raised."""
    start = time.perf_counter()
    try:
        text = engine(path)
    except ExtractionError as exc:
        return Run(None, (time.perf_counter() - start) * 1000, exc.reason)
    except BaseException as exc:  # Rust panics of pdf-oxide derive from BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        return Run(None, (time.perf_counter() - start) * 1000,
                   f"{type(exc).__name__}: {exc}"[:120])
    ms = (time.perf_counter() - start) * 1000
    return Run(tokens(text), ms)


def score(runs: dict[str, Run], refs: dict[str, list[str] | None]) -> dict[str, Any]:
    """Per engine: ms, error, words, and share and glued words against each reference."""
    bags = {name: Counter(ref) for name, ref in refs.items() if ref}
    out: dict[str, Any] = {}
    for name, run in runs.items():
        cand = Counter(run.words or [])
        shares: dict[str, float | None] = {}
        stuck: dict[str, dict[str, int]] = {}
        for ref_name, bag in bags.items():
            if ref_name == name:
                continue  # an engine is not scored against its own output
            shares[ref_name] = 0.0 if run.words is None else share(cand, bag)
            if run.words:
                stuck[ref_name] = dict(glued(cand, refs[ref_name] or []))
        out[name] = {"ms": round(run.ms, 2), "error": run.error,
                     "words": None if run.words is None else len(run.words),
                     "share": {k: None if v is None else round(v, 4) for k, v in shares.items()},
                     "glued": stuck}
    return out


@dataclass
class FileResult:
    """One file: its reference word counts and every engine's scores."""

    file: str
    references: dict[str, int | str]  # words, or why there is none
    engines: dict[str, Any]
    note: str = ""


def measure_pdf(path: Path, root: Path, engines: dict[str, Engine]) -> FileResult:
    """Run every engine on one PDF; pdftotext, pypdf (and textract if present) are references."""
    path.read_bytes()  # the first engine does not pay for a cold page cache
    runs = {name: run_engine(engine, path) for name, engine in engines.items()}
    refs: dict[str, list[str] | None] = {name: runs[name].words for name in PDF_REFERENCES}
    expected = textract_expectation(path)
    if expected is not None:
        refs["textract"] = tokens(expected)
    counts: dict[str, int | str] = {
        name: runs[name].error if refs[name] is None else len(refs[name] or [])
        for name in PDF_REFERENCES}
    if expected is not None:
        counts["textract"] = len(refs["textract"] or [])
    return FileResult(str(path.relative_to(root)), counts, score(runs, refs))


def measure_office(path: Path, root: Path) -> FileResult:
    """Our extractor on one office file, against textract's expectation or the docx w:t words."""
    path.read_bytes()
    run = run_engine(ours, path)
    expected, kind = textract_expectation(path), "textract"
    if expected is None and OFFICE[path.suffix.lower()] == "docx":
        expected, kind = docx_words(path), "w:t"
    if expected is None:
        return FileResult(str(path.relative_to(root)), {}, score({"ours": run}, {}),
                          "no reference")
    words = tokens(expected)
    return FileResult(str(path.relative_to(root)), {"reference": len(words)},
                      score({"ours": run}, {"reference": words}), kind)


def summarise(results: list[FileResult], engine: str, refs: tuple[str, ...]) -> dict[str, Any]:
    """files, failures, ms p50/p95, and per reference n, median, p10, min, ≥0.95, glued p50."""
    rows = [r.engines[engine] for r in results]
    ms = [row["ms"] for row in rows]
    out: dict[str, Any] = {
        "files": len(rows), "failed": sum(bool(row["error"]) for row in rows),
        "ms_median": round(statistics.median(ms), 2) if ms else None,
        "ms_p95": round(percentile(ms, 95) or 0.0, 2) if ms else None, "vs": {}}
    examples: Counter[str] = Counter()
    for ref in refs:
        shares = [row["share"][ref] for row in rows if row["share"].get(ref) is not None]
        stuck = [row["glued"][ref] for row in rows if ref in row["glued"]]
        for g in stuck:
            examples.update(g)
        if not shares:
            continue
        out["vs"][ref] = {
            "n": len(shares), "median": round(statistics.median(shares), 4),
            "p10": round(percentile(shares, 10) or 0.0, 4), "min": round(min(shares), 4),
            "ge_095": round(sum(s >= 0.95 for s in shares) / len(shares), 4),
            "glued_median": statistics.median([sum(g.values()) for g in stuck]) if stuck else 0,
        }
    out["glued_examples"] = [w for w, _ in examples.most_common(12)]
    return out


def fmt(value: float | None, digits: int = 3) -> str:
    """A number for the table, "–" for none."""
    return "–" if value is None else f"{value:.{digits}f}"


def pdf_table(summaries: dict[str, dict[str, dict[str, Any]]]) -> str:
    """One row per engine per set, shares against pdftotext and pypdf side by side."""
    group = ("p50", "p10", "min", "≥0.95", "glued/file")
    head = ["set", "engine", "files", "failed", "ms p50", "ms p95"] + [
        f"vs {ref} {c}" for ref in PDF_REFERENCES for c in group]
    rows = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    for set_name, engines in summaries.items():
        for engine, s in engines.items():
            cells = [set_name, engine, str(s["files"]), str(s["failed"]),
                     fmt(s["ms_median"], 1), fmt(s["ms_p95"], 1)]
            for ref in PDF_REFERENCES:
                v = s["vs"].get(ref)
                if v is None:
                    cells += ["(self)" if ref == engine else "–"] + ["–"] * 4
                else:
                    cells += [fmt(v["median"]), fmt(v["p10"]), fmt(v["min"]),
                              f"{v['ge_095'] * 100:.1f} %", f"{v['glued_median']:g}"]
            rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def short(error: str) -> str:
    """An error for a table cell: ours' reason as is, others' exception and 40 characters."""
    return error if len(error) <= 40 else error[:39] + "…"


def cell(engine: dict[str, Any], name: str, refs: tuple[str, ...]) -> str:
    """A per-file cell: shares against *refs* ("a / b"), the error, or the word count."""
    if engine["error"]:
        return f"**{short(engine['error'])}**"
    shares = [engine["share"].get(ref) for ref in refs]
    if all(s is None for s in shares) and name not in refs:
        return f"({engine['words']} words)"
    return " / ".join("self" if ref == name else fmt(s)
                      for s, ref in zip(shares, refs, strict=True))


def file_table(results: list[FileResult], engines: list[str], refs: tuple[str, ...],
               what: dict[str, str]) -> str:
    """One row per file: reference words, then each engine's cell."""
    head = ["file", "what"] + [f"{ref} words" for ref in refs] + engines
    rows = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    for r in results:
        ref_cells = [str(r.references.get(ref, "–")).split(":")[0] for ref in refs]
        cells = [f"`{r.file}`", what.get(r.file, "")[:48].replace("|", "/"), *ref_cells]
        cells += [cell(r.engines[e], e, refs) for e in engines]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def office_tables(results: list[FileResult], what: dict[str, str]) -> str:
    """Per format: our share against the office references; then file by file."""
    by_format: dict[str, list[FileResult]] = {}
    for r in results:
        by_format.setdefault(OFFICE[Path(r.file).suffix.lower()], []).append(r)
    head = ["format", "files", "failed", "scored", "references", "p50", "p10", "min", "≥0.95",
            "glued/file", "ms p50", "ms p95"]
    rows = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    for name, group in by_format.items():
        s = summarise(group, "ours", ("reference",))
        v = s["vs"].get("reference")
        kinds = sorted({r.note for r in group if r.references})
        stats = ([fmt(v["median"]), fmt(v["p10"]), fmt(v["min"]), f"{v['ge_095'] * 100:.1f} %",
                  f"{v['glued_median']:g}"] if v else ["–"] * 5)
        rows.append("| " + " | ".join([name, str(s["files"]), str(s["failed"]),
                                       str(v["n"] if v else 0), " + ".join(kinds) or "–",
                                       *stats, fmt(s["ms_median"], 1), fmt(s["ms_p95"], 1)])
                    + " |")
    per_file = ["| file | what | reference | ref words | ours | ms |", "|---" * 6 + "|"]
    for r in results:
        row = r.engines["ours"]
        per_file.append(
            f"| `{r.file}` | {what.get(r.file, '')[:48].replace('|', '/')} | {r.note} | "
            f"{r.references.get('reference', '–')} | {cell(row, 'ours', ('reference',))} | "
            f"{row['ms']:.1f} |")
    return "\n".join(rows) + "\n\nFile by file:\n\n" + "\n".join(per_file)


def manifest(documents: Path) -> dict[str, str]:
    """What each corpus document is, from documents/MANIFEST.csv."""
    with (documents / "MANIFEST.csv").open(encoding="utf-8", newline="") as fh:
        return {row["path"]: row["what"] for row in csv.DictReader(fh)}


def machine() -> dict[str, str]:
    """nproc, Python, pdftotext and library versions."""
    poppler = subprocess.run([PDFTOTEXT, "-v"], capture_output=True, text=True, check=False)
    versions = {"nproc": str(len(os.sched_getaffinity(0))), "python": platform.python_version(),
                "platform": platform.platform(),
                "pdftotext": (poppler.stderr or poppler.stdout).splitlines()[0].strip(),
                "pypdf": pypdf.__version__,
                "pypdfium2": f"{pdfium.PYPDFIUM_INFO} (PDFium {pdfium.PDFIUM_INFO})"}
    try:
        import pdf_oxide
    except ImportError:
        return versions
    versions["pdf-oxide"] = str(pdf_oxide.VERSION)
    return versions


def quiet() -> None:
    """Silence the libraries' per-file warnings; failures are in the report."""
    for name in ("pypdf", "indexer", "pypdfium2"):
        logging.getLogger(name).setLevel(logging.ERROR)
    warnings.filterwarnings("ignore")


def pdf_set(name: str, paths: list[Path], root: Path,
            engines: dict[str, Engine]) -> list[FileResult]:
    """Measure every PDF of one set, logging progress."""
    results = []
    for engine in engines.values():  # imports and first-call set-up are not timed
        if paths:
            run_engine(engine, paths[0])
    start = time.perf_counter()
    for i, path in enumerate(paths, 1):
        results.append(measure_pdf(path, root, engines))
        if i % 50 == 0 or i == len(paths):
            log.info("%s: %d/%d files, %.0f s", name, i, len(paths), time.perf_counter() - start)
    return results


def main(argv: list[str] | None = None) -> int:
    """Entry point; prints the Markdown and writes the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resumes", type=int, default=None, metavar="N",
                        help="only the first N resumes by sorted path (default: all)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=Path("bench/out/extraction.json"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    quiet()
    resumes_dir, documents = args.corpus / "resumes", args.corpus / "documents"
    if not resumes_dir.is_dir() or not documents.is_dir():
        parser.error(f"no corpus at {args.corpus}")
    command = " ".join(["python -m bench.extraction.run",
                        shlex.join(sys.argv[1:] if argv is None else argv)]).rstrip()
    engines = pdf_engines()
    what = manifest(documents)

    resumes = sorted(resumes_dir.rglob("*.pdf"))[: args.resumes]
    sets = {"resumes": pdf_set("resumes", resumes, resumes_dir, engines),
            "corpus PDFs": pdf_set("corpus PDFs", sorted(documents.rglob("*.pdf")), documents,
                                   engines)}
    office_paths = sorted(p for p in documents.rglob("*") if p.suffix.lower() in OFFICE)
    office = [measure_office(p, documents) for p in office_paths]
    summaries = {name: {e: summarise(results, e, PDF_REFERENCES) for e in engines}
                 for name, results in sets.items()}

    info = machine()
    names = list(engines)
    print(f"`{command}`\n")
    print("machine: " + ", ".join(f"{k} {v}" for k, v in info.items())
          + "; sequential, one file at a time, each engine once per file\n")
    print("### PDF engines\n")
    print(pdf_table(summaries))
    print("\nShares are of the reference's words (multiset), after NFKC and line-end hyphen "
          "joins on every text; a failed file counts 0; an engine is not scored against "
          "itself. Files a reference failed on or found no words in are not scored against it:")
    for set_name, engines_summary in summaries.items():
        scored = {ref: max((s["vs"].get(ref, {}).get("n", 0) for s in engines_summary.values()),
                           default=0) for ref in PDF_REFERENCES}
        print(f"- {set_name}: " + ", ".join(f"vs {ref} {n} of {len(sets[set_name])} files"
                                             for ref, n in scored.items()))
    print("\nGlued words (most frequent, any reference):\n")
    for set_name, engines_summary in summaries.items():
        for engine, s in engines_summary.items():
            if s["glued_examples"]:
                print(f"- {set_name}, {engine}: " + ", ".join(s["glued_examples"]))
    print("\n### Corpus PDFs, file by file\n")
    print("Cells: share vs pdftotext / vs pypdf; **bold**: the engine's error "
          "(ours: its ExtractionError reason); (N words): no reference words to score.\n")
    print(file_table(sets["corpus PDFs"], names, PDF_REFERENCES, what))
    with_textract = [r for r in sets["corpus PDFs"] if "textract" in r.references]
    if with_textract:
        print("\nThe same PDFs against the corpus's textract expectation:\n")
        print(file_table(with_textract, names, ("textract",), what))
    print("\n### Office files (ours)\n")
    print(office_tables(office, what))

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "command": command, "machine": info, "engines": names, "summaries": summaries,
        "sets": {name: [vars(r) for r in results] for name, results in sets.items()},
        "office": [vars(r) for r in office]}, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
