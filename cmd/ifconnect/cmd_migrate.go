package main

// runMigrate is replaced by the real command when its issue lands.
var runMigrate = pending("migrate", "Database schema migrations.")
