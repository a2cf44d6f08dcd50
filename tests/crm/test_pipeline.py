import pytest

from app.errors import UsageError
from app.services import crm


def test_default_pipeline(db):
    names = [s.name for s in crm.pipeline()]
    assert names == ["Qualification", "Needs Analysis", "Proposal", "Negotiation",
                     "Closed Won", "Closed Lost"]
    won = next(s for s in crm.pipeline() if s.name == "Closed Won")
    assert won.closed and won.won and won.probability == 100


def test_add_move_rename_and_remove_stages(db):
    contact = crm.add_record("contact", {"last_name": "Chen", "email": "chen@x.example"})
    crm.add_stage("Trial", position=3, probability=40)
    assert [s.name for s in crm.pipeline()][:4] == [
        "Qualification", "Needs Analysis", "Trial", "Proposal"]
    deal = crm.create_deal(contact.id, "x", stage="Trial")
    crm.rename_stage("trial", "Pilot")
    assert crm.list_records("deals")[0].stage == "Pilot"
    assert crm.move_stage("Pilot", 1)[0].name == "Pilot"
    with pytest.raises(UsageError) as refused:
        crm.remove_stage("Pilot")
    assert "--move-to" in refused.value.english
    stages = crm.remove_stage("Pilot", move_to="Proposal")
    assert "Pilot" not in [s.name for s in stages]
    assert [s.position for s in stages] == list(range(1, len(stages) + 1))
    assert crm.list_records("deals")[0].id == deal.id
    assert crm.list_records("deals")[0].stage == "Proposal"


def test_stage_names_are_unique_ignoring_case(db):
    with pytest.raises(UsageError):
        crm.add_stage("proposal")
    with pytest.raises(UsageError):
        crm.rename_stage("Proposal", "NEGOTIATION")
