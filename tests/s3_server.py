"""A real S3-protocol server in the test process (moto's ThreadedMotoServer over HTTP on
127.0.0.1), with a bucket, for the snapshot store on object storage."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from semesta.engine import objects

BUCKET = "semesta"
KEY_ID, SECRET = "semesta-uji", "rahasia-uji"


@contextmanager
def s3_server() -> Iterator[objects.ObjectStorage]:
    """A running server with an empty bucket ``semesta``; yields how to reach it."""
    pytest.importorskip("s3fs")
    server_module = pytest.importorskip("moto.server")
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        storage = objects.ObjectStorage(f"http://{host}:{port}", KEY_ID, SECRET)
        # moto keeps its buckets per process, across servers: start from none.
        urllib.request.urlopen(urllib.request.Request(f"{storage.endpoint}/moto-api/reset", b""))
        objects.filesystem(storage).mkdir(BUCKET)
        yield storage
    finally:
        server.stop()


def environment(storage: objects.ObjectStorage, prefix: str) -> dict[str, str]:
    """The variables a Semesta process needs to keep its snapshots under ``prefix``."""
    return {
        "SEMESTA_SNAPSHOT_URL": f"s3://{BUCKET}/{prefix}",
        "SEMESTA_S3_ENDPOINT": storage.endpoint,
        "SEMESTA_S3_KEY_ID": storage.key_id,
        "SEMESTA_S3_SECRET": storage.secret,
    }
