"""The command line: a thin layer over the application (`losses-bot --help`)."""
