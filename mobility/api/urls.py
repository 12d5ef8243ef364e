from django.urls import path

from mobility.api import views

urlpatterns = [
    path("mobility/eligibility", views.EligibilityView.as_view(), name="api-mobility-eligibility"),
    path("mobility/partners", views.PartnersView.as_view(), name="api-mobility-partners"),
    path("mobility/partners/<int:partner_id>/rules", views.PartnerRulesView.as_view(),
         name="api-mobility-partner-rules"),
    path("mobility/calls", views.CallsView.as_view(), name="api-mobility-calls"),
    path("mobility/calls/<int:call_id>/applications", views.CallApplicationsView.as_view(),
         name="api-mobility-apply"),
    path("mobility/applications", views.ApplicationsView.as_view(), name="api-mobility-applications"),
    path("mobility/applications/<int:application_id>", views.ApplicationView.as_view(),
         name="api-mobility-application"),
    path("mobility/applications/<int:application_id>/decision", views.ApplicationDecisionView.as_view(),
         name="api-mobility-decision"),
    path("mobility/applications/<int:application_id>/agreement", views.AgreementView.as_view(),
         name="api-mobility-agreement"),
    path("mobility/applications/<int:application_id>/agreement/signatures",
         views.AgreementSignaturesView.as_view(), name="api-mobility-signatures"),
    path("mobility/applications/<int:application_id>/return/preview", views.ReturnPreviewView.as_view(),
         name="api-mobility-return-preview"),
    path("mobility/applications/<int:application_id>/return", views.ReturnView.as_view(),
         name="api-mobility-return"),
    path("mobility/non-formal", views.NonFormalListView.as_view(), name="api-mobility-non-formal"),
    path("mobility/non-formal/<int:application_id>", views.NonFormalView.as_view(),
         name="api-mobility-non-formal-one"),
    path("mobility/non-formal/<int:application_id>/decision", views.NonFormalDecisionView.as_view(),
         name="api-mobility-non-formal-decision"),
]
