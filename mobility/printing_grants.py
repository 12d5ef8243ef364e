"""TR-9: the candidate list of a vacant grant for the Scientific Council and the ministry, as PDF and XLSX
in Kazakh or Russian. The documents' own words are written here in both languages, so they print properly
whatever the state of the page translations (as ``mobility.printing`` does)."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import override

from ektu_portal.core.pdf import render_pdf
from ektu_portal.core.spreadsheets import neutralised
from mobility.selectors_grants import VacantGrantView

LANGUAGES = ("kk", "ru")

WORDS: dict[str, dict[str, Any]] = {
    "kk": {
        "title": "Бос білім беру гранттарына үміткерлердің тізімі",
        "for_council": "Ғылыми кеңестің бекітуіне және министрлікке",
        "group": "Білім беру бағдарламаларының тобы", "study_form": "Оқу нысаны",
        "intake_year": "Түскен жылы",
        "places": "Бос орын саны", "deadline": "Министрлікке ұсыну мерзімі", "basis": "Негіз",
        "position": "№", "student": "Білім алушы", "record_number": "Жеке нөмірі", "gpa": "GPA",
        "tier": "Оқу кезеңіндегі бағалар", "criterion": "Орнын анықтаған өлшем", "candidate": "Үміткер",
        "yes": "иә", "no": "жоқ", "excluded": "Тізімге енгізілмегендер", "reasons": "Себебі",
        "none": "жоқ",
        "tie": "Соңғы бос орынды тек жеке нөмір анықтады (GPA мен бағалар тең): шешімді Ғылыми кеңес "
               "қабылдайды.",
        "rule": "TR-9: бос гранттар ақылы негізде оқитын білім алушыларға GPA бойынша конкурс негізінде "
                "беріледі; GPA тең болса, алдымен бүкіл оқу кезеңінде тек A және A- алғандар, содан кейін "
                "A-дан C+-ке дейінгі бағалары барлар, содан кейін қалғандары. Академиялық қарызы барлар "
                "қатыспайды.",
        "made_at": "Тізім жасалған уақыт", "digest": "Тізімнің бақылау сомасы (SHA-256)",
        "printed": "Басып шығарылған күні", "signatures": "Қолдар",
        "chair": "Ғылыми кеңестің төрағасы", "secretary": "Ғылыми кеңестің хатшысы",
        "sheet": "Үміткерлер", "sheet_excluded": "Енгізілмегендер",
        "forms": {"full_time": "күндізгі", "part_time": "сырттай", "distance": "қашықтықтан"},
        "tiers": {0: "тек A және A-", 1: "A-дан C+-ке дейін", 2: "басқа бағалар"},
        "criteria": {"gpa": "GPA төмен", "grades": "GPA тең, бағалар төмен",
                     "record_number": "GPA мен бағалар тең: жеке нөмір (шешімді Ғылыми кеңес қабылдайды)"},
        "exclusions": {"academic_debt": "академиялық қарызы бар", "not_paid": "ақылы негізде оқымайды",
                       "other_cohort": "басқа топ, оқу нысаны немесе түскен жылы", "no_gpa": "GPA әлі жоқ"},
    },
    "ru": {
        "title": "Список претендентов на вакантные образовательные гранты",
        "for_council": "На утверждение Учёного совета и для представления в министерство",
        "group": "Группа образовательных программ", "study_form": "Форма обучения",
        "intake_year": "Год поступления", "places": "Количество вакантных мест",
        "deadline": "Срок представления в министерство", "basis": "Основание",
        "position": "№", "student": "Обучающийся", "record_number": "Номер обучающегося", "gpa": "GPA",
        "tier": "Оценки за весь период обучения", "criterion": "Критерий, определивший место",
        "candidate": "Претендент", "yes": "да", "no": "нет", "excluded": "Не включены в список",
        "reasons": "Причина", "none": "нет",
        "tie": "Последнее вакантное место определил только номер обучающегося (GPA и оценки равны): решение "
               "принимает Учёный совет.",
        "rule": "TR-9: вакантные гранты присуждаются на конкурсной основе обучающимся на платной основе по "
                "GPA; при равном GPA преимущество имеют обучающиеся, имеющие за весь период обучения только "
                "оценки A и A-, затем оценки от A до C+, затем остальные. Обучающиеся с академической "
                "задолженностью не участвуют.",
        "made_at": "Список сформирован", "digest": "Контрольная сумма списка (SHA-256)",
        "printed": "Дата печати", "signatures": "Подписи",
        "chair": "Председатель Учёного совета", "secretary": "Учёный секретарь",
        "sheet": "Претенденты", "sheet_excluded": "Не включены",
        "forms": {"full_time": "очная", "part_time": "заочная", "distance": "дистанционная"},
        "tiers": {0: "только A и A-", 1: "от A до C+", 2: "другие оценки"},
        "criteria": {"gpa": "ниже GPA", "grades": "равный GPA, оценки ниже",
                     "record_number": "равные GPA и оценки: номер обучающегося (решает Учёный совет)"},
        "exclusions": {"academic_debt": "имеет академическую задолженность",
                       "not_paid": "обучается не на платной основе",
                       "other_cohort": "другая группа, форма обучения или год поступления",
                       "no_gpa": "GPA ещё нет"},
    },
}


def _rows(view: VacantGrantView, words: dict[str, Any]) -> tuple[list[list[Any]], list[list[Any]]]:
    """The ranked and the excluded of the list as the printed columns, in the document's language."""
    assert view.candidate_list is not None
    ranked = [[row.position, row.full_name, row.username, row.gpa, words["tiers"].get(row.tier, row.tier),
               words["criteria"].get(row.decided_by, "") if row.decided_by else "",
               words["yes"] if row.candidate else words["no"]] for row in view.candidate_list.ranked]
    excluded = [[row.full_name, row.username, "; ".join(words["exclusions"].get(r, r) for r in row.reasons)]
                for row in view.candidate_list.excluded]
    return ranked, excluded


