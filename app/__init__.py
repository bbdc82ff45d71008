"""HearingDesk (庭审助手): offline assistant for labour dispute arbitration hearings."""

__version__ = "0.1.0"
