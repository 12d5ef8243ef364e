"""Admissions (§5, AD-1 … AD-18): applicants, the campaign's rules as data, grant competitions.

Every threshold, the certificate conversion scale, the national priority order and the quotas are
rows with effective dates or campaign years — a new campaign never needs a code change. Every run
of a competition is kept with the inputs it was computed from.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from admissions.policy import codes
from admissions.policy.conversion import CERTIFICATES


class Track(models.TextChoices):
    """Contract §6: the admission tracks."""

    BACHELOR = codes.BACHELOR, _("Bachelor (general secondary education)")
    BACHELOR_REDUCED = codes.BACHELOR_REDUCED, _("Bachelor, reduced term (TVET or higher education)")
    BACHELOR_AFTER_SERVICE = codes.BACHELOR_AFTER_SERVICE, _("Bachelor after military service")
    BACHELOR_FOREIGN = codes.BACHELOR_FOREIGN, _("Bachelor, foreign citizen")
    MASTER_SCIENTIFIC = codes.MASTER_SCIENTIFIC, _("Scientific and pedagogical master")
    MASTER_PROFILE = codes.MASTER_PROFILE, _("Profile master")
    MASTER_CREATIVE = codes.MASTER_CREATIVE, _("Master in a creative programme")
    MASTER_AFTER_SERVICE = codes.MASTER_AFTER_SERVICE, _("Profile master after military service")
    PHD = codes.PHD, _("Doctorate (PhD)")
    DOCTORATE_PROFILE = codes.DOCTORATE_PROFILE, _("Profile doctorate")


class Requirement(models.TextChoices):
    """The thresholds a track reads (AD-2 … AD-17)."""

    UNT_TOTAL = codes.UNT_TOTAL, _("UNT total, at least")
    UNT_SUBJECT = codes.UNT_SUBJECT, _("each UNT subject, at least")
    CREATIVE_EXAM = codes.CREATIVE_EXAM, _("each creative exam, at least")
    KT_TOTAL = codes.KT_TOTAL, _("KT total, at least")
    KT_FOREIGN_LANGUAGE = codes.KT_FOREIGN_LANGUAGE, _("KT foreign language, at least")
    KT_READINESS = codes.KT_READINESS, _("KT readiness test, at least")
    KT_PROFILE_SINGLE = codes.KT_PROFILE_SINGLE, _("KT profile, single-answer items, at least")
    KT_PROFILE_MULTIPLE = codes.KT_PROFILE_MULTIPLE, _("KT profile, one-or-more-answer items, at least")
    CERTIFICATE_LANGUAGE_POINTS = codes.CERTIFICATE_LANGUAGE_POINTS, _("a language certificate counts as")
    ENTRANCE_EXAM = codes.ENTRANCE_EXAM, _("entrance exam, at least")
    ENTRANCE_EXAM_MAX = codes.ENTRANCE_EXAM_MAX, _("entrance exam, out of")
    WORK_MONTHS = codes.WORK_MONTHS, _("work experience in months, at least")
    SERVICE_YEARS = codes.SERVICE_YEARS, _("years since military service, at most")
    INTERVIEW_DAYS_BEFORE = codes.INTERVIEW_DAYS_BEFORE, _("interview days before the period, at least")


class Threshold(models.Model):
    """One minimum of one track, in force from a date until a later row of the same requirement."""

    track = models.CharField(_("track"), max_length=32, choices=Track.choices)
    requirement = models.CharField(_("requirement"), max_length=32, choices=Requirement.choices)
    value = models.DecimalField(_("value"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0)])
    effective_from = models.DateField(_("in force from"))

    class Meta:
        verbose_name = _("admission threshold")
        verbose_name_plural = _("admission thresholds")
        ordering = ["track", "requirement", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["track", "requirement", "effective_from"],
                                               name="one_threshold_per_day")]

    def __str__(self) -> str:
        return f"{self.track} {self.requirement} {self.value} ({self.effective_from})"


class ConversionRow(models.Model):
    """AD-4: the national score-conversion scale, one row: at least ``minimum`` on a certificate counts
    as ``points`` for the UNT total or one UNT subject."""

    Certificate = models.TextChoices("Certificate", [(c, c.replace("_", " ")) for c in CERTIFICATES])

    certificate = models.CharField(_("certificate"), max_length=16, choices=Certificate.choices)
    minimum = models.DecimalField(_("score at least"), max_digits=7, decimal_places=2)
    points = models.PositiveSmallIntegerField(_("counts as (points)"), validators=[MaxValueValidator(140)])
    counts_as = models.CharField(_("counts as"), max_length=32, default="total",
                                 help_text=_('"total" for the whole UNT, or a UNT subject such as profile_2'))
    effective_from = models.DateField(_("in force from"))

    class Meta:
        verbose_name = _("certificate conversion row")
        verbose_name_plural = _("certificate conversion scale")
        ordering = ["certificate", "counts_as", "minimum"]
        constraints = [models.UniqueConstraint(
            fields=["certificate", "counts_as", "minimum", "effective_from"], name="one_conversion_row")]

    def __str__(self) -> str:
        return f"{self.certificate} ≥ {self.minimum} → {self.points} ({self.counts_as})"


class NationalPriority(models.Model):
    """AD-18: the national order of priority for equal scores — editable data, its position decides."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), unique=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300)

    class Meta:
        verbose_name = _("national priority")
        verbose_name_plural = _("national priority order")
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.code}"

    @property
    def name(self) -> str:
        """The name in the reader's language, falling back to English (always present)."""
        language = (get_language() or "kk")[:2]
        return getattr(self, f"name_{language}", "") or self.name_en


