# language: zh-CN
@art_24
功能: 不能公开的信息凭书面授权查询并按约定用途使用；政务共享不得超出履职范围
  第二十四条　依法不能公开的公共信用信息，经社会信用主体书面授权可以查询，并按照约定的用途使用；
  国家机关、法律法规授权的具有管理公共事务职能的组织、人民团体通过政务共享、依职权查询获得的公共信用信息，
  不得超出履行职责的范围使用，不得擅自公开。

  背景:
    假如 平台中有测试城市的信用档案

  场景: 声明的用途不在令牌允许的职责范围内，被拒绝
    当 "housing-user"以"GOV_SHARING"渠道、"SUPERVISION"用途查询"王测试"的信用档案
    那么 请求被拒绝，错误代码为"ACCESS_DENIED"，依据第24条

  场景: 审计查询声明的用途不在令牌允许的范围内，被拒绝
    当 "auditor"以"AUDIT"渠道、"LENDING"用途查询审计日志
    那么 请求被拒绝，错误代码为"ACCESS_DENIED"，依据第24条

  场景: 报送声明的用途不在令牌允许的范围内，被拒绝，且不写入任何信息
    当 "market-provider"以"SUBMIT"渠道、"LENDING"用途报送一条合规的"N-DIS-ADMIN-PENALTY"记录
    那么 请求被拒绝，错误代码为"ACCESS_DENIED"，依据第24条
    并且 报送没有写入任何信息

  场景: 报送声明令牌允许的用途，被受理
    当 "market-provider"以"SUBMIT"渠道、"DATA_SUBMISSION"用途报送一条合规的"N-DIS-ADMIN-PENALTY"记录
    那么 请求被受理

  场景: 跨档案的记录列表同样不超出政务共享的范围
    当 "housing-user"以"GOV_SHARING"渠道、"ADMINISTRATIVE_LICENSING"用途查询"N-DIS-ADMIN-PENALTY"事项的跨档案记录列表
    那么 列表中有记录，总数与列出的条数一致
    当 "housing-user"以"GOV_SHARING"渠道、"ADMINISTRATIVE_LICENSING"用途查询"L-OTHER-TAX-PAID"事项的跨档案记录列表
    那么 列表中没有记录，总数为0
    当 "housing-user"以"GOV_SHARING"渠道、"ADMINISTRATIVE_LICENSING"用途查询"M-INCOME"事项的跨档案记录列表
    那么 列表中没有记录，总数为0

  场景: 非公开渠道必须声明用途
    当 "housing-user"以"GOV_SHARING"渠道、不声明用途查询"王测试"的信用档案
    那么 请求被拒绝，错误代码为"BAD_DECLARATION"，依据第24条

  场景: 没有书面授权不能通过授权查询渠道查询
    当 "bank"依据该授权以"AUTHORIZED"渠道、"LENDING"用途查询"王测试"的信用档案
    那么 请求被拒绝，错误代码为"ACCESS_DENIED"，依据第24条

  场景: 授权查询只能用于约定的用途
    假如 "王测试"书面授权"B-BANK-1"以"LEASING"用途查询"N-DIS-ADMIN-PENALTY"，有效期30天
    当 "bank"依据该授权以"AUTHORIZED"渠道、"LENDING"用途查询"王测试"的信用档案
    那么 请求被拒绝，错误代码为"ACCESS_DENIED"，依据第24条

  场景: 授权查询只返回授权范围内的信息
    假如 "王测试"书面授权"B-BANK-1"以"LENDING"用途查询"N-DIS-ADMIN-PENALTY"，有效期30天
    当 "bank"依据该授权以"AUTHORIZED"渠道、"LENDING"用途查询"王测试"的信用档案
    那么 返回的记录包括"N-DIS-ADMIN-PENALTY"
    但是 返回的记录不包括"L-OTHER-TAX-PAID"
    并且 返回的记录不包括"M-INCOME"

  场景: 授权只及于授权人本人的档案
    假如 "王测试"书面授权"B-BANK-1"以"LENDING"用途查询"N-DIS-ADMIN-PENALTY"，有效期30天
    当 "bank"依据该授权以"AUTHORIZED"渠道、"LENDING"用途查询"李对照"的信用档案
    那么 请求被拒绝，错误代码为"NOT_FOUND"

  场景大纲: 书面授权须写明被授权方、约定的用途和签署的授权书
    当 "王测试"提交书面授权：<变更>
    那么 授权被拒绝，错误代码为"<错误代码>"，依据第24条，问题在"<字段>"
    并且 拒绝的理由写明"<说明>"

    例子:
      | 变更            | 错误代码              | 字段     | 说明               |
      | 用途=NONE       | UNKNOWN_PURPOSE       | purpose  | 'NONE'             |
      | 用途=SELF_CHECK | UNKNOWN_PURPOSE       | purpose  | 'SELF_CHECK'       |
      | 用途=GOSSIP     | UNKNOWN_PURPOSE       | purpose  | 'GOSSIP'           |
      | 被授权方=空     | INVALID_AUTHORIZATION | grantee  | names its grantee  |
      | 授权书=空       | INVALID_AUTHORIZATION | evidence | signed document    |
