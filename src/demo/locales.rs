//! The places demo people and companies come from: for each locale, given and family
//! names, cities with their phone area codes, personal mail providers and the words
//! company names are built from. Entries in CJK script carry their romanisation after
//! `=` ("山田=yamada"); Latin ones are folded to ASCII for emails and domains. This is
//! data only: drawing from it happens in `people` and `companies`.

/// How a locale writes a full name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameOrder {
    /// "Jürgen Müller".
    GivenFirst,
    /// "山田 太郎": family name first, a space between.
    FamilySpaced,
    /// "王芳", "김민준": family name first, no space.
    FamilyJoined,
}

/// How a locale builds company names from a root and a sector word.
#[derive(Debug, Clone, Copy)]
pub struct CompanyWords {
    /// Distinctive name parts, space-separated ("Nordwind", "サクラ=sakura").
    pub roots: &'static str,
    /// (sector word, industry it implies), e.g. ("Logistik", "Logistics").
    pub sectors: &'static [(&'static str, &'static str)],
    /// Patterns with `{r}` (root) and `{s}` (sector word).
    pub patterns: &'static [&'static str],
}

/// One locale's names, places and company words.
#[derive(Debug, Clone, Copy)]
pub struct Locale {
    /// Country name shown after the city.
    pub country: &'static str,
    /// How often this locale is drawn, relative to the others.
    pub weight: u32,
    /// Given names, space-separated.
    pub given: &'static str,
    /// Family names, space-separated.
    pub family: &'static str,
    /// Name order.
    pub order: NameOrder,
    /// Polish-style family names that take a feminine form ("-ski" → "-ska").
    pub gendered_family: bool,
    /// (city, landline prefix with area code, subscriber number pattern with `#`).
    pub cities: &'static [(&'static str, &'static str, &'static str)],
    /// A mobile number pattern.
    pub mobile: &'static str,
    /// Company domain suffix ("de", "co.uk").
    pub tld: &'static str,
    /// Personal email providers.
    pub mail: &'static [&'static str],
    /// ISO currency deals with this locale's companies are usually in.
    pub currency: &'static str,
    /// Company name parts.
    pub company: CompanyWords,
}

/// Splits a data entry into its display form and its ASCII form ("山田=yamada", or
/// "Müller" folded to "muller").
pub fn entry(raw: &'static str) -> (&'static str, String) {
    match raw.split_once('=') {
        Some((shown, ascii)) => (shown, ascii.to_string()),
        None => (raw, fold_ascii(raw)),
    }
}

/// Lower-case ASCII for emails and domains: accents dropped ("Hélène" → "helene"),
/// a few letters spelled out ("ß" → "ss"), anything else not alphanumeric removed.
pub fn fold_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let folded: &str = match c {
            'a'..='z' | '0'..='9' => {
                out.push(c);
                continue;
            }
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ą' | 'ā' => "a",
            'ç' | 'ć' | 'č' => "c",
            'è' | 'é' | 'ê' | 'ë' | 'ę' | 'ē' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ñ' | 'ń' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => "o",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' => "u",
            'ý' | 'ÿ' => "y",
            'ś' | 'š' => "s",
            'ź' | 'ż' | 'ž' => "z",
            'ł' => "l",
            'ß' => "ss",
            'æ' => "ae",
            'œ' => "oe",
            _ => "",
        };
        out.push_str(folded);
    }
    out
}

/// The feminine form of a Polish family name ("Kowalski" → "Kowalska").
pub fn feminine_family(name: &str) -> String {
    for (m, f) in [("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")] {
        if let Some(stem) = name.strip_suffix(m) {
            return format!("{stem}{f}");
        }
    }
    name.to_string()
}

