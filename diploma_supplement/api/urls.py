from django.urls import path

from diploma_supplement.api import views

urlpatterns = [
    path("students/<str:username>/diploma-supplement.pdf", views.SupplementPdfView.as_view(),
         name="api-diploma-supplement"),
    path("students/<str:username>/diploma-supplement/issue", views.SupplementIssueView.as_view(),
         name="api-diploma-supplement-issue"),
    path("diploma-supplements/batches", views.BatchesView.as_view(), name="api-supplement-batches"),
    path("diploma-supplements/batches/<int:batch_id>", views.BatchView.as_view(),
         name="api-supplement-batch"),
    path("diploma-supplements/<str:number>/revoke", views.RevokeView.as_view(), name="api-supplement-revoke"),
    path("accreditations", views.AccreditationsView.as_view(), name="api-accreditations"),
    path("accreditations/<int:accreditation_id>", views.AccreditationView.as_view(),
         name="api-accreditation"),
    path("accreditations/<int:accreditation_id>/remove", views.AccreditationRemoveView.as_view(),
         name="api-accreditation-remove"),
    path("graduates/diploma-numbers", views.DiplomaNumbersView.as_view(), name="api-diploma-numbers"),
]
