"""The word lists are matched word-start by word-start (fast), and find exactly
what one search for all of a kind's terms anywhere in the message finds."""
import re

import pytest
import yaml

from bot.lexicon import NLU, entries, lexicon, pattern
from bot.settings import ROOT
from bot.text import normalize


def held_out_messages() -> list[str]:
    texts = []
    for path in sorted((ROOT / "tests" / "hard").glob("*.yml")) + sorted((ROOT / "tests" / "everyday").glob("*.yml")):
        for block in yaml.safe_load(path.read_text())["nlu"]:
            texts += [normalize(line[2:]) for line in block["examples"].splitlines() if line.startswith("- ")]
    return texts


@pytest.mark.parametrize("folder", ["crisis", "situation"])
def test_the_word_lists_find_exactly_what_one_search_of_every_term_finds(folder):
    grouped: dict[str, list[str]] = {}
    for path in sorted((NLU / folder).glob("*.txt")):
        for kind, term in entries(path):
            grouped.setdefault(kind, []).append(pattern(term))
    everywhere = {kind: re.compile("|".join(sorted(set(p)))) for kind, p in grouped.items()}
    messages = held_out_messages()
    found_any = 0
    for text in messages:
        expected = [kind for kind, regex in everywhere.items() if regex.search(text)]
        assert lexicon(folder).kinds_in(text) == expected, text
        found_any += bool(expected)
    assert found_any > 100, "the messages do contain terms: the comparison means something"


def test_a_term_with_a_leading_star_matches_inside_a_word_and_others_only_at_its_start():
    crisis = lexicon("crisis")
    assert crisis.kinds_in(normalize("i want to kill myself")) != []
    assert crisis.kinds_in(normalize("skill myselfish")) == []


# Everyday sentences that share words with crisis terms. A false alarm costs a little, but thousands of them
# teach people to skip the crisis lines. (Where a language says "the heat is killing me" with the very words of
# "he is killing me", e.g. "ця спека мене вбиває", the word lists cannot tell them apart and recall wins.)
NEAR_MISSES = {
    "en": ["this heat is killing me", "my phone died", "i am dying to see my family", "i killed him 5-0 in fifa",
           "a horror film about a killer", "my son hit his head on the table",
           "my son jumped from a chair and hurt his arm", "can you take me to the station",
           "please take me off the waiting list", "where are they taking us next week",
           "would it be a burden to my host family if i stay longer", "the paperwork is such a burden"],
    "nl": ["deze hitte maakt me kapot", "mijn telefoon is dood", "ik sterf van verlangen naar mijn familie",
           "ik heb hem met 5-0 ingemaakt in fifa", "een horrorfilm over een moordenaar",
           "mijn zoon stootte zijn hoofd tegen de tafel", "ik wil mezelf in het werk gooien",
           "de bus brengt ons naar het azc", "sorry dat ik u tot last ben", "is het een last voor mijn gastgezin"],
    "uk": ["мій телефон помер", "дуже хочу побачити сім'ю", "я його розгромив 5-0 у FIFA", "фільм жахів про вбивцю",
           "син вдарився головою об стіл", "мене душить кашель вночі", "kashel mene dushyt",
           "я забрала паспорт у посольстві", "ya zabrala pasport u posolstvi", "я накопичила на таблетки для мами",
           "нас переселяють, не знаю куди нас везуть", "mene kynuly z groshyma na roboti",
           "можна skynuty z karty hroshi", "ya ne prosnulas vovremya", "автобус не зупинився"],
    "tr": ["bu sıcak beni mahvetti", "telefonum öldü", "ailemi görmek için ölüyorum", "fifada onu 5-0 yendim",
           "korku filmindeki katil", "oğlum kafasını masaya çarptı", "kalbim hızlı vuriy",
           "pasaportumu aldım şimdi ne yapmalıyım", "şimdi geliyorum", "kargo kapımın önüne bırakıldı",
           "evin önünde bekliyorum", "kendimi dışarı attım", "randevuyu kaçırıyorum", "başvurumu takip ediyorum",
           "beni takip eden doktor değişti", "üniversiteye girmeye çalışıyorum", "bu kira bana çok yük oluyor"],
    "ar": ["تلفوني مات", "ميت لشوف اهلي", "غلبته 5-0 بالفيفا", "فيلم رعب عن قاتل", "ابني خبط راسه بالطاولة",
           "ابني نط من فوق الكنبة", "اخدت جوازي من السفارة", "الله يخليك خدني معك عالمستشفى",
           "akhadt jawazi mn el sefara", "ma ba3ref wen el baladiye", "ممنوع اطلع برا البلد", "هالباص وين ياخدني",
           "el bus wen bye5edni"],
    "fa": ["گوشیم مرد", "گرما کلافم کرده", "دلم برای خانواده ام تنگ شده", "فیلم ترسناک درباره قاتل",
           "پسرم سرش خورد به میز", "شب ها از خواب میپرم", "پاسپورتمو گرفتم", "به زور سوار اتوبوس شدم",
           "نمیدونم این اتوبوس منو کجا میبره", "pasportamo gereftam", "بار اضافه دارم تو هواپیما"],
    "so": ["kulaylka aad buu u badan yahay", "taleefankaydii wuu dhintay", "aad baan u xiiseynayaa qoyskayga",
           "filim cabsi ah oo ku saabsan gacan ku dhiigle", "wiilkaygu madaxa ayuu miiska ku dhuftay",
           "baasaboorkayga waan qaatay", "meel aanan garanayn ayaan u guuray", "qashinka iska tuur"],
    "ti": ["ሃሩር ይቐትለኒ ኣሎ", "ሞባይለይ ሞይቱ", "ፓስፖርተይ ወሲደ", "ንዘልኣለም የፍቕረኪ"],
}


