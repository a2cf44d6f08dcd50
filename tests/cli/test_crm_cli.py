"""The `crm`, `export` and `import` commands as a user runs them, on the demo data."""

import json
import shutil

import pytest

from app.cli.main import run


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    home = tmp_path_factory.mktemp("crm-demo")
    assert run(["--home", str(home), "demo", "--json"]) == 0
    return home


@pytest.fixture
def kz(demo_template, tmp_path, capsys):
    """kz(*args) -> parsed JSON; kz.fail(code, *args) -> the one stderr line."""
    home = tmp_path / "home"
    shutil.copytree(demo_template, home)

    class Runner:
        def __call__(self, *args):
            code = run(["--home", str(home), *args, "--json"])
            out, err = capsys.readouterr()
            assert code == 0, err
            return json.loads(out)

        def text(self, *args):
            code = run(["--home", str(home), *args])
            out, err = capsys.readouterr()
            assert code == 0, err
            return out

        def fail(self, expected, *args):
            code = run(["--home", str(home), *args, "--json"])
            out, err = capsys.readouterr()
            assert (code, out) == (expected, "")
            assert err.count("\n") == 1 and err.startswith("kizuna: ")
            assert "Traceback" not in err
            return err

    return Runner()


def _lead_and_contact(kz):
    return kz("crm", "list", "leads")[0], kz("crm", "list", "contacts")[0]


def test_acceptance_deal_refused_on_a_lead_works_on_a_contact_and_shows_in_lookup(kz):
    lead, contact = _lead_and_contact(kz)
    err = kz.fail(2, "crm", "deal", "create", "--contact", lead["id"], "--name", "導入")
    assert "is a lead" in err and f"kizuna crm convert {lead['id']}" in err
    deal = kz("crm", "deal", "create", "--contact", contact["id"], "--name", "追加ライセンス",
              "--amount", "¥1,200,000", "--stage", "proposal", "--close-date", "2026-03-31")
    assert (deal["contact"], deal["amount"], deal["currency"], deal["stage"]) == (
        contact["id"], "1200000", "JPY", "Proposal")
    task = kz("crm", "log", "task", "--record", contact["id"], "--subject", "見積書の送付",
              "--due", "2026-03-20", "--deal", deal["id"], "--priority", "high")
    found = kz("crm", "lookup", contact["email"].upper())
    assert found["kind"] == "contact" and found["record"]["id"] == contact["id"]
    assert deal["id"] in [d["id"] for d in found["deals"]]
    assert task["id"] in [a["id"] for a in found["activities"]]
    assert found["emails"] and all(e["message_id"] for e in found["emails"])


def test_lookup_of_an_unknown_address(kz):
    assert kz("crm", "lookup", "nobody@nowhere.example") == {
        "email": "nobody@nowhere.example", "kind": None, "record": None, "deals": [],
        "activities": [], "emails": []}


def test_add_refuses_a_duplicate_naming_it_unless_allowed(kz):
    record = kz("crm", "add", "lead", "--email", "New.Person@Prospect.example",
                "--set", "last_name=新井", "--set", "first_name=結衣",
                "--set", "company=株式会社プロスペクト", "--set", "title=課長")
    assert {k: record[k] for k in ("kind", "last_name", "first_name", "email", "company",
                                   "title")} == {
        "kind": "lead", "last_name": "新井", "first_name": "結衣",
        "email": "new.person@prospect.example", "company": "株式会社プロスペクト",
        "title": "課長"}
    err = kz.fail(2, "crm", "add", "contact", "--email", "new.person@prospect.example")
    assert record["id"] in err and "--allow-duplicate" in err
    second = kz("crm", "add", "contact", "--email", "new.person@prospect.example",
                "--allow-duplicate")
    assert second["kind"] == "contact" and second["id"].startswith("C")


