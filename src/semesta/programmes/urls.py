from django.urls import path

from semesta.programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.programmes, name="list"),
    path("<int:pk>/", views.programme, name="detail"),
    path("<int:pk>/monev/", views.record_monev, name="monev"),
    path("<int:pk>/rencana/", views.plan_budget, name="plan"),
]
