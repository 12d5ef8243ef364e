"""MO-2, MO-3: the documents of a mobility, in Kazakh or Russian — the selection commission's protocol,
the tripartite contract (host, home, student) and the registrar's order sending the student. The
documents' own words are written here in both languages, so they print properly whatever the state
of the page translations (as attestation's protocol does)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import override

from ektu_portal.academics.labels import period_label
from ektu_portal.core.pdf import render_pdf
from mobility import selectors
from mobility.models import Call

LANGUAGES = ("kk", "ru")

WORDS: dict[str, dict[str, str]] = {
    "kk": {
        "protocol": "Академиялық ұтқырлық бойынша іріктеу комиссиясы отырысының хаттамасы",
        "call": "Конкурс", "partner": "Серіктес университет", "period": "Академиялық кезең",
        "places": "Орын саны", "rank": "Рейтинг", "student": "Білім алушы", "programme": "Бағдарлама",
        "year": "Курс", "gpa": "GPA", "english": "Ағылшын тілі", "eligible": "Талаптарға сай",
        "yes": "иә", "no": "жоқ", "decision": "Шешім", "selected": "іріктелді",
        "not_selected": "іріктелмеді", "submitted": "шешілмеген", "basis": "Негіз",
        "criterion": "Рейтингтегі орнын анықтаған өлшем", "eligibility": "талаптарға сәйкестік",
        "c_gpa": "GPA", "c_english": "ағылшын тілінің деңгейі", "c_submitted": "өтінім берілген уақыт",
        "chair": "Комиссия төрағасы", "members": "Комиссия мүшелері", "secretary": "Хатшы",
        "printed": "Басып шығарылған күні",
        "contract": "Академиялық ұтқырлық туралы үшжақты шарт",
        "parties": "Тараптар", "home": "Жіберуші университет", "host": "Қабылдаушы университет",
        "home_name": "Д. Серікбаев атындағы Шығыс Қазақстан техникалық университеті",
        "subject": "Шарттың мәні",
        "subject_text": ("Білім алушы оқу келісіміне сәйкес қабылдаушы университетте бір академиялық кезең "
                         "оқиды; жіберуші университет оқу нәтижелерін кредиттерді қайта есептеу арқылы "
                         "таниды (ECTS)."),
        "table_a": "А кестесі: қабылдаушы университетте", "table_b": "В кестесі: жіберуші университетте",
        "credits": "Кредит", "ects": "ECTS", "shortfall": "Жетіспейтін кредиттер",
        "signatures": "Тараптардың қолдары", "signed": "қол қойды", "not_signed": "қол қойылмаған",
        "p_student": "Білім алушы", "p_home": "Жіберуші университеттің үйлестірушісі",
        "p_host": "Қабылдаушы университеттің үйлестірушісі",
        "order": "Білім алушыны академиялық ұтқырлыққа жіберу туралы бұйрық",
        "order_text": ("Іріктеу комиссиясының шешімі мен үшжақты оқу келісімі негізінде төменде аталған "
                       "білім алушы академиялық ұтқырлық бағдарламасы бойынша оқуға жіберілсін."),
        "funding": "Қаржыландыру", "registrar": "Тіркеу кеңсесінің басшысы", "number": "№",
        "version": "нұсқасы",
    },
    "ru": {
        "protocol": "Протокол заседания комиссии по отбору на академическую мобильность",
        "call": "Конкурс", "partner": "Университет-партнёр", "period": "Академический период",
        "places": "Количество мест", "rank": "Рейтинг", "student": "Обучающийся", "programme": "Программа",
        "year": "Курс", "gpa": "GPA", "english": "Английский язык", "eligible": "Соответствует требованиям",
        "yes": "да", "no": "нет", "decision": "Решение", "selected": "отобран",
        "not_selected": "не отобран", "submitted": "не принято", "basis": "Основание",
        "criterion": "Критерий, определивший место в рейтинге", "eligibility": "соответствие требованиям",
        "c_gpa": "GPA", "c_english": "уровень английского языка", "c_submitted": "время подачи заявления",
        "chair": "Председатель комиссии", "members": "Члены комиссии", "secretary": "Секретарь",
        "printed": "Дата печати",
        "contract": "Трёхсторонний договор об академической мобильности",
        "parties": "Стороны", "home": "Направляющий университет", "host": "Принимающий университет",
        "home_name": "Восточно-Казахстанский технический университет имени Д. Серикбаева",
        "subject": "Предмет договора",
        "subject_text": ("Обучающийся в течение одного академического периода обучается в принимающем "
                         "университете по соглашению об обучении; направляющий университет признаёт "
                         "результаты обучения перезачётом кредитов (ECTS)."),
        "table_a": "Таблица A: в принимающем университете",
        "table_b": "Таблица B: в направляющем университете",
        "credits": "Кредиты", "ects": "ECTS", "shortfall": "Недостающие кредиты",
        "signatures": "Подписи сторон", "signed": "подписал(а)", "not_signed": "не подписано",
        "p_student": "Обучающийся", "p_home": "Координатор направляющего университета",
        "p_host": "Координатор принимающего университета",
        "order": "Приказ о направлении обучающегося на академическую мобильность",
        "order_text": ("На основании решения комиссии по отбору и трёхстороннего соглашения об обучении "
                       "направить нижеуказанного обучающегося на обучение по программе академической "
                       "мобильности."),
        "funding": "Финансирование", "registrar": "Руководитель офиса регистратора", "number": "№",
        "version": "версия",
    },
}


def _period(period: Any) -> str:
    return period_label(period.kind, period.academic_year, period.starts)


def selection_protocol_pdf(call: Call, language: str) -> bytes:
    words = WORDS[language]
    with override(language):
        rows = [{"position": r.position, "name": r.application.student.user.full_name,
                 "programme": r.application.student.program.code, "year": r.application.student.course_year,
                 "gpa": r.gpa if r.gpa is not None else "—", "english": r.application.english or "—",
                 "eligible": words["yes"] if r.application.eligible else words["no"],
                 "criterion": "" if r.decided_by is None else words[
                     "eligibility" if r.decided_by == "eligibility" else "c_" + r.decided_by],
                 "decision": words[r.application.status], "basis": r.application.basis}
                for r in selectors.call_ranking(call)]
        return render_pdf("mobility/print/protocol.html", {
            "lang": language, "w": words, "call": call, "period": _period(call.period), "rows": rows,
            "printed": timezone.localdate()})


def _application_pdf(template: str, view: selectors.AgreementView, language: str, **extra: Any) -> bytes:
    with override(language):
        return render_pdf(template, {
            "lang": language, "w": WORDS[language], "a": view.application, "view": view,
            "period": _period(view.application.call.period), "printed": timezone.localdate(), **extra})


def contract_pdf(view: selectors.AgreementView, language: str) -> bytes:
    """MO-3: the tripartite contract of the agreement's current version, with whoever has signed it."""
    return _application_pdf("mobility/print/contract.html", view, language,
                            parties=[(party, WORDS[language]["p_" + party], view.signed_by.get(party))
                                     for party in ("student", "home", "host")])


def order_pdf(view: selectors.AgreementView, language: str) -> bytes:
    """MO-3: the registrar's order sending the student."""
    return _application_pdf("mobility/print/order.html", view, language)


def inline_filename(kind: str, key: Any, language: str) -> str:
    return f'inline; filename="mobility-{kind}-{key}-{language}.pdf"'
