"""DS-1 … DS-5: what a Diploma Supplement says, section by section, in English.

``missing(facts)`` names what the records lack before anything is printed (DS-1: never a silently
incomplete supplement); ``sections(facts, …)`` writes the eight sections with the 2018 model's
numbered fields (DS-3a), each filled from the records or stating why there is no information.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from diploma_supplement.policy.facts import IN_PROGRESS, Accreditation, Grading, Institution, SupplementFacts
from diploma_supplement.policy.transcript import final_attempts, mobility_periods

# DS-2: the model's introduction, verbatim.
INTRODUCTION = (
    "The purpose of the Diploma Supplement is to provide sufficient independent data to improve the "
    "international ‘transparency’ and fair academic and professional recognition of qualifications "
    "(diplomas, degrees, certificates etc.). It is designed to provide a description of the nature, level, "
    "context, content and status of the studies that were pursued and successfully completed by the "
    "individual named on the original qualification to which this supplement is appended. It is free from "
    "any value judgements, equivalence statements or suggestions about recognition. This Diploma "
    "Supplement model was developed by the European Commission, Council of Europe and UNESCO."
)

SECTION_TITLES = (
    (1, "Information identifying the holder of the qualification"),
    (2, "Information identifying the qualification"),
    (3, "Information on the level and duration of the qualification"),
    (4, "Information on the programme completed and the results obtained"),
    (5, "Information on the function of the qualification"),
    (6, "Additional information"),
    (7, "Certification of the supplement"),
    (8, "Information on the national higher education system"),
)

NQF = "of the National Qualifications Framework of Kazakhstan and of the European Qualifications Framework"
LEVELS = {  # DS-3 (3): NQF/SQF level, access requirements, further study
    "bachelor": (f"Bachelor's degree — level 6 {NQF} (first cycle)",
                 "General secondary education, technical and vocational education (TVET) or post-secondary "
                 "education, and the Unified National Testing.",
                 "Access to master's programmes (second cycle)."),
    "master_scientific": (f"Master's degree — level 7 {NQF} (second cycle)", "A bachelor's degree.",
                          "Access to doctoral (PhD) programmes (third cycle)."),
    "master_profile": (f"Master's degree — level 7 {NQF} (second cycle)", "A bachelor's degree.",
                       "Access to doctoral (PhD) programmes (third cycle)."),
    "doctorate_phd": (f"Doctor of Philosophy (PhD) — level 8 {NQF} (third cycle)", "A master's degree.",
                      "The qualification is the highest academic degree."),
}
_PHD = LEVELS["doctorate_phd"]
LEVELS["doctorate_profile"] = (_PHD[0].replace("Doctor of Philosophy (PhD)", "Doctor (profile)"), *_PHD[1:])
MIN_OUTCOMES, MAX_OUTCOMES = 8, 12  # DS-3 (4): "8–12 main learning outcomes"
CREDITS_PER_YEAR = Decimal(60)  # the ECTS convention for one full-time academic year
STUDY_FORMS = {"full_time": "Full-time", "part_time": "Part-time", "distance": "Distance learning"}
LANGUAGES = {"kk": "Kazakh", "ru": "Russian", "en": "English"}

NATIONAL_SYSTEM = (
    "Higher education in the Republic of Kazakhstan follows the three cycles of the Bologna Process, which "
    "Kazakhstan joined in 2010: bachelor's programmes (at least 240 credits, four years), master's "
    "programmes (scientific and pedagogical, at least 120 credits; profile, at least 60–90 credits) and "
    "doctoral programmes (PhD, at least 180 credits). One credit corresponds to 30 academic hours of "
    "student work and to one ECTS credit. Studies are organized by the credit technology of education; "
    "grades are given on a letter scale with grade points (A = 4.0 … F = 0). Higher education institutions "
    "are accredited by independent accreditation agencies listed in the national register, several of "
    "which are members of ENQA and registered in EQAR."
)


@dataclass(frozen=True)
class Field:
    number: str
    label: str
    value: str


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    fields: tuple[Field, ...]


# What a supplement can lack (DS-1), by code: pages and the API say each in the reader's words
# (``diploma_supplement.labels``); the policy only names it and what it is about.
NOT_GRADUATED = "not_graduated"
BIRTH_DATE = "birth_date"  # 1.3
IIN = "iin"  # 1.4
QUALIFICATION_EN = "qualification_en"  # 2.1
QUALIFICATION_KK = "qualification_kk"  # 2.1
LANGUAGES_MISSING = "languages"  # 2.5
LEARNING_OUTCOMES = "learning_outcomes"  # 4.2
CREDITS_SHORT = "credits_short"  # CR-3, 4.3
IN_PROGRESS_RESULTS = "in_progress"  # 4.3
UNPASSED = "unpassed"  # 4.3
GRADING_SCALE = "grading_scale"  # 4.4
DIPLOMA_NUMBER = "diploma_number"  # 6.1
GRADUATED_ON = "graduated_on"  # 6.1, 7.1
CERTIFYING_OFFICIAL = "certifying_official"  # 7.2


@dataclass(frozen=True)
class Gap:
    """One thing the records lack for a complete supplement (DS-1).

    ``recorded``/``needed`` carry the numbers a reader needs (credits earned of the programme's,
    learning outcomes recorded); ``disciplines`` the codes concerned."""

    code: str
    recorded: int | None = None
    needed: int | None = None
    disciplines: tuple[str, ...] = ()


def missing(facts: SupplementFacts) -> list[Gap]:
    """DS-1: what the records lack for a complete supplement, each named so the dean's office can act.

    Empty means the supplement can be printed. A graduate is complete only when the programme's
    credits are earned (CR-3) and no discipline is left without a positive final grade: a supplement
    never certifies a total the programme contradicts. Fields the model allows to be empty ("no
    mobility") are not missing: the supplement states why there is no information.
    """
    gaps: list[Gap] = []
    if facts.holder.status != "graduated":
        gaps.append(Gap(NOT_GRADUATED))
    if facts.holder.birth_date is None:
        gaps.append(Gap(BIRTH_DATE))
    if not facts.holder.iin:
        gaps.append(Gap(IIN))
    if not facts.programme.qualification_en:
        gaps.append(Gap(QUALIFICATION_EN))
    if not facts.programme.qualification_kk:
        gaps.append(Gap(QUALIFICATION_KK))
    if not facts.programme.languages:
        gaps.append(Gap(LANGUAGES_MISSING))
    outcomes = len(facts.programme.learning_outcomes)
    if not MIN_OUTCOMES <= outcomes <= MAX_OUTCOMES:
        gaps.append(Gap(LEARNING_OUTCOMES, recorded=outcomes))
    if facts.credits_earned < facts.programme.credits:  # CR-3
        gaps.append(Gap(CREDITS_SHORT, recorded=facts.credits_earned, needed=facts.programme.credits))
    lines = final_attempts(facts.attempts)
    unfinished = tuple(a.code for a in lines if a.status == IN_PROGRESS)
    if unfinished:
        gaps.append(Gap(IN_PROGRESS_RESULTS, disciplines=unfinished))
    unpassed = tuple(a.code for a in lines if a.status != IN_PROGRESS and not a.positive)
    if unpassed:  # an F, an FX not retaken, "did not appear", "not admitted", "annulled"
        gaps.append(Gap(UNPASSED, disciplines=unpassed))
    if not facts.grading.bands:
        gaps.append(Gap(GRADING_SCALE))
    if not facts.diploma_number:
        gaps.append(Gap(DIPLOMA_NUMBER))
    if facts.holder.graduated_on is None:
        gaps.append(Gap(GRADUATED_ON))
    if not facts.institution.certifying_official_name:
        gaps.append(Gap(CERTIFYING_OFFICIAL))
    return gaps


def pass_mark(grading: Grading) -> str:
    """4.4: the lowest positive letter and its score, read from the scale in force (GR-6)."""
    passing = [band for band in grading.bands if band.positive]
    if not passing:
        return "No pass mark is defined by the scale."
    lowest = min(passing, key=lambda band: band.min_score)
    failing = ", ".join(band.letter for band in grading.bands if not band.positive)
    return (f"Pass mark: {lowest.letter} ({lowest.min_score} % and above)"
            + (f"; {failing} {'is a fail' if ',' not in failing else 'are fails'}." if failing else "."))


def duration(credits: int) -> str:
    """3.2: 60 ECTS credits make one academic year of two semesters (CR-1: 1 credit = 30 hours)."""
    years = Decimal(credits) / CREDITS_PER_YEAR
    semesters = Decimal(credits) / (CREDITS_PER_YEAR / 2)
    return (f"{credits} credits (ECTS); {years.normalize():f} {'year' if years == 1 else 'years'} "
            f"({semesters.normalize():f} semesters) of full-time study")


def latin_name(facts: SupplementFacts, transliterated: str) -> tuple[str, str]:
    """1.1 and 1.2: family and given names in Latin letters — the passport's spelling when recorded,
    else the transliteration; the Kazakh letters follow in brackets (DS-3)."""
    latin = facts.holder.full_name_latin or transliterated
    parts, native = latin.split(), facts.holder.full_name.split()
    family, given = (parts[0], " ".join(parts[1:])) if parts else ("", "")
    native_family, native_given = (native[0], " ".join(native[1:])) if native else ("", "")
    return f"{family} ({native_family})", f"{given} ({native_given})" if given else native_given


def classification(gpa: Decimal | None) -> str:
    """4.5: the Kazakh system has no overall classification; the cumulative GPA is stated."""
    if gpa is None:
        return "No overall classification is given in Kazakhstan; the cumulative GPA is not available."
    return (f"No overall classification is given in Kazakhstan. Cumulative GPA: {gpa:.2f} on a 4.00 scale "
            "(see 4.4).")


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def accreditation_text(accreditation: Accreditation | None, *, nothing: str) -> str:
    """DS-3 (2), (6): an accreditation as recorded — the accreditor, its EQAR registration and ENQA
    membership, the certificate and its term; ``nothing`` when none is recorded."""
    if accreditation is None:
        return nothing
    a = accreditation
    if a.eqar_registered and a.enqa_member:
        standing = "registered in EQAR and a member of ENQA"
    elif a.eqar_registered:
        standing = "registered in EQAR, not a member of ENQA"
    elif a.enqa_member:
        standing = "a member of ENQA, not registered in EQAR"
    else:
        standing = "neither registered in EQAR nor a member of ENQA"
    certificate = f"certificate {a.certificate}, " if a.certificate else ""
    return (f"{a.accreditor} ({standing}); {certificate}valid from {_day(a.valid_from)} "
            f"to {_day(a.valid_until)}.")


def official_name(institution: Institution) -> str:
    """7.2: the certifying official's name as recorded and, when it is in Cyrillic, in Latin letters."""
    name = institution.certifying_official_name or ""
    latin = institution.certifying_official_name_latin
    if not name:
        return "— (not recorded)"
    return f"{latin} ({name})" if latin and latin != name else name


def sections(facts: SupplementFacts, *, transliterated_name: str, number: str | None, issued_on: date,
             verify_url: str | None) -> list[Section]:
    """The eight sections (DS-1, DS-3, DS-3a), every field filled or saying why it is empty.

    ``number`` None is a preview: nothing is issued, so 7.1 says so and 6.2 has no verification address."""
    holder, programme, institution = facts.holder, facts.programme, facts.institution
    family, given = latin_name(facts, transliterated_name)
    level, access, further = LEVELS.get(programme.level, LEVELS["bachelor"])
    languages = ", ".join(LANGUAGES.get(code, code) for code in programme.languages) or "Not recorded."
    outcomes = "; ".join(f"({n}) {o.en}" for n, o in enumerate(programme.learning_outcomes, 1))
    # the mobility app's periods (host, country, dates) when it knows them; else what the results say
    mobility = ("; ".join(facts.mobility_periods or mobility_periods(facts.attempts))
                or "none are recorded for the holder")
    specialised = accreditation_text(
        facts.programme_accreditation,
        nothing="no specialised (programme) accreditation is recorded for this programme.")
    institutional = accreditation_text(institution.accreditation,
                                       nothing="none is recorded by the university.")
    awarded = holder.graduated_on
    degree = (f"Diploma number: {facts.diploma_number or 'not recorded'}; the degree was awarded on "
              f"{_day(awarded) if awarded else 'a date not recorded'}.")
    verification = (f"this supplement can be verified at {verify_url}" if number and verify_url
                    else "a preview is not verifiable; the supplement the university issues is")
    dated = (f"{_day(issued_on)} (the date this supplement was issued; the degree was awarded on "
             f"{_day(awarded) if awarded else 'a date not recorded'})" if number
             else f"Not issued: a preview made on {_day(issued_on)}, not an official document; the degree "
                  f"was awarded on {_day(awarded) if awarded else 'a date not recorded'}.")
    fields = {
        1: (("1.1", "Family name(s)", family), ("1.2", "Given name(s)", given),
            ("1.3", "Date of birth (dd/mm/yyyy)", holder.birth_date.strftime("%d/%m/%Y") if holder.birth_date
             else "Not recorded."),
            ("1.4", "Student identification number or code (IIN)", holder.iin or "Not recorded.")),
        2: (("2.1", "Name of qualification and title conferred (in original language)",
             f"{programme.qualification_kk or programme.qualification_en} — {programme.qualification_en}"),
            ("2.2", "Main field(s) of study for the qualification",
             f"{programme.code} {programme.name_en}"
             + (f" ({programme.name_kk})" if programme.name_kk else "")
             + (f", group of programmes {programme.group_code}" if programme.group_code else "")
             + ". Not a joint degree."),
            ("2.3", "Name and status of awarding institution (in original language)",
             f"{institution.name_kk}, {institution.status_kk} — {institution.name_en}, "
             f"{institution.status_en}. Institutional accreditation: {institutional}"),
            ("2.4", "Name and status of institution administering studies",
             "The same as the awarding institution (2.3)."),
            ("2.5", "Language(s) of instruction/examination", languages)),
        3: (("3.1", "Level of the qualification", level),
            ("3.2", "Official duration of the programme in credits and/or years",
             duration(programme.credits)),
            ("3.3", "Access requirement(s)", access)),
        4: (("4.1", "Mode of study", STUDY_FORMS.get(holder.study_form, holder.study_form)),
            ("4.2", "Programme learning outcomes", outcomes or "Not recorded."),
            ("4.3", "Programme details, individual credits gained and grades/marks obtained",
             f"See the transcript below: {facts.credits_earned} credits gained."),
            ("4.4", "Grading system and, if available, grade distribution table",
             "See the letter scale below. " + pass_mark(facts.grading)
             + " A grade distribution table is not available: the university does not publish one."),
            ("4.5", "Overall classification of the qualification (in original language)",
             classification(facts.gpa))),
        5: (("5.1", "Access to further study", further),
            ("5.2", "Access to a regulated profession (if applicable)", "Not applicable.")),
        6: (("6.1", "Additional information",
             f"{degree} Academic mobility periods: {mobility}. Specialised accreditation: {specialised}"),
            ("6.2", "Further information sources", f"{institution.website}; {verification}")),
        7: (("7.1", "Date", dated),
            ("7.2", "Signature", f"{official_name(institution)} ____________________"),
            ("7.3", "Capacity", institution.certifying_official_capacity),
            ("7.4", "Official stamp or seal", "Place of the seal")),
        8: (("8", "Information on the national higher education system", NATIONAL_SYSTEM),),
    }
    return [Section(n, title, tuple(Field(*f) for f in fields[n])) for n, title in SECTION_TITLES]
