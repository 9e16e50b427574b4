"""`python -m cli …` is the `werkmaatje` command without the installed console script."""
import sys

from cli.main import main

if __name__ == "__main__":
    sys.exit(main())
