from django.urls import path

from registration.api import views

urlpatterns = [
    path("registration/offer", views.OfferView.as_view(), name="api-registration-offer"),
    path("registration/enrollments", views.EnrollmentsView.as_view(), name="api-enrollments"),
    path("registration/enrollments/<int:enrollment_id>", views.EnrollmentView.as_view(),
         name="api-enrollment"),
    path("registration/plan", views.MyPlanView.as_view(), name="api-my-plan"),
    path("registration/plan/submit", views.SubmitPlanView.as_view(), name="api-plan-submit"),
    path("registration/plans", views.PlanQueueView.as_view(), name="api-plans"),
    path("registration/plans/<int:plan_id>", views.PlanView.as_view(), name="api-plan"),
    path("registration/plans/<int:plan_id>/decision", views.PlanDecisionView.as_view(),
         name="api-plan-decision"),
    path("registration/plans/<int:plan_id>/pdf", views.PlanPdfView.as_view(), name="api-plan-pdf"),
    path("registration/small-sections", views.SmallSectionsView.as_view(), name="api-small-sections"),
    path("registration/small-sections/<int:small_section_id>/decision",
         views.SmallSectionDecisionView.as_view(), name="api-small-section-decision"),
    path("registration/personal-windows", views.PersonalWindowsView.as_view(), name="api-personal-windows"),
    path("registration/orientation-week", views.OrientationWeekView.as_view(), name="api-orientation-week"),
]
