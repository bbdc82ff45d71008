"""Offline speech recognition: Vosk engine, audio decoding, segmenting, Chinese clean-up. No Qt."""
