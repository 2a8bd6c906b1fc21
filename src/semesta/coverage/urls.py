from django.urls import path

from semesta.coverage import views

app_name = "coverage"
urlpatterns = [path("", views.overview, name="overview")]
