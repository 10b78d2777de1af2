"""The people's demo data as plain values: localities, sister ties, delegations and the
invented names of delegates. What is real and what is invented: docs/demo-data.md."""

from summits.demo_data import Text

DEMO_EMAIL_DOMAIN = "demo.example.org"  # reserved by RFC 2606: never a real inbox

# --- Localities (real places) ----------------------------------------------------------
# Key: English name. Value: the province or state in three languages.
PROVINCES = {
    "Fujian": Text("Fujian", "福建省", "فوجيان"),
    "Jiangsu": Text("Jiangsu", "江苏省", "جيانغسو"),
    "Hubei": Text("Hubei", "湖北省", "هوبي"),
    "Guangdong": Text("Guangdong", "广东省", "قوانغدونغ"),
    "Zhejiang": Text("Zhejiang", "浙江省", "تشجيانغ"),
    "Shandong": Text("Shandong", "山东省", "شاندونغ"),
    "Sichuan": Text("Sichuan", "四川省", "سيتشوان"),
    "Jiangxi": Text("Jiangxi", "江西省", "جيانغشي"),
    "Hunan": Text("Hunan", "湖南省", "هونان"),
    "Henan": Text("Henan", "河南省", "خنان"),
    "Shaanxi": Text("Shaanxi", "陕西省", "شنشي"),
    "Yunnan": Text("Yunnan", "云南省", "يوننان"),
    "Hainan": Text("Hainan", "海南省", "هاينان"),
    "Liaoning": Text("Liaoning", "辽宁省", "لياونينغ"),
}
STATES = {
    "Washington": Text("Washington", "华盛顿州", "واشنطن"),
    "Ohio": Text("Ohio", "俄亥俄州", "أوهايو"),
    "Missouri": Text("Missouri", "密苏里州", "ميزوري"),
    "California": Text("California", "加利福尼亚州", "كاليفورنيا"),
    "Texas": Text("Texas", "得克萨斯州", "تكساس"),
    "Illinois": Text("Illinois", "伊利诺伊州", "إلينوي"),
    "Oregon": Text("Oregon", "俄勒冈州", "أوريغون"),
    "New York": Text("New York", "纽约州", "نيويورك"),
    "Iowa": Text("Iowa", "艾奥瓦州", "آيوا"),
    "Michigan": Text("Michigan", "密歇根州", "ميشيغان"),
    "Georgia": Text("Georgia", "佐治亚州", "جورجيا"),
    "Colorado": Text("Colorado", "科罗拉多州", "كولورادو"),
    "Hawaii": Text("Hawaii", "夏威夷州", "هاواي"),
    "Maryland": Text("Maryland", "马里兰州", "ماريلاند"),
    "Minnesota": Text("Minnesota", "明尼苏达州", "مينيسوتا"),
    "Arizona": Text("Arizona", "亚利桑那州", "أريزونا"),
    "Pennsylvania": Text("Pennsylvania", "宾夕法尼亚州", "بنسلفانيا"),
    "Massachusetts": Text("Massachusetts", "马萨诸塞州", "ماساتشوستس"),
    "Virginia": Text("Virginia", "弗吉尼亚州", "فرجينيا"),
    "Utah": Text("Utah", "犹他州", "يوتا"),
    "Kentucky": Text("Kentucky", "肯塔基州", "كنتاكي"),
}
# Key: English name. Value: (country, region key, the city in three languages).
CITIES = {
    "Tacoma": ("US", "Washington", Text("Tacoma", "塔科马", "تاكوما")),
    "St. Louis": ("US", "Missouri", Text("St. Louis", "圣路易斯", "سانت لويس")),
    "Fuzhou": ("CN", "Fujian", Text("Fuzhou", "福州", "فوتشو")),
    "Nanjing": ("CN", "Jiangsu", Text("Nanjing", "南京", "نانجينغ")),
}

# The ties the report names: (first, second, level, year). A name in CITIES is a city,
# otherwise a province (CN) or state (US).
SISTER_RELATIONSHIPS = [
    (("US", "Tacoma"), ("CN", "Fuzhou"), "city_city", 1994),
    (("US", "Ohio"), ("CN", "Hubei"), "province_state", 1979),
    (("US", "St. Louis"), ("CN", "Nanjing"), "city_city", 1979),
]

