# language: zh-CN
@art_32 @art_15
功能: 信用承诺实行清单管理，承诺及履行情况记入信用档案；虚假或不履行承诺的记为失信信息
  第三十二条　……信用承诺事项实行清单制管理。……信用主体作出的信用承诺和履行承诺情况记入信用档案。
  对无失信信息记录的信用主体作出信用承诺的，可以给予容缺受理等便利。
  第十五条　纳入本市地方公共信用信息补充目录的失信信息应当限制在下列范围：……（二）在信用承诺中虚假承诺或者不履行承诺的信息；……

  背景:
    假如 平台中有测试城市的信用档案

  场景: 无失信信息记录的主体作出承诺，可以容缺受理
    当 "样本测试科技有限公司"作出"C-FOOD-LICENCE"信用承诺
    那么 该承诺可以容缺受理

  场景: 有失信信息记录的主体作出承诺，不能容缺受理
    当 "王测试"作出"C-FOOD-LICENCE"信用承诺
    那么 该承诺不能容缺受理

  场景: 不履行承诺被认定后，作为失信信息记入信用档案
    假如 "样本测试科技有限公司"作出"C-FOOD-LICENCE"信用承诺
    当 "market-authority"认定该承诺为"BROKEN"
    那么 该承诺的状态为"BROKEN"
    当 "market-authority"以"BY_AUTHORITY"渠道、"SUPERVISION"用途查询"样本测试科技有限公司"的信用档案
    那么 返回的记录包括"L-DIS-COMMITMENT"
    当 "market-authority"以"BY_AUTHORITY"渠道、"SUPERVISION"用途查询"样本测试科技有限公司"各记录的认定依据
    那么 "L-DIS-COMMITMENT"记录的认定依据是"OTHER_LEGAL"文书，法律依据写明"《社会信用条例》第三十二条；信用承诺书"

  场景: 两次不履行承诺的，各自作为一条失信信息记入信用档案
    假如 "样本测试科技有限公司"作出"C-FOOD-LICENCE"信用承诺
    并且 "market-authority"认定该承诺为"BROKEN"
    并且 "样本测试科技有限公司"作出"C-FOOD-LICENCE"信用承诺
    并且 "market-authority"认定该承诺为"BROKEN"
    当 "market-authority"以"BY_AUTHORITY"渠道、"SUPERVISION"用途查询"样本测试科技有限公司"的信用档案
    那么 返回的"L-DIS-COMMITMENT"记录有2条

  场景: 履行了的承诺不产生失信信息
    假如 "样本测试科技有限公司"作出"C-FOOD-LICENCE"信用承诺
    当 "market-authority"认定该承诺为"KEPT"
    那么 该承诺的状态为"KEPT"
    当 "market-authority"以"BY_AUTHORITY"渠道、"SUPERVISION"用途查询"样本测试科技有限公司"的信用档案
    那么 返回的记录不包括"L-DIS-COMMITMENT"

  场景: 承诺只认定一次
    假如 "样本测试科技有限公司"作出"C-FOOD-LICENCE"信用承诺
    并且 "market-authority"认定该承诺为"KEPT"
    当 "market-authority"认定该承诺为"BROKEN"
    那么 认定被拒绝，错误代码为"ILLEGAL_TRANSITION"，依据第32条，问题在"id"
    并且 拒绝的理由写明"KEPT"

  场景: 只有管理该承诺事项的行业领域信用管理部门可以认定
    假如 "样本测试科技有限公司"作出"C-FOOD-LICENCE"信用承诺
    当 "tax-authority"认定该承诺为"BROKEN"
    那么 认定被拒绝，错误代码为"NOT_RESPONSIBLE_AUTHORITY"，依据第32条，问题在"id"
    并且 拒绝的理由写明"MARKET"

  场景: 认定结果只能是已履行、不履行或者虚假承诺
    假如 "样本测试科技有限公司"作出"C-FOOD-LICENCE"信用承诺
    当 "market-authority"认定该承诺为"PARTLY_KEPT"
    那么 认定被拒绝，错误代码为"INVALID_OUTCOME"，依据第32条，问题在"outcome"
    并且 拒绝的理由写明"KEPT, BROKEN, FALSE"
