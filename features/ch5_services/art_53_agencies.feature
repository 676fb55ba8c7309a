# language: zh-CN
@art_53
功能: 经信用主体和提供单位双方授权，信用服务机构才能获得公共信用信息
  第五十三条　……经社会信用主体和公共信用信息提供单位授权，公共信用信息工作机构可以向符合条件的社会信用服务机构提供公共信用信息。

  背景:
    假如 平台中有测试城市的信用档案
    并且 "王测试"书面授权"M-CSA-1"以"CREDIT_SERVICE"用途查询"N-DIS-ADMIN-PENALTY"，有效期60天

  场景: 只有信用主体的授权、没有提供单位的授权，看不到信息
    当 "credit-agency"依据该授权以"AUTHORIZED"渠道、"CREDIT_SERVICE"用途查询"王测试"的信用档案
    那么 返回0条记录

  场景: 信用主体和提供单位都授权后，可以获得信息
    假如 提供单位"P-MARKET"授权信用服务机构"M-CSA-1"接收"N-DIS-ADMIN-PENALTY"
    当 "credit-agency"依据该授权以"AUTHORIZED"渠道、"CREDIT_SERVICE"用途查询"王测试"的信用档案
    那么 返回的记录包括"N-DIS-ADMIN-PENALTY"

  场景: 提供单位只能授权自己提供的信息
    假如 提供单位"P-TAX"授权信用服务机构"M-CSA-1"接收"N-DIS-ADMIN-PENALTY"
    当 "credit-agency"依据该授权以"AUTHORIZED"渠道、"CREDIT_SERVICE"用途查询"王测试"的信用档案
    那么 返回0条记录
