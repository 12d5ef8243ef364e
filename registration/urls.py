from django.urls import path

from registration import views

app_name = "registration"
urlpatterns = [path("registration/", views.registration_page, name="page")]
