"""The issuing body, on invented report openings of each kind real pages come in."""

import pytest

from ie.extract.meta import find_agency


@pytest.mark.parametrize(
    "text,expected",
    [
        # the title, with the crawler's clutter around it
        (
            "【2017】青石县水务局2017年政府信息公开工作年度报告\n来源: 更新时间:2018/03/09\n一、总体情况",
            "青石县水务局",
        ),
        ("标题: 云溪综合实验区2020年度政府信息公开工作年度报告\n发布机构:\n", "云溪综合实验区"),
        (
            "名称 北岭市统计局2023年政府信息公开工作年度报告\n索引号 0001/2024-00005\n",
            "北岭市统计局",
        ),
        (
            "首页>政务公开>政府信息公开年报>2021年政府信息公开年报>正文南川县人民政府2021年政府信息公开工作年度报告\n",
            "南川县人民政府",
        ),
        # a title quoted by name is not the report's title
        (
            "按照北岭市人民政府办公室《关于报送2017年度政务公开工作总结报告的通知》要求,现将我局"
            "年度报告公布如下。如对本报告有疑问,请与北岭市交通运输局联系。",
            "北岭市交通运输局",
        ),
        # no title: the body that compiles the report, the contact line, the subject of the opening
        (
            "根据《条例》要求,由东湖镇人民政府党政办公室编制。本报告中所列数据……我镇全年……",
            "东湖镇人民政府",
        ),
        ("一、总体情况\n2022年,白沙街以新时代思想为指导,持续推进政务公开。我街……", "白沙街"),
        ("依据《条例》要求,根据2023年西山市司法局信息公开工作实际编制本报告。", "西山市司法局"),
        (
            "现公开钢铁路街道办事处2017年政府信息公开工作年度报告。本年度报告中所列数据……",
            "钢铁路街道办事处",
        ),
        # the fullest form the text gives for the same body
        (
            "按照要求,青山镇政府编制2020年政府信息公开工作年度报告。如有疑问,请与青山镇人民政府联系。",
            "青山镇人民政府",
        ),
        # the title's short form, signed in full at the end (落款)
        (
            "青松街道2021年政府信息公开工作年度报告\n一、总体情况\n2021年,青松街道……\n"
            "六、其他需要报告的事项\n无。\n\n北岭市南湖区青松街道办事处\n2022年1月20日\n",
            "北岭市南湖区青松街道办事处",
        ),
        # a signature naming another body than the title does not replace the title
        (
            "青石县水务局2021年政府信息公开工作年度报告\n一、总体情况\n……\n青石县人民政府办公室\n",
            "青石县水务局",
        ),
        # no title, signed: the signature
        (
            "一、总体情况\n2021年,我局……\n六、其他需要报告的事项\n无。\n西山市林业局 2022年1月\n",
            "西山市林业局",
        ),
        # the report's own title quoted where it is published
        (
            "一、总体情况\n根据《条例》要求,现予发布《东岭县水利局2022年度政府信息公开工作年度报告》。"
            "2022年我局……",
            "东岭县水利局",
        ),
        # the contact line and an address: the fullest form of the same body
        (
            "由区林业局编制本报告。如有疑问,可与南川区林业局办公室联系(地址:滨江路8号3#楼北岭市南川区林业局)。",
            "北岭市南川区林业局",
        ),
        # only 我局, but its own disclosure rules are cited by name
        (
            "一、总体情况\n我局进一步完善《北岭市司法局政府信息公开管理制度》,严格执行《某省政府信息公开规定》。",
            "北岭市司法局",
        ),
        # only 我局 / 县X局, or a body merely mentioned: null
        (
            "一、总体情况\n2017年,县交通运输局在县委、县政府的领导下,严格落实《某省政府信息公开规定》,我局……",
            None,
        ),
        (
            "欢迎您访问河口区人民政府门户网站\n2017年度政府信息公开年报\n发布日期:2018-02-11 信息来源:区交通运输局\n"
            "一、总体情况\n2025年,区交通运输局……一是明确区交通运输局分管领导……",
            None,
        ),
        ("严格执行《某省政府信息公开申请办理规范》,我厅全年……", None),
    ],
)
def test_agency(text, expected):
    assert find_agency(text) == expected
