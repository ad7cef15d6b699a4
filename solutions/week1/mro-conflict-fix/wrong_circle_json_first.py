# wrong: puts the serialisation mixin before Shape, so Circle's MRO (and describe()) starts with JSONSerializable
import math


class Base:
    def describe(self):
        return ["Base"]

    def fetch(self, key, log):
        log.append(f"load:{key}")
        return key.upper()


# --- shapes ------------------------------------------------------------------

class Shape(Base):
    def describe(self):
        return ["Shape"] + super().describe()

    def area(self):
        return 0.0


class Serializable(Base):
    def describe(self):
        return ["Serializable"] + super().describe()

    def to_data(self):
        return {"type": type(self).__name__}


class JSONSerializable(Serializable):
    def describe(self):
        return ["JSONSerializable"] + super().describe()

    def to_data(self):
        data = super().to_data()
        data["format"] = "json"
        return data


class Circle(JSONSerializable, Shape):
    def __init__(self, r):
        self.r = r

    def describe(self):
        return ["Circle"] + super().describe()

    def area(self):
        return math.pi * self.r ** 2


# --- services ----------------------------------------------------------------

class Loggable(Base):
    def describe(self):
        return ["Loggable"] + super().describe()

    def fetch(self, key, log):
        log.append(f"log:{key}")
        return super().fetch(key, log)


class Cached(Base):
    def describe(self):
        return ["Cached"] + super().describe()

    def fetch(self, key, log):
        log.append(f"cache:{key}")
        return super().fetch(key, log)


class Repository(Loggable, Cached):
    def describe(self):
        return ["Repository"] + super().describe()


class Service(Loggable, Cached):
    def describe(self):
        return ["Service"] + super().describe()

    def serve(self, key):
        log = []
        return self.fetch(key, log), log


class App(Repository, Service):
    def describe(self):
        return ["App"] + super().describe()
