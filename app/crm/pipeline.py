"""The deal pipeline: ordered stages the user can add, rename, move and remove.

Stages are stored under English names ("Proposal"), the stable key imports and scripts match
on; the UI translates them. Deals keep the stage's name, so a rename updates its deals and a
removal asks where its deals go.
"""

from __future__ import annotations

from dataclasses import dataclass

import peewee as pw

from app.crm.errors import invalid_value
from app.crm.keys import fold
from app.errors import UsageError
from app.models.base import database_proxy
from app.models.crm import Deal, PipelineStage

DEFAULT_STAGES = (
    # name, win probability %, closed, won
    ("Qualification", 10, False, False),
    ("Needs Analysis", 25, False, False),
    ("Proposal", 50, False, False),
    ("Negotiation", 75, False, False),
    ("Closed Won", 100, True, True),
    ("Closed Lost", 0, True, False),
)


@dataclass
class StageView:
    name: str
    position: int
    probability: int
    closed: bool
    won: bool
    deals: int = 0


def ensure_pipeline() -> None:
    """Seed the default stages into an empty pipeline."""
    if PipelineStage.select().exists():
        return
    with database_proxy.atomic():
        for position, (name, probability, closed, won) in enumerate(DEFAULT_STAGES, 1):
            PipelineStage.create(name=name, position=position, probability=probability,
                                 closed=closed, won=won)


def _ordered() -> list[PipelineStage]:
    ensure_pipeline()
    return list(PipelineStage.select().order_by(PipelineStage.position, PipelineStage.id))


def stages() -> list[StageView]:
    counts = dict(Deal.select(Deal.stage, pw.fn.COUNT(Deal.id)).group_by(Deal.stage).tuples())
    return [StageView(s.name, s.position, s.probability, s.closed, s.won, counts.get(s.name, 0))
            for s in _ordered()]


def resolve_stage(text: str) -> PipelineStage:
    """A stage by name (case and width ignored) or by its position number."""
    ordered = _ordered()
    wanted = fold(text)
    for stage in ordered:
        if fold(stage.name) == wanted or (wanted.isdigit() and stage.position == int(wanted)):
            return stage
    names = ", ".join(s.name for s in ordered)
    raise invalid_value("stage", text, f"one of: {names}", f"次のいずれか: {names}")


def first_open_stage() -> PipelineStage:
    ordered = _ordered()
    return next((s for s in ordered if not s.closed), ordered[0])


def add_stage(name: str, position: int | None = None, probability: int = 0,
              closed: bool = False, won: bool = False) -> StageView:
    name = " ".join(name.split())
    if not name:
        raise UsageError("A stage needs a name", "ステージ名を指定してください")
    ordered = _ordered()
    if any(fold(s.name) == fold(name) for s in ordered):
        raise UsageError(f"There is already a stage '{name}'",
                         f"ステージ「{name}」はすでにあります")
    if not 0 <= probability <= 100:
        raise invalid_value("probability", str(probability), "0 to 100", "0〜100")
    with database_proxy.atomic():
        stage = PipelineStage.create(name=name, position=len(ordered) + 1,
                                     probability=probability, closed=closed, won=won)
        if position is not None:
            _reorder(stage, position)
    return next(s for s in stages() if s.name == name)


def rename_stage(old: str, new: str) -> StageView:
    stage = resolve_stage(old)
    new = " ".join(new.split())
    if not new:
        raise UsageError("A stage needs a name", "ステージ名を指定してください")
    clash = [s for s in _ordered() if fold(s.name) == fold(new) and s.id != stage.id]
    if clash:
        raise UsageError(f"There is already a stage '{new}'", f"ステージ「{new}」はすでにあります")
    with database_proxy.atomic():
        Deal.update(stage=new).where(Deal.stage == stage.name).execute()
        stage.name = new
        stage.save()
    return next(s for s in stages() if s.name == new)


def move_stage(name: str, position: int) -> list[StageView]:
    with database_proxy.atomic():
        _reorder(resolve_stage(name), position)
    return stages()


def _reorder(stage: PipelineStage, position: int) -> None:
    others = [s for s in _ordered() if s.id != stage.id]
    index = max(0, min(position - 1, len(others)))
    for number, item in enumerate([*others[:index], stage, *others[index:]], 1):
        PipelineStage.update(position=number).where(PipelineStage.id == item.id).execute()


def remove_stage(name: str, move_to: str | None = None) -> list[StageView]:
    stage = resolve_stage(name)
    in_use = Deal.select().where(Deal.stage == stage.name).count()
    target = resolve_stage(move_to) if move_to else None
    if target is not None and target.id == stage.id:
        raise UsageError("Move the deals to a different stage",
                         "商談の移動先には別のステージを指定してください")
    if in_use and target is None:
        raise UsageError(
            f"{in_use} deals are in '{stage.name}'; say where they go (--move-to STAGE)",
            f"「{stage.name}」には商談が{in_use}件あります。移動先を指定してください (--move-to)",
        )
    if len(_ordered()) == 1:
        raise UsageError("The pipeline needs at least one stage",
                         "パイプラインには少なくとも1つのステージが必要です")
    with database_proxy.atomic():
        if target is not None:
            Deal.update(stage=target.name).where(Deal.stage == stage.name).execute()
        stage.delete_instance()
        remaining = _ordered()
        for number, item in enumerate(remaining, 1):
            PipelineStage.update(position=number).where(PipelineStage.id == item.id).execute()
    return stages()

