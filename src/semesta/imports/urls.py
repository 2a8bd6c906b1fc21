from django.urls import path

from semesta.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.batches, name="batches"),
    path("<int:pk>/", views.batch, name="batch"),
    path("<int:pk>/laporan/", views.error_report, name="error_report"),
    path("<int:pk>/keputusan/", views.decide, name="decide"),
]
