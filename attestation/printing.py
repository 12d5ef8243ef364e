"""FA-5: the protocol of one student's defence as the document the chair and members present sign,
in Kazakh or Russian. The document's own words are the form's, in both languages, so a protocol
prints in proper Kazakh and Russian whatever the state of the page translations."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import override

from attestation import selectors
from attestation.models import Defence
from ektu_portal.core.pdf import render_pdf

WORDS: dict[str, dict[str, str]] = {
    "kk": {
        "title": "Аттестаттау комиссиясы отырысының хаттамасы",
        "number": "№", "date": "Күні", "commission": "Комиссия", "programme": "Білім беру бағдарламасы",
        "student": "Білім алушы", "topic": "Дипломдық жұмыстың (жобаның) тақырыбы",
        "supervisor": "Ғылыми жетекші",
        "reviewer": "Рецензент", "review": "Рецензенттің бағасы", "originality": "Түпнұсқалық",
        "present": "Отырысқа қатысқандар", "chair": "Төраға", "member": "Мүше", "secretary": "Хатшы",
        "student_member": "Білім алушы-мүше", "talk": "Баяндама", "defence": "Қорғау (барлығы)",
        "minutes": "мин", "questions": "Қойылған сұрақтар", "grades": "Комиссия мүшелерінің бағалары",
        "vote": "Жабық отырыстағы дауыс беру", "for": "жақтағаны", "against": "қарсы",
        "casting": "төрағаның дауысымен шешілді", "decision": "Шешім", "grade": "Баға",
        "degree": "Дәреже беру", "degree_yes": "беріледі", "degree_no": "берілмейді",
        "honours": "Үздік диплом", "yes": "иә", "no": "жоқ", "rework": "Өңделген жұмыс қайта ұсынылады",
        "new_topic": "Жаңа тақырып қажет", "signatures": "Қолдары", "not_decided": "шешілмеген",
        "q_grade": "баға", "q_degree": "дәреже беру", "q_honours": "үздік диплом",
        "excellent": "өте жақсы", "good": "жақсы", "satisfactory": "қанағаттанарлық",
        "unsatisfactory": "қанағаттанарлықсыз", "over": "уақыттан асты",
    },
    "ru": {
        "title": "Протокол заседания аттестационной комиссии",
        "number": "№", "date": "Дата", "commission": "Комиссия", "programme": "Образовательная программа",
        "student": "Обучающийся", "topic": "Тема дипломной работы (проекта)",
        "supervisor": "Научный руководитель",
        "reviewer": "Рецензент", "review": "Оценка рецензента", "originality": "Оригинальность",
        "present": "Присутствовали", "chair": "Председатель", "member": "Член комиссии",
        "secretary": "Секретарь",
        "student_member": "Член комиссии из обучающихся", "talk": "Доклад", "defence": "Защита (всего)",
        "minutes": "мин", "questions": "Заданные вопросы", "grades": "Оценки членов комиссии",
        "vote": "Голосование на закрытом заседании", "for": "за", "against": "против",
        "casting": "решено голосом председателя", "decision": "Решение", "grade": "Оценка",
        "degree": "Присуждение степени", "degree_yes": "присудить", "degree_no": "не присуждать",
        "honours": "Диплом с отличием", "yes": "да", "no": "нет",
        "rework": "Доработанная работа представляется повторно",
        "new_topic": "Требуется новая тема", "signatures": "Подписи", "not_decided": "не принято",
        "q_grade": "оценка", "q_degree": "присуждение степени", "q_honours": "диплом с отличием",
        "excellent": "отлично", "good": "хорошо", "satisfactory": "удовлетворительно",
        "unsatisfactory": "неудовлетворительно", "over": "превышено время",
    },
}

TRADITIONAL_BY_LETTER = {"A": "excellent", "A-": "excellent", "B+": "good", "B": "good", "B-": "good",
                         "C+": "good",
                         "C": "satisfactory", "C-": "satisfactory", "D+": "satisfactory", "D": "satisfactory",
                         "FX": "unsatisfactory", "F": "unsatisfactory"}


def protocol_pdf(defence: Defence, language: str) -> bytes:
    words = WORDS[language]
    with override(language):
        view = selectors.defence_view(defence, timezone.now())
        student = defence.thesis.student
        program = student.program
        names = {m.pk: m.name for m in view.members}
        votes = [{"question": words["q_" + v.question], "proposal": v.proposal,
                  "for": sum(1 for b in v.ballots.values() if b == "for"),
                  "against": sum(1 for b in v.ballots.values() if b == "against"),
                  "decision": words.get(v.decision,
                                        words["not_decided"]) if v.decision else words["not_decided"],
                  "casting": v.casting_vote, "ballots": [(names.get(int(pk), pk), words[b]) for pk, b in
                                                         v.ballots.items()]} for v in view.votes]
        role_words = {"chair": words["chair"], "member": words["member"], "secretary": words["secretary"],
                      "student": words["student_member"]}
        return render_pdf("attestation/protocol_print.html", {
            "lang": language, "w": words, "defence": defence, "view": view, "student": student,
            "program_name": getattr(program, f"name_{language}") or program.name_en,
            "discipline_name": getattr(defence.thesis.discipline,
                                       f"name_{language}") or defence.thesis.discipline.name_en,
            "present": [{"name": m.name, "role": role_words[m.role], "grade": view.grades.get(m.pk)}
                        for m in view.present],
            "votes": votes, "traditional": words.get(TRADITIONAL_BY_LETTER.get(defence.letter, ""), ""),
            "talk_minutes": _minutes(view.talk_seconds), "defence_minutes": _minutes(view.defence_seconds),
            "header_left": f"{defence.session.commission.code} · {student.user.full_name}",
            "header_right": f"{words['number']} {defence.number} · {defence.session.date:%d.%m.%Y}",
        })


def _minutes(seconds: int | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds // 60}:{seconds % 60:02d}"


def inline_filename(defence: Defence, language: str) -> str:
    return (f'inline; filename="protocol-{defence.session.commission.code}-{defence.number}-'
            f'{defence.thesis.student.user.username}-{language}.pdf"')
