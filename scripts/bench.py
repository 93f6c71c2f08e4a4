"""`make bench`: Bridge next to a bare `rasa init` bot, under the same load, in one run.

Absolute times on a shared 2-core machine are noise; what the two give in the
same run, one after the other, is the measure (issue 8). Bridge runs as in
production: the Telegram webhook, a local Bot API stand-in
(tests/support/fakes.py), our tracker store on `BENCH_DATABASE_URL`. A
person's "first reply" is the time from the webhook POST to the stand-in
receiving the first sendMessage for that chat; the person writes again once
the whole answer was delivered (no row of theirs left in the outbox). The
anchor is `rasa init --no-prompt` (its model cached like ours) on Rasa's REST
channel, where the reply is the HTTP response. Both get the same people, the
same messages (questions from tests/everyday/, menu numbers, eight languages).

    BENCH_DATABASE_URL  Bridge's database (default: SQLite in a temporary folder)
    BENCH_REDIS_URL     with a PostgreSQL BENCH_DATABASE_URL: also measure BRIDGE_WORKERS=2
    BENCH_PEOPLE        default "20,50"; BENCH_MESSAGES per person, default 10
    BENCH_LONG          messages of the long conversation, default 400
"""
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BRIDGE_SECRET_KEY", "bench-key-" + "b" * 40)
os.environ["RASA_TELEMETRY_ENABLED"] = "false"

import psutil  # noqa: E402
import sqlalchemy as sa  # noqa: E402
import yaml  # noqa: E402

from bot import privacy  # noqa: E402
from bot.engine.train import CACHE, ensure_model  # noqa: E402
from tests.support.fakes import FakeTelegram  # noqa: E402
from tests.support.servers import BridgeStack, _wait_until_up, free_port  # noqa: E402
from tests.support.webhooks import post, text_update  # noqa: E402

TOKEN = "123456:BENCH-token"
SECRET = "bench-webhook-secret"
LANGUAGES = ("en", "nl", "ar", "ti", "fa", "tr", "uk", "so")
SKIPPED_INTENTS = {"forget_me", "request_human"}  # erasure and a hand-off end the measured conversation
MENU = ["1", "2", "3", "4", "5", "6", "7", "8", "0", "/menu"]
TIMEOUT = 60


# --- the anchor: a bare `rasa init` bot ----------------------------------------------

def anchor_model(workdir: Path) -> Path:
    """`rasa init --no-prompt` trains the starter bot; its model is cached per Rasa version."""
    import rasa

    cached = CACHE.parent / "anchor" / f"rasa-init-{rasa.__version__}.tar.gz"
    if not cached.exists():
        print("Training the anchor (rasa init --no-prompt), once per Rasa version...", file=sys.stderr)
        project = workdir / "anchor-project"
        project.mkdir()  # rasa init wants the folder to exist
        subprocess.run([sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(project)],
                       check=True, stdout=sys.stderr, stderr=sys.stderr, cwd=workdir)
        cached.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(max((project / "models").glob("*.tar.gz"), key=os.path.getmtime), cached)
    return cached


class Anchor:
    def __init__(self, model: Path, workdir: Path):
        self.model, self.workdir, self.port = model, workdir, free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Anchor":
        (self.workdir / "credentials.yml").write_text("rest:\n")
        log = self.workdir / "anchor.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "rasa", "run", "--model", str(self.model), "--credentials", "credentials.yml",
             "--interface", "127.0.0.1", "--port", str(self.port)],
            cwd=self.workdir, stdout=open(log, "a"), stderr=subprocess.STDOUT,
            env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
        _wait_until_up(f"{self.url}/", self.process, log)
        return self

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(30)

    def pids(self) -> list[int]:
        return [self.process.pid] if self.process else []

    def turn(self, person: "Person", text: str) -> float:
        """Seconds until the REST channel answered."""
        body = json.dumps({"sender": person.name, "message": text}).encode()
        started = time.perf_counter()
        status, _ = post(f"{self.url}/webhooks/rest/webhook", body, {"Content-Type": "application/json"})
        if status != 200:
            raise RuntimeError(f"REST answered {status}")
        return time.perf_counter() - started


# --- Bridge, on the Telegram webhook ---------------------------------------------------

class BotAPI(FakeTelegram):
    """The stand-in, also noting when each chat got a message."""

    def __init__(self, token: str):
        super().__init__(token)
        self.arrived = threading.Condition()
        self.count: dict[str, int] = {}
        self.first_after: dict[str, float] = {}

    def record(self, name, params):
        if name != "sendMessage":
            return super().record(name, params)
        chat = str(params.get("chat_id"))
        with self.arrived:
            self.count[chat] = self.count.get(chat, 0) + 1
            self.first_after.setdefault(chat, time.perf_counter())
            self.arrived.notify_all()

    def expect(self, chat: str) -> None:
        with self.arrived:
            self.first_after.pop(chat, None)

    def first_reply(self, chat: str, timeout: float = TIMEOUT) -> float:
        with self.arrived:
            if not self.arrived.wait_for(lambda: chat in self.first_after, timeout):
                raise TimeoutError("no reply")
            return self.first_after[chat]