class QuotaCategory(models.Model):
    """AD-18: a category with a quota of the state order (rural youth, kandas, …)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300)

    class Meta:
        verbose_name = _("quota category")
        verbose_name_plural = _("quota categories")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        """The name in the reader's language, falling back to English (always present)."""
        language = (get_language() or "kk")[:2]
        return getattr(self, f"name_{language}", "") or self.name_en


class Quota(models.Model):
    """AD-18: a category's percentage of the state order in one intake year (set by ministerial order)."""

    category = models.ForeignKey(QuotaCategory, on_delete=models.PROTECT, related_name="quotas",
                                 verbose_name=_("category"))
    intake_year = models.PositiveIntegerField(_("intake year"))
    percent = models.DecimalField(_("percent of the grants"), max_digits=5, decimal_places=2,
                                  validators=[MinValueValidator(0), MaxValueValidator(100)])

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["intake_year", "category__code"]
        constraints = [models.UniqueConstraint(fields=["category", "intake_year"], name="one_quota_per_year")]

    def __str__(self) -> str:
        return f"{self.intake_year} {self.category.code} {self.percent}%"


class Applicant(models.Model):
    """An applicant (contract §6): named by the application number."""

    number = models.CharField(_("application number"), max_length=32, unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    full_name_latin = models.CharField(_("full name in Latin letters"), max_length=200, blank=True)
    iin = models.CharField(_("IIN"), max_length=12, blank=True)
    citizenship = models.CharField(_("citizenship"), max_length=2)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    track = models.CharField(_("track"), max_length=32, choices=Track.choices)
    program = models.ForeignKey("academics.Program", on_delete=models.PROTECT, related_name="applicants",
                                verbose_name=_("programme"))
    documents = ArrayField(models.CharField(max_length=64), default=list, blank=True,
                           verbose_name=_("documents received"))
    # {"total": 87, "subjects": {"history_kz": 14, …}} — contract §6 shapes, as received.
    unt = models.JSONField(_("UNT"), null=True, blank=True)
    unt_second = models.JSONField(_("second UNT result"), null=True, blank=True)
    international_certificate = models.JSONField(_("international certificate"), null=True, blank=True)
    creative_exams = models.JSONField(_("creative exams"), default=dict, blank=True)
    kt = models.JSONField(_("complex testing (KT)"), null=True, blank=True)
    foreign_language_certificate = models.CharField(_("foreign-language certificate"), max_length=100,
                                                    blank=True)
    oecd_degree_until = models.DateField(_("OECD degree exemption until"), null=True, blank=True)
    master_degree = models.BooleanField(_("master's degree"), null=True, blank=True)
    work_experience_months = models.PositiveSmallIntegerField(_("work experience (months)"), null=True,
                                                              blank=True)
    cefr_certificate = models.BooleanField(_("CEFR certificate"), default=False)
    entrance_exam = models.PositiveSmallIntegerField(_("entrance exam"), null=True, blank=True)
    military_service_ended = models.DateField(_("military service ended"), null=True, blank=True)
    interview_date = models.DateField(_("interview date"), null=True, blank=True)
    certificate_average = models.DecimalField(_("certificate average"), max_digits=3, decimal_places=2,
                                              null=True, blank=True)
    priorities = ArrayField(models.CharField(max_length=32), default=list, blank=True,
                            verbose_name=_("national priorities"))
    quota_categories = ArrayField(models.CharField(max_length=32), default=list, blank=True,
                                  verbose_name=_("quota categories"))
    # The campaign's thresholds are those in force on the day the application arrived.
    applied_on = models.DateField(_("applied on"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Admission (AD-1): the student the applicant became, once.
    student = models.OneToOneField("academics.Student", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="applicant", verbose_name=_("student"))
    admitted_at = models.DateTimeField(_("admitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")
        ordering = ["number"]
        indexes = [models.Index(fields=["track", "program"])]

    def __str__(self) -> str:
        return f"{self.number} {self.full_name}"


class Competition(models.Model):
    """AD-18: the grant competition of one group of programmes and track in one intake year."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    program_group = models.CharField(_("group of educational programmes"), max_length=64)
    track = models.CharField(_("track"), max_length=32, choices=Track.choices)
    grants = models.PositiveIntegerField(_("grants"))
    intake_year = models.PositiveIntegerField(_("intake year"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("grant competition")
        verbose_name_plural = _("grant competitions")
        ordering = ["-intake_year", "code"]

    def __str__(self) -> str:
        return self.code


class CompetitionRun(models.Model):
    """One run of a competition: its inputs and its ranking, kept for good (AD-18: reproducible)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to run")
        RUNNING = "running", _("Ranking")
        DONE = "done", _("Ranked")
        FAILED = "failed", _("Failed")

    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="runs",
                                    verbose_name=_("competition"))
    run = models.PositiveIntegerField(_("run"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+", verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    total = models.PositiveIntegerField(_("applicants to look at"), default=0)
    done = models.PositiveIntegerField(_("applicants looked at"), default=0)
    # The parameters and every candidate's facts the ranking was computed from, and the ranking.
    inputs = models.JSONField(_("inputs"), default=dict)
    ranking = models.JSONField(_("ranking"), default=list)
    cutoff_score = models.PositiveSmallIntegerField(_("cut-off score"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+", verbose_name=_("published by"))

    class Meta:
        verbose_name = _("competition run")
        verbose_name_plural = _("competition runs")
        ordering = ["competition__code", "run"]
        constraints = [models.UniqueConstraint(fields=["competition", "run"], name="one_run_number")]

    def __str__(self) -> str:
        return f"{self.competition.code} #{self.run}"


class SignInCode(models.Model):
    """A one-time code e-mailed to an applicant to see their own status page (no account needed)."""

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="sign_in_codes")
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("applicant sign-in code")
        verbose_name_plural = _("applicant sign-in codes")
        indexes = [models.Index(fields=["applicant", "created_at"])]

    def __str__(self) -> str:
        return f"{self.applicant_id} {self.created_at:%Y-%m-%d %H:%M}"


# --- Prior learning (AD-7, RC-1 … RC-6): the QA commission's recount of a previous transcript -------------


class PriorLearningCase(models.Model):
    """RC-1: one student's previous transcript, recounted by the QA commission against the home working
    curriculum. A draft while lines are entered and matched; decided once, by the protocol."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("being prepared")
        DECIDED = "decided", _("decided by the QA commission")

    student = models.ForeignKey("academics.Student", on_delete=models.PROTECT,
                                related_name="prior_learning_cases", verbose_name=_("student"))
    institution = models.CharField(_("previous institution"), max_length=300)
    # AD-7/RC-6: a reduced-term admission may register for at most 35 credits of difference.
    reduced_term = models.BooleanField(_("reduced-term admission"), default=False)
    # MO-6: the previous institution's hours per ECTS credit (30 unless its transcript says otherwise).
    hours_per_credit = models.DecimalField(_("hours per ECTS credit"), max_digits=5, decimal_places=2,
                                           default=30, validators=[MinValueValidator(1)])
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    protocol_number = models.CharField(_("protocol number"), max_length=64, blank=True)
    protocol_date = models.DateField(_("protocol date"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # RC-5/RC-6: the difference is due by the end of the academic year's last period; left over, it
    # becomes academic debt in that period.
    due_date = models.DateField(_("difference due by"), null=True, blank=True)
    due_period = models.ForeignKey("academics.AcademicPeriod", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("difference due in"))
    # The comparison sheet as decided: {"recognized": [...], "refused": [...]} (the difference is rows).
    sheet = models.JSONField(_("comparison sheet"), default=dict, blank=True)
    credits_recognized = models.PositiveIntegerField(_("credits recognized"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("opened by"))
    created_at = models.DateTimeField(_("opened at"))

    class Meta:
        verbose_name = _("prior-learning recount")
        verbose_name_plural = _("prior-learning recounts")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.student_id} {self.institution}"


class PriorLearningLine(models.Model):
    """RC-1: one discipline of the previous transcript, and the home discipline it is matched to."""

    class Basis(models.TextChoices):
        CODE = "code", _("same code")
        VOLUME_AND_NAME = "volume_and_name", _("same volume, similar name")
        COMMISSION = "commission", _("chosen by the commission")

    class MatchStatus(models.TextChoices):
        NONE = "", _("not matched")
        PROPOSED = "proposed", _("proposed")
        CONFIRMED = "confirmed", _("confirmed by the commission")
        REJECTED = "rejected", _("covers no home discipline (the commission)")

    case = models.ForeignKey(PriorLearningCase, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("line"))
    source_code = models.CharField(_("code at the previous institution"), max_length=64, blank=True)
    title = models.CharField(_("discipline studied"), max_length=300)
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=2, null=True, blank=True)
    ects = models.DecimalField(_("ECTS credits"), max_digits=6, decimal_places=2, null=True, blank=True)
    credits = models.DecimalField(_("credits"), max_digits=6, decimal_places=2, null=True, blank=True)
    letter = models.CharField(_("letter"), max_length=2, blank=True)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("pass (pass/fail system)"), default=False)
    # RC-4: a pass without a percentage counts with the letter the commission chooses.
    commission_letter = models.CharField(_("the commission's letter"), max_length=2, blank=True)
    discipline = models.ForeignKey("academics.Discipline", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("home discipline"))
    match_basis = models.CharField(_("match basis"), max_length=16, choices=Basis.choices, blank=True)
    match_score = models.DecimalField(_("match score"), max_digits=4, decimal_places=3, null=True, blank=True)
    match_status = models.CharField(_("match"), max_length=16, choices=MatchStatus.choices, blank=True)

    class Meta:
        verbose_name = _("prior-learning transcript line")
        verbose_name_plural = _("prior-learning transcript lines")
        ordering = ["case", "position"]
        constraints = [models.UniqueConstraint(fields=["case", "position"],
                                               name="one_prior_line_per_position")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.position} {self.title}"


class PriorLearningDifference(models.Model):
    """RC-5: a mandatory discipline of an earlier semester the student still has to take, by the due
    date (RC-6); the daily job turns it into academic debt once, when it is still not passed then."""

    case = models.ForeignKey(PriorLearningCase, on_delete=models.CASCADE, related_name="difference")
    discipline = models.ForeignKey("academics.Discipline", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("discipline"))
    credits = models.PositiveSmallIntegerField(_("credits"))
    semester = models.PositiveSmallIntegerField(_("semester"))
    reason = models.CharField(_("reason"), max_length=32)
    swept_at = models.DateTimeField(_("checked after the due date at"), null=True, blank=True)
    debt_registered_at = models.DateTimeField(_("academic debt registered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("academic difference discipline")
        verbose_name_plural = _("academic difference")
        ordering = ["case", "semester", "discipline__code"]
        constraints = [models.UniqueConstraint(fields=["case", "discipline"],
                                               name="one_difference_per_discipline")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.discipline_id}"
