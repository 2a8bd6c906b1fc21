"""Semesta's URL map."""

from django.contrib import admin
from django.urls import include, path

from semesta.api.docs import asset as api_docs_asset
from semesta.api.urls import api
from semesta.coverage.national_views import national

urlpatterns = [
    path("", include("semesta.coverage.urls")),
    path("nasional/", national, name="national"),
    path("akun/", include("semesta.accounts.urls")),
    path("impor/", include("semesta.imports.urls")),
    path("iuran/", include("semesta.contributions.urls")),
    path("program/", include("semesta.programmes.urls")),
    path("sponsor/", include("semesta.sponsorship.urls")),
    path("pemberi-kerja/", include("semesta.employers.urls")),
    path("laporan/", include("semesta.reports.urls")),
    path("paritrana/", include("semesta.awards.urls")),
    path("kolaborasi/", include("semesta.collaboration.urls")),
    path("ringkasan/", include("semesta.digests.urls")),
    path("usaha/", include("semesta.businesses.urls")),
    path("api/v1/docs/aset/<str:name>", api_docs_asset, name="api_docs_asset"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler403 = "semesta.errors.permission_denied"
handler404 = "semesta.errors.page_not_found"
handler500 = "semesta.errors.server_error"
