"""A deterministic synthetic city: persons, organizations, their dated roles and records.

Why it exists: the platform, its benchmarks and the audit sandbox need a city that looks
like the regulation's world (Art. 2, 9-20, 29-32) without one byte of real personal or
company data. Every identifier is generated, valid by its check digit, and derived from
the seed alone, so two runs give the same city and a failing test can be replayed.

How it stays small: nothing is materialised up front except the written consents and
the serious-dishonesty listings (both ~1 % of subjects). A person or an organization is
a pure function of ``(seed, index)``; roles are a pure function of the organization
index; records are regenerated per chunk of subjects from a per-chunk seeded
``random.Random``. ``City.batches()`` therefore streams a million-subject city in
bounded memory and yields identical batches every time it is iterated.

The catalog, providers and commitment items are read from ``seed/data/*.toml`` only to
pick codes, fields and providers; the authoritative catalog model lives elsewhere.
"""

from __future__ import annotations

import math
import random
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from faker import Faker
from stdnum.cn import ric, uscc

from core.submission import (
    CIRCUMSTANCES,
    BasisDocumentIn,
    Batch,
    ConsentIn,
    ListingIn,
    RecordIn,
    RoleIn,
    SubjectRef,
)

SIZES: dict[str, int] = {"small": 1_000, "default": 50_000, "large": 1_000_000}

_DATA = Path(__file__).parent / "data"

# Record dates: the platform's working window, plus a few before Art. 58's 2022-01-01.
_FIRST_DAY = date(2023, 1, 1)
_LAST_DAY = date(2026, 11, 1)
_OLD_FIRST = date(2018, 1, 1)
_OLD_LAST = date(2021, 12, 31)
_OLD_SHARE = 0.002
# Every batch says it was submitted on this day: the ingest's collection date (recordedAt,
# and the day a written consent must be valid on) is then the same on every run.
_SUBMITTED_AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
_CONSENT_FIRST = date(2021, 11, 10)  # consents last at most 5 years and cover _SUBMITTED_AT
_CONSENT_LAST = date(2025, 10, 31)
_BIRTH_FIRST = date(1950, 1, 1)
_BIRTH_LAST = date(2007, 12, 31)
_BIRTH_DAYS = (_BIRTH_LAST - _BIRTH_FIRST).days + 1
_REG_FIRST = date(1995, 1, 1)
_REG_LAST = date(2025, 12, 31)
_LAST_ROLE_START = date(2026, 6, 30)

_CHUNK = 2_000  # subjects regenerated together from one chunk seed
_CACHE_LIMIT = 100_000  # bounded memo of derived subjects
_NAME_POOL = 3_000

# Hash tags, so that each derived stream is independent of the others.
_T_PERSON, _T_ORG, _T_ROLES, _T_GROUP, _T_CONSENT = 1, 2, 3, 4, 5
_T_PCHUNK, _T_OCHUNK, _T_LISTING, _T_BASIC, _T_FAKER, _T_OFFSET = 6, 7, 8, 9, 10, 11

_MASK = (1 << 64) - 1
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

_ROLE_LR = "LEGAL_REPRESENTATIVE_OF"
_ROLE_PR = "PRINCIPAL_OF"
_ROLE_AC = "ACTUAL_CONTROLLER_OF"
_ROLE_DI = "DIRECTOR_OF"
_ROLE_SH = "SHAREHOLDER_OF"
_RESPONSIBLE_ROLES = (_ROLE_LR, _ROLE_PR, _ROLE_AC, _ROLE_DI)  # Art. 31

# Corporate groups: blocks of 8 consecutive organizations; position -> parent position.
# 0 -> 1 -> 2 -> 3 -> 4 is a five-level holding chain, 0 -> 1 -> 5 -> 7 a four-level one.
_GROUP_SIZE = 8
_GROUP_PARENT: tuple[int | None, ...] = (None, 0, 1, 2, 3, 1, 0, 5)
_GROUP_SHARE_PERCENT = 15

# (industry word, sector that regulates it, business scope)
_INDUSTRIES: tuple[tuple[str, str, str], ...] = (
    ("科技", "MARKET", "技术开发、技术咨询、技术服务；软件开发"),
    ("建筑工程", "HOUSING", "房屋建筑工程施工；市政公用工程施工"),
    ("装饰工程", "HOUSING", "建筑装饰装修工程设计与施工"),
    ("建材", "HOUSING", "建筑材料销售；水泥制品制造"),
    ("物流", "TRANSPORT", "道路货物运输（不含危险货物）；仓储服务"),
    ("汽车运输", "TRANSPORT", "道路旅客运输；汽车租赁"),
    ("餐饮管理", "MARKET", "餐饮服务；食品销售"),
    ("食品", "MARKET", "食品生产；食品销售"),
    ("商贸", "MARKET", "日用百货、五金交电销售"),
    ("医药", "HEALTH", "药品零售；医疗器械经营"),
    ("化工", "ECOLOGY", "化工产品生产（不含危险化学品）"),
    ("环保科技", "ECOLOGY", "污水处理及其再生利用；固体废物治理"),
    ("纺织", "ECOLOGY", "纺织品制造；印染"),
    ("机械制造", "EMERGENCY", "通用设备制造；金属加工机械制造"),
    ("矿业", "EMERGENCY", "建筑用石开采；非金属矿物制品制造"),
    ("房地产开发", "NATURAL_RESOURCES", "房地产开发经营"),
    ("物业管理", "HOUSING", "物业管理；停车场服务"),
    ("劳务", "HRSS", "劳务派遣服务；建筑劳务分包"),
    ("文化传媒", "MARKET", "广告设计、制作、代理；会议及展览服务"),
    ("农业开发", "NATURAL_RESOURCES", "农作物种植；农业技术推广服务"),
)
_SYLLABLES = "恒泰华瑞盛达通源宏嘉润博兴丰锦誉晟禾昊弘远川拓汇融德安和顺翔宇辰启骏"

# Art. 29 grounds of a local serious-dishonesty list, as reasons quote them.
_GROUNDS = {
    1: "严重危害人民群众身体健康和生命安全",
    2: "严重破坏市场公平竞争秩序和社会秩序",
    3: "有履行能力但是拒不履行、逃避执行法定义务，严重影响行政机关公信",
}
# (catalog code, sector, Art. 29 ground) a listing may rest on.
_LISTING_ANCHORS = (
    ("N-DIS-ADMIN-PENALTY", "MARKET", 2),
    ("N-DIS-ADMIN-PENALTY", "EMERGENCY", 1),
    ("N-DIS-ADMIN-PENALTY", "HEALTH", 1),
    ("N-DIS-COURT-DEBTOR", "COURT", 3),
    ("N-DIS-TAX-MAJOR", "TAX", 2),
    ("N-DIS-ECOLOGY", "ECOLOGY", 1),
    ("N-DIS-WAGE-ARREARS", "HRSS", 3),
)

