"""Grade sheets (ведомость) and appeals. Marks themselves live in ``academics.Result``.

A sheet belongs to one section. While it is open the instructor or the registrar enters
R1, R2, exam scores and outcomes; posting it (GR-12) makes the results visible to students,
locks the admission rating and exam scores, and opens the appeal window (GR-13) until 13:00
of the next calendar day, Asia/Almaty. After that only an appeal decision (GR-14) changes
an exam score, and never downwards.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ektu_portal.academics.models import Result, Section


class GradeSheet(models.Model):
    section = models.OneToOneField(Section, on_delete=models.PROTECT, related_name="grade_sheet")
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    appeal_window_closes_at = models.DateTimeField(_("appeals accepted until"), null=True, blank=True)
    # Set by the beat job once the appeal window has passed (GR-12).
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # GR-12: after the appeal deadline and the printing of the final sheet no exam score changes at all.
    printed_at = models.DateTimeField(_("final sheet printed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("grade sheet")
        verbose_name_plural = _("grade sheets")

    def __str__(self) -> str:
        return f"{self.section.code}"

    @property
    def is_posted(self) -> bool:
        return self.posted_at is not None


class Appeal(models.Model):
    class Status(models.TextChoices):
        FILED = "filed", _("Filed")
        GRANTED = "granted", _("Granted")
        REJECTED = "rejected", _("Rejected")

    result = models.ForeignKey(Result, on_delete=models.PROTECT, related_name="appeals")
    reason = models.TextField(_("reason"))
    filed_at = models.DateTimeField(_("filed at"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.FILED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    points_added = models.PositiveSmallIntegerField(_("points added"), default=0,
                                                    validators=[MinValueValidator(0), MaxValueValidator(100)])
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["filed_at", "id"]
        constraints = [
            # One open appeal per result at a time.
            models.UniqueConstraint(fields=["result"], condition=models.Q(status="filed"), name="one_open_appeal"),
        ]

    def __str__(self) -> str:
        return f"{self.result} ({self.status})"


class LetterBand(models.Model):
    """GR-6: one row of the letter scale, kept as data with the date it takes effect.

    The university may change the scale; a result is graded by the scale in force on the
    first day of its period. Seeded by migration with the Academic Policy's table.
    """

    class Traditional(models.TextChoices):
        EXCELLENT = "excellent", _("excellent")
        GOOD = "good", _("good")
        SATISFACTORY = "satisfactory", _("satisfactory")
        UNSATISFACTORY = "unsatisfactory", _("unsatisfactory")

    effective_from = models.DateField(_("in force from"))
    letter = models.CharField(_("letter"), max_length=2)
    points = models.DecimalField(_("points"), max_digits=3, decimal_places=2)
    min_score = models.PositiveSmallIntegerField(_("from %"), validators=[MaxValueValidator(100)])
    max_score = models.PositiveSmallIntegerField(_("to %"), validators=[MaxValueValidator(100)])
    traditional = models.CharField(_("traditional grade"), max_length=16, choices=Traditional.choices)

    class Meta:
        verbose_name = _("letter grade band")
        verbose_name_plural = _("letter grade scale")
        ordering = ["-effective_from", "-min_score"]
        constraints = [
            models.UniqueConstraint(fields=["effective_from", "letter"], name="letter_once_per_scale"),
            models.CheckConstraint(condition=models.Q(min_score__lte=models.F("max_score")), name="band_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.letter} {self.min_score}–{self.max_score} ({self.effective_from})"


class RetakeApplication(models.Model):
    """GR-9: a student's online application to retake the final control of an FX result."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        SCHEDULED = "scheduled", _("Scheduled")
        DONE = "done", _("Retake graded")

    result = models.OneToOneField(Result, on_delete=models.PROTECT, related_name="retake_application")
    applied_at = models.DateTimeField(_("applied at"))
    deadline = models.DateField(_("retake deadline"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.APPLIED)
    scheduled_for = models.DateTimeField(_("retake on"), null=True, blank=True)
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    exam_before = models.PositiveSmallIntegerField(_("exam score before"), null=True, blank=True)
    exam_after = models.PositiveSmallIntegerField(_("retake exam score"), null=True, blank=True)
    letter_after = models.CharField(_("letter after the retake"), max_length=2, blank=True)

    class Meta:
        verbose_name = _("FX retake application")
        verbose_name_plural = _("FX retake applications")
        ordering = ["applied_at"]

    def __str__(self) -> str:
        return f"{self.result} FX retake ({self.status})"


class AcademicDebt(models.Model):
    """GR-10: a discipline the student must re-enrol in (F, FX twice, an FX retake window missed)."""

    result = models.OneToOneField(Result, on_delete=models.PROTECT, related_name="academic_debt")
    registered_at = models.DateTimeField(_("registered at"))
    reason = models.CharField(_("reason"), max_length=200)
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)

    class Meta:
        verbose_name = _("academic debt")
        verbose_name_plural = _("academic debts")
        ordering = ["registered_at"]

    def __str__(self) -> str:
        return f"{self.result} ({self.reason})"


