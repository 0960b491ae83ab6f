"""Demo content of the catalogue: the catalogue root with its guide, one column per rule, and
31 entries — policy documents (one repealing, one amending an older one), their
interpretations, work news and public notices. Written for this project; the organisation,
people and documents are fictional.

`load(demo)` adds what is missing and nothing else, so it can run any number of times. Budget
releases come from `disclosure.budget_demo.load(demo, catalogue)` when that module exists; it
finds the 预决算 column by its rule ("budget").
"""

import datetime
import importlib.util

from django.db import transaction
from django.utils import timezone

from departments.models import DepartmentSection
from disclosure.models import (
    CatalogueColumn,
    CatalogueRoot,
    PolicyDocument,
    PolicyInterpretation,
    PublicNotice,
    WorkNews,
)

ISSUER = "示例市卫生健康委员会"

GUIDE_SOURCE = """
<h3>一、主动公开</h3>
<p>本委主动公开的政府信息包括机构职能、政策文件及其解读、规划计划、预决算、行政许可和行政处罚、
公共卫生服务、公示公告、工作动态等，具体见本目录所列栏目。信息自形成或者变更之日起10个工作日内公开，
预决算信息在批复后20日内公开。</p>
<p>公开方式：本网站“政府信息公开”专栏为主要公开渠道，同时通过新闻发布会、政务新媒体、
市档案馆和市图书馆政府信息查阅点等途径公开。</p>
<h3>二、依申请公开</h3>
<p>公民、法人或者其他组织可以向本委申请获取相关政府信息。申请应当采用书面形式（包括数据电文形式），
写明申请人的姓名或者名称、身份证明、联系方式，所需政府信息的名称、文号或者便于查询的其他特征描述，
以及获取信息的方式和途径。</p>
<p>本委收到申请后，能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内答复；
需要延长答复期限的，经政务公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日。</p>
<h3>三、受理机构</h3>
<p>受理机构：示例市卫生健康委员会办公室（政务公开办公室）<br>
办公地址：示例市建设路88号卫生健康大楼3楼<br>
办公时间：工作日上午8:30—12:00，下午14:30—17:30<br>
咨询电话：0375-0000000　电子邮箱：gongkai@example.gov.cn</p>
<h3>四、监督和救济</h3>
<p>公民、法人或者其他组织认为本委在政府信息公开工作中侵犯其合法权益的，可以向示例市人民政府
政务公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。</p>
"""



def join_lines(html: str) -> str:
    """Join source lines: a line break inside Chinese text would show as a space."""
    return "".join(line.strip() for line in html.splitlines())


GUIDE = join_lines(GUIDE_SOURCE)

# (slug, title, department code, rule, parent slug or None, intro)
COLUMNS = [
    ("zcwj", "政策文件", "bangongshi", "document", None,
     "本委制定或牵头起草的规范性文件和其他政策文件。"),
    ("yzyg", "医政医管", "yizheng", "document", "zcwj", "医疗机构管理、医疗质量和医疗服务。"),
    ("jbfk", "疾病预防控制", "jikong", "document", "zcwj", "传染病防控、免疫规划和健康促进。"),
    ("jcws", "基层卫生健康", "jiceng", "document", "zcwj", "基层医疗卫生机构和家庭医生签约服务。"),
    ("zhzw", "综合政务", "bangongshi", "document", "zcwj", "政务公开、财务、法治等综合性文件。"),
    ("zcjd", "政策解读", "bangongshi", "document", None, "本委政策文件的解读，与文件同步发布。"),
    ("yjs", "预决算", "caiwu", "budget", None, "部门预算、决算和“三公”经费。"),
    ("mszj", "民生资金", "caiwu", "livelihood", None, "公共卫生服务等民生资金的分配和使用。"),
    ("gzdt", "工作动态", "bangongshi", "news", None, "本委重要会议、活动和工作进展。"),
    ("gsgg", "公示公告", "bangongshi", "other", None, "公示、公告、通告和意见征集。"),
]

