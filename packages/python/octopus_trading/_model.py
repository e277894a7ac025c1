"""The base of the generated models: construction from JSON, attribute access, back to dicts."""
import dataclasses
from typing import Any, ClassVar, Dict, Tuple, Type, TypeVar

T = TypeVar("T", bound="Model")


class Model:
    """A response object. Fields the spec does not (yet) name are kept in `extra`."""

    _schema: ClassVar[str] = ""
    _refs: ClassVar[Dict[str, Tuple[str, str]]] = {}
    _renamed: ClassVar[Dict[str, str]] = {}
    _registry: ClassVar[Dict[str, Any]] = {}

    @classmethod
    def from_dict(cls: Type[T], data: Any) -> T:
        if not isinstance(data, dict):
            raise TypeError(f"{cls.__name__}.from_dict expects an object, got {type(data).__name__}")
        names = {f.name for f in dataclasses.fields(cls)}
        kwargs: Dict[str, Any] = {}
        extra: Dict[str, Any] = {}
        for key, value in data.items():
            name = cls._renamed.get(key, key)
            if name not in names:
                extra[key] = value
                continue
            ref = cls._refs.get(name)
            if ref is not None and value is not None:
                target = cls._registry[ref[1]]
                if ref[0] == "list" and isinstance(value, list):
                    value = [target.from_dict(v) if isinstance(v, dict) else v for v in value]
                elif ref[0] == "one" and isinstance(value, dict):
                    value = target.from_dict(value)
            kwargs[name] = value
        for f in dataclasses.fields(cls):
            if f.name not in kwargs and f.default is dataclasses.MISSING:
                kwargs[f.name] = None  # a required field the server left out: tolerated, not invented
        obj = cls(**kwargs)
        object.__setattr__(obj, "extra", extra)
        return obj

    def to_dict(self) -> Dict[str, Any]:
        back = {v: k for k, v in self._renamed.items()}
        out: Dict[str, Any] = {}
        for f in dataclasses.fields(self):
            out[back.get(f.name, f.name)] = _plain(getattr(self, f.name))
        out.update(getattr(self, "extra", {}))
        return out

    def __getitem__(self, key: str) -> Any:
        """`quote["price"]` as well as `quote.price`, for code written against plain dicts."""
        name = self._renamed.get(key, key)
        if hasattr(self, name):
            return getattr(self, name)
        return getattr(self, "extra", {})[key]


def _plain(value: Any) -> Any:
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
