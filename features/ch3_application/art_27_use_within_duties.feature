# language: zh-CN
@art_27
功能: 国家机关根据履行职责的需要依法应用信用信息
  第二十七条　国家机关、法律法规授权具有管理公共事务职能的组织、人民团体根据履行职责的需要，
  依法应用信用信息。
  鼓励自然人、法人和非法人组织在开展金融活动、市场交易、企业管理、行业管理、社会公益等活动中，
  使用社会信用信息，购买信用服务。

  背景:
    假如 平台中有测试城市的信用档案

  场景: 国家机关在行政许可中为履行职责获取共享信息并查询应适用的措施
    当 "housing-user"以"GOV_SHARING"渠道、"ADMINISTRATIVE_LICENSING"用途查询"王测试"的信用档案
    那么 返回的记录包括"N-DIS-ADMIN-PENALTY"
    当 "housing-user"以"GOV_SHARING"渠道、"ADMINISTRATIVE_LICENSING"用途查询"王测试"适用的措施
    那么 适用的措施包括"L-PUN-NO-CONVENIENCE"

  场景: 国家机关不得以职责以外的用途应用信用信息
    当 "housing-user"以"GOV_SHARING"渠道、"LENDING"用途查询"王测试"的信用档案
    那么 请求被拒绝，错误代码为"ACCESS_DENIED"，依据第24条

  场景: 市场主体在金融活动中经授权使用信用信息
    假如 "王测试"书面授权"B-BANK-1"以"LENDING"用途查询"N-DIS-ADMIN-PENALTY"，有效期30天
    当 "bank"依据该授权以"AUTHORIZED"渠道、"LENDING"用途查询"王测试"的信用档案
    那么 返回的记录包括"N-DIS-ADMIN-PENALTY"
    并且 返回的记录不包括"L-OTHER-TAX-PAID"
