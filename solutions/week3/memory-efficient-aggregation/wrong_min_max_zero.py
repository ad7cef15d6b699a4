# wrong: starts min and max at 0, so a name whose amounts are all positive (or all negative) gets a 0 bound; also counts comment lines out of the line numbers
def read_records(lines):
    number = 0
    for line in lines:
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        number += 1
        fields = text.split(",")
        if len(fields) != 2:
            raise ValueError(f"line {number}: expected 'name,amount', got {text!r}")
        name, amount = fields[0].strip(), fields[1].strip()
        try:
            value = int(amount)
        except ValueError:
            raise ValueError(f"line {number}: amount {amount!r} is not an integer") from None
        yield name, value


def aggregate(records):
    stats = {}
    for name, amount in records:
        s = stats.setdefault(name, [0, 0, 0, 0])
        s[0] += 1
        s[1] += amount
        s[2] = min(s[2], amount)
        s[3] = max(s[3], amount)
    return {name: tuple(s) for name, s in stats.items()}
