"""Errors a user can cause in the speech path; messages are shown as they are."""


class SpeechError(Exception):
    pass


class ModelError(SpeechError):
    """A model is missing, incomplete, unsafe to unpack or cannot be loaded."""


class AudioError(SpeechError):
    """An audio file is empty, corrupt, not audio, or in a codec we cannot decode."""


class Cancelled(SpeechError):
    pass
