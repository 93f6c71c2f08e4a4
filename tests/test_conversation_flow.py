"""A conversation that fits the person, as they meet it on WhatsApp and
Telegram (real servers, local Bot API and Messages API stand-ins): one set of
choices, asked last; a number means the item of the last list shown; their
situation remembered; the topics they ask about."""
import json
import random

import pytest

from bot import content
from bot.i18n import translate
from tests.support.webhooks import button_update, text_update, to_telegram, to_whatsapp, whatsapp_form


@pytest.fixture
def number():
    return f"+316{random.randint(10**7, 10**8 - 1)}"


@pytest.fixture
def chat_id():
    return random.randint(10**9, 10**10)


def whatsapp(channels, number, text) -> list[str]:
    """What the person gets back for one message (bodies in order)."""
    before = len(channels.twilio.sent_to(f"whatsapp:{number}"))
    to_whatsapp(channels, whatsapp_form(number, text))
    return [m["Body"] for m in channels.twilio.sent_to(f"whatsapp:{number}")[before:]]


def telegram(channels, chat_id, update) -> list[dict]:
    before = len(channels.telegram.sent_to(chat_id))
    to_telegram(channels, update)
    return channels.telegram.sent_to(chat_id)[before:]


def keyboard(message: dict) -> list[str]:
    return [row[0]["callback_data"] for row in json.loads(message["reply_markup"])["inline_keyboard"]]


def item_number(body: str, title: str) -> str:
    """The number a WhatsApp list gives an option ("3. Talk to a person" -> "3")."""
    line = next(line for line in body.splitlines() if line.endswith(f". {title}"))
    return line.split(".", 1)[0]


def test_on_whatsapp_the_person_offer_is_an_item_of_the_one_list(channels, number):
    answer = whatsapp(channels, number, "my husband hits me when he is angry")
    assert "0800-2000" in answer[0]
    lists = [body for body in answer if "\n1. " in body]
    assert len(lists) == 1 and lists[0] == answer[-1], "one numbered list, and it comes last"
    person = item_number(answer[-1], translate("en", content.HUMAN_TITLE))
    assert whatsapp(channels, number, person)[-1].startswith(translate("en", content.HANDOFF_EXPLAIN))


def test_on_whatsapp_the_self_check_is_reached_from_the_mental_health_answer(channels, number):
    answer = whatsapp(channels, number, "i have a lot of stress and i cannot sleep at night")
    check = item_number(answer[-1], translate("en", content.TOPICS["self_check"].title))
    started = whatsapp(channels, number, check)
    assert started[0] == translate("en", content.TOPICS["self_check"].body)
    assert "1 of 10" in started[-1]


def test_on_telegram_the_consent_question_is_the_last_thing_on_the_screen(channels, chat_id):
    sent = telegram(channels, chat_id, text_update(chat_id, "I want to talk to a real person"))
    assert sent[-1]["text"].startswith(translate("en", content.HANDOFF_EXPLAIN).split("\n")[0])
    assert keyboard(sent[-1])[0] == "/handoff any"
    assert all("reply_markup" not in message for message in sent[:-1]), "no other buttons to tap by mistake"


def test_a_chosen_situation_is_remembered_for_the_next_question(stack, person):
    stack.say(person, "ik heb geen papieren, mag ik naar de dokter?")
    costs = stack.say(person, "kost dat geld?")
    answer = costs[0]["text"]
    assert answer == translate("nl", content.SITUATION_BODIES[("costs", "undocumented")])
    assert "385" not in answer


def test_a_situation_is_asked_once_with_i_would_rather_not_say(channels, chat_id):
    sent = telegram(channels, chat_id, text_update(chat_id, "how much do i have to pay for the hospital"))
    assert keyboard(sent[-1])[-1] == "/topic costs unsaid"
    answer = telegram(channels, chat_id, button_update(chat_id, "/topic costs ukraine"))
    assert answer[0]["text"].startswith(translate("en", content.SITUATION_BODIES[("costs", "ukraine")]).split("\n")[0])
    again = telegram(channels, chat_id, text_update(chat_id, "what does health insurance cost"))
    assert "RMO" in again[0]["text"], "the situation is not asked again"


def test_the_wellbeing_check_starts_when_asked_in_words(stack, person):
    stack.say(person, "/language en")
    started = stack.say(person, "can I do the wellbeing check?")
    assert started[0]["text"] == translate("en", content.TOPICS["self_check"].body)
    assert "1 of 10" in started[1]["text"]


def test_a_disclosure_said_twice_gets_a_next_step(stack, person):
    first = stack.say(person, "my husband hits me when he is angry")
    second = stack.say(person, "he hit me again yesterday and i am scared of him")
    assert first[0]["text"] != second[0]["text"]
    assert "0800-2000" in second[0]["text"] and "veiligthuis.nl" in second[0]["text"]
    assert [b["payload"] for b in second[-1]["buttons"]] == ["9", "/topic self_check"]


