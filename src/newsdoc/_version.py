"""The version of newsdoc, in the one place the build and the command read it."""

__version__ = "0.1.0.dev0"
