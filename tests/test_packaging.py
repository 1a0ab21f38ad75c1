"""A plain install serves: the wheel and sdist hold the templates, static files and catalogs.

The wheel is built from a copy of the source tree, installed into a fresh virtual
environment without network (its dependencies come from the test environment by a
.pth line, the project itself only from the wheel), and its `serve` is started and
asked for pages from a working directory far from the source tree.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import tarfile
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from finder.web.assets import AssetsMissing, locate
from tests.app_helpers import build, write_share

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow
ASSETS = ("finder/templates/base.html", "finder/templates/search/index.html",
          "finder/static/app.css", "finder/locales/nl/LC_MESSAGES/messages.po",
          "finder/locales/en/LC_MESSAGES/messages.po", "indexer/data/ATTRIBUTION.md",
          "indexer/data/thesaurus_esco.json.gz", "indexer/data/concept_bridge.json.gz")
_SKIP = shutil.ignore_patterns(".venv", ".git", "var", "build", "dist", "*.egg-info",
                               "__pycache__", ".*_cache", "artifacts", "bench")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The wheel and sdist built from a copy of this source tree (no network, no isolation)."""
    src = tmp_path_factory.mktemp("src") / "expertise-finder"
    shutil.copytree(ROOT, src, ignore=_SKIP)
    built = {}
    for kind in ("wheel", "sdist"):  # one process each: setuptools keeps state between them
        code = ("import setuptools.build_meta as b, sys; "
                f"print('BUILT', b.build_{kind}(sys.argv[1]))")
        run = subprocess.run([sys.executable, "-c", code, str(src / kind)], cwd=src, check=True,
                             capture_output=True, text=True, timeout=300)
        built[kind] = src / kind / run.stdout.rsplit("BUILT", 1)[1].strip()
    return built


def test_the_wheel_holds_every_asset(dist: dict[str, Path]) -> None:
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        names = set(wheel.namelist())
    assert [a for a in ASSETS if a not in names] == []
    assert not any(n.startswith(("tests/", "bench/", "templates/", "static/")) for n in names)


def test_the_sdist_holds_every_asset(dist: dict[str, Path]) -> None:
    with tarfile.open(dist["sdist"]) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    wanted = [a.removeprefix("finder/") if a.startswith(("finder/templates", "finder/static"))
              else a for a in ASSETS]
    assert [a for a in wanted if a not in names] == []


@pytest.fixture(scope="module")
def installed(dist: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with only the wheel installed; returns its bin/ folder."""
    venv = tmp_path_factory.mktemp("venv") / "v"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
                    "install", "--quiet", "--no-index", "--no-deps", str(dist["wheel"])],
                   check=True, timeout=300)
    site = next((venv / "lib").glob("python3*/site-packages"))
    # The dependencies, not the project: a .pth line adds a folder without running the
    # editable install's own .pth hook in it.
    (site / "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv / "bin"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The installed `expertise-finder serve`, run from a folder far from the source."""
    work = tmp_path_factory.mktemp("deploy")
    share = write_share(work / "share", {"p1": ("Anna de Vries", "Geriatrie", "Verpleegkundige")},
                        {"p1": ["Wondzorg en decubituspreventie bij ouderen."]})
    index = build(share, work / "index")
    port, log = _free_port(), work / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EXPERTISE_", "PYTHON"))}
    base = f"http://127.0.0.1:{port}"
    with log.open("w") as err:
        proc = subprocess.Popen([str(installed / "expertise-finder"), "serve", "--index",
                                 str(index), "--port", str(port)], cwd=work, env=env,
                                stdout=subprocess.DEVNULL, stderr=err)
    try:
        for _ in range(100):
            if proc.poll() is not None:
                pytest.fail(f"serve stopped at start: {log.read_text()}")
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _get(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8"), response.headers.get("content-type", "")


def test_the_installed_package_is_the_wheel(installed: Path) -> None:
    where = subprocess.run([str(installed / "python"), "-c",
                            "import finder; print(finder.__file__)"],
                           capture_output=True, text=True, check=True, cwd="/").stdout
    assert str(installed.parent) in where and str(ROOT) not in where


def test_the_installed_package_uses_its_precomputed_language_data(installed: Path) -> None:
    # Fingerprinted over the installed code and data: a wheel that changed either would
    # analyse ESCO at every start (issue 16).
    code = ("from indexer.language import concepts as c, precomputed as p, thesaurus as t; "
            "from indexer.language.words import DATA_DIR as d; "
            "print(p.read(d / t.ESCO_CACHE, t.esco_sources()) is not None, "
            "p.read(d / c.BRIDGE_CACHE, c.sources()) is not None)")
    found = subprocess.run([str(installed / "python"), "-c", code], capture_output=True,
                           text=True, check=True, cwd="/").stdout
    assert found.split() == ["True", "True"]


def test_the_installed_app_serves_dutch_with_its_styles(served: str) -> None:
    page, _ = _get(served + "/?q=wondzorg")
    assert 'lang="nl"' in page and "Anna de Vries" in page and ">Zoeken<" in page
    css = page.split('href="/static/app.css', 1)[1].split('"', 1)[0]
    body, kind = _get(served + "/static/app.css" + css)
    assert kind.startswith("text/css") and len(body) > 500


def test_the_installed_app_serves_english(served: str) -> None:
    page, _ = _get(served + "/?q=wound+care&lang=en")
    assert 'lang="en"' in page and ">Search<" in page and "Zoeken" not in page


def test_an_install_without_templates_refuses_to_start(tmp_path: Path) -> None:
    package = tmp_path / "finder"
    shutil.copytree(locate().locales, package / "locales")
    with pytest.raises(AssetsMissing, match="templates are missing"):
        locate(package)


def test_an_install_without_a_catalog_refuses_to_start(tmp_path: Path) -> None:
    package = tmp_path / "finder"
    for name in ("templates", "static"):
        shutil.copytree(getattr(locate(), name), package / name)
    with pytest.raises(AssetsMissing, match="nl message catalog is missing"):
        locate(package)
