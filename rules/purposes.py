"""The closed list of purposes a request may declare (Art. 4 necessity, Art. 24 binding)."""

from __future__ import annotations

#: Purpose code → what it is. ``NONE`` is the PUBLIC channel's (no purpose needed).
PURPOSES: dict[str, str] = {
    "NONE": "依法公开，无需声明用途",
    "ADMINISTRATIVE_LICENSING": "行政许可审查",
    "PUBLIC_PROCUREMENT": "政府采购与招标投标",
    "FUNDS_AND_SUBSIDIES": "财政资金与补贴审核",
    "HONOURS_REVIEW": "评优评先审核",
    "SUPERVISION": "行业监管与执法",
    "INVESTIGATION": "调查核实：关联关系与股权穿透（依职权查询）",
    "CREDIT_EVALUATION": "公共信用综合评价",
    "OBJECTION_HANDLING": "异议处理",
    "CREDIT_REPAIR": "信用修复",
    "BASIS_REVOCATION": "认定依据撤销或变更后的信息处理",
    "SELF_CHECK": "本人查询",
    "CREDIT_REPORT": "出具信用报告",
    "LENDING": "金融信贷",
    "LEASING": "租赁",
    "EMPLOYMENT": "招聘录用",
    "CREDIT_SERVICE": "信用服务",
    "DATA_SUBMISSION": "报送信用信息",
    "AUDIT": "审计与监督",
}


def is_known_purpose(code: str) -> bool:
    """Art. 4: only purposes from the closed list may be declared."""
    return code in PURPOSES
