# language: zh-CN
@art_31 @art_36
功能: 法人、非法人组织被列入严重失信主体名单的，对负有责任的人员同步标注；名单移出时标注随之结束
  第三十一条　法人和非法人组织被列入严重失信主体名单的，在其信用记录中记载严重失信行为，
  并在其法定代表人、主要负责人、实际控制人和其他直接责任人员的个人信用档案中同步标注。
  第三十六条　……不得对信用主体以外的第三人实施惩戒。

  背景:
    假如 平台中有测试城市的信用档案
    并且 "李对照"自"2021-01-01"起担任"样本测试科技有限公司"的"DIRECTOR_OF"
    并且 "样本测试科技有限公司"被"MARKET"列入严重失信主体名单，认定"王测试"作为"LEGAL_REPRESENTATIVE_OF"负有责任

  场景: 被认定负有责任、行为发生时担任该职务的人员被同步标注，并能说明理由
    当 "market-authority"以"BY_AUTHORITY"渠道、"SUPERVISION"用途查询"王测试"为何被标注
    那么 标注链条指向"样本测试科技有限公司"的名单，角色为"LEGAL_REPRESENTATIVE_OF"

  场景: 与组织有关联但未被认定负有责任的人员不被标注
    当 "market-authority"以"BY_AUTHORITY"渠道、"SUPERVISION"用途查询"李对照"为何被标注
    那么 没有任何标注

  场景: 名单移出时，同步标注在同一事务中结束
    当 "market-authority"撤销该名单
    那么 撤销名单的同时结束了1个标注
    当 "market-authority"以"BY_AUTHORITY"渠道、"SUPERVISION"用途查询"王测试"为何被标注
    那么 没有任何标注

  场景: 只有作出列入决定的行业领域信用管理部门可以移出名单
    当 "tax-authority"撤销该名单
    那么 认定被拒绝，错误代码为"NOT_RESPONSIBLE_AUTHORITY"，依据第30条

  场景大纲: 名单因信用修复或认定依据被撤销而结束时，同步标注同样随之结束
    当 "market-authority"以"<结束方式>"结束该名单
    那么 结束名单的同时结束了1个标注
    当 "market-authority"以"BY_AUTHORITY"渠道、"SUPERVISION"用途查询"王测试"为何被标注
    那么 没有任何标注

    例子:
      | 结束方式 |
      | REPAIRED |
      | REVOKED  |

  场景: 名单只能以条例规定的方式结束
    当 "market-authority"以"FORGOTTEN"结束该名单
    那么 认定被拒绝，错误代码为"INVALID_OUTCOME"，依据第30条，问题在"outcome"
    并且 拒绝的理由写明"REMOVED, REPAIRED, REVOKED"

  场景: 自行为发生当天起担任该职务的人员，可以被认定负有责任
    假如 "王测试"自"2025-06-01"起担任"样本测试科技有限公司"的"PRINCIPAL_OF"
    当 "market-authority"提交拟列入名单：责任人=王测试，角色=PRINCIPAL_OF
    那么 该名单案件处于"NOTIFIED"阶段

  场景: 行为发生后才担任该职务的人员，不得被认定负有责任
    假如 "王测试"自"2025-06-02"起担任"样本测试科技有限公司"的"PRINCIPAL_OF"
    当 "market-authority"提交拟列入名单：责任人=王测试，角色=PRINCIPAL_OF
    那么 认定被拒绝，错误代码为"NOT_RESPONSIBLE_ROLE"，依据第31条，问题在"responsible"

  场景: 股东不在第三十一条所列人员之列，行为发生时持有股份也不得被认定负有责任
    假如 "王测试"自"2020-01-01"起持有"样本测试科技有限公司"30%的股份
    当 "market-authority"提交拟列入名单：责任人=王测试，角色=SHAREHOLDER_OF
    那么 认定被拒绝，错误代码为"INVALID_RESPONSIBILITY"，依据第31条，问题在"responsible.王测试"
    并且 拒绝的理由写明"SHAREHOLDER_OF is not a role"
