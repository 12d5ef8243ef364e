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
        constraints = [models.UniqueConstraint(fields=["student", "period"],
                                               name="one_study_plan_per_period")]
        indexes = [models.Index(fields=["status", "period"])]

    def __str__(self) -> str:
        return f"{self.student.user.username} {self.period.code} ({self.status})"


class PersonalWindow(models.Model):
    """RG-7/RG-2/RG-5: a registration window of one student, beside the calendar's.

    First-year students register in orientation week; a transferred or readmitted student
    within one week of the order; students of a section under its minimum size re-choose.
    """

    class Reason(models.TextChoices):
        ORIENTATION = "orientation", _("Orientation week (first year)")
        TRANSFER = "transfer", _("Transfer")
        READMISSION = "readmission", _("Readmission")
        RECHOICE = "rechoice", _("Re-choice: a section under its minimum size")

    student = models.ForeignKey("academics.Student", on_delete=models.CASCADE,
                                related_name="personal_windows",
                                verbose_name=_("student"))
    period = models.ForeignKey(AcademicPeriod, on_delete=models.CASCADE, related_name="personal_windows",
                               verbose_name=_("period"))
    opens = models.DateTimeField(_("opens"))
    closes = models.DateTimeField(_("closes"))
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("granted by"))
    basis = models.CharField(_("basis (order)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("personal registration window")
        verbose_name_plural = _("personal registration windows")
        ordering = ["opens"]
        indexes = [models.Index(fields=["student", "closes"])]
        constraints = [models.CheckConstraint(condition=models.Q(closes__gt=models.F("opens")),
                                              name="personal_window_closes_after_opening")]

    def __str__(self) -> str:
        return f"{self.student} {self.period.code} {self.reason}"


class SmallSection(models.Model):
    """RG-5: a section that had fewer registered students than its minimum when registration closed.

    Found once (idempotent), its students told and given a re-choice window; the registrar
    decides to cancel or keep it.
    """

    class Decision(models.TextChoices):
        PENDING = "pending", _("Waiting for the registrar")
        CANCELLED = "cancelled", _("Cancelled")
        KEPT = "kept", _("Kept")

    section = models.OneToOneField("academics.Section", on_delete=models.CASCADE,
                                   related_name="small_section",
                                   verbose_name=_("section"))
    found_at = models.DateTimeField(_("found at"))
    registered = models.PositiveIntegerField(_("registered"))
    min_size = models.PositiveIntegerField(_("minimum size"))
    rechoice_until = models.DateTimeField(_("re-choice until"))
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices,
                                default=Decision.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("section under its minimum size")
        verbose_name_plural = _("sections under their minimum size")
        ordering = ["found_at", "section__code"]

    def __str__(self) -> str:
        return f"{self.section} {self.registered}/{self.min_size}"


class RegistrationSweep(models.Model):
    """Which period a once-per-period job has handled (the RG-5 check after registration closes)."""

    job = models.CharField(max_length=40)
    period = models.ForeignKey(AcademicPeriod, on_delete=models.CASCADE, related_name="+")
    done_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "period"], name="one_sweep_per_job_and_period")]

    def __str__(self) -> str:
        return f"{self.job} {self.period_id}"


class CreditPrice(models.Model):
    """GR-18: the price of one credit in a summer semester (data, not code), in tenge."""

    period = models.OneToOneField(AcademicPeriod, on_delete=models.CASCADE, related_name="credit_price",
                                  verbose_name=_("period"))
    price = models.DecimalField(_("price per credit (KZT)"), max_digits=10, decimal_places=2,
                                validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("credit price")
        verbose_name_plural = _("credit prices")

    def __str__(self) -> str:
        return f"{self.period}: {self.price} ₸"


# --- registration day's cache: how fresh the facts it decides on are (RG-9, RG-3) ------------------------

class FactsVersion(models.Model):
    """How many times the facts registration decides on have changed for one student: their enrolments,
    results, study plan, personal windows or their own record. PostgreSQL triggers keep it (migration
    0006) on every write — bulk loads and raw SQL included — in the writing transaction itself.

    The enrolment's quick path decides on facts cached at a version and takes the seat only if that
    version still stands, in the same statement that takes it; so a stale cache costs a retry on the full
    path, never a wrong answer. No row yet is version 0.
    """

    student_id = models.BigIntegerField(primary_key=True)  # no foreign key: a deleted student's is harmless
    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("registration facts version")
        verbose_name_plural = _("registration facts versions")

    def __str__(self) -> str:
        return f"{self.student_id}: {self.version}"


class FactsGeneration(models.Model):
    """The same for the facts many students share: the calendar, curricula, disciplines and their
    prerequisites, sections, credit limits and prices, instructors' names and grading's sheets. One row."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    generation = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("registration facts generation")
        verbose_name_plural = _("registration facts generation")

    def __str__(self) -> str:
        return str(self.generation)
