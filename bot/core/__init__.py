"""The domain: reports, questions, comparisons and their flags, as data. Pure: no I/O, no words."""
