from django.urls import path

from grading import views, views_scale

app_name = "grading"
urlpatterns = [
    path("grading/letter-scale/", views_scale.letter_scale, name="letter-scale"),
    path("sheets/", views.sheet_list, name="sheets"),
    path("sheets/<str:code>/", views.sheet_page, name="sheet"),
    path("sheets/<str:code>/post", views.sheet_post, name="sheet-post"),
    path("sheets/<str:code>/export.<str:fmt>", views.sheet_download, name="sheet-download"),
    path("sheets/<str:code>/import", views.sheet_upload, name="sheet-upload"),
    path("sheets/<str:code>/final.pdf", views.sheet_print, name="sheet-print"),
    path("students/<str:username>/transcript.pdf", views.transcript_pdf, name="transcript-pdf"),
    path("results/", views.my_results, name="my-results"),
    path("results/<int:result_id>/appeal", views.appeal_file, name="appeal-file"),
    path("results/<int:result_id>/retake", views.retake_apply, name="retake-apply"),
    path("students/<str:username>/transcript/", views.transcript_page, name="transcript"),
    path("appeals/", views.appeals_queue, name="appeals"),
    path("appeals/<int:appeal_id>/decision", views.appeal_decide, name="appeal-decide"),
    path("appeals/to-enter/", views.appeals_to_enter, name="appeals-to-enter"),
    path("appeals/<int:appeal_id>/enter", views.appeal_enter, name="appeal-enter"),
    path("attempt-sheets/<int:sheet_id>/", views.attempt_sheet, name="attempt-sheet"),
    path("attempt-sheets/<int:sheet_id>/post", views.attempt_sheet_post, name="attempt-sheet-post"),
    path("attempt-sheets/<int:sheet_id>/final.pdf", views.attempt_sheet_print, name="attempt-sheet-print"),
    path("retakes/", views.retakes_queue, name="retakes"),
    path("retakes/<int:application_id>/schedule", views.retake_schedule, name="retake-schedule"),
    path("retakes/<int:application_id>/grade", views.retake_grade, name="retake-grade"),
    path("results/<int:result_id>/history/", views.result_history, name="result-history"),
    path("additional-period/", views.additional_period, name="additional-period"),
    path("additional-period/results/<int:result_id>/admit", views.additional_exam_open,
         name="additional-admit"),
    path("additional-period/exams/<int:additional_exam_id>/record", views.additional_exam_record,
         name="additional-record"),
    path("session-extensions/", views.session_extensions, name="session-extensions"),
    path("admission-by-order/", views.dean_admission, name="dean-admission"),
    path("admission-by-order/<int:result_id>", views.dean_admission_order, name="dean-admission-order"),
]
