from django.urls import path

from mobility.api import views

urlpatterns = [
    path("mobility/eligibility", views.EligibilityView.as_view(), name="api-mobility-eligibility"),
    path("mobility/non-formal", views.NonFormalListView.as_view(), name="api-mobility-non-formal"),
    path("mobility/non-formal/<int:application_id>", views.NonFormalView.as_view(),
         name="api-mobility-non-formal-one"),
    path("mobility/non-formal/<int:application_id>/decision", views.NonFormalDecisionView.as_view(),
         name="api-mobility-non-formal-decision"),
]
