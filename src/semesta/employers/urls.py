from django.urls import path

from semesta.employers import views

app_name = "employers"
urlpatterns = [
    path("", views.employers, name="list"),
    path("<str:npp>/", views.employer, name="detail"),
    path("<str:npp>/tanggapan/", views.respond, name="respond"),
    path("<str:npp>/tanggapan/<int:pk>/bukti/", views.evidence, name="evidence"),
]
