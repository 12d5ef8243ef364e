"""Kazakh and Russian Cyrillic → Latin letters, as Kazakhstan's ID documents spell names.

Used where a Latin spelling is needed and the holder's passport spelling is not recorded
(the Diploma Supplement's field 1.1/1.2). Latin input passes through unchanged.
"""

from __future__ import annotations

_LETTERS = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n", "ң": "n", "о": "o",
    "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "kh",
    "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}


def kazakh_to_latin(text: str) -> str:
    out = []
    for i, char in enumerate(text):
        lower = char.lower()
        latin = _LETTERS.get(lower)
        if latin is None:
            out.append(char)
            continue
        if char != lower and latin:
            # Capital: "Ж" → "Zh", or "ZH" inside an all-capitals word ("ЖҰМАБАЕВ" → "ZHUMABAEV").
            neighbours = text[max(i - 1, 0):i] + text[i + 1:i + 2]
            all_caps = neighbours.strip() and all(not c.isalpha() or c.isupper() for c in neighbours)
            latin = latin.upper() if all_caps else latin[0].upper() + latin[1:]
        out.append(latin)
    return "".join(out)
