"""The programme's demo data as plain values: the China–US Sister Cities Summits, their
hosts and Tacoma's programme (the people are in delegations/demo_data.py). What is real and what is invented: docs/demo-data.md.

Arabic that the seed report (Xinhua, 19 July 2024) has is used word for word; English and
Chinese of the quotes are our translations of that Arabic, not the speakers' own words.
"""

import datetime as dt
from typing import NamedTuple


class Text(NamedTuple):
    """One text in the three content languages."""

    en: str
    zh_hans: str
    ar: str


EMPTY = Text("", "", "")

# --- Organisations (real) ---------------------------------------------------------------
CPAFFC = "cpaffc"
SCI = "sister-cities-international"

ORGANISATIONS = [
    {
        "slug": CPAFFC,
        "name": Text(
            "Chinese People's Association for Friendship with Foreign Countries",
            "中国人民对外友好协会",
            "جمعية الشعب الصيني للصداقة مع الدول الأجنبية",
        ),
        "short_name": Text("CPAFFC", "全国友协", "CPAFFC"),
        "website": "https://www.cpaffc.org.cn/",
    },
    {
        "slug": SCI,
        "name": Text(
            "Sister Cities International",
            "国际姐妹城市协会",
            "منظمة المدن الشقيقة الدولية",
        ),
        "short_name": Text("SCI", "SCI", "SCI"),
        "website": "https://sistercities.org/",
    },
]

# --- The six summits --------------------------------------------------------------------
TACOMA_SLUG = "tacoma-2024"

