"""Process-wide tuning for the long-running processes (gunicorn web workers, Celery workers)."""

from __future__ import annotations

import gc

# A plan page of a large plan creates tens of thousands of short-lived objects. With Python's
# default threshold (700 allocations) the cyclic collector runs dozens of times per request and
# rescans everything that survived, including the application's own long-lived objects. Freezing
# what exists after start-up and collecting less often keeps that cost proportional to the work
# (see docs/performance.md). Memory grows by a few per cent at most.
GEN0_THRESHOLD = 50_000


def tune_gc() -> None:
    gc.collect()
    gc.freeze()
    _gen0, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(GEN0_THRESHOLD, gen1, gen2)
