"""Small process helpers shared by the database server and the app runner."""
