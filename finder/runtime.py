"""How the serving process runs Python: thread switching, malloc and the garbage collector.

Set once by ``expertise-finder serve`` before uvicorn starts its threads (and by the
benchmarks that measure the query path as served).
"""

from __future__ import annotations

import ctypes
import gc
import os
import sys

SWITCH_INTERVAL = 0.001  # seconds; CPython's default is 0.005
# Collect young objects ten times less often than CPython's default (700): a question
# allocates thousands of short-lived containers, and the long-lived caches (decoded
# colleagues, analysed words) made full collections of 30-45 ms land inside questions.
GC_THRESHOLDS = (7_000, 10, 10)


def for_serving() -> None:
    """Apply all of this module's settings; call before any thread starts."""
    # Searches run in threads and hold the GIL for long stretches of pure Python; a
    # shorter switch interval lets the event loop answer /healthz and static files
    # between them (measured in bench/hostile.py: see BENCHMARKS.md).
    sys.setswitchinterval(SWITCH_INTERVAL)
    bound_malloc()
    tune_gc()


def tune_gc() -> None:
    """Freeze what is loaded so far (the app, thesaurus, concept bridge: never garbage)
    out of the collector's way, and collect young objects less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def bound_malloc() -> None:
    """With glibc: two malloc arenas and a fixed mmap threshold, set before any thread.

    Scoring allocates large numpy temporaries in the request threads; glibc would keep
    them in one arena per thread and raise its mmap threshold after each free, so the
    memory is never given back (server RSS 1,213 MB after 32 clients at 100,000
    documents, 370 MB with this; BENCHMARKS.md). MALLOC_* variables set by the operator
    win; elsewhere than glibc this does nothing.
    """
    if any(name.startswith("MALLOC_") for name in os.environ):
        return
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return
    m_mmap_threshold, m_arena_max = -3, -8  # <malloc.h>
    mallopt(m_arena_max, 2)
    mallopt(m_mmap_threshold, 128 * 1024)
