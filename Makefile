# Expertise Finder: one-line tasks. Every target creates/updates .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARE ?= var/demo-share
INDEX ?= var/index
PORT ?= 8000

.PHONY: demo test lint audit bench-quality bench-scale bench-extraction clean

# Create the virtual environment and install the project with pinned versions
# (the dev extra includes the demo extra: python-docx, reportlab and pillow).
$(BIN)/.installed: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is needed" if sys.version_info < (3, 11) else 0)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

# Generate the demo organisation, index it and serve the intranet page on http://127.0.0.1:$(PORT)
# (another port: make demo PORT=8001).
demo: $(BIN)/.installed
	@command -v pdftotext >/dev/null || echo "note: pdftotext missing (apt-get install poppler-utils): PDF text is read by PDFium"
	@command -v tesseract >/dev/null || echo "note: tesseract missing (apt-get install tesseract-ocr tesseract-ocr-nld): scans stay 'needs OCR'"
	$(BIN)/python -m indexer.demo $(SHARE) --today $$(date +%F)
	$(BIN)/expertise-indexer $(SHARE) --index $(INDEX) --report var/last-batch.json
	$(BIN)/expertise-finder serve --index $(INDEX) --host 127.0.0.1 --port $(PORT)

# Run the whole test suite (browser tests run when /usr/bin/chromium is installed).
test: $(BIN)/.installed
	$(BIN)/python -m pytest

# Lint, format check and strict typing.
lint: $(BIN)/.installed
	$(BIN)/ruff check indexer finder tests bench
	$(BIN)/mypy indexer finder

# Known vulnerabilities in the pinned dependencies (needs the PyPI JSON API or OSV online).
audit: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet pip-audit==2.10.1
	$(BIN)/pip-audit --requirement constraints.txt --no-deps --disable-pip --strict

# Ranking quality on ../shared/corpus/resumes, our model side by side with plain BM25.
bench-quality: $(BIN)/.installed
	$(BIN)/python -m bench.quality.run

# Extracted text against independent references (pdftotext, pypdf, textract) on ../shared/corpus.
bench-extraction: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[bench]'
	$(BIN)/python -m bench.extraction.run

# Indexing and query speed on a generated organisation (SIZE=1000|10000|100000 documents).
bench-scale: $(BIN)/.installed
	$(BIN)/python -m bench.scale.run --docs $(or $(SIZE),1000)

# Remove the environment, the demo share and the index.
clean:
	rm -rf $(VENV) var artifacts
