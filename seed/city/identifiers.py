"""Identifiers (Art. 10): citizen ID numbers (RIC), passport numbers and unified social
credit codes (USCC), and the region codes they embed.

Each number is a bijection of the subject's index (shifted per seed by ``offset``), so
numbers are unique without a registry, and valid by its check digit.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from stdnum.cn import ric, uscc

from seed.city.dates import _BIRTH_DAYS, _BIRTH_FIRST, _BIRTH_LAST

_RIC_MULT = 2_654_435_761  # prime, larger than any RIC index space: a bijection mod it
_ORG_CODE_SPACE = 31**8
_ORG_MULT = 1_000_000_007  # prime, coprime to 31**8
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

# Region-code candidates; only those stdnum accepts for every birth year 1950-2007 are kept
# (stdnum.cn.ric checks the county existed in the birth year). The first group is the
# synthetic city's "home" districts, used for most persons and organizations.
_HOME_CANDIDATES = tuple(f"1201{d:02d}" for d in range(1, 14))
_OTHER_CANDIDATES = (
    "110101", "110102", "110105", "110106", "110108", "310101", "310104", "310105",
    "310107", "310110", "140121", "140122", "150121", "150122", "210122", "210224",
    "210321", "222401", "222402", "330122", "330127", "340121", "340221", "350121",
    "360121", "360122", "422822", "429001", "430121", "430122", "430221", "430321",
    "510121", "510122", "510321", "520201", "530121", "530122", "540121", "610322",
    "610323", "620121", "620122", "630121", "640121", "640122", "650121", "652201",
)  # fmt: skip


def _always_valid(code: str) -> bool:
    for year in range(_BIRTH_FIRST.year, _BIRTH_LAST.year + 1):
        body = f"{code}{year}0101001"
        try:
            ok = ric.is_valid(body + ric.calc_check_digit(body + "0"))
        except KeyError:  # stdnum 2.2 raises KeyError for region codes without a county
            ok = False
        if not ok:
            return False
    return True


@cache
def _regions() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(home, elsewhere) region codes that pass ``stdnum.cn.ric`` for every birth year."""
    home = tuple(c for c in _HOME_CANDIDATES if _always_valid(c))
    other = tuple(c for c in _OTHER_CANDIDATES if _always_valid(c))
    if not home and not other:
        raise RuntimeError("no candidate region code passes stdnum.cn.ric; update the list")
    return (home or other, other or home)


@cache
def _region_name(code: str) -> str:
    place = ric.get_birth_place(f"{code}19900101001")
    return place.get("province", "") + place.get("county", "")


def _gb11714_check(body: str) -> str:
    """Check character of the 9-character organization code inside a USCC (GB 11714)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c, 36) * w for c, w in zip(body, weights, strict=True))
    value = 11 - total % 11
    return "X" if value == 10 else "0" if value == 11 else str(value)


def _passport_number(i: int, offset: int) -> str:
    """Passport number of person ``i`` (the ~1 % without a citizen ID)."""
    return f"E{(i * 48_271 + offset) % 100_000_000:08d}"


def _ric_for(idx: int, regions: tuple[str, ...], offset: int) -> tuple[str, date, int, str]:
    """Bijective index -> (region, birth date, order code, RIC): unique RICs without a
    registry. ``idx`` counts the persons born in ``regions``."""
    space = _BIRTH_DAYS * len(regions) * 999
    k = (idx * _RIC_MULT + offset) % space
    order, k = k % 999 + 1, k // 999
    region, day = regions[k % len(regions)], k // len(regions)
    birth = _BIRTH_FIRST + timedelta(days=day)
    body = f"{region}{birth:%Y%m%d}{order:03d}"
    return region, birth, order, body + ric.calc_check_digit(body + "0")


def _uscc_for(j: int, offset: int, auth: str, cat: str, region: str) -> str:
    """USCC of organization ``j``: registration authority and category, region, a GB 11714
    organization code (a bijection of ``j``) and the check character."""
    code: list[str] = []
    value = (j * _ORG_MULT + offset) % _ORG_CODE_SPACE
    for _ in range(8):
        value, digit = divmod(value, 31)
        code.append(_USCC_ALPHABET[digit])
    org_code = "".join(code) + _gb11714_check("".join(code))
    body = f"{auth}{cat}{region}{org_code}"
    return body + uscc.calc_check_digit(body)
