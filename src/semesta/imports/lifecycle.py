"""Who works on a batch: a lease its owner renews, claimed with a conditional UPDATE.

A batch goes received → checking → (held →) applying → applied, or ends failed, duplicate,
discarded or abandoned. Whoever moves it out of *received* or *held* owns it until it settles:
``owner`` names the process (``host:pid:token``) and ``lease_expires_at`` says until when its
claim holds; the owner renews it at every step. A batch whose owner died — its lease ran out,
or its process is gone from this host — is **abandoned** by the next ``semesta worker`` and is
never applied: nothing of it was, because applying is one transaction that commits the data and
the *applied* status together.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from semesta.imports.models import ImportBatch

LEASE = timedelta(seconds=int(os.environ.get("SEMESTA_IMPORT_LEASE_SECONDS", "120")))
IN_FLIGHT = (
    ImportBatch.Status.RECEIVED,
    ImportBatch.Status.CHECKING,
    ImportBatch.Status.APPLYING,
)
ABANDONED_MESSAGE = (
    "Proses yang menangani impor ini berhenti di tengah jalan; tidak ada data yang diubah."
    " Unggah berkasnya lagi."
)
_TOKEN = uuid.uuid4().hex[:8]


class LeaseLost(Exception):
    """Another process took the batch over (our lease ran out): stop, change nothing."""


def me() -> str:
    """This process as an owner: host, pid and a token (a pid can be reused after a reboot)."""
    return f"{socket.gethostname()}:{os.getpid()}:{_TOKEN}"


def lease_end():
    return timezone.now() + LEASE


def claim(batch: ImportBatch, from_status: str, to_status: str, *, owner: str = "") -> bool:
    """Take a batch from one status to the next if nobody holds it (or it is ours already)."""
    owner = owner or me()
    free = ImportBatch.objects.filter(pk=batch.pk, status=from_status)
    mine_or_free = free.filter(owner__in=["", owner])
    claimed = mine_or_free.update(status=to_status, owner=owner, lease_expires_at=lease_end())
    if claimed:
        batch.status, batch.owner = to_status, owner
    return bool(claimed)


def renew(batch: ImportBatch, **fields) -> None:
    """Extend our lease (and save progress fields); LeaseLost if the batch is no longer ours."""
    updated = ImportBatch.objects.filter(
        pk=batch.pk, owner=batch.owner, status__in=IN_FLIGHT
    ).update(lease_expires_at=lease_end(), **fields)
    if not updated:
        raise LeaseLost(batch.pk)


def abandon_orphans() -> int:
    """Mark abandoned every in-flight batch whose owner is gone; returns how many."""
    now = timezone.now()
    orphans = []
    owned = ImportBatch.objects.filter(status__in=IN_FLIGHT).exclude(owner="")
    for pk, owner, expires in owned.values_list("pk", "owner", "lease_expires_at"):
        if expires is None or expires < now or _dead_here(owner):
            orphans.append((pk, owner))
    count = 0
    for pk, owner in orphans:
        count += ImportBatch.objects.filter(pk=pk, owner=owner, status__in=IN_FLIGHT).update(
            status=ImportBatch.Status.ABANDONED,
            message=ABANDONED_MESSAGE,
            finished_at=now,
            lease_expires_at=None,
        )
    return count


def _dead_here(owner: str) -> bool:
    """Whether the owner ran on this host and its process no longer exists."""
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def pause_point(stage: str) -> None:
    """Test hook: with ``SEMESTA_TEST_PAUSE_AT=<stage>`` the process stops here (writing the
    file ``SEMESTA_TEST_PAUSE_MARK`` when set) so a test can kill it at a known point.
    Stages: ``reading``, ``checking``, ``staging``, ``applying``. Unset in production."""
    if os.environ.get("SEMESTA_TEST_PAUSE_AT") != stage:
        return
    mark = os.environ.get("SEMESTA_TEST_PAUSE_MARK")
    if mark:
        Path(mark).write_text(stage)
    time.sleep(3600)
