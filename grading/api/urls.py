from django.urls import path

from grading.api import recount, scale, views

urlpatterns = [
    path("letter-scale", scale.LetterScaleView.as_view(), name="api-letter-scale"),
    path("letter-scales", scale.LetterScalesView.as_view(), name="api-letter-scales"),
    path("recount/preview", recount.RecountPreviewView.as_view(), name="api-recount-preview"),
    path("recount/apply", recount.RecountApplyView.as_view(), name="api-recount-apply"),
    path("sections/<str:code>/sheet", views.SheetView.as_view(), name="api-sheet"),
    path("sections/<str:code>/sheet/post", views.SheetPostView.as_view(), name="api-sheet-post"),
    path("attempt-sheets", views.AttemptSheetsView.as_view(), name="api-attempt-sheets"),
    path("sheets/<int:sheet_id>", views.AttemptSheetView.as_view(), name="api-attempt-sheet"),
    path("sheets/<int:sheet_id>/post", views.AttemptSheetPostView.as_view(), name="api-attempt-sheet-post"),
    path("appeals", views.AppealsView.as_view(), name="api-appeals"),
    path("appeals/to-enter", views.AppealsToEnterView.as_view(), name="api-appeals-to-enter"),
    path("appeals/<int:appeal_id>/decision", views.AppealDecisionView.as_view(), name="api-appeal-decision"),
    path("appeals/<int:appeal_id>/enter", views.AppealEnterView.as_view(), name="api-appeal-enter"),
    path("results/<int:result_id>/dean-admission", views.DeanAdmissionView.as_view(),
         name="api-dean-admission"),
    path("retakes", views.RetakesView.as_view(), name="api-retakes"),
    path("retakes/<int:application_id>/schedule", views.RetakeScheduleView.as_view(),
         name="api-retake-schedule"),
    path("retakes/<int:application_id>/grade", views.RetakeGradeView.as_view(), name="api-retake-grade"),
    path("students/<str:username>/transcript", views.TranscriptView.as_view(), name="api-transcript"),
    path("students/<str:username>/attendance", views.AttendanceView.as_view(), name="api-attendance"),
    path("advisees/at-risk", views.AdviseesAtRiskView.as_view(), name="api-advisees-at-risk"),
    path("results/<int:result_id>/additional-exam", views.AdditionalExamOpenView.as_view(),
         name="api-additional-exam-open"),
    path("additional-exams/<int:additional_exam_id>/record", views.AdditionalExamRecordView.as_view(),
         name="api-additional-exam-record"),
    path("students/<str:username>/session-extension", views.SessionExtensionView.as_view(),
         name="api-session-extension"),
]
