"""translate: approved translations first, then the cache, then a machine engine."""
