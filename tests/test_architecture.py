"""The layout holds: no import cycles, Whoosh only behind the store, small modules, a
server that loads no extractor.

The import graph is read from the code (every ``import`` and ``from ... import``, also
those inside functions), so a new cycle or a new Whoosh import fails here, not in review.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("indexer", "finder")
MAX_LINES = 300  # STYLE.md: modules under ~300 lines, one purpose each
# The libraries only extraction needs (PDF, Office, RTF, encodings, images).
EXTRACTION = ("pypdfium2", "pypdfium2_raw", "lxml", "olefile", "striprtf", "charset_normalizer",
              "PIL", "indexer.ingest.extract")


def modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the two packages."""
    out = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            out[name] = path
    return out


def imports(path: Path, name: str, known: set[str]) -> set[str]:
    """The project modules (and external top-level packages) *path* imports."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's own package upwards
                package = name.split(".") if is_package else name.split(".")[:-1]
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # "from indexer.store import schema" imports the module indexer.store.schema;
            # other names come from the package's __init__ itself.
            submodules = {f"{base}.{a.name}" for a in node.names} & known
            found.update(submodules)
            if len(submodules) < len(node.names):
                found.add(base)
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports(path, name, known) for name, path in mods.items()}


def project_edges(g: dict[str, set[str]]) -> dict[str, set[str]]:
    """Edges between project modules only; importing a package imports its __init__."""
    return {name: {t for t in targets if t in g and t != name} for name, targets in g.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_the_import_graph_has_no_cycle() -> None:
    edges = project_edges(graph())
    assert sum(map(len, edges.values())) > 100  # the graph was really read
    assert cycles(edges) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_whoosh_is_imported_only_under_the_store() -> None:
    g = graph()
    users = {name for name, targets in g.items()
             if any(t == "whoosh" or t.startswith("whoosh.") for t in targets)}
    assert users, "no module imports Whoosh: the graph was not read"
    assert {u for u in users if not u.startswith("indexer.store")} == set()


def test_every_module_is_at_most_300_lines() -> None:
    lines = {name: len(path.read_text(encoding="utf-8").splitlines())
             for name, path in modules().items()}
    assert len(lines) > 50  # the modules were really found
    assert {name: n for name, n in lines.items() if n > MAX_LINES} == {}


def test_the_server_and_the_search_command_load_no_extractor() -> None:
    """Serving reads the index, never a PDF or an Office file: each server process would
    hold the extractors' libraries for nothing (11 MB each, issue 16)."""
    code = "import sys, finder.web.app, finder.cli; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, text=True,
                            capture_output=True).stdout.split()
    assert "finder.web.app" in loaded and "indexer.store.search" in loaded
    assert [m for m in loaded if m.startswith(EXTRACTION)] == []
