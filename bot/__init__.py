"""一键办 (yijianban): one simplified form and one key press for bundled government filings."""

__version__ = "0.1.0"
