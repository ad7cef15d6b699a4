# wrong: reads __get__/__set__/__delete__ only from the descriptor type's own __dict__, missing those it inherits

_MISSING = object()


def _type_lookup(tp: type, name: str):
    """Find `name` in the __dict__ of the classes of tp.__mro__, without invoking anything.

    getattr(tp, name) would be wrong here: on a class it already runs the
    descriptor protocol (descriptor.__get__(None, tp)) and may return something
    else than what is stored.
    """
    for klass in tp.__mro__:
        if name in klass.__dict__:
            return klass.__dict__[name]
    return _MISSING


def _instance_dict(obj):
    try:
        return object.__getattribute__(obj, "__dict__")
    except AttributeError:  # __slots__ classes have no instance dict
        return None


def _resolve(obj, name: str):
    tp = type(obj)
    attr = _type_lookup(tp, name)
    getter = _MISSING
    if attr is not _MISSING:
        # Descriptor-ness is a property of the attribute's TYPE: special methods
        # are looked up on the type, never on the instance.
        attr_type = type(attr)
        getter = vars(attr_type).get("__get__", _MISSING)
        is_data = "__set__" in vars(attr_type) or "__delete__" in vars(attr_type)
        # 1. A data descriptor on the class wins over everything.
        if is_data and getter is not _MISSING:
            return "data descriptor", getter(attr, obj, tp)
    # 2. Then the instance's own __dict__.
    inst_dict = _instance_dict(obj)
    if inst_dict is not None and name in inst_dict:
        return "instance dict", inst_dict[name]
    if attr is not _MISSING:
        # 3. A non-data descriptor (functions: this is how methods get bound).
        if getter is not _MISSING:
            return "non-data descriptor", getter(attr, obj, tp)
        # 4. A plain class attribute (or a descriptor with __set__ but no __get__),
        #    returned as it is.
        return "class attribute", attr
    # 5. Nothing found: the __getattr__ hook, if the class defines one.
    hook = _type_lookup(tp, "__getattr__")
    if hook is not _MISSING:
        return "__getattr__", hook(obj, name)
    raise AttributeError(f"{tp.__name__!r} object has no attribute {name!r}")


def lookup(obj, name: str):
    """Return what `getattr(obj, name)` returns, computed by hand."""
    return _resolve(obj, name)[1]


def explain(obj, name: str) -> str:
    """Say which rule answers `obj.name`: 'data descriptor', 'instance dict',
    'non-data descriptor', 'class attribute' or '__getattr__'."""
    return _resolve(obj, name)[0]