def test_violence_at_home_chosen_twice_by_its_number_gets_a_next_step_with_veilig_thuis(channels, number):
    whatsapp(channels, number, "hello, what can you do?")
    first = whatsapp(channels, number, "8")
    second = whatsapp(channels, number, "8")
    assert first[-1] != second[-1]
    assert "0800-2000" in second[0], "typing 8 is no crisis word, yet the number is there"
    person = item_number(second[-1], translate("en", content.HUMAN_TITLE))
    assert whatsapp(channels, number, person)[-1].startswith(translate("en", content.HANDOFF_EXPLAIN))


def test_thoughts_of_suicide_said_twice_keep_113_first_and_then_offer_the_next_step(stack, person):
    first = stack.say(person, "i do not want to live anymore")
    second = stack.say(person, "i do not want to live anymore")
    assert first[0]["text"] == translate("en", content.SUICIDE)
    assert second[0]["text"].startswith(translate("en", content.LINE_113)) and "113.nl" in second[0]["text"]
    assert second[-1]["text"] == translate("en", content.NEXT_STEP_QUESTION)
    assert [b["payload"] for b in second[-1]["buttons"]] == ["9", "/topic self_check"]


PREGNANT = {
    "en": "I am pregnant, where do I go?",
    "nl": "ik ben zwanger, waar moet ik heen?",
    "ar": "أنا حامل، إلى أين أذهب؟",
    "fa": "من باردار هستم، کجا باید برم؟",
    "ti": "ጥንስቲ እየ፡ ናበይ ክኸይድ ኣለኒ?",
    "tr": "hamileyim, nereye gitmeliyim?",
    "uk": "я вагітна, куди мені звернутися?",
    "so": "waan uurraysanahay, xagee baan aadaa?",
}


@pytest.mark.parametrize("language,text", PREGNANT.items())
def test_a_pregnancy_question_names_the_verloskundige_in_every_language(stack, person, language, text):
    asked = stack.say(person, text)
    assert asked[-1]["text"] == translate(language, content.SITUATION_QUESTION)
    rather_not_say = asked[-1]["buttons"][-1]["payload"]  # the choice the person taps
    assert rather_not_say == "/topic pregnancy unsaid", "the question was read as a pregnancy"
    answer = stack.say(person, rather_not_say)[0]["text"]
    assert "verloskundige" in answer


NEW_TOPICS = [
    ("residence_permit", "en", "My residence permit depends on him; if I leave, will I be sent away?"),
    ("residence_permit", "fa", "اقامتم به شوهرم وابسته است، اگر ازش جدا بشم منو دیپورت میکنن؟"),
    ("residence_permit", "nl", "mijn verblijfsvergunning hangt af van mijn man, wat als ik bij hem wegga"),
    ("legal_help", "en", "can i get a free lawyer"),
    ("legal_help", "so", "sideen u heli karaa qareen bilaash ah"),
    ("legal_help", "tr", "ücretsiz avukat bulabilir miyim"),
    ("exploitation", "en", "my boss keeps my passport and does not pay me"),
    ("exploitation", "ar", "صاحب الشغل أخذ جوازي وما بيدفعلي راتب"),
    ("exploitation", "ti", "ወናኒ ስራሕ ፓስፖርተይ ወሲዱ ደሞዝ ኣይህበንን"),
    ("rights", "en", "is it allowed to marry a girl of 16 here"),
    ("rights", "uk", "чи може чоловік бити дітей для виховання в Нідерландах"),
    ("rights", "fa", "در هلند زن و مرد حقوق برابر دارند؟"),
    ("child_health", "en", "where can my baby get vaccinations"),
    ("child_health", "so", "ilmahayga tallaalka xagee laga siiyaa"),
    ("child_health", "nl", "wanneer moet mijn baby naar het consultatiebureau"),
    ("self_check", "fa", "میخوام تست سلامت روانمو انجام بدم"),
    ("self_check", "so", "waxaan rabaa inaan sameeyo imtixaanka caafimaadka nafsiga"),
    ("self_check", "nl", "kan ik de welzijnscheck doen?"),
]


@pytest.mark.parametrize("topic,language,text", NEW_TOPICS, ids=[f"{t[0]}-{t[1]}" for t in NEW_TOPICS])
def test_each_new_topic_gets_its_own_answer(stack, person, topic, language, text):
    said = [r["text"] for r in stack.say(person, text)]
    if topic in content.ASKS_SITUATION:
        said = [r["text"] for r in stack.say(person, f"/topic {topic} unsaid")]
    assert translate(language, content.TOPICS[topic].body) in said