def test_add_from_a_japanese_message_prefills_from_the_signature(kz):
    messages = kz("messages", "list", "--folder", "INBOX", "--limit", "500")
    message = next(m for m in messages if m["from_addr"] == "s.watanabe@flower-design.example.jp")
    record = kz("crm", "add", "lead", "--from-message", str(message["id"]),
                "--set", "source=問い合わせメール")
    assert (record["last_name"], record["first_name"]) == ("渡辺", "さくら")
    assert record["company"] == "株式会社フラワーデザイン"
    assert record["phone"] == "03-6278-9012" and record["source"] == "問い合わせメール"
    timeline = kz("crm", "timeline", record["id"])
    assert message["id"] in [e["email"]["message_id"] for e in timeline if e["email"]]


def test_add_from_an_english_message(kz):
    messages = kz("messages", "list", "--folder", "INBOX", "--limit", "500")
    message = next(m for m in messages if m["from_addr"] == "dkim.consulting@freemail.example")
    record = kz("crm", "add", "contact", "--from-message", str(message["id"]))
    assert (record["last_name"], record["first_name"]) == ("Kim", "David")
    assert record["company"] == "Kim Consulting"
    assert (record["phone"] or record["mobile"]).startswith("+82")


def test_log_each_kind_and_tick_off_a_task(kz):
    _, contact = _lead_and_contact(kz)
    record = ["--record", contact["id"]]
    task = kz("crm", "log", "task", *record, "--subject", "フォロー", "--due", "2026-01-09")
    event = kz("crm", "log", "event", *record, "--subject", "訪問",
               "--start", "2026-01-10T14:00+09:00", "--location", "本社",
               "--attendee", contact["email"])
    call = kz("crm", "log", "call", *record, "--subject", "確認", "--direction", "inbound",
              "--duration", "5m")
    note = kz("crm", "log", "note", *record, "--subject", "メモ", "--body", "価格で比較中")
    assert (event["start"], event["end"]) == ("2026-01-10T05:00:00Z", "2026-01-10T06:00:00Z")
    assert (call["duration"], call["done"], note["body"]) == (300, True, "価格で比較中")
    assert kz("crm", "done", task["id"])["done"] is True
    assert kz("crm", "done", task["id"], "--undo")["done"] is False
    kz.fail(2, "crm", "done", note["id"])
    kz.fail(2, "crm", "log", "event", *record, "--subject", "no start")
    kz.fail(2, "crm", "log", "note", *record, "--subject", "x", "--due", "2026-01-01")


def test_convert_with_company_and_deal_keeps_the_timeline(kz):
    lead, _ = _lead_and_contact(kz)
    before = kz("crm", "timeline", lead["id"])
    result = kz("crm", "convert", lead["id"], "--company", "--deal", "スタンダードプラン",
                "--amount", "500000")
    contact = result["contact"]
    assert result["lead"]["status"] == "converted"
    assert result["lead"]["converted_to"] == contact["id"]
    assert result["company"]["name"] == lead["company"]
    assert result["deal"]["contact"] == contact["id"]
    after = kz("crm", "timeline", contact["id"])
    assert len(after) == len(before) > 0
    assert kz("crm", "timeline", lead["id"]) == []
    kz.fail(2, "crm", "convert", lead["id"])
    assert kz("crm", "deal", "create", "--contact", contact["id"], "--name", "x")["id"]


def test_ids_are_never_confused_across_kinds(kz):
    kz.fail(2, "crm", "show", "D1")
    kz.fail(2, "crm", "show", "12")
    kz.fail(4, "crm", "show", "C999")
    kz.fail(4, "crm", "show", "L999")
    kz.fail(2, "crm", "log", "task", "--record", "A1", "--subject", "x")
    kz.fail(2, "crm", "deal", "stage", "C1", "Proposal")
    kz.fail(2, "crm", "done", "C1")
    assert kz("crm", "show", "l1")["id"] == "L1"


def test_usage_errors_are_one_line(kz):
    kz.fail(2, "crm", "add", "lead", "--email", "not-an-address")
    kz.fail(2, "crm", "add", "lead", "--email", "a@b.example", "--set", "nonsense")
    kz.fail(2, "crm", "add", "lead", "--email", "a@b.example", "--set", "shoe=27")
    kz.fail(2, "crm", "deal", "stage", "D1", "Dreaming")
    kz.fail(2, "crm", "list", "activities", "--due", "someday")
    kz.fail(2, "crm", "update", "C1")


