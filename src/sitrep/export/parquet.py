"""Parquet export through pyarrow: one row per event, nested fields kept as JSON text."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import BinaryIO

from ..errors import ExportError
from ..model import Event

#: Fields whose values are lists of records; Parquet gets them as JSON strings, readable anywhere.
NESTED = ("evidence", "claims", "article_ids")


def write_parquet(events: Iterable[Event], fp: BinaryIO) -> int:
    """Write events as one Parquet table; returns the number of rows."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - pyarrow is a dependency; this guards a broken install
        raise ExportError("parquet needs pyarrow: pip install pyarrow") from None
    rows = []
    for e in events:
        d = e.to_dict()
        for name in NESTED:
            d[name] = json.dumps(d[name], ensure_ascii=False)
        rows.append(d)
    fields = list(Event.__dataclass_fields__) + ["cameo_root"]
    table = pa.Table.from_pylist(rows) if rows else pa.table({name: pa.array([], pa.string()) for name in fields})
    pq.write_table(table, fp)
    return len(rows)
