from django.urls import path

from diploma_supplement import views

app_name = "diploma_supplement"
urlpatterns = [
    path("diploma-supplements/", views.batches_page, name="batches"),
    path("diploma-supplements/batches/<int:batch_id>/", views.batch_page, name="batch"),
    path("diploma-supplements/batches/<int:batch_id>/progress", views.batch_progress, name="batch-progress"),
    path("diploma-supplements/batches/<int:batch_id>/download.<str:kind>", views.batch_download,
         name="batch-download"),
    path("diploma-supplement/", views.my_supplement, name="mine"),
    path("graduates/diploma-numbers/", views.diploma_numbers_page, name="diploma-numbers"),
    path("graduates/accreditation/", views.accreditation_page, name="accreditation"),
    path("students/<str:username>/diploma-supplement/", views.student_page, name="student"),
    path("verify/<str:number>/", views.verify, name="verify"),
    path("verify/<str:number>/revoke", views.revoke_page, name="revoke"),
]