_ABBR = {
    "CREDIT": "市发改", "MARKET": "市监", "TAX": "市税", "ECOLOGY": "市环",
    "HOUSING": "市建", "HRSS": "市人社", "PUBLIC_SECURITY": "市公", "CIVIL_AFFAIRS": "市民",
    "TRANSPORT": "市交", "HEALTH": "市卫", "EMERGENCY": "市应急", "NATURAL_RESOURCES": "市自然资源",
}  # fmt: skip
_VIOLATIONS = {
    "MARKET": ("销售不符合食品安全标准的食品", "对商品作虚假宣传", "未按规定公示年度报告信息"),
    "TAX": ("未按期申报纳税", "虚开增值税普通发票", "未按规定保管发票"),
    "ECOLOGY": ("超标排放水污染物", "建设项目未批先建", "危险废物贮存不规范"),
    "HOUSING": ("未取得施工许可证擅自施工", "违法分包工程", "未按规定办理竣工验收备案"),
    "HRSS": ("未按规定签订书面劳动合同", "违法延长劳动者工作时间", "未按规定办理社会保险登记"),
    "TRANSPORT": ("未取得道路运输经营许可从事经营", "车辆超限超载运输", "车辆未按规定审验"),
    "HEALTH": ("未取得医疗机构执业许可证执业", "使用非卫生技术人员从事诊疗活动"),
    "EMERGENCY": ("未按规定开展安全生产教育和培训", "安全设备未定期检测", "未制定应急预案"),
    "NATURAL_RESOURCES": ("未经批准占用土地", "擅自改变土地用途", "无证开采矿产资源"),
}
_LAWS = {
    "MARKET": "《中华人民共和国食品安全法》《中华人民共和国反不正当竞争法》相关条款",
    "TAX": "《中华人民共和国税收征收管理法》相关条款",
    "ECOLOGY": "《中华人民共和国水污染防治法》《中华人民共和国环境影响评价法》相关条款",
    "HOUSING": "《建设工程质量管理条例》相关条款",
    "HRSS": "《劳动保障监察条例》相关条款",
    "TRANSPORT": "《中华人民共和国道路运输条例》相关条款",
    "HEALTH": "《医疗机构管理条例》相关条款",
    "EMERGENCY": "《中华人民共和国安全生产法》相关条款",
    "NATURAL_RESOURCES": "《中华人民共和国土地管理法》相关条款",
}
_LICENCES = {
    "MARKET": "食品经营许可证",
    "ECOLOGY": "排污许可证",
    "HOUSING": "建筑工程施工许可证",
    "TRANSPORT": "道路运输经营许可证",
    "HEALTH": "医疗机构执业许可证",
    "EMERGENCY": "安全生产许可证",
    "NATURAL_RESOURCES": "建设用地规划许可证",
}
# String field values, looked up by "CODE.field", "SECTOR.field", "act.field", then field.
_TEXT: dict[str, tuple[str, ...]] = {
    "honourName": (
        "劳动模范",
        "三八红旗手",
        "守合同重信用单位",
        "安全生产先进单位",
        "见义勇为先进个人",
    ),
    "honourLevel": ("国家级", "省级", "市级", "区县级"),
    "volunteerOrganization": (
        "市青年志愿者协会（模拟）",
        "社区志愿服务队（模拟）",
        "市应急救援志愿服务队（模拟）",
    ),
    "starLevel": ("一星", "二星", "三星", "四星", "五星"),
    "donationKind": ("全血", "单采血小板"),
    "honourTitle": ("无偿献血奉献奖铜奖", "无偿献血奉献奖银奖", "无偿献血奉献奖金奖"),
    "recipient": (
        "助学项目（模拟）",
        "乡村振兴帮扶项目（模拟）",
        "社区养老服务项目（模拟）",
        "救灾救助项目（模拟）",
    ),
    "donationForm": ("资金", "物资"),
    "creditGrade": ("A",),
    "penaltyType": ("警告", "罚款", "没收违法所得、罚款", "责令停产停业", "暂扣许可证件"),
    "obligation": (
        "支付货款及利息",
        "返还借款本金及利息",
        "支付劳动报酬",
        "赔偿经济损失",
    ),
    "performance": ("全部未履行", "部分未履行"),
    "dishonestConduct": (
        "有履行能力而拒不履行生效法律文书确定义务",
        "以隐匿、转移财产等方法规避执行",
        "违反财产报告制度",
        "违反限制消费令",
    ),
    "caseType": ("偷税", "逃避追缴欠税", "虚开增值税专用发票", "骗取出口退税"),
    "pollutantType": ("废水", "废气", "固体废物", "噪声"),
    "facilityName": ("污水处理设施", "废气收集处理设施", "危险废物贮存间", "燃煤锅炉"),
    "projectName": (
        "城区道路改造工程（模拟）",
        "安置房建设项目（模拟）",
        "产业园标准厂房工程（模拟）",
    ),
    "actType": ("行政强制", "行政裁决"),
    "行政强制.measureTaken": (
        "查封场所、设施或者财物",
        "扣押财物",
        "强制拆除违法建筑物",
        "加处罚款",
    ),
    "行政强制.facts": ("拒不履行限期拆除决定", "拒不停止违法生产经营活动"),
    "行政裁决.measureTaken": ("裁决赔偿损失", "裁决停止侵害", "裁决确认权属"),
    "行政裁决.facts": ("拒不执行行政裁决确定的义务", "逾期不履行行政裁决"),
    "L-DIS-COMMITMENT.breach": ("虚假承诺", "不履行承诺"),
    "L-DIS-PRO-INTEGRITY.breach": ("出具虚假证明文件", "超出执业范围执业", "违反执业回避规定"),
    "matter": (
        "社会保险待遇申领",
        "企业变更登记",
        "建筑业企业资质申报",
        "社会救助申请",
        "出口退税申报",
    ),
    "falsehood": ("提供虚假材料", "隐瞒真实情况", "瞒报谎报信息"),
    "HEALTH.profession": ("执业医师", "执业护士"),
    "HOUSING.profession": ("注册建造师", "注册监理工程师", "房地产经纪人员"),
    "MARKET.profession": ("特种设备检验检测人员", "计量检定人员"),
    "MARKET.matter": ("企业变更登记", "年度报告公示"),
    "TAX.matter": ("出口退税申报", "增值税专用发票领用"),
    "HRSS.matter": ("社会保险待遇申领", "职业技能等级认定"),
    "HOUSING.matter": ("建筑业企业资质申报", "商品房预售许可申请"),
    "CIVIL_AFFAIRS.matter": ("社会救助申请", "社会组织年度检查"),
    "HRSS.obligation": ("支付劳动报酬", "支付经济补偿金", "补缴社会保险费"),
    "impact": ("造成不良社会影响", "引发集中投诉", "经媒体报道造成不良影响"),
    "obligationType": ("给付金钱",),
    "taxType": ("个人所得税", "房产税", "契税"),
    "incomeSource": ("工资薪金", "经营所得", "劳务报酬"),
    "memberGrade": ("会员单位", "理事单位", "常务理事单位", "副会长单位"),
    "selfDisciplineNote": ("无不良记录", "业内警告一次（已整改）", "获评行业诚信企业"),
    "ratingGrade": ("AAA", "AA", "A", "BBB", "BB", "B"),
    "methodology": ("企业信用评价通用方法（模拟）", "中小企业信用评级方法（模拟）"),
}
# (low, high, log-uniform?) for decimal fields
_DECIMALS: dict[str, tuple[float, float, bool]] = {
    "fineAmount": (500, 500_000, True),
    "evadedAmount": (100_000, 5_000_000, True),
    "arrearsAmount": (5_000, 2_000_000, True),
    "amountOwed": (3_000, 3_000_000, True),
    "donationAmount": (100, 200_000, True),
    "serviceHours": (4, 800, True),
    "onTimeRate": (0.6, 1.0, False),
    "monthlyIncome": (3_000, 60_000, True),
    "taxPaid": (300, 300_000, True),
    "totalFloorArea": (30, 400, False),
    "registeredCapital": (10_000, 100_000_000, True),
}
_INTS: dict[str, tuple[int, int]] = {
    "workersAffected": (3, 150),
    "arrearsMonths": (1, 24),
    "propertyCount": (1, 3),
    "overdueCount": (0, 8),
    "maxOverdueDays": (0, 120),
}
_YEAR_FIELDS = {"serviceYear": 0, "assessmentYear": -1, "taxYear": -1, "billingYear": -1}
_LATER_DATES = {"validUntil", "ratingValidUntil", "rectificationDeadline"}
_EARLIER_DATES = {"committedOn", "memberSince", "dueOn", "latestRegisteredOn"}