const EN_SECTORS: &[(&str, &str)] = &[
    ("Analytics", "Software"),
    ("Logistics", "Logistics"),
    ("Health", "Healthcare"),
    ("Labs", "Biotech"),
    ("Software", "Software"),
    ("Systems", "IT Services"),
    ("Robotics", "Manufacturing"),
    ("Foods", "Food & Beverage"),
    ("Capital", "Financial Services"),
    ("Networks", "Telecommunications"),
    ("Energy", "Energy"),
    ("Media", "Media"),
    ("Retail", "Retail"),
    ("Consulting", "Consulting"),
];

/// Every locale, with the weight it is drawn with.
pub const LOCALES: &[Locale] = &[
    Locale {
        country: "Germany",
        weight: 24,
        given: "Jürgen Anna Lukas Katharina Matthias Sabine Felix Jörg Lena Stefan \
            Sören Birgit Maximilian Ute Tobias Franziska Björn Annika",
        family: "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker \
            Hoffmann Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann \
            Groß Köhler Weiß",
        order: NameOrder::GivenFirst,
        gendered_family: false,
        cities: &[
            ("Berlin", "+49 30", "#### ####"),
            ("Hamburg", "+49 40", "### ### ##"),
            ("München", "+49 89", "#### ####"),
            ("Köln", "+49 221", "### ####"),
            ("Frankfurt", "+49 69", "#### ####"),
            ("Leipzig", "+49 341", "### ####"),
        ],
        mobile: "+49 17# #######",
        tld: "de",
        mail: &["gmail.com", "web.de", "gmx.de", "outlook.com"],
        currency: "EUR",
        company: CompanyWords {
            roots: "Nordwind Alpen Rhein Elbe Sonnen Berg Adler Falke Eichen \
                Lindner Hansa Isar Spree Bären Blau Stern Brücken Waldhof \
                Kranich Donau Hafen Grünwald",
            sectors: &[
                ("Logistik", "Logistics"),
                ("Maschinenbau", "Manufacturing"),
                ("Software", "Software"),
                ("Energie", "Energy"),
                ("Bau", "Construction"),
                ("Medien", "Media"),
                ("Handel", "Retail"),
                ("Technik", "Manufacturing"),
                ("Systeme", "IT Services"),
                ("Beratung", "Consulting"),
                ("Pharma", "Pharmaceuticals"),
                ("Automation", "Manufacturing"),
            ],
            patterns: &[
                "{r} {s} GmbH",
                "{r} {s} GmbH",
                "{r} {s} AG",
                "{r} GmbH & Co. KG",
            ],
        },
    },
    Locale {
        country: "USA",
        weight: 16,
        given: "James Emily Michael Sarah David Jessica Chris Ashley Daniel Megan \
            Ryan Olivia Tyler Hannah Jane Marcus",
        family: "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson \
            Taylor Moore Jackson Martin Lee Harris O'Brien Doe Nguyen",
        order: NameOrder::GivenFirst,
        gendered_family: false,
        cities: &[
            ("Austin", "+1 512", "### ####"),
            ("San Francisco", "+1 415", "### ####"),
            ("New York", "+1 212", "### ####"),
            ("Chicago", "+1 312", "### ####"),
            ("Seattle", "+1 206", "### ####"),
            ("Boston", "+1 617", "### ####"),
        ],
        mobile: "+1 ### ### ####",
        tld: "com",
        mail: &["gmail.com", "outlook.com", "yahoo.com", "icloud.com"],
        currency: "USD",
        company: CompanyWords {
            roots: "Acme Summit Pioneer Bluebird Redwood Granite Lakeside Evergreen \
                Ironclad Brightway Northstar Cobalt Keystone Harbor Silverline \
                Vertex Atlas Beacon Cedar Juniper Sterling",
            sectors: EN_SECTORS,
            patterns: &["{r} {s}", "{r} {s}", "{r} {s} Inc.", "{r} {s} LLC"],
        },
    },
    Locale {
        country: "UK",
        weight: 10,
        given: "Oliver Amelia Harry Isla George Sophie Jack Charlotte Alfie Grace \
            Thomas Poppy Rhys Siobhan",
        family: "Smith Jones Taylor Brown Williams Evans Thomas Roberts Walker \
            Wright Hughes Edwards Clarke McAllister",
        order: NameOrder::GivenFirst,
        gendered_family: false,
        cities: &[
            ("London", "+44 20", "#### ####"),
            ("Manchester", "+44 161", "### ####"),
            ("Edinburgh", "+44 131", "### ####"),
            ("Bristol", "+44 117", "### ####"),
        ],
        mobile: "+44 7### ######",
        tld: "co.uk",
        mail: &["gmail.com", "outlook.com", "btinternet.com"],
        currency: "GBP",
        company: CompanyWords {
            roots: "Thames Albion Pennine Kestrel Windsor Highgate Oakridge Wessex \
                Crown Mersey Clyde Cotswold Bramble Foxley",
            sectors: EN_SECTORS,
            patterns: &["{r} {s} Ltd", "{r} {s} Ltd", "{r} {s} plc", "{r} & Co"],
        },
    },
    Locale {
        country: "France",
        weight: 11,
        given: "Hélène Jean Camille François Élodie Théo Chloé Mathieu Amélie Lucas \
            Céline Benoît Inès Raphaël José",
        family: "Martin Bernard Dubois Thomas Robert Petit Durand Leroy Moreau \
            Lefèvre Girard Rousseau Fournier Mercier Bonnet",
        order: NameOrder::GivenFirst,
        gendered_family: false,
        cities: &[
            ("Paris", "+33 1", "## ## ## ##"),
            ("Lyon", "+33 4", "## ## ## ##"),
            ("Marseille", "+33 4", "## ## ## ##"),
            ("Toulouse", "+33 5", "## ## ## ##"),
            ("Bordeaux", "+33 5", "## ## ## ##"),
            ("Lille", "+33 3", "## ## ## ##"),
        ],
        mobile: "+33 6 ## ## ## ##",
        tld: "fr",
        mail: &["gmail.com", "orange.fr", "outlook.fr"],
        currency: "EUR",
        company: CompanyWords {
            roots: "Lumière Étoile Azur Mistral Lavande Cèdre Rivage Aurore \
                Montblanc Garonne Loire Sillage Hexagone Soleil Charente",
            sectors: &[
                ("Conseil", "Consulting"),
                ("Logistique", "Logistics"),
                ("Industries", "Manufacturing"),
                ("Santé", "Healthcare"),
                ("Numérique", "Software"),
                ("Énergie", "Energy"),
                ("Médias", "Media"),
                ("Distribution", "Retail"),
                ("Ingénierie", "Engineering"),
            ],
            patterns: &["{r} {s} SAS", "{r} SAS", "Groupe {r}", "{r} {s} SA"],
        },
    },
    Locale {
        country: "Spain",
        weight: 7,
        given: "José María Javier Lucía Álvaro Sofía Carlos Carmen Andrés Paula \
            Sergio Nuria Íñigo",
        family: "García Fernández González Rodríguez López Martínez Sánchez Pérez \
            Gómez Díaz Muñoz Ruiz Jiménez Álvarez",
        order: NameOrder::GivenFirst,
        gendered_family: false,
        cities: &[
            ("Madrid", "+34 91", "### ## ##"),
            ("Barcelona", "+34 93", "### ## ##"),
            ("Valencia", "+34 96", "### ## ##"),
            ("Sevilla", "+34 95", "### ## ##"),
            ("Bilbao", "+34 94", "### ## ##"),
        ],
        mobile: "+34 6## ### ###",
        tld: "es",
        mail: &["gmail.com", "hotmail.es", "outlook.es"],
        currency: "EUR",
        company: CompanyWords {
            roots: "Sol Ibérica Cierzo Alba Mediterránea Atlántico Tajo Sierra \
                Brisa Olivo Faro Nácar",
            sectors: &[
                ("Logística", "Logistics"),
                ("Soluciones", "IT Services"),
                ("Energía", "Energy"),
                ("Tecnología", "Software"),
                ("Consultores", "Consulting"),
                ("Alimentación", "Food & Beverage"),
                ("Ingeniería", "Engineering"),
            ],
            patterns: &["{r} {s} S.L.", "{r} {s} S.L.", "{r} {s} S.A.", "Grupo {r}"],
        },
    },
    Locale {
        country: "Poland",
        weight: 6,
        given: "Łukasz Agnieszka Piotr Małgorzata Krzysztof Katarzyna Tomasz \
            Magdalena Paweł Joanna Michał Zofia Wojciech",
        family: "Nowak Kowalski Wójcik Kamiński Lewandowski Zieliński Szymański \
            Woźniak Dąbrowski Kozłowski Jankowski Mazur Krawczyk",
        order: NameOrder::GivenFirst,
        gendered_family: true,
        cities: &[
            ("Warszawa", "+48 22", "### ## ##"),
            ("Kraków", "+48 12", "### ## ##"),
            ("Wrocław", "+48 71", "### ## ##"),
            ("Gdańsk", "+48 58", "### ## ##"),
            ("Poznań", "+48 61", "### ## ##"),
        ],
        mobile: "+48 5## ### ###",
        tld: "pl",
        mail: &["gmail.com", "wp.pl", "onet.pl"],
        currency: "EUR",
        company: CompanyWords {
            roots: "Wisła Bałtyk Mazowsze Tatry Odra Polana Jantar Orzeł Sokół \
                Warta Kruk Dąb",
            sectors: &[
                ("Logistyka", "Logistics"),
                ("Systemy", "IT Services"),
                ("Energia", "Energy"),
                ("Budownictwo", "Construction"),
                ("Technologie", "Software"),
                ("Handel", "Retail"),
                ("Media", "Media"),
            ],
            patterns: &["{r} {s} Sp. z o.o.", "{r} {s} Sp. z o.o.", "{r} S.A."],
        },
    },
    Locale {
        country: "Japan",
        weight: 7,
        given: "太郎=taro 花子=hanako 健太=kenta 美咲=misaki 翔=sho 陽菜=hina 大輔=daisuke \
            由美=yumi 拓也=takuya 愛=ai 直樹=naoki 恵=megumi",
        family: "山田=yamada 佐藤=sato 鈴木=suzuki 高橋=takahashi 田中=tanaka 伊藤=ito \
            渡辺=watanabe 中村=nakamura 小林=kobayashi 加藤=kato 吉田=yoshida \
            山本=yamamoto",
        order: NameOrder::FamilySpaced,
        gendered_family: false,
        cities: &[
            ("Tokyo", "+81 3", "#### ####"),
            ("Osaka", "+81 6", "#### ####"),
            ("Yokohama", "+81 45", "### ####"),
            ("Nagoya", "+81 52", "### ####"),
            ("Fukuoka", "+81 92", "### ####"),
        ],
        mobile: "+81 90 #### ####",
        tld: "co.jp",
        mail: &["gmail.com", "yahoo.co.jp", "docomo.ne.jp"],
        currency: "EUR",
        company: CompanyWords {
            roots: "サクラ=sakura 富士=fuji 大和=yamato 青葉=aoba 北斗=hokuto 光=hikari 東洋=toyo \
                日の出=hinode みらい=mirai 朝日=asahi",
            sectors: &[
                ("物流=butsuryu", "Logistics"),
                ("商事=shoji", "Wholesale"),
                ("電機=denki", "Electronics"),
                ("製作所=seisakusho", "Manufacturing"),
                ("工業=kogyo", "Manufacturing"),
                ("システム=systems", "IT Services"),
                ("ソフト=soft", "Software"),
            ],
            patterns: &["株式会社{r}{s}", "{r}{s}株式会社", "株式会社{r}"],
        },
    },
    Locale {
        country: "China",
        weight: 6,
        given: "芳=fang 伟=wei 娜=na 敏=min 静=jing 磊=lei 洋=yang 婷=ting 强=qiang 军=jun \
            丽=li 晓明=xiaoming 建华=jianhua 雨桐=yutong",
        family: "王=wang 李=li 张=zhang 刘=liu 陈=chen 杨=yang 黄=huang 赵=zhao 吴=wu 周=zhou \
            徐=xu 孙=sun",
        order: NameOrder::FamilyJoined,
        gendered_family: false,
        cities: &[
            ("Shanghai", "+86 21", "#### ####"),
            ("Beijing", "+86 10", "#### ####"),
            ("Shenzhen", "+86 755", "#### ####"),
            ("Hangzhou", "+86 571", "#### ####"),
            ("Chengdu", "+86 28", "#### ####"),
        ],
        mobile: "+86 13# #### ####",
        tld: "com.cn",
        mail: &["qq.com", "163.com", "gmail.com"],
        currency: "EUR",
        company: CompanyWords {
            roots: "华信=huaxin 长城=changcheng 东方=dongfang 金山=jinshan 天宇=tianyu \
                中科=zhongke 瑞丰=ruifeng 海天=haitian 鸿远=hongyuan 锦程=jincheng",
            sectors: &[
                ("科技=keji", "Software"),
                ("物流=wuliu", "Logistics"),
                ("贸易=maoyi", "Wholesale"),
                ("软件=ruanjian", "Software"),
                ("电子=dianzi", "Electronics"),
                ("医药=yiyao", "Pharmaceuticals"),
            ],
            patterns: &["{r}{s}有限公司", "{r}{s}股份有限公司"],
        },
    },
    Locale {
        country: "South Korea",
        weight: 4,
        given: "민준=minjun 서연=seoyeon 지우=jiwoo 하은=haeun 도윤=doyun 수아=sua 예준=yejun \
            지민=jimin 현우=hyunwoo 은지=eunji",
        family: "김=kim 이=lee 박=park 최=choi 정=jung 강=kang 조=cho 윤=yoon 장=jang 임=lim",
        order: NameOrder::FamilyJoined,
        gendered_family: false,
        cities: &[
            ("Seoul", "+82 2", "#### ####"),
            ("Busan", "+82 51", "### ####"),
            ("Incheon", "+82 32", "### ####"),
            ("Daegu", "+82 53", "### ####"),
        ],
        mobile: "+82 10 #### ####",
        tld: "co.kr",
        mail: &["naver.com", "gmail.com", "daum.net"],
        currency: "EUR",
        company: CompanyWords {
            roots: "한빛=hanbit 새롬=saerom 누리=nuri 미래=mirae 대한=daehan 푸른=pureun \
                한울=hanul 다온=daon",
            sectors: &[
                ("테크=tech", "Software"),
                ("물산=mulsan", "Wholesale"),
                ("전자=jeonja", "Electronics"),
                ("소프트=soft", "Software"),
                ("로지스=logis", "Logistics"),
            ],
            patterns: &["주식회사 {r}{s}", "{r}{s}"],
        },
    },
    Locale {
        country: "India",
        weight: 6,
        given: "Priya Rahul Ananya Arjun Deepika Vikram Sneha Rohan Kavya Aditya \
            Meera Sanjay Lakshmi Karthik",
        family: "Sharma Patel Iyer Reddy Gupta Nair Singh Mehta Rao Banerjee Kapoor \
            Menon",
        order: NameOrder::GivenFirst,
        gendered_family: false,
        cities: &[
            ("Mumbai", "+91 22", "#### ####"),
            ("Bengaluru", "+91 80", "#### ####"),
            ("Delhi", "+91 11", "#### ####"),
            ("Chennai", "+91 44", "#### ####"),
            ("Hyderabad", "+91 40", "#### ####"),
            ("Pune", "+91 20", "#### ####"),
        ],
        mobile: "+91 9#### #####",
        tld: "in",
        mail: &["gmail.com", "outlook.com", "rediffmail.com"],
        currency: "USD",
        company: CompanyWords {
            roots: "Infinity Sahyadri Ganga Lotus Indus Kaveri Tejas Aravali Shakti \
                Surya Vayu Nilgiri",
            sectors: &[
                ("Infotech", "IT Services"),
                ("Solutions", "IT Services"),
                ("Pharma", "Pharmaceuticals"),
                ("Logistics", "Logistics"),
                ("Textiles", "Manufacturing"),
                ("Analytics", "Software"),
            ],
            patterns: &["{r} {s} Pvt Ltd", "{r} {s} Pvt Ltd", "{r} {s} Ltd"],
        },
    },
    Locale {
        country: "Nigeria",
        weight: 3,
        given: "Chinedu Ngozi Oluwaseun Adaeze Emeka Funmilayo Tunde Chiamaka \
            Ifeanyi Yetunde Obinna Amaka",
        family: "Okafor Adeyemi Okonkwo Balogun Eze Nwosu Adebayo Obi Chukwu \
            Afolabi Olawale Uche",
        order: NameOrder::GivenFirst,
        gendered_family: false,
        cities: &[
            ("Lagos", "+234 1", "### ####"),
            ("Abuja", "+234 9", "### ####"),
            ("Port Harcourt", "+234 84", "### ####"),
            ("Ibadan", "+234 2", "### ####"),
        ],
        mobile: "+234 80# ### ####",
        tld: "com.ng",
        mail: &["gmail.com", "yahoo.com"],
        currency: "USD",
        company: CompanyWords {
            roots: "Zenith Eko Savannah Obudu Olumo Ikeja Aso Benue Kainji Lekki",
            sectors: &[
                ("Logistics", "Logistics"),
                ("Energy", "Energy"),
                ("Foods", "Food & Beverage"),
                ("Tech", "Software"),
                ("Payments", "Financial Services"),
                ("Agro", "Agriculture"),
            ],
            patterns: &["{r} {s} Ltd", "{r} {s} Nigeria Ltd"],
        },
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_names_to_ascii() {
        assert_eq!(fold_ascii("Jürgen Müller"), "jurgenmuller");
        assert_eq!(fold_ascii("Hélène"), "helene");
        assert_eq!(fold_ascii("Łukasz Woźniak"), "lukaszwozniak");
        assert_eq!(fold_ascii("Groß"), "gross");
        assert_eq!(fold_ascii("O'Brien"), "obrien");
        assert_eq!(fold_ascii("山田"), "");
    }

    #[test]
    fn entries_carry_romanisation() {
        assert_eq!(entry("山田=yamada"), ("山田", "yamada".to_string()));
        assert_eq!(entry("Íñigo"), ("Íñigo", "inigo".to_string()));
    }

    #[test]
    fn polish_family_names_take_feminine_form() {
        assert_eq!(feminine_family("Kowalski"), "Kowalska");
        assert_eq!(feminine_family("Nowak"), "Nowak");
    }

    #[test]
    fn every_entry_has_an_ascii_form_and_every_list_is_filled() {
        for l in LOCALES {
            assert!(
                l.weight > 0 && !l.cities.is_empty() && !l.mail.is_empty(),
                "{}",
                l.country
            );
            let words = [l.given, l.family, l.company.roots]
                .into_iter()
                .flat_map(str::split_whitespace);
            let sectors = l.company.sectors.iter().map(|(s, _)| *s);
            for raw in words.chain(sectors) {
                assert!(!entry(raw).1.is_empty(), "{raw} has no ASCII form");
            }
            assert!(!l.company.patterns.is_empty());
            assert!(crate::model::Currency::parse(l.currency).is_ok());
        }
    }
}
