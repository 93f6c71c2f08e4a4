"""WhatsApp, through Twilio's webhook and Messages API."""
