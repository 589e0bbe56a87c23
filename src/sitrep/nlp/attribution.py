"""Attribution: who says so. "according to X", "X said", "said X", "X reported", "X claimed"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from spacy.tokens import Doc

from .base import Step

_SAY = (r"(?:said|says|stated|states|reported|reports|claimed|claims|announced|confirmed|added|told|"
        r"wrote|tweeted|posted|alleged)")
_WORD = r"(?:[A-Z][\w’'.-]*|of|and|for|the|de|al|on|al-\w+)"
_NAME = r"(?:the\s+)?" + _WORD + r"(?:\s+" + _WORD + r"){0,8}"
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+(?P<src>(?:the\s+|a\s+)?[\w’'.-]+(?:\s+[\w’'.-]+){0,9}?)"
                        r"(?=\s*(?:[,.;:]|$|\breports?\b|\bstatements?\b|\bfigures\b|\bwho\b))",
                        re.UNICODE)
_SUBJECT_SAID = re.compile(r"(?:^|[“\"”,]\s*|\.\s+)"
                           r"(?P<src>(?:the\s+|The\s+|A\s+|a\s+)?[\w’'-]+(?:\s+[\w’'.()-]+){0,8}?)"
                           r",?\s+(?:(?:has|have|had)\s+)?(?:also\s+|earlier\s+|later\s+)?" + _SAY + r"\b")
_SAID_SUBJECT = re.compile(r"[,”\"]\s*" + _SAY + r"\s+(?P<src>" + _NAME + r")")
_WEAK_SOURCES = frozenset({"it", "he", "she", "they", "we", "i", "officials", "sources", "the ministry",
                           "the statement", "a statement", "this", "that", "which", "who"})
_INSTITUTIONS = frozenset({"ministry", "governor", "army", "military", "police", "spokesman", "spokeswoman",
                           "spokesperson", "officials", "official", "committee", "government", "authorities",
                           "agency", "media", "sources", "witnesses", "residents", "council", "office",
                           "command", "forces", "medics", "doctors", "activists", "monitor", "observatory"})
_ANAPHORIC = re.compile(r"\b(?P<src>(?:[Tt]he\s+(?:ministry|army|military|governor|spokesman|spokeswoman|police|"
                        r"group|committee|agency|council|official|officials|statement|paramilitary|rebels))|"
                        r"[Ii]t|[Hh]e|[Ss]he|[Tt]hey)\s+(?:also\s+|later\s+|earlier\s+)?" + _SAY + r"\b")
_TRAILING = re.compile(r"\s+(?:on|in|at|early|late|earlier|later|also|has|have|had|was|were|that)(?:\s.*)?$")
# "Fighting was reported", "Nothing was said": a passive verb names no source.
_PASSIVE = re.compile(r"\s(?:was|were|is|are|been|being)$", re.IGNORECASE)


@dataclass(frozen=True)
class Claim:
    """A source named in a sentence, with the character span of the name."""

    start: int
    end: int
    text: str
    sentence_start: int
    anaphoric: bool = False  # "the ministry added", "he said": the source named earlier in the article


class AttributionFinder(Step):
    """Find, per sentence, who the sentence says is the source."""

    name: ClassVar[str] = "sitrep_attribution"
    requires: ClassVar[tuple[str, ...]] = ("sents",)
    assigns: ClassVar[tuple[str, ...]] = ("claims",)

    def predict(self, docs: list[Doc]) -> list[list[Claim]]:
        out = []
        for doc in docs:
            claims = []
            for sent in doc.sents:
                claim = find_claim(sent.text)
                if claim is not None:
                    s, e = claim
                    claims.append(Claim(sent.start_char + s, sent.start_char + e, sent.text[s:e],
                                        sent.start_char))
                elif (m := _ANAPHORIC.search(sent.text)) is not None:
                    claims.append(Claim(sent.start_char + m.start("src"), sent.start_char + m.end("src"),
                                        m.group("src"), sent.start_char, anaphoric=True))
            out.append(claims)
        return out


def find_claim(sentence: str) -> tuple[int, int] | None:
    """Return the offsets of the source named in ``sentence``, or None."""
    for pattern in (_ACCORDING, _SAID_SUBJECT, _SUBJECT_SAID):
        for m in pattern.finditer(sentence):
            s, e = m.span("src")
            src = sentence[s:e]
            if pattern is _SUBJECT_SAID and _PASSIVE.search(src):
                continue
            cut = _TRAILING.search(src)
            if cut:
                e = s + cut.start()
                src = sentence[s:e]
            if src.endswith(".") and "." not in src.split()[-1][:-1]:
                e -= 1  # the sentence's full stop, not an abbreviation's ("U.N.")
                src = src[:-1]
            src_l = src.lower().strip()
            if not src_l or src_l in _WEAK_SOURCES or len(src_l) < 2:
                continue
            if src_l.startswith(("the ", "a ")):
                lead = 4 if src_l.startswith("the ") else 2
                s, src = s + lead, src[lead:]
            if not src[:1].isupper() and src_l.split()[-1] not in _INSTITUTIONS:
                continue
            return s, e
    return None
