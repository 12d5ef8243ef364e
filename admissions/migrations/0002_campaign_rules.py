"""The policy's values as the first rows of the campaign's data (AD-2 … AD-18): thresholds of every
track, the national priority order as published, the quota categories. Later campaigns add rows
with their own dates; nothing here is read by code as a constant."""

from datetime import date
from decimal import Decimal

from django.db import migrations

# In force from the policy АС 029-V-2025 on (before any application the portal keeps).
FROM = date(2025, 1, 1)

THRESHOLDS = {
    "bachelor": {"unt_total": 50, "unt_subject": 5, "creative_exam": 5},  # AD-2
    "bachelor_reduced": {"unt_total": 25, "unt_subject": 5, "creative_exam": 5},  # AD-3
    "bachelor_after_service": {"service_years": 2, "interview_days_before": 5},  # AD-5, AD-9
    "bachelor_foreign": {"interview_days_before": 5},  # AD-8, AD-9
    "master_scientific": {"kt_total": 75, "kt_foreign_language": 25, "kt_readiness": 7,  # AD-10, AD-11
                          "kt_profile_single": 7, "kt_profile_multiple": 7, "certificate_language_points": 50},
    "master_profile": {"kt_total": 50, "kt_readiness": 7, "kt_profile_single": 7,  # AD-12
                       "kt_profile_multiple": 7},
    "master_creative": {"kt_total": 75, "kt_foreign_language": 25, "kt_readiness": 7,  # AD-13
                        "creative_exam": 7, "certificate_language_points": 50},
    "master_after_service": {"service_years": 3, "interview_days_before": 5},  # AD-14, AD-9
    "phd": {"work_months": 9, "entrance_exam": 75, "entrance_exam_max": 100},  # AD-16, AD-17
    "doctorate_profile": {"work_months": 9, "entrance_exam": 50, "entrance_exam_max": 80},  # AD-16, AD-17
}

# AD-18: the national order as universities publish it (verify before relying on it: staff may reorder).
PRIORITIES = [
    ("altyn_belgi", "«Алтын белгі» иегерлері", "Обладатели знака «Алтын белгі»", "Holders of «Altyn belgi»"),
    ("patriot_badge", "Патриоттық және азаматтық белсенділік төсбелгісінің иегерлері",
     "Обладатели знака за патриотизм и гражданскую активность",
     "Holders of the badge for patriotism and active citizenship"),
    ("tvet_with_work", "Біліктілігі расталған, мамандығы бойынша кемінде 1 жыл жұмыс өтілі бар ТжКБ түлектері",
     "Выпускники ТиПО с подтверждённой квалификацией и стажем работы по специальности не менее 1 года",
     "TVET/post-secondary graduates with a confirmed qualification and at least a year of work in the specialty"),
    ("olympiad_winner", "Соңғы 3 жылдағы халықаралық және республикалық олимпиадалар мен байқаулардың жеңімпаздары",
     "Победители международных и республиканских олимпиад и конкурсов последних 3 лет",
     "Winners of international or republican olympiads and competitions of the last 3 years"),
    ("social_category", "Жетімдер, ата-ана қамқорлығынсыз қалған балалар, I–II топ мүгедектігі бар адамдар және т.б.",
     "Сироты, дети без попечения родителей, лица с инвалидностью I–II групп и др.",
     "Orphans, children without parental care, disability groups I–II, and others"),
]

# AD-18: the quota categories (their percentages come each year by ministerial order: entered as data).
CATEGORIES = [
    ("rural_youth", "Ауыл жастары", "Сельская молодёжь", "Rural youth"),
    ("kandas", "Қандастар", "Кандасы", "Kandas"),
    ("disability", "Мүгедектігі бар адамдар", "Лица с инвалидностью", "Persons with disabilities"),
    ("orphans", "Жетімдер және ата-ана қамқорлығынсыз қалған балалар",
     "Сироты и дети без попечения родителей", "Orphans and children without parental care"),
    ("large_family", "Көпбалалы отбасылардан шыққан балалар", "Дети из многодетных семей",
     "Children of large families"),
    ("single_parent_family", "Толық емес отбасылардан шыққан балалар", "Дети из неполных семей",
     "Children of single-parent families"),
]


def seed(apps, schema_editor):
    Threshold = apps.get_model("admissions", "Threshold")
    NationalPriority = apps.get_model("admissions", "NationalPriority")
    QuotaCategory = apps.get_model("admissions", "QuotaCategory")
    for track, values in THRESHOLDS.items():
        for requirement, value in values.items():
            Threshold.objects.get_or_create(track=track, requirement=requirement, effective_from=FROM,
                                            defaults={"value": Decimal(value)})
    for position, (code, kk, ru, en) in enumerate(PRIORITIES, start=1):
        NationalPriority.objects.get_or_create(code=code, defaults={"position": position, "name_kk": kk,
                                                                    "name_ru": ru, "name_en": en})
    for code, kk, ru, en in CATEGORIES:
        QuotaCategory.objects.get_or_create(code=code, defaults={"name_kk": kk, "name_ru": ru, "name_en": en})


class Migration(migrations.Migration):
    dependencies = [("admissions", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
