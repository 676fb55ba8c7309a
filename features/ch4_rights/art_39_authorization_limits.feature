# language: zh-CN
@art_39
功能: 禁止强制授权、一次性授权终身使用；授权有范围、有期限、可撤回
  第三十九条　……（二）未经授权、强制授权或者一次授权终身使用等方式采集、使用个人信息；……

  背景:
    假如 平台中有测试城市的信用档案

  场景: 超过最长期限的授权被拒绝
    当 "王测试"提交书面授权：截止=3650
    那么 授权被拒绝，错误代码为"LIFELONG_AUTHORIZATION"，依据第39条，问题在"validTo"
    并且 拒绝的理由写明"at most 366 days"

  场景: 没有范围的授权被拒绝
    当 "王测试"书面授权"B-BANK-1"以"LENDING"用途查询"NOT-AN-ITEM"，有效期30天
    那么 授权被拒绝，错误代码为"INVALID_SCOPE"，依据第39条

  场景: 撤回的授权不再有效
    假如 "王测试"书面授权"B-BANK-1"以"LENDING"用途查询"N-DIS-ADMIN-PENALTY"，有效期30天
    并且 "王测试"撤回了该授权
    当 "bank"依据该授权以"AUTHORIZED"渠道、"LENDING"用途查询"王测试"的信用档案
    那么 请求被拒绝，错误代码为"ACCESS_DENIED"，依据第39条

  场景: 有效期内未撤回的授权可以使用
    假如 "王测试"书面授权"B-BANK-1"以"LENDING"用途查询"N-DIS-ADMIN-PENALTY"，有效期30天
    当 "bank"依据该授权以"AUTHORIZED"渠道、"LENDING"用途查询"王测试"的信用档案
    那么 返回的记录包括"N-DIS-ADMIN-PENALTY"

  场景: 有效期的最后一天仍可依授权查询
    假如 "王测试"书面授权"B-BANK-1"以"LENDING"用途查询"N-DIS-ADMIN-PENALTY"，有效期30天
    并且 该授权的有效期到今天为止
    当 "bank"依据该授权以"AUTHORIZED"渠道、"LENDING"用途查询"王测试"的信用档案
    那么 返回的记录包括"N-DIS-ADMIN-PENALTY"

  场景大纲: 授权期限以设定的最长天数为界，不得为零
    当 "王测试"书面授权"B-BANK-1"以"LENDING"用途查询"N-DIS-ADMIN-PENALTY"，有效期<天数>天
    那么 授权结果为"<结果>"

    例子:
      | 天数 | 结果                   |
      | 366  | 已授权                 |
      | 367  | LIFELONG_AUTHORIZATION |
      | 0    | INVALID_AUTHORIZATION  |

  场景大纲: 授权须有截止日期、不得始于过去、须列明范围
    当 "王测试"提交书面授权：<变更>
    那么 授权被拒绝，错误代码为"<错误代码>"，依据第39条，问题在"<字段>"
    并且 拒绝的理由写明"<说明>"

    例子:
      | 变更                   | 错误代码               | 字段      | 说明                       |
      | 截止=空                | LIFELONG_AUTHORIZATION | validTo   | lifelong                   |
      | 截止=-1                | INVALID_AUTHORIZATION  | validTo   | end after it starts        |
      | 起始=-1，截止=30       | INVALID_AUTHORIZATION  | validFrom | start in the past          |
      | 范围=空                | INVALID_SCOPE          | scope     | unknown: []                |
      | 范围=NOT-AN-ITEM       | INVALID_SCOPE          | scope     | unknown: ['NOT-AN-ITEM']   |
