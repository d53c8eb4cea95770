"""``python -m nohaven``: the same as the ``nohaven`` command."""

from nohaven.cli.main import main

main()
