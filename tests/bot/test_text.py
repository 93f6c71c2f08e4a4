from bot.text import normalize


def test_arabic_diacritics_and_tatweel_are_folded():
    assert normalize("مُسَاعَدَة") == normalize("مساعدة")
    assert normalize("مـــساعدة") == normalize("مساعدة")


def test_arabic_and_persian_yeh_and_kaf_are_one_letter():
    assert normalize("كيف") == normalize("کیف")


def test_zero_width_characters_vanish():
    assert normalize("help\u200b me\u200d") == "help me"
    assert normalize("می\u200cخواهم") == normalize("میخواهم")


def test_turkish_dotted_and_dotless_i_are_one_letter():
    assert normalize("İYİ") == normalize("iyi") == normalize("ıyı")


def test_arabic_and_persian_digits_become_ascii():
    assert normalize("٧") == "7" and normalize("۷") == "7"


def test_a_leading_slash_is_dropped_so_commands_work_with_or_without_it():
    assert normalize("/Menu") == "menu"


def test_empty_and_whitespace_only_text_are_empty():
    assert normalize("") == "" and normalize("   \n\t ") == "" and normalize(None) == ""
