from django.urls import path

from diploma_supplement.api import views

urlpatterns = [
    path("students/<str:username>/diploma-supplement.pdf", views.SupplementPdfView.as_view(),
         name="api-diploma-supplement"),
    path("diploma-supplements/<str:number>/revoke", views.RevokeView.as_view(), name="api-supplement-revoke"),
    path("graduates/diploma-numbers", views.DiplomaNumbersView.as_view(), name="api-diploma-numbers"),
]
