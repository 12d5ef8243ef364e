"""Grade sheets (ведомость) and appeals. Marks themselves live in ``academics.Result``.

A session sheet belongs to one section; an FX retake or additional-period exam is a new attempt on
a sheet of its own. While a sheet is open the instructor or the registrar enters
R1, R2, exam scores and outcomes; posting it (GR-12) makes the results visible to students,
locks the admission rating and exam scores, and opens the appeal window (GR-13) until 13:00
of the next calendar day, Asia/Almaty. After that only an appeal decision (GR-14) changes
an exam score, and never downwards.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ektu_portal.academics.models import Result, Section


class GradeSheet(models.Model):
    """A sheet of one sitting (GR-12): the section's exam session, or an FX retake (GR-9) or an
    additional-period exam (GR-15) of one day. A retake or additional exam is a new attempt (a new
    ``Result``) on a sheet of its own, so the session's sheet — and a printed one above all — keeps
    the original attempt as it was; each sheet opens its own appeal window when posted (GR-13).
    """

    class Sitting(models.TextChoices):
        REGULAR = "regular", _("exam session")
        FX_RETAKE = "fx_retake", _("FX retake")
        ADDITIONAL = "additional", _("additional period")

    sitting = models.CharField(_("sitting"), max_length=16, choices=Sitting.choices, default=Sitting.REGULAR)
    # The session's sheet belongs to its section. A retake or additional sheet carries the section of
    # the attempts it records, or none for results kept outside the portal's sheets (loaded records).
    section = models.ForeignKey(Section, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="grade_sheets")
    discipline = models.ForeignKey("academics.Discipline", on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey("academics.AcademicPeriod", on_delete=models.PROTECT, related_name="+")
    # The day the exam was held: a retake or additional sheet's day, and the state exam's date, from
    # which its appeal deadline counts (GR-17).
    exam_date = models.DateField(_("exam date"), null=True, blank=True)
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
        constraints = [
            models.UniqueConstraint(fields=["section"], condition=models.Q(sitting="regular"),
                                    name="one_session_sheet_per_section"),
            models.UniqueConstraint(fields=["discipline", "period", "section", "sitting", "exam_date"],
                                    condition=~models.Q(sitting="regular"), nulls_distinct=False,
                                    name="one_attempt_sheet_per_day"),
            models.CheckConstraint(condition=~models.Q(sitting="regular") | models.Q(section__isnull=False),
                                   name="session_sheet_has_a_section"),
            models.CheckConstraint(condition=models.Q(sitting="regular") | models.Q(exam_date__isnull=False),
                                   name="attempt_sheet_has_a_day"),
        ]

    def __str__(self) -> str:
        where = self.section.code if self.section_id else f"{self.discipline.code} {self.period.code}"
        return where if self.sitting == self.Sitting.REGULAR else f"{where} {self.sitting} {self.exam_date}"

    @property
    def is_posted(self) -> bool:
        return self.posted_at is not None

    @property
    def is_printed(self) -> bool:
        return self.printed_at is not None


class SheetAttempt(models.Model):
    """A new attempt recorded on an FX retake or additional-period sheet (GR-9, GR-15). An attempt
    without one is on its section's session sheet (or was loaded from the university's records)."""

    sheet = models.ForeignKey(GradeSheet, on_delete=models.PROTECT, related_name="attempts")
    result = models.OneToOneField(Result, on_delete=models.PROTECT, related_name="attempt_sheet")

    class Meta:
        verbose_name = _("attempt on a retake or additional sheet")
        verbose_name_plural = _("attempts on retake and additional sheets")

    def __str__(self) -> str:
        return f"{self.result_id} on {self.sheet_id}"


class Appeal(models.Model):
    """GR-13/GR-14: filed by the student, decided by the appeals commission; a granted appeal is
    passed to the head of the registrar's office, who enters it — only then does the grade change."""

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
    # GR-14: the registrar's office enters a granted appeal; the exam score changes then.
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    entered_at = models.DateTimeField(_("entered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["filed_at", "id"]
        constraints = [
            # One appeal of a result at a time: waiting for a decision, or granted and waiting to be entered.
            models.UniqueConstraint(fields=["result"], condition=models.Q(status="filed")
                                    | models.Q(status="granted", entered_at__isnull=True),
                                    name="one_open_appeal"),
        ]

    def __str__(self) -> str:
        return f"{self.result} ({self.status})"

    @property
    def stage(self) -> str:
        """What the student reads: filed, rejected, granted and being entered (GR-14), or entered."""
        if self.status == self.Status.GRANTED:
            return "entered" if self.entered_at else "granted_pending_entry"
        return self.status


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
            models.CheckConstraint(condition=models.Q(min_score__lte=models.F("max_score")),
                                   name="band_in_order"),
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
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                     blank=True,
                                     related_name="+")
    exam_before = models.PositiveSmallIntegerField(_("exam score before"), null=True, blank=True)
    exam_after = models.PositiveSmallIntegerField(_("retake exam score"), null=True, blank=True)
    letter_after = models.CharField(_("letter after the retake"), max_length=2, blank=True)
    # The retake itself: a new attempt on the retake sheet (GR-9, GR-12); ``result`` stays as it was.
    attempt = models.OneToOneField(Result, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="retake_of")

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

    def __str__(self) -> str:
        return f"{self.period_id}: {self.debts}"


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
                "lates_over_20_min": self.lates_over_20_min,
                "coursework_submitted": self.coursework_submitted,
                "dean_admission_basis": self.dean_admission_basis}


