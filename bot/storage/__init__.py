"""Our own data (contacts, deliveries; later hand-offs), in DATABASE_URL beside Rasa's tables."""
