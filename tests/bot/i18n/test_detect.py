import pytest

from bot.i18n.detect import detect_language


@pytest.mark.parametrize("language,text", [
    ("en", "I was raped yesterday, what can I do?"),
    ("nl", "Ik ben gisteren verkracht, wat kan ik doen?"),
    ("ar", "تعرضت للاغتصاب أمس، ماذا يمكنني أن أفعل؟"),
    ("fa", "دیروز به من تجاوز شد، چه کار کنم؟"),
    ("ti", "ትማሊ ተዓመጽኩ፡ እንታይ ክገብር ይኽእል?"),
    ("tr", "dün tecavüze uğradım ne yapabilirim"),
    ("uk", "мене вчора зґвалтували, що мені робити?"),
    ("so", "shalay waa la i kufsaday, maxaan sameeyaa?"),
])
def test_a_sentence_is_recognised_in_each_of_our_languages(language, text):
    assert detect_language(text) == language


def test_arabic_and_persian_keyboards_are_told_apart_on_short_text():
    assert detect_language("كيف حالك") == "ar"
    assert detect_language("چطوری") == "fa"


def test_too_little_text_says_nothing():
    assert detect_language("ok") is None
    assert detect_language("👍") is None
    assert detect_language("") is None


def test_arabizi_is_arabic_and_finglish_is_persian():
    assert detect_language("ana ta3bana kteer w ma 3am nam") == "ar"
    assert detect_language("salam, man khaste hastam, nemidoonam chikar konam") == "fa"


def test_ukrainian_in_latin_letters_is_ukrainian_not_turkish():
    assert detect_language("pryvit, meni potribna dopomoha, cholovik mene b'ye") == "uk"
    assert detect_language("ya ne znayu de znayty likarya, skilky koshtuye strakhuvannya") == "uk"


def test_ordinary_latin_languages_are_not_taken_for_romanised_ones():
    assert detect_language("I have a question about my doctor") == "en"
    assert detect_language("ik heb een vraag over de huisarts") == "nl"
