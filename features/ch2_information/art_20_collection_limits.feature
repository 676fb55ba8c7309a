# language: zh-CN
@art_20
功能: 禁止采集的个人信息与须经本人书面同意采集的信息
  第二十条　依法或者依约定采集自然人的社会信用信息时，不得采集宗教信仰、基因、指纹、血型、疾病和病史信息以及法律、行政法规规定禁止采集的其他个人信息。
  未经本人书面同意不得采集自然人的收入、存款、有价证券、商业保险、不动产的信息和纳税数额信息，但国家机关、法律法规授权的具有管理公共事务职能的组织依法可以采集的除外。

  场景大纲: 禁止采集的个人信息被拒绝
    假如 提供单位"P-MARKET"
    并且 一条合规的"N-DIS-ADMIN-PENALTY"记录
    并且 该记录增加字段"<字段>"，值为"测试"
    当 提供单位报送这批记录
    那么 整批被拒绝，错误代码为"FORBIDDEN_CATEGORY"，依据第20条
    并且 没有写入任何信息

    例子:
      | 字段           |
      | religion       |
      | geneticMarker  |
      | fingerprint    |
      | blood_type     |
      | 血型           |
      | diseaseName    |
      | medicalHistory |

  场景: 未经本人书面同意，信用服务机构不得采集收入信息
    假如 提供单位"M-CSA-1"
    并且 一条合规的"M-INCOME"记录
    当 提供单位报送这批记录
    那么 整批被拒绝，错误代码为"CONSENT_REQUIRED"，依据第20条
    并且 没有写入任何信息

  场景: 经本人书面同意，信用服务机构可以采集收入信息
    假如 提供单位"M-CSA-1"
    并且 一条合规的"M-INCOME"记录
    并且 该记录的主体已书面同意"M-CSA-1"采集"INCOME"信息
    当 提供单位报送这批记录
    那么 该记录被写入，状态为"ACTIVE"

  场景: 同意采集其他类别不等于同意采集收入信息
    假如 提供单位"M-CSA-1"
    并且 一条合规的"M-INCOME"记录
    并且 该记录的主体已书面同意"M-CSA-1"采集"DEPOSIT"信息
    当 提供单位报送这批记录
    那么 整批被拒绝，错误代码为"CONSENT_REQUIRED"，依据第20条

  场景: 国家机关依法采集纳税数额信息无需本人书面同意
    假如 提供单位"P-TAX"
    并且 一条合规的"L-OTHER-TAX-PAID"记录
    当 提供单位报送这批记录
    那么 该记录被写入，状态为"ACTIVE"

  场景大纲: 目录项不得设置禁止采集的个人信息字段
    假如 地方补充目录新增失信信息目录项"L-DIS-TEST-FORBIDDEN"，归入第十五条第1类
    并且 该目录项增加字段"<字段>"，标签为"<标签>"，类型为"string"
    当 加载该版本目录
    那么 目录被拒绝，错误代码为"FORBIDDEN_CATEGORY"，依据第20条，问题在"<字段>"

    例子:
      | 字段      | 标签     |
      | bloodType | 血液类别 |
      | bt        | 血型     |

  场景大纲: 自然人的书面同意写明采集的类别、期限和同意书，被记录
    当 一位自然人向"M-CSA-1"提交书面同意：采集"<类别>"信息，有效期<天数>天，同意书为"书面同意书（测试）"
    那么 同意书被记录

    例子:
      | 类别           | 天数 |
      | INCOME         | 1    |
      | INCOME、DEPOSIT | 1830 |

  场景大纲: 不合要求的书面同意不予记录
    当 <同意人>向"<提供单位>"提交书面同意：采集"<类别>"信息，有效期<天数>天，同意书为"<同意书>"
    那么 同意书被拒绝，错误代码为"<错误代码>"，依据第<条>条，问题在"<字段>"

    例子:
      | 同意人                   | 提供单位 | 类别            | 天数 | 同意书             | 错误代码               | 条 | 字段           |
      | 一家组织                 | M-CSA-1  | INCOME          | 365  | 书面同意书（测试） | INVALID_CONSENT        | 20 | subject        |
      | 一位身份号码无效的自然人 | M-CSA-1  | INCOME          | 365  | 书面同意书（测试） | INVALID_CITIZEN_ID     | 10 | subject.number |
      | 一位自然人               | M-CSA-1  | 空              | 365  | 书面同意书（测试） | INVALID_CONSENT        | 20 | categories     |
      | 一位自然人               | M-CSA-1  | INCOME、RELIGION | 365  | 书面同意书（测试） | INVALID_CONSENT        | 20 | categories     |
      | 一位自然人               | M-CSA-1  | INCOME          | 365  | 空                 | INVALID_CONSENT        | 20 | evidence       |
      | 一位自然人               | M-CSA-1  | INCOME          | 0    | 书面同意书（测试） | INVALID_CONSENT        | 39 | validUntil     |
      | 一位自然人               | M-CSA-1  | INCOME          | 1831 | 书面同意书（测试） | LIFELONG_AUTHORIZATION | 39 | validUntil     |
      | 一位自然人               | M-NOBODY | INCOME          | 365  | 书面同意书（测试） | UNKNOWN_PROVIDER       | 20 | providerId     |
