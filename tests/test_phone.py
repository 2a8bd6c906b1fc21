"""Every page fits a phone (390×844): no sideways scrolling of the page, the menu folds away.

The pages come from the URLconf: each page without parameters, the persona's own region, then
the first link to every other kind of page found on those, so a new page is measured without
being listed here. Runs on the full-scale demo (tables as long as real ones).
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, URLPattern, URLResolver, resolve

from semesta import urls
from tests.demo_site import demo_site, log_in  # noqa: F401

pytestmark = pytest.mark.slow

PHONE = {"width": 390, "height": 844}
WIDEST = 390  # the page may not be wider than the screen
# Files, POST-only actions and pages outside the site's own layout.
NOT_PAGES = {
    "accounts:logout", "coverage:children_export", "coverage:set_target", "coverage:allocate",
    "coverage:legal_document", "employers:evidence", "employers:respond", "imports:error_report",
    "imports:decide", "reports:create", "reports:pdf", "reports:xlsx", "awards:dossier",
    "sponsorship:allocate", "sponsorship:statement", "sponsorship:statement_pdf",
    "sponsorship:end", "collaboration:evidence", "collaboration:attachment",
    "collaboration:new_commitment", "collaboration:record_benefit", "programmes:monev",
    "set_language",
}  # fmt: skip
PERSONAS = {
    "petugas.palmeriam": ["/wilayah/31.75.01.1004/", "/wilayah/31.75.01.1004/pekerja-rentan/"],
    "petugas.jaktim": ["/wilayah/31.75/"],
    "cabang.rawamangun": [],
    "sponsor.jakpus": [],
    "petugas.dishub": [],
    "admin.dki": ["/wilayah/31/"],
}


def _named(patterns, namespace: str = "", prefix: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in ("admin", "api"):
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern), entry.pattern.converters


def page_names() -> set[str]:
    """Every page of the site by URL name (the admin site and the API have their own layouts)."""
    return {name for name, _, _ in _named(urls.urlpatterns) if name not in NOT_PAGES}


def start_pages() -> list[str]:
    """The pages that take no parameters."""
    found = []
    for name, route, converters in _named(urls.urlpatterns):
        if name in NOT_PAGES or converters or name.startswith("api"):
            continue
        found.append("/" + route)
    return sorted(set(found))


def url_name(href: str) -> str | None:
    try:
        return resolve(urlsplit(href).path).view_name
    except Resolver404:
        return None


def measure(page, url: str) -> dict:
    response = page.goto(url)
    page.wait_for_load_state("load")
    return {
        "url": url,
        "status": response.status if response else None,
        "width": page.evaluate("document.documentElement.scrollWidth"),
    }


def crawl(page, base: str, extra: list[str]) -> list[dict]:
    """Visit the start pages and the persona's own, then one page of every other URL name."""
    seen_names: set[str] = set()
    results = []
    queue = [base + path for path in [*start_pages(), *extra]]
    for depth in (0, 1):
        found = []
        for url in queue:
            results.append(measure(page, url))
            seen_names.add(url_name(url) or url)
            hrefs = "as => as.map(a => a.getAttribute('href'))"  # map links are SVG: no .href
            for href in page.eval_on_selector_all("main a[href^='/']", hrefs):
                name = url_name(href)
                if name and name not in NOT_PAGES and name not in seen_names:
                    seen_names.add(name)
                    found.append(base + href)
        queue = found if depth == 0 else []
    return results


@pytest.mark.parametrize("username", PERSONAS)
def test_it_fits_every_page_on_a_phone(demo_site, browser, username):  # noqa: F811
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True)
    page = context.new_page()
    log_in(page, demo_site, username)
    results = crawl(page, demo_site, PERSONAS[username])
    report = os.environ.get("SEMESTA_PHONE_REPORT")
    if report:
        with open(report, "a", encoding="utf-8") as handle:
            for row in results:
                handle.write(f"{username}\t{row['status']}\t{row['width']}\t{row['url']}\n")
    too_wide = [(r["url"], r["width"]) for r in results if r["width"] > WIDEST]
    assert not too_wide
    assert len(results) >= 10
    context.close()


def test_it_folds_the_menu_behind_a_button(demo_site, browser):  # noqa: F811
    page = browser.new_page(viewport=PHONE)
    log_in(page, demo_site, "petugas.palmeriam")
    page.goto(f"{demo_site}/wilayah/31.75.01.1004/")
    menu = page.locator("#menu-utama")
    button = page.locator(".menu-toggle")
    assert not menu.is_visible() and button.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    assert menu.is_visible() and button.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert not menu.is_visible()


def test_it_keeps_the_menu_open_on_a_desktop(demo_site, browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    log_in(page, demo_site, "petugas.palmeriam")
    assert page.locator("#menu-utama").is_visible()
    assert not page.locator(".menu-toggle").is_visible()
