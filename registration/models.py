"""Registration's own data: the credit load limit per period (configurable, not in code)."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ektu_portal.academics.models import AcademicPeriod


class CreditLimit(models.Model):
    """The most credits a student may register for in a period.

    A row without a period is the default; a row for a period overrides it (e.g. a summer
    semester, where at most 30 credits may be re-studied, GR-18).
    """

    period = models.OneToOneField(AcademicPeriod, on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="credit_limit", verbose_name=_("period"))
    max_credits = models.PositiveSmallIntegerField(_("most credits"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("credit load limit")
        verbose_name_plural = _("credit load limits")
        constraints = [models.UniqueConstraint(fields=["period"], name="one_limit_per_period",
                                               nulls_distinct=False)]

    def __str__(self) -> str:
        return f"{self.period or _('default')}: {self.max_credits}"
