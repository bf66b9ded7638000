"""What a run leaves for people: the report, the receipt sheet (QR, PDF), the timeline, which value went
where, and traces of failed attempts."""
