"""The demo university: a believable EKTU in an ``ektu-university/1`` document.

Deterministic for a (today, seed, students) triple, so screenshots and tests repeat. Pure
Python; ``seed_demo`` loads the document through the same loader real data goes through.
Three schools, bachelor programs of 240 credits with prerequisite chains, elective groups and
a Minor, a scientific and a profile master's, a PhD; students of every year with their past
results, the current period in progress (R1 entered), and the next period's registration open.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from ektu_portal.core.translit import kazakh_to_latin

DEMO_PASSWORD = "ektu-demo-2026"
DEMO_SIGN_INS: tuple[tuple[str, str], ...] = (
    ("student", "s25001"), ("adviser", "adv.sdt1"), ("instructor", "inst.sdt1"), ("registrar", "registrar"),
    ("dean", "dean.sdt"), ("deputy_dean", "deputy.sdt"), ("appeals_commission", "appeals1"),
    ("qa_commission", "qa1"), ("admissions", "admissions"), ("mobility_coordinator", "mobility"),
    ("attestation_secretary", "attestation"), ("vice_rector", "vicerector"), ("admin", "admin"),
)

SCHOOLS = [
    ("SDT", "Цифрлық технологиялар және жасанды интеллект мектебі",
     "Школа цифровых технологий и искусственного интеллекта",
     "School of Digital Technologies and Artificial Intelligence"),
    ("SEM", "Жер туралы ғылымдар және металлургия мектебі", "Школа наук о Земле и металлургии",
     "School of Earth Sciences and Metallurgy"),
    ("SAC", "Сәулет және құрылыс мектебі", "Школа архитектуры и строительства",
     "School of Architecture and Construction"),
]

# General education of every bachelor curriculum: (code, kk, ru, en, credits, control, semester)
GENERAL = [
    ("HKZ1101", "Қазақстанның қазіргі заманғы тарихы", "Современная история Казахстана",
     "Modern History of Kazakhstan", 5, "state_exam", 1),
    ("KRL1102", "Қазақ (орыс) тілі", "Казахский (русский) язык", "Kazakh (Russian) Language", 5, "exam", 1),
    ("ENG1103", "Шетел тілі", "Иностранный язык", "Foreign Language", 5, "exam", 1),
    ("ICT1104", "Ақпараттық-коммуникациялық технологиялар", "Информационно-коммуникационные технологии",
     "Information and Communication Technologies", 5, "exam", 1),
    ("PHL2101", "Философия", "Философия", "Philosophy", 5, "exam", 2),
    ("SPK2102", "Әлеуметтік-саяси білім модулі", "Модуль социально-политических знаний",
     "Social and Political Knowledge", 5, "exam", 2),
    # Physical education: differentiated credits that carry credits, so they count in the GPA (GR-16).
    ("PHE1105", "Дене шынықтыру I", "Физическая культура I", "Physical Education I", 2,
     "differentiated_credit", 1),
    ("PHE2103", "Дене шынықтыру II", "Физическая культура II", "Physical Education II", 2,
     "differentiated_credit", 2),
    ("PHE3101", "Дене шынықтыру III", "Физическая культура III", "Physical Education III", 2,
     "differentiated_credit", 3),
    ("PHE4101", "Дене шынықтыру IV", "Физическая культура IV", "Physical Education IV", 2,
     "differentiated_credit", 4),
]

# Program topics: (stem, kk, ru, en, parts). Parts I, II, III form prerequisite chains.
TOPICS: dict[str, list[tuple[str, str, str, str, int]]] = {
    "6B06102": [
        ("PRG", "Бағдарламалау", "Программирование", "Programming", 2),
        ("MTH", "Жоғары математика", "Высшая математика", "Higher Mathematics", 2),
        ("ADS", "Алгоритмдер және деректер құрылымдары", "Алгоритмы и структуры данных",
         "Algorithms and Data Structures", 2),
        ("DBS", "Деректер қорлары", "Базы данных", "Databases", 2),
        ("WEB", "Веб-әзірлеу", "Веб-разработка", "Web Development", 2),
        ("OSY", "Операциялық жүйелер", "Операционные системы", "Operating Systems", 1),
        ("NET", "Компьютерлік желілер", "Компьютерные сети", "Computer Networks", 1),
        ("SAR", "Бағдарламалық қамтамасыз ету архитектурасы", "Архитектура программного обеспечения",
         "Software Architecture", 1),
        ("MLB", "Машиналық оқыту негіздері", "Основы машинного обучения", "Machine Learning Basics", 2),
        ("SEC", "Ақпараттық қауіпсіздік", "Информационная безопасность", "Information Security", 1),
        ("MOB", "Мобильді қосымшаларды әзірлеу", "Разработка мобильных приложений",
         "Mobile Application Development", 1),
        ("CLD", "Бұлттық есептеулер", "Облачные вычисления", "Cloud Computing", 1),
        ("TST", "Бағдарламалық қамтамасыз етуді тестілеу", "Тестирование программного обеспечения",
         "Software Testing", 1),
        ("PMG", "IT-жобаларды басқару", "Управление IT-проектами", "IT Project Management", 1),
        ("DAN", "Деректерді талдау", "Анализ данных", "Data Analysis", 1),
        ("CVS", "Компьютерлік көру", "Компьютерное зрение", "Computer Vision", 1),
        ("NLP", "Табиғи тілді өңдеу", "Обработка естественного языка", "Natural Language Processing", 1),
        ("DVO", "DevOps тәжірибелері", "Практики DevOps", "DevOps Practices", 1),
        ("GAM", "Ойын әзірлеу", "Разработка игр", "Game Development", 1),
        ("IOT", "Заттар интернеті", "Интернет вещей", "Internet of Things", 1),
    ],
    "6B07201": [
        ("PHY", "Физика", "Физика", "Physics", 2),
        ("MTH", "Жоғары математика", "Высшая математика", "Higher Mathematics", 2),
        ("GEO", "Геология", "Геология", "Geology", 2),
        ("MIN", "Тау-кен ісі негіздері", "Основы горного дела", "Fundamentals of Mining", 2),
        ("RMC", "Тау жыныстары механикасы", "Механика горных пород", "Rock Mechanics", 1),
        ("BLS", "Жарылыс жұмыстары", "Взрывные работы", "Blasting Operations", 1),
        ("MMS", "Тау-кен машиналары", "Горные машины", "Mining Machinery", 2),
        ("VNT", "Кеніш желдетуі", "Рудничная вентиляция", "Mine Ventilation", 1),
        ("SUR", "Маркшейдерлік іс", "Маркшейдерское дело", "Mine Surveying", 1),
        ("OPM", "Ашық тау-кен жұмыстары", "Открытые горные работы", "Open-Pit Mining", 1),
        ("UGM", "Жерасты тау-кен жұмыстары", "Подземные горные работы", "Underground Mining", 1),
        ("MPR", "Пайдалы қазбаларды байыту", "Обогащение полезных ископаемых", "Mineral Processing", 1),
        ("IND", "Өнеркәсіптік қауіпсіздік", "Промышленная безопасность", "Industrial Safety", 1),
        ("ECO", "Тау-кен экологиясы", "Горная экология", "Mining Ecology", 1),
        ("GIS", "Геоақпараттық жүйелер", "Геоинформационные системы", "Geographic Information Systems", 1),
        ("MEC", "Тау-кен өндірісінің экономикасы", "Экономика горного производства", "Mining Economics", 1),
        ("HYD", "Гидрогеология", "Гидрогеология", "Hydrogeology", 1),
        ("DRL", "Бұрғылау технологиясы", "Технология бурения", "Drilling Technology", 1),
        ("AUT", "Тау-кен өндірісін автоматтандыру", "Автоматизация горного производства",
         "Mining Automation", 1),
        ("MET", "Металлургия негіздері", "Основы металлургии", "Fundamentals of Metallurgy", 1),
    ],
    "6B07301": [
        ("MTH", "Жоғары математика", "Высшая математика", "Higher Mathematics", 2),
        ("PHY", "Физика", "Физика", "Physics", 2),
        ("DRW", "Инженерлік графика", "Инженерная графика", "Engineering Graphics", 2),
        ("MCH", "Теориялық механика", "Теоретическая механика", "Theoretical Mechanics", 1),
        ("SOM", "Материалдар кедергісі", "Сопротивление материалов", "Strength of Materials", 2),
        ("BMT", "Құрылыс материалдары", "Строительные материалы", "Building Materials", 1),
        ("STR", "Құрылыс механикасы", "Строительная механика", "Structural Mechanics", 2),
        ("RCS", "Темірбетон конструкциялары", "Железобетонные конструкции",
         "Reinforced Concrete Structures", 2),
        ("MTS", "Металл конструкциялары", "Металлические конструкции", "Steel Structures", 1),
        ("SLM", "Топырақ механикасы", "Механика грунтов", "Soil Mechanics", 1),
        ("FND", "Негіздер мен іргетастар", "Основания и фундаменты", "Foundations", 1),
        ("ARC", "Сәулет негіздері", "Основы архитектуры", "Fundamentals of Architecture", 1),
        ("TCP", "Құрылыс технологиясы", "Технология строительного производства",
         "Construction Technology", 2),
        ("EST", "Құрылыс сметасы", "Сметное дело", "Construction Estimating", 1),
        ("BIM", "Ақпараттық модельдеу (BIM)", "Информационное моделирование (BIM)",
         "Building Information Modelling", 1),
        ("GDS", "Геодезия", "Геодезия", "Geodesy", 1),
        ("HVA", "Жылу-газбен жабдықтау және желдету", "Теплогазоснабжение и вентиляция",
         "Heating and Ventilation", 1),
        ("WSS", "Сумен жабдықтау", "Водоснабжение и водоотведение", "Water Supply and Sewerage", 1),
        ("SEI", "Сейсмикалық төзімді құрылыс", "Сейсмостойкое строительство",
         "Earthquake-Resistant Construction", 1),
        ("CMG", "Құрылысты басқару", "Управление строительством", "Construction Management", 1),
    ],
}

# Prerequisites across topics (RG-3), each in an earlier semester than the discipline that needs it.
CROSS_PREREQUISITES = {
    "ADS1021": ["PRG1021"], "MLB1021": ["ADS1021", "MTH1021"], "DBS1021": ["PRG1021"],
    "GEO2011": ["PHY2011"], "MIN2011": ["MTH2011"], "MMS2011": ["PHY2011"],
    "SOM3011": ["PHY3011"], "STR3011": ["MTH3011"], "RCS3011": ["STR3011"],
}

BACHELOR_PROGRAMS = [
    ("6B06102", "SDT", "B057", "Бағдарламалық инженерия", "Программная инженерия", "Software Engineering",
     "Бакалавр ақпараттық-коммуникациялық технологиялар",
     "Бакалавр информационно-коммуникационных технологий",
     "Bachelor of Information and Communication Technologies"),
    ("6B07201", "SEM", "B072", "Тау-кен ісі", "Горное дело", "Mining Engineering",
     "Техника және технологиялар бакалавры", "Бакалавр техники и технологий",
     "Bachelor of Engineering and Technology"),
    ("6B07301", "SAC", "B074", "Өнеркәсіптік және азаматтық құрылыс",
     "Промышленное и гражданское строительство", "Civil Engineering", "Техника және технологиялар бакалавры",
     "Бакалавр техники и технологий", "Bachelor of Engineering and Technology"),
]

OUTCOMES = [
    ("Кәсіби міндеттерді шешу үшін іргелі ғылымдар білімін қолданады",
     "Применяет знания фундаментальных наук для решения профессиональных задач",
     "Applies knowledge of the fundamental sciences to professional problems"),
    ("Инженерлік жүйелерді жобалайды және талдайды", "Проектирует и анализирует инженерные системы",
     "Designs and analyses engineering systems"),
    ("Заманауи цифрлық құралдар мен әдістерді пайдаланады",
     "Использует современные цифровые инструменты и методы", "Uses modern digital tools and methods"),
    ("Қазақ, орыс және ағылшын тілдерінде кәсіби қарым-қатынас жасайды",
     "Осуществляет профессиональную коммуникацию на казахском, русском и английском языках",
     "Communicates professionally in Kazakh, Russian and English"),
    ("Командада жұмыс істейді және жобаларды басқарады", "Работает в команде и управляет проектами",
     "Works in teams and manages projects"),
    ("Өнеркәсіптік қауіпсіздік пен экология талаптарын сақтайды",
     "Соблюдает требования промышленной безопасности и экологии",
     "Observes industrial safety and environmental requirements"),
    ("Зерттеу жүргізеді және нәтижелерді түсіндіреді", "Проводит исследования и интерпретирует результаты",
     "Conducts research and interprets its results"),
    ("Академиялық адалдық пен кәсіби этика қағидаттарын ұстанады",
     "Следует принципам академической честности и профессиональной этики",
     "Follows academic integrity and professional ethics"),
    ("Өмір бойы оқуға және кәсіби дамуға қабілетті", "Способен к обучению в течение всей жизни",
     "Engages in lifelong learning and professional development"),
]

SURNAMES_M = ["Әлиев", "Жұмабаев", "Нұрланов", "Қасымов", "Төлеубаев", "Ғалымжанов", "Мұқанов", "Сәрсенов",
              "Бекенов", "Омаров", "Ермеков", "Серікбаев", "Дүйсенбаев", "Әбілқасымов", "Құдайбергенов",
              "Тоқтаров", "Шәкенов", "Үмбетов", "Іскаков", "Ахметов", "Байжанов", "Оспанов", "Смағұлов",
              "Иванов", "Петров", "Ким", "Шевченко"]
GIVEN_M = ["Нұрлан", "Дәурен", "Қанат", "Мағжан", "Ерлан", "Әділет", "Айдос", "Бауыржан", "Ғалым", "Төлеген",
           "Арман", "Ерасыл", "Нұрсұлтан", "Санжар", "Дамир", "Әлішер", "Іліяс", "Өркен", "Алексей",
           "Дмитрий"]
GIVEN_F = ["Әйгерім", "Гүлнар", "Ботагөз", "Ұлжан", "Іңкәр", "Әсел", "Аружан", "Жанерке", "Дана", "Мөлдір",
           "Айгүл", "Сәуле", "Назерке", "Томирис", "Балжан", "Гүлім", "Анна", "Мария"]
RUSSIAN_GIVEN = {"Алексей": "Алексеевич", "Дмитрий": "Дмитриевич", "Анна": "", "Мария": ""}


def _female(surname: str) -> str:
    if surname.endswith(("ов", "ев", "ин")):
        return surname + "а"
    if surname.endswith("ский"):
        return surname[:-4] + "ская"
    return surname


class _Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def person(self) -> tuple[str, bool]:
        female = self.rng.random() < 0.48
        surname = self.rng.choice(SURNAMES_M)
        given = self.rng.choice(GIVEN_F if female else GIVEN_M)
        father = self.rng.choice(GIVEN_M)
        if surname in ("Иванов", "Петров", "Ким", "Шевченко") or given in RUSSIAN_GIVEN:
            patronymic = {"Нұрлан": "Нурланович", "Ерлан": "Ерланович"}.get(father, "Сергеевич")
            patronymic = patronymic[:-2] + "на" if female else patronymic
            return f"{_female(surname) if female else surname} {given} {patronymic}".strip(), female
        patronymic = father + ("қызы" if female else "ұлы")
        return f"{_female(surname) if female else surname} {given} {patronymic}", female


def _academic_year_start(today: date) -> int:
    return today.year if today.month >= 8 else today.year - 1


def _periods(first_year: int, current_start: int, today: date) -> list[dict[str, Any]]:
    periods = []
    for year in range(first_year, current_start + 1):
        fall_start = date(year, 9, 1)
        fall_end = date(year, 12, 26)
        spring_start = date(year + 1, 1, 19)
        spring_end = date(year + 1, 6, 6)
        periods.append({"code": f"{year}-F", "kind": "semester", "academic_year": f"{year}-{year + 1}",
                        "starts": fall_start.isoformat(), "ends": fall_end.isoformat(),
                        "exam_session": {"starts": date(year, 12, 14).isoformat(),
                                         "ends": fall_end.isoformat()}})
        periods.append({"code": f"{year + 1}-S", "kind": "semester", "academic_year": f"{year}-{year + 1}",
                        "starts": spring_start.isoformat(), "ends": spring_end.isoformat(),
                        "exam_session": {"starts": date(year + 1, 5, 25).isoformat(),
                                         "ends": spring_end.isoformat()}})
    opens, closes = today - timedelta(days=7), today + timedelta(days=21)
    upcoming = next(p for p in periods if date.fromisoformat(p["starts"]) > today)
    upcoming["registration"] = {"opens": f"{opens.isoformat()}T09:00",
                                "closes": f"{closes.isoformat()}T18:00"}
    starts = date.fromisoformat(upcoming["starts"])
    upcoming["drop_off"] = {"opens": f"{starts.isoformat()}T09:00",
                            "closes": f"{(starts + timedelta(days=6)).isoformat()}T18:00"}
    return periods


def _bachelor_disciplines(program: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The program's disciplines and its curriculum items (8 semesters, about 30 credits each).

    Topics in parts (I, II) are prerequisite chains and fill the mandatory slots, every part I
    in an earlier semester than its part II; single-part topics are the elective alternatives.
    """
    prefix = program[-3:]
    disciplines: list[dict[str, Any]] = []
    firsts, seconds, singles = [], [], []
    for stem, kk, ru, en, parts in TOPICS[program]:
        previous = None
        for part in range(1, parts + 1):
            suffix = f" {'I' * part}" if parts > 1 else ""
            code = f"{stem}{prefix}{part}"
            required = ([previous] if previous else []) + CROSS_PREREQUISITES.get(code, [])
            disciplines.append({"code": code,
                                "name": {"kk": kk + suffix, "ru": ru + suffix, "en": en + suffix},
                                "credits": 5, **({"prerequisites": required} if required else {})})
            (singles if parts == 1 else firsts if part == 1 else seconds).append(code)
            previous = code
    # Course works and practices (GR-16), and the final attestation (CR-3: at least 8 credits).
    extra = [
        (f"CW{prefix}1", "Курстық жоба", "Курсовой проект", "Course Project", 3, "differentiated_credit",
         "coursework"),
        (f"EP{prefix}1", "Оқу практикасы", "Учебная практика", "Educational Practice", 2,
         "differentiated_credit", "practice"),
        (f"IP{prefix}1", "Өндірістік практика", "Производственная практика", "Industrial Practice", 4,
         "differentiated_credit", "practice"),
        (f"DP{prefix}1", "Диплом алдындағы практика", "Преддипломная практика", "Pre-Diploma Practice", 6,
         "differentiated_credit", "practice"),
        (f"FA{prefix}1", "Дипломдық жобаны жазу және қорғау", "Написание и защита дипломного проекта",
         "Writing and Defending the Diploma Project", 12, "final_attestation", "final_attestation"),
    ]
    for code, kk, ru, en, credits, control, kind in extra:
        disciplines.append({"code": code, "name": {"kk": kk, "ru": ru, "en": en}, "credits": credits,
                            "control": control, "kind": kind})
    for d in disciplines:  # the fourth topic's first part carries a course work (GR-2)
        if d["code"] == f"{TOPICS[program][3][0]}{prefix}1":
            d["has_coursework"] = True

    mandatory_slots = {1: 2, 2: 3, 3: 3, 4: 3, 5: 2, 6: 2, 7: 1}
    needed = sum(mandatory_slots.values())
    extra_mandatory = max(needed - len(firsts) - len(seconds), 0)
    mandatory = firsts + singles[:extra_mandatory] + seconds
    electives = singles[extra_mandatory:]
    items: list[dict[str, Any]] = [{"discipline": g[0], "semester": g[6], "component": "mandatory"}
                                   for g in GENERAL]
    for semester, count in mandatory_slots.items():
        for _ in range(count):
            if mandatory:
                items.append({"discipline": mandatory.pop(0), "semester": semester,
                              "component": "mandatory" if semester <= 2 else "university"})
        if semester >= 3 and len(electives) >= 2:
            for code in (electives.pop(0), electives.pop(0)):
                items.append({"discipline": code, "semester": semester, "component": "elective",
                              "elective_group": f"E{prefix}-{semester}1"})
    for code in mandatory + electives:  # anything left: further electives of the last year
        items.append({"discipline": code, "semester": 7, "component": "elective",
                      "elective_group": f"E{prefix}-7X"})
    items += [{"discipline": f"EP{prefix}1", "semester": 2, "component": "university"},
              {"discipline": f"CW{prefix}1", "semester": 5, "component": "university"},
              {"discipline": f"IP{prefix}1", "semester": 6, "component": "university"},
              {"discipline": f"DP{prefix}1", "semester": 8, "component": "university"},
              {"discipline": f"FA{prefix}1", "semester": 8, "component": "mandatory"}]
    _fill_semesters(prefix, disciplines, items)
    return disciplines, items


