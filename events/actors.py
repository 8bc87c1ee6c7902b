"""The actor vocabulary (ids shared with the extractor and the API)."""

ACTORS = [
    ("coalition", "International Coalition (CJTF-OIR)", "التحالف الدولي"),
    ("us_forces", "US forces (CENTCOM)", "القوات الأمريكية"),
    ("sdf", "Syrian Democratic Forces (SDF)", "قوات سوريا الديمقراطية (قسد)"),
    ("asayish", "Internal Security Forces (Asayish)", "قوى الأمن الداخلي (الأسايش)"),
    ("syrian_gov", "Syrian government forces", "القوات الحكومية السورية"),
    ("iraqi_forces", "Iraqi security forces", "القوات الأمنية العراقية"),
    ("peshmerga", "Peshmerga / Kurdistan Region security", "البيشمركة"),
    ("turkey", "Turkish forces", "القوات التركية"),
    ("sna", "Syrian National Army", "الجيش الوطني السوري"),
    ("russia", "Russian forces", "القوات الروسية"),
    ("isis", "Islamic State (ISIS)", "تنظيم الدولة الإسلامية (داعش)"),
    ("unknown", "Unidentified assailants", "مسلحون مجهولون"),
    ("civilians", "Civilians", "مدنيون"),
]
