from django.urls import path

from semesta.sponsorship import views

app_name = "sponsorship"
urlpatterns = [
    path("", views.pledges, name="list"),
    path("<int:pk>/", views.pledge, name="detail"),
    path("<int:pk>/alokasi/", views.allocate, name="allocate"),
    path("<int:pk>/pernyataan.xlsx", views.statement, name="statement"),
    path("<int:pk>/pernyataan.pdf", views.statement_pdf, name="statement_pdf"),
    path("<int:pk>/pekerja.<str:fmt>", views.workers_export, name="workers_export"),
    path("<int:pk>/akhiri/<int:allocation>/", views.end, name="end"),
    path("<int:pk>/urungkan/<int:allocation>/", views.undo, name="undo"),
    path("penghargaan/", views.recognition, name="recognition"),
]