# --- Delegations at Tacoma (sizes invented; totals and region counts from the report) ---
# (region, delegates not cancelled, cancelled on top, (city, how many from it) or None)
TACOMA_CN_DELEGATIONS = [
    ("Fujian", 18, 1, ("Fuzhou", 8)),
    ("Jiangsu", 14, 0, ("Nanjing", 4)),
    ("Hubei", 12, 0, None),
    ("Guangdong", 12, 1, None),
    ("Zhejiang", 11, 0, None),
    ("Shandong", 10, 0, None),
    ("Sichuan", 9, 1, None),
    ("Jiangxi", 9, 0, None),
    ("Hunan", 9, 0, None),
    ("Henan", 8, 0, None),
    ("Shaanxi", 8, 0, None),
    ("Yunnan", 8, 0, None),
    ("Hainan", 7, 0, None),
    ("Liaoning", 7, 0, None),
]
TACOMA_US_DELEGATIONS = [
    ("Washington", 14, 1, ("Tacoma", 6)),
    ("Ohio", 7, 0, None),
    ("Missouri", 6, 0, ("St. Louis", 3)),
    ("California", 8, 0, None),
    ("Texas", 6, 1, None),
    ("Illinois", 6, 0, None),
    ("Oregon", 5, 0, None),
    ("New York", 5, 0, None),
    ("Iowa", 5, 0, None),
    ("Michigan", 4, 0, None),
    ("Georgia", 4, 0, None),
    ("Colorado", 4, 0, None),
    ("Hawaii", 4, 0, None),
    ("Maryland", 4, 0, None),
    ("Minnesota", 4, 0, None),
    ("Arizona", 3, 0, None),
    ("Pennsylvania", 3, 0, None),
    ("Massachusetts", 3, 0, None),
    ("Virginia", 3, 0, None),
    ("Utah", 3, 0, None),
    ("Kentucky", 3, 0, None),
]

# A small invented sample at each earlier summit, so that their pages are not empty; the
# real attendance of those summits is in their descriptions.
EARLIER_DELEGATIONS = {
    "washington-dc-2014": [("CN", "Hubei", 4), ("US", "Ohio", 4)],
    "chicago-2015": [("CN", "Jiangsu", 4), ("US", "Illinois", 4)],
    "nanchang-2016": [("CN", "Jiangxi", 4), ("US", "Missouri", 4)],
    "houston-2019": [("CN", "Hubei", 4), ("US", "Texas", 4)],
    "suzhou-2023": [("CN", "Jiangsu", 4), ("US", "Washington", 4)],
}