# (key, column slug, title, number, written, subject, tags, validity, needs interpretation,
#  summary, body)
DOCUMENTS = [
    ("rjss-2023", "yzyg", "示例市卫生健康委员会关于印发《示例市医疗机构日间手术管理办法（试行）》的通知",
     "示卫医〔2023〕15号", datetime.date(2023, 6, 20), "health", ["日间手术", "医疗质量"],
     "valid", False,
     "试行日间手术的准入、病种目录、质量控制和随访要求。",
     "<p>各县（市、区）卫生健康局，委直属各医疗机构：</p>"
     "<p>为提高医疗资源使用效率、减轻患者负担，我委制定了《示例市医疗机构日间手术管理办法（试行）》，"
     "现印发给你们，请结合实际认真执行。试行期间遇到的问题，请及时反馈我委医政医管科。</p>"),
    ("rjss-2026", "yzyg", "示例市卫生健康委员会关于印发《示例市医疗机构日间手术管理办法》的通知",
     "示卫医〔2026〕8号", datetime.date(2026, 3, 16), "health", ["日间手术", "医疗质量", "患者安全"],
     "valid", True,
     "在三年试行基础上正式确立日间手术管理制度，扩大病种范围，明确术前评估、出院标准和24小时随访要求。",
     "<p>各县（市、区）卫生健康局，委直属各医疗机构：</p>"
     "<p>《示例市医疗机构日间手术管理办法》已经委主任办公会议研究通过，现印发给你们，请认真贯彻执行。</p>"
     "<p>本办法自2026年4月1日起施行。《示例市医疗机构日间手术管理办法（试行）》"
     "（示卫医〔2023〕15号）同时废止。</p>"
     "<h2>主要内容</h2><ol><li>开展日间手术的医疗机构应当具备相应的手术室、麻醉和复苏条件，"
     "并向登记机关备案。</li><li>日间手术病种目录由市级医疗质量控制中心每年评估调整。</li>"
     "<li>患者出院后24小时内应当完成首次随访，并记录在病历中。</li></ol>"),
    ("jjfw", "yzyg", "关于进一步规范院前医疗急救服务的通知", "示卫医〔2025〕21号",
     datetime.date(2025, 9, 3), "health", ["院前急救", "120"], "valid", False,
     "统一120调度标准，规定急救站点布局、车辆配置和急救转运交接流程。",
     "<p>各县（市、区）卫生健康局，市急救中心，各急救网络医院：</p>"
     "<p>为缩短急救反应时间，提高院前急救服务质量，现就有关事项通知如下：</p>"
     "<p>一、城区急救站点服务半径原则上不超过5公里，农村地区不超过15公里。</p>"
     "<p>二、急救车辆到达医院后，接收科室应当在15分钟内完成交接，不得以床位已满为由拒绝接收危重患者。</p>"
     "<p>三、各地要将院前急救纳入年度绩效考核。</p>"),
    ("yljg-ml", "yzyg", "关于公布2024年度示例市二级以上医疗机构名录的通知", "示卫医〔2024〕33号",
     datetime.date(2024, 12, 10), "health", ["医疗机构"], "expired", False,
     "公布2024年度全市二级以上医疗机构的名称、级别和地址。",
     "<p>现将2024年度全市二级以上医疗机构名录予以公布，供社会公众就医参考。名录以附件为准。</p>"),
    ("dcj-fk", "jbfk", "关于做好2025—2026年冬春季传染病防控工作的通知", "示卫疾控〔2025〕30号",
     datetime.date(2025, 12, 1), "health", ["传染病防控", "流感"], "valid", False,
     "部署流感、诺如病毒等冬春季高发传染病的监测、接种和医疗救治工作。",
     "<p>各县（市、区）卫生健康局，各医疗卫生机构：</p>"
     "<p>冬春季是呼吸道和肠道传染病的高发季节。为保障人民群众身体健康，请各单位加强发热门诊和"
     "哨点医院监测，做好流感疫苗接种服务，落实学校、养老机构等重点场所的晨午检和消毒措施。</p>"),
    ("ymjz-2024", "jbfk", "示例市免疫规划疫苗接种单位管理规定", "示卫疾控〔2024〕12号",
     datetime.date(2024, 4, 8), "health", ["免疫规划", "预防接种"], "valid", False,
     "规定免疫规划疫苗接种单位的设置条件、人员资质和冷链管理要求。",
     "<p>第一条　为规范免疫规划疫苗接种单位管理，保障预防接种安全，制定本规定。</p>"
     "<p>第二条　接种单位应当具有医疗机构执业许可证，并配备经过培训的医师、护士或者乡村医生。</p>"
     "<p>第三条　接种单位应当配备符合要求的冷藏设施，并每日两次记录温度。</p>"),
    ("ymjz-xg", "jbfk", "关于修改《示例市免疫规划疫苗接种单位管理规定》部分条款的决定",
     "示卫疾控〔2026〕4号", datetime.date(2026, 2, 10), "health", ["免疫规划", "预防接种"],
     "valid", False,
     "将冷链温度记录改为自动监测并保存两年，新增接种信息系统实时上传要求。",
     "<p>经研究，决定对《示例市免疫规划疫苗接种单位管理规定》作如下修改：</p>"
     "<p>一、将第三条中的“每日两次记录温度”修改为“使用温度自动监测设备，监测记录保存不少于两年”。</p>"
     "<p>二、增加一条，作为第四条：“接种单位应当在接种完成后实时将接种信息上传至免疫规划信息系统。”</p>"
     "<p>本决定自发布之日起施行。</p>"),
    ("jc-jxpj", "jcws", "示例市基层医疗卫生机构绩效评价实施方案", "示卫基层〔2025〕9号",
     datetime.date(2025, 11, 12), "health", ["基层医疗", "绩效评价"], "valid", True,
     "从服务提供、综合管理、可持续发展和满意度四个方面评价乡镇卫生院和社区卫生服务中心。",
     "<p>为推动基层医疗卫生机构提升服务能力，制定本方案。</p>"
     "<p>一、评价对象：全市乡镇卫生院和社区卫生服务中心。</p>"
     "<p>二、评价内容：服务提供、综合管理、可持续发展和满意度评价，满分100分。</p>"
     "<p>三、结果运用：评价结果与基本公共卫生服务补助资金分配和机构负责人年度考核挂钩。</p>"),
    ("jtys", "jcws", "关于开展家庭医生签约服务提质增效行动的通知", "示卫基层〔2026〕2号",
     datetime.date(2026, 1, 20), "health", ["家庭医生", "签约服务"], "valid", True,
     "以老年人、慢性病患者等重点人群为对象，推出个性化签约服务包，推行预约转诊绿色通道。",
     "<p>各县（市、区）卫生健康局：</p>"
     "<p>为让签约居民有更多获得感，决定于2026年在全市开展家庭医生签约服务提质增效行动。</p>"
     "<p>一、每个家庭医生团队至少提供3种个性化服务包。</p>"
     "<p>二、二级以上医院为签约居民预留不少于20%的专家号源，实行预约转诊。</p>"
     "<p>三、各地于每季度末将工作进展报送我委基层卫生健康科。</p>"),
    ("zwgk-yd", "zhzw", "示例市卫生健康委员会2026年政务公开工作要点", "示卫办〔2026〕3号",
     datetime.date(2026, 2, 25), "general", ["政务公开"], "valid", False,
     "围绕政策解读、依申请公开办理、公开目录动态更新等五个方面部署全年政务公开工作。",
     "<p>2026年，全委政务公开工作要坚持以公开为常态、不公开为例外，重点做好以下工作：</p>"
     "<ol><li>政策文件与解读同步组织、同步审签、同步部署。</li>"
     "<li>依申请公开答复严格在法定期限内办结，答复书告知救济途径。</li>"
     "<li>公开目录实行动态更新，信息形成后10个工作日内公开。</li>"
     "<li>每月通报各科室信息公开的及时性和准确性。</li>"
     "<li>1月31日前发布上一年度政府信息公开工作年度报告。</li></ol>"),
    ("cwgl", "zhzw", "示例市卫生健康委员会机关财务管理办法", "示卫财〔2025〕6号",
     datetime.date(2025, 5, 19), "finance", ["财务管理", "内部控制"], "valid", False,
     "规范机关预算编制、支出审批、政府采购和资产管理。",
     "<p>第一条　为加强机关财务管理，提高资金使用效益，根据有关财经法规，制定本办法。</p>"
     "<p>第二条　机关各项支出实行预算管理，无预算不得支出。</p>"
     "<p>第三条　单笔5万元以上的支出，经分管领导审核后报主要负责人审批。</p>"),
    ("cf-jz", "zhzw", "示例市卫生健康行政处罚裁量基准", "示卫法〔2025〕17号",
     datetime.date(2025, 8, 28), "health", ["行政处罚", "裁量基准"], "valid", False,
     "细化医疗机构、公共场所和职业卫生等领域常见违法行为的处罚幅度。",
     "<p>为规范卫生健康行政处罚裁量权，保障行政相对人的合法权益，制定本基准。</p>"
     "<p>适用本基准时，应当综合考虑违法行为的事实、性质、情节和社会危害程度，"
     "对首次轻微违法并及时改正、没有造成危害后果的，依法不予处罚。</p>"),
]

