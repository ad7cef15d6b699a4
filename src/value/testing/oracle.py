"""The pinned CPython as the reference of the differential tests.

Reads one JSON request per line on stdin and answers each with one JSON line
on stdout, so that a test pays for one interpreter start however many cases
it asks about. Values travel in grade's wire format (see src/value/mod.rs).
"""

import ast
import json
import pprint
import sys
import warnings

# `'\q'` is a valid literal that only warns; a warning must not decide a case.
warnings.simplefilter("ignore")
# grade holds ints of any size; the 4300-digit guard would only get in the way.
sys.set_int_max_str_digits(0)

# Every NaN is this one object, so that containers compare it by identity:
# grade's equality holds NaN equal to NaN, and so does `[NAN] == [NAN]`.
NAN = float("nan")


class Unsupported(Exception):
    """A Python value that a grade Value cannot hold."""


def decode(wire):
    if wire is None or type(wire) in (bool, str):
        return wire
    tag, *rest = wire
    if tag == "int":
        return int(rest[0])
    if tag == "float":
        x = float(rest[0])
        return NAN if x != x else x
    if tag == "bytes":
        return bytes.fromhex(rest[0])
    items = [decode(item) for item in rest]
    if tag == "list":
        return items
    if tag == "tuple":
        return tuple(items)
    if tag == "set":
        return set(items)
    if tag == "frozenset":
        return frozenset(items)
    if tag == "dict":
        return dict(zip(items[::2], items[1::2]))
    raise ValueError(f"unknown tag {tag!r}")


def encode(x):
    t = type(x)
    if x is None or t is bool:
        return x
    if t is str:
        try:
            x.encode("utf-8")
        except UnicodeEncodeError:
            raise Unsupported("a str holding a lone surrogate") from None
        return x
    if t is int:
        return ["int", str(x)]
    if t is float:
        return ["float", repr(x)]
    if t is bytes:
        return ["bytes", x.hex()]
    if t in (list, tuple, set, frozenset):
        return [t.__name__, *map(encode, x)]
    if t is dict:
        out = ["dict"]
        for key, value in x.items():
            out += [encode(key), encode(value)]
        return out
    raise Unsupported(t.__name__)


class Frozensets(ast.NodeTransformer):
    """grade's one extension of the grammar that the tests generate:
    `frozenset()` and `frozenset(<list, tuple or set literal>)`."""

    def visit_Call(self, node):
        self.generic_visit(node)
        if not (
            isinstance(node.func, ast.Name)
            and node.func.id == "frozenset"
            and not node.keywords
            and len(node.args) <= 1
        ):
            return node
        if not node.args:
            return ast.Constant(frozenset())
        arg = node.args[0]
        if (
            isinstance(arg, (ast.List, ast.Tuple, ast.Set))
            or isinstance(arg, ast.Call)
            and isinstance(arg.func, ast.Name)
            and arg.func.id == "set"
            or isinstance(arg, ast.Constant)
            and type(arg.value) is frozenset
        ):
            return ast.Constant(frozenset(ast.literal_eval(arg)))
        return node


class SortedSets(pprint.PrettyPrinter):
    """pprint with grade's one documented departure: sets are sorted even when
    they fit on a line (pprint sorts them only when it breaks them)."""

    def _safe_repr(self, object, context, maxlevels, level):
        if type(object) in (set, frozenset) and object:
            items = sorted(object, key=pprint._safe_key)
            body = ", ".join(self.format(x, context, maxlevels, level + 1)[0] for x in items)
            text = "{%s}" % body if type(object) is set else "frozenset({%s})" % body
            return text, True, False
        return super()._safe_repr(object, context, maxlevels, level)


def literal(request):
    """`ast.literal_eval` plus frozenset calls; `wrap` puts the text inside
    parentheses, where Python allows newlines between any two tokens."""
    src = request["src"]
    text = "(" + src + "\n)" if request.get("wrap") else src.lstrip(" \t")
    tree = ast.parse(text, mode="eval")
    # What grade cannot hold is refused wherever it is written, even where the value drops
    # it again ({0: 1j, 0: 2} is {0: 2}).
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant):
            if type(node.value) in (complex, type(...)):
                raise Unsupported(type(node.value).__name__)
            encode(node.value)
    value = ast.literal_eval(Frozensets().visit(tree))
    answer = {"repr": repr(value)}
    wire = encode(value)
    # serde_json reads at most 128 levels: deeper values are compared by repr alone.
    if depth(wire) < 100:
        answer["value"] = wire
    return answer


def depth(wire):
    if type(wire) is not list or wire[0] in ("int", "float", "bytes"):
        return 0
    return 1 + max(map(depth, wire[1:]), default=0)


def show(request):
    x = decode(request["value"])
    pretty = [SortedSets(width=width).pformat(x) for width in request["widths"]]
    return {"value": encode(x), "repr": repr(x), "pretty": pretty}


def equal(request):
    x, y = decode(request["a"]), decode(request["b"])
    # In a list, so that a NaN at the top is compared by identity as well.
    return {"value": encode(x), "other": encode(y), "equal": [x] == [y]}


OPS = {"literal": literal, "show": show, "equal": equal}

for line in sys.stdin.buffer:
    request = json.loads(line)
    try:
        answer = OPS[request["op"]](request)
    except Unsupported as error:
        answer = {"unsupported": str(error)}
    except Exception as error:
        answer = {"error": f"{type(error).__name__}: {error}"}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
