"""The access-log filter that keeps query strings out of uvicorn's log."""

from __future__ import annotations

import logging


class HideQueryStrings(logging.Filter):
    """Drops the query string from uvicorn's access-log lines.

    Queries name what staff searched for (sometimes a person) and an old bookmark
    may still carry ``?token=``: the access log keeps address, method, path and status.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            record.args = (args[0], args[1], args[2].split("?", 1)[0], args[3], args[4])
        return True


def hide_query_strings_in_access_log() -> None:
    """Install ``HideQueryStrings`` on uvicorn's access logger (once; uvicorn keeps it)."""
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, HideQueryStrings) for f in access.filters):
        access.addFilter(HideQueryStrings())