# --- Invented delegate names: fixed lists, combined by index (no randomness) ------------
CN_SURNAMES = [
    Text("Wang", "王", "وانغ"),
    Text("Li", "李", "لي"),
    Text("Zhang", "张", "تشانغ"),
    Text("Liu", "刘", "ليو"),
    Text("Chen", "陈", "تشن"),
    Text("Yang", "杨", "يانغ"),
    Text("Zhao", "赵", "تشاو"),
    Text("Huang", "黄", "هوانغ"),
    Text("Zhou", "周", "تشو"),
    Text("Wu", "吴", "وو"),
    Text("Xu", "徐", "شيوي"),
    Text("Sun", "孙", "سون"),
    Text("Hu", "胡", "هو"),
    Text("Gao", "高", "قاو"),
    Text("Lin", "林", "لين"),
    Text("He", "何", "خه"),
    Text("Guo", "郭", "قوه"),
    Text("Ma", "马", "ما"),
    Text("Luo", "罗", "لوه"),
]
CN_GIVEN_NAMES = [
    Text("Wei", "伟", "وي"),
    Text("Fang", "芳", "فانغ"),
    Text("Min", "敏", "مين"),
    Text("Jing", "静", "جينغ"),
    Text("Jun", "军", "جيون"),
    Text("Yong", "勇", "يونغ"),
    Text("Yan", "艳", "يان"),
    Text("Jie", "杰", "جيه"),
    Text("Tao", "涛", "تاو"),
    Text("Ming", "明", "مينغ"),
    Text("Chao", "超", "تشاو"),
    Text("Xiuying", "秀英", "شيو يينغ"),
    Text("Hua", "华", "هوا"),
    Text("Ping", "平", "بينغ"),
    Text("Gang", "刚", "قانغ"),
    Text("Hui", "慧", "هوي"),
    Text("Haoran", "浩然", "هاو ران"),
    Text("Xiaoyu", "晓雨", "شياو يوي"),
    Text("Wenjing", "文静", "ون جينغ"),
    Text("Zhiqiang", "志强", "تشي تشيانغ"),
    Text("Yuting", "雨婷", "يوي تينغ"),
    Text("Lina", "丽娜", "لي نا"),
    Text("Jianguo", "建国", "جيان قوه"),
    Text("Shufen", "淑芬", "شو فن"),
]
US_FIRST_NAMES = [
    Text("James", "詹姆斯", "جيمس"),
    Text("Mary", "玛丽", "ماري"),
    Text("John", "约翰", "جون"),
    Text("Patricia", "帕特里夏", "باتريشيا"),
    Text("Robert", "罗伯特", "روبرت"),
    Text("Jennifer", "詹妮弗", "جينيفر"),
    Text("Michael", "迈克尔", "مايكل"),
    Text("Linda", "琳达", "ليندا"),
    Text("David", "大卫", "ديفيد"),
    Text("Elizabeth", "伊丽莎白", "إليزابيث"),
    Text("William", "威廉", "ويليام"),
    Text("Susan", "苏珊", "سوزان"),
    Text("Richard", "理查德", "ريتشارد"),
    Text("Jessica", "杰西卡", "جيسيكا"),
    Text("Thomas", "托马斯", "توماس"),
    Text("Sarah", "莎拉", "سارة"),
    Text("Daniel", "丹尼尔", "دانيال"),
    Text("Karen", "凯伦", "كارين"),
    Text("Matthew", "马修", "ماثيو"),
    Text("Nancy", "南希", "نانسي"),
    Text("Anthony", "安东尼", "أنتوني"),
    Text("Lisa", "丽莎", "ليزا"),
    Text("Mark", "马克", "مارك"),
    Text("Emily", "艾米丽", "إيميلي"),
]
US_LAST_NAMES = [
    Text("Smith", "史密斯", "سميث"),
    Text("Johnson", "约翰逊", "جونسون"),
    Text("Williams", "威廉姆斯", "ويليامز"),
    Text("Brown", "布朗", "براون"),
    Text("Jones", "琼斯", "جونز"),
    Text("Garcia", "加西亚", "غارسيا"),
    Text("Miller", "米勒", "ميلر"),
    Text("Davis", "戴维斯", "ديفيس"),
    Text("Rodriguez", "罗德里格斯", "رودريغيز"),
    Text("Martinez", "马丁内斯", "مارتينيز"),
    Text("Anderson", "安德森", "أندرسون"),
    Text("Taylor", "泰勒", "تايلور"),
    Text("Moore", "摩尔", "مور"),
    Text("Jackson", "杰克逊", "جاكسون"),
    Text("Martin", "马丁", "مارتن"),
    Text("Thompson", "汤普森", "تومسون"),
    Text("White", "怀特", "وايت"),
    Text("Harris", "哈里斯", "هاريس"),
    Text("Clark", "克拉克", "كلارك"),
    Text("Lewis", "刘易斯", "لويس"),
    Text("Walker", "沃克", "ووكر"),
    Text("Young", "杨", "يونغ"),
    Text("Nguyen", "阮", "نغوين"),
    Text("Hall", "霍尔", "هول"),
    Text("Allen", "艾伦", "آلن"),
]

# Generic positions by role (invented people, so no real office is named).
POSITIONS = {
    "CN": {
        "head": ["Director-General"],
        "member": [
            "Deputy Director",
            "Division Chief",
            "Programme Officer",
            "Trade Promotion Officer",
            "Education Exchange Officer",
        ],
        "staff": ["Protocol Officer"],
        "interpreter": ["Interpreter"],
        "press": ["Reporter"],
        "observer": ["Observer"],
    },
    "US": {
        "head": ["Chair"],
        "member": [
            "City Council Member",
            "Economic Development Manager",
            "Sister City Committee Member",
            "Trade Specialist",
            "Teacher",
        ],
        "staff": ["Delegation Coordinator"],
        "interpreter": ["Interpreter"],
        "press": ["Reporter"],
        "observer": ["Observer"],
    },
}
