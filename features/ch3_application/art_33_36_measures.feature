# language: zh-CN
@art_33 @art_34 @art_35 @art_36
功能: 守信激励与失信惩戒按清单实施，与失信行为相关联、与情节相当，不惩戒第三人
  第三十三条　对信用状况良好的社会信用主体，国家机关、法律法规授权具有管理公共事务职能的组织
  可以在法定权限范围内采取下列激励措施：……鼓励对守信激励措施实行清单制管理。
  第三十四条　失信惩戒按照失信惩戒措施清单执行。……列明惩戒的具体事项、实施对象、实施手段、
  实施主体、实施依据等内容……
  第三十五条　本市地方失信惩戒措施补充清单确定的惩戒措施，应当限制在下列范围：（一）至（九）……
  第三十六条　实施失信惩戒应当遵循合法、公平、关联、比例原则，……与失信情形相关联，与失信行为的
  性质、领域、情节和社会危害程度相当。……禁止对信用主体以外的第三人实施失信惩戒。

  背景:
    假如 平台中有测试城市的信用档案

  场景: 信用状况良好的组织适用守信激励，不适用任何惩戒措施
    当 "market-authority"以"BY_AUTHORITY"渠道、"SUPERVISION"用途查询"样本测试科技有限公司"适用的措施
    那么 适用的措施包括"I-FAST-TRACK"
    并且 措施"I-FAST-TRACK"的适用理由为"no current dishonesty record, listing or mark (Art. 33)"
    并且 适用的措施中没有"PUNISHMENT"措施

  场景: 有失信记录的自然人只适用与其自身失信领域相关的惩戒措施，不享受守信激励
    当 "market-authority"以"BY_AUTHORITY"渠道、"SUPERVISION"用途查询"王测试"适用的措施
    那么 适用的措施包括"L-PUN-NO-CONVENIENCE"
    并且 措施"L-PUN-NO-CONVENIENCE"的适用理由为"own current dishonesty information in sector MARKET (related and proportionate, Art. 36)"
    并且 适用的措施中没有"INCENTIVE"措施
    并且 适用的措施不包括"N-PUN-MARKET-SUPERVISION"

  场景: 在几个领域有失信信息的，适用理由列出与措施相关的每个领域
    假如 "王测试"另有1条由"P-TAX"报送的现行行政处罚信息
    当 "market-authority"以"BY_AUTHORITY"渠道、"SUPERVISION"用途查询"王测试"适用的措施
    那么 措施"L-PUN-NO-CONVENIENCE"的适用理由为"own current dishonesty information in sector MARKET, TAX (related and proportionate, Art. 36)"

  场景: 被列入严重失信主体名单的组织适用相关领域的名单类惩戒措施，不适用其他领域的措施
    假如 "样本测试科技有限公司"被"MARKET"列入严重失信主体名单，认定"王测试"作为"LEGAL_REPRESENTATIVE_OF"负有责任
    当 "market-authority"以"BY_AUTHORITY"渠道、"SUPERVISION"用途查询"样本测试科技有限公司"适用的措施
    那么 适用的措施包括"N-PUN-MARKET-SUPERVISION"
    并且 适用的措施包括"L-PUN-KEY-SUPERVISION"
    并且 措施"N-PUN-MARKET-SUPERVISION"的适用理由为"on the serious-dishonesty list in sector MARKET (related and proportionate, Art. 36)"
    并且 适用的措施不包括"N-PUN-TAX-LAND"
    并且 适用的措施不包括"L-PUN-TRADING-DEDUCTION"
    并且 每项适用的措施都写明实施依据和适用理由

  场景: 组织被列入名单，与其有关联的人员不因此承担名单类惩戒措施
    假如 "李对照"自"2021-01-01"起担任"样本测试科技有限公司"的"DIRECTOR_OF"
    并且 "样本测试科技有限公司"被"MARKET"列入严重失信主体名单，认定"王测试"作为"LEGAL_REPRESENTATIVE_OF"负有责任
    当 "market-authority"以"BY_AUTHORITY"渠道、"SUPERVISION"用途查询"李对照"适用的措施
    那么 适用的措施不包括"N-PUN-MARKET-SUPERVISION"
    并且 适用的措施不包括"L-PUN-STARTUP-SUPPORT"
    当 "market-authority"以"BY_AUTHORITY"渠道、"SUPERVISION"用途查询"王测试"适用的措施
    那么 适用的措施不包括"N-PUN-MARKET-SUPERVISION"

  场景: 本人可以查询自己适用的措施，不能查询他人的
    当 "王测试"本人以"SELF"渠道查询自己适用的措施
    那么 适用的措施包括"L-PUN-NO-CONVENIENCE"
    当 "王测试"本人以"SELF"渠道查询"李对照"适用的措施
    那么 请求被拒绝，错误代码为"BAD_ARGUMENT"，依据第40条

  场景: 未获准的使用者不能查询适用的措施
    当 "tax-authority"以"GOV_SHARING"渠道、"SUPERVISION"用途查询"王测试"适用的措施
    那么 请求被拒绝，错误代码为"ACCESS_DENIED"，依据第22条

  场景: 本市补充清单中的惩戒措施不属于第三十五条所列九类的，整个清单被拒绝
    假如 本市失信惩戒措施补充清单新增措施"L-PUN-TEST"，归入第三十五条第10类
    当 加载措施清单
    那么 措施清单被拒绝，错误代码为"LOCAL_MEASURE_OUTSIDE_ART35"，依据第35条

  场景: 未列明实施依据的惩戒措施被拒绝
    假如 本市失信惩戒措施补充清单新增措施"L-PUN-TEST"，归入第三十五条第2类，但未列明实施依据
    当 加载措施清单
    那么 措施清单被拒绝，错误代码为"INCOMPLETE_MEASURE"，依据第34条

  场景大纲: 属于九类之一、要素齐全的惩戒措施被接受
    假如 本市失信惩戒措施补充清单新增措施"L-PUN-TEST-<类别>"，归入第三十五条第<类别>类
    当 加载措施清单
    那么 措施清单被接受并写入

    例子:
      | 类别 |
      | 1    |
      | 5    |
      | 9    |
