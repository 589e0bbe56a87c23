"""``sitrep batch``: the same pipeline over partitioned input on a Dask cluster.

Example:
    >>> from sitrep.distributed import BatchOptions, connect, run_batch
    >>> with connect(workers=2) as client:  # doctest: +SKIP
    ...     summary = run_batch(["archive/"], BatchOptions(db="events.db"), client)
"""

from __future__ import annotations

from .cluster import connect, dashboard_link, default_workers
from .partition import Partition, expand_inputs, plan
from .runner import FORMATS, BatchOptions, BatchSummary, run_batch

__all__ = ["FORMATS", "BatchOptions", "BatchSummary", "Partition", "connect", "dashboard_link", "default_workers",
           "expand_inputs", "plan", "run_batch"]