# What repeals / amends what (by key), applied before the newer document is published.
REPEALS = {"rjss-2026": ["rjss-2023"]}
AMENDS = {"ymjz-xg": ["ymjz-2024"]}

# (slug, title, form, interpreter, document keys, summary, body blocks, video url, transcript)
INTERPRETATIONS = [
    ("jd-rjss", "《示例市医疗机构日间手术管理办法》政策解读", "qa", "医政医管科负责人",
     ["rjss-2026"], "用问答的方式说明日间手术办法的修订背景、主要变化和对患者的影响。",
     [("question_answer", {"question": "为什么要把试行办法改为正式办法？",
                           "answer": "<p>试行三年来，全市已有14家医院开展日间手术，平均住院时间明显缩短，"
                                     "并发症发生率保持在较低水平。正式办法总结了试行经验，使管理要求更加稳定。</p>"}),
      ("question_answer", {"question": "和试行办法相比，主要有哪些变化？",
                           "answer": "<p>一是病种目录改为每年评估调整；二是明确出院后24小时内必须完成首次随访；"
                                     "三是要求开展日间手术的医院向登记机关备案。</p>"}),
      ("question_answer", {"question": "患者做日间手术，医保怎么报销？",
                           "answer": "<p>日间手术按住院待遇结算，具体按照本市医保部门的规定执行。</p>"})],
     "", ""),
    ("jd-jxpj", "图说《示例市基层医疗卫生机构绩效评价实施方案》", "text", "基层卫生健康科",
     ["jc-jxpj"], "介绍绩效评价的对象、指标和结果运用。",
     [("paragraph", "<h2>一、为什么要开展绩效评价</h2><p>通过评价引导基层机构把精力放在常见病诊疗和"
                    "公共卫生服务上，让群众在家门口看得上病、看得好病。</p>"
                    "<h2>二、评价看什么</h2><p>评价设服务提供、综合管理、可持续发展和满意度四个维度，"
                    "其中满意度由第三方机构随机回访签约居民。</p>"
                    "<h2>三、结果怎么用</h2><p>评价结果分为优秀、良好、合格、不合格四档，"
                    "与补助资金分配和负责人考核挂钩。</p>")],
     "", ""),
    ("jd-jtys", "家庭医生签约服务提质增效行动问答", "qa", "基层卫生健康科",
     ["jtys"], "回答居民关心的签约方式、服务内容和预约转诊问题。",
     [("question_answer", {"question": "怎样签约家庭医生？",
                           "answer": "<p>可以到户籍或居住地所在的社区卫生服务中心、乡镇卫生院现场签约，"
                                     "也可以通过“健康示例”小程序在线签约。</p>"}),
      ("question_answer", {"question": "签约后能优先挂到专家号吗？",
                           "answer": "<p>能。二级以上医院为签约居民预留不少于20%的专家号源，"
                                     "由家庭医生团队帮助预约转诊。</p>"})],
     "", ""),
    ("jd-dcj", "冬春季传染病防控：专家视频解读", "video", "市疾病预防控制中心专家",
     ["dcj-fk"], "疾控专家讲解冬春季常见传染病的特点和个人防护要点。",
     [("paragraph", "<p>视频时长约6分钟，文字稿见下方。</p>")],
     "https://video.example.gov.cn/wsjk/2025-dcj-fk.mp4",
     "冬春季气温低、空气干燥，流感、诺如病毒感染等疾病容易流行。"
     "建议60岁以上老人、慢性病患者和儿童尽早接种流感疫苗；出现发热、咳嗽等症状时应佩戴口罩，"
     "尽量减少前往人员密集场所；饭前便后要用肥皂和流水洗手。学校和托幼机构发现聚集性病例时，"
     "应当及时向属地疾控机构报告。"),
    ("jd-jjfw", "《关于进一步规范院前医疗急救服务的通知》解读", "text", "医政医管科",
     ["jjfw"], "解读急救站点布局、急救交接时限等规定。",
     [("paragraph", "<p>通知的核心是“快”和“接”。“快”是指通过加密急救站点，使城区呼叫后急救车平均到达时间"
                    "控制在12分钟以内；“接”是指医院不得以床位已满为由拒收危重患者，"
                    "交接时间不超过15分钟。</p>")],
     "", ""),
]

