"""`duizhao entities|entity|timeline|figures|graph|candidates` end to end (in-process, real library)."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET

from tests.conftest import call


def test_json_outputs(db, capsys):
    code, out, _ = call(capsys, "--db", db, "entities", "--json")
    assert code == 0 and json.loads(out)[0]["mentions"] >= 1
    code, out, _ = call(capsys, "--db", db, "entity", "普丁", "--json")
    assert code == 0 and json.loads(out)["id"] == "putin"
    code, out, _ = call(
        capsys, "--db", db, "timeline", "--entity", "Putin", "--from", "2023-05-01", "--to", "2023-05-31", "--json"
    )
    events = json.loads(out)
    assert code == 0 and [e["date"] for e in events] == ["2023-05-10"] and len(events[0]["sources"]) == 2
    code, out, _ = call(capsys, "--db", db, "figures", "--measure", "coal", "--json")
    assert code == 0 and json.loads(out)[0]["display"] == "12 million tons"
    code, out, _ = call(capsys, "--db", db, "timeline", "--source", "Other Source", "--json")
    assert code == 0 and all(s["source"] == "Other Source" for e in json.loads(out) for s in e["sources"])


def test_human_output(db, capsys):
    code, out, _ = call(capsys, "--db", db, "entity", "Putin")
    assert code == 0 and "Vladimir Putin" in out and "普丁" in out


def test_bad_input_exits_2(db, capsys):
    code, out, err = call(capsys, "--db", db, "entity", "Nobody Atall", "--json")
    assert code == 2 and out == "" and "Nobody Atall" in err
    code, _, err = call(capsys, "--db", db, "timeline", "--from", "yesterday", "--json")
    assert code == 2 and "--from" in err


def test_graph_export(db, tmp_path, capsys):
    out_xml = tmp_path / "g.graphml"
    code, out, _ = call(capsys, "--db", db, "graph", "--format", "graphml", "-o", str(out_xml), "--json")
    assert code == 0 and json.loads(out)["edges"] >= 1
    root = ET.parse(out_xml).getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert root.findall(".//g:node[@id='putin']", ns) and root.findall(".//g:edge", ns)
    out_csv = tmp_path / "edges.csv"
    code, out, _ = call(capsys, "--db", db, "graph", "--format", "csv", "-o", str(out_csv), "--json")
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert code == 0 and any({r["Source"], r["Target"]} == {"putin", "xi_jinping"} and r["Weight"] == "2" for r in rows)


def test_candidates_and_confirm(db, capsys):
    code, out, _ = call(capsys, "--db", db, "candidates", "--json")
    assert code == 0 and any(c["en"] == "Heihe Highway Bridge" and c["zh"] == "黑河公路大桥" for c in json.loads(out))
    code, out, _ = call(
        capsys, "--db", db, "candidates", "confirm", "Heihe Highway Bridge", "--type", "place", "--json"
    )
    assert code == 0 and json.loads(out)["entity"]["id"] == "heihe_highway_bridge"
    code, out, _ = call(capsys, "--db", db, "entity", "黑河公路大桥", "--json")
    assert code == 0 and json.loads(out)["mention_count"] == 2


def test_ingest_published_anchors_relative_dates_and_unresolved_are_filterable(tmp_path, capsys):
    # Written for this test: a text file without a date of its own.
    src = tmp_path / "news.txt"
    src.write_text("昨天，代表团抵达北京。\n\nThe delegation arrived in Beijing yesterday.\n", encoding="utf-8")
    db = str(tmp_path / "pub.db")
    code, _out, err = call(capsys, "--db", db, "ingest", str(src), "--published", "2016-08-12", "--json")
    assert code == 0, err
    code, out, _ = call(capsys, "--db", db, "timeline", "--json")
    assert [(e["date"], e["unresolved"]) for e in json.loads(out)] == [("2016-08-11", False)]
    undated = tmp_path / "undated.txt"
    undated.write_text("明天，代表团将离开上海。\n\nThe delegation will leave Shanghai tomorrow.\n", encoding="utf-8")
    code, _out, err = call(capsys, "--db", db, "ingest", str(undated), "--json")
    assert code == 0, err
    code, out, _ = call(capsys, "--db", db, "timeline", "--unresolved", "only", "--json")
    rows = json.loads(out)
    assert [(e["date"], e["unresolved"], e["surface"]) for e in rows] == [(None, True, "明天")]
    code, out, _ = call(capsys, "--db", db, "timeline", "--unresolved", "exclude")
    assert code == 0 and "unresolved" not in out and "2016-08-11" in out
    code, out, _ = call(capsys, "--db", db, "timeline")
    assert "unresolved: 明天" in out


def test_ingest_published_must_be_a_date(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text("你好。\n\nHello.\n", encoding="utf-8")
    code, _out, err = call(capsys, "--db", str(tmp_path / "x.db"), "ingest", str(src), "--published", "12/08/2016")
    assert code == 2 and "YYYY-MM-DD" in err and "Traceback" not in err
    assert not (tmp_path / "x.db").exists()  # refused before any library is made
