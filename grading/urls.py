from django.urls import path

from grading import views

app_name = "grading"
urlpatterns = [
    path("sheets/<str:code>/", views.sheet_page, name="sheet"),
    path("sheets/<str:code>/export.<str:fmt>", views.sheet_download, name="sheet-download"),
    path("sheets/<str:code>/import", views.sheet_upload, name="sheet-upload"),
    path("sheets/<str:code>/final.pdf", views.sheet_print, name="sheet-print"),
    path("students/<str:username>/transcript.pdf", views.transcript_pdf, name="transcript-pdf"),
    path("results/", views.my_results, name="my-results"),
    path("students/<str:username>/transcript/", views.transcript_page, name="transcript"),
    path("appeals/", views.appeals_queue, name="appeals"),
    path("retakes/", views.retakes_queue, name="retakes"),
    path("results/<int:result_id>/history/", views.result_history, name="result-history"),
    path("additional-period/", views.additional_period, name="additional-period"),
    path("session-extensions/", views.session_extensions, name="session-extensions"),
]