SUMMITS = [
    {
        "ordinal": 1,
        "slug": "washington-dc-2014",
        "title": Text(
            "1st China–US Sister Cities Summit",
            "第一届中美友好城市大会",
            "القمة الأولى للمدن الشقيقة بين الولايات المتحدة والصين",
        ),
        "theme": EMPTY,
        "city": Text("Washington, D.C.", "华盛顿特区", "واشنطن العاصمة"),
        "country": "US",
        "timezone": "America/New_York",
        "starts_on": dt.date(2014, 3, 26),
        "ends_on": dt.date(2014, 3, 27),
        "dates_note": EMPTY,
        "description": Text(
            "The first summit of the series, co-hosted by CPAFFC and Sister Cities "
            "International; 300 to 400 people took part.",
            "该系列的首届大会，由中国人民对外友好协会和国际姐妹城市协会共同主办，"
            "约300至400人出席。",
            "القمة الأولى في السلسلة، برعاية مشتركة من جمعية الشعب الصيني للصداقة مع الدول "
            "الأجنبية ومنظمة المدن الشقيقة الدولية، وشارك فيها ما بين 300 و400 شخص.",
        ),
    },
    {
        "ordinal": 2,
        "slug": "chicago-2015",
        "title": Text(
            "2nd China–US Sister Cities Summit",
            "第二届中美友好城市大会",
            "القمة الثانية للمدن الشقيقة بين الولايات المتحدة والصين",
        ),
        "theme": EMPTY,
        "city": Text("Chicago", "芝加哥", "شيكاغو"),
        "country": "US",
        "timezone": "America/Chicago",
        "starts_on": dt.date(2015, 10, 23),
        "ends_on": dt.date(2015, 10, 23),
        "dates_note": EMPTY,
        "description": Text(
            "Held in Chicago; more than 200 people took part.",
            "在芝加哥举行，200余人出席。",
            "عُقدت في شيكاغو بمشاركة أكثر من 200 شخص.",
        ),
    },
    {
        "ordinal": 3,
        "slug": "nanchang-2016",
        "title": Text(
            "3rd China–US Sister Cities Summit",
            "第三届中美友好城市大会",
            "القمة الثالثة للمدن الشقيقة بين الولايات المتحدة والصين",
        ),
        "theme": EMPTY,
        "city": Text("Nanchang", "南昌", "نانتشانغ"),
        "country": "CN",
        "timezone": "Asia/Shanghai",
        "starts_on": dt.date(2016, 11, 17),
        "ends_on": dt.date(2016, 11, 17),
        "dates_note": Text(
            "Only the month (November 2016) was reported; Thursday 17 November 2016 was "
            "chosen for the demo data.",
            "报道仅提及月份（2016年11月）；演示数据选用2016年11月17日（星期四）。",
            "لم يُذكر سوى الشهر (نوفمبر 2016)؛ واختير يوم الخميس 17 نوفمبر 2016 للبيانات التجريبية.",
        ),
        "description": Text(
            "The first summit of the series held in China, in Nanchang, capital of "
            "Jiangxi Province.",
            "该系列首次在中国举办的大会，在江西省省会南昌举行。",
            "أول قمة في السلسلة تُعقد في الصين، في نانتشانغ حاضرة مقاطعة جيانغشي.",
        ),
    },
    {
        "ordinal": 4,
        "slug": "houston-2019",
        "title": Text(
            "4th China–US Sister Cities Summit",
            "第四届中美友好城市大会",
            "القمة الرابعة للمدن الشقيقة بين الولايات المتحدة والصين",
        ),
        "theme": EMPTY,
        "city": Text("Houston", "休斯敦", "هيوستن"),
        "country": "US",
        "timezone": "America/Chicago",
        "starts_on": dt.date(2019, 7, 17),
        "ends_on": dt.date(2019, 7, 17),
        "dates_note": EMPTY,
        "description": Text(
            "Representatives of 21 cities from 16 Chinese provinces and of 21 cities from "
            "11 US states took part.",
            "来自中国16个省的21个城市和美国11个州的21个城市的代表出席。",
            "شارك ممثلو 21 مدينة من 16 مقاطعة صينية و21 مدينة من 11 ولاية أمريكية.",
        ),
    },
    {
        "ordinal": 5,
        "slug": "suzhou-2023",
        "title": Text(
            "5th China–US Sister Cities Summit",
            "第五届中美友好城市大会",
            "القمة الخامسة للمدن الشقيقة بين الولايات المتحدة والصين",
        ),
        "theme": EMPTY,
        "city": Text("Suzhou", "苏州", "سوتشو"),
        "country": "CN",
        "timezone": "Asia/Shanghai",
        "starts_on": dt.date(2023, 11, 9),
        "ends_on": dt.date(2023, 11, 9),
        "dates_note": Text(
            "Only the year (2023) was reported; Thursday 9 November 2023 was chosen for "
            "the demo data.",
            "报道仅提及年份（2023年）；演示数据选用2023年11月9日（星期四）。",
            "لم يُذكر سوى العام (2023)؛ واختير يوم الخميس 9 نوفمبر 2023 للبيانات التجريبية.",
        ),
        "description": Text(
            "Held in Suzhou, Jiangsu Province.",
            "在江苏省苏州市举行。",
            "عُقدت في سوتشو بمقاطعة جيانغسو.",
        ),
    },
    {
        "ordinal": 6,
        "slug": TACOMA_SLUG,
        "title": Text(
            "6th China–US Sister Cities Summit",
            "第六届中美友好城市大会",
            "القمة السادسة للمدن الشقيقة بين الولايات المتحدة والصين",
        ),
        "theme": Text(
            "Shared Visions for a Brighter Future",
            "共享愿景，共创美好未来",
            "رؤى مشتركة لمستقبل أكثر إشراقا",
        ),
        "city": Text("Tacoma", "塔科马", "تاكوما"),
        "country": "US",
        "timezone": "America/Los_Angeles",
        "starts_on": dt.date(2024, 7, 19),
        "ends_on": dt.date(2024, 7, 19),
        "dates_note": EMPTY,
        "description": Text(
            "Held in the port city of Tacoma, Washington, to deepen friendship and boost "
            "subnational exchanges between the two countries. Panel discussions, keynote "
            "speeches and case studies brought together more than 140 representatives from "
            "14 Chinese provinces and more than 100 from 21 US states to explore common "
            "opportunities, share ideas and address the shared challenges that affect "
            "communities in both countries.",
            "大会在华盛顿州港口城市塔科马举行，旨在深化两国友谊、促进两国地方交流。"
            "大会设有圆桌讨论、主旨演讲和案例研究，汇聚了来自中国14个省的140余名代表"
            "和美国21个州的100余名代表，共同探索合作机遇、交流思想，"
            "应对影响两国社区的共同挑战。",
            "عُقدت القمة في مدينة تاكوما الساحلية بولاية واشنطن بهدف تعميق الصداقة وتعزيز "
            "التبادلات على المستويات دون الوطنية بين البلدين. وجمعت القمة، التي تتضمن حلقات "
            "نقاش وخطابات رئيسية ودراسات حالة، أكثر من 140 ممثلا من 14 مقاطعة صينية وأكثر "
            "من 100 ممثل من 21 ولاية أمريكية، لاستكشاف الفرص المشتركة وتبادل الأفكار "
            "ومعالجة التحديات المشتركة التي تؤثر على المجتمعات في كلا البلدين.",
        ),
    },
]

# Every summit of the series was co-hosted by both organisations.
SUMMIT_HOSTS = (CPAFFC, SCI)

