"""Getting a Dask client: a ``LocalCluster`` sized to the machine, or an existing scheduler."""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
from collections.abc import Iterator
from typing import Any

import dask

from ..errors import ClusterError

#: How long to wait for a scheduler (and for its first worker) before giving up.
CONNECT_TIMEOUT = 10.0

#: Dask settings for the workers of a local cluster. The statistical profiler samples every
#: worker thread's stack 100 times a second, holding the GIL: it slowed extraction by about 15 %.
WORKER_CONFIG = {"distributed.worker.profile.enabled": False}


def default_workers() -> int:
    """One worker process per usable core."""
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return max(1, len(cores) if cores else (os.cpu_count() or 1))


def quiet_logs() -> None:
    """Keep Dask's informational chatter (and its warnings about dying workers) off the terminal."""
    for name in ("distributed", "dask", "tornado", "bokeh"):
        logging.getLogger(name).setLevel(logging.ERROR)


@contextlib.contextmanager
def connect(scheduler: str | None = None, workers: int | None = None,
            timeout: float = CONNECT_TIMEOUT) -> Iterator[Any]:
    """Yield a ``distributed.Client``, closing it (and a cluster it started) afterwards.

    Args:
        scheduler: address of a running scheduler (``tcp://host:8786``); None starts a
            ``LocalCluster`` of ``workers`` single-threaded worker processes on this machine.
        workers: local worker processes (default: one per core); with ``scheduler``, how many
            workers to wait for before starting (default: one).
        timeout: seconds to wait for the scheduler and its workers.

    Raises:
        ClusterError: the scheduler cannot be reached, no worker joins it, or the local cluster
            cannot start.
    """
    quiet_logs()
    from distributed import Client, LocalCluster

    if workers is not None and workers < 1:
        raise ClusterError(f"--workers must be 1 or more (got {workers})")
    if scheduler is None:
        try:
            with dask.config.set(WORKER_CONFIG):
                # The scheduler serves HTTP (health, metrics) even without the dashboard: on a
                # free port, never a fixed 8787 that another run holds.
                cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1,
                                       processes=True, scheduler_port=0, silence_logs=logging.ERROR,
                                       dashboard_address=":0")
        except Exception as exc:  # noqa: BLE001 - any start-up failure is reported as one line
            raise ClusterError(f"cannot start a local Dask cluster: {_first_line(exc)}") from None
        with cluster, Client(cluster, set_as_default=False) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout=timeout, set_as_default=False)
    except Exception as exc:  # noqa: BLE001 - refused, unresolvable, malformed or timed out alike
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} ({_first_line(exc)})") from None
    with client:
        try:
            client.wait_for_workers(workers or 1, timeout=timeout)
        except Exception:  # noqa: BLE001 - distributed raises TimeoutError or its own subclass
            raise ClusterError(f"the Dask scheduler at {scheduler} has fewer than {workers or 1} worker(s) "
                               f"after {timeout:g} s") from None
        yield client


def has_dashboard() -> bool:
    """Dask serves its dashboard only with bokeh installed."""
    return importlib.util.find_spec("bokeh") is not None


def dashboard_link(client: Any) -> str | None:
    """The dashboard's address, or None when the scheduler serves none.

    A local scheduler serves the dashboard only where bokeh is installed; a remote one is asked.
    """
    if client.cluster is not None and not has_dashboard():
        return None
    try:
        services = client.scheduler_info().get("services", {})
    except Exception:  # noqa: BLE001 - a link is a courtesy; never fail a batch over it
        return None
    return str(client.dashboard_link) if "dashboard" in services else None


def _first_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200] if text else type(exc).__name__