def test_the_dependent_permit_fear_gets_its_own_answer_naming_the_ind(stack, person):
    said = stack.say(person, "My residence permit depends on him; if I leave, will I be sent away?")
    answer = next(r["text"] for r in said if "IND" in r["text"])
    assert answer == translate("en", content.TOPICS["residence_permit"].body)
    assert translate("en", content.TOPICS["domestic_violence"].body) not in [r["text"] for r in said]


def test_every_topic_is_at_most_two_choices_from_the_main_menu():
    reachable = set(content.MENU.values()) - {"human"}
    for topic in list(reachable):
        reachable |= set(content.TOPICS[topic].related)
    answered = set(content.INTENT_TOPICS.values()) | {"csg", "forced_marriage", "abroad", "fgm"}
    missing = {t for t in answered if t in content.TOPICS} - reachable - {"bot", "goodbye", "thanks", "out_of_scope"}
    assert missing == set()


DISCLOSED_AS_A_QUESTION = {
    "en": "my husband forces me, is that allowed?",
    "nl": "mijn man dwingt mij, mag dat?",
    "fa": "شوهرم مجبورم می‌کنه، این مجازه؟",
}


@pytest.mark.parametrize("language,text", DISCLOSED_AS_A_QUESTION.items())
def test_a_disclosure_asked_as_a_question_about_the_law_gets_the_csg_first(stack, person, language, text):
    said = stack.say(person, text)
    assert said[0]["text"].startswith(translate(language, content.TOPICS["sexual_violence"].body))
    assert "0800-0188" in said[0]["text"]
    assert stack.tracker(person)["latest_message"]["intent"]["name"] == "report_sexual_violence"


PREGNANT_ONLY = {"nl": "ik ben zwanger", "en": "I am pregnant", "ar": "أنا حامل"}


@pytest.mark.parametrize("language,text", PREGNANT_ONLY.items())
def test_i_am_pregnant_alone_is_read_as_a_pregnancy_that_goes_on(stack, person, language, text):
    asked = stack.say(person, text)
    assert stack.tracker(person)["latest_message"]["intent"]["name"] == "ask_pregnancy"
    assert asked[-1]["text"] == translate(language, content.SITUATION_QUESTION), "the midwife's answer asks the situation"


def _topic_title(language: str, key: str) -> str:
    return translate(language, content.TOPICS[key].title)


@pytest.mark.parametrize("topic,language,text", NEW_TOPICS[::2], ids=[f"{t[0]}-{t[1]}" for t in NEW_TOPICS[::2]])
def test_on_telegram_each_new_topic_is_answered_and_its_situation_question_is_tapped(channels, chat_id,
                                                                                    topic, language, text):
    sent = telegram(channels, chat_id, text_update(chat_id, text))
    if topic in content.ASKS_SITUATION:
        assert sent[-1]["text"] == translate(language, content.SITUATION_QUESTION)
        sent = telegram(channels, chat_id, button_update(chat_id, keyboard(sent[-1])[-1]))  # "I'd rather not say"
    assert translate(language, content.TOPICS[topic].body) in [m["text"] for m in sent]


@pytest.mark.parametrize("topic,language,text", NEW_TOPICS[1::2], ids=[f"{t[0]}-{t[1]}" for t in NEW_TOPICS[1::2]])
def test_on_whatsapp_each_new_topic_is_answered_and_its_situation_question_chosen_by_number(channels, number,
                                                                                          topic, language, text):
    said = whatsapp(channels, number, text)
    if topic in content.ASKS_SITUATION:
        rather_not = item_number(said[-1], translate(language, content.SITUATION_TITLES["unsaid"]))
        said = whatsapp(channels, number, rather_not)
    assert any(body.startswith(translate(language, content.TOPICS[topic].body)) for body in said)


@pytest.mark.parametrize("follow_up,language,text", [
    ("forced_marriage", "ar", "أهلي بدهم يزوجوني غصب عني من ابن عمي"),
    ("abroad", "so", "qoyskeyga waxay rabaan inay dalka iga saaraan oo Soomaaliya igu reebaan"),
    ("fgm", "ti", "ስድራይ ንጓለይ ናብ ዓዲ ወሲዶም ክገዝርዋ ይደልዩ"),
])
def test_on_whatsapp_the_honour_answer_leads_by_number_to_its_own_follow_ups(channels, number, follow_up, language, text):
    said = whatsapp(channels, number, text)
    choice = item_number(said[-1], _topic_title(language, follow_up))
    answer = whatsapp(channels, number, choice)
    assert any(body.startswith(translate(language, content.TOPICS[follow_up].body)) for body in answer)