class AttendanceWarning(models.Model):
    """A student e-mailed once that 40% of a discipline's classes are missed (GR-3, issue 9); the
    sweep's bookkeeping, like ``DebtSweep``: a result is warned at most once."""

    result = models.OneToOneField(Result, on_delete=models.CASCADE, related_name="attendance_warning")
    warned_at = models.DateTimeField(_("warned at"))
    classes_held = models.PositiveSmallIntegerField(_("classes held"))
    missed = models.PositiveSmallIntegerField(_("classes missed (lates counted)"))

    class Meta:
        verbose_name = _("attendance warning")
        verbose_name_plural = _("attendance warnings")

    def __str__(self) -> str:
        return f"{self.result_id}: {self.missed}/{self.classes_held}"


class SessionExtension(models.Model):
    """GR-15: the dean's office extends one student's session, with a valid reason, by at most
    three weeks; the student's additional period ends then."""

    student = models.ForeignKey("academics.Student", on_delete=models.PROTECT,
                                related_name="session_extensions")
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
    # The additional-period exam itself: a new attempt on the additional sheet (GR-15, GR-12).
    attempt = models.OneToOneField(Result, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="additional_of")

    class Meta:
        verbose_name = _("additional-period exam")
        verbose_name_plural = _("additional-period exams")
        ordering = ["ends", "opened_at"]

    def __str__(self) -> str:
        return f"{self.result} ({self.category})"


# --- issue 11: integral GPA (GP-2, GP-3), progression (GP-4, TR-10) and the repeat year (TR-11) -----------

