"""PDF documents (Monev reports, award dossiers) from Django templates, via WeasyPrint."""

from __future__ import annotations

from django.template.loader import render_to_string


def _no_fetch(url: str, *args, **kwargs):
    """Refuse every external resource: documents are self-contained (inline SVG, local fonts)."""
    raise ValueError(f"PDF documents load no external resources: {url}")


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a template extending ``print/base.html`` to PDF bytes (A4, numbered pages)."""
    return render_pdf_pages(template_name, context)[0]


def render_pdf_pages(template_name: str, context: dict) -> tuple[bytes, int]:
    """The PDF and its number of pages."""
    from weasyprint import HTML  # imported here: loading Pango costs ~0.3 s at start-up

    html = render_to_string(template_name, context)
    document = HTML(string=html, url_fetcher=_no_fetch).render()
    return document.write_pdf(), len(document.pages)
