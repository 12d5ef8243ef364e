from django.urls import path

from registration import views

app_name = "registration"
urlpatterns = [
    path("registration/", views.registration_page, name="page"),
    path("registration/plans/", views.plan_queue, name="plans"),
    path("registration/plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path("registration/plans/<int:plan_id>/pdf", views.plan_pdf, name="plan-pdf"),
    path("registration/office/", views.registration_office, name="office"),
]
