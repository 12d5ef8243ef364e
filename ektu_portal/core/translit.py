"""Kazakh and Russian Cyrillic → Latin letters, as Kazakhstan's ID documents spell names.

The machine-readable spelling of passports and ID cards (ICAO Doc 9303 style, with the
Kazakh letters folded to their base letters): ә→A, ғ→G, қ→K, ң→N, ө→O, ұ→U, ү→U, һ→H,
і→I, ж→ZH, ш→SH, щ→SHCH, ч→CH, ц→TS, х→KH, ю→IU, я→IA, й→I, ы→Y; ъ and ь are dropped.

Used where a Latin spelling is needed and the holder's own passport spelling is not
recorded (the Diploma Supplement's fields 1.1/1.2). Capitalisation is kept: a capital that
becomes two or more Latin letters is written "Zh" inside a capitalised word and "ZH" inside
a word in capitals. Latin letters, digits and punctuation pass through unchanged.
"""

from __future__ import annotations

__all__ = ["kazakh_to_latin"]

_LETTERS: dict[str, str] = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n",
    "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u",
    "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "і": "i", "э": "e", "ю": "iu", "я": "ia",
    # Ukrainian and Belarusian letters that turn up in Kazakhstani names.
    "ї": "i", "є": "ie", "ў": "u",
}


def _in_capitals(text: str, i: int) -> bool:
    """Whether the capital at ``text[i]`` stands in a word written in capitals ("ЖҰМАБАЕВ").

    It does when the next letter is a capital, or when the letter before is a capital and no
    small letter follows ("…ЕВЩ" at a word's end). A lone capital ("Ж." of an initial, "Шәкен")
    is a capitalised word: its expansion is written "Zh".
    """
    after = text[i + 1] if i + 1 < len(text) else ""
    if after.isalpha():
        return after.isupper()
    before = text[i - 1] if i > 0 else ""
    return before.isalpha() and before.isupper()


def kazakh_to_latin(text: str) -> str:
    """Transliterate Kazakh/Russian Cyrillic in ``text`` to Latin, passport style.

    >>> kazakh_to_latin("Әлиев Нұрлан")
    'Aliev Nurlan'
    >>> kazakh_to_latin("ЖҰМАБАЕВ")
    'ZHUMABAEV'
    """
    out: list[str] = []
    for i, char in enumerate(text):
        lower = char.lower()
        latin = _LETTERS.get(lower)
        if latin is None:  # Latin, digits, spaces, hyphens, anything else
            out.append(char)
        elif char == lower or not latin:
            out.append(latin)
        elif len(latin) == 1 or _in_capitals(text, i):
            out.append(latin.upper())
        else:
            out.append(latin[0].upper() + latin[1:])
    return "".join(out)
