# language: zh-CN
@art_22
功能: 公共信用信息只通过五种方式披露
  第二十二条　公共信用信息通过依法公开、政务共享、依职权查询、实名认证查询和授权查询的方式披露。
  市场信用信息可以通过由社会信用主体主动公布、社会信用服务机构依照约定提供等方式披露。

  背景:
    假如 平台中有测试城市的信用档案

  场景: 不属于五种方式的渠道被拒绝
    当 "housing-user"以"BULK_EXPORT"渠道、"ADMINISTRATIVE_LICENSING"用途查询"王测试"的信用档案
    那么 请求被拒绝，错误代码为"BAD_DECLARATION"，依据第22条

  场景: 报送渠道不能用来查询
    当 "market-provider"以"SUBMIT"渠道、"DATA_SUBMISSION"用途查询"王测试"的信用档案
    那么 请求被拒绝，错误代码为"BAD_DECLARATION"，依据第22条

  场景大纲: 声明的渠道与操作不符，被拒绝，而不是改作该操作的渠道
    当 "<角色>"以"<渠道>"渠道、"<用途>"用途<操作>
    那么 请求被拒绝，错误代码为"BAD_DECLARATION"，依据第22条

    例子:
      | 角色            | 渠道        | 用途            | 操作                                   |
      | auditor         | PUBLIC      | AUDIT           | 查询审计日志                           |
      | auditor         | GOV_SHARING | AUDIT           | 查询审计日志                           |
      | market-provider | GOV_SHARING | DATA_SUBMISSION | 报送一条合规的"N-DIS-ADMIN-PENALTY"记录 |

  场景: 声明审计渠道的审计查询被受理
    当 "auditor"以"AUDIT"渠道、"AUDIT"用途查询审计日志
    那么 请求被受理

  场景: 市场信用信息不通过政务共享披露
    当 "housing-user"以"GOV_SHARING"渠道、"ADMINISTRATIVE_LICENSING"用途查询"王测试"的信用档案
    那么 返回的记录包括"N-DIS-ADMIN-PENALTY"
    但是 返回的记录不包括"M-INCOME"

  场景: 市场信用信息可以由信用主体本人查看
    当 "王测试"本人以"SELF"渠道查询自己的信用档案
    那么 返回的记录包括"M-INCOME"

  场景: 没有对应策略的角色和渠道一律拒绝
    当 "bank"以"GOV_SHARING"渠道、"LENDING"用途查询"王测试"的信用档案
    那么 请求被拒绝，错误代码为"ACCESS_DENIED"，依据第24条

  场景: 市场信用信息目录项不得设为公开或政务共享
    假如 目录新增市场信用信息目录项"M-TEST-SHARED"，设为政务共享
    当 加载该版本目录
    那么 目录被拒绝，错误代码为"MARKET_INFO_DISCLOSURE"，依据第22条
