# wrong: lets the forbidden inspect.getattr_static raise the AttributeError for a missing name
from inspect import getattr_static
_M = object()
def _find(tp, name):
    for k in tp.__mro__:
        if name in k.__dict__:
            return k.__dict__[name]
    return _M
def _resolve(obj, name):
    tp = type(obj)
    attr = _find(tp, name)
    getter = _M
    if attr is not _M:
        getter = _find(type(attr), '__get__')
        data = _find(type(attr), '__set__') is not _M or _find(type(attr), '__delete__') is not _M
        if data and getter is not _M:
            return 'data descriptor', getter(attr, obj, tp)
    try:
        d = object.__getattribute__(obj, '__dict__')
    except AttributeError:
        d = None
    if d is not None and name in d:
        return 'instance dict', d[name]
    if attr is not _M:
        if getter is not _M:
            return 'non-data descriptor', getter(attr, obj, tp)
        return 'class attribute', attr
    hook = _find(tp, '__getattr__')
    if hook is not _M:
        return '__getattr__', hook(obj, name)
    getattr_static(obj, name)
def lookup(o, n): return _resolve(o, n)[1]
def explain(o, n): return _resolve(o, n)[0]
