"""The command-line commands that do not start the app: export, import, agree, merge, stats.

They import neither Textual nor the app's screens, so they start quickly and can run where
there is no terminal.
"""
