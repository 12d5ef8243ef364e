from django.urls import path  # noqa: F401

urlpatterns: list = []  # GET /api/v1/students/{username}/diploma-supplement.pdf (contract §3)
