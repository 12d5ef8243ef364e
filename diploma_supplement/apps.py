from django.apps import AppConfig


class DiplomaSupplementConfig(AppConfig):
    name = "diploma_supplement"
