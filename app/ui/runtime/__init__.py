"""Qt adapters that run things: the task runner for database work, speech jobs, the live
recording worker, the microphone, and the guard that keeps garbage collection on the UI thread."""