# --- Tacoma: venue and rooms (the report names no venue: chosen for the demo) -----------
TACOMA_VENUE = {
    "name": Text(
        "Greater Tacoma Convention Center",
        "大塔科马会议中心",
        "مركز تاكوما الكبرى للمؤتمرات",
    ),
    "address": Text(
        "1500 Commerce Street, Tacoma, WA 98402, USA",
        "美国华盛顿州塔科马市商业街1500号，邮编98402",
        "1500 شارع كوميرس، تاكوما، واشنطن 98402، الولايات المتحدة",
    ),
}

BALLROOM, ROOM_310, ROOM_315, HALL = "ballroom", "room-310", "room-315", "hall"

TACOMA_ROOMS = {
    BALLROOM: {
        "name": Text("Grand Ballroom", "大宴会厅", "القاعة الكبرى"),
        "capacity": 500,
        "position": 1,
    },
    ROOM_310: {
        "name": Text("Meeting Room 310", "310会议室", "قاعة الاجتماعات 310"),
        "capacity": 120,
        "position": 2,
    },
    ROOM_315: {
        "name": Text("Meeting Room 315", "315会议室", "قاعة الاجتماعات 315"),
        "capacity": 80,
        "position": 3,
    },
    HALL: {
        "name": Text("Exhibition Hall", "展厅", "قاعة المعارض"),
        "capacity": 600,
        "position": 4,
    },
}

# --- Speakers ---------------------------------------------------------------------------
YANG_WANMING, VICTORIA_WOODARDS = "yang-wanming", "victoria-woodards"

INVENTED_BIO = Text(
    "Demo data: invented speaker, not a real person.",
    "演示数据：虚构的演讲人，并非真实人物。",
    "بيانات تجريبية: متحدث مُختلَق، وليس شخصا حقيقيا.",
)

SPEAKERS = [
    # Real: the two keynote speakers the report names.
    {
        "slug": YANG_WANMING,
        "name": Text("Yang Wanming", "杨万明", "يانغ وان مينغ"),
        "position": Text(
            "President, CPAFFC",
            "中国人民对外友好协会会长",
            "رئيس جمعية الشعب الصيني للصداقة مع الدول الأجنبية",
        ),
        "organisation": CPAFFC,
        "bio": Text(
            "President of the Chinese People's Association for Friendship with Foreign "
            "Countries; keynote speaker at the 6th China–US Sister Cities Summit in Tacoma "
            "on 19 July 2024.",
            "中国人民对外友好协会会长；2024年7月19日在塔科马举行的第六届中美友好城市大会上"
            "发表主旨演讲。",
            "رئيس جمعية الشعب الصيني للصداقة مع الدول الأجنبية؛ ألقى كلمة رئيسية في القمة "
            "السادسة للمدن الشقيقة بين الولايات المتحدة والصين في تاكوما يوم 19 يوليو 2024.",
        ),
    },
    {
        "slug": VICTORIA_WOODARDS,
        "name": Text("Victoria Woodards", "维多利亚·伍达兹", "فيكتوريا ووداردز"),
        "position": Text("Mayor of Tacoma", "塔科马市市长", "رئيسة بلدية تاكوما"),
        "organisation": None,
        "bio": Text(
            "Mayor of Tacoma, Washington; keynote speaker at the 6th China–US Sister Cities "
            "Summit in Tacoma on 19 July 2024.",
            "华盛顿州塔科马市市长；2024年7月19日在塔科马举行的第六届中美友好城市大会上"
            "发表主旨演讲。",
            "رئيسة بلدية تاكوما بولاية واشنطن؛ ألقت كلمة رئيسية في القمة السادسة للمدن "
            "الشقيقة بين الولايات المتحدة والصين في تاكوما يوم 19 يوليو 2024.",
        ),
    },
    # Invented moderators and panellists: their bios say so in all three languages.
    {
        "slug": "margaret-ellison",
        "name": Text("Margaret Ellison", "玛格丽特·埃利森", "مارغريت إليسون"),
        "position": Text(
            "Programme director, a sister-city association",
            "某姐妹城市协会项目主任",
            "مديرة برامج في جمعية للمدن الشقيقة",
        ),
    },
    {
        "slug": "michael-torres",
        "name": Text("Michael Torres", "迈克尔·托雷斯", "مايكل توريس"),
        "position": Text(
            "Economic development manager, a Texas city",
            "得克萨斯州某市经济发展经理",
            "مدير التنمية الاقتصادية في إحدى مدن تكساس",
        ),
    },
    {
        "slug": "sarah-lindqvist",
        "name": Text("Sarah Lindqvist", "莎拉·林德奎斯特", "سارة ليندكفيست"),
        "position": Text(
            "Trade director, a Pacific Northwest port",
            "太平洋西北地区某港口贸易主任",
            "مديرة التجارة في أحد موانئ شمال غرب المحيط الهادئ",
        ),
    },
    {
        "slug": "robert-hayes",
        "name": Text("Robert Hayes", "罗伯特·海斯", "روبرت هايز"),
        "position": Text(
            "Chair, a city sister-city committee",
            "某市姐妹城市委员会主席",
            "رئيس لجنة المدن الشقيقة في إحدى المدن",
        ),
    },
    {
        "slug": "emily-carter",
        "name": Text("Emily Carter", "艾米丽·卡特", "إيميلي كارتر"),
        "position": Text(
            "High-school principal and exchange coordinator",
            "高中校长、交流项目协调人",
            "مديرة مدرسة ثانوية ومنسقة برامج التبادل",
        ),
    },
    {
        "slug": "james-whitaker",
        "name": Text("James Whitaker", "詹姆斯·惠特克", "جيمس ويتاكر"),
        "position": Text(
            "Historian of US–China local ties",
            "中美地方交往史学者",
            "مؤرخ للعلاقات المحلية بين الولايات المتحدة والصين",
        ),
    },
    {
        "slug": "zhang-haoran",
        "name": Text("Zhang Haoran", "张浩然", "تشانغ هاو ران"),
        "position": Text(
            "Deputy director, a provincial foreign affairs office",
            "某省外事办公室副主任",
            "نائب مدير مكتب الشؤون الخارجية في إحدى المقاطعات",
        ),
    },
    {
        "slug": "wang-lei",
        "name": Text("Wang Lei", "王磊", "وانغ لي"),
        "position": Text("Port logistics manager", "港口物流经理", "مدير لوجستيات الموانئ"),
    },
    {
        "slug": "liu-fang",
        "name": Text("Liu Fang", "刘芳", "ليو فانغ"),
        "position": Text(
            "Head of a municipal friendship association",
            "某市对外友好协会负责人",
            "رئيسة جمعية صداقة بلدية",
        ),
    },
    {
        "slug": "chen-xiaoyu",
        "name": Text("Chen Xiaoyu", "陈晓雨", "تشن شياو يوي"),
        "position": Text(
            "International relations researcher, a university",
            "某大学国际关系研究员",
            "باحثة في العلاقات الدولية بإحدى الجامعات",
        ),
    },
    {
        "slug": "li-wenjing",
        "name": Text("Li Wenjing", "李文静", "لي ون جينغ"),
        "position": Text(
            "Director of international exchanges, a university",
            "某大学国际交流处处长",
            "مديرة التبادل الدولي في إحدى الجامعات",
        ),
    },
    {
        "slug": "zhao-mingyuan",
        "name": Text("Zhao Mingyuan", "赵明远", "تشاو مينغ يوان"),
        "position": Text(
            "Agricultural cooperation officer, a provincial government",
            "某省政府农业合作官员",
            "مسؤول التعاون الزراعي في حكومة إحدى المقاطعات",
        ),
    },
]

