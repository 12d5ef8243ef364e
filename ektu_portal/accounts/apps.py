from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ektu_portal.accounts"
    label = "accounts"
