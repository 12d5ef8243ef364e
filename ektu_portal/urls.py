from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from ektu_portal.academics.api.views import UniversityLoadView
from ektu_portal.accounts.api.views import MeView, TokenView
from ektu_portal.core import observability, views

# Contract §2: /api/v1/… paths have no trailing slash (a client's POST must not meet a redirect).
api_v1 = [
    path("auth/token", TokenView.as_view(), name="api-token"),
    path("me", MeView.as_view(), name="api-me"),
    path("university/load", UniversityLoadView.as_view(), name="api-university-load"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("health", views.health, name="health"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", observability.metrics, name="metrics"),  # Prometheus; scraper or administrator
    # The API before the pages (issue 15): Django tries the patterns in order, and registration day's
    # requests were matched against every page pattern first (≈ 170 tries, a tenth of an enrolment's CPU).
    # Registration's first: its enrolment is the hottest request of the year. No page path starts with api/.
    path("api/v1/", include("registration.api.urls")),
    path("api/v1/", include(api_v1)),
    path("api/v1/", include("grading.api.urls")),
    path("api/v1/", include("diploma_supplement.api.urls")),
    path("api/v1/", include("admissions.api.urls")),
    path("api/v1/", include("attestation.api.urls")),
    path("api/v1/", include("mobility.api.urls")),
    path("", include("registration.urls")),
    path("", include("grading.urls")),
    path("", include("diploma_supplement.urls")),
    path("", include("admissions.urls")),
    path("", include("attestation.urls")),
    path("", include("mobility.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script from a URL of its own: no inline script (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/<path:rest>", views.api_not_found),  # any method: 404 problem details, never an HTML page
]

handler400 = "ektu_portal.core.views.bad_request"
handler404 = "ektu_portal.core.views.not_found"
