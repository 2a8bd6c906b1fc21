from django.contrib.auth import views as auth_views
from django.urls import path

from semesta.accounts import views
from semesta.accounts.forms import ThrottledLoginForm

app_name = "accounts"
urlpatterns = [
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", authentication_form=ThrottledLoginForm
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("audit/", views.audit_log, name="audit"),
]
