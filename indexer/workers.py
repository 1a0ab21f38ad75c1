"""Per-file work in worker processes that never outlive their batch.

- workers are spawned, not forked: they inherit no index lock and no pipe ends;
- each asks the kernel to kill it when the batch dies (``PR_SET_PDEATHSIG``), so an
  OOM kill or a cron time-out of the batch leaves nothing running;
- a worker that dies costs only its files: they go to a new pool, and after a round
  that finished nothing the first file goes alone, so a file that crashes its
  extractor every time is reported as the culprit.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from indexer.ingest.extract import Limits
from indexer.ingest.extract.base import CORRUPT
from indexer.ingest.files import Colleagues, Job, Outcome, process
from indexer.lifetime import die_with_parent

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
_NAMED = 10  # a warning about lost files names this many, then "… N more"
_worker_colleagues = Colleagues.of([])
_worker_limits = Limits()


def init_worker(colleagues: Colleagues, limits: Limits, parent: int) -> None:
    """Give a worker process the roster and limits once; it dies with the batch *parent*."""
    global _worker_colleagues, _worker_limits
    die_with_parent(parent)
    _worker_colleagues, _worker_limits = colleagues, limits


def process_job(job: Job) -> Outcome:
    """``process`` with the worker's roster and limits (what the pool calls)."""
    return process(job, _worker_colleagues, _worker_limits)


def run_jobs(jobs: list[Job], roster: Colleagues, limits: Limits, workers: int | None,
             progress: Progress | None) -> Iterator[tuple[Outcome, Job]]:
    """Process files in worker processes; a worker that dies costs only its file."""
    workers = workers or os.cpu_count() or 1
    total = len(jobs)
    if workers == 1 or total < 4:
        for done, job in enumerate(jobs, start=1):
            yield process(job, roster, limits), job
            if progress:
                progress(done, total)
        return
    done = 0
    pending = list(jobs)
    context = multiprocessing.get_context("spawn")
    stalled = False
    while pending:
        chunk = pending[:1] if stalled else pending
        lost: list[Job] = []
        finished = 0
        with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                 initializer=init_worker,
                                 initargs=(roster, limits, os.getpid())) as pool:
            futures: list[tuple[Future[Outcome], Job]] = []
            unsent: list[Job] = []
            for job in chunk:
                try:
                    futures.append((pool.submit(process_job, job), job))
                except BrokenProcessPool:  # a worker died while files were handed out
                    unsent.append(job)
                except OSError:  # "handle is closed": the broken pool closed its pipe (below)
                    if not pool._broken:
                        raise
                    unsent.append(job)
            for future, job in futures:
                try:
                    outcome = _result(pool, future)
                except BrokenProcessPool:
                    if len(chunk) > 1:
                        lost.append(job)
                        continue
                    logger.error("%s: the worker process reading it died; reported as %s",
                                 job.relpath, CORRUPT)
                    outcome = Outcome(job.relpath, reason=CORRUPT, detail="extractor crashed")
                finished += 1
                done += 1
                if progress:
                    progress(done, total)
                yield outcome, job
            lost += unsent
            if pool._broken:
                _kill_workers(pool)
        if lost:
            logger.warning("a worker process died; its file is among these %d, read again%s: %s",
                           len(lost), ", the first on its own" if finished == 0 else "",
                           _names(lost))
        pending = lost + pending[len(chunk):]
        stalled = finished == 0


def _names(jobs: list[Job]) -> str:
    """The files' names for a log line, at most ``_NAMED`` of them."""
    more = f", … {len(jobs) - _NAMED} more" if len(jobs) > _NAMED else ""
    return ", ".join(job.relpath for job in jobs[:_NAMED]) + more


# CPython 3.11 races when a worker dies while files are still handed out: a worker
# that ``submit`` starts as the pool is marked broken is never terminated, a file
# submitted then never gets its result, and leaving the pool waits for ever (seen
# with py-spy: the manager thread in ``join_executor_internals``); or ``submit`` fails
# with "handle is closed" on the pipe the broken pool's manager has closed (seen once
# in ``make test``, the batch failing). The two helpers below bound both waits; they
# and ``run_jobs`` read the pool's state, which has no public API.


def _result(pool: ProcessPoolExecutor, future: Future[Outcome]) -> Outcome:
    """``future.result()``, or BrokenProcessPool once the pool is broken."""
    while True:
        try:
            return future.result(timeout=1.0)
        except TimeoutError:
            if pool._broken:
                raise BrokenProcessPool(str(pool._broken)) from None


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """Kill what is left of a broken pool, so that leaving it cannot hang."""
    for worker in list(pool._processes.values()):
        if worker.is_alive():
            worker.kill()
