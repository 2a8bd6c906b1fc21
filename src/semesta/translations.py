"""The interface's translations, compiled from the shipped catalogues when Semesta starts.

The source language is Bahasa Indonesia: the msgids are the Indonesian texts of the templates and
the code, and ``locale/<lang>/LC_MESSAGES/django.po`` beside this module holds the other
languages (English). A fresh server has no GNU gettext (``msgfmt``), so the ``.mo`` files Django
reads are compiled here with Babel into ``<data dir>/locale`` (``LOCALE_PATHS``), never committed.

After changing an interface text, refresh the catalogue from ``src/semesta`` (GNU gettext's
``xgettext`` is needed on the developer's machine only), then fill in the new msgstr values::

    cd src/semesta && SEMESTA_DATA_DIR=$(mktemp -d) semesta makemessages -l en --no-obsolete
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parent / "locale"


def compile_catalogues(source_dir: Path, target_dir: Path) -> list[Path]:
    """Compile each ``<lang>/LC_MESSAGES/*.po`` whose ``.mo`` is missing or older; the new files.

    Several server processes may start at once: each writes a temporary file and renames it into
    place, so a reader never sees half a catalogue.
    """
    written = []
    for po_path in sorted(source_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = target_dir / po_path.relative_to(source_dir).with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        _compile(po_path, mo_path)
        written.append(mo_path)
    return written


def _compile(po_path: Path, mo_path: Path) -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    locale = po_path.parent.parent.name
    with po_path.open("rb") as handle:
        catalogue = read_po(handle, locale=locale, domain=po_path.stem)
    mo_path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=mo_path.parent, prefix=f".{mo_path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            write_mo(handle, catalogue)  # fuzzy entries are left out, as msgfmt does
        os.chmod(temporary, 0o644)
        os.replace(temporary, mo_path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
