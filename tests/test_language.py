"""Bahasa Indonesia first, English on request: every page text is in the English catalogue."""

from __future__ import annotations

import gettext as gnu_gettext
import os
import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

from semesta.coverage.models import Target
from semesta.imports.kinds import KINDS
from semesta.imports.models import KIND_LABELS
from semesta.translations import SOURCE_DIR, compile_catalogues
from tests.facts import fact

SRC = Path(__file__).resolve().parents[1] / "src/semesta"
PO = SOURCE_DIR / "en/LC_MESSAGES/django.po"


def _catalogue():
    with PO.open("rb") as handle:
        return read_po(handle, locale="en")


def _msgids() -> set[tuple[str | None, str]]:
    """(context, msgid) of every message; for plurals, the singular msgid."""
    found = set()
    for message in _catalogue():
        if message.id:
            msgid = message.id[0] if isinstance(message.id, tuple) else message.id
            found.add((message.context, msgid))
    return found


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings) and "fuzzy" not in message.flags


def _template_msgids(text: str) -> set[tuple[str | None, str]]:
    """The (context, msgid) of each translate and blocktranslate tag, as makemessages reads them."""
    found = set()
    inline = r"""{%\s*trans(?:late)?\s+(["'])(.*?)\1(?:\s+context\s+(["'])(.*?)\3)?[\s%]"""
    for match in re.finditer(inline, text):
        found.add((match[4], match[2].replace("%", "%%")))
    block = r"{%\s*blocktrans(?:late)?\b(.*?)%}(.*?){%\s*endblocktrans(?:late)?\s*%}"
    for match in re.finditer(block, text, flags=re.DOTALL):
        options, body = match[1], match[2].split("{% plural %}")[0]
        if "trimmed" in options.split():
            body = " ".join(line.strip() for line in body.strip().splitlines())
        body = re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", body.replace("%", "%%"))
        context = re.search(r"""\bcontext\s+(["'])(.*?)\1""", options)
        found.add((context[2] if context else None, body))
    return found


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def july(personas):
    """DKI and Jakarta Pusat in July 2025, with a 66 % target for DKI at the end of 2025."""
    fact("31", 2_123_056, 4_131_200, target_count=2_726_592, gap=603_536)
    fact("31.71", 262_993, 395_697)
    Target.objects.create(
        region_id="31", kind="pct", value=66, deadline=date(2025, 12, 31), source="Kemendagri"
    )
    return personas


def test_it_shows_the_login_page_in_indonesian_by_default(client, db):
    page = client.get("/akun/masuk/").content.decode()
    assert '<html lang="id">' in page
    assert "Masuk ke Semesta" in page and "Kata sandi" in page


def test_it_shows_the_login_page_in_english_with_the_language_cookie(english, db):
    page = english.get("/akun/masuk/").content.decode()
    assert '<html lang="en">' in page
    assert "Sign in to Semesta" in page and "User name" in page and "Password" in page
    assert "Masuk ke Semesta" not in page and "Kata sandi" not in page


def test_it_says_a_wrong_password_in_english(english, personas):
    page = english.post("/akun/masuk/", {"username": "admin", "password": "salah"})
    assert "Incorrect user name or password." in page.content.decode()


def test_it_shows_a_region_page_in_english(english, july):
    english.force_login(july["admin"])
    page = english.get("/wilayah/31/?periode=2025-07").content.decode()
    for text in ("Active participants", "Working residents", "Coverage (UCJ)", "July 2025"):
        assert text in page
    assert "Shortfall" in page and "Lapsed this month" in page and "Province" in page
    assert "Target by 31 December 2025" in page and "Sign out" in page
    for text in ("Peserta aktif", "Penduduk bekerja", "Juli 2025", "Kekurangan", "Keluar"):
        assert text not in page


def test_it_shows_a_region_page_in_indonesian_by_default(client, july):
    client.force_login(july["admin"])
    page = client.get("/wilayah/31/?periode=2025-07").content.decode()
    assert "Peserta aktif" in page and "Juli 2025" in page and "Provinsi" in page
    assert "Active participants" not in page and "July 2025" not in page


