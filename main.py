"""Start Kizuna: `python main.py` opens the app, `python main.py --demo` the sample data."""

import sys

from app.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
