package main

// runDemo is replaced by the real command when its issue lands.
var runDemo = pending("demo", "Everything together on loopback.")