# Providers that are not a sector's general authority, and the only items they provide here:
# the catalog allows any public provider of the item's sector, the generator is narrower.
_SPECIALISTS: dict[str, tuple[str, ...]] = {
    "P-REDCROSS": ("N-POS-BLOOD",),  # Art. 12 (2) blood donation
    "P-VOLUNTEER": ("N-POS-VOLUNTEER",),  # Art. 12 (2) volunteering
    "P-CHARITY": ("N-POS-CHARITY",),  # Art. 12 (2) charity
    "P-REALTY-REG": ("L-OTHER-REAL-ESTATE",),  # Art. 20 (3) real estate, by law
}
# Weights when picking among the items of a kind (items not named here weigh 1).
_WEIGHTS = {
    "N-DIS-ADMIN-PENALTY": 6, "N-DIS-COURT-DEBTOR": 3, "N-POS-VOLUNTEER": 4, "N-POS-BLOOD": 3,
    "N-POS-CHARITY": 2, "N-OTHER-LICENCE": 4, "L-OTHER-COMMITMENT": 2, "N-POS-TAX-A": 3,
}  # fmt: skip


# --------------------------------------------------------------------------- reference


@dataclass(frozen=True)
class _Field:
    name: str
    label: str
    type: str
    required: bool


@dataclass(frozen=True)
class _Item:
    code: str
    version: int
    family: str
    kind: str
    art15: int | None
    subject_types: frozenset[str]
    provider_sectors: tuple[str, ...]
    provider_kinds: tuple[str, ...]
    fields: tuple[_Field, ...]


@dataclass(frozen=True)
class _Provider:
    id: str
    name: str
    family: str
    kind: str
    sector: str


@dataclass(frozen=True)
class _Commitment:
    code: str
    matter: str
    sector: str


@dataclass(frozen=True)
class _Reference:
    """What the generator needs from ``seed/data``: items per version, who may submit them."""

    items: dict[tuple[str, int], _Item]
    eligible: dict[tuple[str, int], tuple[_Provider, ...]]
    providers: dict[str, _Provider]
    authorities: dict[str, str]
    commitments: tuple[_Commitment, ...]

    def pool(self, kind: str, subject_type: str, version: int) -> tuple[_Item, ...]:
        """Public items of a kind a subject type can have under a catalog version."""
        return tuple(
            item
            for (_, v), item in self.items.items()
            if v == version
            and item.family == "PUBLIC"
            and item.kind == kind
            and subject_type in item.subject_types
            and self.eligible[(item.code, v)]
        )


def _read(name: str) -> dict[str, Any]:
    with (_DATA / name).open("rb") as fh:
        return tomllib.load(fh)


def _eligible(item: _Item, providers: Iterable[_Provider]) -> tuple[_Provider, ...]:
    """Providers the generator uses for an item: those the catalog allows (Art. 18, 19),
    specialised bodies (people's organizations, the registration centre) only for the
    info they actually hold."""
    if item.family == "MARKET":
        return tuple(p for p in providers if p.family == "MARKET" and p.kind in item.provider_kinds)
    return tuple(
        p
        for p in providers
        if p.family == "PUBLIC"
        and p.sector in item.provider_sectors
        and (p.kind != "PEOPLES_ORG" or p.id in _SPECIALISTS)
        and item.code in _SPECIALISTS.get(p.id, (item.code,))
    )


@cache
def _reference() -> _Reference:
    providers = {
        str(p["id"]): _Provider(
            str(p["id"]), str(p["name"]), str(p["family"]), str(p["kind"]), str(p["sector"])
        )
        for p in _read("providers.toml")["provider"]
    }
    items: dict[tuple[str, int], _Item] = {}
    for raw in _read("catalog.toml")["item"]:
        fields = tuple(
            _Field(str(f["name"]), str(f["label"]), str(f["type"]), bool(f["required"]))
            for f in raw["fields"]
        )
        for version in raw["versions"]:
            art15 = raw.get("art15_category")
            items[(str(raw["code"]), int(version))] = _Item(
                code=str(raw["code"]),
                version=int(version),
                family=str(raw["family"]),
                kind=str(raw["kind"]),
                art15=None if art15 is None else int(art15),
                subject_types=frozenset(str(s) for s in raw["subject_types"]),
                provider_sectors=tuple(str(s) for s in raw["provider_sectors"]),
                provider_kinds=tuple(str(s) for s in raw["provider_kinds"]),
                fields=fields,
            )
    return _Reference(
        items=items,
        eligible={key: _eligible(item, providers.values()) for key, item in items.items()},
        providers=providers,
        authorities={str(s["code"]): str(s["authority"]) for s in _read("sectors.toml")["sector"]},
        commitments=tuple(
            _Commitment(str(c["code"]), str(c["matter"]), str(c["sector"]))
            for c in _read("commitments.toml")["item"]
        ),
    )


# --------------------------------------------------------------------------- helpers


def _mix(*parts: int) -> int:
    """SplitMix64 over the parts: a cheap, stable per-index hash (``hash()`` is salted)."""
    h = 0x243F6A8885A308D3
    for part in parts:
        h = (h ^ (part & _MASK)) + 0x9E3779B97F4A7C15 & _MASK
        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9 & _MASK
        h = (h ^ (h >> 27)) * 0x94D049BB133111EB & _MASK
        h ^= h >> 31
    return h


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _between(rng: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=rng.randrange(max((hi - lo).days, 0) + 1))


def _version(d: date) -> int:
    """Catalog version a record dated ``d`` is collected under (Art. 14); the 2025 version
    is the oldest one, so earlier dates use it too."""
    return 2026 if d.year >= 2026 else 2025


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


# --------------------------------------------------------------------------- subjects


@dataclass(frozen=True)
class _Person:
    index: int
    ref: SubjectRef
    birth: date
    gender: str
    region: str | None


@dataclass(frozen=True)
class _Org:
    index: int
    ref: SubjectRef
    registered_on: date
    authority: str  # first USCC character (registration authority)
    org_kind: str  # Chinese organization type
    industry: int
    region: str
    group_position: int | None

    @property
    def is_company(self) -> bool:
        """A market-registered company that can have shareholders and own others."""
        return self.authority == "9" and self.org_kind in ("有限责任公司", "股份有限公司")


@dataclass
class _Sequence:
    """Per-chunk counters: document serial numbers unique across the city, and the
    running count of dishonesty records."""

    family: int  # 1 persons, 2 organizations (3 is used by listing anchors)
    chunk: int
    n: int = 0
    dishonest: int = 0

    def serial(self) -> str:
        return f"{self.family}{self.chunk:05d}{self.n:05d}"


