from django.urls import path

from attestation import views

app_name = "attestation"
urlpatterns = [
    path("attestation/", views.index, name="index"),
    path("attestation/commissions/new/", views.commission_edit, name="commission-new"),
    path("attestation/commissions/<str:code>/", views.commission_edit, name="commission"),
    path("attestation/admission/", views.admission, name="admission"),
    path("attestation/theses/", views.theses, name="theses"),
    path("attestation/theses/<int:thesis_id>/", views.thesis_detail, name="thesis"),
    path("attestation/sessions/<int:session_id>/", views.session_detail, name="session"),
    path("attestation/sessions/<int:session_id>/report/", views.chair_report, name="report"),
    path("attestation/defences/<int:defence_id>/", views.defence_detail, name="defence"),
    path("attestation/defences/<int:defence_id>/protocol.pdf", views.protocol_pdf, name="protocol-pdf"),
    path("attestation/mine/", views.mine, name="mine"),
]
