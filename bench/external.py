"""Held-out data from outside ../shared, kept in ../extra beside the repo (never in it).

No choice of duizhao was made on these sets before they came in (December 2026); each bench says
which part it tunes on and which it reports. Built once from public Git repositories:

- MAC-Test: Bertalign's 24 literary test passages (six novels, four chapters each; gold links by hand),
  bfsujason/bertalign at commit 6d284528b49326fda8ebb3183cd1980bc527b47e, `corpus/mac/test`. Written in
  MAC-Dev's layout (NNN.zh, NNN.en one sentence a line; NNN.align `[zh]:[en]`, 0-based).
- News sentence pairs: WMT18/19/20 zh→en newstest (source and professional reference, one pair a
  line, shuffled, no documents), as published in DAMO's test-set CSVs, copied in
  philexohf/Practical_AI_with_PyTorch at commit a0fa5e34d2f4f747ac74866969fc1a61d0b3e81b,
  `datasets/WMT-Chinese-to-English-Machine-Translation-newstest`. Pairs whose Chinese is also in
  WMT17 dev are dropped (about half of the "wmt19" file). Split: WMT18 tunes; WMT19 and WMT20 are held out.
- WMT18's Chinese source in its original order (documents one after another, no boundaries marked), from
  xiaoganmijiu/xgmj at commit b4e16e17dd30a8dc5288a9185745ed5156ba68f0, `newstest2018-zhen-src.zh.sgm`
  (plain lines): `news_stream()` gives it with each line's English where the WMT18 pairs hold it (tuning only).

    python bench/external.py --bertalign CHECKOUT --damo CHECKOUT --xgmj CHECKOUT   # writes ../extra
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
from pathlib import Path

from common import DEV_DATA, HERE

EXTRA = HERE.parent.parent / "extra"
MAC_TEST = EXTRA / "mac-test"
NEWS = EXTRA / "wmt-zhen-sent"
BERTALIGN_COMMIT = "6d284528b49326fda8ebb3183cd1980bc527b47e"
DAMO_COMMIT = "a0fa5e34d2f4f747ac74866969fc1a61d0b3e81b"
DAMO_DIR = "datasets/WMT-Chinese-to-English-Machine-Translation-newstest"
XGMJ_COMMIT = "b4e16e17dd30a8dc5288a9185745ed5156ba68f0"
STREAM = EXTRA / "wmt18-zh-ordered.txt"
NEWS_TUNE = ("wmt18",)
NEWS_HELD_OUT = ("wmt19", "wmt20")


def mac_test_passages() -> list[str]:
    """The passage numbers ("001" … "024") present in ../extra/mac-test (empty without it)."""
    return sorted(p.stem for p in MAC_TEST.glob("*.align")) if MAC_TEST.is_dir() else []


def news_pairs(split: str) -> list[tuple[str, str, str]]:
    """(set, zh, en) of the "tune" or "held_out" news sentence pairs (empty without ../extra)."""
    names = {"tune": NEWS_TUNE, "held_out": NEWS_HELD_OUT}[split]
    out = []
    for name in names:
        path = NEWS / f"{name}.jsonl"
        if path.exists():
            out += [(name, r["zh"], r["en"]) for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())]
    return out


def news_stream() -> list[tuple[str, str | None]]:
    """WMT18's Chinese lines in their published order, each with its English (None where the pairs lack it)."""
    if not STREAM.exists():
        return []
    english = {zh.strip(): en for _set, zh, en in news_pairs("tune")}
    lines = [line.strip() for line in STREAM.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(zh, english.get(zh)) for zh in lines]


def _show(checkout: Path, commit: str, path: str) -> str:
    return subprocess.run(["git", "-C", str(checkout), "show", f"{commit}:{path}"], capture_output=True, text=True, check=True).stdout


def build_mac_test(checkout: Path) -> int:
    """MAC-Test into MAC-Dev's layout. InterText's xtargets list the English ids first, then the Chinese."""
    MAC_TEST.mkdir(parents=True, exist_ok=True)
    base = "corpus/mac/test"
    n = 0
    for i in range(1, 25):
        name = f"{i:03d}"
        index: dict[str, dict[str, int]] = {}
        for lang in ("zh", "en"):
            ids = re.findall(r'<s id="([^"]+)">', _show(checkout, BERTALIGN_COMMIT, f"{base}/intertext/corpus_test.{name}_{lang}.xml"))
            text = _show(checkout, BERTALIGN_COMMIT, f"{base}/split/{name}.{lang}")
            if len(text.rstrip("\n").split("\n")) != len(ids):
                raise SystemExit(f"MAC-Test {name}.{lang}: split lines and InterText sentences differ")
            index[lang] = {s: k for k, s in enumerate(ids)}
            (MAC_TEST / f"{name}.{lang}").write_text(text, encoding="utf-8")
        links = _show(checkout, BERTALIGN_COMMIT, f"{base}/intertext/corpus_test.{name}_zh.{name}_en.xml")
        rows = []
        for targets in re.findall(r"xtargets='([^']*)'", links):
            en, zh = targets.split(";")
            zi = ",".join(str(index["zh"][s]) for s in zh.split())
            ei = ",".join(str(index["en"][s]) for s in en.split())
            rows.append(f"[{zi}]:[{ei}]")
        (MAC_TEST / f"{name}.align").write_text("\n".join(rows) + "\n", encoding="utf-8")
        n += 1
    return n


def build_news(checkout: Path) -> dict[str, int]:
    dev = {s.strip() for line in DEV_DATA.read_text(encoding="utf-8").splitlines() if line.strip() for s in json.loads(line)["zh"]}
    NEWS.mkdir(parents=True, exist_ok=True)
    counts = {}
    for year in ("18", "19", "20"):
        rows = list(
            csv.reader(_show(checkout, DAMO_COMMIT, f"{DAMO_DIR}/damo_mt_testsets_zh2en_news_wmt{year}.csv").splitlines(keepends=True))
        )[1:]
        kept = [{"zh": zh, "en": en} for zh, en in rows if zh.strip() and en.strip() and zh.strip() not in dev]
        (NEWS / f"wmt{year}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept), encoding="utf-8")
        counts[f"wmt{year}"] = len(kept)
    return counts


def build_stream(checkout: Path) -> int:
    text = _show(checkout, XGMJ_COMMIT, "newstest2018-zhen-src.zh.sgm")
    STREAM.write_text(text, encoding="utf-8")
    return len([line for line in text.splitlines() if line.strip()])


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bertalign", type=Path, help="a git checkout (or bare mirror) of bfsujason/bertalign")
    ap.add_argument("--damo", type=Path, help="a git checkout (or bare mirror) of philexohf/Practical_AI_with_PyTorch")
    ap.add_argument("--xgmj", type=Path, help="a git checkout (or bare mirror) of xiaoganmijiu/xgmj")
    args = ap.parse_args()
    if args.bertalign:
        print("MAC-Test passages:", build_mac_test(args.bertalign))
    if args.damo:
        print("news pairs:", build_news(args.damo))
    if args.xgmj:
        print("WMT18 source lines:", build_stream(args.xgmj))