# (slug, title, happened on, place, author, source, summary, body)
NEWS = [
    ("news-zlhy", "市卫生健康委召开2026年全市医疗质量安全工作会议", datetime.date(2026, 3, 20),
     "市卫生健康大楼会议室", "李文静", "医政医管科",
     "会议通报了2025年医疗质量控制情况，部署了今年的重点工作。",
     "<p>3月20日，市卫生健康委召开全市医疗质量安全工作会议。会议通报了2025年全市医疗质量控制"
     "检查结果，对日间手术、院前急救等重点工作作出部署。各县（市、区）卫生健康局和二级以上医院"
     "分管负责人参加会议。</p>"),
    ("news-ymrz", "全市启动预防接种门诊规范化建设", datetime.date(2026, 3, 12), "", "吴晓燕",
     "疾病预防控制科", "今年将完成40家预防接种门诊的规范化改造。",
     "<p>记者从市卫生健康委获悉，今年全市将完成40家预防接种门诊的规范化改造，"
     "重点改善候种、留观环境，全部门诊实现冷链温度自动监测。</p>"),
    ("news-jtys", "家庭医生走进社区开展签约服务宣传", datetime.date(2026, 3, 5), "示例市东城区",
     "周海涛", "基层卫生健康科", "东城区12个家庭医生团队在社区开展义诊和签约咨询。",
     "<p>3月5日，东城区12个家庭医生团队走进社区广场，为居民提供血压血糖测量、用药咨询和签约服务，"
     "现场签约居民130余人。</p>"),
    ("news-zwgk", "市卫生健康委召开政务公开工作培训会", datetime.date(2026, 2, 27), "", "孙丽华",
     "办公室", "培训讲解了公开目录维护、保密审查和依申请公开办理流程。",
     "<p>2月27日，市卫生健康委举办政务公开工作培训会，各科室信息员参加。培训围绕公开目录维护、"
     "发布前保密审查和依申请公开办理时限等内容展开。</p>"),
    ("news-xyjh", "市中心血站开展春节前无偿献血活动", datetime.date(2026, 2, 10), "市中心广场",
     "吴晓燕", "医政医管科", "活动期间共有860余名市民参加献血。",
     "<p>为保障春节期间临床用血，市中心血站在市中心广场等地开展无偿献血活动，"
     "共有860余名市民参加，采集全血26万余毫升。</p>"),
    ("news-jkjy", "健康教育进校园活动在市第一中学举行", datetime.date(2026, 1, 15), "示例市第一中学",
     "吴晓燕", "疾病预防控制科", "疾控专家为师生讲解传染病预防和近视防控知识。",
     "<p>1月15日，市疾病预防控制中心专家走进示例市第一中学，为800余名师生讲解冬季传染病预防和"
     "近视防控知识，并发放健康教育资料。</p>"),
    ("news-ylbx", "全市二级以上医院全面推行检查检验结果互认", datetime.date(2026, 1, 8), "",
     "李文静", "医政医管科", "首批互认项目共58项。",
     "<p>自1月起，全市二级以上医院对58项检查检验项目实行结果互认，"
     "患者在不同医院就诊时可减少重复检查。</p>"),
    ("news-ndzj", "市卫生健康委召开2025年度工作总结会", datetime.date(2025, 12, 30), "", "孙丽华",
     "办公室", "会议总结了2025年全市卫生健康工作，分析了面临的形势。",
     "<p>12月30日，市卫生健康委召开年度工作总结会，回顾了2025年在医疗服务、公共卫生、"
     "基层卫生等方面取得的进展，并对2026年工作提出初步安排。</p>"),
]

