from django.urls import path

from semesta.businesses import views

app_name = "businesses"
urlpatterns = [
    path("", views.worklist, name="list"),
    path("<str:nib>/status/", views.set_status, name="status"),
]
