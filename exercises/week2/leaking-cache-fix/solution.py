"""Documents and a word-count cache.

BUG REPORT: the indexing service creates a Document for each file it reads,
counts its words through a shared WordCountCache, and drops the document.
Memory grows without bound: after a million files, every document ever read
is still in memory. Fix the leaks. The public API must not change:
`Document.lookup(name)` finds a document that is still in use (None
otherwise) and the cache must still compute each live document's count once.
"""


class Document:
    """A named text. Live documents can be found by name."""

    _registry = {}   # name -> Document

    def __init__(self, name, text):
        self.name = name
        self.text = text
        Document._registry[name] = self

    @classmethod
    def lookup(cls, name):
        """The live document called `name`, or None."""
        return cls._registry.get(name)

    def __repr__(self):
        return f"Document({self.name!r})"


class WordCountCache:
    """Caches the word count of each document."""

    def __init__(self):
        self._counts = {}       # Document -> int
        self.computations = 0   # how many counts were actually computed

    def word_count(self, doc):
        """Number of whitespace-separated words in doc.text (cached per document)."""
        if doc not in self._counts:
            self.computations += 1
            self._counts[doc] = len(doc.text.split())
        return self._counts[doc]

    def __len__(self):
        """Number of documents currently cached."""
        return len(self._counts)