# (column slug, slug, title, kind, issuing body, period days or None, contact, summary, body)
NOTICES = [
    ("gsgg", "gs-xjjt", "关于拟推荐全市卫生健康系统先进集体和先进个人的公示", "publicity", ISSUER,
     (datetime.date(2026, 3, 18), datetime.date(2026, 3, 24)),
     "联系电话：0375-0000001；电子邮箱：rsk@example.gov.cn",
     "公示拟推荐的5个先进集体和12名先进个人名单。",
     "<p>经各单位推荐、评审委员会评审，现将拟推荐名单予以公示。公示期间，如有异议，"
     "请以书面形式实名向我委人事科反映。</p>"),
    ("gsgg", "gg-zp", "示例市卫生健康委员会所属事业单位2026年公开招聘工作人员公告", "recruitment",
     ISSUER, None, "", "所属事业单位计划公开招聘工作人员46名。",
     "<p>根据工作需要，经市人力资源和社会保障局同意，我委所属事业单位2026年计划公开招聘工作人员46名。"
     "报名时间、岗位条件和考试安排详见附件岗位表。</p>"),
    ("gsgg", "zj-jjbz", "关于《示例市院前医疗急救站点设置规划（征求意见稿）》公开征求意见的公告",
     "consultation", ISSUER, (datetime.date(2026, 3, 2), datetime.date(2026, 4, 1)),
     "电子邮箱：yzk@example.gov.cn；邮寄地址：示例市建设路88号卫生健康大楼医政医管科",
     "征求意见期限为30日。",
     "<p>为广泛听取社会各界意见，现将《示例市院前医疗急救站点设置规划（征求意见稿）》全文公布，"
     "公众可在征求意见期限内通过电子邮件或信函提出意见。</p>"),
    ("gsgg", "gg-cgjg", "示例市卫生健康委员会信息系统运维服务采购结果公告", "procurement", ISSUER,
     None, "", "公布信息系统运维服务项目的成交供应商和成交金额。",
     "<p>本项目采用竞争性磋商方式采购，经磋商小组评审，确定成交供应商为示例信息技术有限公司，"
     "成交金额为人民币38.6万元。</p>"),
    ("gsgg", "tg-fk", "关于加强冬春季医疗机构发热门诊管理的通告", "circular", ISSUER, None, "",
     "要求发热门诊24小时开诊，落实预检分诊。",
     "<p>冬春季期间，全市二级以上医院发热门诊应当24小时开诊，落实预检分诊制度，"
     "引导发热患者到发热门诊就诊。</p>"),
    ("mszj", "zj-jbgw", "2025年基本公共卫生服务补助资金分配情况", "announcement", ISSUER, None, "",
     "公布2025年基本公共卫生服务补助资金在各县（市、区）的分配结果。",
     "<p>2025年全市基本公共卫生服务补助资金共计1.26亿元，按常住人口和绩效评价结果分配到"
     "各县（市、区），分配明细见附件。资金全部用于居民健康档案、预防接种、慢性病管理等服务项目。</p>"),
]