def test_it_switches_to_english_through_the_language_form(client, july):
    client.force_login(july["admin"])
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert "Coverage summary" in page and "Registered employers" in page
    assert "Ringkasan cakupan" not in page


def test_it_shows_the_import_and_audit_pages_in_english(english, personas):
    english.force_login(personas["admin"])  # the login is an audit event
    imports = english.get("/impor/").content.decode()
    assert "Upload and check" in imports and "Data type" in imports
    assert "BPJS Ketenagakerjaan participant extract (monthly)" in imports
    assert "Replace the period&#x27;s data" in imports and "No imports yet." in imports
    audit = english.get("/akun/audit/").content.decode()
    assert "Audit trail" in audit and "<td>Sign in</td>" in audit
    assert "Jejak audit" not in audit


def test_every_message_has_an_english_translation_and_none_is_fuzzy():
    catalogue = _catalogue()
    assert not catalogue.fuzzy, "the header is marked fuzzy"
    assert len(catalogue) > 150
    assert [m.id for m in catalogue if m.id and not _translated(m)] == []


def test_every_translate_tag_in_the_templates_is_in_the_catalogue():
    used = set()
    for template in SRC.glob("**/templates/**/*.html"):
        used |= _template_msgids(template.read_text(encoding="utf-8"))
    assert len(used) > 100
    assert sorted(used - _msgids(), key=str) == []


def test_every_literal_text_translated_in_the_code_is_in_the_catalogue():
    call = re.compile(
        r"""\b(?:_|gettext|gettext_lazy|gettext_noop)\(\s*(["'])(.*?)(?<!\\)\1\s*\)"""
    )
    used = set()
    for module in SRC.glob("**/*.py"):
        if "migrations" not in module.parts:
            used |= {(None, m[1]) for m in call.findall(module.read_text(encoding="utf-8"))}
    assert (None, "tanpa target") in used
    assert sorted(used - _msgids(), key=str) == []


def test_the_import_kinds_labels_are_marked_for_the_catalogue():
    assert sorted(KIND_LABELS) == sorted(kind.label for kind in KINDS.values())


def test_indonesian_pages_show_every_msgid_as_written():
    # Django's own Indonesian catalogues must not translate one of our Indonesian texts.
    changed = []
    with translation.override("id"):
        for context, msgid in _msgids():
            shown = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
            if shown != msgid:
                changed.append((msgid, shown))
    assert changed == []


def test_it_compiles_a_catalogue_only_when_missing_or_older(tmp_path):
    source, target = tmp_path / "source", tmp_path / "compiled"
    po = source / "en/LC_MESSAGES/django.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Peserta aktif"\nmsgstr "Active participants"\n\n'
        '#, fuzzy\nmsgid "Cakupan"\nmsgstr "Kaver"\n',
        encoding="utf-8",
    )
    mo = target / "en/LC_MESSAGES/django.mo"
    assert compile_catalogues(source, target) == [mo]
    with mo.open("rb") as handle:
        compiled = gnu_gettext.GNUTranslations(handle)
    assert compiled.gettext("Peserta aktif") == "Active participants"
    assert compiled.gettext("Cakupan") == "Cakupan"  # fuzzy entries are left out
    assert compile_catalogues(source, target) == []  # up to date
    later = mo.stat().st_mtime + 10
    os.utime(po, (later, later))
    assert compile_catalogues(source, target) == [mo]  # the .po changed
    mo.unlink()
    assert compile_catalogues(source, target) == [mo]  # deleted
    assert [p.name for p in mo.parent.iterdir()] == ["django.mo"]  # no temporary file left


def test_it_compiled_the_shipped_catalogue_at_start_up():
    mo = Path(settings.LOCALE_PATHS[0]) / "en/LC_MESSAGES/django.mo"
    assert mo.exists() and mo.stat().st_mtime >= PO.stat().st_mtime
