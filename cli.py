"""Run gongbao's command line from a checkout: `python cli.py --help`."""

from gongbao.cli import main

if __name__ == "__main__":
    main()
