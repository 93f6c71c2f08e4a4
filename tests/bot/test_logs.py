"""The log record factory (bot.logs) keeps secrets and identifiers out of every line."""
import logging

from bot import logs


def test_library_debug_output_is_withheld_and_ours_is_kept(caplog):
    logs.install()
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("rasa.core.processor").debug("Received user message 'he hits me'")
        logging.getLogger("bot.channels").debug("handled a telegram message")
    assert "he hits me" not in caplog.text
    assert "handled a telegram message" in caplog.text


def test_tokens_urls_and_numbers_are_scrubbed_at_every_level(caplog, monkeypatch):
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "twilio-secret-value-123")
    logs.install()
    with caplog.at_level(logging.INFO):
        logging.getLogger("httpx").warning("POST https://api.telegram.org/bot123456:ABCdefGHIjkl/sendMessage")
        logging.getLogger("twilio").error("auth twilio-secret-value-123 for whatsapp:+31687654321")
        logging.getLogger("bot").info("chat 7771234567890 %s", "done")
    assert "ABCdefGHIjkl" not in caplog.text and "twilio-secret-value-123" not in caplog.text
    assert "31687654321" not in caplog.text and "7771234567890" not in caplog.text
    assert "done" in caplog.text


def test_a_traceback_keeps_where_it_failed_but_not_what_the_exception_quoted(caplog):
    logs.install()
    said = "my husband " + "hits me"  # a person's words, not in the source lines a traceback shows
    try:
        try:
            {}[said]
        except KeyError as error:
            raise ValueError(f"could not parse {said.replace('hits', 'forced')!r}") from error
    except ValueError:
        with caplog.at_level(logging.INFO):
            logging.getLogger("sanic.error").exception("Exception occurred while handling uri")
    logged = caplog.records[-1].exc_text
    assert "hits me" not in logged and "forced me" not in logged, logged
    assert "builtins.KeyError" in logged and "builtins.ValueError" in logged and "test_logs.py" in logged
