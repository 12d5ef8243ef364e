from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ektu_portal.core"
    label = "core"
