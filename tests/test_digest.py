"""Weekly digests by e-mail, sent to a real SMTP server (aiosmtpd) on a free local port."""

from __future__ import annotations

import email
import re
import socket
from datetime import date
from email import policy
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone

from semesta.digests import services
from semesta.digests.models import DigestPreference
from semesta.imports.models import ImportBatch
from semesta.programmes.attainment import monev_schedule
from semesta.programmes.models import Programme
from semesta.regions.models import Level, Region
from semesta.workers.models import RosterStatus, RosterWorker

JUNE, JULY = date(2025, 6, 1), date(2025, 7, 1)
SECRET_NAME = "Siti Rahmawati"
SECRET_FILE = "daftar-budi-santoso.xlsx"
# RW → (newly lapsed in July, lapsed both months, covered both months)
TIMUR = {"31.75.01.1001.001": (2, 1, 1), "31.75.01.1001.002": (1, 0, 0)}
PUSAT = {"31.71.01.1001.001": (4, 0, 0)}


class Inbox:
    """aiosmtpd handler keeping every message it receives."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.raw: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        self.raw.append(envelope.content.decode("utf-8", "replace"))
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    settings.SITE_URL = "http://testserver"
    yield inbox
    controller.stop()


def _rw(code: str) -> Region:
    found, _ = Region.objects.get_or_create(
        code=code, defaults={"name": f"RW {code[-3:]}", "level": Level.RW, "parent_id": code[:-4]}
    )
    return found


def _workers(rws: dict, start: int) -> int:
    n = start
    for code, (new, old, covered) in rws.items():
        steps = (("covered", "lapsed", new), ("lapsed", "lapsed", old))
        for june, july, count in (*steps, ("covered", "covered", covered)):
            for _ in range(count):
                n += 1
                worker = RosterWorker.objects.create(
                    region=_rw(code),
                    name=SECRET_NAME,
                    nik_encrypted="-",
                    nik_hash=n.to_bytes(16, "big"),
                    nik_masked=f"3175********{n:04d}",
                )
                RosterStatus.objects.create(worker=worker, period=JUNE, status=june)
                RosterStatus.objects.create(worker=worker, period=JULY, status=july)
    return n


@pytest.fixture
def week(personas):
    """Lapses in Jakarta Timur and Pusat, a programme in Matraman, a held roster import."""
    _workers(PUSAT, _workers(TIMUR, 0))
    programme = Programme.objects.create(
        name="1 RW 100 pekerja rentan",
        owner_id="31.75",
        target_per_rw=100,
        aim_pct=50,
        start=date(timezone.localdate().year - 1, 1, 1),
        kecamatan_rhythm="quarter",
        kota_rhythm="semester",
        source="uji",
    )
    programme.kecamatan.set(["31.75.01"])
    ImportBatch.objects.create(
        kind="roster",
        status=ImportBatch.Status.HELD,
        region_code="31.75.01",
        username="officer_b",
        file_name=SECRET_FILE,
        file_sha256="0" * 64,
        period=JULY,
        rows_total=120,
        rows_rejected=30,
    )
    for name in ("officer_a", "officer_b", "admin", "sponsor", "nobody"):
        personas[name].email = f"{name}@example.go.id"
        personas[name].save()
    services.set_subscribed(personas["admin"], False)
    return personas


def _open_monev(user) -> int:
    programme = Programme.objects.get()
    schedule = monev_schedule(user, programme, timezone.localdate())
    return sum(1 for d in schedule if d.status in ("due", "overdue"))


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _html(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def _by_recipient(inbox: Inbox) -> dict:
    return {m["To"]: m for m in inbox.messages}


def _run(*args) -> str:
    out = StringIO()
    call_command("digest", *args, stdout=out)
    return out.getvalue()


def test_it_sends_each_officer_their_own_regions_counts_as_text_and_html(smtp, week):
    _run()
    received = _by_recipient(smtp)
    assert sorted(received) == ["officer_a@example.go.id", "officer_b@example.go.id"]
    timur = received["officer_b@example.go.id"]
    assert timur["Subject"].startswith("Ringkasan mingguan Semesta: 3 pekerja rentan baru berhenti")
    assert "1 impor ditahan" in timur["Subject"]
    text = _text(timur)
    assert re.search(r"Pisangan Baru \(31\.75\.01\.1001\): 3 \(RW 001: 2, RW 002: 1\)", text)
    assert "31.71" not in text and "Jakarta Pusat" not in text
    assert "http://testserver/wilayah/31.75.01.1001/pekerja-rentan/?status=lapsed" in text
    assert f"/impor/{ImportBatch.objects.get().pk}/" in text
    monev = _open_monev(week["officer_b"])
    assert monev > 0 and f"{monev} Monev jatuh tempo" in timur["Subject"]
    assert 'id="lapses"' in _html(timur) and "Pisangan Baru" in _html(timur)


def test_another_kotas_officer_sees_only_their_kota(smtp, week):
    _run()
    pusat = _by_recipient(smtp)["officer_a@example.go.id"]
    text = _text(pusat)
    assert (
        "4 pekerja rentan baru berhenti, 0 Monev jatuh tempo (0 terlambat), 0 impor ditahan"
        in (pusat["Subject"])
    )
    assert "(31.71.01.1001): 4 (RW 001: 4)" in text
    assert "31.75" not in text and "Pisangan" not in text and "/impor/" not in text


def test_no_personal_data_is_in_any_email(smtp, week):
    _run()
    assert smtp.raw
    for raw in smtp.raw:
        assert SECRET_NAME not in raw and SECRET_FILE not in raw
        assert "3175****" not in raw and not re.search(r"\b\d{16}\b", raw)


def test_an_opted_out_user_and_non_officers_get_nothing(smtp, week):
    _run()
    received = _by_recipient(smtp)
    for name in ("admin", "sponsor", "nobody"):
        assert f"{name}@example.go.id" not in received


def test_the_unsubscribe_link_opts_the_user_out_in_one_click(smtp, week, client):
    _run()
    message = _by_recipient(smtp)["officer_b@example.go.id"]
    link = re.search(r"http://testserver(/ringkasan/berhenti/\S+/)", _text(message))[1]
    assert message["List-Unsubscribe"].strip() == f"<http://testserver{link}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert client.get(link).status_code == 200  # a link scanner's GET changes nothing
    assert services.is_subscribed(week["officer_b"])
    answer = client.post(link, {"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200 and "tidak akan menerima" in answer.content.decode()
    assert not services.is_subscribed(week["officer_b"])
    smtp.messages.clear()
    _run("--force")
    assert "officer_b@example.go.id" not in _by_recipient(smtp)


def test_a_forged_unsubscribe_link_is_refused(client, week):
    token = services.unsubscribe_token(week["officer_b"])
    assert client.post(f"/ringkasan/berhenti/{token[:-2]}xx/").status_code == 404
    assert services.is_subscribed(week["officer_b"])


def test_a_dry_run_prints_what_would_be_sent_and_sends_nothing(smtp, week):
    out = _run("--dry-run")
    assert smtp.messages == []
    assert "officer_b <officer_b@example.go.id>: akan dikirim" in out
    assert "subjek: Ringkasan mingguan Semesta: 3 pekerja rentan baru berhenti" in out
    assert "admin" not in out
    assert not DigestPreference.objects.filter(last_sent_at__isnull=False).exists()


def test_a_second_run_the_same_week_sends_nothing_unless_forced(smtp, week):
    _run()
    assert len(smtp.messages) == 2
    sent = DigestPreference.objects.get(user=week["officer_b"])
    assert sent.last_sent_at is not None and "3 pekerja" in sent.last_summary
    out = _run()
    assert len(smtp.messages) == 2 and "sudah dikirim minggu ini" in out
    _run("--force")
    assert len(smtp.messages) == 4


def test_nothing_to_report_sends_nothing(smtp, personas):
    personas["officer_a"].email = "a@example.go.id"
    personas["officer_a"].save()
    out = _run()
    assert smtp.messages == [] and "tidak ada yang perlu dilaporkan" in out


def test_an_officer_switches_the_digest_off_and_on(client, week):
    client.force_login(week["officer_b"])
    page = client.get("/ringkasan/")
    assert page.status_code == 200 and "Anda berlangganan" in page.content.decode()
    client.post("/ringkasan/", {"langganan": "tidak"})
    assert not services.is_subscribed(week["officer_b"])
    client.post("/ringkasan/", {"langganan": "ya"})
    assert services.is_subscribed(week["officer_b"])


def test_the_preference_page_needs_a_login(client, db):
    assert client.get("/ringkasan/").status_code == 302
