from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "ektu_portal.demo"
    label = "demo"
    verbose_name = "Demo university"