def load(demo):
    """Add the catalogue and its entries to the demo site where they are missing."""
    with transaction.atomic():
        catalogue = _catalogue(demo)
        columns = _columns(demo, catalogue)
        documents = _documents(columns)
        _interpretations(columns, documents)
        _news(columns)
        _notices(columns)
    if importlib.util.find_spec("disclosure.budget_demo") is not None:
        from disclosure import budget_demo

        budget_demo.load(demo, catalogue)


def _catalogue(demo):
    catalogue = CatalogueRoot.objects.first()
    if catalogue is None:
        catalogue = demo.home.add_child(instance=CatalogueRoot(
            title="政府信息公开", slug="xxgk", show_in_menus=True,
            search_description="政府信息公开指南、公开目录、年度报告和依申请公开。",
            intro="<p>本目录按栏目列出本委主动公开的政府信息。每条信息均标注索引号、发布机关和日期，"
                  "政策文件与其解读相互链接。</p>",
            guide=GUIDE, guide_updated_on=datetime.date(2026, 1, 20),
        ))
    DepartmentSection.objects.get_or_create(
        page=catalogue, defaults={"department": demo.department("bangongshi")})
    return catalogue


def _columns(demo, catalogue):
    columns = {}
    for slug, title, department, rule, parent_slug, intro in COLUMNS:
        parent = columns[parent_slug] if parent_slug else catalogue
        column = CatalogueColumn.objects.child_of(parent).filter(slug=slug).first()
        if column is None:
            column = parent.add_child(instance=CatalogueColumn(
                title=title, slug=slug, department=demo.department(department), rule=rule,
                intro=f"<p>{intro}</p>"))
        columns[slug] = column
    return columns


