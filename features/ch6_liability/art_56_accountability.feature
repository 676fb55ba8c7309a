# language: zh-CN
@art_56
功能: 每一次访问都留下可证明的记录，篡改或删除可被发现
  第五十六条　……非法提供、泄露、使用社会信用信息……的，依法追究责任。
  国家机关……超出履行职责的范围使用共享信息或者擅自公开的，依法追究责任。

  审计日志在返回任何信息之前写入：谁、何时、以何种渠道、为何种用途、依据哪条策略、查询了谁。
  日志是 RFC 6962 默克尔树，篡改或删除任何一条记录都会被校验发现。

  背景:
    假如 平台中有测试城市的信用档案

  场景: 每次查询都在返回前写入审计日志
    当 "housing-user"以"GOV_SHARING"渠道、"ADMINISTRATIVE_LICENSING"用途查询"王测试"的信用档案
    那么 审计日志的最后一条记下了"GOV_SHARING"渠道、"ADMINISTRATIVE_LICENSING"用途和被查询的"王测试"

  场景: 被拒绝的访问同样留下记录
    当 "housing-user"以"GOV_SHARING"渠道、"SUPERVISION"用途查询"王测试"的信用档案
    那么 请求被拒绝，错误代码为"ACCESS_DENIED"，依据第24条
    并且 审计日志的最后一条记下了"GOV_SHARING"渠道、"SUPERVISION"用途和被查询的"王测试"

  场景: 篡改审计记录会被校验发现
    当 "housing-user"以"GOV_SHARING"渠道、"ADMINISTRATIVE_LICENSING"用途查询"王测试"的信用档案
    并且 有人改动了审计日志的最后一条
    那么 审计日志校验失败，并指出被改动的记录
