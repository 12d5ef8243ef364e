from django.apps import AppConfig


class AcademicsConfig(AppConfig):
    name = "ektu_portal.academics"
    label = "academics"
