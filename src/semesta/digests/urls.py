from django.urls import path

from semesta.digests import views

app_name = "digests"
urlpatterns = [
    path("", views.preference, name="preference"),
    path("berhenti/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
