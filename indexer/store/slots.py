"""A fixed number of slots, handed out first come, first served.

``threading.Semaphore`` is not fair: a released slot goes to whichever thread asks
next, and the waiter it woke, beaten to it, queues again at the back. Under 32
clients, with 16 questions waiting in each server process for one of its 2
searchers, a question could wait past its time budget (3 s) behind questions that
arrived after it, and be answered "busy" (issue 16). Here a released slot passes
straight to the oldest waiter.
"""

from __future__ import annotations

import threading
from collections import deque


class Slots:
    """At most *count* holders at a time; the others wait in arrival order."""

    def __init__(self, count: int) -> None:
        self._free = count
        self._lock = threading.Lock()
        self._waiting: deque[threading.Event] = deque()  # set: the slot is theirs

    def acquire(self, timeout: float | None = None) -> bool:
        """Take a slot, waiting at most *timeout* seconds (None: as long as it takes);
        whether one was taken."""
        with self._lock:
            if self._free:  # (free slots and waiters never coexist: see release)
                self._free -= 1
                return True
            turn = threading.Event()
            self._waiting.append(turn)
        if turn.wait(timeout):
            return True
        with self._lock:
            if turn.is_set():  # handed over as the time ran out: it is ours
                return True
            self._waiting.remove(turn)
            return False

    def release(self) -> None:
        """Give a slot back: to the oldest waiter, if any."""
        with self._lock:
            if self._waiting:
                self._waiting.popleft().set()
            else:
                self._free += 1
