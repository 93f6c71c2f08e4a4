"""Train the Rasa model only when what it is trained from has changed.

The model is named after a hash of its inputs (config, domain, training data,
and our NLU code), so an unchanged repository reuses the model it already has,
and a model is also kept in a cache outside the work tree that later clones on
the same machine (CI) reuse. Prints the model's path.
"""
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bot.settings import ROOT

# What training reads. Code that only runs when a message is parsed (the
# shortcuts, the safety net, the word lists) is loaded fresh by every server.
INPUTS = ["config.yml", "domain.yml", "nlu", "stories", "bot/text.py", "bot/classifier.py",
          "bot/engine/nlu_components.py"]
CACHE = Path(os.environ.get("BRIDGE_MODEL_CACHE", Path.home() / ".cache" / "bridge" / "models"))


def inputs_hash(root: Path = ROOT) -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        path = root / name
        # The word lists (nlu/*/*.txt) are read at parse time, not trained on.
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix != ".txt") if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def ensure_model(root: Path = ROOT) -> Path:
    name = f"bridge-{inputs_hash(root)}"
    model = root / "models" / f"{name}.tar.gz"
    cached = CACHE / model.name
    if model.exists():
        return model
    model.parent.mkdir(exist_ok=True)
    if cached.exists():
        shutil.copy(cached, model)
        return model
    print(f"Training {name} (the training data changed)...", file=sys.stderr)
    subprocess.run(
        [sys.executable, "-m", "rasa", "train", "--config", "config.yml", "--domain", "domain.yml",
         "--data", "nlu", "stories", "--out", "models", "--fixed-model-name", name],
        cwd=root, check=True, stdout=sys.stderr,
    )
    CACHE.mkdir(parents=True, exist_ok=True)
    shutil.copy(model, cached)
    return model


if __name__ == "__main__":
    print(ensure_model())
