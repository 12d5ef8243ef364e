import pytest

from ektu_portal.core.translit import kazakh_to_latin


@pytest.mark.parametrize(("cyrillic", "latin"), [
    ("Әлиев Нұрлан Серікұлы", "Aliev Nurlan Serikuly"),
    ("Жұмабаева Ұлжан", "Zhumabaeva Ulzhan"),
    ("Ғалымжанов Дәурен", "Galymzhanov Dauren"),
    ("Шәкәрім Құдайбердіұлы", "Shakarim Kudaiberdiuly"),
    ("Щербакова Юлия", "Shcherbakova Iuliia"),
    ("Хасенов Цой", "Khasenov Tsoi"),
    ("ЖҰМАБАЕВ", "ZHUMABAEV"),
    ("Aliyev Nurlan", "Aliyev Nurlan"),
    ("Өмірзақ-Һадиса", "Omirzak-Hadisa"),
])
def test_passport_spelling(cyrillic: str, latin: str) -> None:
    assert kazakh_to_latin(cyrillic) == latin