class _World:
    """Everything derivable from ``(seed, n_persons, n_orgs)``, computed on demand."""

    def __init__(self, n_persons: int, n_orgs: int, seed: int) -> None:
        self.seed = seed
        self.n_persons = n_persons
        self.n_orgs = n_orgs
        self.offset = _mix(seed, _T_OFFSET)  # shifts the identifier bijections per seed
        self.ref = _reference()
        self.home, self.other = _regions()
        self.entrepreneurs = max(1, n_persons // 20)
        fake = Faker("zh_CN")
        fake.seed_instance(_mix(seed, _T_FAKER))
        self.names = tuple(fake.name() for _ in range(_NAME_POOL))
        brands = dict.fromkeys(
            fake.company_prefix().removesuffix("国际公司").removesuffix("公司") for _ in range(400)
        )
        self.brands = tuple(b for b in brands if b)
        self.streets = tuple(dict.fromkeys(fake.street_name() for _ in range(300)))
        self.csa = next(p.id for p in self.ref.providers.values() if p.kind == "CREDIT_SERVICE")
        self._persons: dict[int, _Person] = {}
        self._orgs: dict[int, _Org] = {}
        self._pools: dict[tuple[str, str, int], tuple[_Item, ...]] = {}

    # -- persons (Art. 10: citizen ID number, or another valid ID document)

    def person(self, i: int) -> _Person:
        found = self._persons.get(i)
        if found is None:
            if len(self._persons) >= _CACHE_LIMIT:
                self._persons.clear()
            found = self._persons[i] = self._make_person(i)
        return found

    def _make_person(self, i: int) -> _Person:
        h = _mix(self.seed, _T_PERSON, i)
        name = self.names[(h >> 32) % len(self.names)]
        if h % 100 == 0:  # ~1 %: no citizen ID, a passport instead
            number = f"E{(i * 48_271 + self.offset) % 100_000_000:08d}"
            birth = _BIRTH_FIRST + timedelta(days=(h >> 8) % _BIRTH_DAYS)
            gender = "男" if (h >> 40) & 1 else "女"
            return _Person(i, SubjectRef("PASSPORT", number, name), birth, gender, None)
        # Bijective index -> (region, birth date, order code): unique RICs without a registry.
        if i % 5:
            regions, idx = self.home, (i // 5) * 4 + i % 5 - 1
        else:
            regions, idx = self.other, i // 5
        space = _BIRTH_DAYS * len(regions) * 999
        k = (idx * _RIC_MULT + self.offset) % space
        order, k = k % 999 + 1, k // 999
        region, day = regions[k % len(regions)], k // len(regions)
        birth = _BIRTH_FIRST + timedelta(days=day)
        body = f"{region}{birth:%Y%m%d}{order:03d}"
        number = body + ric.calc_check_digit(body + "0")
        gender = "男" if order % 2 else "女"
        return _Person(i, SubjectRef("RIC", number, name), birth, gender, region)

    # -- organizations (Art. 2, 10: legal persons and unincorporated organizations, USCC)

    def org(self, j: int) -> _Org:
        found = self._orgs.get(j)
        if found is None:
            if len(self._orgs) >= _CACHE_LIMIT:
                self._orgs.clear()
            found = self._orgs[j] = self._make_org(j)
        return found

    def group_position(self, j: int) -> int | None:
        block = j // _GROUP_SIZE
        if (block + 1) * _GROUP_SIZE > self.n_orgs:
            return None
        if _mix(self.seed, _T_GROUP, block) % 100 >= _GROUP_SHARE_PERCENT:
            return None
        return j % _GROUP_SIZE

    def is_listed(self, j: int) -> bool:
        """About 1 % of organizations are on the serious-dishonesty list (Art. 29)."""
        return j % 100 == self.seed % 100

    def _make_org(self, j: int) -> _Org:
        h = _mix(self.seed, _T_ORG, j)
        pos = self.group_position(j)
        industry = (h >> 20) % len(_INDUSTRIES)
        brand = self.brands[(h >> 28) % len(self.brands)]
        word = _SYLLABLES[(h >> 36) % len(_SYLLABLES)] + _SYLLABLES[(h >> 44) % len(_SYLLABLES)]
        trade = _INDUSTRIES[industry][0]
        kind = "LEGAL_PERSON"
        if pos is not None:
            block = j // _GROUP_SIZE
            gh = _mix(self.seed, _T_GROUP, block, 1)
            industry = gh % len(_INDUSTRIES)
            trade = _INDUSTRIES[industry][0]
            brand = self.brands[(gh >> 16) % len(self.brands)]
            top_reg = _REG_FIRST + timedelta(days=(gh >> 24) % 5_500)
            registered = top_reg + timedelta(days=pos * 400 + (h >> 8) % 300)
            auth, cat, org_kind = "9", "1", "有限责任公司"
            name = f"{brand}{trade}集团有限公司" if pos == 0 else f"{brand}{word}{trade}有限公司"
        else:
            last = date(2021, 12, 31) if self.is_listed(j) else _REG_LAST
            registered = _REG_FIRST + timedelta(days=(h >> 8) % ((last - _REG_FIRST).days + 1))
            roll, sub = h % 1000, (h >> 52) % 100
            if roll < 850:
                auth = "9"
                if sub < 5:
                    cat, org_kind, name = "3", "农民专业合作社", f"{brand}{word}种植专业合作社"
                elif sub < 17:
                    cat, kind = "1", "UNINCORPORATED"
                    if sub < 12:
                        org_kind, name = "合伙企业", f"{brand}{word}{trade}合伙企业（有限合伙）"
                    else:
                        org_kind, name = "个人独资企业", f"{brand}{word}{trade}经营部"
                elif sub < 27:
                    cat, org_kind, name = "1", "股份有限公司", f"{brand}{word}{trade}股份有限公司"
                else:
                    cat, org_kind, name = "1", "有限责任公司", f"{brand}{word}{trade}有限公司"
            elif roll < 950:
                auth, cat = "5", "123"[sub % 3]
                org_kind, suffix = {
                    "1": ("社会团体", f"{trade}促进会"),
                    "2": ("民办非企业单位", "社会工作服务中心"),
                    "3": ("基金会", "公益基金会"),
                }[cat]
                name = f"{brand}{word}{suffix}"
            elif roll < 980:
                auth, cat, org_kind, name = "N", "2", "农村集体经济组织", f"{word}村股份经济合作社"
            elif roll < 995:
                auth, cat, kind = "Y", "1", "UNINCORPORATED"
                org_kind, name = "其他组织", f"{brand}{word}服务站"
            else:
                auth, cat, org_kind, name = "A", "1", "其他法人", f"{brand}{word}服务保障中心"
        region = (
            self.home[(h >> 12) % len(self.home)]
            if (h >> 4) % 10
            else self.other[(h >> 12) % len(self.other)]
        )
        code: list[str] = []
        value = (j * _ORG_MULT + self.offset) % _ORG_CODE_SPACE
        for _ in range(8):
            value, digit = divmod(value, 31)
            code.append(_USCC_ALPHABET[digit])
        org_code = "".join(code) + _gb11714_check("".join(code))
        body = f"{auth}{cat}{region}{org_code}"
        number = body + uscc.calc_check_digit(body)
        ref = SubjectRef("USCC", number, f"{name}（模拟）", kind)
        return _Org(j, ref, registered, auth, org_kind, industry, region, pos)

    # -- roles (Art. 31: dated, so that whoever held a role *then* can be found)

    def _pick_holder(self, rng: random.Random, start: date, used: set[int]) -> _Person:
        """A person adult (18+) before ``start``, not already used in this organization."""
        for _ in range(64):
            # A fifth of the picks come from a few "serial entrepreneurs" (5 % of persons),
            # the rest from everyone: most people hold one role, some hold many.
            i = rng.randrange(self.entrepreneurs if rng.random() < 0.2 else self.n_persons)
            if i not in used and self.person(i).birth.year + 18 < start.year:
                used.add(i)
                return self.person(i)
        for i in range(self.n_persons):  # tiny cities only
            if i not in used and self.person(i).birth.year + 18 < start.year:
                used.add(i)
                return self.person(i)
        return self.person(rng.randrange(self.n_persons))  # degenerate city: no adult left

    def _group_people(self, j: int) -> list[_Person]:
        """Owner, co-owner and a shared director of a corporate group: the same for all its
        members, which is what makes people hold roles across a holding chain."""
        block = j // _GROUP_SIZE
        rng = random.Random(_mix(self.seed, _T_GROUP, block, 2))
        top = self.org(block * _GROUP_SIZE).registered_on
        used: set[int] = set()
        return [self._pick_holder(rng, top, used) for _ in range(3)]

    def roles(self, j: int) -> list[RoleIn]:
        """All dated roles in org ``j``: legal representative (first), principal,
        directors, shareholders, actual controller. Regenerated identically on each call."""
        org = self.org(j)
        rng = random.Random(_mix(self.seed, _T_ROLES, j))
        reg = org.registered_on
        out: list[RoleIn] = []
        used: set[int] = set()

        def add(
            holder: SubjectRef,
            role: str,
            start: date,
            end: date | None = None,
            share: float | None = None,
        ) -> None:
            out.append(RoleIn(f"ROLE/O{j}/{len(out)}", holder, org.ref, role, start, end, share))

        group = self._group_people(j) if org.group_position is not None else []
        used.update(p.index for p in group)
        reps = self._legal_representatives(j, rng, used)
        for person, start, end in reps:
            add(person.ref, _ROLE_LR, start, end)

        # Principal: usually the legal representative, otherwise a manager of its own.
        if rng.random() < 0.7:
            for person, start, end in reps:
                add(person.ref, _ROLE_PR, start, end)
        else:
            add(self._pick_holder(rng, reg, used).ref, _ROLE_PR, reg)

        # Directors: 1-3 for most legal persons; some left the board.
        if org.ref.kind == "LEGAL_PERSON" and org.authority in "95":
            n = rng.choices((0, 1, 2, 3), weights=(1, 4, 4, 2))[0]
            directors = [self._pick_holder(rng, reg, used) for _ in range(n)]
            if group:
                directors.append(group[2])
            for person in directors:
                start = min(reg + timedelta(days=rng.randrange(1_000)), _LAST_ROLE_START)
                end = start + timedelta(days=rng.randrange(365, 2_500))
                add(
                    person.ref,
                    _ROLE_DI,
                    start,
                    end if rng.random() < 0.2 and end < _LAST_DAY else None,
                )

        # Shareholders (persons and organizations), shares summing to at most 1.
        holders: list[tuple[SubjectRef, int, date]] = []  # holder, basis points, start
        if org.group_position is not None:
            parent = _GROUP_PARENT[org.group_position]
            if parent is None:
                bp = rng.randrange(60, 101) * 100
                holders.append((group[0].ref, bp, reg))
                if bp < 10_000:
                    holders.append((group[1].ref, 10_000 - bp, reg))
            else:
                owner = self.org((j // _GROUP_SIZE) * _GROUP_SIZE + parent)
                bp = rng.randrange(51, 101) * 100
                holders.append((owner.ref, bp, reg))
                if bp < 10_000:
                    holders.append((self._pick_holder(rng, reg, used).ref, 10_000 - bp, reg))
        elif org.authority == "9":
            n = rng.choices((1, 2, 3, 4), weights=(3, 4, 2, 1))[0]
            cuts = sorted(rng.sample(range(1, 100), n - 1))
            parts = [(b - a) * 100 for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
            for k, bp in enumerate(parts):
                owner_org = self._owner_org(rng, j) if k == 0 and rng.random() < 0.12 else None
                holder = owner_org.ref if owner_org else self._pick_holder(rng, reg, used).ref
                holders.append((holder, bp, reg))
        shares = _shares([bp for _, bp, _ in holders])
        sale = rng.random() < 0.1 and bool(holders) and holders[-1][0].id_type != "USCC"
        for k, ((holder, _, start), share) in enumerate(zip(holders, shares, strict=True)):
            if sale and k == len(holders) - 1 and reg + timedelta(days=400) < _LAST_ROLE_START:
                sold = _between(rng, reg + timedelta(days=400), _LAST_ROLE_START)
                add(holder, _ROLE_SH, start, sold, share)
                add(self._pick_holder(rng, sold, used).ref, _ROLE_SH, sold, None, share)
            else:
                add(holder, _ROLE_SH, start, None, share)

        # Actual controller: a group's owner, or for some companies the largest person holder.
        if group:
            add(group[0].ref, _ROLE_AC, reg)
        elif rng.random() < 0.3:
            people = [(bp, h) for h, bp, _ in holders if h.id_type != "USCC"]
            controller = (
                max(people, key=lambda t: t[0])[1]
                if people
                else self._pick_holder(rng, reg, used).ref
            )
            add(controller, _ROLE_AC, reg)
        return out

    def _legal_representatives(
        self, j: int, rng: random.Random, used: set[int]
    ) -> list[tuple[_Person, date, date | None]]:
        """The first draws of ``roles(j)``: legal representatives with their periods,
        sometimes one replaced by another (Art. 31 must mark the one of the time)."""
        reg = self.org(j).registered_on
        change: date | None = None
        if self.is_listed(j):
            change = _between(
                rng, max(date(2023, 6, 1), reg + timedelta(days=400)), date(2025, 6, 30)
            )
        elif rng.random() < 0.15 and reg + timedelta(days=400) < _LAST_ROLE_START:
            change = _between(rng, reg + timedelta(days=400), _LAST_ROLE_START)
        reps: list[tuple[_Person, date, date | None]] = [
            (self._pick_holder(rng, reg, used), reg, change)
        ]
        if change is not None:
            reps.append((self._pick_holder(rng, change, used), change, None))
        return reps

    def _owner_org(self, rng: random.Random, j: int) -> _Org | None:
        """An earlier company that owns part of org ``j``: earlier index, so no cycles."""
        reg = self.org(j).registered_on
        for _ in range(5):
            if j == 0:
                return None
            owner = self.org(rng.randrange(j))
            if owner.is_company and owner.registered_on < reg:
                return owner
        return None

    def legal_representative(self, j: int, on: date) -> SubjectRef:
        """Who represented org ``j`` on ``on``, without generating all its roles."""
        rng = random.Random(_mix(self.seed, _T_ROLES, j))
        group = self._group_people(j) if self.org(j).group_position is not None else []
        reps = self._legal_representatives(j, rng, {p.index for p in group})
        for person, start, end in reps:
            if start <= on and (end is None or on < end):
                return person.ref
        return reps[-1][0].ref

    # -- consents (Art. 20, 39: written, scoped, dated, never lifelong)

    def consent(self, i: int) -> ConsentIn | None:
        """The written consent of person ``i`` to the credit service agency, if any (~1.5 %
        of persons): adult when signed, valid 1-5 years."""
        h = _mix(self.seed, _T_CONSENT, i)
        if h % 1000 >= 15:
            return None
        person = self.person(i)
        signed = _CONSENT_FIRST + timedelta(
            days=(h >> 10) % ((_CONSENT_LAST - _CONSENT_FIRST).days + 1)
        )
        if person.birth.year + 19 > signed.year:
            return None
        # Valid when the data is collected (occurred_at) and when it is submitted.
        years = 1 + (h >> 40) % 5
        while signed + timedelta(days=365 * years) <= _SUBMITTED_AT.date():
            years += 1
        categories = {"INCOME", "DEPOSIT"} if (h >> 50) & 1 else {"INCOME"}
        return ConsentIn(
            source_id=f"CONSENT/P{i}",
            subject=person.ref,
            provider_id=self.csa,
            categories=frozenset(categories),
            signed_on=signed,
            valid_until=signed + timedelta(days=365 * years),
            evidence=f"书面授权书 AUTH-{signed.year}-{i:08d}",
        )

    # -- records

    def _basis(
        self, item: _Item, provider: _Provider, on: date, serial: str, act: str | None
    ) -> BasisDocumentIn:
        """The Art. 16 document a dishonesty record rests on, matching its kind (and, for
        Art. 15 item 1, the administrative act the record describes)."""
        sector, y = provider.sector, on.year
        authority = self.ref.authorities.get(sector, provider.name)
        abbr = _ABBR.get(sector, "市")
        if sector == "COURT":
            return BasisDocumentIn("JUDGMENT", f"（{y}）市法民初字第{serial}号", authority, on)
        if item.art15 == 5:
            number = f"市劳人仲案字〔{y}〕{serial}号"
            return BasisDocumentIn("ARBITRAL_AWARD", number, "市劳动人事争议仲裁委员会", on)
        if item.art15 == 1:
            if act != "行政裁决":
                return BasisDocumentIn(
                    "ADMIN_ENFORCEMENT", f"{abbr}强决〔{y}〕{serial}号", authority, on
                )
            return BasisDocumentIn(
                "ADMIN_ADJUDICATION", f"{abbr}裁〔{y}〕{serial}号", authority, on
            )
        if item.art15 in (2, 4):
            legal = (
                "《市社会信用条例》第十五条第二项、第三十二条；国家关于建立健全信用承诺制度的有关文件"
                if item.art15 == 2
                else "《市社会信用条例》第十五条第四项；相关行业执业行为规范"
            )
            number = f"{abbr}信认〔{y}〕{serial}号"
            return BasisDocumentIn("OTHER_LEGAL", number, authority, on, legal_basis=legal)
        return BasisDocumentIn("ADMIN_PENALTY", f"{abbr}罚〔{y}〕{serial}号", authority, on)

    def _value(
        self,
        rng: random.Random,
        item: _Item,
        fld: _Field,
        provider: _Provider,
        on: date,
        earliest: date,
        serial: str,
        ctx: dict[str, str],
    ) -> object:
        name, sector = fld.name, provider.sector
        if fld.type == "date":
            if name in _LATER_DATES:
                return on + timedelta(days=rng.randrange(90, 1_096))
            if name in _EARLIER_DATES:
                return max(earliest, on - timedelta(days=rng.randrange(30, 1_500)))
            return on
        if fld.type == "decimal":
            lo, hi, log = _DECIMALS.get(name, (100, 100_000, True))
            x = math.exp(rng.uniform(math.log(lo), math.log(hi))) if log else rng.uniform(lo, hi)
            return f"{x:.2f}"
        if fld.type == "int":
            if name in _YEAR_FIELDS:
                return on.year + _YEAR_FIELDS[name]
            if name == "volumeMl":
                return rng.choice((200, 300, 400))
            return rng.randint(*_INTS.get(name, (1, 10)))
        if fld.type == "bool":
            return rng.random() < 0.85
        # strings
        if name in ("violationFacts", "caseName"):
            facts = ctx.setdefault(
                "violation", rng.choice(_VIOLATIONS.get(sector, ("违反有关法律法规规定",)))
            )
            return facts if name == "violationFacts" else f"涉嫌{facts}案"
        if name == "legalProvision":
            return _LAWS.get(sector, "相关法律法规")
        if name in ("awardedBy", "executionCourt"):
            return provider.name
        if name == "caseNumber":
            return f"（{on.year}）市执字第{serial}号"
        if name in ("licenceName", "licenceContent"):
            licence = _LICENCES.get(sector, "行政许可决定书")
            return licence if name == "licenceName" else f"准予{licence}载明的许可事项"
        if name == "licenceNumber":
            return f"{_ABBR.get(sector, '市')}许〔{on.year}〕{serial}号"
        if name == "accountType":
            return ctx.get("account", "居民用户")
        if name == "actType":
            ctx["act"] = rng.choice(_TEXT[name])
            return ctx["act"]
        choices = (
            _TEXT.get(f"{item.code}.{name}")
            or _TEXT.get(f"{sector}.{name}")
            or _TEXT.get(f"{ctx.get('act')}.{name}")
            or _TEXT.get(name)
        )
        return rng.choice(choices) if choices else f"{fld.label}（模拟）"

    def record(
        self,
        rng: random.Random,
        item: _Item,
        provider: _Provider,
        subject: SubjectRef,
        on: date,
        earliest: date,
        source_id: str,
        serial: str,
        overrides: Mapping[str, object] | None = None,
        allow_circumstances: bool = True,
        circumstance: str | None = None,
    ) -> RecordIn:
        """One record whose fields are exactly the item's (optional ones sometimes left out).

        Dishonesty records carry their Art. 16 basis document; about 0.5 % of them (and
        ``circumstance`` when given) declare an Art. 16 third-paragraph circumstance.
        """
        ctx = {"account": "居民用户" if subject.id_type != "USCC" else "非居民用户"}
        given = overrides or {}
        values: dict[str, object] = {}
        for fld in item.fields:
            if fld.name in given:
                values[fld.name] = given[fld.name]
            elif fld.required or rng.random() < 0.85:
                values[fld.name] = self._value(rng, item, fld, provider, on, earliest, serial, ctx)
        basis = None
        circumstances: frozenset[str] = frozenset()
        if item.kind == "DISHONEST":
            act = values.get("actType")
            basis = self._basis(item, provider, on, serial, act if isinstance(act, str) else None)
            if circumstance is not None:
                circumstances = frozenset({circumstance})
            elif allow_circumstances and rng.random() < 0.005:
                circumstances = frozenset({rng.choice(CIRCUMSTANCES)})
        return RecordIn(source_id, item.code, subject, on, values, basis, circumstances)

    def _when(self, rng: random.Random, earliest: date, old: bool = False) -> date:
        """A record date in the working window, or (≈0.2 %, or when ``old``) before the
        regulation took effect, so that Art. 58 has something to exclude."""
        roll = rng.random()
        if (old or roll < _OLD_SHARE) and earliest <= _OLD_LAST:
            return _between(rng, max(earliest, _OLD_FIRST), _OLD_LAST)
        return _between(rng, max(earliest, _FIRST_DAY), _LAST_DAY)

    def _pick_item(
        self, rng: random.Random, kind: str, subject_type: str, on: date
    ) -> _Item | None:
        key = (kind, subject_type, _version(on))
        pool = self._pools.get(key)
        if pool is None:
            pool = self._pools[key] = self.ref.pool(*key)
        if not pool:
            return None
        return rng.choices(pool, weights=[_WEIGHTS.get(i.code, 1) for i in pool])[0]

    def _pick_provider(
        self, rng: random.Random, item: _Item, prefer: str | None
    ) -> tuple[_Provider, dict[str, object]]:
        """A provider allowed for the item; commitment items also name the commitment
        (Art. 32), whose sector decides the provider."""
        eligible = self.ref.eligible[(item.code, item.version)]
        if any(f.name == "commitmentCode" for f in item.fields):
            options = [
                c for c in self.ref.commitments if any(p.sector == c.sector for p in eligible)
            ]
            if options:
                c = rng.choice(options)
                provider = rng.choice([p for p in eligible if p.sector == c.sector])
                return provider, {"commitmentCode": c.code, "commitmentMatter": c.matter}
        preferred = [p for p in eligible if p.sector == prefer]
        if preferred and rng.random() < 0.6:
            return rng.choice(preferred), {}
        return rng.choice(eligible), {}

    def _plan(
        self,
        rng: random.Random,
        subject_type: str,
        prefer: str | None,
        plan: list[str],
        subject: SubjectRef,
        adult: date,
        minor: date,
        prefix: str,
        seq: _Sequence,
    ) -> Iterator[tuple[str, RecordIn]]:
        for n, kind in enumerate(plan, start=1):
            earliest = minor if kind == "DISHONEST" else adult
            seq.n += 1
            # The first chunk always holds a few pre-2022 records and declared Art. 16
            # circumstances, so that even the small city exercises Art. 16 and Art. 58.
            on = self._when(rng, earliest, old=seq.chunk == 0 and seq.n in (3, 103))
            if kind.startswith("M-"):
                item = self.ref.items.get((kind, _version(on)))
            else:
                item = self._pick_item(rng, kind, subject_type, on)
            if item is None or subject_type not in item.subject_types:
                continue
            provider, overrides = self._pick_provider(rng, item, prefer)
            circumstance = None
            if item.kind == "DISHONEST":
                seq.dishonest += 1
                if seq.chunk == 0 and seq.dishonest in (2, 5):
                    circumstance = CIRCUMSTANCES[seq.dishonest % len(CIRCUMSTANCES)]
            yield (
                provider.id,
                self.record(
                    rng,
                    item,
                    provider,
                    subject,
                    on,
                    earliest,
                    f"{item.code}/{prefix}/{n}",
                    seq.serial(),
                    overrides,
                    circumstance=circumstance,
                ),
            )

    def person_basic(self, chunk: int) -> Iterator[tuple[str, RecordIn]]:
        """Art. 11: every person's identity record, dated once they are 16 or older."""
        rng = random.Random(_mix(self.seed, _T_BASIC, 0, chunk))
        for i in range(chunk * _CHUNK, min(self.n_persons, (chunk + 1) * _CHUNK)):
            person = self.person(i)
            on = max(_between(rng, _FIRST_DAY, date(2023, 12, 31)), _add_years(person.birth, 16))
            item = self.ref.items[("N-BASIC-PERSON", _version(on))]
            provider = rng.choice(self.ref.eligible[(item.code, item.version)])
            values: dict[str, object] = {
                "name": person.ref.name,
                "gender": person.gender,
                "birthDate": person.birth,
            }
            if person.region is not None:
                values["domicileRegion"] = _region_name(person.region)
            fields = {f.name: values[f.name] for f in item.fields if f.name in values}
            yield provider.id, RecordIn(f"{item.code}/P{i}/0", item.code, person.ref, on, fields)

    def org_basic(self, chunk: int) -> Iterator[tuple[str, RecordIn]]:
        """Art. 11: every organization's registration record, from its registration body."""
        rng = random.Random(_mix(self.seed, _T_BASIC, 1, chunk))
        for j in range(chunk * _CHUNK, min(self.n_orgs, (chunk + 1) * _CHUNK)):
            org = self.org(j)
            reg = org.registered_on
            on = max(
                _between(rng, _FIRST_DAY, date(2023, 12, 31)),
                reg + timedelta(days=rng.randrange(1, 30)),
            )
            item = self.ref.items[("N-BASIC-ORG", _version(on))]
            sector = "CIVIL_AFFAIRS" if org.authority == "5" else "MARKET"
            eligible = self.ref.eligible[(item.code, item.version)]
            provider = next((p for p in eligible if p.sector == sector), eligible[0])
            trade, _, scope = _INDUSTRIES[org.industry]
            street = self.streets[rng.randrange(len(self.streets))]
            values: dict[str, object] = {
                "name": org.ref.name,
                "orgKind": org.org_kind,
                "registeredOn": reg,
                "address": f"{_region_name(org.region)}{street}{rng.randint(1, 999)}号",
                "businessScope": scope
                if org.authority == "9"
                else f"{trade}领域公益服务、交流合作",
                "legalRepresentativeName": self.legal_representative(j, on).name,
            }
            if org.is_company:
                values["registeredCapital"] = f"{rng.randint(10, 10_000) * 10_000}.00"
            if rng.random() < 0.8:
                values["contactPhone"] = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
            fields = {f.name: values[f.name] for f in item.fields if f.name in values}
            yield provider.id, RecordIn(f"{item.code}/O{j}/0", item.code, org.ref, on, fields)

    def person_records(self, chunk: int) -> Iterator[tuple[str, RecordIn]]:
        """Non-basic records of a chunk of persons: positive, other, dishonest (from age 16,
        so Art. 16's minors occur), utility payments and consent-only income records."""
        rng = random.Random(_mix(self.seed, _T_PCHUNK, chunk))
        seq = _Sequence(1, chunk)
        for i in range(chunk * _CHUNK, min(self.n_persons, (chunk + 1) * _CHUNK)):
            person = self.person(i)
            plan: list[str] = []
            if rng.random() < 0.10:
                plan += ["POSITIVE"] * rng.choice((1, 1, 2))
            if rng.random() < 0.08:
                plan.append("OTHER")
            if rng.random() < 0.03:
                plan += ["DISHONEST"] * rng.choice((1, 1, 1, 2))
            if rng.random() < 0.05:
                plan.append("M-UTILITY-PAYMENT")
            adult, minor = _add_years(person.birth, 18), _add_years(person.birth, 16)
            yield from self._plan(rng, "PERSON", None, plan, person.ref, adult, minor, f"P{i}", seq)
            consent = self.consent(i)
            if consent is not None:
                yield from self._income(rng, i, person, consent, seq)

    def _income(
        self, rng: random.Random, i: int, person: _Person, consent: ConsentIn, seq: _Sequence
    ) -> Iterator[tuple[str, RecordIn]]:
        """Consent-only market records, dated inside the consent's validity (Art. 20, 39)."""
        lo = max(consent.signed_on + timedelta(days=1), _FIRST_DAY)
        hi = min(consent.valid_until - timedelta(days=1), _LAST_DAY)
        provider = self.ref.providers[consent.provider_id]
        for n in range(rng.choice((1, 2))):
            on = _between(rng, lo, hi)
            item = self.ref.items.get(("M-INCOME", _version(on)))
            if item is None or provider not in self.ref.eligible[(item.code, item.version)]:
                continue
            seq.n += 1
            yield (
                provider.id,
                self.record(
                    rng,
                    item,
                    provider,
                    person.ref,
                    on,
                    lo,
                    f"M-INCOME/P{i}/c{n}",
                    seq.serial(),
                ),
            )

    def org_records(self, chunk: int) -> Iterator[tuple[str, RecordIn]]:
        """Non-basic records of a chunk of organizations, including the dishonesty record
        each listed organization's listing rests on."""
        rng = random.Random(_mix(self.seed, _T_OCHUNK, chunk))
        seq = _Sequence(2, chunk)
        for j in range(chunk * _CHUNK, min(self.n_orgs, (chunk + 1) * _CHUNK)):
            org = self.org(j)
            if self.is_listed(j):
                provider, record, _, _ = self.listing_anchor(j)
                yield provider.id, record
            plan: list[str] = []
            if rng.random() < 0.06:
                plan.append("POSITIVE")
            if rng.random() < 0.25:
                plan += ["OTHER"] * rng.choice((1, 1, 2))
            if rng.random() < 0.06:
                plan += ["DISHONEST"] * rng.choice((1, 1, 2, 3))
            if rng.random() < 0.05:
                plan.append("M-UTILITY-PAYMENT")
            if org.is_company and rng.random() < 0.04:
                plan.append("M-ASSOC-MEMBER")
            if org.authority == "9" and rng.random() < 0.03:
                plan.append("M-CREDIT-RATING")
            earliest = org.registered_on + timedelta(days=1)
            sector = _INDUSTRIES[org.industry][1]
            yield from self._plan(
                rng, "ORGANIZATION", sector, plan, org.ref, earliest, earliest, f"O{j}", seq
            )

    # -- serious-dishonesty listings (Art. 29-31)

    def listing_anchor(self, j: int) -> tuple[_Provider, RecordIn, str, int]:
        """The dishonesty record a listing rests on: (provider, record, sector, ground)."""
        rng = random.Random(_mix(self.seed, _T_LISTING, j))
        org = self.org(j)
        code, sector, ground = rng.choice(_LISTING_ANCHORS)
        lo = max(date(2023, 2, 1), org.registered_on + timedelta(days=60))
        on = _between(rng, lo, date(2026, 5, 31))
        # Never on a role's first or last day: who held the role then must be unambiguous.
        boundaries = {d for r in self.roles(j) for d in (r.start, r.end) if d is not None}
        while on in boundaries:
            on += timedelta(days=1)
        item = self.ref.items[(code, _version(on))]
        eligible = self.ref.eligible[(item.code, item.version)]
        provider = next(p for p in eligible if p.sector == sector and p.kind == "STATE_ORGAN")
        record = self.record(
            rng,
            item,
            provider,
            org.ref,
            on,
            on,
            f"{code}/O{j}/L",
            f"3{j:09d}",
            allow_circumstances=False,
        )
        return provider, record, sector, ground

    def listing(self, j: int) -> ListingIn:
        """Org ``j`` on the serious-dishonesty list, with 1-3 persons who held a
        responsible role (Art. 31) on the day of the conduct."""
        provider, record, sector, ground = self.listing_anchor(j)
        assert record.basis is not None  # dishonesty records always carry one
        rng = random.Random(_mix(self.seed, _T_LISTING, j, 1))
        on = record.occurred_at
        held: dict[str, tuple[SubjectRef, str]] = {}
        for role in self.roles(j):  # legal representative first: roles list starts with it
            active = role.start < on and (role.end is None or on < role.end)
            if role.role in _RESPONSIBLE_ROLES and active:
                held.setdefault(role.holder.number, (role.holder, role.role))
        people = list(held.values())
        responsible = people[:1] + rng.sample(people[1:], min(len(people) - 1, rng.randint(0, 2)))
        org = self.org(j)
        reasons = (
            f"{org.ref.name}于{on.year}年{on.month}月{on.day}日发生的失信行为经"
            f"{self.ref.authorities.get(sector, provider.name)}依法认定（{record.basis.number}），"
            f"属于《市社会信用条例》第二十九条第二款第{'一二三'[ground - 1]}项规定的"
            f"{_GROUNDS[ground]}的情形，列入严重失信主体名单。"
        )
        return ListingIn(
            source_id=f"LISTING/O{j}",
            subject=org.ref,
            sector=sector,
            ground=ground,
            conduct_on=on,
            decided_on=on + timedelta(days=rng.randint(30, 150)),
            basis=record.basis,
            reasons=reasons,
            responsible=tuple(responsible),
        )


def _shares(bps: list[int]) -> list[float]:
    """Basis points to fractions whose float sum never exceeds 1 (whatever the order)."""
    shares = [bp / 10_000 for bp in bps]
    while len(shares) > 1 and (sum(shares) > 1.0 or sum(reversed(shares)) > 1.0):
        bps[-1] -= 1
        shares[-1] = bps[-1] / 10_000
    return shares


def _packed(records: Iterable[tuple[str, RecordIn]], size: int) -> Iterator[Batch]:
    """Group a stream of (provider, record) into per-provider batches of at most ``size``."""
    pending: dict[str, list[RecordIn]] = {}
    for provider, record in records:
        bucket = pending.setdefault(provider, [])
        bucket.append(record)
        if len(bucket) >= size:
            yield Batch(provider, records=tuple(bucket), submitted_at=_SUBMITTED_AT)
            pending[provider] = []
    for provider, bucket in pending.items():
        if bucket:
            yield Batch(provider, records=tuple(bucket), submitted_at=_SUBMITTED_AT)


# --------------------------------------------------------------------------- public API


@dataclass(frozen=True)
class City:
    """A generated city. ``consents`` and ``listings`` are materialised (they are ~1 % of
    subjects); records and roles are streamed by ``batches()``."""

    n_persons: int
    n_organizations: int
    consents: list[ConsentIn] = field(repr=False)
    listings: list[ListingIn] = field(repr=False)
    _world: _World = field(repr=False, compare=False)

    def batches(self, batch_size: int = 5000) -> Iterator[Batch]:
        """Provider batches in a safe ingest order: identity and registration records
        first, then roles (by the registration body P-MARKET), then all other records,
        so that a subject's roles and basic record always precede its other records.

        Re-iterable and deterministic: each call regenerates the same batches, all
        stamped with the same submission time (after the last record date), so the
        collection date the ingest checks consents against does not depend on the clock.
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        w = self._world
        person_chunks = range(-(-w.n_persons // _CHUNK))
        org_chunks = range(-(-w.n_orgs // _CHUNK))
        yield from _packed((r for c in person_chunks for r in w.person_basic(c)), batch_size)
        yield from _packed((r for c in org_chunks for r in w.org_basic(c)), batch_size)
        roles: list[RoleIn] = []
        for j in range(w.n_orgs):
            for role in w.roles(j):
                roles.append(role)
                if len(roles) >= batch_size:
                    yield Batch("P-MARKET", roles=tuple(roles), submitted_at=_SUBMITTED_AT)
                    roles = []
        if roles:
            yield Batch("P-MARKET", roles=tuple(roles), submitted_at=_SUBMITTED_AT)
        others = (
            *(w.person_records(c) for c in person_chunks),
            *(w.org_records(c) for c in org_chunks),
        )
        yield from _packed((r for stream in others for r in stream), batch_size)


def generate_city(n_subjects: int, seed: int = 2026) -> City:
    """A city of ``n_subjects`` (about 70 % persons, 30 % organizations), fully determined
    by ``seed``. See ``SIZES`` for the usual sizes."""
    if n_subjects < 2:
        raise ValueError("a city needs at least 2 subjects")
    n_persons = round(n_subjects * 0.7)
    world = _World(n_persons, n_subjects - n_persons, seed)
    consents = [c for i in range(n_persons) if (c := world.consent(i)) is not None]
    listings = [world.listing(j) for j in range(world.n_orgs) if world.is_listed(j)]
    return City(n_persons, n_subjects - n_persons, consents, listings, world)