# Studio modules that make each semester of a bachelor curriculum 30 credits, so a graduate who
# completed the plan holds the program's 240 (CR-3: 8 semesters × 30).
MODULES = ("Кәсіби модуль", "Профессиональный модуль", "Professional Module")
SEMESTER_CREDITS = 30


def _fill_semesters(prefix: str, disciplines: list[dict[str, Any]], items: list[dict[str, Any]]) -> None:
    credits = {d["code"]: d["credits"] for d in disciplines} | {g[0]: g[4] for g in GENERAL}
    for semester in range(1, 9):
        here = [i for i in items if i["semester"] == semester]
        groups: dict[str, int] = {}
        for item in here:
            if item.get("elective_group"):
                groups[item["elective_group"]] = max(groups.get(item["elective_group"], 0),
                                                     credits[item["discipline"]])
        total = (sum(credits[i["discipline"]] for i in here if not i.get("elective_group"))
                 + sum(groups.values()))
        number = 0
        while total < SEMESTER_CREDITS:
            number += 1
            size = min(5, SEMESTER_CREDITS - total)
            code = f"PM{prefix}{semester}{number}"
            roman = "I" * number if number <= 3 else str(number)
            disciplines.append({"code": code, "name": {"kk": f"{MODULES[0]} {semester}.{roman}",
                                                       "ru": f"{MODULES[1]} {semester}.{roman}",
                                                       "en": f"{MODULES[2]} {semester}.{roman}"},
                                "credits": size})
            items.append({"discipline": code, "semester": semester,
                          "component": "mandatory" if semester <= 2 else "university"})
            total += size