def _documents(columns):
    documents = {}
    # Older documents first, so that a repeal or an amendment finds its target published.
    for (key, column_slug, title, number, written, subject, tags, validity, needs, summary,
         body) in sorted(DOCUMENTS, key=lambda row: row[4]):
        existing = PolicyDocument.objects.filter(document_number=number).first()
        if existing:
            documents[key] = existing
            continue
        column = columns[column_slug]
        document = column.add_child(instance=PolicyDocument(
            title=title, slug=key, live=False, issuing_body=ISSUER, document_number=number,
            written_on=written, formed_on=written,
            subject=subject, validity=validity, needs_interpretation=needs, summary=summary,
            body=body, author=_author(column_slug), source=column.title,
        ))
        document.tags.add(*tags)
        document.repeals.set([documents[k] for k in REPEALS.get(key, [])])
        document.amends.set([documents[k] for k in AMENDS.get(key, [])])
        document.save_revision()
        if not needs:
            publish_dated(document, written)
        documents[key] = document
    return documents


def _interpretations(columns, documents):
    column = columns["zcjd"]
    for slug, title, form, interpreter, keys, summary, body, video, transcript in INTERPRETATIONS:
        if PolicyInterpretation.objects.filter(slug=slug).exists():
            continue
        targets = [documents[key] for key in keys]
        interpretation = column.add_child(instance=PolicyInterpretation(
            title=title, slug=slug, live=False, form=form, interpreter=interpreter,
            summary=summary, body=body, video_url=video, video_transcript=transcript,
            formed_on=targets[0].written_on, author="孙丽华", source=interpreter,
        ))
        interpretation.documents.set(targets)
        interpretation.save_revision()
        # 三同步: the interpretation goes live first, then the document it explains.
        publish_dated(interpretation, targets[0].written_on)
        for document in targets:
            document.refresh_from_db()
            if not document.live:
                publish_dated(document, document.written_on)


def _news(columns):
    column = columns["gzdt"]
    for slug, title, happened, place, author, source, summary, body in NEWS:
        if WorkNews.objects.filter(slug=slug).exists():
            continue
        news = column.add_child(instance=WorkNews(
            title=title, slug=slug, live=False, happened_on=happened, formed_on=happened,
            place=place, author=author, source=source, summary=summary, body=body))
        publish_dated(news, happened, days_after=1)


def _notices(columns):
    for (column_slug, slug, title, kind, issuer, period, contact, summary,
         body) in NOTICES:
        if PublicNotice.objects.filter(slug=slug).exists():
            continue
        start, end = period or (None, None)
        formed = start or datetime.date(2026, 3, 10)
        notice = columns[column_slug].add_child(instance=PublicNotice(
            title=title, slug=slug, live=False, kind=kind, issuing_body=issuer,
            period_start=start, period_end=end, contact=contact, summary=summary,
            body=body + signature_block(issuer, formed),
            formed_on=formed, author="孙丽华", source="办公室"))
        publish_dated(notice, formed)


def signature_block(issuer: str, day: datetime.date) -> str:
    """The 落款 that closes a notice: the issuing organisation, then the date in Chinese."""
    return f'<p>{issuer}</p><p>{day.year}年{day.month}月{day.day}日</p>'


def publish_dated(page, formed_on, days_after=3):
    """Publish through a revision (as the workflow's sign-off does), dated a few days after the
    information was formed, as it would have been on the old site, by the demo's signatory
    (分管领导), who signs off every publication."""
    from django.contrib.auth import get_user_model

    published = timezone.make_aware(
        datetime.datetime.combine(formed_on + datetime.timedelta(days=days_after),
                                  datetime.time(9, 30)))
    published = min(published, timezone.now())
    signatory = get_user_model().objects.filter(username="signatory").first()
    page.first_published_at = published
    # The workflow's last step publishes for the signatory, who holds no page permission.
    page.save_revision(user=signatory).publish(user=signatory, skip_permission_checks=True)
    type(page).objects.filter(pk=page.pk).update(last_published_at=published)


def _author(column_slug):
    return {"yzyg": "李文静", "jbfk": "吴晓燕", "jcws": "周海涛"}.get(column_slug, "孙丽华")
