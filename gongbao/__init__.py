"""gongbao: Chinese government gazettes as a knowledge graph served over SPARQL."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("gongbao")
except PackageNotFoundError:  # running from a checkout that is not installed
    __version__ = "0.0.0+unknown"
