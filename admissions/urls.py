from django.urls import path

from admissions import views

app_name = "admissions"
urlpatterns = [
    path("admissions/", views.applicant_list, name="applicants"),
    path("admissions/applicants/new", views.applicant_new, name="applicant-new"),
    path("admissions/applicants/<str:number>/", views.applicant_page, name="applicant"),
    path("admissions/applicants/<str:number>/admit", views.applicant_admit, name="admit"),
    path("admissions/import", views.applicant_import, name="import"),
    path("admissions/import/template.xlsx", views.import_template, name="import-template"),
    path("admissions/competitions/", views.competition_list, name="competitions"),
    path("admissions/competitions/<str:code>/compare", views.run_compare, name="compare"),
    path("admissions/competitions/<str:code>/runs/<int:run>/", views.run_page, name="run"),
    path("admissions/competitions/<str:code>/runs/<int:run>/progress", views.run_progress,
         name="run-progress"),
    path("admissions/competitions/<str:code>/runs/<int:run>/publish", views.run_publish, name="run-publish"),
    path("admissions/competitions/<str:code>/runs/<int:run>/list.<str:fmt>", views.run_download,
         name="run-download"),
    path("admissions/rules/", views.rules_page, name="rules"),
    path("admissions/status/", views.status_page, name="status"),
    path("admissions/status/sign-in", views.status_sign_in, name="status-sign-in"),
    path("admissions/status/sign-out", views.status_sign_out, name="status-sign-out"),
]

# --- prior learning (AD-7, RC-1 … RC-6) ---
from admissions import views_prior  # noqa: E402

urlpatterns += [
    path("admissions/prior-learning/", views_prior.case_list, name="prior-cases"),
    path("admissions/prior-learning/new", views_prior.case_new, name="prior-new"),
    path("admissions/prior-learning/<int:case_id>/", views_prior.case_page, name="prior-case"),
    path("admissions/prior-learning/<int:case_id>/lines", views_prior.line_add, name="prior-line-add"),
    path("admissions/prior-learning/<int:case_id>/import", views_prior.lines_import, name="prior-import"),
    path("admissions/prior-learning/<int:case_id>/lines/<int:position>/match", views_prior.match_set,
         name="prior-match"),
    path("admissions/prior-learning/<int:case_id>/decision", views_prior.decide, name="prior-decide"),
    path("admissions/prior-learning/<int:case_id>/<str:kind>.pdf", views_prior.document,
         name="prior-document"),
]
