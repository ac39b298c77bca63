"""Vietnam's administrative units since 1 July 2025: 34 provinces, 3,321 communes.

One source for every place a user picks (checkout addresses, a seller's commune, a
product's origin): the maintained ``vietnam-provinces`` package, never a hand copy.
Codes are the official numeric codes; names are the official Vietnamese names
("Xã Bản Liền", "Lào Cai").
"""

from dataclasses import dataclass
from functools import cache

from vietnam_provinces import Province, Ward

from shop.text import strip_diacritics


def fold(text: str) -> str:
    """A sort and match key: lower case, no tone marks."""
    return strip_diacritics(text).casefold().strip()


@dataclass(frozen=True)
class Place:
    """A province or a commune/ward: its official code and name."""

    code: int
    name: str


@cache
def provinces() -> tuple[Place, ...]:
    """The 34 provinces and centrally governed cities, sorted by name."""
    places = (Place(int(p.code), p.name) for p in Province.iter_all())
    return tuple(sorted(places, key=lambda place: fold(place.name)))


@cache
def _communes_by_province() -> dict[int, tuple[Place, ...]]:
    grouped: dict[int, list[Place]] = {}
    for ward in Ward.iter_all():
        grouped.setdefault(int(ward.province_code), []).append(
            Place(int(ward.code), ward.name)
        )
    return {
        code: tuple(sorted(wards, key=lambda place: fold(place.name)))
        for code, wards in grouped.items()
    }


def communes(province_code: int) -> tuple[Place, ...]:
    """The communes and wards of one province (empty for an unknown code)."""
    return _communes_by_province().get(int(province_code), ())


@cache
def province(code: int) -> Place | None:
    """The province with this code, or None."""
    return next((p for p in provinces() if p.code == int(code)), None)


@cache
def commune(code: int) -> Place | None:
    """The commune or ward with this code, or None."""
    try:
        ward = Ward.from_code(int(code))
    except ValueError:
        return None
    return Place(int(ward.code), ward.name)


def commune_province(code: int) -> Place | None:
    """The province a commune or ward belongs to, or None."""
    try:
        ward = Ward.from_code(int(code))
    except ValueError:
        return None
    return province(int(ward.province_code))


def _bare(name: str) -> str:
    return fold(name).removeprefix("tinh ").removeprefix("thanh pho ").strip()


def province_by_name(name: str) -> Place | None:
    """A province from its name as people type it, with or without tone marks or
    "Tỉnh"/"Thành phố" ("Hà Nội" finds "Thành phố Hà Nội")."""
    wanted = _bare(name)
    return next((p for p in provinces() if _bare(p.name) == wanted), None)
