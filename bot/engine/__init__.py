"""The seam to Rasa: the only package (with `actions/`) that imports it.

Our NLU components, the tracker and lock stores Rasa is configured with, and
the client the rest of Bridge uses to talk to the dialogue engine. Replacing
Rasa means replacing this package and `actions/`, nothing else.
"""
from bot import logs

logs.install()  # every process that talks to Rasa imports this package first
