# language: zh-CN
@art_18 @art_13
功能: 提供单位按照公共信用信息目录报送信息
  第十三条　公共信用信息实行目录制管理。……公共信用信息是否公开，是否共享以及共享范围，公示、保存的期限，应当在目录中予以明确。
  第十八条　公共信用信息提供单位应当按照公共信用信息目录，及时、准确、完整地向公共信用信息工作机构提供公共信用信息。

  与目录中任何目录项都不匹配的信息、无权报送该目录项的提供单位、目录项未声明的字段以及缺少必填字段的记录，均被拒绝。

  场景: 与目录不匹配的信息被拒绝
    假如 提供单位"P-MARKET"
    并且 一条合规的"N-DIS-ADMIN-PENALTY"记录
    并且 该记录的目录项编码改为"N-UNLISTED-ITEM"
    当 提供单位报送这批记录
    那么 整批被拒绝，错误代码为"UNKNOWN_CATALOG_ITEM"，依据第13条
    并且 没有写入任何信息

  场景: 提供单位不得报送其他行业领域的目录项
    假如 提供单位"P-TAX"
    并且 一条合规的"N-BASIC-ORG"记录
    当 提供单位报送这批记录
    那么 整批被拒绝，错误代码为"PROVIDER_NOT_ALLOWED"，依据第18条
    并且 没有写入任何信息

  场景: 目录项未声明的字段不得采集
    假如 提供单位"P-MARKET"
    并且 一条合规的"N-DIS-ADMIN-PENALTY"记录
    并且 该记录增加字段"hobby"，值为"钓鱼"
    当 提供单位报送这批记录
    那么 整批被拒绝，错误代码为"UNDECLARED_FIELD"，依据第18条

  场景: 缺少目录项必填字段的信息不完整，被拒绝
    假如 提供单位"P-MARKET"
    并且 一条合规的"N-BASIC-ORG"记录
    并且 该记录缺少字段"name"
    当 提供单位报送这批记录
    那么 整批被拒绝，错误代码为"MISSING_FIELD"，依据第18条

  场景: 未登记的提供单位不得报送
    假如 提供单位"P-NOBODY"
    并且 一条合规的"N-BASIC-ORG"记录
    当 提供单位报送这批记录
    那么 整批被拒绝，错误代码为"UNKNOWN_PROVIDER"，依据第18条

  场景大纲: 主体类型与目录项不符的信息被拒绝
    假如 提供单位"<提供单位>"
    并且 一条合规的"<目录项>"记录
    并且 该记录的主体是<主体>
    当 提供单位报送这批记录
    那么 第1条记录被拒绝，错误代码为"SUBJECT_TYPE_MISMATCH"，依据第13条，问题在"subject.idType"
    并且 没有写入任何信息

    例子:
      | 提供单位          | 目录项         | 主体                                           |
      | P-MARKET          | N-BASIC-ORG    | 公民身份号码为"110105198505170056"的自然人     |
      | P-MARKET          | N-BASIC-ORG    | 护照号码为"E12345678"的自然人                  |
      | P-PUBLIC_SECURITY | N-BASIC-PERSON | 统一社会信用代码为"91110105MA0000005E"的组织 |

  场景: 行为发生日期晚于报送当日（2026年11月20日）的信息不准确，被拒绝
    假如 提供单位"P-MARKET"
    并且 一条合规的"N-DIS-ADMIN-PENALTY"记录，发生于"2026-11-21"
    当 提供单位报送这批记录
    那么 第1条记录被拒绝，错误代码为"INVALID_FIELD_VALUE"，依据第18条，问题在"occurredAt"
    并且 没有写入任何信息

  场景: 报送当日（2026年11月20日）发生的行为可以报送
    假如 提供单位"P-MARKET"
    并且 一条合规的"N-DIS-ADMIN-PENALTY"记录，发生于"2026-11-20"
    当 提供单位报送这批记录
    那么 该记录被写入，状态为"ACTIVE"

  场景大纲: 字段值不符合目录项声明的类型，信息不准确，被拒绝
    假如 提供单位"<提供单位>"
    并且 一条合规的"<目录项>"记录
    并且 该记录的字段"<字段>"的值为<值>
    当 提供单位报送这批记录
    那么 第1条记录被拒绝，错误代码为"INVALID_FIELD_VALUE"，依据第18条，问题在"fields.<字段>"
    并且 没有写入任何信息

    例子:
      | 提供单位        | 目录项              | 字段        | 值           |
      | P-MARKET        | N-DIS-ADMIN-PENALTY | caseName    | 42           |
      | P-MARKET        | N-DIS-ADMIN-PENALTY | decidedOn   | "2026-02-30" |
      | P-MARKET        | N-DIS-ADMIN-PENALTY | decidedOn   | 20260302     |
      | P-MARKET        | N-DIS-ADMIN-PENALTY | fineAmount  | true         |
      | P-MARKET        | N-DIS-ADMIN-PENALTY | fineAmount  | "一千元"     |
      | P-CIVIL_AFFAIRS | N-POS-VOLUNTEER     | serviceYear | "2026"       |
      | P-CIVIL_AFFAIRS | N-POS-VOLUNTEER     | serviceYear | true         |
      | P-CIVIL_AFFAIRS | N-POS-VOLUNTEER     | serviceYear | 2026.5       |
      | P-MARKET        | L-OTHER-COMMITMENT  | fulfilled   | "是"         |
      | P-MARKET        | L-OTHER-COMMITMENT  | fulfilled   | 1            |
      | P-MARKET        | N-DIS-ADMIN-PENALTY | fineAmount  | "NaN"        |
      | P-MARKET        | N-DIS-ADMIN-PENALTY | fineAmount  | "1e999"      |
      | P-MARKET        | N-DIS-ADMIN-PENALTY | fineAmount  | "-Infinity"  |
      | P-MARKET        | N-DIS-ADMIN-PENALTY | fineAmount  | 1e30         |
      | P-CIVIL_AFFAIRS | N-POS-VOLUNTEER     | serviceYear | 1000000000000000000000000000000 |

  场景大纲: 符合目录项声明类型的字段值被接受
    假如 提供单位"<提供单位>"
    并且 一条合规的"<目录项>"记录
    并且 该记录的字段"<字段>"的值为<值>
    当 提供单位报送这批记录
    那么 该记录被写入，状态为"ACTIVE"

    例子:
      | 提供单位        | 目录项              | 字段        | 值           |
      | P-MARKET        | N-DIS-ADMIN-PENALTY | decidedOn   | "2026-03-02" |
      | P-MARKET        | N-DIS-ADMIN-PENALTY | fineAmount  | 1000         |
      | P-MARKET        | N-DIS-ADMIN-PENALTY | fineAmount  | "1000.50"    |
      | P-MARKET        | N-DIS-ADMIN-PENALTY | fineAmount  | null         |
      | P-CIVIL_AFFAIRS | N-POS-VOLUNTEER     | serviceYear | 2026         |
      | P-MARKET        | L-OTHER-COMMITMENT  | fulfilled   | false        |

  场景大纲: 目录项须写明范围、信息类别和种类
    假如 地方补充目录新增失信信息目录项"L-DIS-TEST-CLASS"，归入第十五条第1类
    并且 该目录项的"<属性>"为"<值>"
    当 加载该版本目录
    那么 目录被拒绝，错误代码为"INVALID_CATALOG_ITEM"，依据第13条，问题在"scope"

    例子:
      | 属性   | 值       |
      | scope  | DISTRICT |
      | family | PRIVATE  |
      | kind   | NEGATIVE |

  场景大纲: 写明范围、信息类别和种类的目录项被接受
    假如 地方补充目录新增失信信息目录项"L-DIS-TEST-CLASS-<值>"，归入第十五条第1类
    并且 该目录项的"<属性>"为"<值>"
    当 加载该版本目录
    那么 目录被接受并写入

    例子:
      | 属性  | 值       |
      | scope | NATIONAL |
      | kind  | BASIC    |
      | kind  | POSITIVE |
      | kind  | OTHER    |

  场景大纲: 目录项的字段不得占用平台保留的名称，类型须为平台支持的类型
    假如 地方补充目录新增失信信息目录项"L-DIS-TEST-FIELD"，归入第十五条第1类
    并且 该目录项增加字段"<字段>"，标签为"<标签>"，类型为"<类型>"
    当 加载该版本目录
    那么 目录被拒绝，错误代码为"INVALID_CATALOG_ITEM"，依据第13条，问题在"<字段>"

    例子:
      | 字段        | 标签     | 类型   |
      | status      | 状态     | string |
      | occurredAt  | 发生日期 | date   |
      | penaltyNote | 备注     | money  |

  场景大纲: 平台支持的字段类型都可以在目录项中使用
    假如 地方补充目录新增失信信息目录项"L-DIS-TEST-TYPES"，归入第十五条第1类
    并且 该目录项增加字段"extra"，标签为"补充信息"，类型为"<类型>"
    当 加载该版本目录
    那么 目录被接受并写入

    例子:
      | 类型    |
      | string  |
      | date    |
      | decimal |
      | int     |
      | bool    |

  场景: 同一版本目录中同一编码的目录项只能有一个
    假如 地方补充目录新增失信信息目录项"L-DIS-TEST-TWICE"，归入第十五条第1类
    并且 该目录项在同一版本中列出两次
    当 加载该版本目录
    那么 目录被拒绝，错误代码为"DUPLICATE_CATALOG_ITEM"，依据第13条

  @art_46
  场景: 目录项须写明信用修复后该信息的处理方式
    假如 地方补充目录新增失信信息目录项"L-DIS-TEST-REPAIR"，归入第十五条第1类
    并且 该目录项的"on_repair"为"FORGET"
    当 加载该版本目录
    那么 目录被拒绝，错误代码为"INVALID_CATALOG_ITEM"，依据第46条，问题在"on_repair"

  @art_46
  场景大纲: 信用修复后删除、标注或者屏蔽信息都是有效的处理方式
    假如 地方补充目录新增失信信息目录项"L-DIS-TEST-REPAIR-<处理方式>"，归入第十五条第1类
    并且 该目录项的"on_repair"为"<处理方式>"
    当 加载该版本目录
    那么 目录被接受并写入

    例子:
      | 处理方式 |
      | DELETE   |
      | MARK     |
      | SHIELD   |

  场景: 字段值有长度上限，超出的记录被拒绝
    假如 提供单位"P-MARKET"
    并且 一条合规的"N-DIS-ADMIN-PENALTY"记录
    并且 该记录的字段"caseName"的值长2001个字
    当 提供单位报送这批记录
    那么 第1条记录被拒绝，错误代码为"TEXT_TOO_LONG"，依据第18条，问题在"fields.caseName"
    并且 没有写入任何信息

  场景: 长度上限以内的字段值被接受
    假如 提供单位"P-MARKET"
    并且 一条合规的"N-DIS-ADMIN-PENALTY"记录
    并且 该记录的字段"caseName"的值长2000个字
    当 提供单位报送这批记录
    那么 该记录被写入，状态为"ACTIVE"
