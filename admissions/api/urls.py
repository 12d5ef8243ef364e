from django.urls import path

from admissions.api import views

# Contract §6: no trailing slash (contract §2).
urlpatterns = [
    path("admissions/applicants", views.ApplicantsView.as_view(), name="api-admissions-applicants"),
    path("admissions/applicants/<str:number>", views.ApplicantView.as_view(),
         name="api-admissions-applicant"),
    path("admissions/competitions", views.CompetitionsView.as_view(), name="api-admissions-competitions"),
    path("admissions/competitions/<str:code>/runs/<int:run>", views.CompetitionRunView.as_view(),
         name="api-admissions-run"),
]

# Prior learning (AD-7, RC-1 … RC-6).
urlpatterns += [
    path("admissions/prior-learning", views.PriorLearningListView.as_view(),
         name="api-admissions-prior-learning"),
    path("admissions/prior-learning/<int:case_id>", views.PriorLearningView.as_view(),
         name="api-admissions-prior-learning-case"),
    path("admissions/prior-learning/<int:case_id>/decision", views.PriorLearningDecisionView.as_view(),
         name="api-admissions-prior-learning-decision"),
]
