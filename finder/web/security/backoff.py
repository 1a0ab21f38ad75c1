"""The per-address back-off after failed logins (basic auth and the admin token share one)."""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)


@dataclass
class _Strikes:
    failures: list[float] = field(default_factory=list)  # recent failures, within the window
    blocks: int = 0  # blocks so far in this streak
    until: float = 0.0  # blocked until (clock time)
    last: float = 0.0  # the last failure


class Backoff:
    """Per-address back-off: after *limit* failures within *window* seconds, wait.

    The first wait is *first* seconds; every further failure in the same streak waits
    twice as long as the one before, up to *cap*. A success, or *forget* seconds
    without a failure, ends the streak. At most *max_addresses* are remembered (the
    least recently failed are dropped first), so a flood of addresses costs bounded
    memory. Thread-safe: the middleware and the admin views share one.
    """

    def __init__(self, limit: int = 5, window: float = 60.0, first: float = 15.0,
                 cap: float = 300.0, forget: float = 900.0, max_addresses: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.first, self.cap = limit, window, first, cap
        self.forget, self.max_addresses, self.clock = forget, max_addresses, clock
        self._strikes: OrderedDict[str, _Strikes] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._strikes)

    def retry_after(self, key: str) -> int:
        """Seconds *key* must still wait (0: it may try now)."""
        with self._lock:
            strikes = self._strikes.get(key)
            wait = strikes.until - self.clock() if strikes else 0.0
        return math.ceil(wait) if wait > 0 else 0

    def failed(self, key: str) -> int:
        """Count a failure; the seconds of the wait it starts (0: none yet)."""
        now = self.clock()
        with self._lock:
            strikes = self._strikes.pop(key, None)
            if strikes is None or now - strikes.last > self.forget:
                strikes = _Strikes()
            strikes.failures = [t for t in strikes.failures if now - t < self.window] + [now]
            strikes.last = now
            self._strikes[key] = strikes  # now the most recent
            while len(self._strikes) > self.max_addresses:
                self._strikes.popitem(last=False)
            # A streak that was blocked once is blocked again on its next failure.
            if len(strikes.failures) < (1 if strikes.blocks else self.limit):
                return 0
            delay: float = min(self.cap, self.first * 2.0 ** min(strikes.blocks, 30))
            strikes.blocks += 1
            strikes.until = now + delay
            strikes.failures = []
        logger.warning("login back-off: %s failed too often, waits %d s", key, delay)
        return math.ceil(delay)

    def succeeded(self, key: str) -> None:
        """A correct login ends the streak."""
        with self._lock:
            self._strikes.pop(key, None)
