"""Generated task-oriented dialogues (Q16): multi-turn, with slot values held out by split.

Three intents, each a short scripted conversation in lower-case English tokens:

* **train booking**: the user names a destination (and maybe a date), the system asks for what is
  missing, the user gives the number of adults and children, and the system confirms
  ``booking 3 tickets to chile on may 3 .`` — the ticket count is the *sum* (it is not in the text);
* **money transfer**: ``send 418 euros to kadomi`` → the system asks for a date → it confirms;
* **weather**: one question, one answer naming the place and the date.

Half the dialogues end with a thanks / you-are-welcome exchange. Every system turn is one example:
its ``context`` is the dialogue so far (``<u>`` and ``<s>`` mark the speakers), its ``response`` the
system turn as generated (one of three paraphrases), ``valid`` all three paraphrases with the same
slot values (any of them is a correct answer), ``act`` the dialogue act.

The slot pools are split once, by a fixed seed (``data_seed("q16", "source")``), into disjoint
train / val / test parts (70 / 15 / 15 %): **place names** (one-word territory names from
``babel``'s English locale data), **person names** (generated syllable strings) and **amounts**
(100–999 euros, so never a day of the month or a count) in the test split never occur in training. Dates (``may 3``) and the people counts
are shared by every split: a model must copy the new values and still compute the ticket count.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np

from .._validate import check_choice, check_int, rng_from
from ..course import data_seed

__all__ = ["DIALOGUE_ACTS", "DIALOGUE_SPLITS", "Dialogues", "dialogue_slot_pools", "make_dialogues"]

DIALOGUE_SPLITS = ("train", "val", "test")
DIALOGUE_ACTS = ("ask_date", "ask_people", "confirm_train", "ask_when", "confirm_pay", "weather", "welcome")
_SPLIT_FRACTIONS = {"train": (0.0, 0.70), "val": (0.70, 0.85), "test": (0.85, 1.0)}
_P_INTENT = (0.5, 0.25, 0.25)  # train booking, money transfer, weather
_MAX_ADULTS, _MAX_CHILDREN = 3, 2
_N_NAMES = 600
_EXCLUDE_PLACES = {"european union", "eurozone", "united nations", "unknown region", "outlying oceania"}

# system turns: three paraphrases each (all are correct); {slots} are filled from the dialogue
_ASK_DATE = ("what day do you want to travel ?", "for which date ?", "when do you want to leave ?")
_ASK_PEOPLE = ("how many adults and children ?", "how many people are travelling ?",
               "how many passengers , adults and children ?")
_CONFIRM_TRAIN = ("booking {n} to {place} on {date} .", "ok , {n} to {place} for {date} .",
                  "done : {n} to {place} on {date} .")
_ASK_WHEN = ("on which date ?", "when should i send it ?", "what date should i use ?")
_CONFIRM_PAY = ("sending {amount} euros to {name} on {date} .", "done : {amount} euros to {name} on {date} .",
                "ok , {name} gets {amount} euros on {date} .")
_WEATHER = ("checking the weather in {place} for {date} .", "here is the forecast for {place} on {date} .",
            "looking up {place} on {date} .")
_WELCOME = ("you are welcome .", "glad to help .", "anytime , goodbye .")
# user turns
_U_TRAIN = ("i need a train ticket to {place}", "book me a train to {place} please",
            "i want to travel to {place} by train")
_U_TRAIN_DATE = ("i need a train ticket to {place} on {date}", "book me a train to {place} on {date} please")
_U_DATE = ("on {date}", "{date} please", "i want to leave on {date}")
_U_PEOPLE = ("{a} and {c}", "we are {a} and {c}", "{a} , {c}")
_U_PAY = ("send {amount} euros to {name}", "transfer {amount} euros to {name}", "i want to pay {name} {amount} euros")
_U_PAY_DATE = ("on {date}", "{date}", "send it on {date}")
_U_WEATHER = ("what is the weather in {place} on {date} ?", "will it rain in {place} on {date} ?",
              "weather for {place} on {date} please")
_U_THANKS = ("thanks", "thank you", "great , thanks")
_TEMPLATE_WORDS = frozenset(w for group in (_ASK_DATE, _ASK_PEOPLE, _CONFIRM_TRAIN, _ASK_WHEN, _CONFIRM_PAY, _WEATHER,
                                            _WELCOME, _U_TRAIN, _U_TRAIN_DATE, _U_DATE, _U_PEOPLE, _U_PAY, _U_PAY_DATE,
                                            _U_WEATHER, _U_THANKS)
                            for t in group for w in t.split() if not w.startswith("{"))


class Dialogues(NamedTuple):
    """System turns of generated dialogues, one example each (all fields have one entry per turn)."""

    context: tuple  # tuple of token tuples: the dialogue so far, "<u> i need ... <s> for which date ? <u> ..."
    response: tuple  # tuple of token tuples: the system turn as generated (one paraphrase)
    valid: tuple  # tuple of frozensets of strings: every acceptable response (the three paraphrases)
    act: tuple  # tuple of str, one of DIALOGUE_ACTS
    dialogue: np.ndarray  # (n_turns,) int: which dialogue the turn belongs to (0 .. n - 1)
    slots: tuple  # tuple of str tuples: the slot values the response must contain, () if none
    split: str  # "train", "val" or "test": the slot pool the values came from

    def summary(self) -> str:
        """One line: dialogues, system turns, turns with slots, distinct places / names / amounts."""
        n_dialogues = int(self.dialogue.max()) + 1 if len(self.dialogue) else 0
        with_slots = sum(1 for s in self.slots if s)
        return (f"Dialogues ({self.split}): {n_dialogues} dialogues, {len(self.act)} system turns, "
                f"{with_slots} with slot values; acts: "
                + ", ".join(f"{a} {self.act.count(a)}" for a in DIALOGUE_ACTS if a in self.act))


@lru_cache(maxsize=1)
def _all_places() -> tuple[str, ...]:
    from babel import Locale

    names = {v.lower() for k, v in Locale("en").territories.items()
             if k.isalpha() and len(k) == 2 and re.fullmatch(r"[A-Za-z ]+", v)}
    return tuple(sorted(n for n in names - _EXCLUDE_PLACES if len(n.split()) == 1))


def _person_names(n: int, rng: np.random.Generator) -> list[str]:
    consonants, vowels = "bdfgklmnprstvz", "aeiou"
    out: set[str] = set()
    while len(out) < n:
        k = int(rng.integers(2, 4))
        name = "".join(consonants[rng.integers(len(consonants))] + vowels[rng.integers(len(vowels))] for _ in range(k))
        if name not in _TEMPLATE_WORDS:
            out.add(name)
    return sorted(out)


@lru_cache(maxsize=4)
def _pools(split: str) -> dict[str, tuple]:
    rng = np.random.default_rng(data_seed("q16", "source"))
    places = _all_places()
    places = [places[i] for i in rng.permutation(len(places))]
    names = _person_names(_N_NAMES, rng)
    names = [names[i] for i in rng.permutation(len(names))]
    amounts = [str(int(a)) for a in rng.permutation(np.arange(100, 1000))]
    lo, hi = _SPLIT_FRACTIONS[split]

    def cut(xs):
        return tuple(xs[int(lo * len(xs)):int(hi * len(xs))])

    return {"places": cut(places), "names": cut(names), "amounts": cut(amounts)}


def dialogue_slot_pools(split: str = "train") -> dict[str, tuple]:
    """The slot values one split draws from: ``{"places": (...), "names": (...), "amounts": (...)}``
    (strings). The three splits' pools are disjoint; they are fixed (not affected by ``seed``)."""
    check_choice("split", split, DIALOGUE_SPLITS)
    return dict(_pools(split))


