"""Child processes that never outlive the batch that started them.

They are spawned, not forked (no index lock or pipe end is inherited), and each asks
the kernel to kill it when the batch dies (``PR_SET_PDEATHSIG``), so an OOM kill or a
cron time-out of the batch leaves nothing running.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from typing import Any

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int) -> None:
    """In a child process: be killed when the batch *parent* dies."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the batch died before the line above took effect
        os._exit(1)


class ChildFailed(RuntimeError):
    """A batch's child process ended with an error; the batch fails with it."""


class Child:
    """``target(*args)`` in a spawned process of its own that dies with the batch."""

    def __init__(self, what: str, target: Callable[..., None], *args: Any) -> None:
        self.what = what
        context = multiprocessing.get_context("spawn")
        self._process = context.Process(target=_run, args=(os.getpid(), target, args),
                                        name=what, daemon=True)
        self._process.start()

    def wait(self) -> None:
        """Wait for it to end; raises ``ChildFailed`` when it did not succeed."""
        self._process.join()
        if self._process.exitcode != 0:
            raise ChildFailed(f"{self.what} failed (exit code {self._process.exitcode})")

    def stop(self) -> None:
        """Kill it and wait for it (its work is no longer wanted)."""
        self._process.kill()
        self._process.join()


def _run(parent: int, target: Callable[..., None], args: tuple[Any, ...]) -> None:
    die_with_parent(parent)
    target(*args)
