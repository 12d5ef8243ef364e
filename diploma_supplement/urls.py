from django.urls import path  # noqa: F401

app_name = "diploma_supplement"
urlpatterns: list = []  # pages: dean's batches, verification (issue 4)
