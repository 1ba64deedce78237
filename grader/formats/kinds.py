"""``grader kinds``: the input recipes and check kinds, with their fields, as text."""

from __future__ import annotations

import inspect
import typing

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from grader import assignment
from grader.inputs import RECIPES


def kinds_text() -> str:
    lines = ["Input recipes (a function's `recipe:`; its cases give these fields):", ""]
    for name in sorted(RECIPES):
        recipe = RECIPES[name]
        lines.append(f"  {name}: {_first_line(recipe.draw)}")
        lines += _fields(recipe.params, "      ")
        lines.append("")
    lines += ["Check kinds (a function's `checks:`, by `kind:`; every kind also takes points, "
              "name and hidden):", ""]
    for model in check_models():
        kind = typing.get_args(model.model_fields["kind"].annotation)[0]
        lines.append(f"  {kind}: {_first_line(model)}")
        lines += _fields(model, "      ", skip={"kind", *assignment.CheckBase.model_fields})
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def check_models() -> list[type[BaseModel]]:
    """The spec models of the engine's check kinds, then of the loaded packs' own."""
    from grader.checks import MODELS

    return [*assignment.BUILTIN_CHECKS, *MODELS.values()]


def _first_line(obj) -> str:
    doc = inspect.getdoc(obj) or ""
    paragraph = doc.split("\n\n")[0]
    return " ".join(paragraph.split())


def _fields(model: type[BaseModel], indent: str, skip: set[str] = frozenset()) -> list[str]:
    out = []
    for name, field in model.model_fields.items():
        if name in skip:
            continue
        shown = field.alias or name
        kind = _type_name(field.annotation)
        if field.is_required():
            default = "required"
        elif field.default_factory is not None:
            default = f"default {field.default_factory()!r}"
        elif field.default is PydanticUndefined:
            default = "required"
        else:
            default = f"default {field.default!r}"
        text = f"{indent}{shown} ({kind}, {default})"
        if field.description:
            text += f": {field.description}"
        out.append(text)
    extra = model.model_config.get("extra")
    if extra == "allow":
        out.append(f"{indent}(any other key: a size, an integer the shapes name)")
    return out


def _type_name(annotation) -> str:
    text = getattr(annotation, "__name__", None) if not typing.get_args(annotation) else None
    return text or str(annotation).replace("typing.", "")
