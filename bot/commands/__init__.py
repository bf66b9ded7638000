"""The CLI's commands beyond the form's (cli.py registers them): runs, hand-offs, reports."""
