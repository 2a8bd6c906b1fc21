from django.urls import path

from semesta.awards import views

app_name = "awards"
urlpatterns = [
    path("", views.cycles, name="cycles"),
    path("<int:year>/", views.cycle, name="cycle"),
    path("<int:year>/kandidat/<int:pk>/", views.candidate, name="candidate"),
    path("<int:year>/kandidat/<int:pk>/dosier.pdf", views.dossier, name="dossier"),
]
