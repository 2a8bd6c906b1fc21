"""Fast bulk inserts for large generated tables (coverage facts, demo data).

``bulk_create`` builds a model instance per row; for hundreds of thousands of rows that costs
more than the database work, so these tables are written with one ``executemany`` per batch.
Values must already be what the column stores (ints, strings, dates, Decimals, None).

The rows go in inside one transaction: outside one, Django's autocommit makes SQLite commit
after every row, and each commit writes its pages to the write-ahead log again (234,000
businesses took 100 s and wrote gigabytes; in one transaction, a second or two).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models, transaction


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    batch: int = 20_000,
) -> None:
    """Insert rows into a model's table; ``fields`` are model field names in row order."""
    columns = [_column(model, name) for name in fields]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    values = list(rows)
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(values), batch):
            cursor.executemany(sql, values[start : start + batch])


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.column:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return field.column


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while millions of objects that form no reference cycle
    are made (a workbook's cells, the demo's rows and facts): left on, it walks every live
    object again and again as they pile up. The demo builds in a sixth less CPU with it paused.
    Reference counting still frees everything; the collector resumes (if it was on) after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
