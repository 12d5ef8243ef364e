from django.urls import path

from attestation.api import views

# Contract §9 paths, exactly (no trailing slash, contract §2).
urlpatterns = [
    path("attestation/commissions", views.CommissionsView.as_view(), name="api-attestation-commissions"),
    path("attestation/admission", views.AdmissionView.as_view(), name="api-attestation-admission"),
    path("students/<str:username>/publications", views.PublicationsView.as_view(), name="api-publications"),
    path("students/<str:username>/honours", views.HonoursView.as_view(), name="api-honours"),
]