def _facts(view: VacantGrantView, words: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(words["group"], view.group_code),
            (words["study_form"], words["forms"].get(view.study_form, view.study_form)),
            (words["intake_year"], view.intake_year), (words["places"], view.places),
            (words["deadline"], view.deadline.strftime("%d.%m.%Y")), (words["basis"], view.basis)]


def list_pdf(view: VacantGrantView, language: str) -> bytes:
    """TR-9: the list the Scientific Council approves, with its chair's and secretary's signature lines."""
    words = WORDS[language]
    ranked, excluded = _rows(view, words)
    assert view.candidate_list is not None
    with override(language):
        return render_pdf("mobility/print/vacant_grant_list.html", {
            "lang": language, "w": words, "facts": _facts(view, words), "ranked": ranked,
            "excluded": excluded,
            "list": view.candidate_list, "made_at": timezone.localtime(view.candidate_list.made_at),
            "printed": timezone.localdate(), "header_left": view.group_code,
            "header_right": view.deadline.strftime("%d.%m.%Y")})


def list_xlsx(view: VacantGrantView, language: str) -> bytes:
    """TR-9: the same list as XLSX for the ministry; every text cell neutralised (no formula runs)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    words = WORDS[language]
    ranked, excluded = _rows(view, words)
    assert view.candidate_list is not None
    book = Workbook()
    sheet = book.active
    sheet.title = words["sheet"]
    for label, value in _facts(view, words):
        sheet.append([label, neutralised(value)])
    sheet.append([])
    header = [words[key] for key in ("position", "student", "record_number", "gpa", "tier", "criterion",
                                     "candidate")]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in ranked:
        sheet.append([neutralised(value) for value in row])
    sheet.append([])
    sheet.append([words["digest"], view.candidate_list.digest])
    other = book.create_sheet(words["sheet_excluded"])
    other.append([words["student"], words["record_number"], words["reasons"]])
    for cell in other[1]:
        cell.font = Font(bold=True)
    for row in excluded:
        other.append([neutralised(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def filename(view: VacantGrantView, language: str, extension: str) -> str:
    return f"vacant-grant-{view.id}-{language}.{extension}"
