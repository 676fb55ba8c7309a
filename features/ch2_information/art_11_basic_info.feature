# language: zh-CN
@art_11
功能: 身份识别信息、登记信息作为基础信息记入信用档案
  第十一条　社会信用主体的身份识别信息、登记信息等应当作为基础信息记入其信用档案。

  场景: 自然人身份信息作为基础信息记入档案
    假如 提供单位"P-PUBLIC_SECURITY"
    并且 一条合规的"N-BASIC-PERSON"记录
    当 提供单位报送这批记录
    那么 该记录属于"PUBLIC"信息、"BASIC"类，由"P-PUBLIC_SECURITY"提供
    并且 该主体的信用档案以其标识建立

  场景: 法人登记信息作为基础信息记入档案
    假如 提供单位"P-MARKET"
    并且 一条合规的"N-BASIC-ORG"记录
    当 提供单位报送这批记录
    那么 该记录属于"PUBLIC"信息、"BASIC"类，由"P-MARKET"提供

  场景: 登记信息只能由掌握登记信息的单位报送
    假如 提供单位"P-HEALTH"
    并且 一条合规的"N-BASIC-ORG"记录
    当 提供单位报送这批记录
    那么 整批被拒绝，错误代码为"PROVIDER_NOT_ALLOWED"，依据第18条

  场景大纲: 组织的任职信息作为登记信息记入档案
    假如 提供单位"P-MARKET"
    并且 一项任职：<任职人>自"<起始>"至"<结束>"担任<组织>的"<职务>"，持股比例为"<持股比例>"
    当 提供单位报送这批记录
    那么 该任职被写入

    例子:
      | 任职人     | 起始       | 结束       | 组织     | 职务                    | 持股比例 |
      | 一位自然人 | 2024-01-01 | 空         | 一家组织 | LEGAL_REPRESENTATIVE_OF | 空       |
      | 一位自然人 | 2024-01-01 | 2024-01-01 | 一家组织 | PRINCIPAL_OF            | 空       |
      | 一位自然人 | 2024-01-01 | 2025-06-30 | 一家组织 | ACTUAL_CONTROLLER_OF    | 空       |
      | 一位自然人 | 2024-01-01 | 空         | 一家组织 | DIRECTOR_OF             | 空       |
      | 一位自然人 | 2024-01-01 | 空         | 一家组织 | SHAREHOLDER_OF          | 0.01     |
      | 一家组织   | 2024-01-01 | 空         | 一家组织 | SHAREHOLDER_OF          | 1        |

  场景大纲: 不合要求的任职信息被拒绝，不写入任何信息
    假如 提供单位"P-MARKET"
    并且 一项任职：<任职人>自"<起始>"至"<结束>"担任<组织>的"<职务>"，持股比例为"<持股比例>"
    当 提供单位报送这批记录
    那么 第1项任职被拒绝，错误代码为"<错误代码>"，依据第<条>条，问题在"<字段>"
    并且 问题说明写明"<说明>"

    例子:
      | 任职人               | 起始       | 结束       | 组织           | 职务                    | 持股比例 | 错误代码           | 条 | 字段                       | 说明                                        |
      | 身份号码无效的自然人 | 2024-01-01 | 空         | 一家组织       | DIRECTOR_OF             | 空       | INVALID_CITIZEN_ID | 10 | holder.subject.number      | is invalid                                  |
      | 一位自然人           | 2024-01-01 | 空         | 代码无效的组织 | DIRECTOR_OF             | 空       | INVALID_USCC       | 10 | organization.subject.number | is invalid                                  |
      | 一位自然人           | 2024-01-01 | 空         | 一家组织       | FRIEND_OF               | 空       | INVALID_ROLE       | 11 | role                       | role 'FRIEND_OF' is not one of LEGAL_REPRESENTATIVE_OF, PRINCIPAL_OF |
      | 一位自然人           | 2024-01-01 | 空         | 一位自然人     | DIRECTOR_OF             | 空       | INVALID_ROLE       | 11 | organization               | identified by its USCC                      |
      | 一家组织             | 2024-01-01 | 空         | 一家组织       | LEGAL_REPRESENTATIVE_OF | 空       | INVALID_ROLE       | 11 | holder                     | can hold the role LEGAL_REPRESENTATIVE_OF   |
      | 一家组织             | 2024-01-01 | 空         | 一家组织       | DIRECTOR_OF             | 空       | INVALID_ROLE       | 11 | holder                     | can hold the role DIRECTOR_OF               |
      | 一位自然人           | 2024-01-01 | 2023-12-31 | 一家组织       | DIRECTOR_OF             | 空       | INVALID_ROLE       | 11 | end                        | cannot end before it starts                 |
      | 一位自然人           | 2024-01-01 | 空         | 一家组织       | SHAREHOLDER_OF          | 空       | INVALID_ROLE       | 11 | share                      | between 0 (exclusive) and 1                 |
      | 一位自然人           | 2024-01-01 | 空         | 一家组织       | SHAREHOLDER_OF          | 0        | INVALID_ROLE       | 11 | share                      | between 0 (exclusive) and 1                 |
      | 一位自然人           | 2024-01-01 | 空         | 一家组织       | SHAREHOLDER_OF          | -0.5     | INVALID_ROLE       | 11 | share                      | between 0 (exclusive) and 1                 |
      | 一位自然人           | 2024-01-01 | 空         | 一家组织       | SHAREHOLDER_OF          | 1.01     | INVALID_ROLE       | 11 | share                      | between 0 (exclusive) and 1                 |
      | 一位自然人           | 2024-01-01 | 空         | 一家组织       | DIRECTOR_OF             | 0.5      | INVALID_ROLE       | 11 | share                      | only a shareholding has a share             |
