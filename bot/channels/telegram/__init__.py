"""Telegram, through python-telegram-bot 22 (Bot API)."""
