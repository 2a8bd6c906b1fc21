"""Key pages pass axe-core (served from node_modules, injected by Playwright) with no serious or
critical violation; the skip link and focus outlines work from the keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.demo_site import demo_site, log_in  # noqa: F401

pytestmark = pytest.mark.slow

AXE = Path(__file__).resolve().parents[1] / "node_modules/axe-core/axe.min.js"
PAGES = {
    "petugas.palmeriam": [
        "/",
        "/wilayah/31.75.01.1004/",
        "/wilayah/31.75.01.1004/pekerja-rentan/",
        "/impor/",
        "/akun/audit/",  # the refusal page
        "/wilayah/31.71/",  # not found: outside Palmeriam
    ],
    "petugas.jaktim": ["/wilayah/31.75/", "/pemberi-kerja/", "/iuran/"],
    "sponsor.jakpus": ["/sponsor/"],
}


def violations(page) -> list[dict]:
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("username", PAGES)
def test_key_pages_have_no_serious_accessibility_violations(demo_site, browser, username):  # noqa: F811
    assert AXE.exists(), "run make assets (npm ci)"
    # Playwright injects axe as an inline script, which the site's CSP rightly refuses.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, demo_site, username)
    found = {}
    for path in PAGES[username]:
        page.goto(f"{demo_site}{path}")
        page.add_script_tag(path=str(AXE))
        found[path] = violations(page)
    assert {path: v for path, v in found.items() if v} == {}
    context.close()


def test_the_login_page_has_no_serious_accessibility_violations(demo_site, browser):  # noqa: F811
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{demo_site}/akun/masuk/")
    page.add_script_tag(path=str(AXE))
    assert violations(page) == []
    context.close()


def test_the_skip_link_comes_first_and_moves_focus_to_the_content(demo_site, browser):  # noqa: F811
    page = browser.new_page()
    log_in(page, demo_site, "petugas.palmeriam")
    page.goto(f"{demo_site}/wilayah/31.75.01.1004/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link" and page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "isi"


def test_the_keyboard_focus_is_outlined(demo_site, browser):  # noqa: F811
    page = browser.new_page()
    log_in(page, demo_site, "petugas.palmeriam")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past the skip link: the brand link in the green bar
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth]; })()"
    )
    assert style[0] != "none" and style[1] == "3px"


def test_charts_are_named_images_with_readable_labels(demo_site, browser):  # noqa: F811
    page = browser.new_page()
    log_in(page, demo_site, "petugas.palmeriam")
    page.goto(f"{demo_site}/wilayah/31.75.01.1004/")
    for chart in ("#trend svg", "#segments svg"):
        assert page.get_attribute(chart, "role") == "img"
        assert "%" in page.get_attribute(chart, "aria-label")
    sizes = page.eval_on_selector_all(
        "figure.chart svg text", "ts => ts.map(t => parseFloat(t.getAttribute('font-size')))"
    )
    assert sizes and min(sizes) >= 12
