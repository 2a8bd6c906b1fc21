from django.urls import path

from semesta.coverage import views
from semesta.legal.views import add, document, product
from semesta.sponsorship.views import allocate_chosen
from semesta.workers.views import add_worker, roster

app_name = "coverage"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("wilayah/<str:code>/", views.region, name="region"),
    path("wilayah/<str:code>/anak.<str:fmt>", views.children_export, name="children_export"),
    path("wilayah/<str:code>/target/", views.set_region_target, name="set_target"),
    path("wilayah/<str:code>/pekerja-rentan/", roster, name="roster"),
    path("wilayah/<str:code>/pekerja-rentan/alokasi/", allocate_chosen, name="allocate"),
    path("wilayah/<str:code>/pekerja-rentan/tambah/", add_worker, name="add_worker"),
    path("peserta/cari/", views.participant_lookup, name="lookup"),
    path("produk-hukum/baru/", add, name="legal_add"),
    path("produk-hukum/<int:pk>/", product, name="legal"),
    path("produk-hukum/<int:pk>/dokumen/", document, name="legal_document"),
]
