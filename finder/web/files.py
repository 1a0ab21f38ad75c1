"""A colleague's files in pages: photo (SHARE/<id>/photo.jpg|png) and download links.

Both follow the download rules (``views.download``): off unless an administrator set
allow_downloads and the share; only the colleague's own folder; no symlink followed
at any level (``open_beneath``). The photo route serves exactly that one file per
colleague, and only when it really is a JPEG or PNG.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from finder.settings import Settings
from finder.web.api import finder
from finder.web.security import open_beneath
from indexer.people import PHOTO_NAMES, valid_person_id

logger = logging.getLogger(__name__)

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAGIC = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


def _enabled(settings: Settings) -> bool:
    return bool(settings.allow_downloads and settings.share)


def _read_photo(settings: Settings, person_id: str, limit: int) -> tuple[bytes, str] | None:
    """The first *limit* bytes of their photo and its type, or None."""
    if not _enabled(settings) or not valid_person_id(person_id):
        return None
    for name in PHOTO_NAMES:
        opened = open_beneath(Path(settings.share), f"{person_id}/{name}")
        if opened is None:
            continue
        fd, info = opened
        with os.fdopen(fd, "rb") as fh:
            if info.st_size > MAX_PHOTO_BYTES:
                return None
            data = fh.read(limit)
        for magic, media in MAGIC.items():
            if data.startswith(magic):
                return data, media
        return None
    return None


def photo_finder(settings: Settings) -> Callable[[str, str], str]:
    """photo_src(root, person_id) for the templates: the photo's URL, or '' without one."""
    def photo_src(root: str, person_id: str) -> str:
        if _read_photo(settings, person_id, 8) is None:
            return ""
        return f"{root}/people/{quote(person_id)}/photo"
    return photo_src


def download_finder(settings: Settings) -> Callable[[str, str, str], str]:
    """download_href(root, person_id, document): its download URL, or '' when off/not theirs."""
    def download_href(root: str, person_id: str, document: str) -> str:
        if not _enabled(settings) or not document.startswith(f"{person_id}/"):
            return ""
        return (f"{root}/people/{quote(person_id)}/documents/"
                f"{quote(document, safe='/')}")
    return download_href


def photo(request: Request) -> Response:
    """GET /people/{id}/photo: the colleague's photo, under the download rules."""
    settings = request.app.state.settings
    person_id = request.path_params["person_id"]
    if not _enabled(settings) or not valid_person_id(person_id):
        return Response(status_code=404)
    with finder(request).reader.snapshot() as s:
        if s.person(person_id) is None:  # removed or opted out: no photo either
            return Response(status_code=404)
    found = _read_photo(settings, person_id, MAX_PHOTO_BYTES)
    if found is None:
        return Response(status_code=404)
    data, media = found
    return Response(data, media_type=media,
                    headers={"cache-control": "private, max-age=3600",
                             "content-disposition": "inline"})
