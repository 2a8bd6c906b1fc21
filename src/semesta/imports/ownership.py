"""Rows whose key already belongs to another region's data are rejected, never moved.

An employer is identified by its NPP and a roster worker by the NIK: a row of an officer's file
that names an NPP registered in another kota, or a NIK on another kelurahan's roster, would move
(and rename) that record if it were applied. Such a row is rejected here, naming its row and
column, so ``accepted + rejected = total`` still holds.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings

from semesta.access import subtree_q
from semesta.employers.models import Employer
from semesta.imports.checks import Checked, Mapping, Problem
from semesta.imports.registry import Kind
from semesta.nik import mask_nik, nik_hash
from semesta.regions.models import Region
from semesta.workers.models import RosterWorker


def reject_foreign_keys(
    kind: Kind, checked: Checked, mapping: Mapping, scope: list[str]
) -> Checked:
    """The checked rows with those whose key belongs outside ``scope`` (the kind's
    ``elsewhere`` rule) moved to the rejected, the problem named on the kind's key column."""
    if not kind.elsewhere or checked.accepted.num_rows == 0:
        return checked
    foreign = kind.run("elsewhere", checked.accepted, scope)  # row → (code, fields)
    if not foreign:
        return checked
    label = mapping.headers.get
    names = dict(
        Region.objects.filter(code__in=[f["region"] for _, f in foreign.values()]).values_list(
            "code", "name"
        )
    )
    problems = [
        Problem(
            row,
            label(kind.keys[0]),
            code,
            {**fields, "region": f"{names.get(fields['region'], '')} ({fields['region']})".strip()},
        )
        for row, (code, fields) in sorted(foreign.items())
    ]
    keep = pc.invert(pc.is_in(checked.accepted.column("_row"), pa.array(list(foreign), pa.int64())))
    return Checked(
        checked.total,
        checked.accepted.filter(keep),
        [*checked.problems, *problems],
        checked.warned,
    )


def employers_elsewhere(accepted: pa.Table, scope: list[str]) -> dict[int, tuple[str, dict]]:
    rows = dict(
        zip(accepted.column("npp").to_pylist(), accepted.column("_row").to_pylist(), strict=True)
    )
    outside = Employer.objects.filter(npp__in=list(rows)).exclude(
        subtree_q("kelurahan__code", scope)
    )
    return {
        rows[npp]: ("npp_elsewhere", {"value": npp, "region": kelurahan})
        for npp, kelurahan in outside.values_list("npp", "kelurahan_id")
    }


def roster_elsewhere(accepted: pa.Table, scope: list[str]) -> dict[int, tuple[str, dict]]:
    key = bytes.fromhex(settings.NIK_HASH_KEY)
    rows = {
        nik_hash(nik, key): (row, nik)
        for nik, row in zip(
            accepted.column("nik").to_pylist(), accepted.column("_row").to_pylist(), strict=True
        )
    }
    found = {}
    hashes = list(rows)
    for start in range(0, len(hashes), 500):
        outside = RosterWorker.objects.filter(nik_hash__in=hashes[start : start + 500]).exclude(
            subtree_q("region__code", scope)
        )
        for digest, region in outside.values_list("nik_hash", "region_id"):
            row, nik = rows[bytes(digest)]
            kelurahan = ".".join(region.split(".")[:4])
            found[row] = ("roster_elsewhere", {"value": mask_nik(nik), "region": kelurahan})
    return found
