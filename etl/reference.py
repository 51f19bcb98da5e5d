"""Official reference facts for any community: the KATOTTG list of hromadas and oblast names.

``data/reference/hromadas_katottg.csv`` lists every territorial community (see the README there).
A programme names its community in running text ("Іллінецької міської територіальної громади");
``find_community`` looks those words up in the list, the same way for every document.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from etl.errors import SourceError
from etl.mappings import read_csv

HROMADA_COLUMNS = ("katottg", "name_stem_uk", "oblast_uk", "raion_uk", "centre_uk", "centre_katottg", "settlements")
_KATOTTG_CODE = re.compile(r"^UA\d{17}$")
# The word after the stem says what kind of community it is, in any grammatical case.
_KINDS = {"міськ": "міська", "сільськ": "сільська", "селищн": "селищна"}
_NAMED = re.compile(r"(?<![\w-])(?P<stem>[А-ЯҐЄІЇ][\w’'-]*?)(?:а|ої|ій|у|ою)\s+(?P<kind>міськ|сільськ|селищн)\w*"
                    r"\s+(?:територіальн|рад|об)", re.IGNORECASE)


@dataclass(frozen=True)
class Hromada:
    katottg: str
    name_stem_uk: str  # "Іллінецька", as the codifier writes it
    oblast_uk: str
    raion_uk: str
    centre_uk: str
    centre_katottg: str
    settlements: int
    line: int


def load_hromadas(path: Path) -> list[Hromada]:
    """Every community of the codifier; a bad or repeated code stops with the file and line."""
    hromadas = []
    seen: dict[str, int] = {}
    for row in read_csv(path, HROMADA_COLUMNS):
        line = int(row["_line"])
        code = row["katottg"]
        if not _KATOTTG_CODE.match(code):
            raise SourceError(path, line, f"{code!r} is not a KATOTTG code (UA and 17 digits)")
        if code in seen:
            raise SourceError(path, line, f"KATOTTG code {code} is listed twice (first at line {seen[code]})")
        if not row["settlements"].isdigit():
            raise SourceError(path, line, f"settlements must be a whole number, not {row['settlements']!r}")
        seen[code] = line
        hromadas.append(Hromada(code, row["name_stem_uk"], row["oblast_uk"], row["raion_uk"], row["centre_uk"],
                                row["centre_katottg"], int(row["settlements"]), line))
    return hromadas


def load_oblast_names(path: Path) -> dict[str, str]:
    """oblast_uk as the codifier writes it ("Вінницька") -> its English name ("Vinnytsia Oblast")."""
    return {row["oblast_uk"]: row["oblast_en"] for row in read_csv(path, ("oblast_uk", "oblast_en"))}


@dataclass(frozen=True)
class Identified:
    hromada: Hromada
    kind: str  # міська, сільська or селищна
    mentions: int
    line: int  # the first line that names it

    @property
    def name_uk(self) -> str:
        return f"{self.hromada.name_stem_uk} {self.kind} територіальна громада"


def _stem_key(text: str) -> str:
    return text.lower().replace("'", "’")


def find_community(lines: list[str], hromadas: list[Hromada], path: str) -> Identified:
    """The community the document names most often; its oblast or raion decides between namesakes.

    A stem no codifier entry has, or namesakes the text cannot tell apart, is a SourceError: the
    person adding the document then gives ``--katottg``.
    """
    by_stem: dict[str, list[Hromada]] = {}
    for hromada in hromadas:
        by_stem.setdefault(_stem_key(hromada.name_stem_uk[:-1]), []).append(hromada)
    counts: Counter[tuple[str, str]] = Counter()
    first_line: dict[tuple[str, str], int] = {}
    for number, text in enumerate(lines, start=1):
        for match in _NAMED.finditer(text):
            stem = _stem_key(match["stem"])
            if stem in by_stem:
                key = (stem, _KINDS[match["kind"].lower()])
                counts[key] += 1
                first_line.setdefault(key, number)
    if not counts:
        raise SourceError(path, None, "no line names a territorial community of data/reference/hromadas_katottg.csv "
                                      "(such as «Іллінецької міської територіальної громади»); give --katottg")
    (stem, kind), mentions = counts.most_common(1)[0]
    candidates = by_stem[stem]
    if len(candidates) > 1:
        text = _stem_key(" ".join(lines))
        narrowed = [hromada for hromada in candidates
                    if _stem_key(hromada.oblast_uk[:-1]) + "ої обл" in text
                    or _stem_key(hromada.raion_uk[:-2]) + "ого район" in text]
        if len(narrowed) != 1:
            codes = ", ".join(hromada.katottg for hromada in candidates)
            raise SourceError(path, first_line[(stem, kind)],
                              f"{len(candidates)} communities share the name {candidates[0].name_stem_uk!r} "
                              f"({codes}) and the text names none of their oblasts or raions; give --katottg")
        candidates = narrowed
    return Identified(candidates[0], kind, mentions, first_line[(stem, kind)])


# Cabinet of Ministers Resolution No. 55 of 27.01.2010; the second value is used at a word's start.
_LETTERS: dict[str, str | tuple[str, str]] = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "y",
    "і": "i", "й": ("i", "y"), "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": ("iu", "yu"),
    "я": ("ia", "ya"), "є": ("ie", "ye"), "ї": ("i", "yi"), "’": "", "'": "",
}


def transliterate(text: str) -> str:
    """The national romanization of Ukrainian text ("Якушинці" -> "Yakushyntsi")."""
    out = []
    for index, char in enumerate(text):
        lower = char.lower()
        if lower not in _LETTERS:
            out.append(char)
            continue
        at_start = index == 0 or not text[index - 1].isalpha() and text[index - 1] not in "’'"
        letter = _LETTERS[lower]
        value: str = (letter[1] if at_start else letter[0]) if isinstance(letter, tuple) else letter
        # "зг" is written "zgh" so that it is not read as "zh".
        if lower == "г" and index and text[index - 1].lower() == "з":
            value = "gh"
        out.append(value.capitalize() if char.isupper() and value else value)
    return "".join(out)
