from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ektu_portal.audit"
    label = "audit"
