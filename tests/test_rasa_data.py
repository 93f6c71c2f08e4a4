"""Rasa's own validation of domain, NLU data, rules and stories is clean."""
import os
import subprocess
import sys

from bot.settings import ROOT


def test_rasa_data_validate_is_clean():
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "data", "validate", "--fail-on-warnings",
         "--domain", "domain.yml", "--data", "nlu", "stories", "--config", "config.yml"],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
