from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in: student, instructor, adviser, staff.

    Roles (and their scope: a dean's school, an adviser's students) live in
    ``academics.RoleAssignment``; this model is only the identity.
    """

    full_name = models.CharField(_("full name"), max_length=200)
    # Passport spelling of the name in Latin letters (Diploma Supplement, DS-3 field 1.1).
    full_name_latin = models.CharField(_("full name in Latin letters"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username
