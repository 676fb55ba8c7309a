"""Organizations (Art. 2, 10): legal persons and unincorporated organizations with a USCC,
some of them members of corporate groups (blocks that form holding chains)."""

from __future__ import annotations

from datetime import date, timedelta

from core.submission import SubjectRef
from seed.city.base import _CACHE_LIMIT
from seed.city.dates import _REG_FIRST, _REG_LAST
from seed.city.identifiers import _uscc_for
from seed.city.people import _People
from seed.city.streams import _T_GROUP, _T_ORG, _mix
from seed.city.subjects import _Org

# Corporate groups: blocks of 8 consecutive organizations; position -> parent position.
# 0 -> 1 -> 2 -> 3 -> 4 is a five-level holding chain, 0 -> 1 -> 5 -> 7 a four-level one.
_GROUP_SIZE = 8
# Position 7 sits under 4: a six-layer chain 0 → 1 → 2 → 3 → 4 → 7 (investigators'
# control queries, issue 14); 5 and 6 are side branches.
_GROUP_PARENT: tuple[int | None, ...] = (None, 0, 1, 2, 3, 1, 0, 4)
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


class _Organizations(_People):
    """World layer: organizations, derived on demand and kept in a bounded memo."""

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
        number = _uscc_for(j, self.offset, auth, cat, region)
        ref = SubjectRef("USCC", number, f"{name}（模拟）", kind)
        return _Org(j, ref, registered, auth, org_kind, industry, region, pos)
