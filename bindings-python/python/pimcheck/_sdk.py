"""Host adapters: SDK model objects as the JSON their SDK would send.

The native module calls :func:`adapt` for any value that is not already JSON (a ``dict``,
``list``, ``str``, number, ...). What the JSON means is read by the core, never here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def adapt(value: object) -> Any:
    """A JSON-like form of ``value`` (a ``dict``), or ``None`` when no adapter knows it.

    - ``azure-mgmt-*`` models (``RoleManagementPolicy``, ``RoleAssignmentScheduleRequest``, ...):
      their REST form, ``value.serialize(keep_readonly=True)`` (the read-only ``id``, ``name`` and
      ``type`` of a model read from the service are kept: ``type`` tells the request's level).
    - Kiota models of ``msgraph-sdk`` (``UnifiedRoleManagementPolicy``,
      ``UnifiedRoleAssignmentScheduleRequest``, ...): the SDK's own ``JsonSerializationWriter``.
      A model of a derived type whose ``odata_type`` is unset gets ``@odata.type`` from its class,
      as Graph names it (``#microsoft.graph.unifiedRoleAssignmentScheduleRequest``): the class is
      what the caller said the object is.
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
    from kiota_serialization_json.json_serialization_writer import JsonSerializationWriter

    writer = JsonSerializationWriter()
    writer.on_start_object_serialization = _name_derived_type
    writer.write_object_value(None, value)
    return json.loads(writer.get_serialized_content())


def _name_derived_type(model: Any, writer: Any) -> None:
    """Writes ``@odata.type`` for a model of a derived type (a rule, a schedule request) whose
    ``odata_type`` is unset, as Graph names the class: it is what tells a rule's or a request's
    kind, and the SDK leaves it out unless it was read from a response that had it."""
    cls = type(model)
    derived = any(
        base is not cls and "get_field_deserializers" in vars(base) for base in cls.__mro__[1:]
    )
    if derived and getattr(model, "odata_type", "") is None:
        name = cls.__name__
        writer.write_str_value("@odata.type", "#microsoft.graph." + name[:1].lower() + name[1:])
