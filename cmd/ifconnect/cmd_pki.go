package main

// runPki is replaced by the real command when its issue lands.
var runPki = pending("pki", "Development CA and certificates.")
