"""Snapshots on S3-compatible object storage (AWS S3, MinIO, Ceph…), read and written by DuckDB
through an fsspec filesystem (s3fs, the ``s3`` extra) registered on each connection.

DuckDB's own ``httpfs`` extension would do the same, but it is downloaded at run time, and a
machine without web access cannot load it; s3fs is an ordinary Python package, pinned.

The engine imports nothing of Django: the Django side reads the settings (``SEMESTA_S3_*``) and
hands them over once with ``configure``; every connection from ``store.connect`` then reads and
writes ``s3://`` locations.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # DuckDB is imported by the connection's maker, not at start-up
    import duckdb


@dataclass(frozen=True)
class ObjectStorage:
    """How to reach the object store: an endpoint for S3-compatible servers (empty: AWS S3)
    and a key pair (empty: s3fs's own lookup, e.g. an instance role)."""

    endpoint: str = ""
    key_id: str = ""
    secret: str = ""
    region: str = ""


_configured: ObjectStorage | None = None


def configure(storage: ObjectStorage | None) -> None:
    """Use this object store for every connection from now on (``None``: local files only)."""
    global _configured
    _configured = storage


def configured() -> ObjectStorage | None:
    return _configured


def is_url(location: Path | str) -> bool:
    """Whether a snapshot location is an object-store URL (``s3://…``) rather than a path."""
    return "://" in str(location)


def filesystem(storage: ObjectStorage) -> Any:
    """The s3fs filesystem for a storage. fsspec keeps one instance per arguments and process
    (a forked web worker gets its own, not its parent's sessions). Listings are not cached:
    other processes write to the same bucket."""
    try:
        import s3fs
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise RuntimeError(
            "Penyimpanan objek S3 memerlukan paket s3fs: pip install 'semesta[s3]'"
        ) from exc
    client: dict[str, str] = {}
    if storage.endpoint:
        client["endpoint_url"] = storage.endpoint
    if storage.region:
        client["region_name"] = storage.region
    return s3fs.S3FileSystem(
        key=storage.key_id or None,
        secret=storage.secret or None,
        client_kwargs=client,
        use_listings_cache=False,
    )


def register(con: duckdb.DuckDBPyConnection) -> None:
    """Let a connection read and write ``s3://`` locations, when an object store is configured."""
    if _configured is not None:
        con.register_filesystem(filesystem(_configured))


def upload(local: Path, url: str) -> None:
    """Copy a local file to an object; it appears under its name only once complete."""
    storage = _require()
    filesystem(storage).put_file(str(local), url)


def open_object(url: str) -> Any:
    """An object opened for reading in binary."""
    return filesystem(_require()).open(url, "rb")


@contextmanager
def writing(url: str) -> Iterator[Any]:
    """An object opened for writing in binary. It is uploaded (in parts) as it is written and
    appears under its name only when the block ends without an error; after an error the
    upload is abandoned and nothing appears."""
    handle = filesystem(_require()).open(url, "wb")
    try:
        yield handle
    except BaseException:
        handle.discard()  # aborts a multipart upload already begun
        handle.closed = True  # so that no later close() would upload what was written
        raise
    handle.close()


def _require() -> ObjectStorage:
    if _configured is None:
        raise RuntimeError("Penyimpanan objek belum diatur (SEMESTA_SNAPSHOT_URL)")
    return _configured
