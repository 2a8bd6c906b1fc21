"""The API docs page works on an intranet with no way out: Swagger UI comes from this server."""

from __future__ import annotations

from urllib.parse import urlsplit

from semesta.api.docs import SWAGGER_DIRS, asset_path
from tests.html_page import Page


def test_it_loads_nothing_from_another_server(client, db):
    response = client.get("/api/v1/docs")
    page = Page(response.content)
    urls = [e.attrs[a] for e in page.elements for a in ("src", "href") if a in e.attrs]
    assert response.status_code == 200 and len(urls) >= 3
    for url in urls:
        assert url.startswith("/") or url.startswith("data:"), url
        assert not url.startswith("//"), url
    for url in (u for u in urls if u.startswith("/")):
        assert client.get(url).status_code == 200, url
    assert b"cdn" not in response.content.lower()


def test_it_serves_swagger_ui_from_the_npm_package(client, db):
    npm = SWAGGER_DIRS[0]
    assert (npm / "package.json").exists(), "run make assets (npm ci)"
    assert asset_path("swagger-ui-bundle.js") == npm / "swagger-ui-bundle.js"
    response = client.get("/api/v1/docs/aset/swagger-ui-bundle.js")
    assert response["Content-Type"].startswith(("text/javascript", "application/javascript"))
    assert b"".join(response.streaming_content) == (npm / "swagger-ui-bundle.js").read_bytes()


def test_it_serves_no_other_file(client, db):
    for name in ("package.json", "..%2Fsettings.py", "index.html", "swagger-ui.js.map"):
        assert client.get(f"/api/v1/docs/aset/{name}").status_code == 404


def test_it_renders_in_chromium_with_every_request_kept_local(
    transactional_db, live_server, browser
):
    page = browser.new_page()
    requested, refused = [], []

    def local_only(route):
        url = route.request.url
        requested.append(url)
        if urlsplit(url).netloc == urlsplit(live_server.url).netloc or url.startswith("data:"):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    page.route("**/*", local_only)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    assert "Semesta API" in page.inner_text(".swagger-ui .info .title")
    assert page.locator(".swagger-ui .opblock").count() >= 5
    assert refused == []
    assert any(u.endswith("/api/v1/openapi.json") for u in requested)