def _graduate_programs() -> tuple[list[dict[str, Any]], list[dict[str, Any]],
                                  dict[str, list[dict[str, Any]]]]:
    programs = [
        {"code": "7M06101", "name": {"kk": "Информатика", "ru": "Информатика", "en": "Computer Science"},
         "level": "master_scientific", "school": "SDT", "group": "M094", "credits": 120,
         "languages": ["kk", "ru", "en"],
         "qualification": {"kk": "Техника ғылымдарының магистрі", "ru": "Магистр технических наук",
                           "en": "Master of Engineering Sciences"}},
        {"code": "7M07201", "name": {"kk": "Тау-кен ісі", "ru": "Горное дело", "en": "Mining Engineering"},
         "level": "master_profile", "school": "SEM", "group": "M105", "credits": 90,
         "languages": ["ru", "en"],
         "qualification": {"kk": "Техника және технологиялар магистрі", "ru": "Магистр техники и технологий",
                           "en": "Master of Engineering and Technology"}},
        {"code": "8D06101", "name": {"kk": "Информатика", "ru": "Информатика", "en": "Computer Science"},
         "level": "doctorate_phd", "school": "SDT", "group": "D094", "credits": 180,
         "languages": ["ru", "en"],
         "qualification": {"kk": "Философия докторы (PhD)", "ru": "Доктор философии (PhD)",
                           "en": "Doctor of Philosophy (PhD)"}},
    ]
    topics = {
        "7M06101": [("Ғылым тарихы мен философиясы", "История и философия науки",
                     "History and Philosophy of Science"),
                    ("Жоғары мектеп педагогикасы", "Педагогика высшей школы", "Higher Education Pedagogy"),
                    ("Терең оқыту", "Глубокое обучение", "Deep Learning"),
                    ("Үлестірілген жүйелер", "Распределённые системы", "Distributed Systems"),
                    ("Ғылыми зерттеу әдістері", "Методы научных исследований", "Research Methods"),
                    ("Деректерді өңдеудің озық әдістері", "Продвинутые методы обработки данных",
                     "Advanced Data Processing")],
        "7M07201": [("Менеджмент", "Менеджмент", "Management"),
                    ("Кен орындарын игерудің заманауи технологиялары",
                     "Современные технологии разработки месторождений",
                     "Modern Deposit Development Technologies"),
                    ("Тау-кен кәсіпорындарын жобалау", "Проектирование горных предприятий", "Mine Design"),
                    ("Тау-кен өндірісіндегі цифрлық технологиялар",
                     "Цифровые технологии в горном производстве", "Digital Technologies in Mining")],
        "8D06101": [("Ғылыми жазу", "Академическое письмо", "Academic Writing"),
                    ("Зерттеу әдістері", "Методы исследований", "Research Methods (Doctoral)"),
                    ("Интеллектуалды жүйелер", "Интеллектуальные системы", "Intelligent Systems")],
    }
    disciplines, curricula_items = [], {}
    for program, names in topics.items():
        items = []
        semesters = {"7M06101": 4, "7M07201": 3, "8D06101": 6}[program]
        for n, (kk, ru, en) in enumerate(names):
            code = f"M{program[-3:]}{n + 1:02d}" if program[0] == "7" else f"D{program[-3:]}{n + 1:02d}"
            disciplines.append({"code": code, "name": {"kk": kk, "ru": ru, "en": en}, "credits": 5})
            items.append({"discipline": code, "semester": 1 + n // 3,
                          "component": "university" if n % 3 else "mandatory"})
        research = f"R{program[0]}{program[-3:]}"
        disciplines.append({"code": research,
                            "name": {"kk": "Ғылыми-зерттеу жұмысы", "ru": "Научно-исследовательская работа",
                                     "en": "Research Work"},
                            "credits": 10, "control": "differentiated_credit", "kind": "research"})
        final = f"F{program[0]}{program[-3:]}"
        disciplines.append({"code": final,
                            "name": {"kk": "Диссертацияны рәсімдеу және қорғау",
                                     "ru": "Оформление и защита диссертации",
                                     "en": "Thesis Preparation and Defence"},
                            "credits": 12, "control": "final_attestation", "kind": "final_attestation"})
        items += [{"discipline": research, "semester": 2, "component": "university"},
                  {"discipline": final, "semester": semesters, "component": "mandatory"}]
        curricula_items[program] = items
    return programs, disciplines, curricula_items


