"""§12's documents in Kazakh or Russian: the rector's orders (transfer, readmission, expulsion "in
connection with transfer to …") and the comparison sheet (TR-4, RC-1) for signatures. Their words are
written here in both languages, so they print properly whatever the state of the page translations."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import override

from ektu_portal.academics.labels import period_label
from ektu_portal.core.pdf import render_pdf
from mobility.models import TransferCase
from mobility.selectors_transfers import ComparisonView

WORDS: dict[str, dict[str, str]] = {
    "kk": {
        "university": "Д. Серікбаев атындағы Шығыс Қазақстан техникалық университеті",
        "order": "БҰЙРЫҚ", "number": "№", "dated": "күні",
        "incoming": "Басқа жоғары оқу орнынан ауыстыру туралы",
        "between_programmes": "Білім беру бағдарламасынан ауыстыру туралы",
        "readmission": "Оқуға қайта қабылдау туралы",
        "outgoing": "Басқа жоғары оқу орнына ауысуына байланысты оқудан шығару туралы",
        "incoming_text": "төмендегі білім алушы {university} оқу орнынан ауыстырылсын:",
        "between_programmes_text": "төмендегі білім алушы басқа білім беру бағдарламасына ауыстырылсын:",
        "readmission_text": "төмендегі тұлға оқуға қайта қабылдансын:",
        "outgoing_text": ("төмендегі білім алушы {university} оқу орнына ауысуына байланысты оқудан "
                          "шығарылсын:"),
        "student": "Білім алушы", "iin": "ЖСН", "programme": "Білім беру бағдарламасы", "course": "Курс",
        "funding": "Оқу негізі", "paid": "ақылы негізде", "keeps_grant": "білім беру грантын сақтай отырып",
        "vacant_grant_place": "бос грант орнына",
        "basis": "Негіз", "window": ("Білім алушы бұйрық шыққан күннен бастап бір апта ішінде эдвайзермен "
                                    "кеңесіп, пәндерге тіркеледі (RG-7)."),
        "difference": "Академиялық айырмашылық", "rector": "Ректор", "agreed": "Келісілді: тіркеу кеңсесі",
        "sheet": "Салыстыру ведомосі", "from": "Бұрынғы оқу орны", "recognized": "Қайта есептелген пәндер",
        "studied": "Онда оқығаны", "home": "ШҚТУ пәні", "credits": "Кредит", "letter": "Баға",
        "refused": "Қайта есептелмегендер", "why": "Себебі", "semester": "Семестр",
        "when": "Қашан өтеді", "this_period": "осы кезеңде", "summer": "жазғы семестрде",
        "debt": ("{due} дейін өтелмеген академиялық айырмашылық академиялық қарызға айналады (RC-5)."),
        "total": "Қайта есептелген кредиттер: {recognized}. Академиялық айырмашылық: {difference} кредит.",
        "deputy": "Декан орынбасары", "qa": "Академиялық сапа комиссиясының төрағасы",
        "printed": "Басып шығарылған күні", "kind": "Өтініш",
        "grade_below_d": "баға D-дан төмен", "workload_short": "көлемі жетпейді",
        "letter_required": "комиссия бағаны таңдауы керек", "not_matched": "сәйкес пән жоқ",
    },
    "ru": {
        "university": "Восточно-Казахстанский технический университет имени Д. Серикбаева",
        "order": "ПРИКАЗ", "number": "№", "dated": "от",
        "incoming": "О переводе из другой организации высшего образования",
        "between_programmes": "О переводе с одной образовательной программы на другую",
        "readmission": "О восстановлении в число обучающихся",
        "outgoing": "Об отчислении в связи с переводом в другую организацию образования",
        "incoming_text": "перевести из {university} следующего обучающегося:",
        "between_programmes_text": "перевести на другую образовательную программу следующего обучающегося:",
        "readmission_text": "восстановить в число обучающихся:",
        "outgoing_text": "отчислить в связи с переводом в {university} следующего обучающегося:",
        "student": "Обучающийся", "iin": "ИИН", "programme": "Образовательная программа", "course": "Курс",
        "funding": "Основа обучения", "paid": "на платной основе",
        "keeps_grant": "с сохранением образовательного гранта",
        "vacant_grant_place": "на вакантное место по гранту",
        "basis": "Основание",
        "window": ("Обучающийся в течение одной недели со дня приказа после консультации с эдвайзером "
                   "регистрируется на дисциплины (RG-7)."),
        "difference": "Академическая разница", "rector": "Ректор", "agreed": "Согласовано: офис регистратора",
        "sheet": "Сравнительная ведомость", "from": "Прежнее место обучения",
        "recognized": "Перезачтённые дисциплины", "studied": "Изучено там", "home": "Дисциплина ВКТУ",
        "credits": "Кредиты", "letter": "Оценка", "refused": "Не перезачтено", "why": "Причина",
        "semester": "Семестр", "when": "Когда сдаётся", "this_period": "в этом периоде",
        "summer": "в летнем семестре",
        "debt": ("Академическая разница, не ликвидированная до {due}, становится академической "
                 "задолженностью (RC-5)."),
        "total": "Перезачтено кредитов: {recognized}. Академическая разница: {difference} кредитов.",
        "deputy": "Заместитель декана", "qa": "Председатель комиссии по академическому качеству",
        "printed": "Дата печати", "kind": "Заявление",
        "grade_below_d": "оценка ниже D", "workload_short": "недостаточный объём",
        "letter_required": "комиссия должна выбрать оценку", "not_matched": "нет соответствия",
    },
}


def _who(case: TransferCase) -> dict[str, str]:
    student = case.student
    return {"name": student.user.full_name if student is not None else case.full_name,
            "iin": (student.iin if student is not None else "") or case.iin}


def _titles(studied: list[dict[str, object]], sources: tuple[int, ...]) -> str:
    return ", ".join(str(studied[i].get("title", "")) for i in sources)


def order_pdf(case: TransferCase, language: str) -> bytes:
    """TR-6, TR-7, TR-8: the order as recorded — its number and date, the student, where they go."""
    words = WORDS[language]
    with override(language):
        program = case.program or (case.student.program if case.student is not None else None)
        return render_pdf("mobility/print/transfer_order.html", {
            "lang": language, "w": words, "case": case, "who": _who(case), "title": words[case.kind],
            "text": words[f"{case.kind}_text"].format(university=case.other_university),
            "program": f"{program.code} {program.name}" if program is not None else "",
            "funding": words.get(case.funding_after, "") if case.kind != TransferCase.Kind.OUTGOING else "",
            "printed": timezone.localdate()})


def comparison_pdf(case: TransferCase, view: ComparisonView, language: str) -> bytes:
    """TR-4, RC-1 … RC-5: the comparison sheet for the deputy dean's, the QA commission's and the
    student's signatures."""
    words = WORDS[language]
    studied = case.items
    with override(language):
        recognized = [{"code": r.discipline, "name": view.names.get(r.discipline, ""), "credits": r.credits,
                       "letter": r.letter, "studied": _titles(studied, r.sources)}
                      for r in view.sheet.recognized]
        refused = [{"code": r.discipline, "name": view.names.get(r.discipline, ""),
                    "why": words.get(r.reason, r.reason),
                    "studied": _titles(studied, r.sources)}
                   for r in view.sheet.refused]
        due = view.due
        return render_pdf("mobility/print/comparison.html", {
            "lang": language, "w": words, "case": case, "who": _who(case), "recognized": recognized,
            "refused": refused, "difference": view.difference,
            "program": f"{case.program.code} {case.program.name}" if case.program else "",
            "total": words["total"].format(recognized=view.sheet.credits_recognized,
                                           difference=view.sheet.credits_of_difference),
            "debt": words["debt"].format(due=due.ends.strftime("%d.%m.%Y")) if due is not None else "",
            "period": period_label(view.period.kind, view.period.academic_year, view.period.starts)
            if view.period is not None else "",
            "printed": timezone.localdate()})
