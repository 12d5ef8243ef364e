from django.apps import AppConfig


class RegistrationConfig(AppConfig):
    name = "registration"

    def ready(self) -> None:
        from grading.signals import academic_debts_registered
        from registration.receivers import on_academic_debts_registered

        # RG-3: grading tells us when a prerequisite became a debt; we never poll grading's tables.
        academic_debts_registered.connect(on_academic_debts_registered, dispatch_uid="registration-rg3")