def build_demo_university(*, today: date, seed: int = 2026, students: int = 600) -> dict[str, Any]:
    rng = random.Random(seed)
    names = _Names(rng)
    current = _academic_year_start(today)
    document: dict[str, Any] = {"format": "ektu-university/1", "timezone": "Asia/Almaty"}
    document["schools"] = [{"code": c, "name": {"kk": kk, "ru": ru, "en": en}} for c, kk, ru, en in SCHOOLS]

    disciplines: dict[str, dict[str, Any]] = {}
    for code, kk, ru, en, credits, control, _semester in GENERAL:
        disciplines[code] = {"code": code, "name": {"kk": kk, "ru": ru, "en": en}, "credits": credits,
                             "control": control}
    programs, curricula_items = [], {}
    for code, school, group, kk, ru, en, qkk, qru, qen in BACHELOR_PROGRAMS:
        programs.append({"code": code, "name": {"kk": kk, "ru": ru, "en": en}, "level": "bachelor",
                         "school": school, "group": group, "credits": 240,
                         "languages": ["kk", "ru"] if code != "6B06102" else ["kk", "ru", "en"],
                         "qualification": {"kk": qkk, "ru": qru, "en": qen},
                         "learning_outcomes": [{"kk": a, "ru": b, "en": c} for a, b, c in OUTCOMES]})
        own, items = _bachelor_disciplines(code)
        for d in own:
            disciplines[d["code"]] = d
        curricula_items[code] = items
    # A Minor (CR-4): software engineers may take Mining's GIS as an elective of their 6th semester.
    curricula_items["6B06102"].append({"discipline": "GIS2011", "semester": 6, "component": "elective",
                                       "elective_group": "E102-61", "minor_of": "6B07201"})
    graduate_programs, graduate_disciplines, graduate_items = _graduate_programs()
    programs += graduate_programs
    for d in graduate_disciplines:
        disciplines[d["code"]] = d
    curricula_items.update(graduate_items)
    document["programs"] = programs
    document["disciplines"] = list(disciplines.values())

    first_intake = current - 4
    periods = _periods(first_intake, current, today)
    # The university's own days off beyond the national holidays (CR-5).
    document["calendar"] = {"holidays": [f"{current}-11-27", f"{current + 1}-04-30"], "periods": periods}

    # --- staff ---
    people: list[dict[str, Any]] = []

    def staff(username: str, roles: list[str], school: str | None = None) -> str:
        full_name, _ = names.person()
        person = {"username": username, "full_name": full_name, "email": f"{username}@ektu.kz",
                  "roles": roles, "password": DEMO_PASSWORD}
        if school:
            person["school"] = school
        people.append(person)
        return username

    instructors: dict[str, list[str]] = {}
    advisers: dict[str, list[str]] = {}
    for school, *_ in SCHOOLS:
        key = school.lower()
        staff(f"dean.{key}", ["dean"], school)
        staff(f"deputy.{key}", ["deputy_dean"], school)
        advisers[school] = [staff(f"adv.{key}{n}", ["adviser", "instructor"], school) for n in range(1, 4)]
        instructors[school] = advisers[school] + [staff(f"inst.{key}{n}", ["instructor"], school)
                                                  for n in range(1, 11)]
    staff("registrar", ["registrar"])
    for n in range(1, 4):
        staff(f"appeals{n}", ["appeals_commission"])
    for n in range(1, 3):
        staff(f"qa{n}", ["qa_commission"])
    staff("admissions", ["admissions"])
    staff("mobility", ["mobility_coordinator"])
    staff("attestation", ["attestation_secretary"])
    staff("vicerector", ["vice_rector"])
    staff("admin", ["admin"])

    # --- curricula: one per program and intake year that has students ---
    school_of = {p["code"]: p["school"] for p in programs}
    semesters_of = {"bachelor": 8, "master_scientific": 4, "master_profile": 3, "doctorate_phd": 6}
    level_of = {p["code"]: p["level"] for p in programs}
    cohorts: list[tuple[str, int, int, str]] = []  # (program, intake, count, status)
    bachelor_share = int(students * 0.86)
    per_cohort = max(bachelor_share // (len(BACHELOR_PROGRAMS) * 4), 1)
    for program, *_ in BACHELOR_PROGRAMS:
        for year in range(4):
            cohorts.append((program, current - year, per_cohort, "active"))
    rest = students - per_cohort * len(BACHELOR_PROGRAMS) * 4
    master_each = max(rest * 35 // 100, 1)
    cohorts += [("7M06101", current, master_each // 2, "active"),
                ("7M06101", current - 1, master_each - master_each // 2, "active"),
                ("7M07201", current, master_each, "active")]
    cohorts += [("8D06101", current - n, max((rest - 2 * master_each) // 3, 0), "active") for n in range(3)]
    assigned = sum(c[2] for c in cohorts)
    if assigned < students:  # rounding: the first cohort takes the rest
        program, intake, count, status = cohorts[0]
        cohorts[0] = (program, intake, count + students - assigned, status)
    cohorts.append(("6B06102", current - 4, 40, "graduated"))
    document["curricula"] = [{"program": p, "intake_year": y, "items": curricula_items[p]}
                             for p, y in sorted({(c[0], c[1]) for c in cohorts})]

    # --- students, their sections and results ---
    prerequisites = {code: d.get("prerequisites", []) for code, d in disciplines.items()}
    has_post = {p for ps in prerequisites.values() for p in ps}
    taking: dict[tuple[str, str], list[str]] = {}   # (period, discipline) → usernames, in order
    results: list[dict[str, Any]] = []
    serial: dict[int, int] = {}
    period_codes = [p["code"] for p in periods]
    current_period = next(p["code"] for p in periods if date.fromisoformat(p["starts"]) <= today
                          <= date.fromisoformat(p["ends"])) if any(
        date.fromisoformat(p["starts"]) <= today <= date.fromisoformat(p["ends"]) for p in periods) else None
    upcoming_code = next(p["code"] for p in periods if "registration" in p)
    graduates = 0
    for program, intake, count, status in cohorts:
        semesters = semesters_of[level_of[program]]
        items = curricula_items[program]
        for _ in range(count):
            serial[intake] = serial.get(intake, 0) + 1
            username = f"s{intake % 100:02d}{serial[intake]:03d}" if serial[intake] < 1000 else \
                f"s{intake % 100:02d}{serial[intake]:04d}"
            full_name, female = names.person()
            age = {"bachelor": 18, "master_scientific": 22, "master_profile": 22,
                   "doctorate_phd": 25}[level_of[program]]
            born = date(intake - age, rng.randint(1, 12), rng.randint(1, 28))
            century_sex = (6 if female else 5) if born.year >= 2000 else (4 if female else 3)
            iin = f"{born:%y%m%d}{century_sex}{rng.randint(0, 99999):05d}"
            level = level_of[program]
            funding = rng.choices(["state_grant", "paid", "local_grant"]
                                  + (["targeted"] if level != "bachelor" else []),
                                  weights=[60, 30, 8] + ([10] if level != "bachelor" else []))[0]
            student = {"program": program, "intake_year": intake, "course_year": min(current - intake + 1, 4),
                       "funding": funding, "adviser": rng.choice(advisers[school_of[program]]),
                       "birth_date": born.isoformat(), "iin": iin,
                       "status": (status if status == "graduated"
                                  else rng.choices(["active", "academic_leave"], weights=[97, 3])[0])}
            if status == "graduated":
                # Contract §1: a graduate holds the diploma the national platform numbered (ЖБ-Б and
                # seven digits), awarded when the last semester of the plan ended.
                last = periods[min((intake - first_intake) * 2 + semesters - 1, len(periods) - 1)]
                graduates += 1
                student.update(diploma_number=f"ЖБ-Б {1_200_000 + graduates:07d}", graduated_on=last["ends"])
            person = {"username": username, "full_name": full_name, "email": f"{username}@edu.ektu.kz",
                      "roles": ["student"], "password": DEMO_PASSWORD, "student": student}
            if rng.random() < 0.8:
                person["full_name_latin"] = kazakh_to_latin(full_name)
            people.append(person)
            ability = rng.gauss(74, 9)
            chosen: dict[str, str] = {}
            for item in items:  # one alternative of each elective group
                group = item.get("elective_group")
                if group and group not in chosen:
                    options = [i["discipline"] for i in items if i.get("elective_group") == group]
                    chosen[group] = rng.choice(options)
            passed: set[str] = set()
            for semester in range(1, semesters + 1):
                period_index = (intake - first_intake) * 2 + semester - 1
                if period_index >= len(period_codes):
                    break
                period = period_codes[period_index]
                if period == upcoming_code:
                    break
                in_progress = period == current_period
                for item in items:
                    if item["semester"] != semester:
                        continue
                    code = item["discipline"]
                    if item.get("elective_group") and chosen[item["elective_group"]] != code:
                        continue
                    if any(p not in passed for p in prerequisites.get(code, [])):
                        continue
                    taking.setdefault((period, code), []).append(username)
                    r1 = max(0, min(100, round(rng.gauss(ability, 8))))
                    if in_progress:
                        results.append({"student": username, "discipline": code, "period": period, "r1": r1})
                        continue
                    r2 = max(0, min(100, round(rng.gauss(ability, 8))))
                    exam = max(0, min(100, round(rng.gauss(ability - 4, 14))))
                    result: dict[str, Any] = {"student": username, "discipline": code, "period": period,
                                              "r1": r1, "r2": r2, "exam": exam}
                    final = (6 * (r1 + r2) / 2 + 4 * exam) / 10
                    if code in has_post or status == "graduated":
                        # keep chains passable: a discipline others build on is passed here
                        if (r1 + r2) / 2 < 50 or final < 50:
                            result.update(r1=max(r1, 60), r2=max(r2, 60), exam=max(exam, 60))
                    elif rng.random() < 0.01:
                        result["outcome"] = "no_show"
                    results.append(result)
                    if result.get("outcome") is None and (result["r1"] + result["r2"]) / 2 >= 50 and \
                            (6 * (result["r1"] + result["r2"]) / 2 + 4 * result["exam"]) / 10 >= 50:
                        passed.add(code)

    document["people"] = people
    sections = []
    for (period, code), usernames in sorted(taking.items()):
        school = next((school_of[p] for p in curricula_items
                       if any(i["discipline"] == code for i in curricula_items[p])), "SDT")
        for n in range(0, len(usernames), 30):
            chunk = usernames[n:n + 30]
            sections.append({"code": f"{code}-{period.replace('-', '')}-{n // 30 + 1:02d}",
                             "discipline": code, "period": period,
                             "instructor": rng.choice(instructors[school]), "capacity": 30, "min_size": 10,
                             "language": rng.choice(["kk", "ru", "kk", "en"]), "enrolled": chunk})
    # The next period's offer: sections for every cohort's coming semester; registration is open.
    upcoming_index = period_codes.index(upcoming_code)
    offered: dict[str, int] = {}
    for program, intake, count, status in cohorts:
        if status != "active" or count == 0:
            continue
        semester = upcoming_index - (intake - first_intake) * 2 + 1
        for item in curricula_items[program]:
            if item["semester"] == semester:
                share = 0.6 if item.get("elective_group") else 1.0
                offered[item["discipline"]] = offered.get(item["discipline"], 0) + max(int(count * share), 5)
    for n, (code, demand) in enumerate(sorted(offered.items())):
        school = next((school_of[p] for p in curricula_items
                       if any(i["discipline"] == code for i in curricula_items[p])), "SDT")
        popular_and_small = n % 11 == 3  # a few electives with too few seats, to show wait lists
        for part in range(max(1, -(-demand // 30))):
            sections.append({"code": f"{code}-{upcoming_code.replace('-', '')}-{part + 1:02d}",
                             "discipline": code, "period": upcoming_code,
                             "instructor": rng.choice(instructors[school]),
                             "capacity": 8 if popular_and_small else 30,
                             "min_size": 4 if popular_and_small else 10,
                             "language": rng.choice(["kk", "ru", "en"])})
    document["sections"] = sections
    document["results"] = results
    return document
