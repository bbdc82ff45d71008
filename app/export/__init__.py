"""Word and text writers from plain data objects. No Qt, no ORM."""
