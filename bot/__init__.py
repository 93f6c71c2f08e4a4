"""Bridge: an anonymous, multilingual assistant for migrants in the Netherlands.

Everything here is ours and engine-agnostic, except `bot.engine`, the one place
that knows about Rasa (so the dialogue engine can be replaced one day).
"""
