from django.urls import path

from mobility.api import views

urlpatterns = [
    path("mobility/eligibility", views.EligibilityView.as_view(), name="api-mobility-eligibility"),
]
