"""The vocabulary of generated field values: authority abbreviations, violations, laws and
licences per sector, free-text choices per field, and numeric and date ranges."""

from __future__ import annotations

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
