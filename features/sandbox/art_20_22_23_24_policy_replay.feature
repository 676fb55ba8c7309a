# language: zh-CN
@art_20 @art_22 @art_23 @art_24
功能: 审计沙箱回放拟议策略，违反条例的变化标为违规而非仅仅是变化
  第二十条第三款　国家机关、法律法规授权的具有管理公共事务职能的组织依法采集并按照国家规定归集到公共信用信息系统的
  自然人的不动产、纳税数额等信息，只能提供给本人及获得其授权的主体使用。
  第二十二条　公共信用信息通过依法公开、政务共享、依职权查询、实名认证查询和授权查询的方式披露。
  市场信用信息由社会信用主体自行披露或者依照约定披露。
  第二十三条　依法公开的公共信用信息……涉及自然人个人信息的，应当进行脱敏处理，并采取相应的安全保障措施。
  第二十四条　……国家机关、法律法规授权的具有管理公共事务职能的组织、人民团体通过政务共享、依职权查询获得的公共信用信息，
  不得超出履行职责的范围使用，不得擅自公开。

  背景:
    假如 平台中有测试城市的信用档案
    并且 审计沙箱记录了"tax-authority"以"BY_AUTHORITY"渠道、"SUPERVISION"用途的查询
    并且 审计沙箱记录了"housing-user"以"GOV_SHARING"渠道、"ADMINISTRATIVE_LICENSING"用途的查询
    并且 审计沙箱记录了"credit-agency"以"GOV_SHARING"渠道、"CREDIT_SERVICE"用途的查询
    并且 审计沙箱记录了社会公众以依法公开渠道的查询

  场景: 依职权查询可以看到纳税数额的拟议策略违反第二十条
    假如 拟议策略把策略行"p, *, BY_AUTHORITY, *, field:TAX_AMOUNT, deny, 20"改为"p, *, BY_AUTHORITY, *, field:TAX_AMOUNT, allow, 24"
    当 审计员在沙箱中按拟议策略回放已记录的访问
    那么 回放报告指出拟议策略违反第20条（"person-only-amounts"）
    并且 "SECTOR_AUTHORITY"经"BY_AUTHORITY"渠道获得"field:TAX_AMOUNT"，被标为违反第20条

  场景: 依法公开不脱敏姓名的拟议策略违反第二十三条
    假如 拟议策略在"PUBLIC: lawful public disclosure"一节新增策略行"p, *, PUBLIC, NONE, field:NAME, allow, 23"
    当 审计员在沙箱中按拟议策略回放已记录的访问
    那么 回放报告指出拟议策略违反第23条（"not-desensitized"）
    并且 "PUBLIC"经"PUBLIC"渠道获得"field:NAME"，被标为违反第23条

  场景: 政务共享市场信用信息的拟议策略违反第二十二条
    假如 拟议策略把策略行"p, *, GOV_SHARING, *, record:MARKET, deny, 22"改为"p, *, GOV_SHARING, *, record:MARKET, allow, 22"
    当 审计员在沙箱中按拟议策略回放已记录的访问
    那么 回放报告指出拟议策略违反第22条（"market-disclosure"）
    并且 "GOVERNMENT_USER"经"GOV_SHARING"渠道获得"record:MARKET"，被标为违反第22条

  场景: 让信用服务机构经政务共享查询的拟议策略违反第二十四条
    假如 拟议策略在"GOV_SHARING: government sharing"一节新增策略行"p, CREDIT_SERVICE_AGENCY, GOV_SHARING, CREDIT_SERVICE, record:*, allow, 24"
    当 审计员在沙箱中按拟议策略回放已记录的访问
    那么 回放报告指出拟议策略违反第24条（"sharing-beyond-duties"）
    并且 "CREDIT_SERVICE_AGENCY"经"GOV_SHARING"渠道获得"record:DISHONEST"，被标为违反第24条

  场景: 没有条文注释的策略行被指出
    假如 拟议策略在文件末尾另起一段新增没有注释的策略行"p, SUBJECT, SELF, *, op:sandboxProbe, allow, 40"
    当 审计员在沙箱中按拟议策略回放已记录的访问
    那么 回放报告指出拟议策略违反第22条（"line-without-article"）

  场景: 收窄依法公开范围只是变化而非违规
    假如 拟议策略删除策略行"p, *, PUBLIC, NONE, record:POSITIVE, allow, 23"
    当 审计员在沙箱中按拟议策略回放已记录的访问
    那么 "PUBLIC"经"PUBLIC"渠道失去"record:POSITIVE"，只是变化而非违规
    并且 回放报告没有指出任何违规
