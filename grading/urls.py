from django.urls import path

from grading import views

app_name = "grading"
urlpatterns = [
    path("sheets/<str:code>/", views.sheet_page, name="sheet"),
    path("results/", views.my_results, name="my-results"),
    path("students/<str:username>/transcript/", views.transcript_page, name="transcript"),
    path("appeals/", views.appeals_queue, name="appeals"),
]
