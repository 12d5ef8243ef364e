"""Academic mobility (MO-1 … MO-8): partners with their grading scale and credit conversion per
period, calls for a period, and the students' applications with the selection commission's decision."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ektu_portal.academics.models import AcademicPeriod, Student


class Kind(models.TextChoices):
    INTERNATIONAL = "international", _("International mobility")
    INTERNAL = "internal", _("Internal (national) mobility")


class Partner(models.Model):
    """A host university: the internal list of the policy, or an international partner."""

    name = models.CharField(_("name"), max_length=300)
    country = models.CharField(_("country"), max_length=100)
    kind = models.CharField(_("kind of mobility"), max_length=16, choices=Kind.choices)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("partner university")
        verbose_name_plural = _("partner universities")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "country"], name="one_partner_per_name")]

    def __str__(self) -> str:
        return f"{self.name}, {self.country}"


class PartnerRule(models.Model):
    """MO-6, MO-6a: the partner's grading scale and credit conversion from a date (data, never code).

    ``scale``: [{"grade": "1,0", "letter": "A"}, …]; ``hours_per_credit``: the host's workload per ECTS
    credit (MO-6); ``coefficient``: Order 152's ECTS ÷ coefficient, for older transcripts (MO-6a)."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="rules")
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    scale = models.JSONField(_("grading scale"), default=list)
    hours_per_credit = models.DecimalField(_("hours per ECTS credit"), max_digits=5, decimal_places=2,
                                           default=Decimal(30), validators=[MinValueValidator(Decimal(1))])
    coefficient = models.DecimalField(_("Order 152 coefficient"), max_digits=4, decimal_places=2, null=True,
                                      blank=True)
    level = models.CharField(_("level of study"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("grading and credit rule")
        verbose_name_plural = _("grading and credit rules")
        ordering = ["partner", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["partner", "valid_from"], name="one_rule_per_start")]

    def __str__(self) -> str:
        return f"{self.partner.name} from {self.valid_from}"


class Call(models.Model):
    """A call for applications: study at a partner during one period (MO-1, MO-2)."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="calls")
    period = models.ForeignKey(AcademicPeriod, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("period"))
    places = models.PositiveSmallIntegerField(_("places"), validators=[MinValueValidator(1)])
    closes_on = models.DateField(_("applications close on"))

    class Meta:
        verbose_name = _("mobility call")
        verbose_name_plural = _("mobility calls")
        ordering = ["-closes_on"]

    def __str__(self) -> str:
        return f"{self.partner.name} ({self.period.code})"


class Application(models.Model):
    """A student's application, with the eligibility found when it was filed (MO-1, MO-2) and the
    selection commission's decision (MO-2: recorded, and may overrule the eligibility, with a basis)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        SELECTED = "selected", _("Selected")
        NOT_SELECTED = "not_selected", _("Not selected")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="mobility_applications")
    english = models.CharField(_("English level (CEFR)"), max_length=2, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    eligible = models.BooleanField(_("eligible"))
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    basis = models.CharField(_("commission protocol"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("mobility application")
        verbose_name_plural = _("mobility applications")
        ordering = ["-submitted_at"]
        constraints = [models.UniqueConstraint(fields=["call", "student"], name="one_application_per_call")]

    def __str__(self) -> str:
        return f"{self.student.user.username} → {self.call}"


class LearningAgreement(models.Model):
    """MO-3, MO-4: the learning agreement of a selected application (shaped like the Erasmus Without
    Paper Online Learning Agreement): Table A at the host, Table B at home, with credits."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="agreement")
    # MO-6: the host's hours per ECTS credit the check used (from the partner's rule in force).
    hours_per_credit = models.DecimalField(_("hours per ECTS credit"), max_digits=5, decimal_places=2)
    submitted_at = models.DateTimeField(_("submitted at"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    change_reason = models.CharField(_("reason for the change"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("learning agreement")
        verbose_name_plural = _("learning agreements")

    def __str__(self) -> str:
        return f"{self.application} v{self.version}"


class HostComponent(models.Model):
    """Table A: a component studied at the host, with its ECTS credits."""

    agreement = models.ForeignKey(LearningAgreement, on_delete=models.CASCADE, related_name="host_components")
    code = models.CharField(_("host code"), max_length=64, blank=True)
    title = models.CharField(_("title"), max_length=300)
    ects = models.DecimalField(_("ECTS credits"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class HomeDiscipline(models.Model):
    """Table B: a home discipline the host components will be recognized as."""

    agreement = models.ForeignKey(LearningAgreement, on_delete=models.CASCADE,
                                  related_name="home_disciplines")
    discipline = models.ForeignKey("academics.Discipline", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["discipline__code"]
        constraints = [models.UniqueConstraint(fields=["agreement", "discipline"], name="one_home_line")]

    def __str__(self) -> str:
        return self.discipline.code


class RecognitionEvidence(models.Model):
    """MO-5: beside each result recognized on return, what decided it — the host's original grade and
    the partner's grading scale, the original ECTS next to the recognized credits, the conversion rule
    (hours per ECTS credit) and the QA commission's protocol."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="recognitions")
    result = models.OneToOneField("academics.Result", on_delete=models.PROTECT, related_name="+")
    host_title = models.CharField(_("host component"), max_length=300)
    host_grade = models.CharField(_("host grade"), max_length=32)
    host_scale = models.JSONField(_("partner's grading scale"), default=list)
    ects = models.DecimalField(_("ECTS credits"), max_digits=5, decimal_places=2)
    hours_per_credit = models.DecimalField(_("hours per ECTS credit"), max_digits=5, decimal_places=2)
    letter = models.CharField(_("recognized letter"), max_length=2)
    credits = models.PositiveSmallIntegerField(_("recognized credits"))
    basis = models.CharField(_("QA commission protocol"), max_length=200)

    class Meta:
        verbose_name = _("recognition evidence")
        verbose_name_plural = _("recognition evidence")

    def __str__(self) -> str:
        return f"{self.host_title} {self.host_grade} → {self.letter}"


class NonFormalApplication(models.Model):
    """NF-1 … NF-4: a student asks the school's QA commission to recognize one whole discipline of the
    curriculum (NF-3) from non-formal learning — courses, MOOCs, trainings — described by its certificate
    (topics, volume, outcomes, assessment), for an academic period, at least 10 days before it starts."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RECOGNIZED = "recognized", _("Recognized")
        REFUSED = "refused", _("Refused")

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="non_formal_applications")
    period = models.ForeignKey(AcademicPeriod, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("period"))
    discipline = models.ForeignKey("academics.Discipline", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("discipline"))
    certificate = models.CharField(_("certificate or course"), max_length=300)
    provider = models.CharField(_("provider"), max_length=300)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1,
                                validators=[MinValueValidator(Decimal(0))])
    topics = models.TextField(_("topics and learning outcomes"))
    assessment = models.CharField(_("assessment"), max_length=300)
    percent = models.DecimalField(_("score (percent)"), max_digits=5, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    letter = models.CharField(_("recognized letter"), max_length=2, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    basis = models.CharField(_("QA commission protocol"), max_length=200, blank=True)
    refusal = models.CharField(_("reason for refusal"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("non-formal learning application")
        verbose_name_plural = _("non-formal learning applications")
        ordering = ["-submitted_at"]
        constraints = [
            # One discipline is asked for once at a time; a refused application may be filed again.
            models.UniqueConstraint(fields=["student", "discipline"], condition=~models.Q(status="refused"),
                                    name="one_open_non_formal_per_discipline"),
        ]

    def __str__(self) -> str:
        return f"{self.student.user.username}: {self.discipline_id} ({self.status})"


class AgreementSignature(models.Model):
    """MO-3: the learning agreement is signed by three parties — the student, the home ECTS coordinator
    and the host's coordinator (recorded by the home coordinator with the signer's name). A signature is
    for one version: a changed agreement is signed again."""

    class Party(models.TextChoices):
        STUDENT = "student", _("Student")
        HOME = "home", _("Home coordinator")
        HOST = "host", _("Host coordinator")

    agreement = models.ForeignKey(LearningAgreement, on_delete=models.PROTECT, related_name="signatures")
    version = models.PositiveSmallIntegerField(_("version"))
    party = models.CharField(_("party"), max_length=8, choices=Party.choices)
    signer_name = models.CharField(_("signed by"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        verbose_name = _("learning agreement signature")
        verbose_name_plural = _("learning agreement signatures")
        ordering = ["signed_at"]
        constraints = [models.UniqueConstraint(fields=["agreement", "version", "party"],
                                               name="one_signature_per_party_and_version")]

    def __str__(self) -> str:
        return f"{self.agreement} {self.party}: {self.signer_name}"


# --- §12: transfers, readmission (TR-1 … TR-8) and vacant grants (TR-9) ---------------------------------

class TransferCase(models.Model):
    """One transfer or readmission (§12): who asks, on what facts, the rector's decision and the orders.

    The facts are those ``mobility.policy.transfers`` decides on (TR-1 … TR-8); the decision keeps every
    refusal code found, and the dated steps are what TR-6/TR-7's deadlines count from. An incoming
    student has no record until the order: their name and IIN are on the case, and the order creates
    the record (once). The rector's office is the vice-rector's role (the rector signs what it draws up).
    """

    class Kind(models.TextChoices):
        BETWEEN_PROGRAMMES = "between_programmes", _("Transfer between programmes of EKTU")
        INCOMING = "incoming", _("Transfer into EKTU from another university")
        OUTGOING = "outgoing", _("Transfer to another university")
        READMISSION = "readmission", _("Readmission")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting the decision")
        APPROVED = "approved", _("Approved, the order is awaited")
        REFUSED = "refused", _("Refused")
        ORDERED = "ordered", _("Order issued")
        CLOSED = "closed", _("Closed: the personal file is sent")

    class Requested(models.TextChoices):
        KEEP_GRANT = "keep_grant", _("Keep the grant")
        PAID = "paid", _("Study on a paid basis")

    class ExpulsionReason(models.TextChoices):
        NON_PAYMENT = "non_payment", _("Non-payment of tuition")
        MILITARY_SERVICE = "military_service", _("Call-up for military service")
        ACADEMIC_DISHONESTY = "academic_dishonesty", _("Violation of academic integrity")
        THEORY_NOT_DEFENDED = "theory_not_defended", _("Finished theory, did not defend")
        PHD_NOT_DEFENDED = "phd_not_defended", _("Doctoral student who did not defend")
        OTHER = "other", _("Other reason (own wish, academic failure)")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    student = models.ForeignKey(Student, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="transfer_cases", verbose_name=_("student"))
    # Incoming: who arrives; the order makes their record (TR-7).
    full_name = models.CharField(_("full name"), max_length=300, blank=True)
    iin = models.CharField(_("IIN"), max_length=12, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    other_university = models.CharField(_("other university"), max_length=300, blank=True)
    foreign_university = models.BooleanField(_("a foreign university"), default=False)
    kazakh_citizen_or_kandas = models.BooleanField(_("Kazakh citizen or kandas"), default=False)
    emergency = models.BooleanField(_("emergency, war or armed conflict in the country of study"),
                                    default=False)
    # Where the student goes at EKTU (between programmes, incoming, readmission: the programme in force).
    program = models.ForeignKey("academics.Program", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("programme"))
    course_year = models.PositiveSmallIntegerField(_("course year"), null=True, blank=True,
                                                   validators=[MinValueValidator(1)])
    funding = models.CharField(_("funding now"), max_length=16, choices=Student.Funding.choices)
    requested = models.CharField(_("asks to study"), max_length=16, choices=Requested.choices,
                                 default=Requested.PAID)
    first_period_completed = models.BooleanField(_("the first academic period is completed"), default=False)
    unt_score = models.PositiveSmallIntegerField(_("UNT score"), null=True, blank=True)
    medical_commission = models.BooleanField(_("the medical commission forbids the programme"), default=False)
    expulsion_reason = models.CharField(_("reason for expulsion"), max_length=24, blank=True,
                                        choices=ExpulsionReason.choices)
    expelled_on = models.DateField(_("expelled on"), null=True, blank=True)
    debt_paid = models.BooleanField(_("the tuition debt is paid"), default=False)
    course_at_expulsion = models.PositiveSmallIntegerField(_("course at expulsion"), null=True, blank=True)
    readmitted_to_defend_before = models.BooleanField(_("already readmitted once to defend"), default=False)
    # The previous transcript's lines for the recount (contract §8's items), and its credit conversion.
    items = models.JSONField(_("previous transcript"), default=list, blank=True)
    hours_per_credit = models.DecimalField(_("hours per ECTS credit"), max_digits=5, decimal_places=2,
                                           null=True, blank=True)
    applied_on = models.DateField(_("applied on"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("filed at"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    basis = models.CharField(_("basis of the decision"), max_length=300, blank=True)
    refusals = models.JSONField(_("reasons for refusal"), default=list, blank=True)
    funding_after = models.CharField(_("funding after the move"), max_length=24, blank=True)
    receiving_request_on = models.DateField(_("the receiving university's request received on"), null=True,
                                            blank=True)
    order_number = models.CharField(_("order number"), max_length=64, blank=True)
    order_on = models.DateField(_("order dated"), null=True, blank=True)
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    file_sent_on = models.DateField(_("personal file sent on"), null=True, blank=True)
    # RC-5: the academic difference the order left (discipline codes), due by the end of this period
    # (the academic year's last, summer included); once swept, what was not passed became academic debt.
    difference = models.JSONField(_("academic difference"), default=list, blank=True)
    difference_due = models.ForeignKey(AcademicPeriod, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("difference due by"))
    difference_swept_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("transfer or readmission case")
        verbose_name_plural = _("transfer and readmission cases")
        ordering = ["-created_at"]
        constraints = [
            # The order number is the rector's: one order, one case (per kind's register).
            models.UniqueConstraint(fields=["kind", "order_number"], condition=~models.Q(order_number=""),
                                    name="one_case_per_order_number"),
            models.CheckConstraint(condition=models.Q(kind="incoming") | models.Q(student__isnull=False),
                                   name="only_incoming_without_student"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class TransferDocument(models.Model):
    """A document of a case (TR-4, TR-6: application, transcript, ID copy…), kept in the database so that a
    backup holds it; its size and type are checked when it is uploaded."""

    class Kind(models.TextChoices):
        APPLICATION = "application", _("Application")
        TRANSCRIPT = "transcript", _("Transcript")
        ID_COPY = "id_copy", _("Copy of the identity document")
        UNT_CERTIFICATE = "unt_certificate", _("UNT or KT certificate")
        MEDICAL_CONCLUSION = "medical_conclusion", _("Medical commission's conclusion")
        RECEIVING_REQUEST = "receiving_request", _("The receiving university's request")
        OTHER = "other", _("Other document")

    case = models.ForeignKey(TransferCase, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("document"), max_length=24, choices=Kind.choices)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class TransferDigest(models.Model):
    """The daily e-mail of overdue cases to the registrar's office (TR-6, TR-7): one per day, whatever
    how often the job runs — the sweep table that makes it idempotent."""

    day = models.DateField(unique=True)
    cases = models.JSONField(default=list)
    sent_at = models.DateTimeField()

    def __str__(self) -> str:
        return str(self.day)


class VacantGrant(models.Model):
    """TR-9: grant places freed during study in one group of programmes, study form and intake year, put
    to the competition whose list goes to the ministry by ``deadline`` (25 January or 5 August)."""

    group_code = models.CharField(_("group of educational programs"), max_length=64)
    study_form = models.CharField(_("study form"), max_length=16, choices=Student.StudyForm.choices)
    intake_year = models.PositiveIntegerField(_("intake year"))
    places = models.PositiveSmallIntegerField(_("vacant places"), validators=[MinValueValidator(1)])
    deadline = models.DateField(_("list due to the ministry by"))
    basis = models.CharField(_("basis"), max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("vacant grant")
        verbose_name_plural = _("vacant grants")
        ordering = ["-deadline", "group_code", "study_form", "intake_year"]
        constraints = [models.UniqueConstraint(fields=["group_code", "study_form", "intake_year", "deadline"],
                                               name="one_vacant_grant_per_cohort_and_round")]

    def __str__(self) -> str:
        return f"{self.group_code} {self.study_form} {self.intake_year} ({self.places}) → {self.deadline}"


class VacantGrantList(models.Model):
    """TR-9: the ranked candidate list of one vacant grant, made once by the job (a second run finds it
    and leaves it): the students with their GPA, tier and the criterion that placed them, the excluded
    with their reasons, and the digest of the whole list so that a copy can be checked."""

    vacant_grant = models.OneToOneField(VacantGrant, on_delete=models.PROTECT, related_name="candidate_list")
    made_at = models.DateTimeField(_("made at"))
    ranked = models.JSONField(default=list)
    excluded = models.JSONField(default=list)
    tie_at_cut = models.BooleanField(default=False)
    digest = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"list of {self.vacant_grant}"


class VacantGrantAward(models.Model):
    """TR-9: after the ministry's order, a candidate is awarded a vacant grant; the funding changes."""

    vacant_grant = models.ForeignKey(VacantGrant, on_delete=models.PROTECT, related_name="awards")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="+")
    order_number = models.CharField(_("ministry's order"), max_length=64)
    order_on = models.DateField(_("order dated"))
    funding_before = models.CharField(max_length=16)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vacant_grant", "student"],
                                               name="one_award_per_student")]

    def __str__(self) -> str:
        return f"{self.student_id} ← {self.vacant_grant}"