def test_lists_and_filters(kz):
    assert {d["stage"] for d in kz("crm", "list", "deals", "--open")}.isdisjoint(
        {"Closed Won", "Closed Lost"})
    companies = kz("crm", "list", "companies")
    assert companies and all(c["id"].startswith("O") for c in companies)
    for due in ("today", "overdue", "upcoming"):
        found = kz("crm", "list", "activities", "--due", due)
        assert all(a["kind"] in ("task", "event") and not a["done"] for a in found)
    assert kz("crm", "list", "activities", "--due", "overdue")
    qualified = kz("crm", "list", "leads", "--status", "qualified")
    assert qualified and {r["status"] for r in qualified} == {"qualified"}
    assert [r["email"] for r in kz("crm", "list", "contacts", "--query", "yamada")]


def test_pipeline_editing(kz):
    stages = kz("crm", "pipeline", "add", "Trial", "--position", "2", "--probability", "30")
    assert [s["name"] for s in stages][:2] == ["Qualification", "Trial"]
    renamed = kz("crm", "pipeline", "rename", "Proposal", "Quote")
    assert "Quote" in [s["name"] for s in renamed]
    assert all(d["stage"] != "Proposal" for d in kz("crm", "list", "deals"))
    kz.fail(2, "crm", "pipeline", "remove", "Quote")
    assert "Quote" not in [s["name"] for s in kz("crm", "pipeline", "remove", "Quote",
                                                 "--move-to", "Negotiation")]


def test_manual_link(kz):
    _, contact = _lead_and_contact(kz)
    messages = kz("messages", "list", "--limit", "500")
    unrelated = next(m for m in messages if m["from_addr"].startswith("newsletter@"))
    linked = kz("crm", "link", str(unrelated["id"]), contact["id"])
    assert linked == {"message": unrelated["id"], "records": [contact["id"]]}
    assert kz("crm", "link", str(unrelated["id"]), contact["id"], "--remove")["records"] == []
    kz.fail(4, "crm", "link", "999999", contact["id"])


def test_export_and_import_from_the_command_line(kz, tmp_path):
    out = tmp_path / "contacts.vcf"
    assert kz("export", "vcard", "--out", str(out), "--kind", "contacts")["count"] == 8
    assert out.read_text("utf-8").count("BEGIN:VCARD") == 8
    preview = kz("import", "vcard", str(out), "--dry-run")
    assert (preview["rows"], preview["new"], preview["duplicates"]) == (8, 0, 8)
    csv_file = tmp_path / "new.csv"
    csv_file.write_bytes("姓,名,メール,会社名\r\n新井,結衣,arai@prospect.example,プロスペクト\r\n"
                         .encode("cp932"))
    preview = kz("import", "csv", str(csv_file), "--dry-run")
    assert [m["field"] for m in preview["mapping"]] == ["last_name", "first_name", "email",
                                                         "company"]
    assert (preview["encoding"], preview["new"], preview["created"]) == ("cp932", 1, 0)
    done = kz("import", "csv", str(csv_file), "--kind", "contact")
    assert done["created"] == 1 and done["records"][0].startswith("C")
    ics = tmp_path / "crm.ics"
    assert kz("export", "ics", "--out", str(ics))["count"] > 0
    assert ics.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    kz.fail(4, "import", "csv", str(tmp_path / "missing.csv"))


def test_text_output_and_japanese_errors(kz, monkeypatch):
    assert "Qualification" in kz.text("crm", "pipeline")
    assert "not in the CRM" in kz.text("crm", "lookup", "nobody@nowhere.example")
    monkeypatch.setenv("KIZUNA_LANG", "ja")
    lead, _ = _lead_and_contact(kz)
    err = kz.fail(2, "crm", "deal", "create", "--contact", lead["id"], "--name", "x")
    assert "見込み客" in err and f"kizuna crm convert {lead['id']}" in err