@pytest.mark.parametrize("language", sorted(NEAR_MISSES))
def test_everyday_sentences_that_share_words_with_crisis_terms_find_no_crisis(language):
    crisis = lexicon("crisis")
    found = {text: crisis.kinds_in(normalize(text)) for text in NEAR_MISSES[language]}
    assert {text: kinds for text, kinds in found.items() if kinds} == {}


# The shapes real crisis messages take that the 2026-12-02b additions are for: Ukrainian in Latin letters and
# Russian / surzhyk, Turkish as Kurdish speakers write it, passive death wishes, jumping, being driven away,
# being locked in by the family.
CRISIS_SHAPES = [
    ("uk", "suicide", "ya nakopychyla tabletky i syohodni vyp'yu vsi"),
    ("uk", "suicide", "я собрала таблетки на вечер"),
    ("uk", "suicide", "yakshcho mene ne stane skazhit mami shcho ya yiyi lyublyu"),
    ("uk", "suicide", "mene tut vzhe nishcho ne trymaye"),
    ("uk", "danger", "vin dushyt mamu"),
    ("uk", "danger", "он душит маму"),
    ("uk", "sexual_violence", "cholovik vnochi zmushuye mene, kazhe shcho ya yoho druzhyna i povynna"),
    ("uk", "sexual_violence", "ya skazala ni a vin ne zupynyvsya"),
    ("uk", "domestic_violence", "svekrukha ne vypuskaye mene z domu i zabrala miy pasport"),
    ("uk", "suicide", "bez mene dityam bude krashche"),
    ("uk", "suicide", "kynusya pid potyah"),
    ("uk", "danger", "ne znayu kudy vin mene veze"),
    ("tr", "danger", "kocam beni öldürcek"),
    ("tr", "danger", "şimdi vuriy beni"),
    ("tr", "danger", "eski kocam kapimin onunde bekliy"),
    ("tr", "danger", "camıma taş atıyor"),
    ("tr", "domestic_violence", "kocam beni döviy"),
    ("tr", "suicide", "kopruden atliycam"),
    ("tr", "suicide", "çocuklarım bensiz daha mutlu olur"),
    ("tr", "danger", "arabadan indirmiyor beni"),
    ("tr", "domestic_violence", "kaynanam evden çıkarmıyor beni"),
    ("tr", "sexual_violence", "hayır dedim ama durmadı"),
    ("ar", "suicide", "wlade a7san bdouni"),
    ("ar", "suicide", "بدي اطيح نفسي من السطح"),
    ("ar", "suicide", "bde armi 7ali mn el shebbak"),
    ("ar", "danger", "ma 3am y5allini enzal mn el sayyara"),
    ("ar", "danger", "مش عارفة هو واخدني فين"),
    ("ar", "domestic_violence", "اهل زوجي ما بيخلوني اطلع من البيت"),
    ("fa", "suicide", "bache ham bedoone man rahat taran"),
    ("fa", "suicide", "خودمو از پل پرت میکنم"),
    ("fa", "danger", "nemizare piade sham"),
    ("fa", "domestic_violence", "مادرشوهرم نمیزاره برم بیرون"),
    ("en", "suicide", "my kids would be happier without me"),
    ("en", "suicide", "i want to jump from a bridge"),
    ("en", "danger", "he won't let me out of the car, i dont know where he is taking me"),
    ("en", "domestic_violence", "my in-laws lock me in the house"),
    ("nl", "suicide", "ik wou dat ik er niet meer was"),
    ("nl", "suicide", "ik spring van de brug"),
    ("nl", "danger", "hij laat mij niet uitstappen"),
    ("nl", "domestic_violence", "mijn schoonfamilie laat mij het huis niet uit"),
    ("so", "suicide", "carruurtaydu aniga la'aantay way fiicnaan lahaayeen"),
    ("so", "danger", "meel aanan garanayn ayuu i geynayaa"),
    ("so", "domestic_violence", "soddohday guriga ayay igu xirtaa"),
    ("ti", "suicide", "ካብ ባልኮኒ ክዘልል እሓስብ"),
    ("ti", "danger", "ናበይ ከም ዝወስደኒ ኣይፈልጥን"),
    ("ti", "domestic_violence", "ሓማተይ ኣብ ገዛ ዓጽያትኒ"),
]


@pytest.mark.parametrize("language,kind,text", CRISIS_SHAPES,
                         ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CRISIS_SHAPES)])
def test_the_shapes_crisis_messages_take_find_their_kind(language, kind, text):
    assert kind in lexicon("crisis").kinds_in(normalize(text))
