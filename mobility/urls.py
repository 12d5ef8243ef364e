from django.urls import path

from mobility import views

app_name = "mobility"
urlpatterns = [
    path("mobility/", views.index, name="index"),
    path("mobility/partners/", views.partner_add, name="partner-add"),
    path("mobility/partners/<int:partner_id>/rules/", views.partner_rule, name="partner-rule"),
    path("mobility/calls/", views.call_add, name="call-add"),
    path("mobility/calls/<int:call_id>/apply/", views.apply, name="apply"),
    path("mobility/applications/<int:application_id>/decision/", views.decide, name="decide"),
    path("mobility/applications/<int:application_id>/agreement/", views.agreement, name="agreement"),
    path("mobility/applications/<int:application_id>/agreement/sign/", views.agreement_sign,
         name="agreement-sign"),
    path("mobility/applications/<int:application_id>/return/preview/", views.return_preview,
         name="return-preview"),
    path("mobility/applications/<int:application_id>/return/", views.return_apply, name="return"),
    path("mobility/calls/<int:call_id>/protocol.pdf", views.selection_protocol, name="protocol"),
    path("mobility/applications/<int:application_id>/contract.pdf", views.contract, name="contract"),
    path("mobility/applications/<int:application_id>/order.pdf", views.sending_order, name="order"),
    path("mobility/non-formal/", views.non_formal, name="non-formal"),
    path("mobility/non-formal/apply/", views.non_formal_file, name="non-formal-file"),
    path("mobility/non-formal/<int:application_id>/decision/", views.non_formal_decide,
         name="non-formal-decide"),
]