# --- Tacoma's programme, 19 July 2024, in Tacoma time (America/Los_Angeles) -------------
KEYNOTE, PANEL, CASE_STUDY, CEREMONY, OTHER = "keynote", "panel", "case_study", "ceremony", "other"
MODERATOR, PANELLIST, KEYNOTE_SPEAKER = "moderator", "panellist", "keynote"

TACOMA_SESSIONS = [
    {
        "kind": OTHER,
        "starts": (8, 0),
        "ends": (9, 0),
        "room": HALL,
        "title": Text(
            "Registration and welcome coffee", "注册报到及欢迎咖啡", "التسجيل وقهوة الترحيب"
        ),
        "description": Text(
            "Delegates collect their badges; interpreters are at the desk.",
            "代表领取证件，服务台有翻译人员协助。",
            "يتسلم المندوبون شاراتهم، ويتوفر مترجمون عند مكتب الاستقبال.",
        ),
        "speakers": [],
    },
    {
        "kind": CEREMONY,
        "starts": (9, 0),
        "ends": (9, 30),
        "room": BALLROOM,
        "title": Text("Opening ceremony", "开幕式", "حفل الافتتاح"),
        "description": Text(
            "The 6th China–US Sister Cities Summit opens in the port city of Tacoma, "
            "co-hosted by CPAFFC and Sister Cities International under the theme “Shared "
            "Visions for a Brighter Future”.",
            "第六届中美友好城市大会在港口城市塔科马开幕，由中国人民对外友好协会和国际姐妹"
            "城市协会共同主办，主题为“共享愿景，共创美好未来”。",
            "تفتتح القمة السادسة للمدن الشقيقة بين الولايات المتحدة والصين في مدينة تاكوما "
            "الساحلية، برعاية مشتركة من جمعية الشعب الصيني للصداقة مع الدول الأجنبية ومنظمة "
            "المدن الشقيقة الدولية، تحت عنوان «رؤى مشتركة لمستقبل أكثر إشراقا».",
        ),
        "speakers": [("margaret-ellison", MODERATOR)],
    },
    {
        "kind": KEYNOTE,
        "starts": (9, 30),
        "ends": (10, 0),
        "room": BALLROOM,
        "title": Text(
            "Keynote speech by Yang Wanming, President of CPAFFC",
            "中国人民对外友好协会会长杨万明主旨演讲",
            "كلمة رئيسية ليانغ وان مينغ، رئيس جمعية الشعب الصيني للصداقة مع الدول الأجنبية",
        ),
        "description": Text(
            "“Sister province/state and sister city platforms are important for promoting "
            "mutual understanding and friendship between the Chinese and American peoples, "
            "and important windows for deepening exchanges and cooperation for mutual "
            "benefit and win-win results for both sides.” Tacoma and Washington State, he "
            "said, are a symbol of friendship between the Chinese and American peoples.",
            "“友好省州和友好城市平台对增进中美两国人民的相互了解和友谊十分重要，是深化交流"
            "合作、实现互利共赢的重要窗口。”他指出，塔科马市和华盛顿州是中美两国人民友谊的"
            "象征。",
            "«منصات المقاطعات/الولايات الشقيقة والمدن الشقيقة مهمة لتعزيز التفاهم المتبادل "
            "والصداقة بين الشعبين الصيني والأمريكي، وهي نوافذ مهمة لتعميق التبادلات والتعاون "
            "من أجل تحقيق المنفعة المتبادلة ونتائج الربح المشترك للجانبين». وأشار إلى أن "
            "«مدينة تاكوما وولاية واشنطن هما رمز الصداقة بين الشعبين الصيني والأمريكي».",
        ),
        "speakers": [(YANG_WANMING, KEYNOTE_SPEAKER)],
    },
    {
        "kind": KEYNOTE,
        "starts": (10, 0),
        "ends": (10, 30),
        "room": BALLROOM,
        "title": Text(
            "Keynote speech by Victoria Woodards, Mayor of Tacoma",
            "塔科马市市长维多利亚·伍达兹主旨演讲",
            "كلمة رئيسية لفيكتوريا ووداردز، رئيسة بلدية تاكوما",
        ),
        "description": Text(
            "“I truly believe that if we can work together to face all the challenges and "
            "opportunities ahead of us, we will be able to create a bright and prosperous "
            "future for every one of our communities.” Our sister city relationships, she "
            "said, let us build bridges of friendship and cooperation that reach across "
            "borders and bring all our communities closer together.",
            "“我坚信，只要我们携手应对面前的一切挑战和机遇，就能为我们的每一个社区创造光明而"
            "繁荣的未来。”她指出，友好城市关系让我们得以架起跨越国界的友谊与合作之桥，"
            "让我们所有的社区彼此更加贴近。",
            "«أعتقد بالفعل أنه إذا تمكنا من العمل معا لمواجهة جميع التحديات والفرص التي "
            "تنتظرنا، فسيكون بمقدورنا أن نصنع مستقبلا مشرقا ومزدهرا لكل مجتمع من مجتمعاتنا». "
            "وأشارت إلى أن «علاقات المدن الشقيقة لدينا تسمح لنا ببناء جسور من الصداقة والتعاون "
            "تتجاوز الحدود وتقرب جميع مجتمعاتنا من بعضها».",
        ),
        "speakers": [(VICTORIA_WOODARDS, KEYNOTE_SPEAKER)],
    },
    {
        "kind": OTHER,
        "starts": (10, 30),
        "ends": (10, 45),
        "room": HALL,
        "title": Text("Coffee break", "茶歇", "استراحة قهوة"),
        "description": Text(
            "Refreshments in the Exhibition Hall.",
            "展厅提供茶点。",
            "مرطبات في قاعة المعارض.",
        ),
        "speakers": [],
    },
    {
        "kind": PANEL,
        "starts": (10, 45),
        "ends": (12, 0),
        "room": BALLROOM,
        "title": Text(
            "Panel: Subnational exchanges for mutual benefit",
            "圆桌讨论：地方交流与互利共赢",
            "حلقة نقاش: التبادلات على المستويات دون الوطنية من أجل المنفعة المتبادلة",
        ),
        "description": Text(
            "Provinces, states and cities compare how sister ties turn into trade "
            "missions, investment and jobs on both sides of the Pacific.",
            "各省州和城市代表探讨如何将友好关系转化为太平洋两岸的贸易往来、投资与就业。",
            "يناقش ممثلو المقاطعات والولايات والمدن كيف تتحول علاقات التوأمة إلى بعثات تجارية "
            "واستثمارات وفرص عمل على ضفتي المحيط الهادئ.",
        ),
        "speakers": [
            ("michael-torres", MODERATOR),
            ("zhang-haoran", PANELLIST),
            ("sarah-lindqvist", PANELLIST),
            ("wang-lei", PANELLIST),
        ],
    },
    {
        "kind": CASE_STUDY,
        # Case studies are in smaller rooms: delegates sign up for a seat.
        "capacity": 40,
        "starts": (10, 45),
        "ends": (12, 0),
        "room": ROOM_310,
        "title": Text(
            "Case study: Tacoma and Fuzhou, thirty years of sister cities",
            "案例研究：塔科马与福州，友好城市三十年",
            "دراسة حالة: تاكوما وفوتشو، ثلاثون عاما من التوأمة",
        ),
        "description": Text(
            "Tacoma, about 50 kilometres south-west of Seattle, became a sister city of "
            "Fuzhou, capital of Fujian Province in east China, in 1994; the two cities "
            "celebrate thirty years of ties.",
            "塔科马位于西雅图西南约50公里，1994年与中国东部福建省省会福州结为友好城市，"
            "两市今年庆祝结好30周年。",
            "أقامت مدينة تاكوما، الواقعة على بعد حوالي 50 كيلومترا جنوب غرب سياتل، علاقة "
            "المدن الشقيقة مع فوتشو، حاضرة مقاطعة فوجيان بشرق الصين، في عام 1994. وتحتفل "
            "المدينتان بمرور 30 عاما على العلاقات.",
        ),
        "speakers": [
            ("emily-carter", MODERATOR),
            ("liu-fang", PANELLIST),
            ("robert-hayes", PANELLIST),
        ],
    },
    {
        "kind": CASE_STUDY,
        # Case studies are in smaller rooms: delegates sign up for a seat.
        "capacity": 30,
        "starts": (10, 45),
        "ends": (12, 0),
        "room": ROOM_315,
        "title": Text(
            "Case study: Hubei–Ohio and Nanjing–St. Louis, the first ties of 1979",
            "案例研究：湖北—俄亥俄与南京—圣路易斯，1979年的首批友好关系",
            "دراسة حالة: هوبي وأوهايو ونانجينغ وسانت لويس، أولى علاقات التوأمة عام 1979",
        ),
        "description": Text(
            "Sister ties between China and the United States began soon after the two "
            "countries established diplomatic relations in 1979, when Hubei Province and "
            "the State of Ohio, and the cities of Nanjing and St. Louis, were paired. "
            "Forty-five years later there are 286 pairs at all levels.",
            "1979年中美建交后不久，华中的湖北省与美国俄亥俄州、华东的南京市与美国圣路易斯市"
            "率先结好。四十五年后，中美已建立286对各级友好省州和友好城市。",
            "بدأت علاقة المدن الشقيقة بين الصين والولايات المتحدة بعد فترة وجيزة من إقامة "
            "العلاقات الدبلوماسية بين البلدين في عام 1979، عندما أقامت مقاطعة هوبي بوسط الصين "
            "وولاية أوهايو الأمريكية، ومدينة نانجينغ بشرق الصين ومدينة سانت لويس الأمريكية، "
            "علاقة توأمة. وبعد مرور خمسة وأربعين عاما، أقامت الصين والولايات المتحدة 286 زوجا "
            "من علاقات التوأمة على مستويات مختلفة.",
        ),
        "speakers": [
            ("chen-xiaoyu", MODERATOR),
            ("james-whitaker", PANELLIST),
            ("zhao-mingyuan", PANELLIST),
        ],
    },
    {
        "kind": OTHER,
        "starts": (12, 0),
        "ends": (13, 30),
        "room": HALL,
        "title": Text("Friendship lunch", "友谊午餐会", "غداء الصداقة"),
        "description": Text(
            "Delegations from 14 provinces and 21 states share tables by sister pair.",
            "来自14个省和21个州的代表团按友好城市结对同桌用餐。",
            "تتقاسم وفود 14 مقاطعة و21 ولاية الموائد بحسب أزواج التوأمة.",
        ),
        "speakers": [],
    },
    {
        "kind": PANEL,
        "starts": (13, 30),
        "ends": (14, 45),
        "room": BALLROOM,
        "title": Text(
            "Panel: Youth, education and people-to-people exchanges",
            "圆桌讨论：青年、教育与人文交流",
            "حلقة نقاش: الشباب والتعليم والتبادل بين الشعبين",
        ),
        "description": Text(
            "Student exchanges, school partnerships and study tours that keep sister ties "
            "alive from one generation to the next.",
            "学生交流、校际合作与游学项目，让友好关系代代相传。",
            "تبادل الطلاب والشراكات بين المدارس والرحلات الدراسية التي تبقي علاقات التوأمة "
            "حية من جيل إلى جيل.",
        ),
        "speakers": [
            ("li-wenjing", MODERATOR),
            ("emily-carter", PANELLIST),
            ("zhang-haoran", PANELLIST),
            ("james-whitaker", PANELLIST),
        ],
    },
    {
        "kind": PANEL,
        "starts": (13, 30),
        "ends": (14, 45),
        "room": ROOM_310,
        "title": Text(
            "Panel: Ports, trade and green shipping",
            "圆桌讨论：港口、贸易与绿色航运",
            "حلقة نقاش: الموانئ والتجارة والشحن الأخضر",
        ),
        "description": Text(
            "Port cities on both sides of the Pacific compare notes on trade links and "
            "cleaner shipping.",
            "太平洋两岸的港口城市交流贸易往来与清洁航运经验。",
            "تتبادل المدن الساحلية على ضفتي المحيط الهادئ الخبرات في الروابط التجارية "
            "والشحن الأنظف.",
        ),
        "speakers": [
            ("robert-hayes", MODERATOR),
            ("wang-lei", PANELLIST),
            ("sarah-lindqvist", PANELLIST),
        ],
    },
    {
        "kind": CASE_STUDY,
        # Case studies are in smaller rooms: delegates sign up for a seat.
        "capacity": 30,
        "starts": (13, 30),
        "ends": (14, 45),
        "room": ROOM_315,
        "title": Text(
            "Case study: Culture and tourism between sister cities",
            "案例研究：友好城市间的文化与旅游合作",
            "دراسة حالة: الثقافة والسياحة بين المدن الشقيقة",
        ),
        "description": Text(
            "Festivals, museum loans and tourism promotion between paired cities.",
            "结好城市之间的节庆活动、博物馆展品互借与旅游推广。",
            "المهرجانات وإعارة مقتنيات المتاحف والترويج السياحي بين المدن المتوأمة.",
        ),
        "speakers": [
            ("michael-torres", MODERATOR),
            ("liu-fang", PANELLIST),
            ("chen-xiaoyu", PANELLIST),
        ],
    },
    {
        "kind": PANEL,
        "starts": (15, 0),
        "ends": (16, 0),
        "room": BALLROOM,
        "title": Text(
            "Mayors’ roundtable: shared challenges, shared solutions",
            "市长圆桌会：共同挑战，共同方案",
            "مائدة مستديرة لرؤساء البلديات: تحديات مشتركة وحلول مشتركة",
        ),
        "description": Text(
            "Local leaders address the shared challenges that affect communities in both "
            "countries, from housing to climate resilience.",
            "地方领导人探讨影响两国社区的共同挑战，从住房到气候韧性。",
            "يناقش القادة المحليون معالجة التحديات المشتركة التي تؤثر على المجتمعات في كلا "
            "البلدين، من الإسكان إلى التكيف مع المناخ.",
        ),
        "speakers": [
            ("margaret-ellison", MODERATOR),
            ("zhao-mingyuan", PANELLIST),
            ("li-wenjing", PANELLIST),
            ("michael-torres", PANELLIST),
        ],
    },
    {
        "kind": CASE_STUDY,
        # Case studies are in smaller rooms: delegates sign up for a seat.
        "capacity": 25,
        "starts": (15, 0),
        "ends": (16, 0),
        "room": ROOM_310,
        "title": Text(
            "Case study: Agriculture and food cooperation between provinces and states",
            "案例研究：省州间的农业与食品合作",
            "دراسة حالة: التعاون الزراعي والغذائي بين المقاطعات والولايات",
        ),
        "description": Text(
            "How sister provinces and states share farming research and open markets for growers.",
            "友好省州如何分享农业科研成果，并为种植者开拓市场。",
            "كيف تتبادل المقاطعات والولايات الشقيقة أبحاث الزراعة وتفتح الأسواق أمام المزارعين.",
        ),
        "speakers": [
            ("sarah-lindqvist", MODERATOR),
            ("wang-lei", PANELLIST),
            ("robert-hayes", PANELLIST),
        ],
    },
    {
        "kind": CEREMONY,
        "starts": (16, 15),
        "ends": (17, 0),
        "room": BALLROOM,
        "title": Text("Closing ceremony", "闭幕式", "حفل الختام"),
        "description": Text(
            "The co-hosts look ahead. In Yang Wanming's words: “In the future, we are ready "
            "to give full play to the role of the sister cities conference as a bridge and "
            "link, and to play a greater role in enhancing mutual trust, strengthening "
            "friendship and deepening cooperation between local governments of the two "
            "countries.”",
            "两家共同主办方展望未来。杨万明表示：“未来，我们愿充分发挥友城大会的桥梁和纽带"
            "作用，为增进两国地方政府间互信、加强友谊、深化合作发挥更大作用。”",
            "يتطلع الراعيان المشاركان إلى المستقبل. وقال يانغ وان مينغ: «في المستقبل، نحن على "
            "استعداد لإفساح المجال كاملا لدور مؤتمر المدن الشقيقة كجسر ورابط، والاضطلاع بدور "
            "أكبر في تعزيز الثقة المتبادلة وتقوية الصداقة وتعميق التعاون بين الحكومات المحلية "
            "في البلدين».",
        ),
        "speakers": [("margaret-ellison", MODERATOR)],
    },
    {
        "kind": OTHER,
        "starts": (18, 0),
        "ends": (20, 0),
        "room": HALL,
        "title": Text(
            "Friendship reception: thirty years of Tacoma–Fuzhou",
            "友谊招待会：塔科马—福州结好三十周年",
            "حفل استقبال الصداقة: ثلاثون عاما على توأمة تاكوما وفوتشو",
        ),
        "description": Text(
            "An evening reception marking the 30th anniversary of the Tacoma–Fuzhou sister "
            "city relationship (1994–2024).",
            "晚间招待会，庆祝塔科马与福州结为友好城市30周年（1994—2024）。",
            "حفل استقبال مسائي بمناسبة الذكرى الثلاثين لعلاقة التوأمة بين تاكوما وفوتشو "
            "(1994–2024).",
        ),
        "speakers": [],
    },
]

