"""The command-line interface: a thin layer over :mod:`nohaven.jobs`."""