def _date(rng: np.random.Generator) -> str:
    from babel.dates import format_date

    day = _dt.date(2024, 1, 1) + _dt.timedelta(days=int(rng.integers(0, 366)))
    return format_date(day, "MMMM d", locale="en").lower()  # "may 3"


def _dialogue(rng: np.random.Generator, pool: dict[str, tuple]) -> list[tuple]:
    """One dialogue: ("u", text) and ("s", text, act, paraphrases, slots) turns."""
    def pick(xs):
        return xs[rng.integers(len(xs))]

    turns: list[tuple] = []
    intent = rng.choice(3, p=_P_INTENT)
    if intent == 0:
        place, date = pick(pool["places"]), _date(rng)
        adults, children = int(rng.integers(1, _MAX_ADULTS + 1)), int(rng.integers(0, _MAX_CHILDREN + 1))
        if rng.random() < 0.3:
            turns.append(("u", pick(_U_TRAIN_DATE).format(place=place, date=date)))
        else:
            turns.append(("u", pick(_U_TRAIN).format(place=place)))
            turns.append(("s", pick(_ASK_DATE), "ask_date", _ASK_DATE, ()))
            turns.append(("u", pick(_U_DATE).format(date=date)))
        turns.append(("s", pick(_ASK_PEOPLE), "ask_people", _ASK_PEOPLE, ()))
        a_text = f"{adults} adult" + ("s" if adults > 1 else "")
        c_text = "no children" if children == 0 else f"{children} child" + ("ren" if children > 1 else "")
        turns.append(("u", pick(_U_PEOPLE).format(a=a_text, c=c_text)))
        total = adults + children
        n_text = f"{total} ticket" + ("s" if total > 1 else "")
        options = tuple(t.format(n=n_text, place=place, date=date) for t in _CONFIRM_TRAIN)
        turns.append(("s", pick(options), "confirm_train", options, (str(total), place, date)))
    elif intent == 1:
        amount, name, date = pick(pool["amounts"]), pick(pool["names"]), _date(rng)
        turns.append(("u", pick(_U_PAY).format(amount=amount, name=name)))
        turns.append(("s", pick(_ASK_WHEN), "ask_when", _ASK_WHEN, ()))
        turns.append(("u", pick(_U_PAY_DATE).format(date=date)))
        options = tuple(t.format(amount=amount, name=name, date=date) for t in _CONFIRM_PAY)
        turns.append(("s", pick(options), "confirm_pay", options, (amount, name, date)))
    else:
        place, date = pick(pool["places"]), _date(rng)
        turns.append(("u", pick(_U_WEATHER).format(place=place, date=date)))
        options = tuple(t.format(place=place, date=date) for t in _WEATHER)
        turns.append(("s", pick(options), "weather", options, (place, date)))
    if rng.random() < 0.5:
        turns.append(("u", pick(_U_THANKS)))
        turns.append(("s", pick(_WELCOME), "welcome", _WELCOME, ()))
    return turns


def make_dialogues(n: int, *, seed: Any, split: str = "train") -> Dialogues:
    """``n`` generated dialogues whose slot values come from ``split``'s pool; one example per system turn.

    ``seed`` (an int or a ``numpy.random.Generator``) drives the dialogues (intents, paraphrases,
    values, dates); the pools are fixed, so the test split's places, names and amounts never occur
    in ``make_dialogues(..., split="train")`` whatever the seeds. Same arguments, same dialogues.
    """
    n = check_int("n", n, 1)
    check_choice("split", split, DIALOGUE_SPLITS)
    rng = rng_from(seed)
    pool = _pools(split)
    context, response, valid, act, dialogue, slots = [], [], [], [], [], []
    for d in range(n):
        history: list[str] = []
        for turn in _dialogue(rng, pool):
            if turn[0] == "s":
                context.append(tuple(history))
                response.append(tuple(turn[1].split()))
                valid.append(frozenset(turn[3]))
                act.append(turn[2])
                dialogue.append(d)
                slots.append(tuple(turn[4]))
            history += [f"<{turn[0]}>"] + turn[1].split()
    return Dialogues(tuple(context), tuple(response), tuple(valid), tuple(act),
                     np.array(dialogue, dtype=np.int64), tuple(slots), split)
