"""Process start-up work that would otherwise land on the first request a process serves.

A freshly started web process imports the URLconf (and with it every view, the API and the
scientific libraries some pages use) and compiles templates on first use: seconds on a small
machine. ``warm_up`` does it while the process starts, before it takes connections.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)


def template_names() -> list[str]:
    """Every HTML template shipped in Semesta's template directories."""
    root = Path(__file__).parent
    names = []
    for folder in [root / "templates", *root.glob("*/templates")]:
        names += [str(p.relative_to(folder)) for p in folder.rglob("*.html")]
    return sorted(set(names))


def _compile_patterns(resolver) -> None:
    """Compile every URL pattern's regex and fill the reverse look-ups ``{% url %}`` uses."""
    from django.urls import URLResolver

    resolver.reverse_dict  # noqa: B018 - populates the reverse and namespace look-ups
    for pattern in resolver.url_patterns:
        pattern.pattern.regex  # noqa: B018
        if isinstance(pattern, URLResolver):
            _compile_patterns(pattern)


def _draw_a_chart() -> None:
    from semesta.coverage.charts import svg

    values = [{"bulan": "2025-07", "cakupan": 51.39}]
    svg({"data": {"values": values}, "mark": "line", "encoding": {"x": {"field": "bulan"}}})


def warm_up() -> None:
    """Import every view, compile every template, summarise the latest snapshot's employers and
    store pledge ledgers not stored yet (errors are logged, never raised)."""
    from django.conf import settings
    from django.template import TemplateSyntaxError
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    from semesta.employers import listing
    from semesta.sponsorship.services import store_missing_ledgers

    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - imports every URLconf and view module
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            _compile_patterns(resolver)  # the regexes are compiled per language
    for name in template_names():
        try:
            get_template(name)
        except (TemplateSyntaxError, LookupError, ImportError) as exc:  # pragma: no cover
            log.warning("warm-up: template %s: %s", name, exc)
    for what, step in (
        ("charts", _draw_a_chart),  # vl-convert starts its JavaScript engine on first use: ~3 s
        ("employer summary", listing.warm_up),  # the employer list's counts, latest snapshot
        ("pledge ledgers", store_missing_ledgers),  # e.g. just after the migration adding them
    ):
        try:
            step()
        except Exception as exc:  # a start-up nicety must never stop the server
            log.warning("warm-up: %s: %s", what, exc)