class DebtSweep(models.Model):
    """A period whose retake deadline has passed and whose debts were registered (job bookkeeping)."""

    period = models.OneToOneField("academics.AcademicPeriod", on_delete=models.CASCADE, related_name="+")
    swept_at = models.DateTimeField()
    debts = models.PositiveIntegerField(default=0)


class SheetEntry(models.Model):
    """What the sheet records beside the marks: attendance (GR-3), course work (GR-2), dean's order."""

    result = models.OneToOneField(Result, on_delete=models.CASCADE, related_name="sheet_entry")
    classes_held = models.PositiveSmallIntegerField(_("classes held"), null=True, blank=True)
    absences = models.PositiveSmallIntegerField(_("classes missed"), default=0)
    lates_over_20_min = models.PositiveSmallIntegerField(_("lates of more than 20 minutes"), default=0)
    coursework_submitted = models.BooleanField(_("course work submitted"), default=False)
    # GR-3: for a valid reason the dean's office may admit by order (waives the attendance rule only).
    dean_admission_basis = models.CharField(_("admitted by the dean's order"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("sheet entry")
        verbose_name_plural = _("sheet entries")

    def __str__(self) -> str:
        return f"{self.result_id}"

    def state(self) -> dict[str, object]:
        return {"classes_held": self.classes_held, "absences": self.absences,
                "lates_over_20_min": self.lates_over_20_min, "coursework_submitted": self.coursework_submitted,
                "dean_admission_basis": self.dean_admission_basis}


class SessionExtension(models.Model):
    """GR-15: the dean's office extends one student's session, with a valid reason, by at most
    three weeks; the student's additional period ends then."""

    student = models.ForeignKey("academics.Student", on_delete=models.PROTECT, related_name="session_extensions")
    period = models.ForeignKey("academics.AcademicPeriod", on_delete=models.PROTECT, related_name="+")
    extended_to = models.DateField(_("extended to"))
    reason = models.CharField(_("valid reason"), max_length=300)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(_("granted at"))

    class Meta:
        verbose_name = _("session extension")
        verbose_name_plural = _("session extensions")
        constraints = [models.UniqueConstraint(fields=["student", "period"], name="one_extension_per_period")]

    def __str__(self) -> str:
        return f"{self.student} {self.period} → {self.extended_to}"


class AdditionalExam(models.Model):
    """GR-15: a student's exam in the additional period, for one of the three categories."""

    class Category(models.TextChoices):
        PAYMENT_CLEARANCE = "payment_clearance", _("Missed the exam: no payment clearance")
        DID_NOT_APPEAR = "did_not_appear", _("Did not appear")
        BELOW_ADMISSION = "below_admission", _("Admission rating below 50")

    result = models.OneToOneField(Result, on_delete=models.PROTECT, related_name="additional_exam")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    ends = models.DateField(_("additional period ends"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("opened at"))
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    letter_after = models.CharField(_("letter after"), max_length=2, blank=True)

    class Meta:
        verbose_name = _("additional-period exam")
        verbose_name_plural = _("additional-period exams")
        ordering = ["ends", "opened_at"]

    def __str__(self) -> str:
        return f"{self.result} ({self.category})"
