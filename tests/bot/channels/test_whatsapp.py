"""WhatsApp end to end: real servers, signed Twilio webhooks, a local Messages API."""
import random

import pytest
from twilio.request_validator import RequestValidator

from bot import content
from bot.i18n import translate
from tests.support.webhooks import post, to_whatsapp, whatsapp_form


@pytest.fixture
def number():
    return f"+316{random.randint(10**7, 10**8 - 1)}"


def bodies(channels, number):
    return [m["Body"] for m in channels.twilio.sent_to(f"whatsapp:{number}")]


def test_a_signed_message_is_answered_through_the_messages_api(channels, number):
    status, body = to_whatsapp(channels, whatsapp_form(number, "he is coming to hurt me now"))
    assert status == 200 and b"<Response>" in body
    sent = channels.twilio.sent_to(f"whatsapp:{number}")
    assert sent[0]["From"] == channels.whatsapp_from
    assert sent[0]["Body"].startswith("Call 112 now")


@pytest.mark.parametrize("signature", [None, "forged", "valid-for-other-params"])
def test_unsigned_or_forged_requests_are_refused_and_not_processed(channels, number, signature):
    form = whatsapp_form(number, "hello")
    if signature == "valid-for-other-params":
        signature = RequestValidator(channels.twilio_token).compute_signature(
            channels.public_url + "/webhooks/whatsapp/webhook", {**form, "Body": "something else"})
    status, _ = to_whatsapp(channels, form, signature=signature)
    assert status == 403
    assert bodies(channels, number) == []


def test_a_body_that_is_not_a_form_is_a_400(channels):
    status, _ = post(f"{channels.stack.url}/webhooks/whatsapp/webhook", b'{"json": true}',
                     {"Content-Type": "application/json"})
    assert status == 400


def test_a_signed_form_without_a_message_is_a_400(channels, number):
    form = whatsapp_form(number, "hi")
    del form["MessageSid"]
    assert to_whatsapp(channels, form)[0] == 400


def test_options_are_numbered_and_typing_a_number_chooses_one(channels, number):
    to_whatsapp(channels, whatsapp_form(number, "how do i register with a family doctor"))
    answer = bodies(channels, number)[-1]  # the answer, after the first-contact notice
    first_option = translate("en", content.TOPICS["costs"].title)
    assert f"1. {first_option}" in answer
    to_whatsapp(channels, whatsapp_form(number, "1"))
    question = bodies(channels, number)[-1]  # the costs depend on the situation: asked once
    assert question.startswith(translate("en", content.SITUATION_QUESTION))
    to_whatsapp(channels, whatsapp_form(number, "4"))  # "I have no papers", the 4th option of that list
    assert bodies(channels, number)[-1].startswith(translate("en", content.SITUATION_BODIES[("costs", "undocumented")]))


def test_the_main_menu_numbers_work_by_typing(channels, number):
    to_whatsapp(channels, whatsapp_form(number, "Nederlands"))
    to_whatsapp(channels, whatsapp_form(number, "7"))
    answer = bodies(channels, number)[-1]
    assert answer.startswith(translate("nl", content.TOPICS["sexual_violence"].body))
    assert "1. " in answer and "5. " in answer  # its follow-ups and a person, one numbered list


def test_a_voice_note_gets_a_text_only_reply(channels, number):
    form = whatsapp_form(number, "", NumMedia="1", MediaContentType0="audio/ogg", MediaUrl0="https://api.twilio.com/x")
    to_whatsapp(channels, form)
    assert bodies(channels, number) == [translate("en", content.ONLY_TEXT)]


def test_a_twilio_retry_is_answered_once(channels, number):
    form = whatsapp_form(number, "ik wil niet meer leven")
    to_whatsapp(channels, form)
    answered = len(bodies(channels, number))
    to_whatsapp(channels, form)
    assert len(bodies(channels, number)) == answered and answered > 0
