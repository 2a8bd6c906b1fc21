"""``/api/v1/lookup``: a participant's monthly history by NIK, within your region, audited."""

from __future__ import annotations

from datetime import date

from ninja import Router, Schema
from ninja.errors import HttpError

from semesta.coverage.lookup import look_up, may_look_up
from semesta.nik import NikError

router = Router(tags=["peserta"])


class LookupIn(Schema):
    nik: str


class Month(Schema):
    period: str
    segment: str
    status: str
    kelurahan_code: str
    kelurahan_name: str
    rw: int | None
    employer_npp: str | None
    sponsor_code: str | None
    registered_on: date | None
    paid_until: date | None


class LookupOut(Schema):
    nik: str
    months: list[Month]


@router.post("", response=LookupOut, summary="Riwayat kepesertaan satu NIK")
def lookup(request, body: LookupIn):
    """The NIK (masked) and its months in the participant extracts whose domicile is in your region.

    The NIK goes in the body, never the URL, so it stays out of logs. Every call is recorded in
    the audit log. Officers only (403 for sponsors and viewers); 400 for a malformed NIK.
    """
    if not may_look_up(request.user):
        raise HttpError(403, "Peran Anda tidak dapat melihat data pribadi.")
    try:
        result = look_up(request.user, body.nik, request=request)
    except NikError as exc:
        raise HttpError(400, exc.message("id")) from exc
    return result