# --- Tacoma's programme releases (invented history) -------------------------------------
# The demo publishes the programme twice so that the changes page shows something real:
# release 1 as first announced, with the ports panel late in the afternoon in Room 315
# and no evening reception; release 2 as above (TACOMA_SESSIONS).
TACOMA_PORTS_PANEL = "Panel: Ports, trade and green shipping"
TACOMA_RECEPTION = "Friendship reception: thirty years of Tacoma–Fuzhou"
TACOMA_RELEASE_1_SLOTS = {
    TACOMA_PORTS_PANEL: {"starts": (16, 15), "ends": (17, 30), "room": ROOM_315},
}
TACOMA_ADDED_IN_RELEASE_2 = {TACOMA_RECEPTION}
TACOMA_RELEASE_NOTES = (
    "The programme as first announced.",
    "The ports panel moves to the early afternoon; the evening reception is added.",
)

# --- Interpretation at Tacoma (invented, as summits of the series run it) ---------------
# English on the floor with Chinese on channel 1; the keynotes add Arabic on channel 2;
# the agriculture case study is given in Chinese and interpreted into English. Social
# events are in both languages, without interpretation. (language, channel or None).
TACOMA_LANGUAGES_BY_KIND = {
    OTHER: [("en", None), ("zh-hans", None)],
    CEREMONY: [("en", None), ("zh-hans", 1)],
    KEYNOTE: [("en", None), ("zh-hans", 1), ("ar", 2)],
    PANEL: [("en", None), ("zh-hans", 1)],
    CASE_STUDY: [("en", None), ("zh-hans", 1)],
}
TACOMA_AGRICULTURE_CASE = (
    "Case study: Agriculture and food cooperation between provinces and states"
)
TACOMA_LANGUAGES_BY_TITLE = {
    TACOMA_AGRICULTURE_CASE: [("zh-hans", None), ("en", 1)],
}
# Private: organisers see them in the admin, delegates never.
TACOMA_INTERPRETERS = [
    {
        "name": "Chen Jing",
        "working_languages": "Chinese ↔ English",
        "email": "chen.jing@example.org",
    },
    {"name": "Li Wei", "working_languages": "Chinese ↔ English", "email": "li.wei@example.org"},
    {
        "name": "Sarah Mitchell",
        "working_languages": "English ↔ Chinese",
        "email": "sarah.mitchell@example.org",
    },
    {
        "name": "Nadia Haddad",
        "working_languages": "Arabic ↔ English",
        "email": "nadia.haddad@example.org",
    },
]
# Who sits in each room's booth, per language interpreted into; Room 315 books its own.
TACOMA_BOOTHS = {
    BALLROOM: {"zh-hans": ["Chen Jing", "Li Wei"], "ar": ["Nadia Haddad"]},
    ROOM_310: {"zh-hans": ["Sarah Mitchell"], "en": ["Sarah Mitchell"]},
}
