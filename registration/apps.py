from django.apps import AppConfig, apps


class RegistrationConfig(AppConfig):
    name = "registration"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from grading.signals import academic_debts_registered
        from registration.receivers import on_academic_debts_registered, on_grading_written

        # RG-3: grading tells us when a prerequisite became a debt; we never poll grading's tables.
        academic_debts_registered.connect(on_academic_debts_registered, dispatch_uid="registration-rg3")
        # Issue 15: grading's writes move the versions of registration day's cached facts.
        for model in apps.get_app_config("grading").get_models():
            for signal in (post_save, post_delete):
                signal.connect(on_grading_written, sender=model, weak=False,
                               dispatch_uid=f"registration-facts-{model._meta.label_lower}-{id(signal)}")
