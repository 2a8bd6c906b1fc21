from django.urls import path

from semesta.collaboration import views

app_name = "collaboration"
urlpatterns = [
    path("", views.index, name="index"),
    path("nota/baru/<int:product>/", views.new_agreement, name="new_agreement"),
    path("nota/<int:pk>/", views.agreement, name="agreement"),
    path("nota/<int:pk>/komitmen/", views.new_commitment, name="new_commitment"),
    path("pihak/<slug:code>/", views.party, name="party"),
    path("komitmen/<int:pk>/", views.commitment, name="commitment"),
    path("komitmen/<int:pk>/lapor/", views.update, name="update"),
    path("laporan/<int:pk>/bukti/", views.evidence, name="evidence"),
    path("kegiatan/", views.events, name="events"),
    path("kegiatan/baru/", views.new_event, name="new_event"),
    path("kegiatan/<int:pk>/", views.event, name="event"),
    path("kegiatan/<int:pk>/lampiran/", views.attachment, name="attachment"),
    path("non-asn/", views.staff_page, name="staff"),
    path("manfaat/", views.benefits_page, name="benefits"),
    path("manfaat/catat/", views.record_benefit, name="record_benefit"),
]
