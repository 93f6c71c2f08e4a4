"""Text normalisation shared by training and inference.

People type on phones in many scripts. The same word can arrive with Arabic
diacritics or tatweel, with the Arabic or the Persian yeh/kaf, with invisible
zero-width characters, or with Turkish dotted/dotless i. We fold these so the
classifier sees one form. The function is pure so it can run identically when
training and when parsing a live message.
"""
import re
import unicodedata

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")

_FOLD = str.maketrans(
    {
        "\u064a": "\u06cc",  # Arabic yeh -> Persian yeh
        "\u0649": "\u06cc",  # alef maksura -> Persian yeh
        "\u0643": "\u06a9",  # Arabic kaf -> Persian keheh
        "\u0629": "\u0647",  # teh marbuta -> heh
        "\u0623": "\u0627",  # alef variants -> bare alef
        "\u0625": "\u0627",
        "\u0622": "\u0627",
        "\u0130": "i",  # Turkish capital dotted I
        "\u0131": "i",  # Turkish dotless i
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
    }
)


def normalize(text: str) -> str:
    """Return `text` folded to the one form the classifier is trained on."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _INVISIBLE.sub("", text)
    text = _ARABIC_MARKS.sub("", text).replace(_TATWEEL, "")
    text = text.translate(_FOLD).lower()
    # Commands work typed with or without "/" ("/menu" = "menu"); dropping the
    # slash also keeps Rasa from reading the text as an intent name and logging it.
    return _SPACES.sub(" ", text).strip().lstrip("/").strip()
