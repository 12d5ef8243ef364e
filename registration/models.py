"""Registration's own data: the credit load limit per period (configurable, not in code)."""

from __future__ import annotations

from django.conf import settings
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


class StudyPlan(models.Model):
    """RG-6: a student's individual study plan (IUP, ЖОЖ) for one period.

    Formed from the student's registrations: at submission the enrolled sections are copied
    into ``items`` — the evidence of what the adviser and the dean approved, even if the
    registrations change later (then the plan goes back to a draft, RG-2/RG-6).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the adviser")
        RETURNED = "returned", _("Returned for changes")
        ADVISER_APPROVED = "adviser_approved", _("Approved by the adviser")
        APPROVED = "approved", _("Approved by the dean")

    student = models.ForeignKey("academics.Student", on_delete=models.PROTECT, related_name="study_plans",
                                verbose_name=_("student"))
    period = models.ForeignKey(AcademicPeriod, on_delete=models.PROTECT, related_name="study_plans",
                               verbose_name=_("period"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveSmallIntegerField(_("version"), default=0)  # +1 at every submission
    items = models.JSONField(_("disciplines as submitted"), default=list)
    credits = models.PositiveSmallIntegerField(_("credits"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    adviser_decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                           blank=True, related_name="+", verbose_name=_("adviser"))
    adviser_decided_at = models.DateTimeField(_("adviser decided at"), null=True, blank=True)
    dean_decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="+", verbose_name=_("dean"))
    dean_decided_at = models.DateTimeField(_("dean decided at"), null=True, blank=True)
    comment = models.TextField(_("last comment"), blank=True)  # why it was returned

    class Meta:
        verbose_name = _("individual study plan")
        verbose_name_plural = _("individual study plans")
        ordering = ["period__starts", "student__user__username"]
        constraints = [models.UniqueConstraint(fields=["student", "period"], name="one_study_plan_per_period")]
        indexes = [models.Index(fields=["status", "period"])]

    def __str__(self) -> str:
        return f"{self.student.user.username} {self.period.code} ({self.status})"
