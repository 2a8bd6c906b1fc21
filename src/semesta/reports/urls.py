from django.urls import path

from semesta.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.reports, name="list"),
    path("buat/", views.create, name="create"),
    path("<int:pk>/pdf/", views.download, {"kind": "pdf"}, name="pdf"),
    path("<int:pk>/xlsx/", views.download, {"kind": "xlsx"}, name="xlsx"),
]
