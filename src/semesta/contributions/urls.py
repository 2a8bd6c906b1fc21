from django.urls import path

from semesta.contributions import views

app_name = "contributions"
urlpatterns = [path("", views.calculator_page, name="calculator")]
