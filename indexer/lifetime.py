"""Child processes that never outlive the batch that started them.

Each asks the kernel to kill it when the batch dies (``PR_SET_PDEATHSIG``), so an OOM
kill or a cron time-out of the batch leaves nothing running. They are spawned (nothing
of the batch's state is inherited) unless they need the batch's state: a forked child
starts with its memory (the word caches, a profile's makers) and its open files, and
must open what it reads itself (a file position is shared with the batch).
"""

from __future__ import annotations

import ctypes
import gc
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
    """``target(*args)`` in a process of its own that dies with the batch; *start* is
    "spawn" or "fork" (``multiprocessing``'s start methods)."""

    def __init__(self, what: str, target: Callable[..., Any], *args: Any,
                 start: str = "spawn") -> None:
        self.what = what
        context: Any = multiprocessing.get_context(start)
        self._result, sending = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(os.getpid(), sending, target, args),
                                        name=what, daemon=True)
        if start == "fork":  # its collections skip what it inherits: no copy of every page
            gc.freeze()  # (``IndexStore.batch`` unfreezes at the batch's end)
        self._process.start()
        sending.close()  # the child's end: reading sees its end when the child ends

    def wait(self) -> Any:
        """Wait for it to end and return what *target* returned; raises ``ChildFailed``
        when it did not succeed."""
        try:
            result = self._result.recv()  # before joining: a large result fills the pipe
        except EOFError:  # it ended without one
            result = None
        finally:
            self._result.close()
        self._process.join()
        if self._process.exitcode != 0:
            raise ChildFailed(f"{self.what} failed (exit code {self._process.exitcode})")
        return result

    def stop(self) -> None:
        """Kill it and wait for it (its work is no longer wanted)."""
        self._process.kill()
        self._process.join()
        self._result.close()


def _run(parent: int, result: Any, target: Callable[..., Any], args: tuple[Any, ...]) -> None:
    die_with_parent(parent)
    result.send(target(*args))