ACADEMIC_YEAR_HELP = _('two consecutive years, e.g. "2025-2026"')
POINTS = {"max_digits": 6, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class AchievementBlock(models.TextChoices):
    """GP-2: the achievement blocks of the integral GPA, each counted in points."""

    SSCI = "ssci", _("Social and sports achievements (SSCI)")
    IROS = "iros", _("Research achievements (iROS)")
    RESEARCH = "research", _("Research activity")


class AchievementMaxima(models.Model):
    """GP-3: the maximum points of each block, as the university's iGPA regulation sets them — in force
    from an academic year until a later row replaces them. Without any row every maximum is 100."""

    from_academic_year = models.CharField(_("in force from the academic year"), max_length=9, unique=True,
                                          help_text=ACADEMIC_YEAR_HELP)
    ssci = models.DecimalField(_("SSCI maximum"), **POINTS)
    iros = models.DecimalField(_("iROS maximum"), **POINTS)
    research = models.DecimalField(_("research activity maximum"), **POINTS)
    basis = models.CharField(_("basis (the regulation, its date)"), max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("iGPA block maxima")
        verbose_name_plural = _("iGPA block maxima")
        ordering = ["-from_academic_year"]
        constraints = [models.CheckConstraint(condition=models.Q(ssci__gt=0, iros__gt=0, research__gt=0),
                                              name="block_maxima_above_zero")]

    def __str__(self) -> str:
        return f"{self.from_academic_year}: {self.ssci}/{self.iros}/{self.research}"


class AchievementRecord(models.Model):
    """GP-2: a student's achievement points of one academic year, block by block. The points are the
    block totals iGPA reads; the entries below are their evidence."""

    student = models.ForeignKey("academics.Student", on_delete=models.PROTECT,
                                related_name="achievement_records")
    academic_year = models.CharField(_("academic year"), max_length=9, help_text=ACADEMIC_YEAR_HELP)
    ssci = models.DecimalField(_("SSCI points"), default=0, **POINTS)
    iros = models.DecimalField(_("iROS points"), default=0, **POINTS)
    research = models.DecimalField(_("research activity points"), default=0, **POINTS)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("achievement points of a year")
        verbose_name_plural = _("achievement points")
        ordering = ["academic_year", "student_id"]
        constraints = [models.UniqueConstraint(fields=["student", "academic_year"],
                                               name="one_achievement_record_per_year")]

    def __str__(self) -> str:
        return f"{self.student_id} {self.academic_year}"

    def points(self) -> dict[str, str]:
        return {"ssci": str(self.ssci), "iros": str(self.iros), "research": str(self.research)}


def achievement_document_path(entry: AchievementEntry, filename: str) -> str:
    return f"achievements/{entry.record.academic_year}/{entry.record.student_id}/{filename}"


class AchievementEntry(models.Model):
    """One achievement as evidence of a block's points (GP-2): what it was, the indicator it is
    measured by, its points and the document that proves it."""

    record = models.ForeignKey(AchievementRecord, on_delete=models.PROTECT, related_name="entries")
    block = models.CharField(_("block"), max_length=16, choices=AchievementBlock.choices)
    achievement = models.CharField(_("achievement"), max_length=300)
    indicator = models.CharField(_("indicator"), max_length=300)
    points = models.DecimalField(_("points"), **POINTS)
    document = models.FileField(_("document"), upload_to=achievement_document_path, blank=True)
    document_reference = models.CharField(_("document (number, date)"), max_length=300, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(_("entered at"))

    class Meta:
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")
        ordering = ["entered_at", "id"]

    def __str__(self) -> str:
        return f"{self.block} {self.points}: {self.achievement}"


class ProgressionConditions(models.Model):
    """TR-10: the conditions of progression of an academic year, as the rector's yearly order sets them:
    its number and date, the deadlines, and (below) any minimum GPA by course year. Without a row the
    portal applies GP-4 alone with the deadlines of the policy."""

    academic_year = models.CharField(_("academic year"), max_length=9, unique=True,
                                     help_text=ACADEMIC_YEAR_HELP)
    order_number = models.CharField(_("rector's order number"), max_length=64, blank=True)
    order_date = models.DateField(_("rector's order date"), null=True, blank=True)
    deadline = models.DateField(_("progression deadline"))
    winter_deadline = models.DateField(_("progression deadline, winter intake"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("progression conditions of a year")
        verbose_name_plural = _("progression conditions")
        ordering = ["-academic_year"]

    def __str__(self) -> str:
        return f"{self.academic_year} ({self.order_number})"


class MinimumGpa(models.Model):
    """TR-10: a minimum GPA the rector's order sets for one course year."""

    conditions = models.ForeignKey(ProgressionConditions, on_delete=models.CASCADE,
                                   related_name="minimum_gpas")
    course_year = models.PositiveSmallIntegerField(_("course year"), validators=[MinValueValidator(1),
                                                                               MaxValueValidator(6)])
    minimum_gpa = models.DecimalField(_("minimum GPA"), max_digits=3, decimal_places=2,
                                      validators=[MinValueValidator(0), MaxValueValidator(4)])

    class Meta:
        verbose_name = _("minimum GPA by course year")
        verbose_name_plural = _("minimum GPA by course year")
        ordering = ["course_year"]
        constraints = [models.UniqueConstraint(fields=["conditions", "course_year"],
                                               name="one_minimum_gpa_per_course_year")]

    def __str__(self) -> str:
        return f"{self.course_year}: {self.minimum_gpa}"


class WinterIntake(models.Model):
    """TR-10: a master's or doctoral student admitted in winter progresses by 15 January, not 25 August."""

    student = models.OneToOneField("academics.Student", on_delete=models.CASCADE,
                                   related_name="winter_intake")
    noted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    noted_at = models.DateTimeField(_("noted at"))

    class Meta:
        verbose_name = _("winter intake")
        verbose_name_plural = _("winter intake")

    def __str__(self) -> str:
        return str(self.student_id)


class ProgressionRun(models.Model):
    """TR-10: the progression list of an academic year (one for the autumn intake, one for the winter),
    drawn up once by the job — its bookkeeping too, like ``DebtSweep``: a year with a run is not drawn up
    again. The registrar's office reviews it and confirms it; confirming moves the course years."""

    class Intake(models.TextChoices):
        AUTUMN = "autumn", _("autumn intake")
        WINTER = "winter", _("winter intake")

    academic_year = models.CharField(_("academic year"), max_length=9)
    intake = models.CharField(_("intake"), max_length=8, choices=Intake.choices, default=Intake.AUTUMN)
    deadline = models.DateField(_("progression deadline"))
    order_number = models.CharField(_("rector's order number"), max_length=64, blank=True)
    order_date = models.DateField(_("rector's order date"), null=True, blank=True)
    drawn_up_at = models.DateTimeField(_("drawn up at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+")

    class Meta:
        verbose_name = _("progression list")
        verbose_name_plural = _("progression lists")
        ordering = ["-academic_year", "intake"]
        constraints = [models.UniqueConstraint(fields=["academic_year", "intake"],
                                               name="one_progression_list_per_year")]

    def __str__(self) -> str:
        return f"{self.academic_year} {self.intake}"


class ProgressionLine(models.Model):
    """TR-10/TR-11: one student on the progression list — the year's figures, the outcome, its reasons
    and debts; for a repeat year, the contract signed (or not) and the expulsion that follows."""

    class Outcome(models.TextChoices):
        PROGRESS = "progress", _("progresses")
        PROGRESS_WITH_DEBTS = "progress_with_debts", _("progresses, clears debts on a paid basis")
        REPEAT_YEAR = "repeat_year", _("repeats the year")

    run = models.ForeignKey(ProgressionRun, on_delete=models.CASCADE, related_name="lines")
    student = models.ForeignKey("academics.Student", on_delete=models.PROTECT,
                                related_name="progression_lines")
    course_year = models.PositiveSmallIntegerField(_("course year"))
    funding = models.CharField(_("funding"), max_length=16)
    gpa = models.DecimalField(_("GPA"), max_digits=3, decimal_places=2, null=True, blank=True)
    igpa = models.DecimalField(_("iGPA"), max_digits=3, decimal_places=2, null=True, blank=True)
    blocks = models.JSONField(_("block fractions"), default=dict, blank=True)
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices)
    reasons = ArrayField(models.CharField(max_length=32), default=list, blank=True, verbose_name=_("reasons"))
    debts = ArrayField(models.CharField(max_length=64), default=list, blank=True,
                       verbose_name=_("debts to clear"))
    loses_grant = models.BooleanField(_("loses the grant"), default=False)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    # TR-11: the repeat-year contract, recorded by the registrar's office.
    contract_signed_on = models.DateField(_("repeat-year contract signed on"), null=True, blank=True)
    expulsion_listed_at = models.DateTimeField(_("listed for expulsion at"), null=True, blank=True)
    expelled_at = models.DateTimeField(_("expelled at"), null=True, blank=True)
    expelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")

    class Meta:
        verbose_name = _("progression list line")
        verbose_name_plural = _("progression list lines")
        ordering = ["run", "course_year", "student_id"]
        constraints = [models.UniqueConstraint(fields=["run", "student"], name="student_once_per_list")]

    def __str__(self) -> str:
        return f"{self.run} {self.student_id}: {self.outcome}"


class GrantLoss(models.Model):
    """TR-11: a grant holder who repeats a year loses the grant — the funding before and after, the
    reason and the basis, kept for good."""

    student = models.ForeignKey("academics.Student", on_delete=models.PROTECT, related_name="grant_losses")
    line = models.OneToOneField(ProgressionLine, on_delete=models.PROTECT, related_name="grant_loss")
    funding_before = models.CharField(_("funding before"), max_length=16)
    funding_after = models.CharField(_("funding after"), max_length=16)
    reason = models.CharField(_("reason"), max_length=300)
    basis = models.CharField(_("basis"), max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("grant loss")
        verbose_name_plural = _("grant losses")
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.student_id}: {self.funding_before} → {self.funding_after}"