class Bridge:
    def __init__(self, model: Path, workdir: Path, database_url: str, workers: int = 1, redis_url: str = ""):
        self.api = BotAPI(TOKEN).start()
        self.workers = workers
        env = {"TELEGRAM_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_SECRET": SECRET, "TELEGRAM_API_URL": self.api.url,
               "TELEGRAM_WEBHOOK_URL": "https://bridge.example/webhooks/telegram/webhook",
               "BRIDGE_WORKERS": str(workers), "SANIC_WORKERS": str(workers)}
        if redis_url:
            env["REDIS_URL"] = redis_url
        self.stack = BridgeStack(model, workdir, database_url, env)
        self.outbox = sa.create_engine(database_url, future=True)
        self.webhook_times: list[float] = []  # how long Telegram's POST waited for its 200

    @property
    def url(self) -> str:
        return self.stack.url

    def start(self) -> "Bridge":
        self.stack.start()
        return self

    def stop(self) -> None:
        self.stack.stop()
        self.api.stop()
        self.outbox.dispose()

    def pids(self) -> list[int]:
        """Every process of the stack: the action server, Rasa and its workers."""
        found = []
        for process in self.stack.processes:
            try:
                found += [process.pid] + [child.pid for child in psutil.Process(process.pid).children(recursive=True)]
            except psutil.NoSuchProcess:
                pass
        return found

    def turn(self, person: "Person", text: str) -> float:
        """Seconds from the webhook POST to the first sendMessage; returns once the whole answer is out."""
        chat = str(person.chat_id)
        self.api.expect(chat)
        body = json.dumps(text_update(person.chat_id, text)).encode()
        started = time.perf_counter()
        status, _ = post(f"{self.url}/webhooks/telegram/webhook", body,
                         {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET})
        self.webhook_times.append(time.perf_counter() - started)
        if status != 200:
            raise RuntimeError(f"webhook answered {status}")
        first = self.api.first_reply(chat) - started
        self._until_delivered(person)
        return first

    def _until_delivered(self, person: "Person") -> None:
        """The whole answer was written with the first reply's row: wait until none of it waits."""
        recipient = privacy.lookup_key("telegram", str(person.chat_id))
        deadline = time.time() + TIMEOUT
        query = sa.text("SELECT count(*) FROM outbox WHERE recipient = :r")
        while time.time() < deadline:
            with self.outbox.connect() as connection:
                if not connection.execute(query, {"r": recipient}).scalar():
                    return
            time.sleep(0.01)
        raise TimeoutError("answer not delivered")


# --- the people and what they write ------------------------------------------------------

def questions() -> dict[str, list[str]]:
    """Everyday questions per language (tests/everyday/), without erasure and hand-off."""
    found = {}
    for language in LANGUAGES:
        data = yaml.safe_load((ROOT / "tests" / "everyday" / f"{language}.yml").read_text())
        found[language] = [line[2:].strip() for block in data["nlu"] if block["intent"] not in SKIPPED_INTENTS
                           for line in block["examples"].splitlines() if line.startswith("- ")]
    return found


@dataclass
class Person:
    name: str
    chat_id: int
    script: list[str]
    times: list[float] = field(default_factory=list)
    errors: int = 0


_chats = iter(range(7_000_000_000 + random.randrange(10**6) * 1000, 8_000_000_000))


def people(count: int, messages: int, seed: int) -> list[Person]:
    """`count` people, a language each; a question, then mostly questions with a menu number in between."""
    rng, asked = random.Random(seed), questions()
    crowd = []
    for n in range(count):
        language = LANGUAGES[n % len(LANGUAGES)]
        script = [rng.choice(asked[language]) if i % 3 != 2 else rng.choice(MENU) for i in range(messages)]
        chat = next(_chats)
        crowd.append(Person(f"bench-{chat}", chat, script))
    return crowd


# --- measuring ---------------------------------------------------------------------------

@dataclass
class Result:
    times: list[float]
    errors: int
    seconds: float

    @property
    def throughput(self) -> float:
        return len(self.times) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.times:
            return float("nan")
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def converse(bot, person: Person) -> None:
    for text in person.script:
        try:
            person.times.append(bot.turn(person, text))
        except Exception:  # noqa: BLE001 - counted, not fatal: an error is a result too
            person.errors += 1


