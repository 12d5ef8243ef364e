from django.urls import path

from registration.api import views

urlpatterns = [
    path("registration/offer", views.OfferView.as_view(), name="api-registration-offer"),
    path("registration/enrollments", views.EnrollmentsView.as_view(), name="api-enrollments"),
    path("registration/enrollments/<int:enrollment_id>", views.EnrollmentView.as_view(), name="api-enrollment"),
]
