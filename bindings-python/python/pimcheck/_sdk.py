"""Host adapters: SDK model objects as the JSON their SDK would send.

The native module calls :func:`adapt` for any value that is not already JSON (a ``dict``,
``list``, ``str``, number, ...). What the JSON means is read by the core, never here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import timedelta
from typing import Any


def adapt(value: object) -> Any:
    """A JSON-like form of ``value`` (a ``dict``), or ``None`` when no adapter knows it.

    - ``azure-mgmt-*`` models (``RoleManagementPolicy``, ``RoleAssignmentScheduleRequest``, ...):
      their REST form, ``value.serialize(keep_readonly=True)`` (the read-only ``id``, ``name`` and
      ``type`` of a model read from the service are kept: ``type`` tells the request's level).
    - Kiota models of ``msgraph-sdk`` (``UnifiedRoleManagementPolicy``,
      ``UnifiedRoleAssignmentScheduleRequest``, ...): the SDK's own ``JsonSerializationWriter``,
      with durations in ISO 8601 and ``@odata.type`` named for derived types
      (:func:`_graph_writer_class`).
    - any other ``Mapping``: as a ``dict``.
    """
    if _is_kiota_model(value):
        return _kiota_json(value)
    serialize = getattr(value, "serialize", None)
    if callable(serialize) and hasattr(value, "_attribute_map"):
        return serialize(keep_readonly=True)
    if isinstance(value, Mapping):
        return dict(value)
    return None


def _is_kiota_model(value: object) -> bool:
    return callable(getattr(value, "get_field_deserializers", None)) and callable(
        getattr(value, "serialize", None)
    )


def _kiota_json(value: Any) -> Any:
    writer = _graph_writer_class()()
    writer.write_object_value(None, value)
    return json.loads(writer.get_serialized_content())


_GRAPH_WRITER: Any = None


def _graph_writer_class() -> Any:
    """The SDK's ``JsonSerializationWriter`` with two changes, for every model of the tree:

    - durations are written in ISO 8601 (``PT8H``), as Graph defines ``Edm.Duration``: the
      writer of kiota-serialization-json 1.x writes ``str(timedelta)`` (``8:00:00``), which the
      service does not read either (msgraph-sdk-python issue 1262). A duration given as a ``str``
      is written as given;
    - a model of a derived type (a rule, a schedule request) whose ``odata_type`` is unset gets
      ``@odata.type`` from its class, as Graph names it: it tells a rule's or a request's kind,
      and the SDK leaves it out unless it read it from a response.

    It hooks the writer's ``_serialize_value`` and ``_create_new_writer`` (the same in
    kiota-serialization-json 1.9 and 1.16; its public hook passes a different writer in each).
    """
    global _GRAPH_WRITER
    if _GRAPH_WRITER is None:
        from kiota_serialization_json.json_serialization_writer import JsonSerializationWriter

        class GraphJsonWriter(JsonSerializationWriter):  # type: ignore[misc]
            def _create_new_writer(self) -> Any:
                writer = super()._create_new_writer()
                writer.__class__ = GraphJsonWriter
                return writer

            def _serialize_value(self, temp_writer: Any, value: Any) -> None:
                cls = type(value)
                if _is_derived(cls) and getattr(value, "odata_type", "") is None:
                    name = cls.__name__
                    temp_writer.write_str_value(
                        "@odata.type", "#microsoft.graph." + name[:1].lower() + name[1:]
                    )
                super()._serialize_value(temp_writer, value)

            def write_timedelta_value(self, key: Any, value: Any) -> None:
                if isinstance(value, timedelta):
                    self.write_str_value(key, _iso_duration(value))
                else:
                    super().write_timedelta_value(key, value)

        _GRAPH_WRITER = GraphJsonWriter
    return _GRAPH_WRITER


def _iso_duration(value: timedelta) -> str:
    """``timedelta(days=1, hours=2)`` as ``P1DT2H``; negative as ``-P...``."""
    sign = "-" if value < timedelta(0) else ""
    micros = abs(value) // timedelta(microseconds=1)
    seconds, micros = divmod(micros, 1_000_000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    date = f"{days}D" if days else ""
    time = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if seconds or micros:
        time += f"{seconds}.{micros:06d}".rstrip("0").rstrip(".") + "S"
    if not date and not time:
        time = "0S"
    return f"{sign}P{date}" + (f"T{time}" if time else "")


def _is_derived(cls: type) -> bool:
    """Whether a model class derives from another model class (not only from ``Parsable``)."""
    for base in cls.__mro__[1:]:
        method = vars(base).get("get_field_deserializers")
        if method is not None and not getattr(method, "__isabstractmethod__", False):
            return True
    return False