def load(bot, count: int, messages: int, seed: int) -> Result:
    """`count` people writing at once, each waiting for the whole answer before writing again."""
    crowd = people(count, messages, seed)
    started = time.perf_counter()
    with ThreadPoolExecutor(count) as pool:
        list(pool.map(lambda person: converse(bot, person), crowd))
    seconds = time.perf_counter() - started
    return Result([t for p in crowd for t in p.times], sum(p.errors for p in crowd), seconds)


def warm_up(bot) -> None:
    """The first turns load lazily what every later one uses (lingua's models, Rasa's graph)."""
    for language in LANGUAGES:
        converse(bot, people(1, 3, seed=hash(language) % 1000)[0])


def parse_times(bridge, count: int = 300) -> list[float]:
    """Seconds to understand one message (Rasa's /model/parse: normaliser, language, classifier and safety
    net), one at a time, over everyday and hard messages of all eight languages."""
    texts = [text for language in LANGUAGES for text in questions()[language][:count // (2 * len(LANGUAGES))]]
    for language in LANGUAGES:
        data = yaml.safe_load((ROOT / "tests" / "hard" / f"{language}.yml").read_text())
        lines = [line[2:].strip() for block in data["nlu"] for line in block["examples"].splitlines()
                 if line.startswith("- ")]
        texts += lines[:count // (2 * len(LANGUAGES))]
    times = []
    for text in texts:
        started = time.perf_counter()
        status, body = post(f"{bridge.url}/model/parse?token={bridge.stack.api_token}",
                            json.dumps({"text": text}).encode(), {"Content-Type": "application/json"})
        times.append(time.perf_counter() - started)
        if status != 200 or "intent" not in json.loads(body):
            raise RuntimeError(f"/model/parse answered {status}")
    return times


def long_conversation(bot, length: int, marks=(10, 100, 200, 400)) -> dict[int, float]:
    """One person, `length` messages; the median of the five replies up to each mark."""
    person = people(1, length, seed=400)[0]
    converse(bot, person)
    return {mark: statistics.median(person.times[max(0, mark - 5):mark]) for mark in marks
            if mark <= len(person.times)}


def resident_memory(pids: list[int]) -> tuple[float, float]:
    """(RSS, PSS) of these processes in MB; PSS counts pages shared by forked workers once."""
    rss = pss = 0.0
    for pid in pids:
        try:
            info = psutil.Process(pid).memory_full_info()
        except psutil.Error:
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return rss / 2**20, pss / 2**20


# --- the run and its table ---------------------------------------------------------------

def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def load_rows(label: str, anchor: Result, bridge: Result) -> list[str]:
    ratio = (f"{bridge.percentile(50) / anchor.percentile(50):.2f}", f"{bridge.percentile(95) / anchor.percentile(95):.2f}",
             f"{bridge.throughput / anchor.throughput:.2f}")
    return [
        f"| {label} | anchor (`rasa init`, REST) | {ms(anchor.percentile(50))} | {ms(anchor.percentile(95))} "
        f"| {anchor.throughput:.1f} | {anchor.errors} | | | |",
        f"| {label} | Bridge (Telegram webhook) | {ms(bridge.percentile(50))} | {ms(bridge.percentile(95))} "
        f"| {bridge.throughput:.1f} | {bridge.errors} | {ratio[0]} | {ratio[1]} | {ratio[2]} |",
    ]


def verdict(met: bool) -> str:
    return "met" if met else "**not met**"


def measure(anchor, model, workdir, database_url, redis_url, crowds, messages, length):
    """Every measurement of the run; Bridge is started and stopped here, the anchor by the caller."""
    (workdir / "one").mkdir()
    bridge = Bridge(model, workdir / "one", database_url).start()
    print(f"Measuring on {os.cpu_count()} cores; Bridge on {database_url.split(':')[0]}...", file=sys.stderr)
    results, rows, webhook = {}, [], {}
    try:
        warm_up(anchor), warm_up(bridge)
        for count in crowds:
            bridge.webhook_times.clear()
            results[count] = (load(anchor, count, messages, count), load(bridge, count, messages, count))
            webhook[f"{count} people, 1 process"] = Result(list(bridge.webhook_times), 0, 0)
            rows += load_rows(f"{count} people, 1 process", *results[count])
        long_anchor, long_bridge = long_conversation(anchor, length), long_conversation(bridge, length)
        parsing = Result(parse_times(bridge), 0, 0)
        memory = resident_memory(bridge.pids())
    finally:
        bridge.stop()
    parallel, memory_two = {}, (0.0, 0.0)
    if redis_url:
        (workdir / "two").mkdir()
        bridge = Bridge(model, workdir / "two", database_url, workers=2, redis_url=redis_url).start()
        try:
            warm_up(bridge)
            for count in crowds:
                bridge.webhook_times.clear()
                parallel[count] = load(bridge, count, messages, count)
                webhook[f"{count} people, 2 processes"] = Result(list(bridge.webhook_times), 0, 0)
                rows += load_rows(f"{count} people, 2 processes", results[count][0], parallel[count])
            memory_two = resident_memory(bridge.pids())
        finally:
            bridge.stop()
    return results, rows, parallel, memory, memory_two, long_anchor, long_bridge, webhook, parsing


def main() -> None:
    crowds = [int(n) for n in os.environ.get("BENCH_PEOPLE", "20,50").split(",")]
    messages = int(os.environ.get("BENCH_MESSAGES", "10"))
    length = int(os.environ.get("BENCH_LONG", "400"))
    redis_url = os.environ.get("BENCH_REDIS_URL", "")
    workdir = Path(tempfile.mkdtemp(prefix="bridge-bench-"))
    database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir / 'bridge.db'}"
    two = redis_url and database_url.startswith("postgresql")
    model, anchor_tar = ensure_model(), anchor_model(workdir)
    anchor = Anchor(anchor_tar, workdir).start()
    try:
        results, rows, parallel, memory, memory_two, long_anchor, long_bridge, webhook, parsing = measure(
            anchor, model, workdir, database_url, redis_url if two else "", crowds, messages, length)
    finally:
        anchor.stop()

    print(f"\n`make bench`, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, Bridge on "
          f"{database_url.split(':')[0].split('+')[0]}; {messages} messages per person; ratios are Bridge / anchor.\n")
    print("| load | bot | p50 first reply (ms) | p95 (ms) | messages/s | errors | p50 ratio | p95 ratio | throughput ratio |")
    print("|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print("\nHow long Telegram's webhook POST waited for Bridge's 200 (the turn runs after it):\n")
    print("| load | p50 (ms) | p95 (ms) | max (ms) |\n|---|---|---|---|")
    for label, waited in webhook.items():
        print(f"| {label} | {ms(waited.percentile(50))} | {ms(waited.percentile(95))} | {ms(max(waited.times))} |")
    marks = sorted(long_bridge)
    print(f"\nOne conversation of {length} messages (median of the five replies up to each):\n")
    print("| message | " + " | ".join(str(m) for m in marks) + f" | {marks[-1]} / {marks[0]} |")
    print("|---" * (len(marks) + 2) + "|")
    for name, long in (("anchor (ms)", long_anchor), ("Bridge (ms)", long_bridge)):
        print(f"| {name} | " + " | ".join(ms(long[m]) for m in marks) + f" | {long[marks[-1]] / long[marks[0]]:.2f} |")
    print(f"\nResident memory of all Bridge processes: one process {memory[0]:,.0f} MB RSS ({memory[1]:,.0f} MB PSS)"
          + (f"; two processes {memory_two[0]:,.0f} MB RSS ({memory_two[1]:,.0f} MB PSS)." if two else "."))

    first = crowds[0]
    anchor_first, bridge_first = results[first]
    print("\nTargets:\n")
    print(f"- One process, throughput at least the anchor's: {bridge_first.throughput / anchor_first.throughput:.2f}x "
          f"at {first} people ({verdict(bridge_first.throughput >= anchor_first.throughput)}).")
    print(f"- One process, p95 at {first} people no worse than the anchor's: {ms(bridge_first.percentile(95))} vs "
          f"{ms(anchor_first.percentile(95))} ms ({verdict(bridge_first.percentile(95) <= anchor_first.percentile(95))}).")
    if two:
        both = parallel[first]
        print(f"- Two processes, throughput at least 2x the anchor's: {both.throughput / anchor_first.throughput:.2f}x "
              f"({verdict(both.throughput >= 2 * anchor_first.throughput)}); p95 at most 250 ms at {first} people: "
              f"{ms(both.percentile(95))} ms ({verdict(both.percentile(95) <= 0.25)}).")
    else:
        print("- Two processes: not measured (set BENCH_DATABASE_URL to PostgreSQL and BENCH_REDIS_URL).")
    growth = long_bridge[marks[-1]] / long_bridge[marks[0]]
    print(f"- Message {marks[-1]} within 1.5x of message {marks[0]}: {growth:.2f}x ({verdict(growth <= 1.5)}).")
    print(f"- Understanding one message (/model/parse, {len(parsing.times)} everyday and hard messages, one at a time) "
          f"at most 50 ms median: {ms(parsing.percentile(50))} ms, p95 {ms(parsing.percentile(95))} ms "
          f"({verdict(parsing.percentile(50) <= 0.05)}).")
    print(f"- Memory at most 1.5 GB with one process: {memory[0] / 1024:.2f} GB RSS ({verdict(memory[0] <= 1536)}).")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
