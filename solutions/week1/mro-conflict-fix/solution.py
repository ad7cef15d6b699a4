"""A small class library whose MRO conflicts are fixed (reference).

Two independent conflicts, two lessons:

1. Circle(Serializable, Shape, JSONSerializable): C3 keeps the order in which
   bases are listed, and every class must come before its own bases. Listing
   Serializable before its subclass JSONSerializable asks for both orders at
   once. A base that is already an ancestor of another listed base is
   redundant: drop it (or list it after its subclass).

2. App(Repository, Service) is where the error is raised, but the culprit is
   Service: Repository says "Loggable before Cached", Service says "Cached
   before Loggable", and App inherits both promises. Any class that combines
   the two must see one agreed order, so the two mixin lists must agree.
"""
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


# Serializable is still an ancestor, through JSONSerializable.
class Circle(Shape, JSONSerializable):
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


# Same order as Repository, so that a class inheriting both can exist.
class Service(Loggable, Cached):
    def describe(self):
        return ["Service"] + super().describe()

    def serve(self, key):
        log = []
        return self.fetch(key, log), log


class App(Repository, Service):
    def describe(self):
        return ["App"] + super().describe()
